"""Snapshot pages read as two ordered index ranges (``sync.server.downward.snapshot_rows``):
a device's own scope and the handed-down entities above it, each from the page key on.
Paged at any size, a snapshot is exactly the single ``OR`` query's rows in (scope, entity
id) order, each entity once (also one both ranges hold), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import select

from sync.protocol.reach import PLACE_NAME_LIST, POLICY_PACK_LIST
from sync.server.apply import state_rows
from sync.server.db import states
from sync.server.downward import in_reach

WRITES = [  # (scope, list, entities)
    ("361100000000", POLICY_PACK_LIST, 2),  # the prefecture's: inside prefix 361100 too
    ("3611", PLACE_NAME_LIST, 1),
    ("361130", POLICY_PACK_LIST, 3),
    ("361130000000", PLACE_NAME_LIST, 2),
    ("361130", "household", 2),  # not handed down: only the county's own
    ("361130104201", "household", 6),
    ("361130104202", "household", 5),
    ("361130104202", PLACE_NAME_LIST, 1),  # a village's own: not handed to its neighbour
    ("361130105201", "household", 4),
    ("361100000000", "household", 2),
]
READERS = ["361100", "361130", "361130104", "361130104201", "361130104202"]


def _reference(server, prefix: str) -> list[tuple[str, str]]:
    """(scope, entity id) of every state a snapshot of ``prefix`` serves, as the one
    ``OR`` query orders them."""
    with server.engine.connect() as conn:
        rows = conn.execute(state_rows().where(in_reach(prefix))
                            .order_by(states.c.scope, states.c.entity_id)).all()
    return [(r.scope, r.entity_id) for r in rows]


def _pages(server, token: str, limit: int) -> list[dict]:
    pages, after = [], ""
    while True:
        reply = requests.get(f"{server.url}/v1/snapshot", timeout=30,
                             params={"after": after, "limit": limit, "format": "sets"},
                             headers={"Authorization": f"Bearer {token}"})
        assert reply.status_code == 200, reply.text
        pages.append(reply.json())
        if pages[-1]["next"] is None:
            return pages
        after = pages[-1]["next"]
        assert len(pages) < 100


def test_snapshot_pages_are_the_or_query_in_order_at_every_page_size(server):
    writers = {prefix: server.replica(f"dw{prefix}", prefix, role="county")
               for prefix in ("361100", "361130")}
    for scope, entity_list, count in WRITES:
        writer = writers["361130" if scope.startswith("361130") else "361100"][0]
        for n in range(count):
            writer.edit(f"{entity_list}-{scope}-{n}", "note", n, entity_list=entity_list,
                        scope=scope)
    assert all(client.sync().checked for _writer, client in writers.values())
    with server.engine.connect() as conn:
        assert conn.execute(select(states.c.entity_id)).all()
    for prefix in READERS:
        token = server.enrol(f"dr{prefix}", prefix, "county" if len(prefix) <= 6 else
                             "township" if len(prefix) == 9 else "village")
        expected = _reference(server, prefix)
        entities = [e for _s, e in expected]
        if prefix == "361100":  # a handed-down pack both ranges hold: served once
            assert ("361100000000", "policy_pack-361100000000-0") in expected
        whole = [s["entity"] for p in _pages(server, token, 10_000) for s in p["sets"]]
        assert whole == entities and len(set(entities)) == len(entities) > 2
        for limit in (1, 2, 3, 7):
            pages = _pages(server, token, limit)
            paged = [s["entity"] for p in pages for s in p["sets"]]
            assert paged == whole, (prefix, limit)
            assert all(p["total"] == len(expected) for p in pages)


@pytest.mark.parametrize("after", ["", "361130104201:x"])
def test_a_page_key_outside_the_scope_gives_only_the_scope(server, after):
    writer, client = server.replica("dw", "361130", role="county")
    for n in range(3):
        writer.edit(f"h{n}", "note", n, scope="361130104201")
        writer.edit(f"g{n}", "note", n, scope="361130105201")
    client.sync()
    token = server.enrol("dr", "361130105", "township")
    reply = requests.get(f"{server.url}/v1/snapshot", timeout=30,
                         params={"after": after, "limit": 10, "format": "sets"},
                         headers={"Authorization": f"Bearer {token}"}).json()
    assert [s["entity"] for s in reply["sets"]] == ["g0", "g1", "g2"] and reply["next"] is None
