"""The merge's writes as multi-row statements (``registry.replica.insert_rows``): row for
row what one-row statements write, in the same order, with ``OR REPLACE`` and
``OR IGNORE`` acting on each row as it comes."""

from __future__ import annotations

import sqlite3

import pytest
from test_sync_pull_ahead import _pair, _rows, _source_sets

from registry import replica as replica_module
from registry.replica import StoreReplica, insert_rows


@pytest.mark.parametrize("per_statement", [2, 7, 256])
def test_pages_written_in_multi_row_statements_give_the_one_row_statements_rows(
        tmp_path, monkeypatch, per_statement):
    sets = _source_sets(tmp_path)
    one_row, multi_row = _pair(tmp_path)
    half = len(sets) // 2
    pages = (sets[:half], sets[half:], sets)  # the last: everything known already
    for page in pages:
        monkeypatch.setattr(replica_module, "_ROWS_PER_STATEMENT", 1)
        expected = one_row.apply_remote(StoreReplica.prepare_remote(page))
        monkeypatch.setattr(replica_module, "_ROWS_PER_STATEMENT", per_statement)
        assert multi_row.apply_remote(StoreReplica.prepare_remote(page)) == expected
        assert _rows(multi_row) == _rows(one_row)
    written = _rows(multi_row)
    assert len(written["entity"]) > 2 * per_statement or per_statement == 256
    assert len(written["journal"]) == len(sets)
    assert written["search_key"] and written["replaced"]


def _table() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER, w TEXT)")
    return conn


@pytest.mark.parametrize("head", ["INSERT OR REPLACE INTO t (k, v, w) VALUES",
                                  "INSERT OR IGNORE INTO t (k, v, w) VALUES"])
def test_insert_rows_acts_row_by_row_across_and_within_statements(monkeypatch, head):
    monkeypatch.setattr(replica_module, "_ROWS_PER_STATEMENT", 4)
    rows = [(f"k{n % 7}", n, None if n % 3 else "x") for n in range(23)]  # repeated keys
    expected, got = _table(), _table()
    expected.execute("INSERT INTO t VALUES ('k2', -1, 'old')")
    got.execute("INSERT INTO t VALUES ('k2', -1, 'old')")
    expected.executemany(head.replace("VALUES", "VALUES (?, ?, ?)"), rows)
    insert_rows(got, head, rows)
    insert_rows(got, head, [])
    query = "SELECT rowid, * FROM t ORDER BY rowid"
    assert got.execute(query).fetchall() == expected.execute(query).fetchall()
    assert len(got.execute(query).fetchall()) == 7



def _snapshot_limits(client) -> list[int]:
    """Record the page size of every snapshot request the client sends."""
    limits, call = [], client.http.call

    def recorded(method, path, **kwargs):
        if path == "/snapshot":
            limits.append((kwargs.get("params") or {}).get("limit"))
        return call(method, path, **kwargs)

    client.http.call = recorded
    return limits


def test_a_bootstrap_asks_for_a_small_first_page_then_ramps_up_to_full_pages(server):
    village = "330102001001"
    a, ca = server.replica("dev-a", village)
    for i in range(23):
        a.edit(f"h{i:02d}", "size", i)
    ca.sync()
    pages = []
    b, cb = server.replica("dev-b", village)
    cb.snapshot_limit, cb.first_snapshot_limit = 7, 2
    limits = _snapshot_limits(cb)
    cb.progress = lambda phase, done, _total: pages.append(done) if phase == "bootstrap" else None
    result = cb.sync()
    # 23 entities: 2, then twice the page before (4), then 7 a page; the fifth
    # page asks for 7 and gets the last 3
    assert limits == [2, 4, 7, 7, 7] and pages == [2, 6, 13, 20, 23]
    assert result.checked and not result.repaired
    assert b.snapshot_state() == a.snapshot_state()
    c, cc = server.replica("dev-c", village)
    cc.snapshot_limit = 5  # the first page never bigger than the others
    limits = _snapshot_limits(cc)
    cc.sync()
    assert limits == [5] * 5 and c.snapshot_state() == a.snapshot_state()
    d, cd = server.replica("dev-d", village)
    cd.snapshot_limit, cd.first_snapshot_limit, cd.snapshot_ramp = 7, 2, 1.0  # no ramp
    limits = _snapshot_limits(cd)
    cd.sync()
    assert limits == [2] * 12 and d.snapshot_state() == a.snapshot_state()


def test_the_default_pages_ramp_from_1000_to_5000_entities(server):
    _, client = server.replica("dev-a", "330102001001")
    sizes = client._snapshot_limits()
    assert [next(sizes) for _ in range(5)] == [1000, 2000, 4000, 5000, 5000]
    client.snapshot_limit, client.first_snapshot_limit, client.snapshot_ramp = 9, 1, 3.7
    sizes = client._snapshot_limits()
    assert [next(sizes) for _ in range(4)] == [1, 3, 9, 9]
