"""The read lane of the background runner: long reads on the store's read-only twin, on a
thread of their own, with the contract of every op (outcomes on the GUI thread, dropped
for a widget that is gone, errors to the one presenter, synchronous mode for tests).
Real SQLCipher profiles; long reads made long by an Event, not by sleeping."""

from __future__ import annotations

import threading
from datetime import date

import pytest
import shiboken6
from bangfu_testdata import PASSPHRASE, make_id, open_files
from PySide6.QtWidgets import QWidget

from desktop import background
from desktop.background import BackgroundRunner, CollectionOp, NetworkOp, QueryOp
from registry.county_dashboard import alerts_by_village, forget_alert_counts, last_alert_counts
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.reader import ReadOnlyStore, ReadStore
from registry.store import Changes, Create, Store
from sync.protocol import new_id

COUNTY = "361130"
V1 = "361130104201"
TODAY = date(2026, 11, 22)


def _person(n: int) -> Create:
    return Create("person", {"name": f"测试{n}", "id_number": make_id(seq=f"{n + 100:03d}")})


def test_a_write_queued_during_a_long_lane_read_completes_first(qtbot, store):
    runner, widget = BackgroundRunner(store), QWidget()
    qtbot.addWidget(widget)
    store.write([_person(1)])
    began, gate = threading.Event(), threading.Event()
    threads: dict[str, int] = {}

    def long_read(s: Store) -> tuple[int, int]:
        threads["read"] = threading.get_ident()
        assert isinstance(s, ReadStore)
        with s.transaction():
            before = s.count("person")
            began.set()
            assert gate.wait(10), "the write never came"
            return before, s.count("person")  # one snapshot: the write is not seen

    def write(s: Store) -> Changes:
        threads["write"] = threading.get_ident()
        return s.write([_person(2)])

    events: list[str] = []
    read: list[tuple[int, int]] = []
    QueryOp(runner, widget, long_read).on_reader().success(
        lambda r: (events.append("read"), read.append(r))).run()
    assert began.wait(10)
    CollectionOp(runner, widget, write).success(
        lambda _c: (events.append("write"), gate.set())).run()
    qtbot.waitUntil(lambda: events == ["write", "read"], timeout=10_000)
    assert read == [(1, 1)]
    assert threads["read"] != threads["write"] != threading.get_ident()
    again: list[int] = []
    QueryOp(runner, widget, lambda s: s.count("person")).on_reader().success(
        again.append).run()
    qtbot.waitUntil(lambda: again == [2], timeout=5000)  # the next read sees the commit
    runner.wait()


def test_the_lane_never_holds_up_the_db_thread(qtbot, store):
    runner, widget = BackgroundRunner(store), QWidget()
    qtbot.addWidget(widget)
    gate = threading.Event()
    done: list[str] = []
    QueryOp(runner, widget, lambda s: gate.wait(10)).on_reader().success(
        lambda _r: done.append("lane")).run()
    QueryOp(runner, widget, lambda s: s.count("person")).success(
        lambda _n: done.append("read")).run()
    CollectionOp(runner, widget, lambda s: s.write([_person(1)])).success(
        lambda _c: done.append("write")).run()
    qtbot.waitUntil(lambda: done == ["read", "write"], timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: done == ["read", "write", "lane"], timeout=5000)
    runner.wait()


def test_the_lane_refuses_writes_and_its_errors_go_to_the_presenter(qtbot, store,
                                                                  monkeypatch):
    shown: list[BaseException] = []
    monkeypatch.setattr(background, "show_error", lambda _parent, exc: shown.append(exc))
    runner, widget = BackgroundRunner(store), QWidget()
    qtbot.addWidget(widget)
    QueryOp(runner, widget, lambda s: s.write([_person(1)])).on_reader().run()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
    assert isinstance(shown[0], ReadOnlyStore)
    assert runner.call(lambda s: s.count("person")) == 0
    with pytest.raises(TypeError):
        CollectionOp(runner, widget, lambda s: s.write([_person(1)])).on_reader()
    with pytest.raises(TypeError):
        NetworkOp(runner, widget, lambda: None).on_reader()
    runner.wait()


def test_an_outcome_for_a_deleted_widget_is_dropped(qtbot, store, monkeypatch):
    shown: list[BaseException] = []
    monkeypatch.setattr(background, "show_error", lambda _parent, exc: shown.append(exc))
    runner = BackgroundRunner(store)
    widget = QWidget()
    gate = threading.Event()
    got: list[object] = []

    def wait_then(result: object):
        def work(_s: Store) -> object:
            gate.wait(10)
            if isinstance(result, BaseException):
                raise result
            return result
        return work

    QueryOp(runner, widget, wait_then(1)).on_reader().success(got.append).run()
    QueryOp(runner, widget, wait_then(ValueError("boom"))).on_reader().run()
    shiboken6.delete(widget)
    gate.set()
    runner.wait()
    tail: list[int] = []
    QueryOp(runner, None, lambda s: 2).on_reader().success(tail.append).run()
    qtbot.waitUntil(lambda: tail == [2], timeout=5000)  # every earlier outcome delivered
    assert got == [] and shown == []
    runner.wait()


def test_a_synchronous_runner_runs_the_lane_at_once_on_the_twin(store):
    runner = BackgroundRunner(store, synchronous=True)
    seen: list[object] = []
    QueryOp(runner, None, lambda s: (s, threading.get_ident())).on_reader().success(
        seen.append).run()
    assert seen == [(store.reader(), threading.get_ident())]


def test_closing_the_runner_closes_both_connections(qtbot, profile, tmp_path):
    store = profile.create(user="secretary", passphrase=PASSPHRASE, scope=V1,
                           kdf=KdfParams.fast())
    runner = BackgroundRunner(store)
    counted: list[int] = []
    QueryOp(runner, None, lambda s: s.count("person")).on_reader().success(
        counted.append).run()
    qtbot.waitUntil(lambda: counted == [0], timeout=5000)
    runner.close()
    assert open_files(profile.folder) == []
    moved = tmp_path / "moved"
    profile.folder.rename(moved)
    again = Profile(moved).unlock("secretary", PASSPHRASE)
    assert again.reader() is not None
    again.close()


def test_a_profile_unlocked_without_a_lane_runs_lane_reads_on_the_db_thread(
        qtbot, profile, monkeypatch):
    """The read lane failed to open at unlock (an odd path): the unlock still works and
    ``.on_reader()`` work runs on the DB thread, with its writes in sight."""
    profile.create(user="secretary", passphrase=PASSPHRASE, scope=V1,
                   kdf=KdfParams.fast()).close()

    def refuse(path, key, **_options):
        raise OSError("no shared memory here")

    monkeypatch.setattr("registry.profile.open_reader", refuse)
    store = profile.unlock("secretary", PASSPHRASE)
    assert store.reader() is None
    runner = BackgroundRunner(store)
    try:
        CollectionOp(runner, None, lambda s: s.write([_person(1)])).run()
        seen: list[tuple[int, bool]] = []
        QueryOp(runner, None, lambda s: (s.count("person"), s is store)).on_reader().success(
            seen.append).run()
        qtbot.waitUntil(lambda: seen == [(1, True)], timeout=5000)
    finally:
        runner.close()
    assert open_files(profile.folder) == []


@pytest.fixture
def county(profile):
    s = profile.create(user="county", passphrase=PASSPHRASE, scope=COUNTY,
                       kdf=KdfParams.fast())
    yield s
    BackgroundRunner.stop_all()
    s.close()


def _fill_county(store: Store) -> None:
    hid, pid = new_id(), new_id()
    store.write([
        Create("household", {"household_no": V1 + "0001", "head_name": "罗军浩"}, scope=V1,
               entity_id=hid),
        Create("person", {"name": "罗军浩", "id_number": make_id(seq="111"), "relation": "户主",
                          "household_id": hid, "labour_class": "普通劳动力",
                          "work_status": "未就业"}, entity_id=pid)])
    store.write([Create("visit", {"person_id": pid, "visit_date": "2026-10-03",
                                  "employment_status": "unemployed"})])


def test_the_dashboard_paints_while_its_alert_count_waits_on_the_lane(qtbot, county):
    from desktop.county.dashboard import DashboardPage

    _fill_county(county)
    forget_alert_counts(county)
    runner = BackgroundRunner(county)
    gate = threading.Event()
    QueryOp(runner, None, lambda s: gate.wait(10)).on_reader().run()  # the lane is busy
    page = DashboardPage(runner, today=lambda: TODAY)
    qtbot.addWidget(page)
    alerts: list[bool] = []
    page.alerts_drawn.connect(lambda: alerts.append(True))
    with qtbot.waitSignals([page.drawn, page.trends_drawn], timeout=10_000):
        page.show()
    assert alerts == [] and "正在计算" in page.alerts_chart.title()
    with qtbot.waitSignal(page.alerts_drawn, timeout=10_000):
        gate.set()
    expected = runner.call(lambda s: alerts_by_village(s, scope=COUNTY, today=TODAY))
    assert expected and page.alerts == expected
    runner.wait()  # the run's save, on the DB thread
    saved = runner.call(lambda s: last_alert_counts(s, scope=COUNTY, today=TODAY))
    assert saved is not None and saved.current and saved.counts == expected


def test_lane_work_writes_through_the_db_thread_and_waits_for_it(qtbot, store):
    """An export reads on the lane and ends with its audit entry: ``call_from_lane`` runs
    the write on the DB thread, on the main store, and the lane goes on once it is done."""
    runner = BackgroundRunner(store)
    threads: dict[str, int] = {}

    def read_then_write(reader: Store) -> tuple[int, int]:
        threads["lane"] = threading.get_ident()
        before = reader.count("person")

        def write(s: Store) -> Changes:
            threads["write"] = threading.get_ident()
            assert s is store
            return s.write([_person(1)])

        runner.call_from_lane(write)
        return before, reader.count("person")  # committed before the lane went on

    seen: list[tuple[int, int]] = []
    QueryOp(runner, None, read_then_write).on_reader().success(seen.append).run()
    qtbot.waitUntil(lambda: seen == [(0, 1)], timeout=5000)
    assert threads["write"] == runner.call(lambda _s: threading.get_ident())
    assert len({threads["lane"], threads["write"], threading.get_ident()}) == 3


def test_without_a_lane_the_write_runs_at_once_on_the_db_thread(qtbot, profile, monkeypatch):
    """No reader: lane work runs on the DB thread, which must not wait for itself."""
    profile.create(user="secretary", passphrase=PASSPHRASE, scope=V1,
                   kdf=KdfParams.fast()).close()

    def refuse(path, key, **_options):
        raise OSError("no shared memory here")

    monkeypatch.setattr("registry.profile.open_reader", refuse)
    store = profile.unlock("secretary", PASSPHRASE)
    runner = BackgroundRunner(store)
    try:
        seen: list[int] = []
        QueryOp(runner, None, lambda s: runner.call_from_lane(
            lambda w: len(w.write([_person(1)]).created))).on_reader().success(
            seen.append).run()
        qtbot.waitUntil(lambda: seen == [1], timeout=5000)
    finally:
        runner.close()


def test_a_long_export_holds_up_neither_the_read_lane_nor_the_db_thread(qtbot, store):
    """An export read on the read lane held up 预警, 概览's alert count and the status bar's
    count for as long as it ran (minutes at a county): it has a lane of its own."""
    from registry.store import EXPORT_LANE

    runner, widget = BackgroundRunner(store), QWidget()
    qtbot.addWidget(widget)
    exporter = store.reader(EXPORT_LANE)
    assert isinstance(exporter, ReadStore) and exporter is not store.reader()
    began, gate = threading.Event(), threading.Event()
    seen: list[object] = []

    def export(s: Store) -> str:
        seen.append(s)
        began.set()
        assert gate.wait(10), "the other reads never came"
        return "exported"

    done: list[str] = []

    def answered(where: str) -> None:
        done.append(where)
        if len(done) == 2:  # both answered while the export still reads
            gate.set()

    QueryOp(runner, widget, export).on_export_lane().success(done.append).run()
    assert began.wait(10)
    QueryOp(runner, widget, lambda s: s.count("person")).on_reader().success(
        lambda _n: answered("read lane")).run()
    QueryOp(runner, widget, lambda s: s.count("person")).success(
        lambda _n: answered("DB thread")).run()
    qtbot.waitUntil(lambda: len(done) == 3, timeout=10_000)
    assert done[-1] == "exported" and set(done[:2]) == {"read lane", "DB thread"}
    assert seen == [exporter]
    with pytest.raises(TypeError):
        CollectionOp(runner, widget, lambda s: Changes()).on_export_lane()
    runner.wait()


def test_without_an_export_reader_an_export_reads_on_the_read_lane(qtbot, tmp_path):
    profile = Profile(tmp_path / "p", today=lambda: TODAY)
    store = profile.create(user="secretary", passphrase=PASSPHRASE, scope=V1,
                           kdf=KdfParams.fast())
    try:
        from registry.store import EXPORT_LANE

        store._readers.pop(EXPORT_LANE).close()  # as when the lane could not be opened
        runner = BackgroundRunner(store)
        seen: list[object] = []
        QueryOp(runner, None, lambda s: seen.append(s)).on_export_lane().run()
        qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
        assert seen == [store.reader()]
        runner.wait()
    finally:
        BackgroundRunner.stop_all()
        store.close()
