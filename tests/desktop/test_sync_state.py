"""The indicator's pending count, read incrementally, equals the replica's full count
through writes, acknowledgements (a sync), and changes queued again."""

from __future__ import annotations

from bangfu_testdata import TODAY

from desktop.sync_state import pending_changes
from registry.demo import load_demo
from registry.replica import StoreReplica


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
