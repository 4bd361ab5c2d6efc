"""Numbered, transactional schema migrations.

``PRAGMA user_version`` holds the schema number. Each step runs in its own
``BEGIN IMMEDIATE`` transaction together with the version bump, so a crash
leaves the file at the old version or the new one, never between. Steps are
never edited once released: a change is a new step. ``tests/data`` keeps a real
file of every released schema, and a test upgrades each one.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from registry.db import Connection
from registry.errors import SchemaTooNew

SCHEMA_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE entity (
    id          TEXT PRIMARY KEY,
    list        TEXT NOT NULL,
    scope       TEXT NOT NULL DEFAULT '',
    parent      TEXT,
    props       TEXT NOT NULL DEFAULT '{}',
    versions    TEXT NOT NULL DEFAULT '{}',
    deleted     INTEGER NOT NULL DEFAULT 0,
    merged_into TEXT,
    created_hlc TEXT NOT NULL,
    updated_hlc TEXT NOT NULL
);
CREATE INDEX entity_list ON entity (list, scope);
CREATE INDEX entity_parent ON entity (parent) WHERE parent IS NOT NULL;
CREATE TABLE journal (
    seq       INTEGER PRIMARY KEY,
    set_id    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    list      TEXT NOT NULL,
    changes   TEXT NOT NULL,
    seen      TEXT,
    hlc       TEXT NOT NULL,
    device    TEXT NOT NULL,
    user      TEXT NOT NULL,
    scope     TEXT NOT NULL DEFAULT '',
    origin    INTEGER NOT NULL,
    acked     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX journal_set ON journal (set_id);
CREATE INDEX journal_entity ON journal (entity_id);
CREATE INDEX journal_pending ON journal (seq) WHERE origin = 0 AND acked = 0;
CREATE TABLE conflict (
    id            TEXT PRIMARY KEY,
    entity_id     TEXT NOT NULL,
    prop          TEXT NOT NULL,
    winner_change TEXT NOT NULL,
    loser_change  TEXT NOT NULL,
    detected_hlc  TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open',
    resolution    TEXT
);
CREATE INDEX conflict_open ON conflict (status, entity_id);
CREATE TABLE draft (
    id           TEXT PRIMARY KEY,
    form_id      TEXT NOT NULL,
    form_version TEXT NOT NULL,
    entity_id    TEXT,
    user         TEXT NOT NULL,
    answers      TEXT NOT NULL,
    updated_ms   INTEGER NOT NULL
);
"""

SCHEMA_V2 = """
CREATE TABLE search_key (
    key       TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (key, entity_id)
) WITHOUT ROWID;
CREATE INDEX search_key_entity ON search_key (entity_id);
"""


SCHEMA_V3 = """
CREATE TABLE heads (
    entity_id TEXT NOT NULL,
    prop      TEXT NOT NULL,
    versions  TEXT NOT NULL,
    PRIMARY KEY (entity_id, prop)
) WITHOUT ROWID;
CREATE TABLE replaced (
    change_id TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE partial_ack (
    set_id TEXT NOT NULL,
    prop   TEXT NOT NULL,
    PRIMARY KEY (set_id, prop)
) WITHOUT ROWID;
CREATE UNIQUE INDEX conflict_property ON conflict (entity_id, prop) WHERE status = 'open';
"""


def _v1(conn: Connection) -> None:
    _run_script(conn, SCHEMA_V1)


def _v2(conn: Connection) -> None:
    """Search keys (name, pinyin, initials, ID tail, household number), backfilled."""
    from registry.search import keys_for  # search imports nothing from here; keep it lazy

    _run_script(conn, SCHEMA_V2)
    rows = conn.execute(
        "SELECT id, list, props FROM entity WHERE deleted = 0 AND merged_into IS NULL"
    ).fetchall()
    pairs = [(key, eid) for eid, lst, props in rows for key in keys_for(lst, json.loads(props))]
    conn.executemany("INSERT OR IGNORE INTO search_key (key, entity_id) VALUES (?, ?)", pairs)


def _v3(conn: Connection) -> None:
    """Sync state: properties with several current versions (``heads``), ids that a
    stored change replaced, partly acknowledged change sets, one open conflict per
    property."""
    _run_script(conn, SCHEMA_V3)


SCHEMA_V4 = """
CREATE INDEX visit_day ON entity (parent, json_extract(props, '$.visit_date'))
    WHERE list = 'visit' AND deleted = 0 AND merged_into IS NULL;
"""


def _v4(conn: Connection) -> None:
    """Each person's follow-up dates in an index (the month's work list reads the latest
    one per person from it, not from the records)."""
    _run_script(conn, SCHEMA_V4)


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4]
LATEST = len(MIGRATIONS)


def schema_version(conn: Connection) -> int:
    """The schema number of the open database (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, *, target: int = LATEST) -> list[int]:
    """Bring the database up to ``target``; return the steps applied."""
    current = schema_version(conn)
    if current > LATEST:
        raise SchemaTooNew(current, LATEST)
    applied = []
    for number in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[number - 1](conn)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied


def _run_script(conn: Connection, script: str) -> None:
    """Run ``;``-separated DDL inside the caller's transaction (no executescript COMMIT)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)
