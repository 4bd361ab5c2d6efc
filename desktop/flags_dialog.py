"""The flags panel: what the county server found in this device's scope.

The server flags a person whose ID number another person already holds (two
registrations of one person, or a typing error) and changes stamped by a device whose
clock is ahead. The flags are fetched after each sync and kept in the profile
(``desktop.sync_state``); the panel resolves them to names and 户编号 of this profile, ID
numbers masked, and says what to do. Double-clicking a row emits ``open_household``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.background import BackgroundRunner, QueryOp
from desktop.models import IdRole, SortRole, TableModel
from desktop.sync_state import MAX_FLAGS, FlagRow, flag_rows, load_flags
from desktop.text import fill, listed

Index = QModelIndex | QPersistentModelIndex
_CONTEXT = "FlagTableModel"
KIND_LABELS = {
    "duplicate_id_number": QT_TRANSLATE_NOOP("FlagTableModel", "身份证号重复"),
    "clock_ahead": QT_TRANSLATE_NOOP("FlagTableModel", "设备时钟超前"),
}


DETAILS = {
    "duplicate_id_number": QT_TRANSLATE_NOOP(
        "FlagTableModel", "证件号 %1 已登记在：%2。请核对是否同一人重复登记或号码录错。"),
    "clock_ahead": QT_TRANSLATE_NOOP(
        "FlagTableModel", "修改记录的时间比县服务器快约 %1 分钟：请校准本机日期和时间。"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def read_flags(runner: BackgroundRunner, parent: QWidget | None
               ) -> QueryOp[tuple[list[FlagRow], int]]:
    """The open flags resolved against this profile, and how many the profile keeps (open
    or closed here: at ``MAX_FLAGS`` older ones were dropped) (DB thread)."""
    return QueryOp(runner, parent, lambda store: (flag_rows(store), len(load_flags(store))))


def describe(row: FlagRow) -> str:
    """The flag's facts in words (masked)."""
    if row.kind == "duplicate_id_number":
        others = listed(row.others) or "?"
        return fill(_tr(DETAILS[row.kind]), row.id_number or "?", others)
    if row.kind == "clock_ahead":
        minutes = round((row.ahead_ms or 0) / 60000)
        return fill(_tr(DETAILS[row.kind]), minutes)
    return row.kind


class FlagTableModel(TableModel):
    """Flags: kind, whom (name), 户编号, masked ID number, what to do."""

    CONTEXT = _CONTEXT
    COL_KIND, COL_NAME, COL_HOUSEHOLD_NO, COL_ID_NUMBER, COL_DETAIL = range(5)
    HEADERS = (
        QT_TRANSLATE_NOOP("FlagTableModel", "类型"),
        QT_TRANSLATE_NOOP("FlagTableModel", "对象"),
        QT_TRANSLATE_NOOP("FlagTableModel", "户编号"),
        QT_TRANSLATE_NOOP("FlagTableModel", "证件号"),
        QT_TRANSLATE_NOOP("FlagTableModel", "说明"),
    )

    def set_rows(self, rows: list[FlagRow]) -> None:
        """Replace all rows."""
        self._replace(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == IdRole:
            return row.household_id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_DETAIL:
            return describe(row)
        if role not in (Qt.ItemDataRole.DisplayRole, SortRole):
            return None
        column = index.column()
        if column == self.COL_KIND:
            return _tr(KIND_LABELS.get(row.kind, row.kind)) if role != SortRole else row.kind
        values = {self.COL_NAME: row.name, self.COL_HOUSEHOLD_NO: row.household_no,
                  self.COL_ID_NUMBER: row.id_number, self.COL_DETAIL: describe(row)}
        return values[column]


class FlagsDialog(QDialog):
    """The server's flags, read on the DB thread; double-click opens the household."""

    open_household = Signal(str)

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner  # held: a collected runner drops the read's outcome
        self.setWindowTitle(self.tr("县服务器发现的问题"))
        self.model = FlagTableModel(self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(SortRole)
        self.view = QTableView()
        self.view.setModel(proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._open)
        note = QLabel(self.tr("这些问题由县服务器在同步时发现。双击一行打开该户，核对后在表单中更正；"
                              "更正同步后，问题由县里核销。"))
        note.setWordWrap(True)
        # said when the profile holds as many flags as it keeps: older ones were dropped
        self.kept = QLabel(fill(self.tr("本机只保留最新的 %1 条；更早的问题请向县里查询。"), MAX_FLAGS))
        self.kept.setStyleSheet("color: #8a5a00")
        self.kept.setVisible(False)
        buttons = QDialogButtonBox()
        buttons.addButton(QPushButton(self.tr("关闭")), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.kept)
        layout.addWidget(buttons)
        self.resize(1000, 380)
        read_flags(self.runner, self).without_progress().success(self._show).run()

    def _show(self, read: tuple[list[FlagRow], int]) -> None:
        rows, kept = read
        self.model.set_rows(rows)
        self.kept.setVisible(kept >= MAX_FLAGS)
        self.view.resizeColumnsToContents()
        metrics = self.view.fontMetrics()
        for column in range(FlagTableModel.COL_DETAIL):  # room for wide CJK glyphs
            widest = max((metrics.horizontalAdvance(str(self.model.index(r, column).data()))
                          for r in range(min(self.model.rowCount(), 50))), default=0)
            self.view.setColumnWidth(column, max(self.view.columnWidth(column), widest + 16))

    def _open(self, index: QModelIndex) -> None:
        household_id = index.data(IdRole)
        if household_id:
            self.open_household.emit(household_id)
