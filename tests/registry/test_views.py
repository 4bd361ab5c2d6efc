"""The household list pages and sorts in SQL: pages join up, unnumbered households last."""

from __future__ import annotations

from bangfu_testdata import TODAY

from registry.demo import load_demo
from registry.rules import HEAD_OF_HOUSEHOLD
from registry.views import HOUSEHOLD_ORDERS, household_rows, households_by_id, households_of


def all_pages(store, size, **order):
    rows, offset = [], 0
    while True:
        page = household_rows(store, limit=size, offset=offset, **order)
        rows.extend(page)
        offset += size
        if len(page) < size:
            return rows


def test_pages_join_up_in_number_order_with_unnumbered_households_last(store):
    load_demo(store, people=120, today=TODAY)
    loose = [store.create("household", {"household_type": "100A03001"}) for _ in range(3)]
    pages = all_pages(store, 7)
    numbers = [r.household_no for r in pages[:-3]]
    assert numbers == sorted(numbers) and all(numbers)
    assert [r.id for r in pages[-3:]] == loose
    assert len(pages) == store.count("household") == len({r.id for r in pages})
    backwards = all_pages(store, 7, descending=True)
    assert [r.household_no for r in backwards[:-3]] == numbers[::-1]


def test_every_order_sorts_all_households_in_sql(store):
    load_demo(store, people=80, today=TODAY)
    everything = household_rows(store, limit=1000)
    for order in HOUSEHOLD_ORDERS:
        for descending in (False, True):
            rows = all_pages(store, 5, order=order, descending=descending)
            assert sorted(r.id for r in rows) == sorted(r.id for r in everything), order
    by_members = all_pages(store, 5, order="members", descending=True)
    assert [r.members for r in by_members] == sorted((r.members for r in everything),
                                                     reverse=True)
    by_head = all_pages(store, 5, order="head")
    assert [r.head_name for r in by_head] == sorted(r.head_name for r in everything)


def test_rows_by_id_keep_the_order_given_and_writes_map_to_their_households(store):
    load_demo(store, people=30, today=TODAY)
    rows = household_rows(store, limit=100)
    wanted = [rows[3].id, rows[0].id, "gone"]
    assert [r.id for r in households_by_id(store, wanted)] == wanted[:2]
    member = next(p for p in store.find("person", parent=rows[2].id)
                  if p.props.get("relation") != HEAD_OF_HOUSEHOLD)
    assert [r.id for r in households_of(store, [member.id, rows[5].id])] == sorted(
        [rows[2].id, rows[5].id])


def test_rows_by_id_are_read_through_the_primary_key_not_the_list_index(store):
    """Without "+list" SQLite picks the list index for ``list = 'household' AND id IN``:
    it reads every household of the county (seconds at 300k people) to return a page."""
    load_demo(store, people=30, today=TODAY)
    rows = household_rows(store, limit=100)
    member = next(p for p in store.find("person", parent=rows[2].id))
    statements: list[str] = []
    conn = store.db.conn
    conn.set_trace_callback(statements.append)
    try:
        gone = [f"gone{n:03}" for n in range(200)]  # a page's worth of ids
        households_of(store, [member.id, rows[5].id, *gone])
        households_by_id(store, [rows[1].id, rows[4].id, *gone])
    finally:
        conn.set_trace_callback(None)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 3
    for sql in reads:
        plan = " ".join(str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "entity_list" not in plan and "(id=?)" in plan, plan
