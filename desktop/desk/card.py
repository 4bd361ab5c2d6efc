"""The printed service card: name, the QR code of the service code, the code in text, the site.

One painting function draws the card on any paint device: a PDF file (``QPdfWriter``), a
printer (``QPrinter`` after ``QPrintDialog``) or an image (screenshots). The QR code
(segno) holds the random service code only, never the ID number or name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import segno
from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtPrintSupport import QPrinter

#: ID-1 card size (as a bank card), in millimetres.
CARD_MM = QSizeF(85.6, 54.0)
QUIET_MODULES = 2


@dataclass(frozen=True)
class Card:
    """What one card shows."""

    name: str
    code: str
    site: str


def qr_matrix(code: str) -> list[list[bool]]:
    """The QR modules (dark = True) of a service code, without the quiet zone."""
    qr = segno.make_qr(code, error="m")
    return [[bool(cell) for cell in row] for row in qr.matrix]


def paint_card(painter: QPainter, rect: QRectF, card: Card) -> QRectF:
    """Draw the card into ``rect`` (device pixels); return where the QR code was drawn."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.fillRect(rect, QColor("white"))
    unit = rect.height() / 54.0  # one millimetre
    pad = 4 * unit
    painter.setPen(QColor("#1f5f99"))
    painter.drawRect(rect.adjusted(unit, unit, -unit, -unit))
    qr_rect = _paint_qr(painter, QRectF(rect.left() + pad, rect.top() + 10 * unit,
                                        38 * unit, 38 * unit), card.code)
    text_left = qr_rect.right() + 3 * unit
    text_width = rect.right() - pad - text_left
    title = QCoreApplication.translate("desk_card", "就业帮扶服务卡")
    _text(painter, QRectF(rect.left() + pad, rect.top() + 2.5 * unit, rect.width() - 2 * pad,
                          7 * unit), title, 4.2 * unit, bold=True, color="#1f5f99")
    _text(painter, QRectF(text_left, rect.top() + 12 * unit, text_width, 9 * unit),
          card.name, 5.5 * unit, bold=True)
    _text(painter, QRectF(text_left, rect.top() + 23 * unit, text_width, 5 * unit),
          QCoreApplication.translate("desk_card", "服务码"), 2.8 * unit, color="#555555")
    _text(painter, QRectF(text_left, rect.top() + 28 * unit, text_width, 6 * unit),
          card.code, 3.4 * unit, mono=True)
    _text(painter, QRectF(text_left, rect.top() + 37 * unit, text_width, 10 * unit),
          card.site, 3.0 * unit, wrap=True)
    painter.restore()
    return qr_rect


def _paint_qr(painter: QPainter, box: QRectF, code: str) -> QRectF:
    matrix = qr_matrix(code)
    modules = len(matrix) + 2 * QUIET_MODULES
    size = int(box.width() / modules) * modules or box.width()
    cell = size / modules
    origin_x, origin_y = box.left(), box.top()
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(QRectF(origin_x + (x + QUIET_MODULES) * cell,
                                        origin_y + (y + QUIET_MODULES) * cell, cell, cell),
                                 QColor("black"))
    return QRectF(origin_x, origin_y, size, size)


#: How small a line of the card may shrink to fit (a share of its size) before it is cut
#: with an ellipsis: a long name (阿卜杜热合曼·买买提) or site name must not run off the card.
SMALLEST_SHARE = 0.6


def _text(painter: QPainter, rect: QRectF, text: str, size: float, *, bold: bool = False,
          mono: bool = False, wrap: bool = False, color: str = "black") -> None:
    font = QFont("monospace" if mono else painter.font().family())
    if mono:
        font.setStyleHint(QFont.StyleHint.Monospace)
    font.setBold(bold)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    if wrap:
        flags |= Qt.TextFlag.TextWordWrap
    shown = fit_text(painter, rect, text, font, size, flags=int(flags))
    painter.setPen(QColor(color))
    painter.drawText(rect, int(flags), shown)


def fit_text(painter: QPainter, rect: QRectF, text: str, font: QFont, size: float, *,
             flags: int) -> str:
    """Set on ``painter`` the largest ``font`` size, down to ``SMALLEST_SHARE`` of
    ``size``, at which ``text`` fits ``rect``; return the text to draw (cut with "…" when
    it does not fit even then)."""
    pixels = max(1, round(size))
    smallest = max(1, round(size * SMALLEST_SHARE))

    def fits(shown: str) -> bool:
        needed = painter.boundingRect(rect, flags, shown)
        return needed.width() <= rect.width() and needed.height() <= rect.height()

    while True:
        font.setPixelSize(pixels)
        painter.setFont(font)
        if fits(text) or pixels <= smallest:
            break
        pixels -= 1
    if fits(text):
        return text
    low, high = 0, len(text)  # the longest start that fits with "…" after it
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(text[:middle] + "…") else (low, middle - 1)
    return text[:low] + "…"


def _card_layout() -> QPageLayout:
    return QPageLayout(QPageSize(CARD_MM, QPageSize.Unit.Millimeter, "card"),
                       QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))


def write_card_pdf(card: Card, path: Path, *, dpi: int = 300) -> Path:
    """The card as a one-page PDF of the card's size."""
    writer = QPdfWriter(str(path))
    writer.setResolution(dpi)
    writer.setPageLayout(_card_layout())
    writer.setTitle(QCoreApplication.translate("desk_card", "就业帮扶服务卡"))
    writer.setCreator("Bangfu")
    painter = QPainter(writer)
    try:
        paint_card(painter, QRectF(0, 0, writer.width(), writer.height()), card)
    finally:
        painter.end()
    return path


def print_card(card: Card, printer: QPrinter) -> None:
    """Print the card at its real size in the top-left corner of the printer's page."""
    painter = QPainter(printer)
    try:
        dpi = printer.resolution()
        size = QSizeF(CARD_MM.width() / 25.4 * dpi, CARD_MM.height() / 25.4 * dpi)
        paint_card(painter, QRectF(0, 0, size.width(), size.height()), card)
    finally:
        painter.end()


def card_image(card: Card, *, dpi: int = 200) -> QImage:
    """The card as an image (screenshots, and to read the QR modules back in tests)."""
    width = round(CARD_MM.width() / 25.4 * dpi)
    height = round(CARD_MM.height() / 25.4 * dpi)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_card(painter, QRectF(0, 0, width, height), card)
    finally:
        painter.end()
    return image
