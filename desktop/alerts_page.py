"""The 预警 page: who needs attention as of today, and why.

``AlertsPage(runner, parent)`` reads ``registry.alerts.alerts_for_store(store, as_of=today,
scope=...)`` on the DB thread (``read_alerts``), resolves each alert's subject to a name and
a 户编号 (a post or claim to its person), and lists them in ``AlertTableModel``: the kind in
words, whom, the facts in words and the source clause. A combo box filters by kind; when
the alerts span more than one village a 村 column and a 村（居） combo (names through
``desktop.places``) narrow the list in memory; a double-click emits ``open_household(household_id)`` for the workspace to open that
household. The page re-reads after writes that touch people, households or their records.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.background import BackgroundRunner, Progress, QueryOp
from desktop.errors import show_error
from desktop.models import IdRole, SortRole, TableModel
from desktop.places import PlaceWatch, tip, village_cell
from desktop.redraw import Redraw
from desktop.sorting import SortsRows, SourceSortProxy
from desktop.text import bracketed, fill, listed, word
from registry.alerts import KINDS, alerts_for_store
from registry.alerts.store import RUN_STEPS, StepReport
from registry.places import PlaceNames
from registry.store import Store

_CONTEXT = "AlertTableModel"
# Writes arriving within this time re-read the alerts once.
RELOAD_DELAY_MS = 1000
# The kind of each row, for the kind filter.
KindRole = Qt.ItemDataRole.UserRole + 3
Index = QModelIndex | QPersistentModelIndex

KIND_LABELS: dict[str, str] = {
    "zero_employment_household": QT_TRANSLATE_NOOP("AlertTableModel", "零就业家庭"),
    "income_drop_month_on_month": QT_TRANSLATE_NOOP("AlertTableModel", "收入环比大幅下降"),
    "income_drop_year_on_year": QT_TRANSLATE_NOOP("AlertTableModel", "收入同比大幅下降"),
    "returned_without_plan": QT_TRANSLATE_NOOP("AlertTableModel", "返乡未帮扶"),
    "visit_overdue": QT_TRANSLATE_NOOP("AlertTableModel", "本月未走访（已过20日）"),
    "post_agreement_over_1_year": QT_TRANSLATE_NOOP("AlertTableModel", "岗位协议超过1年"),
    "post_agreement_ending": QT_TRANSLATE_NOOP("AlertTableModel", "岗位协议即将到期"),
    "post_subsidy_above_minimum_wage":
        QT_TRANSLATE_NOOP("AlertTableModel", "岗位补贴高于最低工资"),
    "post_holder_not_priority": QT_TRANSLATE_NOOP("AlertTableModel", "岗位人员非优先群体"),
    "relocated_household_none_employed":
        QT_TRANSLATE_NOOP("AlertTableModel", "搬迁户无人就业"),
    "graduate_services_missing": QT_TRANSLATE_NOOP("AlertTableModel", "毕业生“1311”服务未完成"),
    "national_check_id_number": QT_TRANSLATE_NOOP("AlertTableModel", "证件号码有误"),
    "national_check_duplicate_id": QT_TRANSLATE_NOOP("AlertTableModel", "证件号码重复"),
    "national_check_one_head": QT_TRANSLATE_NOOP("AlertTableModel", "户主人数不为1"),
    "national_check_spouse": QT_TRANSLATE_NOOP("AlertTableModel", "配偶信息有误"),
    "national_check_work_place_months":
        QT_TRANSLATE_NOOP("AlertTableModel", "务工地点与时间不全"),
    "national_check_work_without_capacity":
        QT_TRANSLATE_NOOP("AlertTableModel", "无劳动力却有务工信息"),
    "national_check_unstable_work_risk":
        QT_TRANSLATE_NOOP("AlertTableModel", "务工不稳风险户无务工信息"),
    "national_check_monitored_measure":
        QT_TRANSLATE_NOOP("AlertTableModel", "监测户帮扶措施未落实"),
    "duplicate_claim": QT_TRANSLATE_NOOP("AlertTableModel", "补贴重复登记"),
}

# The facts of each kind in words; ``%1`` … are filled from the facts named after it.
FACTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "zero_employment_household": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "有劳动能力 %1 人、有就业意愿 %2 人，无人就业"), ("capable", "willing")),
    "income_drop_month_on_month": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "%1 月收入 %2 元，%3 月为 %4 元"),
        ("month", "income", "compared_month", "compared_income")),
    "income_drop_year_on_year": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "%1 月收入 %2 元，上年同月（%3）为 %4 元"),
        ("month", "income", "compared_month", "compared_income")),
    "returned_without_plan": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "返乡后（%1 起）未记录服务、培训或岗位"), ("since",)),
    "visit_overdue": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "%1 月尚未走访；上次走访：%2；%3"), ("month", "last_visit", "labour")),
    "post_agreement_over_1_year": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "协议 %1 至 %2，共 %3 天"), ("start", "end", "days")),
    "post_agreement_ending": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "协议 %1 到期，还有 %2 天"), ("end", "days_left")),
    "post_subsidy_above_minimum_wage": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "月补贴 %1 元，高于当地最低工资 %2 元"),
        ("monthly_subsidy", "minimum_wage")),
    "post_holder_not_priority": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "所在户属于：%1"), ("holder_groups",)),
    "relocated_household_none_employed": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "有劳动能力 %1 人，无人就业"), ("capable",)),
    "graduate_services_missing": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "还缺：%1"), ("missing",)),
    "national_check_id_number": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "证件号 %1：%2"), ("id_number", "problem")),
    "national_check_duplicate_id": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "证件号 %1 另有 %2 人登记"), ("id_number", "others")),
    "national_check_one_head": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "户主 %1 人"), ("heads",)),
    "national_check_spouse": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "配偶 %1 人（或与户主同性别）"), ("spouses",)),
    "national_check_work_place_months": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "务工所在地：%1；务工时间：%2 个月"), ("work_region", "months")),
    "national_check_work_without_capacity": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "劳动力状况“%1”，但填有务工所在地 %2"), ("labour", "work_region")),
    "national_check_unstable_work_risk": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "风险：%1；无成员有务工信息"), ("risks",)),
    "national_check_monitored_measure": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "%1 识别为监测对象，应于 %2 前落实帮扶措施"), ("identified", "due")),
    "duplicate_claim": (QT_TRANSLATE_NOOP(
        "AlertTableModel", "%1（%2）另有 %3 条相同登记"), ("rule", "period", "others")),
}

WORDS = {
    "none": QT_TRANSLATE_NOOP("AlertTableModel", "无"),
    "yes": QT_TRANSLATE_NOOP("AlertTableModel", "是"),
    "no": QT_TRANSLATE_NOOP("AlertTableModel", "否"),
}

SERVICE_NAMES = {
    "guidance": QT_TRANSLATE_NOOP("AlertTableModel", "职业指导"),
    "referral": QT_TRANSLATE_NOOP("AlertTableModel", "岗位推介"),
    "training": QT_TRANSLATE_NOOP("AlertTableModel", "职业培训"),
    "internship": QT_TRANSLATE_NOOP("AlertTableModel", "就业见习"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def kind_label(kind: str) -> str:
    """An alert kind in words of the UI's language (``证件号码重复``); an unknown kind as it
    is. The one set of labels: the household page's 预警 tab uses it too."""
    return _tr(KIND_LABELS.get(kind, kind))


@dataclass(frozen=True)
class AlertRow:
    """One alert as the page lists it: whom it is about, in this profile's words."""

    kind: str
    subject_id: str
    name: str
    household_id: str | None
    household_no: str
    facts: dict[str, Any] = field(compare=False)
    source: str = ""
    village: str = ""  #: the 村（居） code (12 digits of the household's scope)


#: The steps :func:`alert_rows` reports: the run's, then the subjects' names.
ROWS_STEPS = RUN_STEPS + 1


def alert_rows(store: Store, *, as_of: date, scope: str | None = None,
               progress: StepReport | None = None) -> list[AlertRow]:
    """Every alert of ``scope`` as of ``as_of``, with its subject's name and 户编号 (DB thread).
    ``progress(done, ROWS_STEPS)`` as each step ends."""
    report = progress or (lambda _done, _total: None)
    found = alerts_for_store(store, as_of=as_of, scope=scope,
                             progress=lambda done, _total: report(done, ROWS_STEPS))
    with store.transaction() as conn:
        who = _subjects(conn, {a.subject for a in found})
    report(ROWS_STEPS, ROWS_STEPS)
    rows = []
    for alert in found:
        name, household_id, number, village = who.get(alert.subject, ("", None, "", ""))
        rows.append(AlertRow(alert.kind, alert.subject, name, household_id, number,
                             dict(alert.facts), alert.source, village))
    return rows


def read_alerts(runner: BackgroundRunner, parent: QWidget | None, *, as_of: date,
                scope: str | None = None, progress: Progress | None = None
                ) -> QueryOp[list[AlertRow]]:
    """The alerts as the page lists them: the full alert run (seconds at county scale), on
    the read lane, so it holds up no other read or write; ``progress`` hears each step."""
    report = progress.report if progress is not None else None
    return QueryOp(runner, parent, lambda store: alert_rows(
        store, as_of=as_of, scope=scope, progress=report)).on_reader()


_SUBJECTS = """
WITH s(id) AS (SELECT DISTINCT value FROM json_each(?)),
h(sid, hid) AS (
  SELECT s.id, CASE WHEN e.list IN ('person', 'household') THEN e.id
                    ELSE coalesce(e.parent, json_extract(e.props, '$.person_id'),
                                  json_extract(e.props, '$.subject_id')) END
  FROM s JOIN entity e ON e.id = s.id)
SELECT h.sid,
       CASE p.list WHEN 'household' THEN json_extract(p.props, '$.head_name')
                   ELSE json_extract(p.props, '$.name') END,
       CASE p.list WHEN 'household' THEN p.id ELSE hh.id END,
       CASE p.list WHEN 'household' THEN json_extract(p.props, '$.household_no')
                   ELSE json_extract(hh.props, '$.household_no') END,
       substr(coalesce(CASE p.list WHEN 'household' THEN p.scope ELSE hh.scope END,
                       p.scope, ''), 1, 12)
FROM h JOIN entity p ON p.id = h.hid
LEFT JOIN entity hh ON p.list = 'person' AND hh.id = p.parent
"""


def _subjects(conn: Any, subjects: set[str]) -> dict[str, tuple[str, str | None, str, str]]:
    """(name, household id, 户编号, village code) of each subject, in one query: a person's
    own name and household, a household's head, and for a post or claim those of its
    person."""
    if not subjects:
        return {}
    rows = conn.execute(_SUBJECTS, (json.dumps(sorted(subjects)),))
    return {sid: (str(name or ""), household, str(number or ""), str(village or ""))
            for sid, name, household, number, village in rows}


def describe(row: AlertRow) -> str:
    """The alert's facts in words (translated)."""
    text, names = FACTS.get(row.kind, ("", ()))
    if not text:
        return "；".join(f"{k}: {_value(v)}" for k, v in row.facts.items())
    return fill(_tr(text), *(_value(row.facts.get(name), name) for name in names))


def _value(value: Any, name: str = "") -> str:
    if value is None:
        return _tr(WORDS["none"])
    if isinstance(value, bool):
        return _tr(WORDS["yes"] if value else WORDS["no"])
    if isinstance(value, dict):  # the 1311 services still missing, with how many
        return listed(f"{_tr(SERVICE_NAMES.get(k, k))} {n}" for k, n in value.items())
    if isinstance(value, list | tuple):  # an empty list reads as none ("所在户属于：无")
        if name == "others":
            return str(len(value))
        return listed(map(word, value)) if value else _tr(WORDS["none"])
    if isinstance(value, float):
        return f"{value:g}"
    return word(value) if isinstance(value, str) else str(value)


class AlertTableModel(SortsRows, TableModel):
    """Alerts: kind, whom, 村 (its name once ``set_places`` is given), 户编号, the facts
    in words, the source clause."""

    CONTEXT = _CONTEXT
    COL_KIND, COL_SUBJECT, COL_VILLAGE, COL_HOUSEHOLD_NO, COL_FACTS, COL_SOURCE = range(6)
    HEADERS = (
        QT_TRANSLATE_NOOP("AlertTableModel", "预警类型"),
        QT_TRANSLATE_NOOP("AlertTableModel", "对象"),
        QT_TRANSLATE_NOOP("AlertTableModel", "村"),
        QT_TRANSLATE_NOOP("AlertTableModel", "户编号"),
        QT_TRANSLATE_NOOP("AlertTableModel", "情况"),
        QT_TRANSLATE_NOOP("AlertTableModel", "依据"),
    )
    _CELLS: tuple[Callable[[AlertRow], Any], ...] = (
        lambda r: kind_label(r.kind),
        lambda r: r.name,
        lambda r: r.village,
        lambda r: r.household_no,
        describe,
        lambda r: r.source,
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.places: PlaceNames | None = None

    def set_places(self, places: PlaceNames) -> None:
        """Show villages by name from now on."""
        self.places = places
        if self._rows:
            self.dataChanged.emit(self.index(0, self.COL_VILLAGE),
                                  self.index(len(self._rows) - 1, self.COL_VILLAGE))

    def villages(self) -> list[tuple[str, int]]:
        """Each village code present, with its number of alerts, by code."""
        counts: dict[str, int] = {}
        for row in self._rows:
            if row.village:
                counts[row.village] = counts.get(row.village, 0) + 1
        return sorted(counts.items())

    def set_rows(self, rows: list[AlertRow]) -> None:
        """Replace all rows (in the order last sorted: one key per row, see desktop.sorting)."""
        self._replace(self.in_order(list(rows)))

    def sort_key(self, row: AlertRow, column: int) -> Any:
        """Kinds in their order, then 户编号 and name; villages by name; else the cell."""
        if column == self.COL_KIND:
            rank = KINDS.index(row.kind) if row.kind in KINDS else len(KINDS)
            return f"{rank:03d} {row.household_no} {row.name}"
        if column == self.COL_VILLAGE:
            return village_cell(self.places, row.village)
        return str(self._CELLS[column](row))

    def kind_count(self, kinds: Collection[str]) -> int:
        """How many alerts are of one of ``kinds``."""
        return sum(1 for r in self._rows if r.kind in kinds)

    def kinds(self) -> list[str]:
        """The kinds present, in the order of ``registry.alerts.KINDS``."""
        present = {r.kind for r in self._rows}
        return [k for k in KINDS if k in present]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == KindRole:
            return row.kind
        if role == IdRole:
            return row.household_id
        if role == SortRole:
            return self.sort_key(row, index.column())
        if index.column() == self.COL_VILLAGE and role == Qt.ItemDataRole.DisplayRole:
            return village_cell(self.places, row.village)
        if index.column() == self.COL_VILLAGE and role == Qt.ItemDataRole.ToolTipRole:
            return tip(self.places, row.village)
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            return self._CELLS[index.column()](row)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (self.COL_FACTS,
                                                                      self.COL_SOURCE):
            return self._CELLS[index.column()](row)
        return None


class _AlertFilter(SourceSortProxy):
    """The kind filter (a pattern on ``KindRole``) and, when set, one village."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.village = ""

    def set_village(self, village: str) -> None:
        """Keep only the alerts of ``village`` ("" for all)."""
        self.beginFilterChange()
        self.village = village
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if self.village:
            model = self.sourceModel()
            assert isinstance(model, AlertTableModel)
            if model.row_at(source_row).village != self.village:
                return False
        return super().filterAcceptsRow(source_row, source_parent)


# Separates the kind from the village in the filter the frame hands the page.
VILLAGE_MARK = "@"
# Separates the kinds of one filter (the dashboard's 其他 bar: the kinds it groups).
KINDS_MARK = ","


def alert_filter(kind: str | Iterable[str], village: str = "") -> str:
    """The filter ``AlertsPage.show_filter`` takes: alerts of ``kind`` ("" for all; several
    kinds: any of them) in ``village`` (a village code, "" for all)."""
    kind = kind if isinstance(kind, str) else KINDS_MARK.join(kind)
    return f"{kind}{VILLAGE_MARK}{village}" if village else kind


class AlertsPage(QWidget):
    """The alerts of the profile's scope as of today, filtered by kind."""

    open_household = Signal(str)

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 scope: str | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.runner, self.scope, self.today = runner, scope, today
        self.model = AlertTableModel(self)
        self.proxy = _AlertFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.proxy.setFilterRole(KindRole)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        # column widths from the first 200 rows, not thousands (a county has 5k+ alerts)
        self.view.horizontalHeader().setResizeContentsPrecision(200)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(AlertTableModel.COL_KIND, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._open)
        self.kind = QComboBox()
        self.kind.currentIndexChanged.connect(self._filter)
        #: 村（居）: shown when the alerts span more than one village
        self.village = QComboBox()
        self.village.setVisible(False)
        self.village.currentIndexChanged.connect(self._filter)
        self.count = QLabel()
        #: the steps of a read under way (at county scale the run takes seconds)
        self.steps = QProgressBar()
        self.steps.setRange(0, ROWS_STEPS)
        self.steps.setMaximumWidth(160)
        self.steps.setVisible(False)
        self._progress = Progress(self)
        self._progress.advanced.connect(self._advanced)
        self._wanted: str | None = None
        self._wanted_village: str | None = None
        #: a read of the alerts is under way (its rows will replace the shown ones)
        self._reading = False
        self._layout()
        # records changed: re-read soon if shown, else when the page is shown again
        self.redraw = Redraw(runner, self, self.reload, lists=("household", "person"),
                             records=True, delay_ms=RELOAD_DELAY_MS)
        self.places = PlaceWatch(runner, self, self._names)
        self.places.start()
        self.reload()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("预警类型")))
        top.addWidget(self.kind)
        top.addWidget(self.village)
        top.addStretch(1)
        top.addWidget(self.steps)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        hint = QLabel(self.tr("双击一行打开该户。"))
        hint.setStyleSheet("color: gray")
        layout.addWidget(hint)

    def reload(self) -> None:
        """Compute the alerts again (read lane), then show them."""
        self.count.setText(self.tr("正在计算预警…"))
        self.steps.setValue(0)
        self.steps.setVisible(True)
        self._reading = True
        read_alerts(self.runner, self, as_of=self.today(), scope=self.scope,
                    progress=self._progress).without_progress().success(self._show).failure(
            self._failed).run()

    def _advanced(self, done: int, _total: int) -> None:
        if self._reading:
            self.steps.setValue(done)

    def _failed(self, exc: BaseException) -> None:
        self._reading = False
        self.steps.setVisible(False)
        self.count.setText(self.tr("预警未能计算"))
        show_error(self, exc)

    def _show(self, rows: list[AlertRow]) -> None:
        self.steps.setVisible(False)
        chosen = self._wanted if self._wanted is not None else self.kind.currentData()
        village, self._wanted, self._wanted_village = self._wanted_village, None, None
        self._reading = False
        self.model.set_rows(rows)
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("全部"), "")
        for kind in self.model.kinds():
            count = sum(1 for r in rows if r.kind == kind)
            self.kind.addItem(bracketed(kind_label(kind), count), kind)
        if chosen and KINDS_MARK in chosen:
            self._add_group(chosen)
        self.kind.setCurrentIndex(max(0, self.kind.findData(chosen or "")))
        self.kind.blockSignals(False)
        self._fill_villages(village)
        self._filter()
        self.view.resizeColumnsToContents()

    def _fill_villages(self, chosen: str | None = None) -> None:
        """全部 + each village with alerts (by name once read), ``chosen`` (else the current
        one) selected; the combo and the 村 column only when there is more than one
        village."""
        villages, places = self.model.villages(), self.places.places
        current = chosen if chosen is not None else self.village.currentData() or ""
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem(self.tr("村（居）：全部"), "")
        for code, count in villages:
            self.village.addItem(bracketed(village_cell(places, code), count), code)
            self.village.setItemData(self.village.count() - 1, tip(places, code),
                                     Qt.ItemDataRole.ToolTipRole)
        self.village.setCurrentIndex(max(0, self.village.findData(current)))
        self.village.blockSignals(False)
        wide = len(villages) > 1
        self.village.setVisible(wide or bool(current))
        self.view.setColumnHidden(AlertTableModel.COL_VILLAGE, not wide)

    def _names(self, places: PlaceNames) -> None:
        self.model.set_places(places)
        self._fill_villages()

    def show_village(self, village: str) -> None:
        """Show only alerts of ``village`` ("" for all)."""
        self.village.setCurrentIndex(max(0, self.village.findData(village)))

    def show_kind(self, kind: str) -> None:
        """Show only alerts of ``kind`` ("" for all; kinds joined by ``KINDS_MARK``: any of
        them, listed as one entry 其他类型 while chosen)."""
        if KINDS_MARK in kind and self.kind.findData(kind) < 0:
            self.kind.blockSignals(True)
            self._add_group(kind)
            self.kind.blockSignals(False)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def _add_group(self, kinds: str) -> None:
        """An entry of the kind filter for several ``kinds`` (joined by ``KINDS_MARK``):
        其他类型 and their count, the kinds named in its tooltip."""
        group = kinds.split(KINDS_MARK)
        count = self.model.kind_count(group)
        self.kind.addItem(bracketed(self.tr("其他类型"), count), kinds)
        self.kind.setItemData(self.kind.count() - 1, listed(
            _tr(KIND_LABELS.get(k, k)) for k in group), Qt.ItemDataRole.ToolTipRole)

    def show_filter(self, wanted: str) -> None:
        """The frame opens this page for ``wanted`` (``alert_filter``: a kind, "" for all,
        and maybe a village); kept until the alerts being read arrive, if they have not
        yet, and no longer: a later re-read keeps what the user chose since."""
        kind, _, village = wanted.partition(VILLAGE_MARK)
        self._wanted, self._wanted_village = (kind, village) if self._reading else (None, None)
        self.show_kind(kind)
        self.show_village(village)

    def _filter(self) -> None:
        kind = self.kind.currentData() or ""
        kinds = "|".join(QRegularExpression.escape(k) for k in kind.split(KINDS_MARK))
        pattern = f"^(?:{kinds})$" if kind else ""
        self.proxy.setFilterRegularExpression(pattern)
        self.proxy.set_village(self.village.currentData() or "")
        self.count.setText(self.tr("共 %n 条预警", "", self.proxy.rowCount()))

    def _open(self, index: QModelIndex) -> None:
        household_id = index.data(IdRole)
        if household_id:
            self.open_household.emit(household_id)
