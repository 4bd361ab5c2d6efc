"""The floors of bench.sync insert exactly the rows the measured push and pull wrote.

A real county server process on 127.0.0.1, real encrypted profiles: one device pushes
three villages in several batches, another bootstraps them in several snapshot pages.
The rows the floors read back are inserted into fresh databases, and those must then
hold the very same rows, split into as many transactions as the sync wrote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench._sync_floor import (
    CountingReplica,
    insert_parts,
    pull_rows,
    push_rows,
    server_database,
)
from bench.store import TODAY
from bench.sync import COUNTY, _Result, new_profile
from desktop.embedded_server import EmbeddedServer
from registry.demo import household_ops
from registry.demo_data import generate_village
from sync.client import SyncClient, enroll
from sync.server.auth import create_enrolment
from sync.server.db import database_url, open_engine

PULL_TABLES = ("entity", "journal", "search_key", "heads", "conflict", "replaced")
PUSH_TABLES = ("change_sets", "states", "links", "lookups", "flags", "batches")


@pytest.fixture
def synced(tmp_path: Path) -> Any:
    server = EmbeddedServer(tmp_path / "server")
    server.start()
    engine = open_engine(database_url(tmp_path / "server", None))
    try:
        source = new_profile(tmp_path / "source", name="dsource")
        for n in range(3):
            code = f"{COUNTY}100{n:03d}"
            source.write(household_ops(generate_village(
                seed=n, people=40, village_code=code, today=TODAY), scope=code))
        push = client(server, engine, "dsource", source, batch_size=300)
        push.push(_Result())
        sink = new_profile(tmp_path / "sink", name="dsink")
        pull = client(server, engine, "dsink", sink, snapshot_limit=25)
        pull.pull(_Result())
        yield engine, source, sink, pull.store
    finally:
        server.stop()
        engine.dispose()


def client(server: EmbeddedServer, engine: Any, name: str, store: Any,
           **options: Any) -> SyncClient:
    code = create_enrolment(engine, name=name, role="county", scope=COUNTY)
    token = enroll(server.url, code=code, device_id=name)["token"]
    return SyncClient(server.url, token, CountingReplica(store), **options)


def table(conn: Any, name: str, where: str = "") -> list[tuple[Any, ...]]:
    return sorted(conn.execute(f"SELECT * FROM {name} {where}").fetchall(), key=repr)


def gathered(parts: list[dict[str, list[tuple[Any, ...]]]], name: str) -> list[tuple[Any, ...]]:
    return sorted((row for part in parts for row in part.get(name, [])), key=repr)


def test_the_pull_floor_inserts_the_rows_the_pull_wrote(synced: Any, tmp_path: Path) -> None:
    _engine, _source, sink, replica = synced
    transactions = replica.transactions
    parts = pull_rows(sink, transactions)
    assert len(parts) == len(transactions.marks) >= 5  # 40 households+people a page of 25
    assert transactions.meta_writes >= len(parts)  # a bootstrap mark or cursor each
    assert all(part["entity"] for part in parts[:-1])
    conn = sink.db.conn
    assert gathered(parts, "entity") == table(conn, "entity") != []
    assert gathered(parts, "journal") == table(conn, "journal", "WHERE origin = 1") != []
    for name in ("search_key", "heads", "conflict", "replaced"):
        assert gathered(parts, name) == table(conn, name)
    fresh = new_profile(tmp_path / "floor")
    seconds = insert_parts(fresh.db.conn, parts, meta_writes=transactions.meta_writes)
    assert seconds > 0
    for name in PULL_TABLES:
        where = "WHERE origin = 1" if name == "journal" else ""
        assert table(fresh.db.conn, name, where) == table(conn, name, where), name
    fresh.close()


def test_the_push_floor_inserts_the_rows_the_server_stored(synced: Any,
                                                            tmp_path: Path) -> None:
    engine, source, _sink, _replica = synced
    parts = push_rows(engine, "dsource")
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        batches = raw.execute("SELECT count(*) FROM batches WHERE device_id = 'dsource'"
                              ).fetchone()[0]
        stored = {name: table(raw, name) for name in ("change_sets", "states", "lookups")}
        sent = raw.execute("SELECT sum(changes) FROM change_sets").fetchone()[0]
    assert len(parts) == batches > 1
    assert sent == len(source.journal())  # every change the device made, stored once
    for name, rows in stored.items():  # the only writer was dsource
        assert gathered(parts, name) == rows != [], name
    fresh = server_database(tmp_path / "floor")
    insert_parts(fresh, parts)
    for name in PUSH_TABLES:
        assert table(fresh, name) == gathered(parts, name), name
    fresh.close()
