"""The indicator's pending records, read incrementally, equal the replica's full count
through writes, acknowledgements (a sync), and changes queued again."""

from __future__ import annotations

import threading

import pytest
from bangfu_testdata import TODAY, make_id

from desktop.sync_state import _counted, pending_records
from registry.demo import load_demo
from registry.replica import StoreReplica
from registry.store import Create


def test_incremental_pending_count_follows_writes_acks_and_requeues(store):
    replica = StoreReplica(store)
    assert pending_records(store) == 0
    load_demo(store, people=20, today=TODAY)
    assert pending_records(store) == replica.pending_records() > 0
    people = store.find("person")
    store.update(people[0].id, {"work_status": "务工"})
    assert pending_records(store) == replica.pending_records()
    sets = replica.pending_sets(5)
    replica.mark_acknowledged(sets)  # a sync acknowledged some
    store.update(people[1].id, {"work_status": "务工"})  # and one more change meanwhile
    assert pending_records(store) == replica.pending_records()
    replica.mark_acknowledged(replica.pending_sets(100_000))
    assert pending_records(store) == replica.pending_records() == 0
    store.update(people[2].id, {"work_status": "务农"})
    assert pending_records(store) == replica.pending_records() == 1
    assert replica.requeue_acknowledged() > 0  # a restored server: all sent again
    assert pending_records(store) == replica.pending_records() > 1


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
    assert states[0].pending == pending_records(store) > 0


def test_a_count_in_parts_equals_the_whole_through_writes_and_acknowledgements(store):
    """With ``chunk`` the count is read a few journal rows at a time (None until the last
    part), and every finished count equals the replica's, acknowledgements between the parts
    included (the count then starts again)."""
    replica = StoreReplica(store)
    load_demo(store, people=20, today=TODAY)

    def in_parts(chunk: int) -> tuple[int, int]:
        for calls in range(1, 10_000):
            answer = pending_records(store, chunk=chunk)
            if answer is not None:
                return answer, calls
        raise AssertionError("the count never ended")

    rows = store.db.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    total, calls = in_parts(3)
    assert total == replica.pending_records() > 0 and calls >= rows // 3
    assert pending_records(store, chunk=3) == total  # counted: one call now
    store.update(store.find("person")[0].id, {"work_status": "务工"})
    assert in_parts(3) == (replica.pending_records(), 1)  # only the new row is read
    _counted.pop(store)  # as after a restart: a first count again, in parts...
    assert pending_records(store, chunk=2) is None
    store.update(store.find("person")[1].id, {"work_status": "务农"})  # ...a write meanwhile
    assert in_parts(2)[0] == replica.pending_records() == pending_records(store)
    _counted.pop(store)
    assert pending_records(store, chunk=2) is None
    replica.mark_acknowledged(replica.pending_sets(7))  # ...and a sync acknowledges some
    assert in_parts(2)[0] == replica.pending_records() == pending_records(store)
    replica.mark_acknowledged(replica.pending_sets(100_000))
    assert in_parts(2)[0] == 0  # noticed at the end of a count: it starts again
    with pytest.raises(ValueError, match="chunk"):
        pending_records(store, chunk=0)


def test_the_first_count_lets_the_pages_reads_take_turns(qtbot, store, monkeypatch):
    """The first pending count reads every unacknowledged journal row (seconds after a big
    offline import): in parts on the read lane, so a page's read queued meanwhile (the
    dashboard's alert count) runs before it ends, not after."""
    from PySide6.QtWidgets import QMainWindow

    import desktop.sync_status as status_module
    from desktop.background import BackgroundRunner, QueryOp
    from desktop.sync_status import SyncStatus
    from desktop.sync_ui import SyncController

    load_demo(store, people=20, today=TODAY)
    order: list[str] = []
    gate = threading.Event()
    counted = status_module.sync_state

    def part(s, **kw):  # the first part waits until the page's read is queued behind it
        order.append("part")
        if len(order) == 1:
            gate.wait(10)
        return counted(s, **kw)

    monkeypatch.setattr(status_module, "COUNT_CHUNK", 2)
    monkeypatch.setattr(status_module, "sync_state", part)
    runner, window = BackgroundRunner(store), QMainWindow()
    qtbot.addWidget(window)
    status = SyncStatus(runner, SyncController(runner, window), None, window)
    qtbot.waitUntil(lambda: order == ["part"], timeout=5_000)
    QueryOp(runner, window, lambda _s: order.append("page")).on_reader().without_progress().run()
    gate.set()
    qtbot.waitUntil(lambda: status.state is not None and status.state.pending is not None,
                    timeout=10_000)
    assert order[:2] == ["part", "page"] and order.count("part") > 2  # parts after the page's
    assert status.state.pending == runner.call(lambda s: StoreReplica(s).pending_records())
    assert status.text().endswith(f"待上传 {status.state.pending}")
    runner.wait()


def test_a_count_in_parts_waits_for_the_end_of_a_sync(qtbot, store, monkeypatch):
    """Each batch a sync acknowledges would start the count again: its parts wait for the
    end of the sync, and the line keeps saying what it knows meanwhile."""
    from PySide6.QtWidgets import QMainWindow

    import desktop.sync_status as status_module
    from desktop.background import BackgroundRunner
    from desktop.sync_status import SyncStatus
    from desktop.sync_ui import SyncController

    load_demo(store, people=20, today=TODAY)
    parts: list[int] = []
    counted = status_module.sync_state
    monkeypatch.setattr(status_module, "COUNT_CHUNK", 2)
    monkeypatch.setattr(status_module, "sync_state",
                        lambda s, **kw: parts.append(1) or counted(s, **kw))
    runner, window = BackgroundRunner(store), QMainWindow()
    qtbot.addWidget(window)
    status = SyncStatus(runner, SyncController(runner, window), None, window)
    status.set_syncing(True)  # before the first part is back
    qtbot.waitUntil(lambda: status.state is not None, timeout=5_000)
    qtbot.wait(300)
    assert len(parts) == 1 and status.state.pending is None
    assert status.text() == "未连接县服务器 · 尚未同步 · 待上传（正在统计）"
    status.set_syncing(False)
    qtbot.waitUntil(lambda: status.state.pending is not None, timeout=10_000)
    assert len(parts) > 2
    assert status.state.pending == runner.call(lambda s: StoreReplica(s).pending_records())
    runner.wait()


def test_pending_records_count_each_record_once_and_not_the_forms_answers(store):
    """Three follow-ups were shown as dozens pending (their property changes): they are
    three 走访 records and their people's status, a record edited twice is one, and the
    forms' own answers and the audit log are not counted; in parts as a whole."""
    from registry.submissions import save_submission
    from sync.protocol import new_id

    replica = StoreReplica(store)
    load_demo(store, people=6, today=TODAY)
    replica.mark_acknowledged(replica.pending_sets(100_000))  # synced
    assert pending_records(store) == replica.pending_records() == 0
    people = [p.id for p in store.find("person")]
    for person in (people[0], people[0], people[1]):  # two follow-ups of one person
        save_submission(store, {
            "form_id": "employment_followup", "version": "1", "instance_id": "uuid:" + new_id(),
            "answers": {"visit_date": "2026-11-05"}, "entities": [{
                "list_name": "visit", "action": "create", "entity_id": new_id(),
                "properties": {"visit_date": "2026-11-05", "person_id": person,
                               "employment_status": "employed", "channel": "away"}}]})
    store.update(people[1], {"phone": "13800000001"})  # the same person edited again
    assert replica.pending_count() > 20  # the changes
    assert pending_records(store) == replica.pending_records() == 3 + 2
    _counted.pop(store)
    parts = [pending_records(store, chunk=1) for _ in range(30)]
    assert parts[-1] == 5 and None in parts
    sent = replica.pending_sets(100_000)  # a sync cut in two batches, one person in both
    lists = [x.entity_list for x in sent]  # the second follow-up of a person already of
    assert lists.count("person") == 3 and lists[-1] == "person"  # that status: no update
    first, second = sent[:-2], sent[-2:]
    replica.mark_acknowledged(first)
    assert replica.settled_records(first) == 4  # the person edited after: not yet
    assert pending_records(store) == replica.pending_records() == 1
    replica.mark_acknowledged(second)
    assert replica.settled_records(second) == 1
    assert pending_records(store) == replica.pending_records() == 0


def test_hovering_the_line_says_what_the_pending_records_are(qtbot, store):
    """Three follow-ups showed 待上传 6 with no word why (each updates its person too): the
    line's tooltip gives the records by kind, read on the read lane."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QMainWindow

    from desktop.background import BackgroundRunner
    from desktop.sync_state import pending_by_list
    from desktop.sync_status import SyncStatus, breakdown_text
    from desktop.sync_ui import SyncController
    from registry.store import Create

    replica = StoreReplica(store)
    load_demo(store, people=6, today=TODAY)
    replica.mark_acknowledged(replica.pending_sets(100_000))
    people = [p.id for p in store.find("person")][:3]
    store.write([Create("visit", {"person_id": p, "visit_date": "2026-11-05"}) for p in people])
    store.update(people[0], {"phone": "13800000001"})
    assert pending_by_list(store) == [("visit", 3), ("person", 1)]
    assert breakdown_text([("visit", 3), ("person", 1), ("export_batch", 2)]) == (
        "待上传：走访 3 条、人员 1 条、其他 2 条")
    runner, window = BackgroundRunner(store), QMainWindow()
    qtbot.addWidget(window)
    status = SyncStatus(runner, SyncController(runner, window), None, window)
    qtbot.waitUntil(lambda: status.state is not None and status.state.pending == 4,
                    timeout=10_000)
    QApplication.sendEvent(status.label, QHelpEvent(QEvent.Type.ToolTip, QPoint(2, 2),
                                                    status.label.mapToGlobal(QPoint(2, 2))))
    qtbot.waitUntil(lambda: status.breakdown == "待上传：走访 3 条、人员 1 条", timeout=10_000)
    runner.wait()
