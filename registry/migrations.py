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


#: Follow-up facts that the alerts read, one narrow row per live follow-up, kept by
#: triggers on ``entity`` so that every write path (``Store.write``, sync apply, merges,
#: deletes, replica rebuilds) maintains them in its own transaction. Values are read
#: from the compact JSON the store writes, as ``registry.alerts.store`` reads them:
#: ``status`` is the raw ``employment_status`` word (normalised when read), ``income``
#: the number of ``monthly_income``, ``served`` whether ``services`` is non-empty, and
#: ``services`` its value where it is.
_V5_FACTS = """
SELECT id, parent, scope, day, substr(day, 1, 7),
       CASE WHEN st > 0 THEN substr(props, st + 21, instr(substr(props, st + 21, 40), '"') - 1)
       END,
       CASE WHEN mi = 0 THEN NULL
            WHEN substr(props, mi + 17, 1) GLOB '[0-9-]'
              THEN CAST(substr(props, mi + 17, 24) AS REAL)
            WHEN substr(props, mi + 17, 2) GLOB '"[0-9]'
              THEN CAST(substr(props, mi + 18, 24) AS REAL)
       END,
       served, CASE WHEN served THEN json_extract(props, '$.services') END
FROM (SELECT id, parent, scope, props,
             CASE WHEN vd > 0 AND substr(props, vd + 24, 1) = '"'
                  THEN substr(props, vd + 14, 10)
                  ELSE substr(coalesce(json_extract(props, '$.visit_date'),
                                       json_extract(props, '$.month')), 1, 10) END AS day,
             (sv > 0 AND substr(props, sv + 11, 2) NOT IN ('[]', '""', 'nu')) AS served,
             instr(props, '"employment_status":"') AS st,
             instr(props, '"monthly_income":') AS mi
      FROM (SELECT id, parent, scope, props, instr(props, '"visit_date":"') AS vd,
                   instr(props, '"services":') AS sv
            FROM {source}))
"""

_V5_INSERT = ("INSERT INTO visit_fact (id, person, scope, day, month, status, income, served,"
              " services) ")
_V5_NEW = "(SELECT new.id AS id, new.parent AS parent, new.scope AS scope, new.props AS props)"
_V5_LIVE = "list = 'visit' AND deleted = 0 AND merged_into IS NULL"
_V5_LATEST = "INSERT INTO visit_latest SELECT person, day, id, scope, status FROM visit_fact"

SCHEMA_V5 = f"""
CREATE TABLE visit_fact (
    id     TEXT PRIMARY KEY,
    person TEXT,
    scope  TEXT NOT NULL,
    day    TEXT,
    month  TEXT,
    status TEXT,
    income REAL,
    served INTEGER NOT NULL,
    services
) WITHOUT ROWID;
CREATE INDEX visit_fact_person ON visit_fact (person, day, id, scope, status);
CREATE INDEX visit_fact_month ON visit_fact (month, person, day, scope, status, income, served);
CREATE INDEX visit_fact_served ON visit_fact (person, day, id, scope, services) WHERE served;
CREATE TRIGGER visit_fact_insert AFTER INSERT ON entity
WHEN new.list = 'visit' AND new.deleted = 0 AND new.merged_into IS NULL BEGIN
    {_V5_INSERT}{_V5_FACTS.format(source=_V5_NEW)};
END;
CREATE TRIGGER visit_fact_update AFTER UPDATE ON entity
WHEN old.list = 'visit' OR new.list = 'visit' BEGIN
    DELETE FROM visit_fact WHERE id = old.id;
    {_V5_INSERT}{_V5_FACTS.format(source=_V5_NEW)}
    WHERE new.list = 'visit' AND new.deleted = 0 AND new.merged_into IS NULL;
END;
CREATE TRIGGER visit_fact_delete AFTER DELETE ON entity WHEN old.list = 'visit' BEGIN
    DELETE FROM visit_fact WHERE id = old.id;
END;
CREATE TABLE visit_latest (
    person TEXT PRIMARY KEY,
    day    TEXT NOT NULL,
    id     TEXT NOT NULL,
    scope  TEXT NOT NULL,
    status TEXT
) WITHOUT ROWID;
CREATE TRIGGER visit_latest_insert AFTER INSERT ON visit_fact
WHEN new.person IS NOT NULL AND new.day IS NOT NULL BEGIN
    INSERT INTO visit_latest (person, day, id, scope, status)
    VALUES (new.person, new.day, new.id, new.scope, new.status)
    ON CONFLICT (person) DO UPDATE SET day = excluded.day, id = excluded.id,
        scope = excluded.scope, status = excluded.status
    WHERE (excluded.day, excluded.id) > (visit_latest.day, visit_latest.id);
END;
CREATE TRIGGER visit_latest_delete AFTER DELETE ON visit_fact
WHEN old.id = (SELECT id FROM visit_latest WHERE person = old.person) BEGIN
    DELETE FROM visit_latest WHERE person = old.person;
    {_V5_LATEST} WHERE person = old.person AND day IS NOT NULL ORDER BY day DESC, id DESC LIMIT 1;
END;
"""


#: The person and household properties the alerts read, as ``json_extract`` returns them
#: (columns without a declared type keep the value's own type).
_V5_PERSON = ("id_number", "sex", "relation", "labour_class", "wants_work", "wish_work_away",
              "work_region", "months_worked", "employer", "plan", "employment_status",
              "work_status")
_V5_HOUSEHOLD = ("household_type", "relocated", "monitored", "risks", "risk_removed",
                 "low_income", "poverty_status", "monitored_since")
_V5_ROW = ("(SELECT new.id AS id, new.parent AS parent, new.scope AS scope,"
           " new.merged_into AS merged_into, new.props AS props, new.created_hlc AS created_hlc)")


def _v5_select(names: tuple[str, ...], source: str) -> str:
    """The fact row of a person or household record (``source`` has entity's columns)."""
    props = ", ".join(f"json_extract(props, '$.{name}')" for name in names)
    return f"SELECT id, parent, scope, merged_into, created_hlc, {props} FROM {source}"


def _v5_table(table: str, entity_list: str, *, names: tuple[str, ...], live: str) -> str:
    """DDL of one fact table of ``entity_list`` and the triggers that keep it."""
    columns = ", ".join(names)
    insert = f"INSERT INTO {table} (id, parent, scope, merged_into, created_hlc, {columns}) "
    row = _v5_select(names, _V5_ROW)
    new_live = live.replace("deleted", "new.deleted").replace("merged_into", "new.merged_into")
    return f"""
CREATE TABLE {table} (
    id TEXT PRIMARY KEY, parent, scope TEXT NOT NULL, merged_into, created_hlc, {columns}
) WITHOUT ROWID;
CREATE TRIGGER {table}_insert AFTER INSERT ON entity
WHEN new.list = '{entity_list}' AND {new_live} BEGIN
    {insert}{row};
END;
CREATE TRIGGER {table}_update AFTER UPDATE ON entity
WHEN old.list = '{entity_list}' OR new.list = '{entity_list}' BEGIN
    DELETE FROM {table} WHERE id = old.id;
    {insert}{row} WHERE new.list = '{entity_list}' AND {new_live};
END;
CREATE TRIGGER {table}_delete AFTER DELETE ON entity WHEN old.list = '{entity_list}' BEGIN
    DELETE FROM {table} WHERE id = old.id;
END;
"""


#: Persons: every record not deleted (merged ones too: their follow-ups count for the
#: record they were merged into); households: live ones.
_V5_PERSON_LIVE = "deleted = 0"
_V5_HOUSEHOLD_LIVE = "deleted = 0 AND merged_into IS NULL"
SCHEMA_V5_RECORDS = (_v5_table("person_fact", "person", names=_V5_PERSON, live=_V5_PERSON_LIVE)
                     + _v5_table("household_fact", "household", names=_V5_HOUSEHOLD,
                                 live=_V5_HOUSEHOLD_LIVE))


def _v5(conn: Connection) -> None:
    """Follow-up facts by person and month (``visit_fact``), each person's latest
    follow-up (``visit_latest``) and the person and household properties the alerts read
    (``person_fact``, ``household_fact``), kept by triggers, backfilled: the alerts read
    these narrow tables, not every record."""
    for statement in _split_triggers(SCHEMA_V5 + SCHEMA_V5_RECORDS):
        conn.execute(statement)
    for table, entity_list, names, live in (
            ("person_fact", "person", _V5_PERSON, _V5_PERSON_LIVE),
            ("household_fact", "household", _V5_HOUSEHOLD, _V5_HOUSEHOLD_LIVE)):
        source = f"entity WHERE list = '{entity_list}' AND {live}"
        conn.execute(f"INSERT INTO {table} (id, parent, scope, merged_into, created_hlc,"
                     f" {', '.join(names)}) {_v5_select(names, source)}")
    # the triggers on visit_fact fill visit_latest as the backfill inserts
    conn.execute(_V5_INSERT + _V5_FACTS.format(source=f"entity WHERE {_V5_LIVE}"))


SCHEMA_V6 = """
CREATE INDEX person_id_number ON entity (substr(json_extract(props, '$.id_number'), 1, 18), scope,
    id, list, deleted, merged_into) WHERE list = 'person' AND deleted = 0 AND merged_into IS NULL;
CREATE INDEX person_name_birth ON entity (json_extract(props, '$.name'),
    json_extract(props, '$.birth_date'), scope, id, list, deleted, merged_into)
    WHERE list = 'person' AND deleted = 0 AND merged_into IS NULL
"""


def _v6(conn: Connection) -> None:
    """Duplicate candidates (``registry.county_duplicates``): live people by ID number and by
    name and birth date, in indexes. They hold every column the candidate queries read
    (``list``, ``deleted``, ``merged_into`` too), so those never read the records."""
    _run_script(conn, SCHEMA_V6)


SCHEMA_V7 = "CREATE INDEX journal_hlc ON journal (hlc)"


def _v7(conn: Connection) -> None:
    """The journal's stamps in an index: opening a store reads ``max(hlc)`` (the clock's
    high-water mark), which without it reads every journal row (2.5 s at 300,000 people)."""
    _run_script(conn, SCHEMA_V7)


#: Follow-ups counted by month, village and raw status word (``visit_fact`` rows with a
#: person and a month), kept by triggers on ``visit_fact``: the dashboard's 12-month status
#: trend reads a few hundred rows instead of the month index of every follow-up.
MONTH_STATUS_FRESH = """
SELECT month, scope, coalesce(status, ''), count(*) FROM visit_fact
WHERE person IS NOT NULL AND month IS NOT NULL GROUP BY 1, 2, 3
"""

SCHEMA_MONTH_STATUS = """
CREATE TABLE visit_month_status (
    month     TEXT NOT NULL,
    scope     TEXT NOT NULL,
    status    TEXT NOT NULL,
    followups INTEGER NOT NULL,
    PRIMARY KEY (month, scope, status)
) WITHOUT ROWID;
CREATE TRIGGER visit_month_status_insert AFTER INSERT ON visit_fact
WHEN new.person IS NOT NULL AND new.month IS NOT NULL BEGIN
    INSERT INTO visit_month_status (month, scope, status, followups)
    VALUES (new.month, new.scope, coalesce(new.status, ''), 1)
    ON CONFLICT (month, scope, status) DO UPDATE SET followups = followups + 1;
END;
CREATE TRIGGER visit_month_status_delete AFTER DELETE ON visit_fact
WHEN old.person IS NOT NULL AND old.month IS NOT NULL BEGIN
    UPDATE visit_month_status SET followups = followups - 1
    WHERE month = old.month AND scope = old.scope AND status = coalesce(old.status, '');
    DELETE FROM visit_month_status
    WHERE month = old.month AND scope = old.scope AND status = coalesce(old.status, '')
      AND followups <= 0;
END;
"""


def _month_status(conn: Connection) -> None:
    """Follow-ups by month, village and status (``visit_month_status``), kept by triggers
    on ``visit_fact`` (which is only ever inserted into and deleted from), backfilled."""
    for statement in _split_triggers(SCHEMA_MONTH_STATUS):
        conn.execute(statement)
    conn.execute(f"INSERT INTO visit_month_status (month, scope, status, followups)"
                 f" {MONTH_STATUS_FRESH}")


#: Three reads of the county dashboard (概览):
#:
#: - ``person_fact_id_suspect``: the people whose ID number the alert run checks in Python
#:   (``ID_SUSPECT``), so the run no longer computes a check digit for every person;
#: - ``visit_fact_person`` rebuilt with ``income`` (same name, same leading columns): the
#:   income trend of monitored households reads this index alone (before, one record lookup
#:   per follow-up: about 120k at 100k people);
#: - ``alert_count_run``: the last alert run counted by village and kind, per scope and day,
#:   with the journal's high-water mark then and a fingerprint of the alert queries. It is
#:   local only (never journaled, never synced: a cache the page shows while nothing was
#:   written since, also after a restart; a newer run or app replaces it).
_WEIGHTED = " + ".join(f"{pow(2, 17 - i, 11)} * substr(id_number, {i + 1}, 1)" for i in range(17))
#: An ID number the national check must look at in Python: present, and not 18 ASCII digits
#: (or 17 and X) with the right check character (GB 11643-1999 weights 2**(17 - i) mod 11).
#: ``registry.alerts`` selects people by this very text, so the partial index
#: ``person_fact_id_suspect`` (schema 9) holds exactly them (a handful, not every person).
ID_SUSPECT = f"""id_number IS NOT NULL
  AND NOT (typeof(id_number) = 'text' AND length(id_number) = 18
           AND id_number GLOB '{"[0-9]" * 17}[0-9X]'
           AND substr('10X98765432', ({_WEIGHTED}) % 11 + 1, 1) = substr(id_number, 18, 1))"""

SCHEMA_DASHBOARD = f"""
CREATE INDEX person_fact_id_suspect ON person_fact (scope) WHERE {ID_SUSPECT};
DROP INDEX visit_fact_person;
CREATE INDEX visit_fact_person ON visit_fact (person, day, id, scope, status, income);
CREATE TABLE alert_count_run (
    scope       TEXT NOT NULL,
    day         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    high_water  INTEGER NOT NULL,
    computed_at TEXT NOT NULL,
    counts      TEXT NOT NULL,
    PRIMARY KEY (scope, day)
) WITHOUT ROWID
"""


def _dashboard(conn: Connection) -> None:
    """The ID suspects' index, the covering ``visit_fact_person`` and the local
    ``alert_count_run`` (see above)."""
    _run_script(conn, SCHEMA_DASHBOARD)



SCHEMA_LIVE_LISTS = """
CREATE INDEX entity_live ON entity (list, scope, deleted, merged_into)
    WHERE deleted = 0 AND merged_into IS NULL
"""


def _live_lists(conn: Connection) -> None:
    """The live records of each list in a partial index: ``Store.count`` (the 共 x 户，y 人
    line under the list) reads the index only, not every record (5.9 s at 128,000 people).
    It holds ``deleted`` and ``merged_into`` too: without them SQLite reads each record to
    check the live condition although the index's own WHERE implies it."""
    _run_script(conn, SCHEMA_LIVE_LISTS)


#: Four reads of the alert run (``registry.alerts.store``), kept so that the run reads them
#: instead of computing them:
#:
#: - ``person_fact_id_group``: live, unmerged people with an ID number by the exact
#:   expression the duplicate-ID check groups by (``upper(substr(id_number, 1, 18))``), so
#:   its ``GROUP BY`` reads the index in order instead of sorting every person in memory
#:   (it holds every column the query reads, ``id_number`` and ``merged_into`` too: without
#:   them SQLite reads each record, slower than the sort);
#: - ``person_fact_merged``: the (few) merged person records, so the run lists them without
#:   reading every person;
#: - ``visit_fact_served`` rebuilt with ``served`` (same name, same leading columns): the
#:   served follow-ups the graduate and measure checks read by person are read from the index
#:   alone (the queries name ``served``, which the partial index's condition alone does not
#:   give SQLite: each row was read from the table);
#: - ``visit_month_latest``: each person's latest follow-up of each month (the greater day,
#:   then the greater id, as ``visit_latest`` is the latest of all), with its scope, raw
#:   status and income: the household income comparison reads it instead of grouping every
#:   follow-up of the months compared. Kept by triggers on ``visit_fact`` (which is only ever
#:   inserted into and deleted from, in the transaction of every write, local or synced),
#:   like ``visit_latest``; its rows are those of the follow-ups' own person ids (a merged
#:   record's follow-ups stay under its id; the run counts them for the kept person).
MONTH_LATEST_FRESH = """
SELECT month, person, day, id, scope, status, income FROM (
  SELECT *, row_number() OVER (PARTITION BY month, person ORDER BY day DESC, id DESC) AS n
  FROM visit_fact WHERE person IS NOT NULL AND month IS NOT NULL) WHERE n = 1
"""

SCHEMA_ALERT_RUN = """
CREATE INDEX person_fact_id_group ON person_fact (upper(substr(id_number, 1, 18)), scope,
    id_number, merged_into)
    WHERE merged_into IS NULL AND id_number IS NOT NULL;
CREATE INDEX person_fact_merged ON person_fact (scope, merged_into)
    WHERE merged_into IS NOT NULL;
DROP INDEX visit_fact_served;
CREATE INDEX visit_fact_served ON visit_fact (person, day, id, scope, services, served)
    WHERE served;
CREATE TABLE visit_month_latest (
    month  TEXT NOT NULL,
    person TEXT NOT NULL,
    day    TEXT NOT NULL,
    id     TEXT NOT NULL,
    scope  TEXT NOT NULL,
    status TEXT,
    income REAL,
    PRIMARY KEY (month, person)
) WITHOUT ROWID;
CREATE TRIGGER visit_month_latest_insert AFTER INSERT ON visit_fact
WHEN new.person IS NOT NULL AND new.month IS NOT NULL BEGIN
    INSERT INTO visit_month_latest (month, person, day, id, scope, status, income)
    VALUES (new.month, new.person, new.day, new.id, new.scope, new.status, new.income)
    ON CONFLICT (month, person) DO UPDATE SET day = excluded.day, id = excluded.id,
        scope = excluded.scope, status = excluded.status, income = excluded.income
    WHERE (excluded.day, excluded.id) > (visit_month_latest.day, visit_month_latest.id);
END;
CREATE TRIGGER visit_month_latest_delete AFTER DELETE ON visit_fact
WHEN old.id = (SELECT id FROM visit_month_latest WHERE month = old.month
               AND person = old.person) BEGIN
    DELETE FROM visit_month_latest WHERE month = old.month AND person = old.person;
    INSERT INTO visit_month_latest (month, person, day, id, scope, status, income)
    SELECT old.month, person, day, id, scope, status, income FROM visit_fact
    WHERE person = old.person AND day >= old.month AND substr(day, 1, 7) = old.month
    ORDER BY day DESC, id DESC LIMIT 1;
END;
"""


def _alert_run(conn: Connection) -> None:
    """The duplicate-ID and merged-people indexes of ``person_fact``, the covering
    ``visit_fact_served`` and each person's latest follow-up of each month
    (``visit_month_latest``), kept by triggers, backfilled (see above)."""
    for statement in _split_triggers(SCHEMA_ALERT_RUN):
        conn.execute(statement)
    conn.execute(f"INSERT INTO visit_month_latest {MONTH_LATEST_FRESH}")


#: Two covering indexes for the county dashboard's income trend, which read every person
#: and every follow-up of the year:
#:
#: - ``visit_month_latest_person``: a person's latest follow-up of each month with its
#:   income, by person: the trend reads each member's 12 months as one index range (before:
#:   every follow-up of the year from ``visit_fact_person``, grouped by person and month);
#: - ``person_fact_parent``: the members of a household, so the trend starts from the (few)
#:   monitored households instead of reading every person. It is partial on a condition only
#:   such a query states (a parent given): a plain index on ``parent`` made SQLite walk the
#:   alert run's read of every person through it with a lookup per person, slower than
#:   reading the table. It holds ``merged_into`` too, else SQLite reads each record to check
#:   it.
#:
#: A third, of the labour force's work place and status (partial on the labour classes), made
#: the first paint's place, channel and visit counts 0.05-0.1 s faster at 100k people, but the
#: 300k-person desktop bench's peak memory rose from 397 to 403 MiB (target 400) with it, in
#: every run: left out.
SCHEMA_DASHBOARD_READS = """
CREATE INDEX visit_month_latest_person ON visit_month_latest (person, month, income);
CREATE INDEX person_fact_parent ON person_fact (parent, scope, merged_into)
    WHERE merged_into IS NULL AND parent IS NOT NULL
"""


def _dashboard_reads(conn: Connection) -> None:
    """The dashboard's covering indexes (see above); built from the kept tables."""
    _run_script(conn, SCHEMA_DASHBOARD_READS)


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7,
                                                     _month_status, _dashboard, _live_lists,
                                                     _alert_run, _dashboard_reads]
LATEST = len(MIGRATIONS)
#: The schema number of ``visit_month_status``: planned as step 8, after a colleague's step 7
#: (a journal index); it is the step's place in ``MIGRATIONS``, so a merge that puts another
#: step before it renumbers it here and everywhere it is used.
MONTH_STATUS_SCHEMA = MIGRATIONS.index(_month_status) + 1
#: The schema number of the ``entity_live`` index (planned as step 9; renumbered the same way).
LIVE_LISTS_SCHEMA = MIGRATIONS.index(_live_lists) + 1
#: The schema number of the alert run's facts (planned as step 11; renumbered the same way).
ALERT_RUN_SCHEMA = MIGRATIONS.index(_alert_run) + 1
#: The schema number of the dashboard's covering indexes (planned as step 12; renumbered the
#: same way).
DASHBOARD_READS_SCHEMA = MIGRATIONS.index(_dashboard_reads) + 1


def schema_version(conn: Connection) -> int:
    """The schema number of the open database (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, *, target: int = LATEST,
            on_step: Callable[[int], None] | None = None) -> list[int]:
    """Bring the database up to ``target``; return the steps applied.

    ``on_step(number)`` is called before each step runs (e.g. to show progress); it runs
    on the caller's thread. A failing step is rolled back and the error raised: the file
    stays at the last step that succeeded."""
    current = schema_version(conn)
    if current > LATEST:
        raise SchemaTooNew(current, LATEST)
    applied = []
    for number in range(current + 1, target + 1):
        if on_step is not None:
            on_step(number)
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


def _split_triggers(script: str) -> list[str]:
    """Split DDL on ``;`` at line ends, keeping each ``CREATE TRIGGER … END`` whole."""
    statements: list[str] = []
    current: list[str] = []
    for line in script.strip().splitlines():
        current.append(line)
        text = "\n".join(current).strip()
        if text.endswith(";") and (not text.startswith("CREATE TRIGGER") or text.endswith("END;")):
            statements.append(text)
            current = []
    return statements


#: The schema number of the dashboard's step (its place in ``MIGRATIONS``).
DASHBOARD_SCHEMA = MIGRATIONS.index(_dashboard) + 1
