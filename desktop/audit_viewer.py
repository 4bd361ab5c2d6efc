"""审计日志: the audit entries of this profile (after sync, at the county: every device's),
filtered by user, action and date range, exported to CSV or xlsx (the export audited).

``AuditModel`` is the table model; ``AuditDialog`` the filters, table and export. Only a
role that may read the audit gets entries (``registry.audit.read`` refuses the others).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import accounts_ops
from desktop.accounts_dialog import field_error
from desktop.background import BackgroundRunner
from desktop.text import fill
from registry import audit
from registry.errors import ValidationError

Index = QModelIndex | QPersistentModelIndex
_CONTEXT = "audit"
_DAY_MS = 24 * 3600 * 1000
# The audit's Chinese words, for lupdate (tests check they match ``registry.audit``).
HEADER_TEXT = (
    QT_TRANSLATE_NOOP("audit", "时间"),
    QT_TRANSLATE_NOOP("audit", "用户"),
    QT_TRANSLATE_NOOP("audit", "设备"),
    QT_TRANSLATE_NOOP("audit", "操作"),
    QT_TRANSLATE_NOOP("audit", "对象"),
    QT_TRANSLATE_NOOP("audit", "结果"),
    QT_TRANSLATE_NOOP("audit", "详情"),
)
RESULT_TEXT = {"ok": QT_TRANSLATE_NOOP("audit", "成功"), "denied": QT_TRANSLATE_NOOP("audit", "拒绝"),
               "failed": QT_TRANSLATE_NOOP("audit", "失败")}
# The detail's words (``registry.audit.DETAIL_KEYS``, ``DETAIL_VALUES``), for lupdate.
DETAIL_TEXT = (
    QT_TRANSLATE_NOOP("audit", "角色"),
    QT_TRANSLATE_NOOP("audit", "遮蔽"),
    QT_TRANSLATE_NOOP("audit", "行数"),
    QT_TRANSLATE_NOOP("audit", "字段"),
    QT_TRANSLATE_NOOP("audit", "卡片数"),
    QT_TRANSLATE_NOOP("audit", "已登记用户"),
    QT_TRANSLATE_NOOP("audit", "解锁后补记"),
    QT_TRANSLATE_NOOP("audit", "并入的记录"),
    QT_TRANSLATE_NOOP("audit", "变更数"),
    QT_TRANSLATE_NOOP("audit", "原辖区"),
    QT_TRANSLATE_NOOP("audit", "方式"),
    QT_TRANSLATE_NOOP("audit", "密钥指纹"),
    QT_TRANSLATE_NOOP("audit", "查重字段"),
    QT_TRANSLATE_NOOP("audit", "人员"),
    QT_TRANSLATE_NOOP("audit", "属性"),
    QT_TRANSLATE_NOOP("audit", "保留"),
    QT_TRANSLATE_NOOP("audit", "来自已合并记录"),
    QT_TRANSLATE_NOOP("audit", "错误"),
    QT_TRANSLATE_NOOP("audit", "曾被吊销"),
    QT_TRANSLATE_NOOP("audit", "类别"),
    QT_TRANSLATE_NOOP("audit", "月份"),
    QT_TRANSLATE_NOOP("audit", "区域"),
    QT_TRANSLATE_NOOP("audit", "格式"),
    QT_TRANSLATE_NOOP("audit", "发现问题"),
    QT_TRANSLATE_NOOP("audit", "页数"),
    QT_TRANSLATE_NOOP("audit", "是"),
    QT_TRANSLATE_NOOP("audit", "否"),
    QT_TRANSLATE_NOOP("audit", "录入员"),
    QT_TRANSLATE_NOOP("audit", "审核员/第一书记"),
    QT_TRANSLATE_NOOP("audit", "县级管理员"),
    QT_TRANSLATE_NOOP("audit", "身份证号"),
    QT_TRANSLATE_NOOP("audit", "手机号"),
    QT_TRANSLATE_NOOP("audit", "监护人电话"),
    QT_TRANSLATE_NOOP("audit", "删除"),
    QT_TRANSLATE_NOOP("audit", "县级恢复密钥"),
    QT_TRANSLATE_NOOP("audit", "；"),
    QT_TRANSLATE_NOOP("audit", "："),
)
# The targets in words (``registry.audit.TARGETS``), for lupdate.
TARGET_TEXT = (
    QT_TRANSLATE_NOOP("audit", "服务卡"),
    QT_TRANSLATE_NOOP("audit", "台账"),
    QT_TRANSLATE_NOOP("audit", "村级劳动力月度台账"),
    QT_TRANSLATE_NOOP("audit", "乡镇月度变动汇总"),
    QT_TRANSLATE_NOOP("audit", "全国防返贫监测信息系统人员信息"),
    QT_TRANSLATE_NOOP("audit", "补贴发放名册"),
)
ACTION_TEXT = {
    "login": QT_TRANSLATE_NOOP("audit", "登录"),
    "unlock_failed": QT_TRANSLATE_NOOP("audit", "解锁失败"),
    "reveal": QT_TRANSLATE_NOOP("audit", "查看完整号码"),
    "export": QT_TRANSLATE_NOOP("audit", "导出"),
    "print": QT_TRANSLATE_NOOP("audit", "打印"),
    "sync": QT_TRANSLATE_NOOP("audit", "同步"),
    "usb_bundle": QT_TRANSLATE_NOOP("audit", "U盘数据包"),
    "claim_override": QT_TRANSLATE_NOOP("audit", "强制认领"),
    "conflict_resolution": QT_TRANSLATE_NOOP("audit", "处理冲突"),
    "merge": QT_TRANSLATE_NOOP("audit", "合并重复"),
    "user_add": QT_TRANSLATE_NOOP("audit", "添加用户"),
    "user_remove": QT_TRANSLATE_NOOP("audit", "删除用户"),
    "passphrase_change": QT_TRANSLATE_NOOP("audit", "修改密码"),
    "role_change": QT_TRANSLATE_NOOP("audit", "修改角色"),
    "recovery": QT_TRANSLATE_NOOP("audit", "县级恢复密钥解锁"),
    "recovery_slot": QT_TRANSLATE_NOOP("audit", "添加恢复槽"),
    "audit_export": QT_TRANSLATE_NOOP("audit", "导出审计日志"),
    "not_duplicate": QT_TRANSLATE_NOOP("audit", "标记非同一人"),
    "dedup_rule": QT_TRANSLATE_NOOP("audit", "修改查重规则"),
    "device_admin": QT_TRANSLATE_NOOP("audit", "管理设备"),
}


def _word(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class AuditModel(QAbstractTableModel):
    """Audit entries as rows of ``registry.audit.HEADERS``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[audit.Entry] = []
        self._cells: list[tuple[str, ...]] = []

    def set_entries(self, entries: list[audit.Entry]) -> None:
        """Show ``entries`` (newest first)."""
        self.beginResetModel()
        self.entries = list(reversed(entries))
        self._cells = [audit.row_of(e) for e in self.entries]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(audit.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._cells):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            cell = self._cells[index.row()][index.column()]
            if index.column() == 6:
                return audit.detail_text(self.entries[index.row()].detail, _word)
            if index.column() == 5:
                cell = RESULT_TEXT.get(cell, cell)
            return QCoreApplication.translate(_CONTEXT, cell) if index.column() in (3, 4, 5) else cell
        if role == Qt.ItemDataRole.ForegroundRole and self.entries[index.row()].result != "ok":
            from PySide6.QtGui import QBrush, QColor

            return QBrush(QColor("#b00020"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(audit.HEADERS)):
            return QCoreApplication.translate(_CONTEXT, audit.HEADERS[section])
        return None


def date_filters(first: str, last: str) -> dict[str, int]:
    """``since_ms``/``until_ms`` of the days typed (YYYY-MM-DD, Beijing; both inclusive).

    ``ValidationError`` naming ``audit.from`` or ``audit.to`` for a bad date."""
    found: dict[str, int] = {}
    for key, text, field, extra in (("since_ms", first, "audit.from", 0),
                                    ("until_ms", last, "audit.to", _DAY_MS)):
        if text.strip():
            try:
                found[key] = audit.day_start_ms(text.strip()) + extra
            except ValidationError as exc:
                raise ValidationError(field, exc.message_zh, exc.message_en) from None
    if "since_ms" in found and "until_ms" in found and found["until_ms"] <= found["since_ms"]:
        raise ValidationError("audit.to", "截止日期不能早于起始日期", "the last day is before the first")
    return found


class AuditDialog(QDialog):
    """Filters (user, action, from, to), the entries, and 导出…"""

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(self.tr("审计日志"))
        self.model = AuditModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.user = QComboBox()
        self.user.setEditable(True)
        self.user.addItem(self.tr("全部用户"), None)
        self.action = QComboBox()
        self.action.addItem(self.tr("全部操作"), None)
        for key, label in audit.ACTIONS.items():
            self.action.addItem(QCoreApplication.translate(_CONTEXT, label), key)
        self.first, self.last = QLineEdit(), QLineEdit()
        for box in (self.first, self.last):
            box.setPlaceholderText("YYYY-MM-DD")
            box.setMaximumWidth(110)
            box.returnPressed.connect(self.reload)
        self.search_button = QPushButton(self.tr("查询"))
        self.search_button.clicked.connect(self.reload)
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.clicked.connect(self.ask_export)
        self.status = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self._layout()
        accounts_ops.users(runner, self).success(self._add_users).run()
        self.reload()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for label, widget in ((self.tr("用户"), self.user), (self.tr("操作"), self.action),
                              (self.tr("从"), self.first), (self.tr("到"), self.last)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search_button)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        note = QLabel(self.tr("审计记录只增不改；除记录编号和遮蔽后的号码外不含个人信息。"
                              "县里在各设备同步后可看到全县的记录。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        layout.addWidget(note)
        self.resize(1000, 560)

    def _add_users(self, users: list[tuple[str, str]]) -> None:
        for user, _role in users:
            self.user.addItem(user, user)

    def filters(self) -> dict[str, Any]:
        """The filters chosen (``registry.audit.entries`` keywords); ``ValidationError``
        naming the date field for a bad date."""
        found: dict[str, Any] = date_filters(self.first.text(), self.last.text())
        user = self.user.currentText().strip()
        if user and user != self.user.itemText(0):
            found["user"] = user
        if self.action.currentData() is not None:
            found["action"] = self.action.currentData()
        return found

    def reload(self) -> None:
        """Read the entries matching the filters."""
        try:
            wanted = self.filters()
        except ValidationError as exc:
            self._failed(exc)
            return
        self.error.clear()
        accounts_ops.audit_entries(self.runner, self, **wanted).success(self._show).failure(
            self._failed).run()

    def _show(self, entries: list[audit.Entry]) -> None:
        self.model.set_entries(entries)
        self.view.resizeColumnsToContents()
        self.status.setText(self.tr("共 %n 条", "", len(entries)))
        self.export_button.setEnabled(bool(entries))

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(field_error(exc, passphrase_field=""))
        self.status.clear()

    def ask_export(self) -> None:
        """导出…: ask where, then write the entries shown."""
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("导出审计日志"), "audit.xlsx", self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, out: Path) -> None:
        """Write the entries shown to ``out`` (.csv or .xlsx); the export is audited."""
        accounts_ops.export_audit(self.runner, self, list(reversed(self.model.entries)),
                                  out).success(
            lambda n: self.status.setText(fill(self.tr("已导出 %n 条到 %1", "", n), out.name))
        ).failure(self._failed).run()
