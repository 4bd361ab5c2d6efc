"""The 冲突 page: the county's queue of open sync conflicts, and their resolution.

Two devices that changed the same property of the same record before either synced
leave a conflict: every replica applies the same winner and keeps the others for the
county to review. The page lists the open conflicts a page at a time (village, property
and age filters, read in SQL by ``registry.county_conflicts``); the detail pane shows every
value side by side with who entered it, on which device, when, and the form submission it
came from. The officer adopts one value or types a new one (checked: a wrong value gets a
Chinese message naming the field and changes nothing); a delete conflict is settled by
保留 (keep the record) or 删除 (delete it). Each resolution is a ``CollectionOp`` calling
``registry.county`` (audited there, journaled, so it syncs back); the page redraws from the
runner's ``changed`` broadcast. ID numbers and phone numbers are shown masked, with the
positions where the versions differ (``第 9、12 位不同``: a typo in the middle digits masks
alike); a role allowed to reveal (``registry.accounts``) sees the selected version's full
value after a click on 显示完整值, audited (``registry.county_conflicts.reveal_version``),
for ``desktop.reveal.REVEAL_SECONDS``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import accounts_ops
from desktop.background import BackgroundRunner
from desktop.county import conflicts_ops as ops
from desktop.errors import error_text
from desktop.forms.catalog import shown_title
from desktop.i18n import is_english
from desktop.models import IdRole, SortRole, TableModel
from desktop.places import PlaceWatch, tip, village_cell
from desktop.redraw import Redraw
from desktop.reveal import REVEAL_SECONDS
from desktop.text import bracketed, fill, listed, word
from registry import accounts, audit
from registry.county_conflicts import (
    DELETED,
    ConflictFilter,
    ConflictRow,
    ConflictValue,
    ValueSource,
    differing_positions,
)
from registry.errors import NotFound, ValidationError
from registry.field_labels import field_label
from registry.places import PlaceNames

_CONTEXT = "ConflictModels"
PAGE_SIZE = 100
# Writes arriving within this time redraw the queue once.
RELOAD_DELAY_MS = 300
Index = QModelIndex | QPersistentModelIndex

LISTS = {
    "person": QT_TRANSLATE_NOOP("ConflictModels", "人员"),
    "household": QT_TRANSLATE_NOOP("ConflictModels", "家庭"),
    "post": QT_TRANSLATE_NOOP("ConflictModels", "公益性岗位"),
    "work_spell": QT_TRANSLATE_NOOP("ConflictModels", "务工经历"),
    "training": QT_TRANSLATE_NOOP("ConflictModels", "培训"),
}
WORDS = {
    "empty": QT_TRANSLATE_NOOP("ConflictModels", "（空）"),
    "yes": QT_TRANSLATE_NOOP("ConflictModels", "是"),
    "no": QT_TRANSLATE_NOOP("ConflictModels", "否"),
    "delete": QT_TRANSLATE_NOOP("ConflictModels", "删除该记录"),
    "deleted": QT_TRANSLATE_NOOP("ConflictModels", "删除还是保留记录"),
    "applied": QT_TRANSLATE_NOOP("ConflictModels", "当前采用"),
    "outvoted": QT_TRANSLATE_NOOP("ConflictModels", "未采用"),
    "direct": QT_TRANSLATE_NOOP("ConflictModels", "直接修改（无表单）"),
    "days": QT_TRANSLATE_NOOP("ConflictModels", "%1 天"),
    "version": QT_TRANSLATE_NOOP("ConflictModels", "版本 %1"),
    "edit": QT_TRANSLATE_NOOP("ConflictModels", "%1：%2"),
    "form": QT_TRANSLATE_NOOP("ConflictModels", "%1（版本 %2）"),
    "differ": QT_TRANSLATE_NOOP("ConflictModels", "%1（第 %2 位不同）"),
}
#: Age filter choices: (label, min days, max days).
AGES: tuple[tuple[str, int, int | None], ...] = (
    (QT_TRANSLATE_NOOP("ConflictsPage", "全部"), 0, None),
    (QT_TRANSLATE_NOOP("ConflictsPage", "3 天内"), 0, 3),
    (QT_TRANSLATE_NOOP("ConflictsPage", "超过 7 天"), 7, None),
    (QT_TRANSLATE_NOOP("ConflictsPage", "超过 30 天"), 30, None),
)
#: The fields shown masked (ID and phone numbers), with their mask.
MASKERS: dict[str, Callable[[str], str]] = dict(audit.REVEALABLE)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def prop_label(prop: str) -> str:
    """A property's label in the UI language (``registry.field_labels``; else its key)."""
    if prop == DELETED:
        return _tr(WORDS["deleted"])
    return field_label(prop, english=is_english())


def shown_value(value: ConflictValue, *, kind: str) -> str:
    """A version's value in words; ID and phone numbers masked."""
    if kind == "delete":
        if not value.winner:
            return _tr(WORDS["delete"])
        return fill(_tr(WORDS["edit"]), prop_label(value.prop), _plain(value.prop, value.value))
    return _plain(value.prop, value.value)


def _plain(prop: str, value: Any) -> str:
    if value is None or value == "":
        return _tr(WORDS["empty"])
    if isinstance(value, bool):
        return _tr(WORDS["yes"] if value else WORDS["no"])
    if isinstance(value, list | tuple):
        return listed(word(v) for v in value)
    masker = MASKERS.get(prop)
    return masker(str(value)) if masker else word(value)


def _when(value: ConflictValue) -> str:
    return value.entered.strftime("%Y-%m-%d %H:%M") if value.entered_ms else ""


class ConflictTableModel(TableModel):
    """Open conflicts: village, record, 户编号, property, the values, newest entry, days."""

    CONTEXT = _CONTEXT

    COL_VILLAGE, COL_SUBJECT, COL_HOUSEHOLD_NO, COL_PROP, COL_VALUES, COL_NEWEST, COL_AGE = (
        range(7))
    HEADERS = (
        QT_TRANSLATE_NOOP("ConflictModels", "村（居）"),
        QT_TRANSLATE_NOOP("ConflictModels", "对象"),
        QT_TRANSLATE_NOOP("ConflictModels", "户编号"),
        QT_TRANSLATE_NOOP("ConflictModels", "字段"),
        QT_TRANSLATE_NOOP("ConflictModels", "各方的值"),
        QT_TRANSLATE_NOOP("ConflictModels", "最近录入"),
        QT_TRANSLATE_NOOP("ConflictModels", "等待"),
    )
    _CELLS: tuple[Callable[[ConflictRow], Any], ...] = (
        lambda r: r.scope,  # shown as its place name (``data``)
        lambda r: r.label or _tr(LISTS.get(r.entity_list, r.entity_list)),
        lambda r: r.household_no,
        lambda r: prop_label(r.prop),
        lambda r: " / ".join(shown_value(v, kind=r.kind) for v in r.values),
        lambda r: max((_when(v) for v in r.values), default=""),
        lambda r: fill(_tr(WORDS["days"]), r.age_days),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.places: PlaceNames | None = None

    def set_rows(self, rows: tuple[ConflictRow, ...] | list[ConflictRow]) -> None:
        """Replace all rows."""
        self._replace(rows)

    def set_places(self, places: PlaceNames) -> None:
        """Show villages by name (the code in the tooltip)."""
        self.places = places
        if self._rows:
            self.dataChanged.emit(self.index(0, self.COL_VILLAGE),
                                  self.index(len(self._rows) - 1, self.COL_VILLAGE))

    def row_of(self, conflict_id: str) -> int:
        """The row showing ``conflict_id`` (-1 if none)."""
        return next((i for i, r in enumerate(self._rows) if r.conflict_id == conflict_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == IdRole:
            return row.conflict_id
        if index.column() == self.COL_VILLAGE and role in (
                Qt.ItemDataRole.DisplayRole, SortRole, Qt.ItemDataRole.ToolTipRole):
            shown = tip if role == Qt.ItemDataRole.ToolTipRole else village_cell
            return shown(self.places, row.scope)
        if role == SortRole:
            return row.age_days if index.column() == self.COL_AGE else self._CELLS[
                index.column()](row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._CELLS[index.column()](row)
        return None


class ValuesModel(QAbstractTableModel):
    """One conflict's values side by side: one column per version, one row per fact
    (the value, who entered it, the device, when, the form and submission, applied?)."""

    ROW_VALUE, ROW_USER, ROW_DEVICE, ROW_WHEN, ROW_FORM, ROW_SUBMISSION, ROW_STATE = range(7)
    FACTS = (
        QT_TRANSLATE_NOOP("ConflictModels", "值"),
        QT_TRANSLATE_NOOP("ConflictModels", "录入人"),
        QT_TRANSLATE_NOOP("ConflictModels", "设备"),
        QT_TRANSLATE_NOOP("ConflictModels", "录入时间"),
        QT_TRANSLATE_NOOP("ConflictModels", "表单"),
        QT_TRANSLATE_NOOP("ConflictModels", "提交编号"),
        QT_TRANSLATE_NOOP("ConflictModels", "状态"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.conflict: ConflictRow | None = None
        self._sources: dict[str, ValueSource] = {}
        self._titles: dict[str, str] = {}
        self._revealed: dict[str, str] = {}

    def set_conflict(self, row: ConflictRow | None) -> None:
        """Show ``row``'s values (sources unknown until ``set_sources``), all masked."""
        self.beginResetModel()
        self.conflict, self._sources, self._revealed = row, {}, {}
        self.endResetModel()

    def is_masked(self) -> bool:
        """Whether the conflict shown is over a masked field (an ID or phone number)."""
        return (self.conflict is not None and self.conflict.kind == "edit"
                and self.conflict.prop in MASKERS)

    def reveal(self, change_id: str, value: str) -> None:
        """Show ``value`` (read through the audited reveal) for the version ``change_id``."""
        self._revealed[change_id] = value
        self._values_changed()

    def revealed(self) -> bool:
        """Whether a full value is shown."""
        return bool(self._revealed)

    def hide_revealed(self) -> None:
        """Mask every value again."""
        self._revealed.clear()
        self._values_changed()

    def _values_changed(self) -> None:
        if self.conflict is not None and self.columnCount():
            self.dataChanged.emit(self.index(self.ROW_VALUE, 0),
                                  self.index(self.ROW_VALUE, self.columnCount() - 1))

    def set_sources(self, sources: dict[str, ValueSource],
                    titles: dict[str, str] | None = None) -> None:
        """The submission of each value, once read (and the forms' titles by form id)."""
        self._sources = dict(sources)
        self._titles = dict(titles or {})
        if self.conflict is not None and self.columnCount():
            self.dataChanged.emit(self.index(self.ROW_FORM, 0),
                                  self.index(self.ROW_SUBMISSION, self.columnCount() - 1))

    def value_at(self, column: int) -> ConflictValue:
        """The version shown in ``column``."""
        assert self.conflict is not None
        return self.conflict.values[column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.conflict is None else len(self.FACTS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.conflict is None else len(self.conflict.values)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return _tr(self.FACTS[section]) if 0 <= section < len(self.FACTS) else None
        return fill(_tr(WORDS["version"]), section + 1) if section < self.columnCount() else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.conflict is None:
            return None
        value = self.conflict.values[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._fact(index.row(), value)
        if role == IdRole:
            return value.change_id
        return None

    def _value_text(self, value: ConflictValue) -> str:
        assert self.conflict is not None
        if value.change_id in self._revealed:
            return self._revealed[value.change_id] or _tr(WORDS["empty"])
        text = shown_value(value, kind=self.conflict.kind)
        if not self.is_masked() or value.value in (None, ""):
            return text
        positions = differing_positions([str(v.value or "") for v in self.conflict.values])
        return fill(_tr(WORDS["differ"]), text, "、".join(map(str, positions))) if (
            positions) else text

    def _fact(self, fact: int, value: ConflictValue) -> str:
        assert self.conflict is not None
        source = self._sources.get(value.change_id)
        if fact == self.ROW_VALUE:
            return self._value_text(value)
        if fact == self.ROW_USER:
            return value.user
        if fact == self.ROW_DEVICE:
            return value.device
        if fact == self.ROW_WHEN:
            return _when(value)
        if fact == self.ROW_FORM:
            if source is None:
                return _tr(WORDS["direct"])
            title = self._titles.get(source.form_id)
            return fill(_tr(WORDS["form"]), shown_title(title) if title else source.form_id,
                        source.form_version)
        if fact == self.ROW_SUBMISSION:
            return source.instance_id if source else ""
        return _tr(WORDS["applied"] if value.winner else WORDS["outvoted"])


class ConflictsPage(QWidget):
    """The county's open conflicts (filtered, a page at a time) and their resolution."""

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.runner, self.today = runner, today
        self.offset, self.total = 0, 0
        self.model = ConflictTableModel(self)
        self.values = ValuesModel(self)
        self._build_filters()
        self._build_list()
        self._build_detail()
        self._layout()
        # a write or a sync: re-read soon if shown, else when shown again
        self.redraw = Redraw(runner, self, self.reload, lists=None, records=True,
                             delay_ms=RELOAD_DELAY_MS)
        self._read: ops.QueueRead | None = None
        self.places = PlaceWatch(runner, self, self._names)
        self.places.start()
        self.reload()

    # -- building ---------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.village = QComboBox()
        self.prop = QComboBox()
        self.age = QComboBox()
        for label, low, high in AGES:
            self.age.addItem(self.tr(label), (low, high))
        for combo in (self.village, self.prop, self.age):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._filter_changed)
        self.count = QLabel()
        self.previous = QPushButton(self.tr("上一页"))
        self.next = QPushButton(self.tr("下一页"))
        self.previous.clicked.connect(lambda: self._turn(-PAGE_SIZE))
        self.next.clicked.connect(lambda: self._turn(PAGE_SIZE))

    def _build_list(self) -> None:
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setResizeContentsPrecision(30)  # columns sized on 30 rows
        self.view.selectionModel().currentRowChanged.connect(self._selected)

    def _build_detail(self) -> None:
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.values_view = QTableView()
        self.values_view.setModel(self.values)
        self.values_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.values_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.values_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.values_view.horizontalHeader().setStretchLastSection(True)
        self.choose_button = QPushButton(self.tr("采用所选的值"))
        self.choose_button.clicked.connect(self._choose)
        self.new_value = QLineEdit()
        self.new_value.setPlaceholderText(self.tr("或输入新值"))
        self.new_value.returnPressed.connect(self._type)
        self.type_button = QPushButton(self.tr("采用新值"))
        self.type_button.clicked.connect(self._type)
        self.reveal_button = QPushButton(self.tr("显示完整值"))
        self.reveal_button.clicked.connect(self._reveal_clicked)
        self.role = ""  # the acting user's role, read again for each conflict shown
        self._hide_timer = QTimer(self, singleShot=True, interval=REVEAL_SECONDS * 1000)
        self._hide_timer.timeout.connect(self.hide_values)
        self.keep_button = QPushButton(self.tr("保留记录"))
        self.keep_button.clicked.connect(lambda: self._settle(keep=True))
        self.delete_button = QPushButton(self.tr("删除记录"))
        self.delete_button.clicked.connect(lambda: self._settle(keep=False))
        self.message = QLabel()  # why the last resolution was refused (cleared per conflict)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.notice = QLabel()  # what the last resolution did (stays as the list redraws)
        self.notice.setStyleSheet("color: green")

    def _layout(self) -> None:
        top = QHBoxLayout()
        for label, combo in ((self.tr("村（居）"), self.village), (self.tr("字段"), self.prop),
                             (self.tr("等待"), self.age)):
            top.addWidget(QLabel(label))
            top.addWidget(combo)
        top.addStretch(1)
        top.addWidget(self.notice)
        top.addWidget(self.count)
        top.addWidget(self.previous)
        top.addWidget(self.next)
        detail = QGroupBox(self.tr("各方的值"))
        box = QVBoxLayout(detail)
        box.addWidget(self.title)
        box.addWidget(self.values_view, 1)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.choose_button)
        edit_row.addWidget(self.reveal_button)
        edit_row.addWidget(self.new_value, 1)
        edit_row.addWidget(self.type_button)
        box.addLayout(edit_row)
        delete_row = QHBoxLayout()
        delete_row.addWidget(self.keep_button)
        delete_row.addWidget(self.delete_button)
        delete_row.addStretch(1)
        box.addLayout(delete_row)
        box.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        hint = QLabel(self.tr("两台设备在同步前改了同一字段：各设备已暂用同一个值，请核实后确定。"
                              "处理结果随下次同步发到所有设备。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: gray")
        layout.addWidget(hint)
        self._show_detail(None)

    # -- reading ------------------------------------------------------------------------

    def filters(self) -> ConflictFilter:
        """The filter the controls describe."""
        low, high = self.age.currentData() or (0, None)
        return ConflictFilter(village=self.village.currentData() or "",
                              prop=self.prop.currentData() or "", min_age_days=low,
                              max_age_days=high)

    def reload(self) -> None:
        """Read the current page again (DB thread), then show it."""
        ops.read_queue(self.runner, self, filters=self.filters(), today=self.today(),
                       limit=PAGE_SIZE, offset=self.offset).without_progress(
                       ).success(self._show).run()

    def _show(self, read: ops.QueueRead) -> None:
        chosen = self._current_id()
        if not read.page.rows and self.offset and read.page.total:
            self.offset = max(0, (read.page.total - 1) // PAGE_SIZE * PAGE_SIZE)
            self.reload()
            return
        self.total, self._read = read.page.total, read
        self.model.set_rows(read.page.rows)
        self._fill_villages(read.villages)
        self._fill_combo(self.prop, read.props, prop_label)
        self._show_count()
        self.previous.setEnabled(self.offset > 0)
        self.next.setEnabled(self.offset + PAGE_SIZE < self.total)
        self.view.resizeColumnsToContents()
        row = max(0, self.model.row_of(chosen)) if chosen else 0
        if self.model.rowCount():
            self.view.selectRow(row)
            self._selected(self.model.index(row, 0))
        else:
            self._show_detail(None)

    def _show_count(self) -> None:
        if self.total:
            self.count.setText(fill(self.tr("共 %n 条冲突，第 %1–%2 条", "", self.total),
                                    self.offset + 1, self.offset + self.model.rowCount()))
        else:  # not "共 0 条冲突，第 0–0 条"
            self.count.setText(self.tr("没有符合条件的冲突"))

    def _names(self, places: PlaceNames) -> None:
        """Names were read (or changed): show them in the list, filter and title."""
        self.model.set_places(places)
        if self._read is not None:
            self._fill_villages(self._read.villages)
        if self.values.conflict is not None:
            self._title(self.values.conflict)
        self.view.resizeColumnToContents(ConflictTableModel.COL_VILLAGE)

    def _fill_villages(self, counts: dict[str, int]) -> None:
        places = self.places.places
        self._fill_combo(self.village, counts, lambda code: village_cell(places, code))
        for i in range(1, self.village.count()):
            self.village.setItemData(i, tip(places, self.village.itemData(i)),
                                     Qt.ItemDataRole.ToolTipRole)

    def _fill_combo(self, combo: QComboBox, counts: dict[str, int],
                    label: Callable[[str], str]) -> None:
        chosen = combo.currentData() or ""
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("全部"), "")
        for key, count in counts.items():
            combo.addItem(bracketed(label(key), count), key)
        if chosen and combo.findData(chosen) < 0:
            combo.addItem(bracketed(label(chosen), 0), chosen)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)

    def _current_id(self) -> str:
        conflict = self.values.conflict
        return conflict.conflict_id if conflict else ""

    def _selected(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.row_at(index.row())
        if self.values.conflict != row:
            self._show_detail(row)

    def _show_detail(self, row: ConflictRow | None) -> None:
        self._hide_timer.stop()
        self.values.set_conflict(row)
        self._update_reveal()
        if self.values.is_masked():  # the role is read each time: it may have changed
            accounts_ops.my_role(self.runner, self).without_progress().success(
                self._set_role).run()
        self.message.clear()
        self.new_value.clear()
        is_edit = row is not None and row.kind == "edit"
        for widget in (self.choose_button, self.new_value, self.type_button):
            widget.setVisible(row is None or is_edit)
            widget.setEnabled(is_edit)
        for widget in (self.keep_button, self.delete_button):
            widget.setVisible(row is not None and not is_edit)
        if row is None:
            self.title.setText(self.tr("没有待处理的冲突。"))
            return
        self._title(row)
        winner = next((c for c, v in enumerate(row.values) if v.winner), 0)
        self.values_view.selectColumn(winner)
        self.values_view.resizeColumnsToContents()
        ops.read_sources(self.runner, self, row).without_progress().success(
            lambda sources, shown=row: self._sources(shown, sources)).run()

    def _title(self, row: ConflictRow) -> None:
        self.title.setText(fill(self.tr("%1 %2 · %3 · 村（居）%4"), row.label,
                                row.household_no, prop_label(row.prop),
                                village_cell(self.places.places, row.scope)))
        self.title.setToolTip(tip(self.places.places, row.scope))

    def _sources(self, row: ConflictRow, sources: ops.Sources) -> None:
        if self.values.conflict == row:
            self.values.set_sources(sources.by_change, sources.titles)
            self.values_view.resizeColumnsToContents()

    # -- revealing ----------------------------------------------------------------------

    def _set_role(self, role: str) -> None:
        self.role = role
        self._update_reveal()

    def _update_reveal(self) -> None:
        masked, allowed = self.values.is_masked(), accounts.may(self.role, "reveal")
        self.reveal_button.setVisible(masked)
        self.reveal_button.setEnabled(masked and allowed)
        self.reveal_button.setText(self.tr("隐藏完整值") if self.values.revealed()
                                   else self.tr("显示完整值"))
        self.reveal_button.setToolTip(
            fill(self.tr("显示所选版本的完整号码 %1 秒（每次查看都记入审计日志）"), REVEAL_SECONDS)
            if allowed else self.tr("只有审核员/第一书记或县级管理员可以查看完整号码"))

    def _reveal_clicked(self) -> None:
        if self.values.revealed():
            self.hide_values()
            return
        columns = self.values_view.selectionModel().selectedColumns()
        row = self.values.conflict
        if row is None or not columns:
            self.message.setText(self.tr("请先在上表中选中一列（一个版本）。"))
            return
        self.reveal_version(columns[0].column())

    def reveal_version(self, column: int) -> None:
        """Show the full value of the version in ``column`` (audited on the DB thread)."""
        row = self.values.conflict
        if row is None or not self.values.is_masked():
            return
        change_id = self.values.value_at(column).change_id
        ops.reveal_version(self.runner, self, row, change_id).success(
            lambda value: self._revealed(row, change_id, value)).failure(self._failed).run()

    def _revealed(self, row: ConflictRow, change_id: str, value: str) -> None:
        if self.values.conflict != row:  # another conflict was opened meanwhile
            return
        self.values.reveal(change_id, value)
        self.values_view.resizeColumnsToContents()
        self._hide_timer.start()
        self._update_reveal()

    def hide_values(self) -> None:
        """Mask the revealed values again."""
        self._hide_timer.stop()
        self.values.hide_revealed()
        self._update_reveal()

    # -- resolving ----------------------------------------------------------------------

    def choose(self, column: int) -> None:
        """Settle the conflict shown with the value in ``column``."""
        row = self.values.conflict
        if row is None or row.kind != "edit":
            return
        value = self.values.value_at(column)
        self._resolve(row, ops.choose_value(self.runner, self, row, value.value),
                      self.tr("已采用所选的值。"))

    def _choose(self) -> None:
        columns = self.values_view.selectionModel().selectedColumns()
        if columns:
            self.choose(columns[0].column())
        else:
            self.message.setText(self.tr("请先在上表中选中一列（一个版本）。"))

    def _type(self) -> None:
        row = self.values.conflict
        if row is None or row.kind != "edit":
            return
        self._resolve(row, ops.type_value(self.runner, self, row, self.new_value.text()),
                      self.tr("已采用新值。"))

    def _settle(self, *, keep: bool) -> None:
        row = self.values.conflict
        if row is None or row.kind != "delete":
            return
        done = self.tr("已保留该记录。") if keep else self.tr("已删除该记录。")
        self._resolve(row, ops.settle(self.runner, self, row, keep=keep), done)

    def _resolve(self, row: ConflictRow, job: Any, done: str) -> None:
        """Run a resolution of ``row``; its actions wait until the write has ended."""
        self._set_actions_enabled(False)
        job.success(lambda _changes: self._done(row, done)).failure(self._failed).run()

    def _set_actions_enabled(self, enabled: bool) -> None:
        is_edit = enabled and self.values.conflict is not None \
            and self.values.conflict.kind == "edit"
        for widget in (self.choose_button, self.new_value, self.type_button):
            widget.setEnabled(is_edit)
        for widget in (self.keep_button, self.delete_button):
            widget.setEnabled(enabled)

    def _done(self, row: ConflictRow, text: str) -> None:
        """``row`` is settled: drop it from the list now and show the conflict that takes
        its place (the list is read again from the runner's broadcast; until then a click
        must not reach the settled conflict and be told someone else settled it)."""
        self.message.clear()
        self.notice.setText(text)
        place = self.model.row_of(row.conflict_id)
        shown = self.values.conflict
        if place < 0:
            self._set_actions_enabled(True)
            return
        self.model.set_rows([r for r in self.model.rows() if r.conflict_id != row.conflict_id])
        self.total = max(0, self.total - 1)
        self._show_count()
        self.next.setEnabled(self.offset + PAGE_SIZE < self.total)
        if shown is not None and shown != row:  # another conflict was opened meanwhile
            self.view.selectRow(max(0, self.model.row_of(shown.conflict_id)))
            self._set_actions_enabled(True)
        elif self.model.rowCount():
            place = min(place, self.model.rowCount() - 1)
            self.view.selectRow(place)
            self._selected(self.model.index(place, 0))
        else:
            self._show_detail(None)

    def _failed(self, exc: BaseException) -> None:
        self._set_actions_enabled(True)
        self.notice.clear()
        if isinstance(exc, ValidationError):
            field = exc.field.rpartition(".")[2]
            message = exc.message_en if is_english() else exc.message_zh
            self.message.setText(fill(self.tr("%1：%2（未作任何修改）"), prop_label(field), message))
        elif isinstance(exc, NotFound):  # settled by a sync meanwhile: show the queue now
            self.notice.setText(self.tr("该冲突已由他人处理。"))
            self.reload()
        else:
            self.message.setText(error_text(exc, english=is_english()))

    # -- redrawing ----------------------------------------------------------------------

    def _filter_changed(self) -> None:
        self.offset = 0
        self.reload()

    def _turn(self, step: int) -> None:
        self.offset = max(0, self.offset + step)
        self.reload()
