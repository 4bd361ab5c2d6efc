"""The indicator's pending count, read incrementally, equals the replica's full count
through writes, acknowledgements (a sync), and changes queued again."""

from __future__ import annotations

import threading

from bangfu_testdata import TODAY, make_id

from desktop.sync_state import pending_changes
from registry.demo import load_demo
from registry.replica import StoreReplica
from registry.store import Create


def test_incremental_pending_count_follows_writes_acks_and_requeues(store):
    replica = StoreReplica(store)
    assert pending_changes(store) == 0
    load_demo(store, people=20, today=TODAY)
    assert pending_changes(store) == replica.pending_count() > 0
    people = store.find("person")
    store.update(people[0].id, {"work_status": "务工"})
    assert pending_changes(store) == replica.pending_count()
    sets = replica.pending_sets(5)
    replica.mark_acknowledged(sets)  # a sync acknowledged some
    store.update(people[1].id, {"work_status": "务工"})  # and one more change meanwhile
    assert pending_changes(store) == replica.pending_count()
    replica.mark_acknowledged(replica.pending_sets(100_000))
    assert pending_changes(store) == replica.pending_count() == 0
    store.update(people[2].id, {"work_status": "务农"})
    assert pending_changes(store) == replica.pending_count() == 1
    assert replica.requeue_acknowledged() > 0  # a restored server: all sent again
    assert pending_changes(store) == replica.pending_count() > 1


def test_the_status_bar_counts_on_the_read_lane_while_the_db_thread_is_busy(qtbot, store):
    """The pending count (seconds at a big profile) does not queue behind the DB thread's
    work, nor does that work queue behind it: it runs on the read-only twin."""
    from PySide6.QtWidgets import QWidget

    from desktop.background import BackgroundRunner, QueryOp
    from desktop.sync_status import read_state

    store.write([Create("person", {"name": f"测试{n}", "id_number": make_id(seq=f"{n + 200}")})
                 for n in range(3)])
    runner, widget = BackgroundRunner(store), QWidget()
    qtbot.addWidget(widget)
    began, gate = threading.Event(), threading.Event()
    QueryOp(runner, widget, lambda _s: began.set() or gate.wait(30)).without_progress().run()
    assert began.wait(10)
    states = []
    read_state(runner, widget).without_progress().success(states.append).run()
    try:
        qtbot.waitUntil(lambda: bool(states), timeout=5_000)  # the DB thread still waits
    finally:
        gate.set()
    runner.wait()
    assert states[0].pending == pending_changes(store) > 0


def test_the_page_the_window_opens_on_reads_before_the_first_pending_count(qtbot, store,
                                                                           monkeypatch):
    """The first pending count reads every unacknowledged journal row (seconds after a big
    offline import): the indicator waits a moment, so the reads of the page shown first
    (queued on the read lane as the window is built) are not held up behind it."""
    from PySide6.QtWidgets import QMainWindow

    import desktop.sync_status as status_module
    from desktop.background import BackgroundRunner, QueryOp
    from desktop.sync_status import SyncStatus
    from desktop.sync_ui import SyncController

    order: list[str] = []
    counted = status_module.sync_state
    monkeypatch.setattr(status_module, "sync_state",
                        lambda s: order.append("status") or counted(s))
    store.write([Create("person", {"name": "测试", "id_number": make_id(seq="300")})])
    runner, window = BackgroundRunner(store), QMainWindow()
    qtbot.addWidget(window)
    status = SyncStatus(runner, SyncController(runner, window), None, window)
    assert status.text() == "正在读取同步状态…"
    QueryOp(runner, window, lambda _s: order.append("page")).on_reader().without_progress().run()
    qtbot.waitUntil(lambda: status.state is not None, timeout=5_000)
    assert order == ["page", "status"]
    assert status.state.pending == pending_changes(store) > 0
    runner.wait()
