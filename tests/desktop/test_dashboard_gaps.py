"""The county dashboard's gaps found by the last drive, each on a real encrypted county
profile and the real runner: the subsidy chart's rule names drawn whole (wrapped, never
cut: an expired rule's mark stays readable) in both languages, English counts in the
singular and plural, the 已走访 bar opening the visited people, the 其他 alert bar opening
only the kinds it groups, and the alerts' count in the county's navigation."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from bangfu_testdata import PASSPHRASE, make_id
from PySide6.QtCharts import QBarSet, QHorizontalBarSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QGraphicsTextItem, QToolTip

from desktop.alerts_page import KindRole
from desktop.background import BackgroundRunner, CollectionOp
from desktop.county import dashboard as dashboard_module
from desktop.county.dashboard import DashboardPage
from desktop.main_window import MainWindow
from registry.alerts import alerts_for_store
from registry.claims import record_claim
from registry.keyslots import KdfParams
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
    """V1: 罗军浩 (visited this month) and 罗海 (not), one household; V2: 李四 (visited) and
    his son 李五 with 李四's ID number, and a household without a head whose only member,
    unable to work, works away: alerts of kinds that do not depend on the date. Returns the
    ids by name."""
    ids = {n: new_id() for n in ("h1", "h2", "h3", "罗军浩", "罗海", "李四", "李五")}
    this_month = today.replace(day=1).isoformat()
    last_month = (today.replace(day=1) - timedelta(days=20)).isoformat()
    twin = make_id(seq="141")
    store.write([
        Create("household", {"household_no": V1 + "0001", "head_name": "罗军浩"}, scope=V1,
               entity_id=ids["h1"]),
        Create("household", {"household_no": V2 + "0001", "head_name": "李四"}, scope=V2,
               entity_id=ids["h2"]),
        Create("person", {"name": "罗军浩", "id_number": make_id(seq="111"), "relation": "户主",
                          "household_id": ids["h1"], "labour_class": "普通劳动力",
                          "work_status": "自主外出务工", "work_region": "省外"},
               entity_id=ids["罗军浩"]),
        Create("person", {"name": "罗海", "id_number": make_id(seq="121"), "relation": "之子",
                          "household_id": ids["h1"], "labour_class": "技能劳动力",
                          "work_status": "未就业"}, entity_id=ids["罗海"]),
        Create("person", {"name": "李四", "id_number": twin, "relation": "户主",
                          "household_id": ids["h2"], "labour_class": "普通劳动力",
                          "work_status": "未就业"}, entity_id=ids["李四"]),
        Create("person", {"name": "李五", "id_number": twin, "relation": "之子",
                          "household_id": ids["h2"], "labour_class": "普通劳动力",
                          "work_status": "未就业"}, entity_id=ids["李五"]),
        Create("household", {"household_no": V2 + "0002", "head_name": "王"}, scope=V2,
               entity_id=ids["h3"]),
        Create("person", {"name": "王六", "id_number": make_id(seq="161"), "relation": "之子",
                          "household_id": ids["h3"], "labour_class": "丧失劳动力",
                          "work_region": "省外"}),
    ])
    store.write([
        Create("visit", {"person_id": ids["罗军浩"], "visit_date": this_month,
                         "employment_status": "employed", "monthly_income": 4000}),
        Create("visit", {"person_id": ids["罗海"], "visit_date": last_month,
                         "employment_status": "unemployed", "monthly_income": 0}),
        Create("visit", {"person_id": ids["李四"], "visit_date": this_month,
                         "employment_status": "unemployed"}),
    ])
    return ids


def _page(qtbot, store, today: date = TODAY) -> DashboardPage:
    page = DashboardPage(BackgroundRunner(store), today=lambda: today)
    qtbot.addWidget(page)
    with qtbot.waitSignals([page.alerts_drawn, page.trends_drawn], timeout=10_000):
        page.show()
    page.runner.wait()
    return page


def _sets(chart) -> list[QBarSet]:
    return [s for series in chart.series() for s in series.barSets()]


# -- the subsidy chart -------------------------------------------------------------------

@pytest.mark.parametrize(("language", "names"), [
    ("zh", ["跨省就业一次性交通补助（已到期政策）", "no_pack_has_this"]),
    ("en", ["One-time transport subsidy for work outside Jiangxi (expired policy)",
            "no_pack_has_this"])])
def test_rule_names_are_drawn_whole_in_rows_with_a_tooltip(county, qtbot, request, language,
                                                           names):
    """The 婺源 2021 rule is past its end in 2026: its name ends with the expired mark, which
    a cut label ("One-time tra…", upright under a column) used to hide."""
    if language == "en":
        request.getfixturevalue("english")
    ids = _fill(county)
    for person, rule, amount in ((ids["罗军浩"], "wy_transport", 500),
                                 (ids["李四"], "wy_transport", 500),
                                 (ids["罗海"], "no_pack_has_this", 300)):
        record_claim(county, rule_id=rule, subject_id=person, amount=amount, period="2026",
                     check=lambda _s, _c: [])
    page = _page(qtbot, county)
    page.resize(1366 - 240, 768 - 140)
    QApplication.processEvents()
    chart = page.subsidy_chart
    (series,) = chart.series()
    assert isinstance(series, QHorizontalBarSeries)  # a row per rule, its name beside it
    axis = chart.axes(Qt.Orientation.Vertical)[0]
    labels = axis.categories()
    # the largest at the top (the last category of a horizontal chart), every word kept
    assert [unescape(label.replace("<br>", " ")) for label in labels] == names[::-1]
    if language == "en":
        assert "<br>" in labels[-1]  # too wide for one line: wrapped, not cut
    probe = QGraphicsTextItem()  # QtCharts draws a label as rich text, cut to its row
    probe.setFont(axis.labelsFont())
    tallest = 0.0
    for label in labels:
        probe.setHtml(label)
        tallest = max(tallest, probe.boundingRect().height())
    assert chart.plotArea().height() / axis.count() > tallest
    bars = series.barSets()[0]
    bars.hovered.emit(True, 1)
    expected = {"zh": f"{names[0]}：1,000 元，2 笔",
                "en": f"{names[0]}: 1,000 yuan, 2 claims"}[language]
    assert QToolTip.text() == expected
    bars.hovered.emit(True, 0)
    assert QToolTip.text().endswith({"zh": "300 元，1 笔", "en": "300 yuan, 1 claim"}[language])
    bars.clicked.emit(1)  # the rule's claimants
    qtbot.waitUntil(lambda: bool(page.dialogs), timeout=5000)
    assert sorted(page.dialogs[-1].model.index(r, 1).data() for r in range(2)) == [
        "李四", "罗军浩"]
    assert names[0] in page.dialogs[-1].windowTitle()  # by name, not "wy_transport"


def test_a_name_wraps_between_words_in_english_and_between_characters_in_chinese(qapp):
    from PySide6.QtGui import QFontMetrics

    from desktop.county.dashboard import wrapped

    metrics = QFontMetrics(qapp.font())
    width = metrics.horizontalAdvance("One-time transport subsidy")
    text = "One-time transport subsidy for work outside Jiangxi (expired policy) & more"
    lines = wrapped(text, metrics, width).split("<br>")
    assert len(lines) > 2 and " ".join(lines) == text.replace("&", "&amp;")
    assert all(metrics.horizontalAdvance(unescape(line)) <= width for line in lines)
    chinese = "跨省就业一次性交通补助（已到期政策）"
    lines = wrapped(chinese, metrics, metrics.horizontalAdvance("跨省就业一次性")).split("<br>")
    assert len(lines) > 1 and "".join(lines) == chinese
    assert wrapped("短", metrics, 10) == "短"  # a word wider than the width: kept whole
    mixed = "2026年跨省务工一次性交通补助"
    lines = wrapped(mixed, metrics, metrics.horizontalAdvance("2026年跨省")).split("<br>")
    assert len(lines) > 2 and "".join(lines) == mixed and lines[0].startswith("2026")


# -- English counts ----------------------------------------------------------------------

def test_english_tiles_count_in_the_singular_and_plural(county, qtbot, english):
    ids = _fill(county)
    record_claim(county, rule_id="wy_transport", subject_id=ids["罗军浩"], amount=500,
                 period="2026", check=lambda _s, _c: [])
    page = _page(qtbot, county, today=date(2026, 11, 19))
    assert page.subsidy_tile.text().endswith("500 yuan  1 claim")
    assert page.labour_tile.text().endswith("4  people")
    assert page.deadline.text().endswith("Today is day 19: 1 day left.")
    total = sum(c.count for c in page.alerts)
    assert total > 1 and page.alerts_tile.text().endswith(f"{total}  alerts")
    assert page.tr("条", "", 1) == "alert" and page.tr("人", "", 1) == "person"
    assert page.tr("%n 笔", "", 2) == "2 claims"


def test_the_policy_page_counts_rules_and_problems_in_english(qtbot, tmp_path, english):
    from county_subsidy_data import AS_OF, RULES, county_store, pack_2026

    from desktop.county.policy_page import PolicyPage

    store = county_store(tmp_path / "county")
    try:
        page = PolicyPage(BackgroundRunner(store), today=lambda: AS_OF)
        qtbot.addWidget(page)
        page.show()
        good = tmp_path / "wuyuan_2026.xlsx"
        good.write_bytes(pack_2026())
        page.check_file(good)
        qtbot.waitUntil(lambda: page.checked is not None, timeout=10_000)
        assert re.search(r"\(wuyuan_2026\), 2 rules, \d+ minimum wages?; SHA-256",
                         page.check_text.text()), page.check_text.text()
        bad = tmp_path / "bad.xlsx"
        bad.write_bytes(pack_2026(rules=[{**RULES[0], "kind": "no_such_kind"}]))
        page.check_file(bad)
        qtbot.waitUntil(lambda: page.problem_table.rowCount() > 0, timeout=10_000)
        assert page.check_text.text().startswith(
            "1 problem found; nothing published. Correct it in Excel")
        assert page.tr("%n 条规则", "", 1) == "1 rule"
    finally:
        BackgroundRunner.stop_all()
        store.close()


# -- click-through -------------------------------------------------------------------------

def test_the_visited_bar_opens_the_people_visited(county, qtbot):
    ids = _fill(county)
    page = _page(qtbot, county)
    qtbot.waitUntil(lambda: page.places.places is not None, timeout=10_000)
    visited = next(s for s in _sets(page.visits_chart) if s.label() == "已走访")
    assert [visited.at(i) for i in range(visited.count())] == [1, 1]
    visited.clicked.emit(0)  # V1: 罗军浩 visited this month, 罗海 not
    qtbot.waitUntil(lambda: bool(page.dialogs), timeout=5000)
    dialog = page.dialogs[-1]
    assert dialog.windowTitle() == "思口镇思溪村 本月已走访的人员"
    assert dialog.model.rowCount() == 1 and dialog.model.index(0, 1).data() == "罗军浩"
    assert dialog.model.index(0, 3).data() == TODAY.replace(day=1).isoformat()  # the visit
    with qtbot.waitSignal(page.open_household, timeout=2000) as opened:
        dialog.view.doubleClicked.emit(dialog.model.index(0, 1))
    assert opened.args == [ids["h1"]]


def _county_window(qtbot, county) -> tuple[MainWindow, DashboardPage]:
    window = MainWindow(BackgroundRunner(county))
    qtbot.addWidget(window)
    window.show()
    page: DashboardPage = window.pages["dashboard"]
    qtbot.waitUntil(lambda: bool(page.alerts) and bool(_sets(page.alerts_chart)),
                    timeout=10_000)
    return window, page


def test_the_other_kinds_bar_opens_only_the_kinds_it_groups(county, qtbot, monkeypatch):
    """With one kind shown on its own, 其他 groups the rest: its bar opens the alerts page
    on those kinds and that village only, as many as the bar counts."""
    monkeypatch.setattr(dashboard_module, "TOP_KINDS", 1)
    _fill(county, today=date.today())
    window, page = _county_window(qtbot, county)
    totals: dict[str, int] = {}
    for c in page.alerts:
        totals[c.kind] = totals.get(c.kind, 0) + c.count
    top = max(totals, key=lambda k: totals[k])
    others = set(totals) - {top}
    assert len(others) >= 2, totals  # 其他 groups several kinds
    other = next(s for s in _sets(page.alerts_chart) if s.label() == "其他")
    bar = max(range(other.count()), key=other.at)
    other.clicked.emit(bar)
    assert window.current_key() == "alerts"
    alerts = window.pages["alerts"]
    qtbot.waitUntil(lambda: alerts.kind.count() > 1 and alerts.proxy.rowCount() > 0,
                    timeout=10_000)
    shown = {alerts.proxy.index(r, 0).data(KindRole) for r in range(alerts.proxy.rowCount())}
    assert shown and shown <= others and top not in shown
    assert alerts.proxy.rowCount() == other.at(bar)
    assert alerts.kind.currentText() == f"其他类型（{sum(totals[k] for k in others)}）"
    alerts.show_kind("")  # 全部: every kind again
    assert alerts.proxy.rowCount() > other.at(bar)


def test_the_county_navigation_counts_the_alerts(county, qtbot):
    ids = _fill(county, today=date.today())
    window, page = _county_window(qtbot, county)
    row = next(r for r in range(window.nav.count()) if window.nav.item(r).text().startswith(
        "预警"))

    def expected() -> str:  # read through the runner: its DB thread owns the store
        alerts = page.runner.call(
            lambda s: alerts_for_store(s, as_of=date.today(), scope=COUNTY))
        return f"预警  {len(alerts)}"

    qtbot.waitUntil(lambda: window.nav.item(row).text() == expected(), timeout=10_000)
    before = window.nav.item(row).text()
    twin = CollectionOp(page.runner, page, lambda s: s.write([Create("person", {
        "name": "罗三", "id_number": make_id(seq="121"), "relation": "之子",
        "household_id": ids["h1"], "labour_class": "普通劳动力", "work_status": "未就业"})]))
    twin.run()  # a third duplicate ID number: the dashboard counts again
    qtbot.waitUntil(lambda: window.nav.item(row).text() == expected() != before,
                    timeout=15_000)


def test_a_stale_count_is_marked_until_counted_again(county, qtbot):
    from desktop.workspace import last_alert_count

    ids = _fill(county, today=date.today())
    page = _page(qtbot, county, today=date.today())
    runner = page.runner
    got: list[str] = []
    op = last_alert_count(runner, page)
    op.success(got.append).run()
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    total = sum(c.count for c in page.alerts)
    assert got == [str(total)]
    page.hide()  # not shown: it does not count again by itself
    runner.call(lambda s: s.write([Create("visit", {
        "person_id": ids["罗海"], "visit_date": date.today().isoformat(),
        "employment_status": "employed"})]))
    last_alert_count(runner, page).success(got.append).run()
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    assert got[1] == f"≈{total}"


def test_an_axis_of_few_people_or_none_ticks_on_whole_numbers(county, qtbot):
    """"%d" of ticks 0.25 apart read "0 0 0 0 1" under an empty subsidy chart."""
    from PySide6.QtCharts import QValueAxis

    _fill(county)
    page = _page(qtbot, county)
    for chart in (page.subsidy_chart, page.visits_chart, page.place_chart):
        (axis,) = [a for a in chart.axes() if isinstance(a, QValueAxis)]
        step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
        ticks = [axis.min() + n * step for n in range(axis.tickCount())]
        assert all(t == int(t) for t in ticks) and len({int(t) for t in ticks}) == len(ticks), (
            chart.title(), ticks)
