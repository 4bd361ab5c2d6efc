"""本月走访: the month's follow-up work list of the village workspace.

Progress "已走访 x / y", filters (state, village group, labour class, work status, alert), the
list paged and filtered in SQL (``registry.worklist``), and one click (the 走访登记 button,
Enter or a double-click) to the follow-up form for the selected person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import village_ops
from desktop.background import BackgroundRunner
from desktop.form_for import FOLLOWUP, FormPerson, open_for_person, who_text
from desktop.models import IdRole, RowsModel, SortRole
from desktop.ops import touches
from desktop.places import PlaceWatch, tip, village_cell
from desktop.text import fill, word
from registry.places import PlaceNames
from registry.store import Changes
from registry.worklist import DUE, NOT_REQUIRED, OVERDUE, VISITED, WorkFilter, WorkRow, WorkView

Index = QModelIndex | QPersistentModelIndex

STATE_TEXT = {
    VISITED: QT_TRANSLATE_NOOP("worklist", "已走访"),
    DUE: QT_TRANSLATE_NOOP("worklist", "待走访"),
    OVERDUE: QT_TRANSLATE_NOOP("worklist", "逾期"),
    NOT_REQUIRED: QT_TRANSLATE_NOOP("worklist", "不需走访"),
}
#: (text, background) of each state's tag: words first, colour only beside them.
STATE_COLOURS = {VISITED: ("#1b5e20", "#e8f5e9"), DUE: ("#8a4b00", "#fff3e0"),
                 OVERDUE: ("#b71c1c", "#ffebee"), NOT_REQUIRED: ("#555555", "#f0f0f0")}
HouseholdRole = Qt.ItemDataRole.UserRole + 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("worklist", text)


#: The 本月走访 bar: a grey track with a green fill and the share inside, so that a month
#: barely begun reads as progress, not as an empty input box (Fusion's white frame did).
BAR_STYLE = ("QProgressBar { border: 1px solid #9e9e9e; border-radius: 4px; background: #e0e0e0;"
             " text-align: center; min-height: 18px; max-height: 18px }"
             " QProgressBar::chunk { background: #66bb6a; border-radius: 3px }")

class WorkListModel(RowsModel):
    """The month's work list, paged in SQL: ``fetchMore`` asks for the next page."""

    PAGE = 200
    (COL_STATE, COL_NAME, COL_HEAD, COL_NUMBER, COL_GROUP, COL_LABOUR, COL_WORK,
     COL_LAST_VISIT) = range(8)
    WORDS = frozenset({COL_LABOUR, COL_WORK})
    HEADERS = (
        QT_TRANSLATE_NOOP("models", "状态"),
        QT_TRANSLATE_NOOP("models", "姓名"),
        QT_TRANSLATE_NOOP("models", "户主"),
        QT_TRANSLATE_NOOP("models", "户编号"),
        QT_TRANSLATE_NOOP("models", "村民小组"),
        QT_TRANSLATE_NOOP("models", "劳动技能"),
        QT_TRANSLATE_NOOP("models", "务工状态"),
        QT_TRANSLATE_NOOP("models", "上次走访"),
    )
    CELLS: ClassVar[tuple[Callable[[WorkRow], Any], ...]] = (
        lambda r: r.state,
        lambda r: r.name,
        lambda r: r.head_name,
        lambda r: r.household_no,
        lambda r: r.group,
        lambda r: r.labour_class,
        lambda r: r.work_status,
        lambda r: r.last_visit,
    )

    def __init__(self, parent: Any = None, *, fetch: Callable[[int], None] | None = None
                 ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._more = self._waiting = False

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: WorkRow = self._rows[index.row()]
        if index.column() == self.COL_STATE:
            if role == Qt.ItemDataRole.DisplayRole:
                return _tr(STATE_TEXT[row.state])
            if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
                text, back = STATE_COLOURS[row.state]
                return QBrush(QColor(text if role == Qt.ItemDataRole.ForegroundRole else back))
        if role == HouseholdRole:
            return row.household_id
        return super().data(index, role)

    def set_rows(self, rows: Sequence[Any], *, more: bool = False) -> None:
        """Show ``rows`` as the whole list (``more``: further pages may follow)."""
        super().set_rows(rows)
        self._more, self._waiting = more, False

    def add_page(self, offset: int, rows: Sequence[WorkRow]) -> None:
        """Take the page read for ``offset`` (a stale answer is dropped)."""
        more = len(rows) == self.PAGE
        if offset == 0:
            self.set_rows(rows, more=more)
            return
        if offset != self.rowCount() or not self._waiting:
            return
        if not rows:
            self._more = self._waiting = False
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()
        self._more, self._waiting = more, False

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return (not parent.isValid() and self._fetch is not None and self._more
                and not self._waiting)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if self.canFetchMore(parent):
            self._waiting = True
            assert self._fetch is not None
            self._fetch(self.rowCount())


class _Table(QTableView):
    """Enter on a row means "record the follow-up"."""

    activated_row = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit()
            return
        super().keyPressEvent(event)


class WorklistPage(QWidget):
    """本月走访; ``open_household(id)`` asks the workspace to show a household page."""

    open_household = Signal(str)
    counted = Signal(str)  #: the navigation count ("26": still to visit)

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.runner, self._today = runner, today
        self.model = WorkListModel(self, fetch=self._fetch)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16px; font-weight: bold")
        self.progress_label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFormat("%p%")  # the share inside, beside 已走访 x / y
        self.bar.setStyleSheet(BAR_STYLE)
        self.bar.setMinimumWidth(160)
        self.bar.setMaximumWidth(220)
        self.state_buttons = QButtonGroup(self)
        self.group_box, self.labour_box, self.work_box = QComboBox(), QComboBox(), QComboBox()
        #: 村（居）: shown when the scope's rows span more than one village
        self.village_box = QComboBox()
        self.village_box.setVisible(False)
        self._villages: list[str] = []
        self.alert_box = QComboBox()
        self.alert_box.addItem(self.tr("预警：全部"), False)
        self.alert_box.addItem(self.tr("仅有预警的"), True)
        self.find = QLineEdit()
        self.find.setPlaceholderText(self.tr("查找姓名或户编号"))
        self.find.setClearButtonEnabled(True)
        self.view = _Table()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.followup_button = QPushButton(self.tr("走访登记"))
        self.household_button = QPushButton(self.tr("打开农户"))
        self.total = QLabel()
        self._state = ""
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._build()
        self._connect()
        self.places = PlaceWatch(runner, self, self._names)
        self.places.start()
        self.reload()

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.progress_label)
        top.addWidget(self.bar)
        filters = QHBoxLayout()
        for state, text in (("", QT_TRANSLATE_NOOP("worklist", "全部")), *(
                (s, STATE_TEXT[s]) for s in (OVERDUE, DUE, VISITED, NOT_REQUIRED))):
            button = QPushButton(_tr(text))
            button.setCheckable(True)
            button.setProperty("state", state)
            button.setChecked(not state)
            self.state_buttons.addButton(button)
            filters.addWidget(button)
        filters.addStretch(1)
        narrow = QHBoxLayout()
        for box in (self.village_box, self.group_box, self.labour_box, self.work_box,
                    self.alert_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            narrow.addWidget(box)
        narrow.addWidget(self.find, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total)
        bottom.addStretch(1)
        bottom.addWidget(self.household_button)
        bottom.addWidget(self.followup_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(narrow)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.followup_button.setMinimumHeight(32)
        self.followup_button.setDefault(True)

    def _connect(self) -> None:
        self.state_buttons.buttonClicked.connect(self._state_clicked)
        for box in (self.village_box, self.group_box, self.labour_box, self.work_box,
                    self.alert_box):
            box.activated.connect(lambda _i: self.reload_rows())
        self.find.textChanged.connect(lambda _t: self._timer.start())
        self._timer.timeout.connect(self.reload_rows)
        self.followup_button.clicked.connect(self.record_followup)
        self.household_button.clicked.connect(self._open_household)
        self.view.activated_row.connect(self.record_followup)
        self.view.doubleClicked.connect(lambda _i: self.record_followup())
        self.runner.changed.connect(self.redraw)

    # -- reading -------------------------------------------------------------------------
    def filter(self) -> WorkFilter:
        """What the filters ask for now."""
        return WorkFilter(state=self._state, village=self.village_box.currentData() or "",
                          group=self.group_box.currentData() or "",
                          labour_class=self.labour_box.currentData() or "",
                          work_status=self.work_box.currentData() or "",
                          text=self.find.text().strip())

    def reload(self) -> None:
        """Read the first page, the progress and the filters' choices (one pass)."""
        self.reload_rows()

    def reload_rows(self) -> None:
        """Read the first page again with the current filters."""
        self._fetch(0)

    def _fetch(self, offset: int) -> None:
        village_ops.work_page(self.runner, self, today=self._today(), wanted=self.filter(),
                              alerts_only=bool(self.alert_box.currentData()),
                              limit=self.model.PAGE, offset=offset).with_progress(
            self.tr("正在读取…")).success(self._show_page).run()

    def _show_page(self, page: village_ops.WorkPage) -> None:
        selected = self.view.currentIndex().data(IdRole)
        self.model.add_page(page.offset, page.view.rows)
        if page.offset == 0:
            self.total.setText(self.tr("共 %n 人", "", page.view.total))
            self._show_summary(page.view)
            self.view.resizeColumnsToContents()
            self._select(selected)

    def _select(self, person_id: str | None) -> None:
        rows = self.model.rows()
        index = next((n for n, r in enumerate(rows) if r.id == person_id), 0)
        if rows:
            self.view.selectRow(index)

    def _show_summary(self, summary: WorkView) -> None:
        today, done = self._today(), summary.progress
        passed = self.tr("（已过）") if today.day > 20 else ""
        self.heading.setText(fill(self.tr("本月走访  %1年%2月 · 截止 %3月20日%4"), today.year,
                                  today.month, today.month, passed))
        self.progress_label.setText(fill(self.tr("已走访 %1 / %2"), done.visited, done.required))
        self.bar.setRange(0, max(done.required, 1))
        self.bar.setValue(done.visited)
        counts = {OVERDUE: done.overdue, DUE: done.due, VISITED: done.visited,
                  NOT_REQUIRED: done.not_required}
        for button in self.state_buttons.buttons():
            state = button.property("state")
            if state in counts:
                button.setText(fill("%1 %2", _tr(STATE_TEXT[state]), counts[state]))
        self._fill_choices(summary.choices)
        wanted = self.filter()
        if not (wanted.village or wanted.group or wanted.labour_class or wanted.work_status
                or self.alert_box.currentData()):  # the navigation counts the whole scope
            self.counted.emit(str(done.overdue + done.due))

    def _fill_choices(self, choices: dict[str, list[str]]) -> None:
        self._villages = choices.get("village", [])
        self._fill_villages()
        for box, key, everyone in (
                (self.group_box, "group", self.tr("村民小组：全部")),
                (self.labour_box, "labour_class", self.tr("劳动技能：全部")),
                (self.work_box, "work_status", self.tr("务工状态：全部"))):
            current = box.currentData()
            box.clear()
            box.addItem(everyone, "")
            for value in choices.get(key, []):
                box.addItem(word(value), value)
            box.setCurrentIndex(max(0, box.findData(current)))

    def _fill_villages(self) -> None:
        """全部 + each village with rows, by name once the names are read (codes until
        then); hidden when the rows are all of one village."""
        box, places = self.village_box, self.places.places
        current = box.currentData() or ""
        box.clear()
        box.addItem(self.tr("村（居）：全部"), "")
        for code in self._villages:
            box.addItem(village_cell(places, code), code)
            box.setItemData(box.count() - 1, tip(places, code), Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.setVisible(len(self._villages) > 1 or bool(current))

    def _names(self, _places: PlaceNames) -> None:
        self._fill_villages()

    def _state_clicked(self, button: QPushButton) -> None:
        self._state = button.property("state") or ""
        self.reload_rows()

    def redraw(self, changes: Changes, _initiator: object = None) -> None:
        """A follow-up or a new person moves the list: read it again."""
        if touches(changes, "visit", "person", "household"):
            self.reload()

    # -- acting --------------------------------------------------------------------------
    def current_row(self) -> WorkRow | None:
        """The selected person's row."""
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def form_person(self) -> FormPerson | None:
        """The selected person, as a form of 新建表单 opened on this page is for them."""
        row = self.current_row()
        return FormPerson(row.id, who_text(row.name, row.head_name)) if row is not None else None

    def record_followup(self) -> None:
        """Open the follow-up form for the selected person."""
        person = self.form_person()
        if person is not None:
            open_for_person(self, self.runner, FOLLOWUP, person_id=person.person_id,
                            who=person.who)

    def _open_household(self) -> None:
        row = self.current_row()
        if row is not None and row.household_id:
            self.open_household.emit(row.household_id)


__all__ = ["SortRole", "WorkListModel", "WorklistPage"]
