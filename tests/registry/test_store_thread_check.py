"""``Store.check_threads``: a check run before every statement on the store's connection
(the desktop's runner adds one in tests, see docs/thread-check.md)."""

from __future__ import annotations

import pytest

from registry.store import ConcurrentUse, Store


def test_the_check_runs_before_every_statement_and_can_refuse_it(store: Store):
    calls: list[int] = []
    refuse = False

    def check() -> None:
        calls.append(1)
        if refuse:
            raise ConcurrentUse("not now")

    store.check_threads(check)
    hid = store.create("household", {"household_no": "361130104201001"})
    assert calls  # the write's statements were checked
    before = len(calls)
    assert store.db.execute("SELECT count(*) FROM entity").fetchone()[0] == 1
    assert len(calls) > before  # sqlite_utils' statements too
    refuse = True
    with pytest.raises(ConcurrentUse):
        store.update(hid, {"head_name": "罗海"})
    with pytest.raises(ConcurrentUse):
        store.get(hid)
    refuse = False
    assert "head_name" not in store.get(hid).props  # the refused write changed nothing


def test_every_check_added_is_asked(store: Store):
    asked: list[str] = []
    store.check_threads(lambda: asked.append("a"))
    store.check_threads(lambda: asked.append("b"))
    store.count("person")
    assert asked == ["a", "b"]


def test_without_a_check_the_connection_is_the_drivers_own(store: Store):
    assert type(store.db.conn).__module__.startswith("sqlcipher3")
    store.check_threads(lambda: None)
    assert not type(store.db.conn).__module__.startswith("sqlcipher3")
    assert store.db.conn.in_transaction is False  # anything else is the connection's own
