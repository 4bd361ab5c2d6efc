"""The 补贴名单 page: per rule and period, everyone eligible, a bulk grant, duplicates, export.

The officer picks a rule (the person rules in force in the profile's area on the chosen
date, ``subsidy_ops.rules_in_force``; when none is, the engine's "没有有效的政策包" is said
plainly) and a period (``YYYY`` or ``YYYY-MM``), then 生成名单: the list is computed on the
DB thread one village per read, so other pages are served in between, with a progress
bar and 停止 (``subsidy_ops.list_plan`` / ``list_part``), and
shows each person eligible (符合), undecided (待核实: facts missing) or already granted
(已发放) with the amount — "金额未规定" when the source states none, for those granted the
amount recorded on the claim — and the conditions that held. The count sums only amounts
a source states (``registry.county_subsidy.totals``): a rule stating only a cap is summed
at its caps as an upper bound (不超过), an amount not stated is counted apart, never as 0.
Filters by status, village and text. Changing the rule, period or date drops
the list (it was of another choice) until 生成名单 again. 发放选中 asks in
:class:`GrantDialog`, which names the listed rule and, for a rule stating only a cap,
asks the amount actually paid (≤ the cap, the problem named), then grants the selected
people, each through the claims ledger, in one ``CollectionOp`` with a progress dialog;
the rows of those granted are replaced in place by the ones the grant returns (read after
the write: 已发放, the amount recorded, the conditions), refusals are listed with their
reasons in :class:`GrantResultDialog`. Changes from elsewhere (a sync) re-read the
duplicates and mark a shown list stale with 重新生成 (which keeps the selection) instead
of recomputing it. Claims recorded twice (two laptops offline) are listed under 重复登记.
导出 writes the ledgers' subsidy list of the chosen rule and period (a year: that year's
claims) through the one audited export path: masked, or unmasked for a role that may,
after a confirmation; with no rule to choose the export buttons are disabled (the export
is of one rule, never of every rule of the period).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QItemSelection,
    QItemSelectionModel,
    QItemSelectionRange,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import accounts_ops, background
from desktop.background import BackgroundRunner
from desktop.county import subsidy_ops
from desktop.i18n import is_english
from desktop.models import IdRole, SortRole, TableModel
from desktop.ops import touches
from desktop.places import PlaceWatch, tip, village_cell
from desktop.redraw import Redraw
from desktop.sorting import SortsRows, SourceSortProxy
from desktop.text import clauses, fill, listed, yuan
from registry import accounts
from registry.county_subsidy import (
    ELIGIBLE,
    GRANTED,
    UNDECIDED,
    Candidate,
    DuplicateClaim,
    GrantResult,
    ListPlan,
    RuleChoice,
    RulesInForce,
    SubsidyList,
    Totals,
    check_period,
    joined,
    totals,
)
from registry.errors import ValidationError
from registry.places import PlaceNames
from registry.store import Changes

_CONTEXT = "SubsidyTableModel"
Index = QModelIndex | QPersistentModelIndex
# The status of each row, for the status filter.
StatusRole = Qt.ItemDataRole.UserRole + 3
# The village of each row, for the village filter.
VillageRole = Qt.ItemDataRole.UserRole + 4
RELOAD_DELAY_MS = 1000
SEARCH_DELAY_MS = 250  # the name filter waits for a pause in typing
SIZE_SAMPLE_ROWS = 200  # rows read to size the columns

STATUS_LABELS = {
    ELIGIBLE: QT_TRANSLATE_NOOP("SubsidyTableModel", "符合"),
    UNDECIDED: QT_TRANSLATE_NOOP("SubsidyTableModel", "待核实（事实不全）"),
    GRANTED: QT_TRANSLATE_NOOP("SubsidyTableModel", "已发放"),
}
_STATUS_ORDER = (ELIGIBLE, UNDECIDED, GRANTED)
UNITS = {
    "元": QT_TRANSLATE_NOOP("SubsidyTableModel", "元"),
    "元/月": QT_TRANSLATE_NOOP("SubsidyTableModel", "元/月"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def money(candidate: Candidate) -> str:
    """The amount in words: for one granted, what the claims record (450 元); else the
    rule's: 600 元, 不超过 500 元, 金额未规定 (the source states none)."""
    if candidate.status == GRANTED and any(a is not None for a in candidate.paid):
        return listed(_paid_words(amount, candidate) for amount in candidate.paid)
    return _stated_words(candidate)


def _paid_words(amount: float | None, candidate: Candidate) -> str:
    """One claim's recorded amount (金额未规定 when it records none)."""
    if amount is None:
        return _tr(QT_TRANSLATE_NOOP("SubsidyTableModel", "金额未规定"))
    unit = _tr(UNITS.get(candidate.unit, candidate.unit)) if candidate.unit else ""
    return f"{yuan(amount)} {unit}".strip()


def _stated_words(candidate: Candidate) -> str:
    """The amount the rule states for the person, in words."""
    if not candidate.amount_stated:
        return _tr(QT_TRANSLATE_NOOP("SubsidyTableModel", "金额未规定"))
    unit = _tr(UNITS.get(candidate.unit, candidate.unit)) if candidate.unit else ""
    if candidate.amount is not None:
        return f"{yuan(candidate.amount)} {unit}".strip()
    if candidate.cap is not None:
        return fill(_tr(QT_TRANSLATE_NOOP("SubsidyTableModel", "不超过 %1 %2")), yuan(candidate.cap), unit).strip()
    return _tr(QT_TRANSLATE_NOOP("SubsidyTableModel", "无法计算"))


def reasons(candidate: Candidate) -> str:
    """The conditions (held first; for the undecided, what is missing first), joined."""
    english = is_english()
    return ("; " if english else "；").join(candidate.reasons_en if english else candidate.reasons_zh)


def rule_name(duplicate: DuplicateClaim) -> str:
    """The rule of a duplicate claim by name, as the rule list names it (its id when no
    pack has it)."""
    if is_english() and duplicate.rule_name_en:
        return duplicate.rule_name_en
    return duplicate.rule_name_zh or duplicate.rule_id


class SubsidyTableModel(SortsRows, TableModel):
    """The list: status, name, 户编号, village, amount, the conditions (and claims)."""

    CONTEXT = _CONTEXT
    COL_STATUS, COL_NAME, COL_HOUSEHOLD_NO, COL_VILLAGE, COL_AMOUNT, COL_REASONS = range(6)
    HEADERS = (
        QT_TRANSLATE_NOOP("SubsidyTableModel", "状态"),
        QT_TRANSLATE_NOOP("SubsidyTableModel", "姓名"),
        QT_TRANSLATE_NOOP("SubsidyTableModel", "户编号"),
        QT_TRANSLATE_NOOP("SubsidyTableModel", "村（居）"),
        QT_TRANSLATE_NOOP("SubsidyTableModel", "金额"),
        QT_TRANSLATE_NOOP("SubsidyTableModel", "依据（条件）"),
    )
    _CELLS: tuple[Callable[[Candidate], Any], ...] = (
        lambda c: _tr(STATUS_LABELS[c.status]) + (
            fill(_tr(QT_TRANSLATE_NOOP("SubsidyTableModel", "（%1 条登记）")), len(c.claims)) if len(c.claims) > 1 else ""),
        lambda c: c.name,
        lambda c: c.household_no,
        lambda c: c.village,  # shown as its place name (``data``)
        money,
        reasons,
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.places: PlaceNames | None = None

    def set_rows(self, rows: list[Candidate] | tuple[Candidate, ...]) -> None:
        """Replace all rows (in the order last asked by ``sort``)."""
        self._replace(self.in_order(list(rows)))

    def sort_key(self, row: Candidate, column: int) -> Any:
        """The value ``row`` is ordered by in ``column`` (the village by its name)."""
        if column == self.COL_VILLAGE:
            return village_cell(self.places, row.village)
        return self._sort_key(row, column)

    def set_places(self, places: PlaceNames) -> None:
        """Show villages by name (the code in the tooltip)."""
        self.places = places
        if self._order is not None and self._order[0] == self.COL_VILLAGE:
            self.sort(*self._order)
        if self._rows:
            self.dataChanged.emit(self.index(0, self.COL_VILLAGE),
                                  self.index(len(self._rows) - 1, self.COL_VILLAGE))

    def update_rows(self, rows: Iterable[Candidate]) -> None:
        """Replace the rows of the same people by ``rows`` (as a grant returns them), in
        place: the rows stay where they are, and so does the selection."""
        fresh = {c.person_id: c for c in rows}
        for row, candidate in enumerate(self._rows):
            if candidate.person_id in fresh:
                self._rows[row] = fresh[candidate.person_id]
                self.dataChanged.emit(self.index(row, 0),
                                      self.index(row, self.columnCount() - 1))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == StatusRole:
            return row.status
        if role == VillageRole:
            return row.village
        if role == IdRole:
            return row.person_id
        if column == self.COL_VILLAGE and role in (Qt.ItemDataRole.DisplayRole, SortRole):
            return village_cell(self.places, row.village)
        if column == self.COL_VILLAGE and role == Qt.ItemDataRole.ToolTipRole:
            return tip(self.places, row.village)
        if role == SortRole:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._CELLS[column](row)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_REASONS:
            return reasons(row).replace("；", "\n")
        return None

    def _sort_key(self, row: Candidate, column: int) -> Any:
        if column == self.COL_STATUS:
            return f"{_STATUS_ORDER.index(row.status)} {row.village} {row.household_no}"
        if column == self.COL_AMOUNT:
            return _amount_key(row)
        return self._CELLS[column](row)


def _amount_key(row: Candidate) -> float:
    """The amount a row is ordered by: recorded (granted), stated, the cap, else -1."""
    paid = [a for a in row.paid if a is not None] if row.status == GRANTED else []
    if paid:
        return sum(paid)
    return row.amount if row.amount is not None else (row.cap or -1.0)


class SubsidyFilter(SourceSortProxy):
    """Rows of one status and one village ("" = all) containing a text (name, 户编号)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.status, self.village, self.text = "", "", ""
        self.setSortRole(SortRole)

    def set_filter(self, *, status: str, village: str, text: str) -> None:
        """Show only the rows matching (empty: any)."""
        self.beginFilterChange()
        self.status, self.village, self.text = status, village, text.strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        # The candidate itself, not the model's data() per cell: this runs for every row
        # of a county list on every filter change.
        candidate = self.sourceModel().row_at(row)
        if self.status and candidate.status != self.status:
            return False
        if self.village and candidate.village != self.village:
            return False
        return not self.text or self.text in candidate.name or self.text in (
            candidate.household_no or "")


class GrantResultDialog(QDialog):
    """What a bulk grant did: how many granted, and each refusal with its reasons."""

    def __init__(self, result: GrantResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("发放结果"))
        self.result = result
        layout = QVBoxLayout(self)
        self.summary = QLabel(fill(self.tr("已登记 %1 人；未登记 %2 人（原因见下表）。"),
                                   len(result.granted), len(result.refused)))
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(result.refused), 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("姓名"), self.tr("户编号"), self.tr("未登记的原因")])
        english = is_english()
        for row, refused in enumerate(result.refused):
            why = clauses(refused.reasons_en if english else refused.reasons_zh)
            for col, text in enumerate((refused.name, refused.household_no, why)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(result.refused))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 360 if result.refused else 120)


def capped(people: list[Candidate]) -> float | None:
    """The lowest cap of those whose rule states only a cap (不超过 X), or None."""
    caps = [c.cap for c in people
            if c.amount_stated and c.amount is None and c.cap is not None]
    return min(caps) if caps else None


class GrantDialog(QDialog):
    """Confirm a bulk grant of the listed rule (its own name, never the combo box's) and,
    for a rule stating only a cap, ask for the amount actually paid (≤ the cap)."""

    def __init__(self, listed: SubsidyList, people: list[Candidate],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("发放补贴"))
        self.cap = capped(people)
        rule = listed.rule
        name = rule.name_en if is_english() and rule.name_en else rule.name_zh
        layout = QVBoxLayout(self)
        self.text = QLabel(fill(
            self.tr("为选中的 %1 人登记“%2”（期间 %3）？\n每人逐一经补贴台账核对，不符合的不登记并列出原因。"),
            len(people), name, listed.period))
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("实际发放金额（元）"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setVisible(False)
        if self.cap is not None:
            row = QHBoxLayout()
            row.addWidget(QLabel(fill(self.tr("此规则只规定上限（不超过 %1 元），请填写实际发放金额："),
                                      yuan(self.cap))))
            row.addWidget(self.amount)
            layout.addLayout(row)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.check_and_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_amount(self) -> float | None:
        """The amount entered (None when the rule states the amount)."""
        if self.cap is None:
            return None
        return float(self.amount.text().strip().replace(",", ""))

    def problem(self) -> str:
        """What is wrong with the amount entered, in words ("" when nothing)."""
        if self.cap is None:
            return ""
        text = self.amount.text().strip()
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            return fill(self.tr("发放金额：“%1”不是数字，请填写元数（如 450）"), text)
        if not 0 < value < float("inf"):
            return self.tr("发放金额：应大于 0 元")
        if value > self.cap:
            return fill(self.tr("发放金额：%1 元超过此规则的上限 %2 元"), yuan(value), yuan(self.cap))
        return ""

    def check_and_accept(self) -> None:
        """Accept only a valid amount; otherwise name the problem and stay open."""
        problem = self.problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        if not problem:
            self.accept()


class SubsidyPage(QWidget):
    """Subsidy lists of the profile's area: choose a rule and a period, grant, export."""

    open_household = Signal(str)
    # A bulk grant finished (its result), for the screen and tests.
    granted = Signal(object)

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.runner, self.today = runner, today
        self.current: SubsidyList | None = None
        self.role = accounts.CLERK
        self.result_dialog: GrantResultDialog | None = None
        self.grant_dialog: QProgressDialog | None = None
        self.confirm_dialog: GrantDialog | None = None
        self._generation = 0
        self._reselect: set[str] = set()
        self.model = SubsidyTableModel(self)
        self.proxy = SubsidyFilter(self)
        self.proxy.setSourceModel(self.model)
        self._widgets()
        self._layout()
        for signal in (self.rule.currentIndexChanged, self.period.textChanged,
                       self.as_of.dateChanged):
            signal.connect(self._invalidate)
        self.redraw = Redraw(runner, self, self.refresh, delay_ms=RELOAD_DELAY_MS,
                             lists=("claim", "person", "household", "work_spell", "policy_pack"),
                             on_change=self._changed)
        self.places = PlaceWatch(runner, self, self._names)
        self.places.start()
        self.load_rules()
        self.load_duplicates()
        accounts_ops.my_role(runner, self).success(self._set_role).run()

    # -- widgets ---------------------------------------------------------------------

    def _widgets(self) -> None:
        self.rule = QComboBox()
        self.rule.setMinimumContentsLength(24)
        self.rule.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period = QLineEdit(str(self.today().year))
        self.period.setMaximumWidth(90)
        self.period.setPlaceholderText("YYYY / YYYY-MM")
        self.as_of = QDateEdit(QDate(self.today()))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.dateChanged.connect(self.load_rules)
        self.compute = QPushButton(self.tr("生成名单"))
        self.compute.clicked.connect(self.compute_list)
        self.stop = QPushButton(self.tr("停止"))
        self.stop.clicked.connect(self.stop_computing)
        self.stop.setVisible(False)
        self.stale_text = QLabel(self.tr("名单生成后数据已有变化（如同步或其他页面的修改），"
                                         "当前名单可能已过时。"))
        self.regenerate = QPushButton(self.tr("重新生成"))
        self.regenerate.clicked.connect(self.regenerate_list)
        self.stale_box = QWidget()
        stale = QHBoxLayout(self.stale_box)
        stale.setContentsMargins(0, 0, 0, 0)
        stale.addWidget(self.stale_text)
        stale.addWidget(self.regenerate)
        stale.addStretch(1)
        self.stale_box.setVisible(False)
        self.notice = QLabel()
        self.notice.setStyleSheet("color: #b00020")
        self.notice.setWordWrap(True)
        self.status = QComboBox()
        self.status.addItem(self.tr("全部"), "")
        for key in _STATUS_ORDER:
            self.status.addItem(_tr(STATUS_LABELS[key]), key)
        self.village = QComboBox()
        self.village.addItem(self.tr("全部"), "")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("姓名或户编号"))
        for signal in (self.status.currentIndexChanged, self.village.currentIndexChanged):
            signal.connect(self._filter)
        # Typing filters once the officer pauses, not on every keystroke of a county list.
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._filter)
        self.count = QLabel()
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(SubsidyTableModel.COL_STATUS, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        # Columns are sized from a sample of rows, not all of a county's list.
        self.view.horizontalHeader().setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
        self.view.selectionModel().selectionChanged.connect(self._selection)
        self.view.doubleClicked.connect(self._open)
        self.select_eligible = QPushButton(self.tr("选中全部“符合”"))
        self.select_eligible.clicked.connect(self.select_all_eligible)
        self.grant_button = QPushButton(self.tr("发放选中"))
        self.grant_button.clicked.connect(self._grant_clicked)
        self.export_button = QPushButton(self.tr("导出名册（号码打码）…"))
        self.export_button.clicked.connect(lambda: self._export_clicked(unmasked=False))
        self.export_full = QPushButton(self.tr("导出完整号码…"))
        self.export_full.clicked.connect(lambda: self._export_clicked(unmasked=True))
        self.duplicates = QTableWidget(0, 5)
        self.duplicates.setHorizontalHeaderLabels([
            self.tr("规则"), self.tr("期间"), self.tr("姓名"), self.tr("户编号"),
            self.tr("登记（人员 日期）")])
        self.duplicates.verticalHeader().setVisible(False)
        self.duplicates.horizontalHeader().setStretchLastSection(True)
        self.duplicates.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.duplicates.setMaximumHeight(150)
        self._update_buttons()

    def _layout(self) -> None:
        choose = QHBoxLayout()
        for label, widget in ((self.tr("补贴规则"), self.rule), (self.tr("期间"), self.period),
                              (self.tr("评估日期"), self.as_of)):
            choose.addWidget(QLabel(label))
            choose.addWidget(widget)
        choose.addWidget(self.compute)
        choose.addWidget(self.stop)
        choose.addStretch(1)
        filters = QHBoxLayout()
        for label, widget in ((self.tr("状态"), self.status), (self.tr("村（居）"), self.village)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.count)
        actions = QHBoxLayout()
        for button in (self.select_eligible, self.grant_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        actions.addWidget(self.export_full)
        self.duplicate_box = QGroupBox(self.tr("重复登记（同一规则、同一人、同一期间登记了不止一次）"))
        box = QVBoxLayout(self.duplicate_box)
        box.addWidget(self.duplicates)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.notice)
        layout.addWidget(self.stale_box)
        layout.addLayout(filters)
        layout.addWidget(self.bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.duplicate_box)

    # -- rules and the list ---------------------------------------------------------------

    def chosen_date(self) -> date:
        """The evaluation date chosen."""
        return self.as_of.date().toPython()  # type: ignore[no-any-return]

    def load_rules(self) -> None:
        """Read the rules in force on the chosen date (DB thread)."""
        subsidy_ops.rules_in_force(self.runner, self, as_of=self.chosen_date()).success(
            self._show_rules).without_progress().run()

    def _show_rules(self, found: RulesInForce) -> None:
        chosen = self.rule.currentData()
        english = is_english()
        self.rule.blockSignals(True)
        self.rule.clear()
        for rule in found.rules:
            self.rule.addItem(rule.name_en if english and rule.name_en else rule.name_zh,
                              rule.rule_id)
            self.rule.setItemData(self.rule.count() - 1, self._rule_tip(rule),
                                  Qt.ItemDataRole.ToolTipRole)
        self.rule.setCurrentIndex(max(0, self.rule.findData(chosen)))
        self.rule.blockSignals(False)
        notice = found.notice_en if english else found.notice_zh
        if not found.rules:  # say what to do, not only that nothing is in force
            notice = "\n".join((notice or self.tr("本地区在该日期没有有效的个人补贴规则"),
                                 self.tr("本县现行的政策文件请在“政策”页用“载入县级政策包…”载入；"
                                         "往年的名单请把评估日期改到当年之内。")))
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.compute.setEnabled(bool(found.rules))
        self._update_buttons()

    def _rule_tip(self, rule: RuleChoice) -> str:
        end = rule.valid_to.isoformat() if rule.valid_to else self.tr("长期")
        return fill(self.tr("%1（%2）\n有效期 %3 至 %4\n来源：%5"), rule.rule_id, rule.pack_id,
                    rule.valid_from.isoformat(), end, rule.source)

    def compute_list(self) -> None:
        """Compute the list of the chosen rule and period, one village per read on the DB
        thread (other pages are served in between), with a progress bar."""
        rule_id = self.rule.currentData()
        if not rule_id:
            return
        self._generation += 1
        generation = self._generation
        self.compute.setEnabled(False)
        self.stop.setVisible(True)
        self.bar.setRange(0, 0)
        self.bar.setVisible(True)
        self.count.setText(self.tr("正在计算名单…"))
        subsidy_ops.list_plan(self.runner, self, rule_id=rule_id, period=self.period.text(),
                              as_of=self.chosen_date()).success(
            lambda plan: self._read_parts(generation, plan, [])).failure(
            lambda exc: self._list_failed(generation, exc)).without_progress().run()

    def regenerate_list(self) -> None:
        """Compute the list again (after the data changed), keeping the people selected."""
        self._reselect = {c.person_id for c in self.selected()}
        self.compute_list()

    def _invalidate(self, *_args: Any) -> None:
        """The rule, period or date changed: the list shown (or being computed) was of
        another, so it is dropped and granting waits for 生成名单."""
        if self.current is None and self.stop.isHidden():  # nothing shown nor computing
            return
        self._generation += 1
        self._done_computing()
        self.current = None
        self.model.set_rows([])
        self.stale_box.setVisible(False)
        if self.confirm_dialog is not None:
            self.confirm_dialog.reject()
        self._filter()
        self.count.setText(self.tr("规则、期间或评估日期已改，请重新生成名单"))

    def stop_computing(self) -> None:
        """Stop the list being computed (the parts still queued are dropped)."""
        self._generation += 1
        self._done_computing()
        self.count.setText(self.tr("已停止"))

    def _read_parts(self, generation: int, plan: ListPlan, parts: list[SubsidyList]) -> None:
        if generation != self._generation:
            return
        total = len(plan.villages)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(len(parts))
        if len(parts) == total:
            self._show_list(joined(plan, parts))
            return
        self.count.setText(fill(self.tr("正在计算名单… %1/%n 个村", "", total), len(parts)))
        village = plan.villages[len(parts)]
        subsidy_ops.list_part(self.runner, self, plan, [village]).success(
            lambda part: self._read_parts(generation, plan, [*parts, part])).failure(
            lambda exc: self._list_failed(generation, exc)).without_progress().run()

    def _list_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._done_computing()
        self.count.setText("")
        background.show_error(self, exc)

    def _done_computing(self) -> None:
        self.bar.setVisible(False)
        self.stop.setVisible(False)
        self.compute.setEnabled(self.rule.count() > 0)

    def _show_list(self, found: SubsidyList) -> None:
        self._done_computing()
        self.current = found
        self.stale_box.setVisible(False)
        self.model.set_rows(found.candidates)
        self._fill_villages()
        self._filter()
        self.view.resizeColumnsToContents()
        self._select(self._reselect)
        self._reselect = set()

    def _names(self, places: PlaceNames) -> None:
        """Names were read (or changed): show them in the list and the village filter."""
        self.model.set_places(places)
        self._fill_villages()
        self.view.resizeColumnToContents(SubsidyTableModel.COL_VILLAGE)

    def _fill_villages(self) -> None:
        """The village filter: every village of the list by name (code in the tooltip)."""
        places = self.places.places
        codes = sorted({c.village for c in self.current.candidates}) if self.current else []
        chosen = self.village.currentData()
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem(self.tr("全部"), "")
        for code in codes:
            self.village.addItem(village_cell(places, code), code)
            self.village.setItemData(self.village.count() - 1, tip(places, code),
                                     Qt.ItemDataRole.ToolTipRole)
        self.village.setCurrentIndex(max(0, self.village.findData(chosen or "")))
        self.village.blockSignals(False)

    def _select(self, person_ids: set[str]) -> None:
        """Select the shown rows of ``person_ids``."""
        if person_ids:
            self._select_rows(lambda index: index.data(IdRole) in person_ids)

    def _select_rows(self, wanted: Callable[[QModelIndex], bool]) -> None:
        """Select exactly the shown rows ``wanted`` accepts, in ONE selection call (one
        selectionChanged): selecting row by row re-counts the selection each time, which
        froze a county of 8,000 eligible people for minutes."""
        proxy, chosen, start = self.proxy, QItemSelection(), None
        last = proxy.columnCount() - 1
        for row in range(proxy.rowCount() + 1):
            hit = row < proxy.rowCount() and wanted(proxy.index(row, 0))
            if hit and start is None:
                start = row
            elif not hit and start is not None:
                chosen.append(QItemSelectionRange(proxy.index(start, 0), proxy.index(row - 1, last)))
                start = None
        flags = QItemSelectionModel.SelectionFlag
        self.view.selectionModel().select(chosen, flags.ClearAndSelect | flags.Rows)

    def _filter(self) -> None:
        self._search_timer.stop()
        self.proxy.set_filter(status=self.status.currentData() or "",
                              village=self.village.currentData() or "", text=self.search.text())
        self.count.setText(clauses((fill(self.tr("显示 %1 人"), self.proxy.rowCount()),
                                    *self._sums(totals(self.model.rows())))))
        self._update_buttons()

    def _sums(self, sums: Totals) -> list[str]:
        """The list's totals in words, only amounts a source states: the eligible's (an
        upper bound, 不超过, when a rule states only a cap), then those granted."""
        eligible = self._eligible_sum(sums)
        if 0 < sums.unstated < sums.eligible:
            eligible += self.tr("（另 %n 人金额未规定，未计入）", "", sums.unstated)
        if 0 < sums.uncomputed < sums.eligible:
            eligible += self.tr("（另 %n 人金额无法计算，未计入）", "", sums.uncomputed)
        if not sums.granted:
            return [eligible]
        if sums.paid_unstated == sums.granted:
            return [eligible, fill(self.tr("已发放 %1 人，金额未规定"), sums.granted)]
        granted = fill(self.tr("已发放 %1 人，实发合计 %2 元"), sums.granted, yuan(sums.paid))
        if sums.paid_unstated:
            granted += self.tr("（另 %n 人金额未规定，未计入）", "", sums.paid_unstated)
        return [eligible, granted]

    def _eligible_sum(self, sums: Totals) -> str:
        """The eligible's total in words: 元, or a monthly total for rates per month."""
        if sums.eligible and sums.unstated == sums.eligible:
            return fill(self.tr("符合 %1 人，金额未规定"), sums.eligible)
        if sums.eligible and sums.uncomputed == sums.eligible:
            return fill(self.tr("符合 %1 人，金额无法计算"), sums.eligible)
        if not sums.unit:  # once-off and monthly amounts: no sum means anything
            return fill(self.tr("符合 %1 人，金额有按次、按月两种，未合计"), sums.eligible)
        monthly = sums.unit == "元/月"
        if sums.capped:
            text = (self.tr("符合 %1 人，每月金额合计不超过 %2 元（按上限计）") if monthly
                    else self.tr("符合 %1 人，金额合计不超过 %2 元（按上限计）"))
        else:
            text = (self.tr("符合 %1 人，每月金额合计 %2 元") if monthly
                    else self.tr("符合 %1 人，金额合计 %2 元"))
        return fill(text, sums.eligible, yuan(sums.eligible_amount))

    def _open(self, index: QModelIndex) -> None:
        """A double-click opens the person's household."""
        household = self.model.row_at(self.proxy.mapToSource(index).row()).household_id
        if household:
            self.open_household.emit(household)

    # -- granting ---------------------------------------------------------------------

    def selected(self) -> list[Candidate]:
        """The people selected in the list (not already granted)."""
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return [self.model.row_at(r) for r in sorted(rows)
                if self.model.row_at(r).status != GRANTED]

    def select_all_eligible(self) -> None:
        """Select every shown row that is eligible."""
        self._select_rows(lambda index: index.data(StatusRole) == ELIGIBLE)

    def _selection(self, *_args: Any) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = len(self.selected()) if hasattr(self, "view") else 0
        self.grant_button.setText(fill(self.tr("发放选中（%1 人）"), chosen))
        self.grant_button.setEnabled(bool(chosen) and self.current is not None)
        self.select_eligible.setEnabled(self.current is not None)
        # The export is of the chosen rule only (docs/county-subsidy.md): with no rule to
        # choose there is nothing to export, not every rule of the period.
        no_rule = self.tr("请先选择补贴规则：名册只导出所选规则的登记")
        ruled = bool(self.rule.currentData())
        self.export_button.setEnabled(ruled)
        self.export_button.setToolTip("" if ruled else no_rule)
        may = accounts.may(self.role, "export_unmasked")
        self.export_full.setEnabled(ruled and may)
        self.export_full.setToolTip("" if self.export_full.isEnabled() else no_rule if may
                                    else self.tr("只有审核员/第一书记或县级管理员可以导出完整号码"))

    def _grant_clicked(self) -> None:
        people = self.selected()
        if not people or self.current is None:
            return
        dialog = GrantDialog(self.current, people, self)
        self.confirm_dialog = dialog
        dialog.accepted.connect(lambda: self.grant([c.person_id for c in people],
                                                   amount=dialog.chosen_amount()))
        dialog.finished.connect(lambda _code: self._confirm_closed(dialog))
        dialog.open()

    def _confirm_closed(self, dialog: GrantDialog) -> None:
        if self.confirm_dialog is dialog:
            self.confirm_dialog = None
        dialog.deleteLater()

    def grant(self, person_ids: list[str], *, amount: float | None = None) -> None:
        """Grant the current rule and period to ``person_ids`` (one ``CollectionOp``, a
        progress dialog), then show the result. ``amount``: the officer's figure for a
        rule stating only a cap."""
        if self.current is None or not person_ids:
            return
        dialog = QProgressDialog(self.tr("正在登记补贴…"), "", 0, len(person_ids), self)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        self.grant_dialog = dialog
        progress = background.Progress(dialog)
        progress.advanced.connect(lambda done, _total: dialog.setValue(done))
        current = self.current
        subsidy_ops.grant(self.runner, self, rule_id=current.rule.rule_id, period=current.period,
                          person_ids=person_ids, as_of=current.as_of, progress=progress,
                          amount=amount).success(self._granted).failure(
            lambda exc: self._grant_failed(dialog, exc)).without_progress().run()

    def _grant_failed(self, dialog: QProgressDialog, exc: BaseException) -> None:
        dialog.close()
        dialog.deleteLater()
        self.grant_dialog = None
        background.show_error(self, exc)

    def _granted(self, result: GrantResult) -> None:
        if self.grant_dialog is not None:
            self.grant_dialog.close()
            self.grant_dialog.deleteLater()
            self.grant_dialog = None
        self.model.update_rows(result.rows)
        self._filter()
        self.result_dialog = GrantResultDialog(result, self)
        self.result_dialog.open()
        self.granted.emit(result)

    # -- duplicates and refresh --------------------------------------------------------

    def load_duplicates(self) -> None:
        """Read the claims recorded twice (DB thread)."""
        subsidy_ops.duplicates(self.runner, self).success(self._show_duplicates
                                                          ).without_progress().run()

    def _show_duplicates(self, found: list[DuplicateClaim]) -> None:
        self.duplicates.setRowCount(len(found))
        for row, dup in enumerate(found):
            cells = (rule_name(dup), dup.period, dup.name, dup.household_no,
                     fill(self.tr("%n 条：%1", "", len(dup.claim_ids)), clauses(dup.granted)))
            for col, text in enumerate(cells):
                self.duplicates.setItem(row, col, QTableWidgetItem(text))
            self.duplicates.item(row, 0).setToolTip(dup.rule_id)
        self.duplicates.resizeColumnsToContents()
        self.duplicate_box.setTitle(self.tr("重复登记 %n 组（同一规则、同一人、同一期间登记了不止一次）", "",
                                            len(found)))

    def refresh(self) -> None:
        """Re-read the duplicates (after claims changed). The list is not recomputed: a
        county's list takes a while and the officer's selection would be lost, so a list
        shown is marked stale with a 重新生成 button instead."""
        self.load_duplicates()

    def _changed(self, changes: Changes, initiator: object) -> None:
        """Records changed (besides the delayed ``refresh``): rules again, a list shown is
        marked stale."""
        if touches(changes, "policy_pack"):
            self.load_rules()
        if initiator is not self and self.current is not None:
            self.stale_box.setVisible(True)  # our own grants are marked in place

    # -- export ------------------------------------------------------------------------

    def _set_role(self, role: str) -> None:
        self.role = role
        self._update_buttons()

    def _export_clicked(self, *, unmasked: bool) -> None:
        if unmasked:
            answer = QMessageBox.warning(
                self, self.tr("导出完整号码"),
                self.tr("名册将含完整身份证号码和电话，请妥善保管。此次导出记入审计日志。继续？"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("导出补贴发放名册"), self.tr("补贴发放名册.xlsx"), "Excel (*.xlsx)")
        if path:
            self.export_to(Path(path), unmasked=unmasked)

    def export_to(self, path: Path, *, unmasked: bool) -> None:
        """Write the subsidy list of the chosen rule and period (a year: its claims) to
        ``path`` (audited); nothing without a rule chosen (never every rule's)."""
        rule_id = self.rule.currentData()
        if not rule_id:
            return
        try:
            period = check_period(self.period.text())
        except ValidationError as exc:
            background.show_error(self, exc)
            return
        subsidy_ops.export_list(self.runner, self, path, period=period, unmasked=unmasked,
                                rule_id=rule_id).success(lambda rows: self._exported(path, rows)).run()

    def _exported(self, path: Path, rows: int) -> None:
        self.count.setText(fill(self.tr("已导出 %n 行到 %1", "", rows), path.name))

