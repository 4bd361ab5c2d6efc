"""The township's and county's alert count, shared and kept warm (desktop/county/alert_runs):
askers during one run share it, a write makes the next ask count again, the warmer counts in
the background so that the dashboard opens on a current count without a run of its own.
Real encrypted county profile, real runner with its read lane."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QWidget
from test_county_dashboard import COUNTY, TODAY, _fill

from desktop.background import BackgroundRunner, CollectionOp
from desktop.county import alert_runs as module
from desktop.county import dashboard_ops
from desktop.county.alert_runs import AlertWarmer, alert_runs
from desktop.county.dashboard import DashboardPage
from registry import county_dashboard
from registry.county_dashboard import alerts_by_village, last_alert_counts
from registry.store import Create


@pytest.fixture
def county(profile):
    from bangfu_testdata import PASSPHRASE

    from registry.keyslots import KdfParams
    s = profile.create(user="county", passphrase=PASSPHRASE, scope=COUNTY, kdf=KdfParams.fast())
    yield s
    BackgroundRunner.stop_all()
    s.close()


def _count_runs(monkeypatch) -> list[int]:
    """Every full alert run of the read lane, whoever asked for it (one item each)."""
    made: list[int] = []
    real = dashboard_ops.count_alert_run

    def counted(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard_ops, "count_alert_run", counted)
    return made


def _noted(read, calls: list[str]):
    """``read``, noting its name in ``calls`` each time it is called."""
    def noted(*args, **kwargs):
        calls.append(read.__name__)
        return read(*args, **kwargs)
    return noted


def _ask(qtbot, runs, today: date = TODAY):
    """Ask ``runs`` once; the run it was answered with."""
    got = []
    runs.request(today, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    return got[0]


def test_askers_during_one_run_share_it_and_a_write_makes_the_next_count(county, qtbot):
    ids = _fill(county)
    runner = BackgroundRunner(county)
    assert runner.has_read_lane
    runs = alert_runs(runner, COUNTY)
    first, second, stale = [], [], []
    runs.request(TODAY, first.append)
    runs.request(TODAY, second.append, stale=stale.append)  # while the first is in flight
    assert runs.busy
    qtbot.waitUntil(lambda: bool(first and second), timeout=10_000)
    # the second looked again once the run was saved, and found it current: no second run
    assert runs.runs == 1 and not stale
    assert (second[0].counts, second[0].high_water) == (first[0].counts, first[0].high_water)
    assert first[0].counts == runner.call(lambda s: alerts_by_village(s, scope=COUNTY,
                                                                      today=TODAY))
    assert _ask(qtbot, runs).counts == first[0].counts and runs.runs == 1  # nothing written
    with qtbot.waitSignal(runner.changed, timeout=10_000):
        CollectionOp(runner, None, lambda s: s.write([Create("visit", {
            "person_id": ids["罗海"], "visit_date": "2026-11-21",
            "employment_status": "employed", "monthly_income": 2500})])).run()
    shown_stale = []
    again = []
    runs.request(TODAY, again.append, stale=shown_stale.append)
    qtbot.waitUntil(lambda: bool(again), timeout=10_000)
    assert runs.runs == 2 and again[0].high_water > first[0].high_water
    assert [s.counts for s in shown_stale] == [first[0].counts]  # shown meanwhile
    assert again[0].counts != first[0].counts  # 罗海's overdue follow-up is not alerted now
    assert runner.call(lambda s: last_alert_counts(s, scope=COUNTY, today=TODAY)).current
    runner.wait()


def test_the_warmer_counts_in_the_background_and_the_dashboard_opens_on_its_run(
        county, qtbot, monkeypatch):
    ids = _fill(county)
    monkeypatch.setattr(AlertWarmer, "FIRST_DELAY_MS", 0)
    monkeypatch.setattr(AlertWarmer, "QUIET_MS", 50)
    made = _count_runs(monkeypatch)
    runner = BackgroundRunner(county)
    window = QWidget()
    qtbot.addWidget(window)
    with qtbot.waitSignal(AlertWarmer(runner, window, today=lambda: TODAY).refreshed,
                          timeout=10_000):
        pass
    runs = alert_runs(runner)
    assert runs.runs == 1
    runner.wait()  # its save
    assert runner.call(lambda s: last_alert_counts(s, scope=COUNTY, today=TODAY)).current
    page = DashboardPage(runner, today=lambda: TODAY)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.alerts_drawn, timeout=10_000):
        page.show()
    assert runs.runs == 1 and len(made) == 1  # the page showed the warm run: no count of its own
    assert page.alerts == runner.call(lambda s: alerts_by_village(s, scope=COUNTY, today=TODAY))
    page.hide()
    warmer = window.findChild(AlertWarmer)
    with qtbot.waitSignal(warmer.refreshed, timeout=10_000):  # a write, then quiet: again
        CollectionOp(runner, None, lambda s: s.write([Create("visit", {
            "person_id": ids["罗海"], "visit_date": "2026-11-21",
            "employment_status": "employed", "monthly_income": 2500})])).run()
    assert runs.runs == 2 and len(made) == 2
    runner.wait()
    assert runner.call(lambda s: last_alert_counts(s, scope=COUNTY, today=TODAY)).current


def test_the_warmer_keeps_the_other_numbers_and_a_page_opened_then_does_not_read_them_again(
        county, qtbot, monkeypatch):
    ids = _fill(county)
    monkeypatch.setattr(AlertWarmer, "FIRST_DELAY_MS", 0)
    monkeypatch.setattr(AlertWarmer, "QUIET_MS", 50)
    read: list[str] = []  # the first paint's labour rows, the trends' monitored income
    for name in ("_labour_rows", "monitored_income"):
        monkeypatch.setattr(county_dashboard, name, _noted(getattr(county_dashboard, name), read))

    def read_now(runner):
        """The numbers read here for comparison (not counted)."""
        reads = len(read)
        now = runner.call(lambda s: (county_dashboard.dashboard(s, scope=COUNTY, today=TODAY),
                                     county_dashboard.trends(s, scope=COUNTY, today=TODAY)))
        del read[reads:]
        return now

    runner = BackgroundRunner(county)
    window = QWidget()
    qtbot.addWidget(window)
    AlertWarmer(runner, window, today=lambda: TODAY)
    qtbot.waitUntil(lambda: len(read) == 2, timeout=10_000)  # after the count, on the read lane
    runner.wait()
    page = DashboardPage(runner, today=lambda: TODAY)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.trends_drawn, timeout=10_000):
        page.show()
    assert sorted(read) == ["_labour_rows", "monitored_income"]  # the page drew what was kept
    before = read_now(runner)
    assert (page.board, page.trends) == before
    page.hide()
    CollectionOp(runner, None, lambda s: s.write([Create("visit", {
        "person_id": ids["罗海"], "visit_date": "2026-11-21",
        "employment_status": "employed", "monthly_income": 2500})])).run()
    qtbot.waitUntil(lambda: len(read) == 4, timeout=10_000)  # quiet again: read anew
    runner.wait()
    with qtbot.waitSignal(page.trends_drawn, timeout=10_000):
        page.show()
    assert len(read) == 4
    assert (page.board, page.trends) == read_now(runner)
    assert page.board.visits != before[0].visits  # 罗海 is visited this month now


def test_numbers_read_again_slowly_say_so_until_drawn(county, qtbot, monkeypatch):
    import threading

    from desktop.county.dashboard import REREAD_MARK_MS

    ids = _fill(county)
    runner = BackgroundRunner(county)
    page = DashboardPage(runner, today=lambda: TODAY)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.trends_drawn, timeout=10_000):
        page.show()
    titles = (page.status_chart.title(), page.income_chart.title())
    assert not any("正在计算" in t for t in titles)
    tiles = [page.labour_tile, page.visits_tile, page.subsidy_tile]
    values = [t.value for t in tiles]
    assert not any(v.startswith("≈") for v in values)
    release, first_paint = threading.Event(), threading.Event()
    _held(monkeypatch, "current_trends", release)
    _held(monkeypatch, "current_dashboard", first_paint)
    try:
        CollectionOp(runner, None, lambda s: s.write([Create("visit", {
            "person_id": ids["罗海"], "visit_date": "2026-11-21",
            "employment_status": "employed", "monthly_income": 2500})])).run()
        qtbot.waitUntil(lambda: "正在计算" in page.income_chart.title(),
                        timeout=REREAD_MARK_MS + 5_000)  # after the reload's delay
        assert "正在计算" in page.status_chart.title()
        assert [t.value for t in tiles] == [f"≈{v}" for v in values]  # not exact meanwhile
        first_paint.set()
        qtbot.waitUntil(lambda: not page.visits_tile.value.startswith("≈"), timeout=10_000)
        assert "正在计算" in page.income_chart.title()  # the trends still being read
    finally:
        first_paint.set()
        release.set()
    qtbot.waitSignal(page.trends_drawn, timeout=10_000).wait()
    assert (page.status_chart.title(), page.income_chart.title()) == titles
    assert page.visits_tile.value != values[1]  # 罗海 is visited this month now
    runner.wait()


def test_a_page_opened_while_the_warmer_counts_waits_for_that_run(county, qtbot, monkeypatch):
    _fill(county)
    monkeypatch.setattr(AlertWarmer, "FIRST_DELAY_MS", 60_000)
    made = _count_runs(monkeypatch)
    runner = BackgroundRunner(county)
    window = QWidget()
    qtbot.addWidget(window)
    warmer = AlertWarmer(runner, window, today=lambda: TODAY)
    warmer.warm()
    assert warmer.runs.busy
    page = DashboardPage(runner, today=lambda: TODAY)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.alerts_drawn, timeout=10_000):
        page.show()
    assert warmer.runs.runs == 1 and len(made) == 1
    runner.wait()


def _stale_run(qtbot, runner, runs, ids):
    """A run counted and saved, then a record written: the run a new count replaces."""
    before = _ask(qtbot, runs)
    runner.wait()  # saved
    with qtbot.waitSignal(runner.changed, timeout=10_000):
        CollectionOp(runner, None, lambda s: s.write([Create("visit", {
            "person_id": ids["罗海"], "visit_date": "2026-11-21",
            "employment_status": "employed", "monthly_income": 2500})])).run()
    return before


def _held(monkeypatch, name: str, release):
    """``dashboard_ops.<name>`` waiting for ``release`` (at most 10 s) before it reads."""
    real = getattr(dashboard_ops, name)

    def held(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard_ops, name, held)


def test_an_asker_arriving_while_a_count_runs_is_shown_the_run_it_replaces(county, qtbot,
                                                                          monkeypatch):
    import threading

    runner = BackgroundRunner(county)
    runs = alert_runs(runner, COUNTY)
    before = _stale_run(qtbot, runner, runs, _fill(county))
    release = threading.Event()
    _held(monkeypatch, "count_alert_run", release)
    first_stale, first, second_stale, second = [], [], [], []
    other_day_stale, other_day = [], []
    try:
        runs.request(TODAY, first.append, stale=first_stale.append)
        qtbot.waitUntil(lambda: bool(first_stale), timeout=10_000)  # checked; now counting
        runs.request(TODAY, second.append, stale=second_stale.append)
        assert [r.counts for r in second_stale] == [before.counts]  # at once, while it counts
        runs.request(TODAY + timedelta(days=1), other_day.append, stale=other_day_stale.append)
        assert not other_day_stale  # another day's ask: not this run's to show
    finally:
        release.set()
    qtbot.waitUntil(lambda: bool(first and second and other_day), timeout=10_000)
    assert second[0].counts == first[0].counts != before.counts
    assert len(second_stale) == 1  # and then answered with the new run
    assert runs.runs == 3  # this day's once for both askers, the other day's
    runner.wait()


def test_an_asker_arriving_while_the_last_run_is_looked_at_is_shown_it_too(county, qtbot,
                                                                          monkeypatch):
    import threading

    runner = BackgroundRunner(county)
    runs = alert_runs(runner, COUNTY)
    before = _stale_run(qtbot, runner, runs, _fill(county))
    looked, counted = threading.Event(), threading.Event()
    _held(monkeypatch, "last_alert_counts", looked)
    _held(monkeypatch, "count_alert_run", counted)
    first, second_stale, second = [], [], []
    try:
        runs.request(TODAY, first.append)
        runs.request(TODAY, second.append, stale=second_stale.append)  # queued behind it
        assert runs.busy and not second_stale
        looked.set()
        qtbot.waitUntil(lambda: bool(second_stale), timeout=10_000)
        assert [r.counts for r in second_stale] == [before.counts] and not second  # counting
    finally:
        looked.set()
        counted.set()
    qtbot.waitUntil(lambda: bool(first and second), timeout=10_000)
    assert second[0].counts == first[0].counts != before.counts and runs.runs == 2
    runner.wait()


def test_an_asker_whose_callback_fails_does_not_stall_the_others(county, qtbot):
    _fill(county)
    runner = BackgroundRunner(county)
    runs = alert_runs(runner, COUNTY)

    def broken(_run):
        raise RuntimeError("drawing")

    got = []
    runs.request(TODAY, broken)
    runs.request(TODAY, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    assert _ask(qtbot, runs).counts == got[0].counts and not runs.busy
    runner.wait()


def test_the_county_window_keeps_its_count_warm(county, qtbot, monkeypatch):
    from desktop.main_window import MainWindow

    _fill(county, today=date.today())
    monkeypatch.setattr(AlertWarmer, "FIRST_DELAY_MS", 0)
    window = MainWindow(BackgroundRunner(county))
    qtbot.addWidget(window)
    assert isinstance(window.alert_warmer, AlertWarmer)
    with qtbot.waitSignal(window.alert_warmer.refreshed, timeout=10_000):
        window.show()
    window.runner.wait()
    assert window.runner.call(lambda s: last_alert_counts(s, scope=COUNTY,
                                                          today=date.today())).current


def test_a_failed_count_is_reported_to_the_asker_and_the_next_ask_runs(county, qtbot,
                                                                       monkeypatch):
    _fill(county)
    runner = BackgroundRunner(county)
    runs = alert_runs(runner, COUNTY)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk")

    monkeypatch.setattr("desktop.county.dashboard_ops.count_alert_run", broken)
    failed: list[BaseException] = []
    runs.request(TODAY, lambda _run: None, failed=failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=10_000)
    assert isinstance(failed[0], RuntimeError) and not runs.busy and runs.runs == 0
    monkeypatch.undo()
    assert _ask(qtbot, runs).counts and runs.runs == 1
    assert module.alert_runs(runner, COUNTY) is runs  # one per runner and scope
    runner.wait()


def test_the_first_opening_of_a_day_shows_the_last_days_run_while_counting(county, qtbot,
                                                                           monkeypatch):
    from datetime import timedelta

    from desktop.workspace import last_alert_count

    _fill(county)
    runner = BackgroundRunner(county)
    yesterday = _ask(qtbot, alert_runs(runner, COUNTY), TODAY)
    runner.wait()  # saved
    drawn: list[tuple[bool, str]] = []
    tiles: list[str] = []
    real = DashboardPage._show_alerts

    def spy(page, run, *, final=True):
        real(page, run, final=final)
        drawn.append((final, page.alerts_chart.title()))
        tiles.append(page.alerts_tile.value)

    monkeypatch.setattr(DashboardPage, "_show_alerts", spy)
    tomorrow = TODAY + timedelta(days=1)
    page = DashboardPage(runner, today=lambda: tomorrow)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.alerts_drawn, timeout=10_000):
        page.show()
    # the earlier day's run first (once per ask of the page), then today's
    assert not drawn[0][0] and drawn[-1][0]
    for final, title in drawn:
        assert final == ("的结果" not in title)
        assert final or title.endswith(f"（{TODAY:%m-%d} 的结果，正在计算今天的预警…）")
    assert tiles[0].startswith("≈") and not tiles[-1].startswith("≈")  # the tile: approximate
    # the navigation: the earlier day's total, approximate, until today's is counted
    texts: list[str] = []
    runner.call(lambda s: county_dashboard.forget_alert_counts(s, keep_saved=True))
    op = last_alert_count(runner, None, today=lambda: tomorrow + timedelta(days=1))
    op.success(texts.append).run()
    qtbot.waitUntil(lambda: bool(texts), timeout=10_000)
    total = sum(c.count for c in page.alerts)
    assert texts == [f"≈{total}"] and sum(c.count for c in yesterday.counts) >= 0
    runner.wait()


def test_the_county_window_reads_its_first_paint_before_the_household_list(county, qtbot,
                                                                            monkeypatch):
    """The household list is made at start-up in every workspace but never shown first: its
    first read (0.4-0.5 s at a county) waits behind the dashboard's first paint."""
    import desktop.ops as ops
    from desktop.main_window import MainWindow

    _fill(county, today=date.today())
    calls: list[str] = []
    monkeypatch.setattr(dashboard_ops, "current_dashboard",
                        _noted(dashboard_ops.current_dashboard, calls))
    monkeypatch.setattr(ops, "household_rows", _noted(ops.household_rows, calls))
    window = MainWindow(BackgroundRunner(county))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(set(calls)) == 2, timeout=10_000)
    assert calls[:2] == ["current_dashboard", "household_rows"]
    qtbot.waitUntil(lambda: window.households.rowCount() > 0, timeout=10_000)
    window.runner.wait()
