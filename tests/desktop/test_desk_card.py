"""The service card's lines fit the card: a long name or site shrinks, then is cut with
"…" (a tester's 阿卜杜热合曼·买买提艾力 printed as 阿卜杜热合曼·买, cut mid-character)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from desktop.desk.card import SMALLEST_SHARE, fit_text


def _painter(image: QImage) -> QPainter:
    image.fill(QColor("white"))
    return QPainter(image)


def test_a_long_line_shrinks_then_is_cut_with_an_ellipsis(qapp):
    image = QImage(600, 400, QImage.Format.Format_RGB32)
    painter = _painter(image)
    try:
        rect = QRectF(0, 0, 200, 60)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        short = fit_text(painter, rect, "李龙", QFont(), 30, flags=flags)
        assert short == "李龙" and painter.font().pixelSize() == 30
        name = "阿卜杜热合曼·买买提艾力·阿不都拉"
        shown = fit_text(painter, rect, name, QFont(), 30, flags=flags)
        assert painter.font().pixelSize() == round(30 * SMALLEST_SHARE)
        assert shown.endswith("…") and len(shown) < len(name)
        assert painter.boundingRect(rect, flags, shown).width() <= rect.width()
        site = "易地扶贫搬迁集中安置区紫阳镇幸福家园第三安置小区（二期）服务中心"
        wrap = flags | int(Qt.TextFlag.TextWordWrap)
        shown = fit_text(painter, QRectF(0, 0, 200, 60), site, QFont(), 24, flags=wrap)
        assert painter.boundingRect(QRectF(0, 0, 200, 60), wrap, shown).height() <= 60
    finally:
        painter.end()

