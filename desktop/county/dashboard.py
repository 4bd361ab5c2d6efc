"""The 概览 page: the county's key numbers and charts, each clicking through to its list.

``DashboardPage(runner, parent)`` reads every cheap number of ``registry.county_dashboard``
in one ``QueryOp`` (``read_dashboard``) and draws them with QtCharts: the labour force by
work place and by channel; this month's follow-ups by village, with the 20th marked;
subsidies granted this year by rule. The 12-month trends (labour force by employment
status, income of monitored households), which read every follow-up of the year, are
queued after that first paint; the alerts by village and kind, which need the full alert
run (seconds at 100k people), are counted at the same time on the read lane (the store's
read-only twin, its own thread), and the run is then saved by a small write.

A click on a bar of people opens ``PeopleDialog``, the people it counts (``Behind``:
at most 500 shown, with the total); a double-click there emits ``open_household``. A click
on an alert bar or on a tile that has a page of its own emits ``open_page(key, filter)``
("alerts" with the kind and the bar's village, ``alert_filter``; "worklist", "households",
"devices", "subsidy"); the frame shows that page. Devices are known only to the county server: the devices tile says so and
opens the devices page. The page re-reads after writes that touch people, households,
follow-ups or claims.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QCursor, QFontMetrics, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsTextItem,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.alerts_page import KIND_LABELS, alert_filter
from desktop.background import BackgroundRunner
from desktop.county.alert_runs import alert_runs
from desktop.county.dashboard_ops import read_dashboard, read_people_behind, read_trends
from desktop.errors import show_error
from desktop.i18n import is_english
from desktop.models import IdRole, TableModel
from desktop.places import PlaceWatch, village_cell
from desktop.redraw import Redraw
from desktop.text import fill
from desktop.text import word as stored_word
from registry.county_dashboard import (
    CHANNEL,
    INCOME,
    PLACE,
    RULE,
    STATUS,
    STATUSES,
    UNKNOWN,
    VILLAGE,
    VISITED,
    AlertCount,
    AlertCounts,
    Behind,
    Dashboard,
    Person,
    Selection,
    Trends,
)

_CONTEXT = "DashboardPage"
RELOAD_DELAY_MS = 1000
#: Numbers read again after a write are marked (tiles "≈", trend charts "正在计算…") when not
#: drawn again by then (the numbers kept while nothing was written come back well under it).
REREAD_MARK_MS = 300
# The kinds an alert chart shows one by one; the rest are summed as 其他.
TOP_KINDS = 6
# A county has a hundred villages or more: the village charts show the ones to act on.
TOP_VILLAGES = 15
Index = QModelIndex | QPersistentModelIndex

STATUS_LABELS = {
    "employed": QT_TRANSLATE_NOOP("DashboardPage", "就业"),
    "unemployed": QT_TRANSLATE_NOOP("DashboardPage", "未就业"),
    "returned": QT_TRANSLATE_NOOP("DashboardPage", "返乡"),
    "at_home": QT_TRANSLATE_NOOP("DashboardPage", "在家"),
    UNKNOWN: QT_TRANSLATE_NOOP("DashboardPage", "未填"),
}
# Work places and channels are stored as Chinese words; these translate them.
WORDS = {
    "县内": QT_TRANSLATE_NOOP("DashboardPage", "县内"),
    "省内县外": QT_TRANSLATE_NOOP("DashboardPage", "省内县外"),
    "省外": QT_TRANSLATE_NOOP("DashboardPage", "省外"),
    "国外": QT_TRANSLATE_NOOP("DashboardPage", "国外"),
    UNKNOWN: QT_TRANSLATE_NOOP("DashboardPage", "无务工地"),
    "有组织劳务输出": QT_TRANSLATE_NOOP("DashboardPage", "有组织劳务输出"),
    "自主外出务工": QT_TRANSLATE_NOOP("DashboardPage", "自主外出务工"),
    "本地企业或园区": QT_TRANSLATE_NOOP("DashboardPage", "本地企业或园区"),
    "就业帮扶车间": QT_TRANSLATE_NOOP("DashboardPage", "就业帮扶车间"),
    "社区工厂": QT_TRANSLATE_NOOP("DashboardPage", "社区工厂"),
    "卫星工厂": QT_TRANSLATE_NOOP("DashboardPage", "卫星工厂"),
    "以工代赈": QT_TRANSLATE_NOOP("DashboardPage", "以工代赈"),
    "乡村公益性岗位": QT_TRANSLATE_NOOP("DashboardPage", "乡村公益性岗位"),
    "自主创业": QT_TRANSLATE_NOOP("DashboardPage", "自主创业"),
    "灵活就业": QT_TRANSLATE_NOOP("DashboardPage", "灵活就业"),
    "种养殖": QT_TRANSLATE_NOOP("DashboardPage", "种养殖"),
    "三支一扶": QT_TRANSLATE_NOOP("DashboardPage", "三支一扶"),
}
OTHER_KINDS = QT_TRANSLATE_NOOP("DashboardPage", "其他")
VISITED_COLOR, DUE_COLOR, OVERDUE_COLOR = QColor("#4c9a5b"), QColor("#b8b8b8"), QColor("#d0443e")


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def word(key: str) -> str:
    """A stored word (work place, channel; a status such as 未就业 in a list's 情况 column)
    in the UI language: the chart's own words first, then the app's (``desktop.text.word``)."""
    return _tr(WORDS[key]) if key in WORDS else stored_word(key)


def village_label(code: str) -> str:
    """A village on an axis: its code past the county's 6 digits."""
    return code[6:] if len(code) == 12 else code or "—"


def money(value: float) -> str:
    """An amount in yuan, grouped: 12,345."""
    return f"{value:,.0f}"


class PeopleModel(TableModel):
    """The people behind one bar: 户编号, name, village, and the bar's detail."""

    CONTEXT = "PeopleModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("PeopleModel", "户编号"),
        QT_TRANSLATE_NOOP("PeopleModel", "姓名"),
        QT_TRANSLATE_NOOP("PeopleModel", "村"),
        QT_TRANSLATE_NOOP("PeopleModel", "情况"),
    )

    # How a village code reads in the 村 column (the page's ``village``: by name).
    namer: Callable[[str], str] = staticmethod(village_label)

    def set_rows(self, rows: list[Person]) -> None:
        """Replace all rows."""
        self._replace(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == IdRole:
            return row.household_id
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.household_no, row.name, self.namer(row.village),
                    word(row.detail))[index.column()]
        return None


class PeopleDialog(QDialog):
    """The people behind a bar; double-click a row to open the household.

    A dialog stays above its window, so it would hide the household it opened: it is set
    aside then (``set_aside``) and the page shows it again when it is shown again (the
    household page's 返回)."""

    open_household = Signal(str)

    def __init__(self, title: str, behind: Behind, parent: QWidget | None = None, *,
                 village: Callable[[str], str] = village_label) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.model = PeopleModel(self)
        self.model.namer = village
        self.model.set_rows(behind.rows)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._open)
        self.set_aside = False
        shown = len(behind.rows)
        self.count = QLabel(self.tr("共 %n 人", "", behind.total) if shown == behind.total
                            else fill(self.tr("共 %1 人，显示前 %2 人"), behind.total, shown))
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.view, 1)
        hint = QLabel(self.tr("双击一行打开该户（本名单暂时收起，回到概览时再显示）。"))
        hint.setStyleSheet("color: gray")
        layout.addWidget(hint)
        self.resize(640, 480)
        self.view.resizeColumnsToContents()

    def _open(self, index: QModelIndex) -> None:
        household = index.data(IdRole) or ""
        if household:
            self.set_aside = True
            self.hide()
            self.open_household.emit(household)


class Tile(QPushButton):
    """A key number with its caption; a click opens the list behind it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = caption
        self.setMinimumHeight(64)
        self.setStyleSheet("QPushButton { text-align: left; padding: 6px 12px; }")
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        self.set_value("…")

    def set_value(self, value: str, note: str = "") -> None:
        """Show ``value`` (and a small ``note``) under the caption."""
        self.value, self.note = value, note
        self.setText(f"{self.caption}\n{value}" + (f"  {note}" if note else ""))

    def mark_approximate(self) -> None:
        """Show the value as no longer exact ("≈"), until the next ``set_value``."""
        if not self.value.startswith("≈"):
            self.set_value(f"≈{self.value}", self.note)


MIN_HEIGHT = 280


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(chart.margins() * 0)
    chart.plotAreaChanged.connect(lambda _area: fit_labels(chart))
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(420, MIN_HEIGHT)
    return chart, view


#: The share of its category's width a label may take and still be drawn whole: QtCharts
#: cuts a label well before it fills its category (at 1024 pixels a 67-pixel label was cut
#: in an 89-pixel category; at 1366, in English, "In province" was cut in about 96 pixels).
LABEL_ROOM = 0.55


def fit_labels(chart: QChart) -> None:
    """Turn the labels of a bottom category axis upright when they do not fit side by side
    in the plot's width (QtCharts would cut them: "2…" for a month at 1024 pixels), and
    back when they fit again. Runs whenever the plot area changes (a resize, a redraw)."""
    for axis in chart.axes(Qt.Orientation.Horizontal):
        if not isinstance(axis, QBarCategoryAxis) or not axis.count():
            continue
        metrics = QFontMetrics(axis.labelsFont())
        widest = max(metrics.horizontalAdvance(c) for c in axis.categories())
        room = chart.plotArea().width() / axis.count()
        angle = 0 if widest <= room * LABEL_ROOM else -90
        if axis.labelsAngle() != angle:
            axis.setLabelsAngle(angle)


# How wide a rule's name may be on the subsidy chart before it wraps to another line.
RULE_LABEL_WIDTH = 300


def wrapped(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` as an axis label (rich text) in lines of at most ``width`` pixels: broken
    at spaces between Latin words and digits, anywhere between Chinese characters (a
    single word wider than ``width`` is kept whole); "&" and "<" escaped."""
    lines: list[str] = []
    line = ""
    for part in re.findall(r"[!-~]+\s*|\s+|.", text):
        if line and metrics.horizontalAdvance((line + part).rstrip()) > width:
            lines.append(line.rstrip())
            line, part = "", part.lstrip()
        line += part
    lines.append(line.rstrip())
    return "<br>".join(html.escape(line, quote=False) for line in lines)


# A village chart's height: QtCharts cuts a left-axis label to "…" unless its row is
# taller than the label drawn as rich text (26 pixels for Chinese at 1366x768, 14 for
# digits: the CJK fallback font is taller), so each row gets that and a little more, plus
# room for the title, the value axis and the legend.
ROW_SPARE, CHART_ROWS = 4, 6


def fit_rows(view: QChartView, labels: list[str]) -> None:
    """Make a horizontal bar chart tall enough for each of its ``labels`` (one a row, maybe
    of several lines: ``<br>``) to be drawn whole, plus ``CHART_ROWS`` lines for the title,
    axis and legend; the page scrolls when the charts are taller than the window."""
    probe = QGraphicsTextItem()
    probe.setFont(view.chart().font())

    def height(text: str) -> float:
        probe.setHtml(text)
        return probe.boundingRect().height() + ROW_SPARE

    row = max(height(text) for text in {*labels} or {"—"})
    line = height(max(labels, key=len).split("<br>")[0] if labels else "—")  # one line
    view.setMinimumHeight(max(MIN_HEIGHT, round(row * len(labels) + line * CHART_ROWS)))


def _clear(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)


MIN_AXIS_TOP = 4
Bars = list[tuple[str, list[float], Callable[[int], None] | None, QColor | None]]


def _draw_bars(chart: QChart, categories: list[str], bars: Bars, *, stacked: bool = False,
               horizontal: bool = False) -> Any:
    """Draw ``bars`` (label, values, on_click(category index), colour) over ``categories``."""
    _clear(chart)
    kinds = {(False, False): QBarSeries, (True, False): QStackedBarSeries,
             (False, True): QHorizontalBarSeries, (True, True): QHorizontalStackedBarSeries}
    series = kinds[(stacked, horizontal)]()
    for label, values, on_click, color in bars:
        bar = QBarSet(label)
        bar.append([float(v) for v in values])
        if color is not None:
            bar.setColor(color)
        if on_click is not None:
            bar.clicked.connect(on_click)
        series.append(bar)
    chart.addSeries(series)
    names, numbers = QBarCategoryAxis(), QValueAxis()
    names.append(categories or ["—"])
    numbers.setLabelFormat("%d")
    top = max([sum(col) if stacked else max(col, default=0)
               for col in zip(*(b[1] for b in bars), strict=True)] or [0])
    # at least 0–4: the default 5 ticks then fall on whole numbers ("%d" of 0.25 steps
    # read "0 0 0 0 1" on an empty chart or one of a few people)
    numbers.setRange(0, max(float(MIN_AXIS_TOP), top * 1.1))
    numbers.applyNiceNumbers()
    along, across = ((Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom) if horizontal
                     else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft))
    chart.addAxis(names, along)
    chart.addAxis(numbers, across)
    series.attachAxis(names)
    series.attachAxis(numbers)
    chart.legend().setVisible(len(bars) > 1)
    fit_labels(chart)
    return series


class DashboardPage(QWidget):
    """概览: the county's numbers as of today, each clicking through to its list."""

    open_household = Signal(str)
    # (page key, filter): the frame shows that page ("alerts" filtered by a kind ...)
    open_page = Signal(str, str)
    # Emitted after each first paint: tiles and the charts of the current state.
    drawn = Signal()
    # Emitted after the 12-month trends are drawn.
    trends_drawn = Signal()
    # Emitted after the alerts chart is drawn with a current run (counted on the read lane:
    # it may come before or after the trends).
    alerts_drawn = Signal()
    # The frame re-reads the navigation's counts (the alerts': the run just drawn).
    counts_changed = Signal()

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 scope: str | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.runner, self.today = runner, today
        self.scope = scope if scope is not None else runner.identity.scope
        self.board: Dashboard | None = None
        self.alerts: list[AlertCount] = []
        self._alert_run: tuple[AlertCounts, bool] | None = None
        self.trends: Trends | None = None
        self.rule_names: dict[str, str] = {}  # rule id -> name as the subsidy chart shows it
        self.dialogs: list[PeopleDialog] = []
        self._tiles()
        self._charts()
        self._layout()
        self.alerts_drawn.connect(self.counts_changed)
        # records changed: re-read soon if shown, else when the page is shown again
        self.redraw = Redraw(runner, self, self.reload, records=True, delay_ms=RELOAD_DELAY_MS,
                             lists=("household", "person", "visit", "claim"))
        self._later = QTimer(self, singleShot=True, interval=0)
        self._later.timeout.connect(self._read_later)
        # numbers drawn before and being read again: say so if the read is not quick (kept)
        self._board_due = QTimer(self, singleShot=True, interval=REREAD_MARK_MS)
        self._board_due.timeout.connect(self._tiles_approximate)
        self._trends_due = QTimer(self, singleShot=True, interval=REREAD_MARK_MS)
        self._trends_due.timeout.connect(
            lambda: self._computing(self.status_chart, self.income_chart))
        self.places = PlaceWatch(runner, self, self._names)
        self.places.start()
        self.reload()

    def village(self, code: str) -> str:
        """A village on an axis: its name once names are read (``village_cell``: an unnamed
        one under its township), before that its code past the county's 6 digits."""
        named = village_cell(self.places.places, code)
        return named if named != code else village_label(code)

    def village_axis(self, codes: list[str]) -> list[str]:
        """The labels of a village axis: ``village`` each, without the township's name when
        every village is of the same (named) township ("思溪村", not "思口镇思溪村")."""
        labels = [self.village(code) for code in codes]
        places = self.places.places
        townships = {code[:9] for code in codes}
        if places is None or len(townships) != 1 or len(codes[0]) != 12:
            return labels
        township = places.name(codes[0][:9])
        if township == codes[0][:9] or not all(label.startswith(township) for label in labels):
            return labels
        return [label[len(township):].lstrip() or label for label in labels]

    def _names(self, _places: object) -> None:
        """Names were read (or renamed): draw the village charts again with them."""
        if self.board is not None:
            self._draw_visits(self.board)
        if self._alert_run is not None:
            run, final = self._alert_run
            self._show_alerts(run, final=final)

    # -- layout --------------------------------------------------------------------------
    def _tiles(self) -> None:
        self.labour_tile = Tile(self.tr("劳动力"))
        self.visits_tile = Tile(self.tr("本月已走访"))
        self.alerts_tile = Tile(self.tr("预警"))
        self.subsidy_tile = Tile(self.tr("本年补贴"))
        self.devices_tile = Tile(self.tr("设备"))
        self.devices_tile.set_value(self.tr("见“设备”页"), self.tr("（设备状态在县服务器）"))
        for tile, key in ((self.labour_tile, "households"), (self.visits_tile, "worklist"),
                          (self.alerts_tile, "alerts"), (self.subsidy_tile, "subsidy"),
                          (self.devices_tile, "devices")):
            tile.clicked.connect(lambda _checked=False, key=key: self._tile_clicked(key))
        self._pages: set[str] | None = None  # every page until the frame says

    def pages_shown(self, keys: set[str]) -> None:
        """The workspace's pages (the frame says): without a 设备 page (a township) the tile
        that only points to it is not shown; without 补贴名单 the 本年补贴 tile shows its
        chart on this page."""
        self._pages = set(keys)
        self.devices_tile.setVisible("devices" in keys)
        if "subsidy" not in keys:
            self.subsidy_tile.setToolTip(self.tr("查看下方“本年补贴发放”图（补贴名单由县级办理）"))

    def _tile_clicked(self, key: str) -> None:
        if self._pages is None or key in self._pages:
            self.open_page.emit(key, "")
        elif key == "subsidy":  # a township: the chart is what there is to see
            self.scroll.ensureWidgetVisible(self.subsidy_view)

    def _charts(self) -> None:
        self.status_chart, status_view = _chart(self.tr("劳动力就业状况（近12个月）"))
        self.place_chart, place_view = _chart(self.tr("务工地点"))
        self.channel_chart, channel_view = _chart(self.tr("就业渠道"))
        self.income_chart, income_view = _chart(self.tr("监测户户均月收入（元）"))
        self.visits_chart, visits_view = _chart(self.tr("本月走访完成情况（按村）"))
        self.alerts_chart, alerts_view = _chart(self.tr("预警（按村、类型）"))
        self.subsidy_chart, subsidy_view = _chart(self.tr("本年补贴发放（按规则，元）"))
        self.subsidy_view = subsidy_view
        self.views = [status_view, place_view, channel_view, income_view, visits_view,
                      alerts_view, subsidy_view]
        self.titles = {chart: chart.title() for chart in (
            self.status_chart, self.income_chart, self.alerts_chart)}
        self._computing(*self.titles)

    def _computing(self, *charts: QChart) -> None:
        """Say in its title that a chart read later is still being computed."""
        for chart in charts:
            chart.setTitle(fill(self.tr("%1（正在计算…）"), self.titles[chart]))

    def _layout(self) -> None:
        tiles = QHBoxLayout()
        for tile in (self.labour_tile, self.visits_tile, self.alerts_tile, self.subsidy_tile,
                     self.devices_tile):
            tiles.addWidget(tile)
        grid = QGridLayout()
        status, place, channel, income, visits, alerts, subsidy = self.views
        channel.setMinimumHeight(2 * channel.minimumHeight())  # a label per channel
        for view, row, column, rows, columns in (
                (status, 0, 0, 1, 1), (income, 0, 1, 1, 1), (channel, 1, 0, 2, 1),
                (place, 1, 1, 1, 1), (visits, 2, 1, 1, 1), (alerts, 3, 0, 1, 2),
                (subsidy, 4, 0, 1, 2)):
            grid.addWidget(view, row, column, rows, columns)
        inner = QWidget()
        inner.setLayout(grid)
        scroll = self.scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.deadline = QLabel()
        self.hint = QLabel(self.tr("点击数字或柱形，查看其中的人员名单。"))
        self.hint.setStyleSheet("color: gray")
        layout = QVBoxLayout(self)
        layout.addLayout(tiles)
        layout.addWidget(self.deadline)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.hint)

    # -- reading -------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the numbers of the current state (DB thread) and draw them; then read the
        trends and the alerts."""
        if self.board is not None:
            self._board_due.start()
        if self.trends is not None:
            self._trends_due.start()
        read_dashboard(self.runner, self, scope=self.scope, today=self.today()
                       ).without_progress().success(self._show).run()
        QTimer.singleShot(0, self, self._read_alerts)  # on the read lane, meanwhile

    def _read_later(self) -> None:
        """The 12-month trends (DB thread, after the first paint)."""
        read_trends(self.runner, self, scope=self.scope, today=self.today()
                    ).without_progress().success(self._show_trends).run()

    def _read_alerts(self) -> None:
        """Today's alerts from the shared count (``alert_runs``): the last run at once if
        records did not change since, else shown as stale while a full run (read lane) is
        counted, or the one in flight (the background's) is awaited."""
        alert_runs(self.runner, self.scope).request(
            self.today(), self._counted, stale=self._stale_alerts, failed=self._count_failed)

    def _counted(self, run: AlertCounts) -> None:
        """A current run came (the last one, or counted just now, its save queued): draw
        it, unless the page is gone (the count is shared: it may outlive the page)."""
        if shiboken6.isValid(self):
            self._show_alerts(run)

    def _stale_alerts(self, last: AlertCounts) -> None:
        if shiboken6.isValid(self):
            self._show_alerts(last, final=False)

    def _count_failed(self, error: BaseException) -> None:
        if shiboken6.isValid(self):
            show_error(self, error)

    def _tiles_approximate(self) -> None:
        """The tiles of the first paint, while it is read again: "≈" their numbers."""
        for tile in (self.labour_tile, self.visits_tile, self.subsidy_tile):
            tile.mark_approximate()

    def _show(self, board: Dashboard) -> None:
        self._board_due.stop()
        self.board = board
        self._draw_tiles(board)
        self._draw_places(board)
        self._draw_channels(board)
        self._draw_visits(board)
        self._draw_subsidies(board)
        self.drawn.emit()
        self._later.start()

    def _show_trends(self, trends: Trends) -> None:
        self._trends_due.stop()
        self.trends = trends
        for chart in (self.status_chart, self.income_chart):
            chart.setTitle(self.titles[chart])
        self._draw_status(trends)
        self._draw_income(trends)
        self.trends_drawn.emit()

    def _draw_tiles(self, board: Dashboard) -> None:
        people = board.labour_force()
        self.labour_tile.set_value(str(people), self.tr("人", "", people))
        required = sum(v.required for v in board.visits)
        visited = sum(v.visited for v in board.visits)
        share = f"{100 * visited / required:.0f}%" if required else "—"
        self.visits_tile.set_value(f"{visited} / {required}", share)
        claims = sum(r.claims for r in board.subsidies)
        self.subsidy_tile.set_value(fill(self.tr("%1 元"), money(
            sum(r.amount for r in board.subsidies))), self.tr("%n 笔", "", claims))
        day = board.today.day
        self.deadline.setText(
            fill(self.tr("走访截止：每月20日。今天 %1 日，已过截止日，未走访的为逾期。"), day)
            if board.deadline_passed
            else fill(self.tr("走访截止：每月20日。今天 %1 日，还有 %n 天。", "", 20 - day), day))

    def _draw_status(self, board: Trends) -> None:
        months = list(board.months)
        present = [s for s in (*STATUSES, UNKNOWN) if any(r.status == s for r in board.status)]
        bars: Bars = []
        for status in present:
            values = [0.0] * len(months)
            for r in board.status:
                if r.status == status and r.month in months:
                    values[months.index(r.month)] = r.people
            bars.append((_tr(STATUS_LABELS[status]), values,
                         lambda i, s=status: self.show_people(Selection(STATUS, s, months[i])),
                         None))
        _draw_bars(self.status_chart, [m[2:] for m in months], bars, stacked=True)

    def _draw_places(self, board: Dashboard) -> None:
        keys = [c.key for c in board.places]
        _draw_bars(self.place_chart, [word(k) for k in keys], [(
            self.tr("人数"), [c.count for c in board.places],
            lambda i: self.show_people(Selection(PLACE, keys[i])), None)])

    def _draw_channels(self, board: Dashboard) -> None:
        rows = list(reversed(board.channels))  # most at the top of a horizontal chart
        keys = [c.key for c in rows]
        _draw_bars(self.channel_chart, [word(k) for k in keys], [(
            self.tr("人数"), [c.count for c in rows],
            lambda i: self.show_people(Selection(CHANNEL, keys[i])), None)], horizontal=True)

    def _draw_income(self, board: Trends) -> None:
        chart = self.income_chart
        _clear(chart)
        months = list(board.months)
        by_month = {r.month: r for r in board.income}
        line = QLineSeries()
        line.setName(self.tr("户均月收入"))
        line.setPointsVisible(True)
        for n, month in enumerate(months):
            if month in by_month:
                line.append(QPointF(n, by_month[month].average))
        line.clicked.connect(lambda point: self._income_clicked(point, months))
        chart.addSeries(line)
        names, numbers = QBarCategoryAxis(), QValueAxis()
        names.append([m[2:] for m in months])
        names.setRange(months[0][2:], months[-1][2:])
        numbers.setLabelFormat("%d")
        top = max((r.average for r in board.income), default=0.0)
        numbers.setRange(0, max(1.0, top * 1.2))
        numbers.applyNiceNumbers()
        chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(numbers, Qt.AlignmentFlag.AlignLeft)
        line.attachAxis(names)
        line.attachAxis(numbers)
        chart.legend().setVisible(False)
        fit_labels(chart)
        self.income_line = line

    def _income_clicked(self, point: QPointF, months: list[str]) -> None:
        index = round(point.x())
        if 0 <= index < len(months):
            self.show_people(Selection(INCOME, "", months[index]))

    def _draw_visits(self, board: Dashboard) -> None:
        rows = board.visits
        self.visits_chart.setTitle(self.tr("本月走访完成情况（按村）"))
        if len(rows) > TOP_VILLAGES:  # the villages furthest behind, the worst at the top
            rows = sorted(rows, key=lambda v: (v.visited / v.required if v.required else 1,
                                               v.village))[:TOP_VILLAGES][::-1]
            self.visits_chart.setTitle(fill(self.tr("本月走访完成率最低的 %1 个村（共 %2 个村）"),
                                            len(rows), len(board.visits)))
        villages = [v.village for v in rows]
        late = board.deadline_passed
        missing = self.tr("逾期（已过20日）") if late else self.tr("待走访（20日前）")
        labels = self.village_axis(villages)
        fit_rows(self.views[4], labels)
        _draw_bars(self.visits_chart, labels, [
            (self.tr("已走访"), [v.visited for v in rows],
             lambda i: self.show_people(Selection(VISITED, villages[i])), VISITED_COLOR),
            (missing, [v.missing for v in rows],
             lambda i: self.show_people(Selection(VILLAGE, villages[i])),
             OVERDUE_COLOR if late else DUE_COLOR)], stacked=True, horizontal=True)

    def _draw_subsidies(self, board: Dashboard) -> None:
        """A row per rule, the largest at the top, its name wrapped (never cut: an expired
        rule's mark stays readable); hovering a bar shows the name, amount and claims."""
        totals = list(reversed(board.subsidies))  # the largest at the top
        rules = [r.rule for r in totals]
        names = [r.name(english=is_english()) for r in totals]
        self.rule_names = dict(zip(rules, names, strict=True))
        metrics = QFontMetrics(self.subsidy_chart.font())
        labels = [wrapped(name, metrics, RULE_LABEL_WIDTH) for name in names]
        fit_rows(self.views[6], labels)
        series = _draw_bars(self.subsidy_chart, labels, [(
            self.tr("金额（元）"), [r.amount for r in totals],
            lambda i: self.show_people(Selection(RULE, rules[i])), None)], horizontal=True)
        tips = [fill(self.tr("%1：%2 元，%n 笔", "", r.claims), name, money(r.amount))
                for name, r in zip(names, totals, strict=True)]
        series.barSets()[0].hovered.connect(
            lambda on, i: QToolTip.showText(QCursor.pos(), tips[i] if on else ""))

    def _show_alerts(self, run: AlertCounts, *, final: bool = True) -> None:
        """Draw one alert run; its title says when it was computed (and, if ``final`` is
        false, that records changed since and it is being computed again, or that it is an
        earlier day's while today's is counted)."""
        self._alert_run = (run, final)
        self.alerts = counts = run.counts
        total = sum(c.count for c in counts)
        # not final (an earlier day's run, or records changed since): approximately so many
        self.alerts_tile.set_value(str(total) if final else f"≈{total}", self.tr("条", "", total))
        totals: dict[str, int] = {}
        for c in counts:
            totals[c.kind] = totals.get(c.kind, 0) + c.count
        kinds = sorted(totals, key=lambda k: -totals[k])[:TOP_KINDS]
        per_village: dict[str, int] = {}
        for c in counts:
            per_village[c.village] = per_village.get(c.village, 0) + c.count
        villages = sorted(per_village)
        self.alerts_chart.setTitle(self.tr("预警（按村、类型）"))
        if len(villages) > TOP_VILLAGES:  # the villages with most alerts, the most at the top
            villages = sorted(villages, key=lambda v: (-per_village[v], v))[:TOP_VILLAGES][::-1]
            self.alerts_chart.setTitle(fill(self.tr("预警最多的 %1 个村（共 %2 个村），按类型"),
                                            len(villages), len(per_village)))
        others = sorted(k for k in totals if k not in kinds)  # the kinds 其他 groups
        bars: Bars = []
        for kind in [*kinds, ""]:
            values = [0.0] * len(villages)
            for c in counts:
                if c.village in villages and (c.kind == kind or (not kind and c.kind not in kinds)):
                    values[villages.index(c.village)] += c.count
            if kind or any(values):
                label = _tr(OTHER_KINDS) if not kind else QCoreApplication.translate(
                    "AlertTableModel", KIND_LABELS.get(kind, kind))
                bars.append((label, values, lambda i, k=kind or others: self.open_page.emit(
                    "alerts", alert_filter(k, villages[i])), None))
        labels = self.village_axis(villages)
        fit_rows(self.views[5], labels)
        _draw_bars(self.alerts_chart, labels, bars,
                   stacked=True, horizontal=True)
        self.alerts_chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        when = run.computed_at.strftime("%H:%M")
        if run.earlier_day is not None:  # the first opening of a day: an earlier day's run
            note = fill(self.tr("%1 的结果，正在计算今天的预警…"), run.earlier_day.strftime("%m-%d"))
        elif final:
            note = fill(self.tr("%1 计算"), when)
        else:
            note = fill(self.tr("%1 计算，此后记录有变化，正在重新计算…"), when)
        self.alerts_chart.setTitle(fill(self.tr("%1（%2）"), self.alerts_chart.title(), note))
        if final:
            self.alerts_drawn.emit()

    # -- click-through -------------------------------------------------------------------
    def show_people(self, selection: Selection) -> None:
        """Open the list of the people behind one bar."""
        read_people_behind(self.runner, self, selection, scope=self.scope, today=self.today()
                           ).success(self._open_people).run()

    def _open_people(self, behind: Behind) -> None:
        dialog = PeopleDialog(self._title(behind.selection), behind, self, village=self.village)
        dialog.open_household.connect(self.open_household)
        dialog.finished.connect(lambda _r, d=dialog: self._forget(d))
        self.dialogs.append(dialog)
        dialog.show()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Shown again (back from a household opened from a list): the lists set aside
        come back."""
        super().showEvent(event)
        for dialog in self.dialogs:
            if dialog.set_aside:
                dialog.set_aside = False
                dialog.show()

    def _forget(self, dialog: PeopleDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)

    def _title(self, selection: Selection) -> str:
        key, month = selection.key, selection.month
        titles = {
            STATUS: lambda: fill(self.tr("%1 走访为“%2”的人员"), month,
                                 _tr(STATUS_LABELS.get(key, key))),
            PLACE: lambda: fill(self.tr("务工地点：%1"), word(key)),
            CHANNEL: lambda: fill(self.tr("就业渠道：%1"), word(key)),
            VILLAGE: lambda: fill(self.tr("%1 本月未走访的人员"), self.village(key)),
            VISITED: lambda: fill(self.tr("%1 本月已走访的人员"), self.village(key)),
            RULE: lambda: fill(self.tr("本年“%1”补贴对象"), self.rule_names.get(key, key)),
            INCOME: lambda: fill(self.tr("%1 有收入记录的监测户成员"), month),
        }
        return titles[selection.what]()
