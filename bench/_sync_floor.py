"""The floors of ``bench.sync``: the rows a pull or a push wrote, inserted raw.

A floor is what the same rows cost with no Python logic at all: read back from
the database they were written to, then ``executemany``'d into a fresh database
of the same kind (an encrypted profile for a pull, a server database for a
push), split into the same transactions as the measured run wrote them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registry.replica import StoreReplica
from registry.store import Store
from sync.protocol import ApplyOutcome, Change, ChangeSet
from sync.server.cipher import connect_raw
from sync.server.db import database_url, open_engine


@dataclass
class PullTransactions:
    """Where each transaction of a pull ended: entity rowid and journal seq after each
    merge, and how many settings rows (cursor, bootstrap mark) were written on their own."""

    marks: list[tuple[int, int]] = field(default_factory=list)
    meta_writes: int = 0


class CountingReplica(StoreReplica):
    """A :class:`StoreReplica` that notes where each of its write transactions ended."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.transactions = PullTransactions()

    def apply_remote(self, items: Sequence[ChangeSet | Change]) -> ApplyOutcome:
        """Merge as the replica does, then note the last entity rowid and journal seq."""
        outcome = super().apply_remote(items)
        self.transactions.marks.append(self._conn.execute(
            "SELECT (SELECT coalesce(max(rowid), 0) FROM entity),"
            " (SELECT coalesce(max(seq), 0) FROM journal)").fetchone())
        return outcome

    def set_cursor(self, cursor: int) -> None:
        """Persist the cursor (one transaction, counted)."""
        super().set_cursor(cursor)
        self.transactions.meta_writes += 1

    def set_bootstrap(self, mark: tuple[int, str] | None) -> None:
        """Persist the bootstrap mark (one transaction, counted)."""
        super().set_bootstrap(mark)
        self.transactions.meta_writes += 1


def pull_rows(store: Store, transactions: PullTransactions
              ) -> list[dict[str, list[tuple[Any, ...]]]]:
    """The rows the pull wrote into ``store``, table by table, per merge transaction."""
    conn = store.db.conn
    parts: list[dict[str, list[tuple[Any, ...]]]] = [{} for _ in transactions.marks]
    part_of_entity: dict[str, int] = {}
    first_entity = first_seq = 0
    for n, (last_entity, last_seq) in enumerate(transactions.marks):
        entities = conn.execute("SELECT * FROM entity WHERE rowid > ? AND rowid <= ?"
                                " ORDER BY rowid", (first_entity, last_entity)).fetchall()
        part_of_entity.update((row[0], n) for row in entities)
        parts[n]["entity"] = entities
        parts[n]["journal"] = conn.execute(
            "SELECT * FROM journal WHERE seq > ? AND seq <= ? AND origin = 1 ORDER BY seq",
            (first_seq, last_seq)).fetchall()
        first_entity, first_seq = max(first_entity, last_entity), max(first_seq, last_seq)
    last = len(parts) - 1
    if last < 0:
        return parts
    for table in ("search_key", "heads", "conflict"):  # in the order of their entities
        for row in conn.execute(f"SELECT t.entity_id, t.* FROM {table} t LEFT JOIN entity e"
                                " ON e.id = t.entity_id ORDER BY e.rowid"):
            parts[part_of_entity.get(row[0], last)].setdefault(table, []).append(row[1:])
    parts[last]["replaced"] = conn.execute("SELECT * FROM replaced").fetchall()
    return parts


def insert_parts(conn: Any, parts: list[dict[str, list[tuple[Any, ...]]]], *,
                 meta_writes: int = 0) -> float:
    """Seconds to ``executemany`` each part's rows in one transaction of its own, then
    ``meta_writes`` one-row settings transactions (``conn`` in autocommit mode)."""
    start = time.perf_counter()
    for part in parts:
        conn.execute("BEGIN IMMEDIATE")
        for table, rows in part.items():
            if rows:
                conn.executemany(f"INSERT INTO {table} VALUES ({_marks(rows)})", rows)
        conn.execute("COMMIT")
    for n in range(meta_writes):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('floor', ?)", (str(n),))
        conn.execute("COMMIT")
    return time.perf_counter() - start


def push_rows(engine: Any, device: str) -> list[dict[str, list[tuple[Any, ...]]]]:
    """The rows the server stored for ``device``'s batches, table by table, per batch
    (each batch is one transaction), in the order the server's apply writes them."""
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        batch_ids = [r[0] for r in raw.execute(
            "SELECT batch_id FROM batches WHERE device_id = ? ORDER BY committed_ms, rowid",
            (device,))]
        parts: list[dict[str, list[tuple[Any, ...]]]] = []
        part_of: dict[str, int] = {}  # entity id -> the last batch that stored a set of it
        for n, batch_id in enumerate(batch_ids):
            sets = raw.execute("SELECT * FROM change_sets WHERE batch_id = ? ORDER BY seq",
                               (batch_id,)).fetchall()
            part_of.update((row[2], n) for row in sets)  # row[2]: entity_id
            parts.append({"change_sets": sets, "states": [], "links": [], "lookups": [],
                          "flags": [], "batches": raw.execute(
                              "SELECT * FROM batches WHERE batch_id = ?", (batch_id,)).fetchall()})
        by_entity = {"states": "SELECT entity_id, * FROM states ORDER BY entity_id",
                     "lookups": "SELECT entity_id, * FROM lookups ORDER BY lookup",
                     "flags": "SELECT entity_id, * FROM flags ORDER BY id",
                     "links": "SELECT c.entity_id, l.* FROM links l JOIN change_sets c ON"
                              " c.set_id = substr(l.child, 1, instr(l.child, '.') - 1)"}
        for table, query in by_entity.items():
            for row in raw.execute(query):
                if row[0] in part_of:
                    parts[part_of[row[0]]][table].append(row[1:])
    return parts


def server_database(folder: Path) -> Any:
    """A fresh server database (the server's schema, SQLCipher key and SQLite settings), raw."""
    folder.mkdir(parents=True, exist_ok=True)
    open_engine(database_url(folder, None)).dispose()  # the schema, as the server makes it
    conn = connect_raw(folder / "server.db")
    conn.isolation_level = None
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def push_floor(folder: Path, parts: list[dict[str, list[tuple[Any, ...]]]]) -> float:
    """Seconds to ``executemany`` the push's rows into a fresh server database, one
    transaction per batch."""
    conn = server_database(folder)
    try:
        return insert_parts(conn, parts)
    finally:
        conn.close()


def _marks(rows: list[tuple[Any, ...]]) -> str:
    return ",".join("?" * len(rows[0]))
