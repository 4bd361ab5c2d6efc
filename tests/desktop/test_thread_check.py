"""The thread check (tests/desktop/conftest.py turns it on): one sqlite connection used
from two threads at once can crash the process (a rare "Fatal Python error: Segmentation
fault" in CI), so while a runner's DB thread or read lane works on the store, any other
thread's statement on that connection is refused with ``ConcurrentUse`` at once, every
time, instead of crashing now and then."""

from __future__ import annotations

import threading

import pytest

from desktop.background import BackgroundRunner, QueryOp
from registry.store import ConcurrentUse


@pytest.fixture(autouse=True)
def checked(monkeypatch):
    """The check on (conftest.py turns it on for every desktop test; here it is explicit)."""
    monkeypatch.setattr(BackgroundRunner, "check_threads", True)


def busy(runner: BackgroundRunner, *, lane: bool = False) -> threading.Event:
    """Hold the DB thread (or the read lane) with work that waits; set the event to end it."""
    release = threading.Event()
    op = QueryOp(runner, None, lambda _store: release.wait(10)).without_progress()
    (op.on_reader() if lane else op).run()
    return release


def test_a_read_on_the_gui_thread_while_the_db_thread_works_is_refused(qtbot, store):
    runner = BackgroundRunner(store)
    assert not type(store.db.conn).__module__.startswith("sqlcipher3")  # checked
    assert runner.idle()
    release = busy(runner)
    assert not runner.idle()
    with pytest.raises(ConcurrentUse, match="GUI thread.*DB thread has 1 piece"):
        store.count("person")
    with pytest.raises(ConcurrentUse):
        store.db.execute("SELECT 1")  # sqlite_utils' statements are checked too
    with pytest.raises(ConcurrentUse):
        store.create("household", {"household_no": "361130104201001"})
    release.set()
    qtbot.waitUntil(runner.idle, timeout=10_000)
    assert store.count("household") == 0  # idle: the GUI thread may read again
    assert runner.call(lambda s: s.count("household")) == 0  # through the runner: always


def test_the_db_thread_and_runner_call_use_the_store_while_work_is_queued(qtbot, store):
    runner = BackgroundRunner(store)
    release = busy(runner)
    results: list[int] = []
    QueryOp(runner, None, lambda s: s.count("person")).without_progress().success(
        results.append).run()
    release.set()
    assert runner.call(lambda s: s.create("household", {"household_no": "361130104201001"}))
    qtbot.waitUntil(lambda: results == [0], timeout=10_000)


def test_the_read_lane_is_checked_on_its_own(qtbot, store):
    reader = store.reader()
    assert reader is not None and reader is not store
    runner = BackgroundRunner(store)
    release = busy(runner, lane=True)
    with pytest.raises(ConcurrentUse, match="read lane"):
        reader.count("person")
    assert store.count("person") == 0  # the DB thread is idle: its connection is free
    release.set()
    qtbot.waitUntil(runner.idle, timeout=10_000)
    assert reader.count("person") == 0


def test_another_thread_may_not_use_a_live_runners_store(store):
    runner = BackgroundRunner(store)
    seen: list[BaseException | int] = []

    def read() -> None:
        try:
            seen.append(store.count("person"))
        except ConcurrentUse as exc:
            seen.append(exc)

    worker = threading.Thread(target=read)
    worker.start()
    worker.join()
    assert isinstance(seen[0], ConcurrentUse) and "thread " in str(seen[0])
    runner.stop()  # stopped and idle: nothing else can use the connection now
    worker = threading.Thread(target=read)
    worker.start()
    worker.join()
    assert seen[1] == 0


def test_without_the_check_the_store_keeps_its_plain_connection(store, monkeypatch):
    monkeypatch.setattr(BackgroundRunner, "check_threads", False)
    BackgroundRunner(store)
    assert type(store.db.conn).__module__.startswith("sqlcipher3")
    assert BackgroundRunner(store).idle()


def test_a_synchronous_runner_is_not_checked(store):
    runner = BackgroundRunner(store, synchronous=True)
    assert runner.call(lambda s: s.count("person")) == 0
    assert type(store.db.conn).__module__.startswith("sqlcipher3")


def test_two_live_runners_on_one_store_are_refused_until_one_stops(store):
    first, second = BackgroundRunner(store), BackgroundRunner(store)
    with pytest.raises(ConcurrentUse, match="another runner"):
        second.call(lambda s: s.count("person"))
    first.stop()  # the first is done with: the second owns the store alone
    assert second.call(lambda s: s.count("person")) == 0
