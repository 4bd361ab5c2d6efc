"""The county's 概览 page: tiles and charts from a real encrypted county profile, each bar
opening the people it counts, the alerts bar opening the alerts page in the main window, and
a redraw after a write. Real runner (DB thread); the people model tested without widgets."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from bangfu_testdata import PASSPHRASE, make_id
from PySide6.QtCharts import QBarSet
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.background import BackgroundRunner, CollectionOp
from desktop.county.dashboard import DashboardPage, PeopleDialog, PeopleModel
from desktop.main_window import MainWindow
from desktop.places import village_cell
from registry.alerts import alerts_for_store
from registry.county_dashboard import Behind, Person, Selection, alerts_by_village
from registry.keyslots import KdfParams
from registry.places import PlaceNames
from registry.store import Create
from sync.protocol import new_id

COUNTY = "361130"
V1, V2 = "361130104201", "361130104202"
TODAY = date(2026, 11, 22)


@pytest.fixture
def county(profile):
    s = profile.create(user="county", passphrase=PASSPHRASE, scope=COUNTY, kdf=KdfParams.fast())
    yield s
    BackgroundRunner.stop_all()
    s.close()


def _fill(store, today: date = TODAY) -> dict[str, str]:
    """V1: a monitored household, 罗军浩 (省外, visited this month) and 罗海 (not working,
    not visited); V2: 李四 (县内, visited). Returns the ids by name."""
    ids = {n: new_id() for n in ("h1", "h2", "罗军浩", "罗海", "李四")}
    this_month = today.replace(day=3).isoformat()
    last_month = (today.replace(day=1) - timedelta(days=20)).isoformat()
    store.write([
        Create("household", {"household_no": V1 + "0001", "head_name": "罗军浩",
                             "monitored": True}, scope=V1, entity_id=ids["h1"]),
        Create("household", {"household_no": V2 + "0001", "head_name": "李四"}, scope=V2,
               entity_id=ids["h2"]),
        Create("person", {"name": "罗军浩", "id_number": make_id(seq="111"), "relation": "户主",
                          "household_id": ids["h1"], "labour_class": "普通劳动力",
                          "work_status": "自主外出务工", "work_region": "省外"},
               entity_id=ids["罗军浩"]),
        Create("person", {"name": "罗海", "id_number": make_id(seq="121"), "relation": "之子",
                          "household_id": ids["h1"], "labour_class": "技能劳动力",
                          "work_status": "未就业"}, entity_id=ids["罗海"]),
        Create("person", {"name": "李四", "id_number": make_id(seq="141"), "relation": "户主",
                          "household_id": ids["h2"], "labour_class": "普通劳动力",
                          "work_status": "未就业"}, entity_id=ids["李四"]),
    ])
    store.write([
        Create("visit", {"person_id": ids["罗军浩"], "visit_date": this_month,
                         "employment_status": "employed", "monthly_income": 4000}),
        Create("visit", {"person_id": ids["罗军浩"], "visit_date": last_month,
                         "employment_status": "employed", "monthly_income": 3800}),
        Create("visit", {"person_id": ids["罗海"], "visit_date": last_month,
                         "employment_status": "unemployed", "monthly_income": 0}),
        Create("visit", {"person_id": ids["李四"], "visit_date": this_month,
                         "employment_status": "unemployed"}),
    ])
    return ids


def _page(qtbot, store, runner: BackgroundRunner | None = None) -> DashboardPage:
    page = DashboardPage(runner or BackgroundRunner(store), today=lambda: TODAY)
    qtbot.addWidget(page)
    assert page.status_chart.title() == "劳动力就业状况（近12个月）（正在计算…）"
    # the alerts are counted on the read lane while the DB thread reads the rest: either
    # may come first
    with qtbot.waitSignals([page.alerts_drawn, page.trends_drawn], timeout=10_000):
        page.show()
        qtbot.waitUntil(lambda: page.board is not None, timeout=10_000)
    assert page.trends is not None and "正在计算" not in page.status_chart.title()
    assert re.fullmatch(r"预警（按村、类型）（\d\d:\d\d 计算）", page.alerts_chart.title())
    page.runner.wait()  # the run's save (a small write queued after the count) is done
    return page


def _sets(chart) -> list[QBarSet]:
    return [s for series in chart.series() for s in series.barSets()]


def test_tiles_and_charts_show_the_countys_numbers(county, qtbot):
    _fill(county)
    page = _page(qtbot, county)
    assert page.labour_tile.value == "3"
    assert page.visits_tile.value == "2 / 3"
    assert "已过截止日" in page.deadline.text()
    status = {s.label(): [s.at(i) for i in range(s.count())] for s in _sets(page.status_chart)}
    assert status["就业"][-2:] == [1, 1] and status["未就业"][-2:] == [1, 1]
    visits = {s.label(): [s.at(i) for i in range(s.count())] for s in _sets(page.visits_chart)}
    assert visits == {"已走访": [1, 1], "逾期（已过20日）": [1, 0]}
    places = _sets(page.place_chart)[0]
    assert [places.at(i) for i in range(places.count())] == [1, 2]  # 省外, 无务工地
    points = page.income_line.points()
    assert [(p.x(), p.y()) for p in points] == [(10, 3800), (11, 4000)]
    alerts = alerts_for_store(county, as_of=TODAY, scope=COUNTY)
    assert alerts and page.alerts_tile.value == str(len(alerts))
    assert sum(s.sum() for s in _sets(page.alerts_chart)) == len(alerts)
    assert "设备" in page.devices_tile.text() and "设备" in page.devices_tile.value


def test_a_bar_opens_the_people_behind_it(county, qtbot):
    ids = _fill(county)
    page = _page(qtbot, county)
    qtbot.waitUntil(lambda: page.places.places is not None, timeout=10_000)
    missing = [s for s in _sets(page.visits_chart) if s.label().startswith("逾期")][0]
    missing.clicked.emit(0)  # village V1: 罗海 not visited this month
    qtbot.waitUntil(lambda: bool(page.dialogs), timeout=5000)
    dialog = page.dialogs[-1]
    assert dialog.model.rowCount() == 1 and "共 1 人" in dialog.count.text()
    # the village by name, as on the chart, not its code
    assert dialog.windowTitle() == "思口镇思溪村 本月未走访的人员"
    assert dialog.model.index(0, 2).data() == "思口镇思溪村"
    index = dialog.model.index(0, 1)
    assert index.data() == "罗海"
    dialog.show()
    with qtbot.waitSignal(page.open_household, timeout=2000) as opened:
        dialog.view.doubleClicked.emit(index)
    assert opened.args == [ids["h1"]]
    # set aside (it would stay above the household it opened), back when 概览 is again
    assert not dialog.isVisible()
    page.hide()
    page.show()
    assert dialog.isVisible() and not dialog.set_aside
    place = _sets(page.place_chart)[0]
    place.clicked.emit(0)  # 省外
    qtbot.waitUntil(lambda: len(page.dialogs) == 2, timeout=5000)
    assert page.dialogs[-1].windowTitle() == "务工地点：省外"
    assert page.dialogs[-1].model.index(0, 1).data() == "罗军浩"


def test_a_write_redraws_the_page(county, qtbot):
    ids = _fill(county)
    page = _page(qtbot, county)
    op = CollectionOp(page.runner, page, lambda s: s.write([Create("visit", {
        "person_id": ids["罗海"], "visit_date": "2026-11-21", "employment_status": "employed",
        "monthly_income": 2500})]))
    with qtbot.waitSignal(page.drawn, timeout=10_000):
        op.run()
    assert page.visits_tile.value == "3 / 3"


def test_the_alerts_of_the_last_run_are_shown_until_a_record_is_written(county, qtbot):
    ids = _fill(county)
    first = _page(qtbot, county)
    # nothing written since: the same run, drawn at once (one runner per store: two would
    # be two DB threads on one connection)
    again = _page(qtbot, county, first.runner)
    assert again.alerts == first.alerts and again.alerts_chart.title() == (
        first.alerts_chart.title())
    before = again.alerts
    op = CollectionOp(first.runner, first, lambda s: s.write([Create("visit", {
        "person_id": ids["罗海"], "visit_date": "2026-11-21", "employment_status": "employed",
        "monthly_income": 2500})]))
    with qtbot.waitSignal(first.alerts_drawn, timeout=10_000):
        op.run()
    assert first.alerts == first.runner.call(
        lambda s: alerts_by_village(s, scope=COUNTY, today=TODAY))
    assert first.alerts != before  # 罗海's overdue follow-up is no longer alerted
    assert "正在重新计算" not in first.alerts_chart.title()


def _like_luohai(store, ids, today: date) -> None:
    """A second village's alerts: 王五 of V2, as 罗海 of V1 (not working, last visited last
    month)."""
    person = new_id()
    store.write([Create("person", {"name": "王五", "id_number": make_id(seq="151"),
                                   "relation": "之子", "household_id": ids["h2"],
                                   "labour_class": "技能劳动力", "work_status": "未就业"},
                        entity_id=person)])
    last_month = (today.replace(day=1) - timedelta(days=20)).isoformat()
    store.write([Create("visit", {"person_id": person, "visit_date": last_month,
                                  "employment_status": "unemployed", "monthly_income": 0})])


def test_the_county_opens_on_the_dashboard_and_an_alert_bar_opens_the_alerts(county, qtbot):
    ids = _fill(county, today=date.today())
    _like_luohai(county, ids, date.today())
    # an alert of V2 on any day (王五's overdue follow-up is one only after the 20th)
    county.write([Create("person", {"name": "李丽", "id_number": make_id(seq="161"),
                                    "relation": "之女", "household_id": ids["h2"],
                                    "labour_class": "丧失劳动力", "work_region": "省外"})])
    window = MainWindow(BackgroundRunner(county))
    qtbot.addWidget(window)
    window.show()
    assert window.current_key() == "dashboard"
    assert window.nav.item(0).text() == "概览"
    page: DashboardPage = window.pages["dashboard"]
    qtbot.waitUntil(lambda: bool(_sets(page.alerts_chart)), timeout=10_000)
    first = _sets(page.alerts_chart)[0]
    villages = sorted({c.village for c in page.alerts})
    assert len(villages) == 2
    bar = next(i for i in range(first.count()) if first.at(i))
    first.clicked.emit(bar)
    assert window.current_key() == "alerts"
    alerts = window.pages["alerts"]
    qtbot.waitUntil(lambda: alerts.kind.count() > 1, timeout=10_000)
    assert alerts.kind.currentText().startswith(first.label())
    # the village of the bar clicked, not 全部; the count is that village's
    assert alerts.village.currentData() == villages[bar] and alerts.village.isVisible()
    assert alerts.proxy.rowCount() == first.at(bar)
    assert alerts.count.text() == f"共 {int(first.at(bar))} 条预警"
    assert alerts.proxy.rowCount() < alerts.model.rowCount()


def test_the_alerts_page_keeps_the_village_asked_for_until_its_alerts_arrive(county, qtbot):
    from desktop.alerts_page import AlertsPage, alert_filter

    _like_luohai(county, _fill(county), TODAY)
    page = AlertsPage(BackgroundRunner(county), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show_filter(alert_filter("", V2))  # before the first read has come back
    qtbot.waitUntil(lambda: page.village.count() > 1, timeout=10_000)
    assert page.kind.currentData() == "" and page.village.currentData() == V2
    assert page.proxy.rowCount() == sum(1 for r in page.model._rows if r.village == V2)
    page.show_filter(alert_filter("visit_overdue", V1))  # the rows are here: at once
    assert (page.kind.currentData(), page.village.currentData()) == ("visit_overdue", V1)
    assert page.proxy.rowCount() == 1


def test_people_model(qtmodeltester):
    model = PeopleModel()
    model.set_rows([Person("h1", V1 + "0001", "罗军浩", V1, "省外"),
                    Person("h2", V2 + "0001", "李四", V2, "")])
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "104201" and model.index(0, 3).data() == "省外"


def test_a_long_list_says_how_many_are_shown(qtbot):
    rows = [Person(f"h{n}", f"{n:04d}", f"人{n}", V1, "") for n in range(3)]
    dialog = PeopleDialog("t", Behind(Selection("place", "省外"), 10, rows))
    qtbot.addWidget(dialog)
    assert dialog.count.text() == "共 10 人，显示前 3 人"
    assert QApplication.instance() is not None


def test_a_county_of_many_villages_shows_those_furthest_behind(county, qtbot):
    ops, people = [], []
    for n in range(16):
        village, hid, pid = f"361130104{n:03d}", new_id(), new_id()
        ops += [Create("household", {"household_no": village + "0001", "head_name": "王"},
                       scope=village, entity_id=hid),
                Create("person", {"name": f"王{n}", "id_number": make_id(seq=f"{n + 300}"),
                                  "relation": "户主", "household_id": hid,
                                  "labour_class": "普通劳动力"}, entity_id=pid)]
        people.append(pid)
    county.write(ops)
    county.write([Create("visit", {"person_id": pid, "visit_date": "2026-11-02",
                                   "employment_status": "employed"}) for pid in people[:9]])
    page = _page(qtbot, county)
    assert page.visits_chart.title() == "本月走访完成率最低的 15 个村（共 16 个村）"
    axis = page.visits_chart.axes(Qt.Orientation.Vertical)[0]
    shown = axis.categories()
    # the last visited village left out; none of these codes has a name: all of 思口镇, so
    # the township's name is left out of each label
    def labels():  # the axis is drawn again once names are read
        return page.visits_chart.axes(Qt.Orientation.Vertical)[0].categories()

    qtbot.waitUntil(lambda: labels()[-1] == "未命名村（009）", timeout=10_000)
    shown = labels()  # the worst at the top: not visited, first by code
    assert len(shown) == 15 and "未命名村（008）" not in shown
    overdue = [s for s in _sets(page.visits_chart) if s.label().startswith("逾期")][0]
    assert sum(overdue.at(i) for i in range(overdue.count())) == 7


def test_the_alerts_page_keeps_the_kind_asked_for_until_its_alerts_arrive(county, qtbot):
    from desktop.alerts_page import AlertsPage

    _fill(county)
    page = AlertsPage(BackgroundRunner(county), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show_filter("visit_overdue")  # before the first read has come back
    qtbot.waitUntil(lambda: page.kind.count() > 1, timeout=10_000)
    assert page.kind.currentData() == "visit_overdue"
    assert page.proxy.rowCount() == 1


def _bottom_labels(chart):
    from PySide6.QtCharts import QBarCategoryAxis

    (axis,) = [a for a in chart.axes(Qt.Orientation.Horizontal)
               if isinstance(a, QBarCategoryAxis)]
    return axis


def test_month_labels_turn_upright_in_a_small_window_and_back_in_a_wide_one(county, qtbot):
    from PySide6.QtGui import QFontMetrics

    from desktop.county.dashboard import LABEL_ROOM

    _fill(county)
    page = _page(qtbot, county)
    for width, height in ((1024, 700), (1366, 768), (2400, 1000), (1024, 700)):
        page.resize(width, height)
        qtbot.waitUntil(lambda w=width: page.width() == w, timeout=5_000)
        QApplication.processEvents()
        for chart in (page.status_chart, page.income_chart, page.place_chart):
            axis = _bottom_labels(chart)
            widest = max(QFontMetrics(axis.labelsFont()).horizontalAdvance(c)
                         for c in axis.categories())
            fits = widest <= chart.plotArea().width() / axis.count() * LABEL_ROOM
            assert axis.labelsAngle() == (0 if fits else -90), (width, chart.title())
        months = _bottom_labels(page.status_chart)
        assert months.labelsAngle() == {1024: -90, 2400: 0}.get(width, months.labelsAngle())


def test_a_village_without_a_name_reads_under_its_township_or_as_unnamed(county, qtbot):
    """The NBS edition names 361130104201 (思溪村) only: 361130104299 is an unnamed village of
    思口镇, 361130999201 one whose township has no name either."""
    villages = ("361130104201", "361130104299", "361130999201")
    ops = []
    for n, village in enumerate(villages):
        hid = new_id()
        ops += [Create("household", {"household_no": village + "0001", "head_name": "王"},
                       scope=village, entity_id=hid),
                Create("person", {"name": f"王{n}", "id_number": make_id(seq=f"{n + 400}"),
                                  "relation": "户主", "household_id": hid,
                                  "labour_class": "普通劳动力"})]
    county.write(ops)
    page = _page(qtbot, county)
    axis = page.visits_chart.axes(Qt.Orientation.Vertical)[0]
    qtbot.waitUntil(lambda: "思口镇思溪村" in axis.categories(), timeout=10_000)
    assert set(axis.categories()) == {"思口镇思溪村", "思口镇未命名村（299）", "未命名村（999201）"}


def test_an_unnamed_village_in_english(english):
    places = PlaceNames()
    assert village_cell(places, "361130104299") == "思口镇 unnamed village (299)"
    assert village_cell(places, "361130999201") == "Unnamed village (999201)"
    assert village_cell(places, "361130104201") == "思口镇思溪村"
    assert village_cell(None, "361130104299") == "361130104299"  # names not read yet
    assert village_cell(places, "361130104") == "思口镇"  # a township: its name


@pytest.mark.parametrize("language", ["zh", "en"])
def test_fifteen_villages_get_a_label_each_at_1366x768(county, qtbot, tmp_path, request,
                                                       language):
    """The village charts grow with their villages (a line and a half per row) so QtCharts
    draws every label whole, not "…" on every other row; the page scrolls instead."""
    from PySide6.QtWidgets import QGraphicsTextItem

    from desktop.county.dashboard import MIN_HEIGHT

    if language == "en":
        request.getfixturevalue("english")
    ops = []
    for n in range(15):
        village, hid = f"361130{104 + n % 2:03d}{n:03d}", new_id()
        ops += [Create("household", {"household_no": village + "0001", "head_name": "王"},
                       scope=village, entity_id=hid),
                Create("person", {"name": f"王{n}", "id_number": make_id(seq=f"{n + 500}"),
                                  "relation": "户主", "household_id": hid,
                                  "labour_class": "普通劳动力"})]
    county.write(ops)
    page = DashboardPage(BackgroundRunner(county), today=lambda: TODAY)
    qtbot.addWidget(page)
    with qtbot.waitSignals([page.alerts_drawn, page.trends_drawn], timeout=10_000):
        page.show()
    page.resize(1366 - 240, 768 - 140)
    visits = page.views[4]
    qtbot.waitUntil(lambda: page.places.places is not None, timeout=10_000)
    QApplication.processEvents()
    axis = page.visits_chart.axes(Qt.Orientation.Vertical)[0]
    probe = QGraphicsTextItem()  # QtCharts draws a label as rich text, cut to its row
    probe.setFont(axis.labelsFont())
    probe.setHtml(max(axis.categories(), key=len))
    assert visits.minimumHeight() > MIN_HEIGHT
    assert page.visits_chart.plotArea().height() / axis.count() > probe.boundingRect().height()
    assert visits.height() >= visits.minimumHeight()
    assert any(c.startswith("思口镇") for c in axis.categories())  # two townships: kept
    for name, widget in (("visits", visits), ("alerts", page.views[5]), ("page", page)):
        widget.grab().save(str(tmp_path / f"{name}.png"))  # to look at


def test_the_alerts_filters_use_the_ui_languages_brackets(county, qtbot, english):
    from desktop.alerts_page import AlertsPage

    _like_luohai(county, _fill(county), TODAY)
    page = AlertsPage(BackgroundRunner(county), today=lambda: TODAY)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.village.count() > 2, timeout=10_000)
    entries = [combo.itemText(i) for combo in (page.kind, page.village)
               for i in range(1, combo.count())]
    assert entries and all(re.search(r" \(\d+\)$", e) for e in entries), entries
    assert not any("（" in e or "）" in e for e in entries)


def test_people_details_read_in_english_beyond_the_charts_words(english):
    """A status list's 情况 (未就业) read in Chinese in the English UI: only work places and
    channels had English there."""
    model = PeopleModel()
    model.set_rows([Person("h1", V1 + "0001", "罗军浩", V1, "未就业"),
                    Person("h2", V2 + "0001", "李四", V2, "省外"),
                    Person("h3", V2 + "0002", "王五", V2, "某个县里的规则")])
    assert [model.index(r, 3).data() for r in range(3)] == [
        "Not employed", "Other prov.", "某个县里的规则"]


@pytest.mark.parametrize(("role", "shown"), [("county", True), ("township", False)])
def test_the_devices_tile_shows_only_where_there_is_a_devices_page(county, qtbot, role, shown):
    """A township's 概览 said 见“设备”页 with no 设备 page in its workspace."""
    from desktop.main_window import MainWindow

    window = MainWindow(BackgroundRunner(county), role=role)
    qtbot.addWidget(window)
    window.show()
    page = window.pages["dashboard"]
    assert page.devices_tile.isVisible() is shown
    window.runner.wait()


def test_a_townships_subsidy_tile_shows_the_subsidy_chart(county, qtbot):
    """A township has no 补贴名单 page: its 本年补贴 tile did nothing when clicked."""
    from desktop.main_window import MainWindow

    window = MainWindow(BackgroundRunner(county), role="township")
    qtbot.addWidget(window)
    window.resize(1000, 640)
    window.show()
    page = window.pages["dashboard"]
    chart = page.subsidy_view
    bar = page.scroll.verticalScrollBar()
    assert bar.value() == 0 and bar.maximum() > 0
    with qtbot.assertNotEmitted(page.open_page):
        qtbot.mouseClick(page.subsidy_tile, Qt.MouseButton.LeftButton)
    assert bar.value() > 0
    top = chart.mapTo(page.scroll.widget(), chart.rect().topLeft()).y()
    assert bar.value() <= top <= bar.value() + page.scroll.viewport().height()
    assert "县级" in page.subsidy_tile.toolTip()
    window.runner.wait()
