"""The county server's one-pass rows for new entities equal the merged ones.

A plain creating set of an entity nothing else in the batch touches is stored in one
pass (``sync.server.apply.Fresh``), without a working copy of its state. With
``Hub.one_pass`` off every new entity goes through the working copy, as before: both
must store exactly the same rows and answer exactly the same acknowledgements, on
SQLite (SQLCipher) and on PostgreSQL, for a real village's first push mixed with the
cases that leave the one-pass path: an edit of an entity created earlier in the same
batch, an ID number another person already has (in the batch, in an earlier batch,
in another village), a clock stamp ahead of the server, a set sent again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from registry.demo import household_ops
from registry.demo_data import generate_village
from sync.protocol import ChangeSet, Stamp, make_batch
from sync.server.auth import Device
from sync.server.db import (
    batches,
    change_sets,
    database_url,
    disclosures,
    flags,
    links,
    lookups,
    open_engine,
    states,
)
from sync.server.hub import Hub

V1, V2 = "361130104201", "361130104202"
TODAY = date(2026, 11, 22)
NOW = 1_764_000_000_000
TABLES = {change_sets: change_sets.c.seq, states: states.c.entity_id,
          lookups: lookups.c.lookup, links: links.c.child, flags: flags.c.id,
          disclosures: disclosures.c.id, batches: batches.c.batch_id}


def _village_sets(folder: Path, scope: str, device: str, seed: int) -> list[ChangeSet]:
    """A real village's first push: every set its profile journaled."""
    from bench.sync import new_profile
    from registry.replica import StoreReplica

    store = new_profile(folder, scope=scope, name=device)
    households = generate_village(seed=seed, people=30, village_code=scope, today=TODAY)
    store.write(household_ops(households, scope=scope))
    sets = StoreReplica(store).pending_sets(40_000, ())
    store.close()
    return sets


def _set(n: int, device: str, scope: str, entity: str, props: dict, *,
         ahead_ms: int = 0) -> ChangeSet:
    stamp = Stamp(NOW + n + ahead_ms, n, device).encode()
    return ChangeSet(f"{device}-s{n:04d}", entity, "person", stamp, device, "u1", scope,
                     props)


def _batches(tmp_path: Path) -> list[tuple[str, list[ChangeSet]]]:
    """(device, sets) of each batch, in the order pushed."""
    a = _village_sets(tmp_path / "a", V1, "dev-a", 7)
    b = _village_sets(tmp_path / "b", V2, "dev-b", 8)
    person = next(s for s in a if s.entity_list == "person" and "id_number" in s.props)
    number = person.props["id_number"][0]
    edit = _set(1, "dev-a", V1, person.entity_id,
                {"name": ["改名", f"{person.set_id}.name"]})
    twin = _set(2, "dev-a", V1, "twin-a", {"id_number": [number, None], "name": ["甲", None]})
    ahead = _set(3, "dev-a", V1, "ahead-a", {"name": ["乙", None]}, ahead_ms=3_600_000)
    deleted = _set(4, "dev-a", V1, "gone-a", {"_deleted": [True, None]})
    first = [*a[:40], a[3], edit, twin, ahead, deleted, *a[40:]]  # a[3]: sent twice
    other = _set(5, "dev-b", V2, "twin-b", {"id_number": [number.lower(), None]})
    again = _set(6, "dev-a", V1, "twin-a2", {"id_number": [f" {number} ", None]})
    return [("dev-a", first), ("dev-b", [*b, other]), ("dev-a", [again, *a[:5]])]


def _run(url: str, pushes: list[tuple[str, list[ChangeSet]]], *, one_pass: bool
         ) -> tuple[list[dict], dict[str, list[tuple]]]:
    engine = open_engine(url)
    try:
        hub = Hub(engine, now_ms=lambda: NOW)
        hub.one_pass = one_pass
        acks = []
        for device, sets in pushes:
            dev = Device(device, device, "village", V1 if device == "dev-a" else V2, None)
            acks.append(hub.push(dev, make_batch(sets, device=device)))
        with engine.connect() as conn:
            rows = {t.name: [tuple(r) for r in conn.execute(select(t).order_by(key))]
                    for t, key in TABLES.items()}
    finally:
        engine.dispose()
    return acks, rows


@pytest.fixture(params=["sqlite", "postgres"])
def databases(request, tmp_path):
    """Two empty server databases of the same kind."""
    if request.param == "postgres":
        pg = request.getfixturevalue("postgres")
        return pg.new_database(), pg.new_database()
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    return (database_url(tmp_path / "one", None), database_url(tmp_path / "two", None))


def test_one_pass_rows_and_answers_equal_the_merged_ones(databases, tmp_path):
    pushes = _batches(tmp_path)
    fast_acks, fast_rows = _run(databases[0], pushes, one_pass=True)
    ref_acks, ref_rows = _run(databases[1], pushes, one_pass=False)
    assert fast_acks == ref_acks
    for table, rows in ref_rows.items():
        assert fast_rows[table] == rows, table
    kinds = sorted(f["kind"] for ack in fast_acks for f in ack["flags"])
    assert kinds.count("duplicate_id_number") >= 2 and "clock_ahead" in kinds
    gone = next(r for r in fast_rows["states"] if r[0] == "gone-a")
    assert gone[7]  # created deleted: contested (the review list shows it)
    origins = [r for r in fast_rows["states"] if r[3] is None]  # heads NULL: one set
    assert len(origins) > 50 and all(r[4] for r in origins)
    assert fast_acks[2]["known"] == sum(len(s.props) for s in pushes[2][1][1:])
