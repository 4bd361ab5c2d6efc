"""Alerts over the local store as of a date, computed with SQL aggregates.

One read transaction builds a few narrow scratch tables in the connection's in-memory
temp schema (``temp.a_*``; the profile's own tables are only read and nothing is
journaled): ``a_person`` (each live person of the scope with household, relation, sex,
labour class, willingness, employment status and latest follow-up day), ``a_last`` (the
few people whose latest follow-up is not ``visit_latest``'s), ``a_merged`` and
``a_income`` (each person's income in the months compared). Everything else is read where
it is kept: the narrow fact tables of schema 5 (``person_fact``, ``household_fact``,
``visit_fact``, ``visit_latest``; see ``registry.migrations``), which triggers on
``entity`` keep in the transaction of every write, local or synced. Each alert kind is
one query that returns only the rows that raise it; the count path looks the hits'
villages up a batch at a time. The tables are dropped before the transaction ends, each
as soon as it is no longer needed (memory is the high-water mark of the temp schema).

``scan=True`` reads every record instead, as before schema 5: temp copies of
``person_fact`` and ``household_fact`` made from the records shadow the profile's own
(SQLite looks names up in ``temp`` first) and follow-ups and measures come from the
records; the same alerts, the reference the tests and ``bench.alerts`` compare the fast
path with.

How store facts are read (a missing property is unknown unless said otherwise):

- employment status: the latest follow-up's, else the person's ``employment_status``,
  else derived from ``work_status`` (``未就业`` or an employment channel);
- willingness: ``wants_work``, else ``wish_work_away`` = yes;
- "no visit recorded this month" is a fact: a labour-force member without one is
  overdue once the 20th has passed;
- of several follow-ups of one person on the same day, the one written last (the
  greater id, ids being time-ordered) is the latest;
- household income of a month: the sum of its members' follow-up incomes that month
  (the latest follow-up of each), over the members followed up in both months compared;
- an assistance measure: a follow-up that gave a service, or a service, training or
  post record of a member; a monitored household's risk counts as not removed unless
  ``risk_removed`` is set; it was identified on ``monitored_since`` (else the day its
  record was created).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from types import CodeType
from typing import Any, TypeVar

from registry.alerts.facts import (
    STATUS_WORDS,
    as_date,
    as_number,
    check_share,
    id_number_problem,
    month_before,
    month_of,
)
from registry.alerts.kinds import (
    DEFAULT_DROP_SHARE,
    ENDING_WITHIN_DAYS,
    GRADUATE_SERVICES,
    MAX_AGREEMENT_DAYS,
    MEASURE_WITHIN_DAYS,
    PRIORITY_GROUPS,
    VISIT_DEADLINE_DAY,
    Alert,
    alert,
)
from registry.claims import DUPLICATE_CLAIMS
from registry.errors import ValidationError
from registry.labour import LOST, NONE, WITH_CAPACITY
from registry.masking import mask_id
from registry.migrations import ID_SUSPECT
from registry.store import Store
from sync.protocol import ScopeError, scope_prefix

MinWageOf = Callable[[str, date], int | None]
Make = Callable[..., Any]  #: builds one hit: ``make(kind, subject, **facts)``
StepReport = Callable[[int, int], None]  #: ``report(done, total)`` as each step of a run ends
T = TypeVar("T")
Conn = Any  #: the store's open connection (sqlcipher3)

_NO_CAPACITY = f"('{LOST}', '{NONE}')"
_LIVE = "deleted = 0 AND merged_into IS NULL AND scope GLOB :scope"


def _status(expr: str) -> str:
    """SQL normalising an employment-status word (see ``facts.STATUS_WORDS``)."""
    whens = " ".join(f"WHEN '{word}' THEN '{norm}'" for word, norm in STATUS_WORDS.items())
    return f"(CASE {expr} {whens} END)"


def _prop(name: str) -> str:
    return f"json_extract(props, '$.{name}')"


_TEMP_TABLES = ("a_visit", "a_last_id", "a_last", "a_merged", "a_person", "a_measure", "a_hit",
                "a_income", "a_income_fix", "person_fact", "household_fact")
_WINDOW = "substr(day, 1, 7) IN (:month, :previous, :last_year)"


def _text_at(at: str, skip: int) -> str:
    """The JSON string value starting ``skip`` characters after position ``at`` of props."""
    return f"substr(props, {at} + {skip}, instr(substr(props, {at} + {skip}, 40), '\"') - 1)"


#: Follow-ups are the bulk of the rows: they are read once, with string functions on the
#: compact JSON the store writes (``"visit_date":"2026-11-05"``), falling back to
#: ``json_extract`` where a value is not in that form. Status and income are read only
#: for the months compared; the latest follow-up's status is looked up by row afterwards
#: when it is older than those months.
_VISITS = f"""
CREATE TEMP TABLE a_visit AS
SELECT person, vid, day, served,
       CASE WHEN {_WINDOW} AND st > 0 THEN {_status(_text_at('st', 21))} END AS status,
       CASE WHEN NOT {_WINDOW} OR mi = 0 THEN NULL
            WHEN substr(props, mi + 17, 1) GLOB '[0-9-]'
              THEN CAST(substr(props, mi + 17, 24) AS REAL)
            WHEN substr(props, mi + 17, 2) GLOB '"[0-9]'
              THEN CAST(substr(props, mi + 18, 24) AS REAL)
       END AS income
FROM (SELECT parent AS person, id AS vid, props,
             CASE WHEN vd > 0 AND substr(props, vd + 24, 1) = '"'
                  THEN substr(props, vd + 14, 10)
                  ELSE substr(coalesce({_prop('visit_date')}, {_prop('month')}), 1, 10) END AS day,
             (sv > 0 AND substr(props, sv + 11, 2) NOT IN ('[]', '""', 'nu')) AS served,
             instr(props, '"employment_status":"') AS st, instr(props, '"monthly_income":') AS mi
      FROM (SELECT parent, id, props, instr(props, '"visit_date":"') AS vd,
                   instr(props, '"services":') AS sv
            FROM entity WHERE list = 'visit' AND {_LIVE}))
WHERE day <= :as_of
"""

#: The person and household properties the alerts read: the columns of ``person_fact`` and
#: ``household_fact`` (schema 5, ``registry.migrations``) after id, parent, scope,
#: merged_into and created_hlc.
_PERSON_PROPS = ("id_number", "sex", "relation", "labour_class", "wants_work", "wish_work_away",
                 "work_region", "months_worked", "employer", "plan", "employment_status",
                 "work_status")
_HOUSEHOLD_PROPS = ("household_type", "relocated", "monitored", "risks", "risk_removed",
                    "low_income", "poverty_status", "monitored_since")


def _shadow(table: str, entity_list: str, *, names: tuple[str, ...], live: str) -> str:
    """The scan path's copy of a fact table, read from the records: a temp table of the
    same name and columns, which shadows the profile's own (SQLite looks an unqualified
    name up in ``temp`` first), so the queries below read the records on the scan path."""
    props = ", ".join(f"{_prop(name)} AS {name}" for name in names)
    return (f"CREATE TEMP TABLE {table} AS SELECT id, parent, scope, merged_into, created_hlc,"
            f" {props} FROM entity WHERE list = '{entity_list}' AND {live}")


_SCAN_RECORDS = [
    _shadow("person_fact", "person", names=_PERSON_PROPS, live="deleted = 0"),
    "CREATE INDEX temp.a_person_fact_id ON person_fact (id)",
    _shadow("household_fact", "household", names=_HOUSEHOLD_PROPS,
            live="deleted = 0 AND merged_into IS NULL"),
    "CREATE INDEX temp.a_household_fact_id ON household_fact (id)",
]

#: Live households of the scope, with the names the queries use.
_HOUSEHOLD = """(SELECT id, scope, household_type AS type, relocated, monitored, risks,
        risk_removed AS removed, low_income, poverty_status AS poverty,
        coalesce(monitored_since,
                 date(CAST(substr(created_hlc, 1, 16) AS INTEGER) / 1000, 'unixepoch')) AS since
 FROM household_fact WHERE scope GLOB :scope)"""

def _last_place(person: str) -> dict[str, str]:
    """SQL, by path, for the work place of ``person``'s latest follow-up, looked up by row
    for the few people asked about: ``a_last``'s (every person on the scan path, the
    exceptions on the fast path), else ``visit_latest``'s when on or before the date and in
    scope (as ``a_person`` was built)."""
    last = f"(SELECT vid FROM a_last WHERE person = {person})"
    vids = {"scan": last,
            "facts": f"""coalesce({last}, (SELECT id FROM visit_latest WHERE person = {person}
                                           AND day <= :as_of AND scope GLOB :scope))"""}
    return {via: f"json_extract((SELECT props FROM entity WHERE id = {vid}), '$.work_place')"
            for via, vid in vids.items()}


#: How many merges a chain may have (A into B, B into C …) before it is cut (a cycle).
MERGE_HOPS = 32

#: People of the scope merged into another record (few): their follow-ups count for the
#: record at the end of the chain of merges (the one still live).
_MERGED = [
    "CREATE TEMP TABLE a_merged (id TEXT PRIMARY KEY, merged) WITHOUT ROWID",
    f"""INSERT INTO a_merged
       WITH RECURSIVE hop(id, merged, n) AS (
         SELECT id, merged_into, 1 FROM person_fact
         WHERE merged_into IS NOT NULL AND scope GLOB :scope
         UNION ALL
         SELECT hop.id, p.merged_into, hop.n + 1 FROM hop JOIN person_fact p ON p.id = hop.merged
         WHERE p.merged_into IS NOT NULL AND hop.n < {MERGE_HOPS})
       SELECT id, merged FROM (SELECT id, merged, max(n) FROM hop GROUP BY id)""",
]

_MERGED_VISITS = """UPDATE a_visit SET person = (SELECT merged FROM a_merged WHERE id = person)
                    WHERE person IN (SELECT id FROM a_merged)"""

_ROW_STATUS = _status(
    "json_extract((SELECT props FROM entity WHERE id = a_last.vid), '$.employment_status')")

_LAST_TABLE = "CREATE TEMP TABLE a_last (person TEXT PRIMARY KEY, day, vid, status) WITHOUT ROWID"

_SCAN_LAST = [
    _LAST_TABLE,
    """INSERT INTO a_last SELECT person, day, vid, status
       FROM (SELECT *, row_number() OVER (PARTITION BY person ORDER BY day DESC, vid DESC) AS n
             FROM a_visit WHERE person IS NOT NULL) WHERE n = 1""",
    f"UPDATE a_last SET status = {_ROW_STATUS} WHERE NOT {_WINDOW}",
]

#: People whose work place and months the national checks look at (``_WORK``): ``work``
#: of ``a_person`` is 1 for them, so the checks do not read every person's record again. A
#: person without capacity is one only with a work region or a latest follow-up (``day``,
#: whose work place the check reads): most such people (children, the elderly) have neither.
def _work_suspect(day: str) -> str:
    """SQL over ``person_fact p``: whether the work checks may flag the person."""
    return f"""((p.work_region IS NULL) <> (p.months_worked IS NULL)
    OR (p.months_worked IS NOT NULL AND NOT (CAST(p.months_worked AS REAL) BETWEEN 0 AND 12))
    OR (p.labour_class IN {_NO_CAPACITY} AND (p.work_region IS NOT NULL OR {day} IS NOT NULL)))"""


#: ``a_person.village``: the person's scope as a small integer, ``'1'`` and the digits after the
#: run's scope prefix (a village of a county: 7 digits, 3 bytes; of a township: 2 bytes)
#: instead of 12 characters of text (4.5 MiB of the temp schema at 300k people). NULL when
#: those are not all digits (the hit's village is then read from ``person_fact``).
#: ``_VILLAGE_TEXT`` turns it back into the scope.
_VILLAGE_CODE = """CASE WHEN substr(p.scope, :village_at) NOT GLOB '*[^0-9]*'
                     AND length(p.scope) - :village_at < 16
                    THEN CAST('1' || substr(p.scope, :village_at) AS INTEGER) END"""
_VILLAGE_TEXT = ":prefix || substr(CAST(a.village AS TEXT), 2)"

#: ``a_person.labour``: the place (1, 2, ...) of the labour class in ``WITH_CAPACITY``, NULL
#: for any other class (no kind reads those from ``a_person``): one byte instead of the
#: class's 9-15 bytes of text.
_LABOUR_CODE = "CASE p.labour_class " + " ".join(
    f"WHEN '{name}' THEN {n}" for n, name in enumerate(WITH_CAPACITY, start=1)) + " END"

#: The one scratch table of people: live, unmerged people of the scope with only what
#: several kinds read (the rest is read from ``person_fact`` by id where a kind needs it).
_PERSON_TABLE = """CREATE TEMP TABLE a_person (id TEXT PRIMARY KEY, household, relation, sex,
                       labour, wants, status, last_day, work, village) WITHOUT ROWID"""


def _person_rows(*, last: str, status: str, day: str = "l.day") -> str:
    """The rows of ``a_person``: ``last`` joins the latest follow-up, whose ``day`` and
    normalised employment ``status`` are given as expressions."""
    return f"""INSERT INTO a_person
        SELECT p.id, p.parent, p.relation, p.sex, {_LABOUR_CODE},
               CASE WHEN p.wants_work IN (1, '1', 'true', '是') THEN 1
                    WHEN p.wants_work IN (0, '0', 'false', '否') THEN 0
                    WHEN p.wish_work_away IN (1, '1') THEN 1 END,
               coalesce({status}, {_status('p.employment_status')},
                        CASE WHEN p.work_status IS NULL THEN NULL
                             ELSE coalesce({_status('p.work_status')}, 'employed') END),
               {day}, CASE WHEN {_work_suspect(day)} THEN 1 END, {_VILLAGE_CODE}
        FROM person_fact p {last}
        WHERE p.merged_into IS NULL AND p.scope GLOB :scope"""


_SCAN_PERSON = _person_rows(last="LEFT JOIN a_last l ON l.person = p.id", status="l.status")

#: The latest follow-up of most people is ``visit_latest``'s (on or before the date and in
#: scope). ``a_last`` holds the exceptions only: people with merged records (the latest of
#: all their ids) and people whose ``visit_latest`` is after the date or out of scope (one
#: index seek each); a person of neither kind without a usable ``visit_latest`` has none.
_FACTS_LAST = [
    "CREATE TEMP TABLE a_last_id (person TEXT PRIMARY KEY, day, vid, status) WITHOUT ROWID",
    """INSERT INTO a_last_id
       SELECT id, substr(last, 1, instr(last, char(1)) - 1),
              substr(last, instr(last, char(1)) + 1, instr(last, char(2)) - instr(last, char(1)) - 1),
              nullif(substr(last, instr(last, char(2)) + 1), char(3))
       FROM (SELECT c.id, CASE WHEN l.day <= :as_of AND l.scope GLOB :scope
                 THEN l.day || char(1) || l.id || char(2) || coalesce(l.status, char(3))
                 ELSE (SELECT v.day || char(1) || v.id || char(2) || coalesce(v.status, char(3))
                       FROM visit_fact v WHERE v.person = c.id AND v.day <= :as_of
                         AND v.scope GLOB :scope ORDER BY v.day DESC, v.id DESC LIMIT 1)
                 END AS last
             FROM (SELECT id FROM a_merged UNION SELECT merged FROM a_merged
                   UNION SELECT l.person FROM visit_latest l JOIN person_fact p ON p.id = l.person
                   WHERE NOT (l.day <= :as_of AND l.scope GLOB :scope)
                     AND p.scope GLOB :scope) c
             LEFT JOIN visit_latest l ON l.person = c.id)
       WHERE last IS NOT NULL""",
    _LAST_TABLE,
    """INSERT INTO a_last
       SELECT person, day, vid, status
       FROM (SELECT coalesce(m.merged, i.person) AS person, i.day, i.vid, i.status,
                    row_number() OVER (PARTITION BY coalesce(m.merged, i.person)
                                       ORDER BY i.day DESC, i.vid DESC) AS n
             FROM a_last_id i LEFT JOIN a_merged m ON m.id = i.person)
       WHERE n = 1""",
    "DROP TABLE temp.a_last_id",
]

#: Status of the latest follow-up: the raw word when it is of the months compared, else
#: read from its record (as the scan path does).
_LATEST_STATUS = _status(f"""CASE WHEN coalesce(x.day, v.day) IS NULL THEN NULL
    WHEN {_WINDOW.replace('day', 'coalesce(x.day, v.day)')}
    THEN coalesce(x.status, v.status)
    ELSE json_extract((SELECT props FROM entity WHERE id = coalesce(x.vid, v.id)),
                      '$.employment_status') END""")

_FACTS_PERSON = _person_rows(
    last="""LEFT JOIN a_last x ON x.person = p.id
            LEFT JOIN visit_latest v ON v.person = p.id AND x.person IS NULL
              AND v.day <= :as_of AND v.scope GLOB :scope""",
    status=_LATEST_STATUS, day="coalesce(x.day, v.day)")

_PERSON_DONE = [
    "CREATE INDEX temp.a_person_household ON a_person (household, relation, sex)",
]

_RECORD_MEASURES = f"""
        SELECT parent, substr(coalesce({_prop('service_date')}, {_prop('start_date')},
                                       {_prop('agreement_start')}), 1, 10)
        FROM entity WHERE list IN ('service', 'training', 'post') AND {_LIVE}"""

_SCAN_MEASURES = [
    f"""CREATE TEMP TABLE a_measure AS
        SELECT person, day FROM a_visit WHERE served
        UNION ALL {_RECORD_MEASURES}""",
]

def _measured(person: str, *, since: str, until: str | None = None) -> dict[str, str]:
    """SQL, by path, that is true when ``person`` had an assistance measure dated from
    ``since`` (to ``until``): the scan path reads ``a_measure``; the fast path seeks the
    served follow-ups of the person and of the ids merged into it (``visit_fact_served``)
    and the person's service, training and post records (``entity_parent``), for the few
    people the measure checks ask about (returned workers, monitored households' members)."""
    days = f"{{day}} >= {since}" + (f" AND {{day}} <= {until}" if until else "")
    served = f"f.served AND f.day <= :as_of AND f.scope GLOB :scope AND {days.format(day='f.day')}"
    record_day = ("substr(coalesce(json_extract(e.props, '$.service_date'),"
                  " json_extract(e.props, '$.start_date'),"
                  " json_extract(e.props, '$.agreement_start')), 1, 10)")
    return {
        "scan": f"EXISTS (SELECT 1 FROM a_measure m WHERE m.person = {person}"
                f" AND {days.format(day='m.day')})",
        "facts": f"""(EXISTS (SELECT 1 FROM visit_fact f INDEXED BY visit_fact_served
                              WHERE f.person = {person} AND {served})
                      OR EXISTS (SELECT 1 FROM a_merged a CROSS JOIN visit_fact f
                                   INDEXED BY visit_fact_served ON f.person = a.id
                                 WHERE a.merged = {person} AND {served})
                      OR EXISTS (SELECT 1 FROM entity e WHERE e.parent = {person}
                                   AND e.list IN ('service', 'training', 'post')
                                   AND e.deleted = 0 AND e.merged_into IS NULL
                                   AND e.scope GLOB :scope
                                   AND {days.format(day=record_day)}))""",
    }


_MEASURE_INDEX = "CREATE INDEX temp.a_measure_person ON a_measure (person, day)"

#: Each person's income of each month compared (the latest follow-up of the month).
_INCOME_TABLE = """CREATE TEMP TABLE a_income (month TEXT, person TEXT, income, ok DEFAULT 1,
                       PRIMARY KEY (month, person)) WITHOUT ROWID"""

_SCAN_INCOME = f"""
INSERT INTO a_income (month, person, income)
SELECT month, person, coalesce(income, CASE WHEN status <> 'employed' THEN 0 END)
FROM (SELECT *, substr(day, 1, 7) AS month, row_number() OVER (
        PARTITION BY person, substr(day, 1, 7) ORDER BY day DESC, vid DESC) AS n
      FROM a_visit WHERE {_WINDOW} AND person IS NOT NULL) WHERE n = 1"""

#: Household income by month from the months compared: each person's latest follow-up of
#: each month is ``visit_month_latest``'s (schema 11, kept by triggers) when it is on or before
#: the date and in scope (``ok``). ``a_income_fix`` holds the exceptions (few): people with
#: merged records (the latest of all their ids counts) and people of ``a_person`` with a
#: month's latest follow-up after the date or out of scope (an earlier one of that month may
#: count); their rows, and every row not ``ok``, are replaced by incomes grouped from
#: ``visit_fact`` (``char(1)`` sorts below any character, so day then id decide). Only people
#: of ``a_person`` are compared, so others need no exception.
_FACTS_INCOME = [
    f"""INSERT INTO a_income (month, person, income, ok)
        SELECT month, person,
               coalesce(income, CASE WHEN {_status('status')} <> 'employed' THEN 0 END),
               day <= :as_of AND scope GLOB :scope
        FROM visit_month_latest WHERE month IN (:month, :previous, :last_year)""",
    "CREATE TEMP TABLE a_income_fix (person TEXT PRIMARY KEY) WITHOUT ROWID",
    """INSERT INTO a_income_fix
       SELECT id FROM a_merged UNION SELECT merged FROM a_merged
       UNION SELECT i.person FROM a_income i
       WHERE NOT i.ok AND EXISTS (SELECT 1 FROM a_person p WHERE p.id = i.person)""",
    "DELETE FROM a_income WHERE NOT ok OR person IN (SELECT person FROM a_income_fix)",
    f"""INSERT INTO a_income (month, person, income)
        SELECT month, person,
               coalesce(income, CASE WHEN {_status('status')} <> 'employed' THEN 0 END)
        FROM (SELECT coalesce(m.merged, f.person) AS person, f.month,
                     max(f.day || char(1) || f.id) AS last, f.status, f.income
              FROM a_income_fix x CROSS JOIN visit_fact f ON f.person = x.person
              LEFT JOIN a_merged m ON m.id = f.person
              WHERE f.month IN (:month, :previous, :last_year) AND f.day <= :as_of
                AND f.scope GLOB :scope
              GROUP BY f.month, coalesce(m.merged, f.person))""",
    "DROP TABLE temp.a_income_fix",
]

#: Each graduate's follow-ups with their services (scan path: from ``a_visit``, which holds
#: every follow-up; fast path: the served ones from ``visit_fact`` by person and by each
#: id merged into the person; a follow-up with no services counts none).
_GRADUATE_VISITS = {
    "scan": """SELECT v.person, json_extract(e.props, '$.services') AS services
               FROM a_visit v JOIN entity e ON e.id = v.vid
               WHERE v.person IN (SELECT person FROM g)""",
    "facts": """SELECT g.person, f.services
                FROM g CROSS JOIN visit_fact f INDEXED BY visit_fact_served
                  ON f.person = g.person AND f.served
                WHERE f.day <= :as_of AND f.scope GLOB :scope
                UNION ALL
                SELECT m.merged, f.services
                FROM a_merged m CROSS JOIN visit_fact f INDEXED BY visit_fact_served
                  ON f.person = m.id AND f.served
                WHERE m.merged IN (SELECT person FROM g) AND f.day <= :as_of
                  AND f.scope GLOB :scope""",
}


def _extract(conn: Any, params: dict[str, Any]) -> None:
    """Fill the scratch tables (see the module docstring and ``_FACTS_LAST``); each is
    dropped as soon as the next one is built from it."""
    scan = params["via"] == "scan"
    for statement in ([_VISITS, *_SCAN_RECORDS] if scan else []) + _MERGED:
        conn.execute(statement, params)
    merged = conn.execute("SELECT EXISTS (SELECT 1 FROM a_merged)").fetchone()[0]
    if scan:
        steps = [*([_MERGED_VISITS] if merged else []), *_SCAN_LAST, _PERSON_TABLE,
                 _SCAN_PERSON, *_PERSON_DONE, *_SCAN_MEASURES, _MEASURE_INDEX, _INCOME_TABLE,
                 _SCAN_INCOME]
    else:
        steps = [*_FACTS_LAST, _PERSON_TABLE, _FACTS_PERSON, *_PERSON_DONE, _INCOME_TABLE,
                 *_FACTS_INCOME]
    for statement in steps:
        conn.execute(statement, params)


def alerts_for_store(store: Store, *, as_of: date, scope: str | None = None,
                     min_wage_of: MinWageOf | None = None,
                     drop_share: float = DEFAULT_DROP_SHARE, scan: bool = False,
                     progress: StepReport | None = None) -> list[Alert]:
    """Every alert over the store's records within ``scope`` (a division code) as of ``as_of``.

    ``min_wage_of(region, as_of)`` gives the minimum wage of a post's region (its
    record's division code); without it no post subsidy is compared. Follow-ups are
    read from ``visit_fact``; ``scan=True`` reads every follow-up record instead (the
    reference the fast path is tested and benchmarked against). ``progress(done,
    RUN_STEPS)`` is called as each step of the run ends (the extraction, each kind)."""
    return _run(store, _Run(as_of, scope, min_wage_of, drop_share, scan), make=alert,
                then=lambda _conn, found, _params: list(found), progress=progress)


def alert_counts_for_store(store: Store, *, as_of: date, scope: str | None = None,
                           min_wage_of: MinWageOf | None = None,
                           drop_share: float = DEFAULT_DROP_SHARE) -> dict[tuple[str, str], int]:
    """How many alerts of each kind :func:`alerts_for_store` finds, by the subject's village:
    ``(village, kind) -> count`` (village: the subject record's scope, "" if none).

    The same run (the same extraction, the same query and check of each kind), counted:
    no :class:`Alert`, no facts kept, the villages read in the same transaction from the
    scratch tables of people and households."""
    return _run(store, _Run(as_of, scope, min_wage_of, drop_share, False),
                make=_subject, then=_count_by_village)


@dataclass(frozen=True, slots=True)
class _Run:
    """What one alert run is asked: the date, scope, minimum wages and drop share."""

    as_of: date
    scope: str | None
    min_wage_of: MinWageOf | None
    drop_share: float
    scan: bool


def _run(store: Store, run: _Run, *, make: Make,
         then: Callable[[Conn, Iterator[Any], dict[str, Any]], T],
         progress: StepReport | None = None) -> T:
    """Extract, run every kind with ``make`` building each hit, and hand the hits to
    ``then`` as they come (no list of them is kept here) in the same transaction, before
    the scratch tables are dropped."""
    check_share(run.drop_share)
    params = {**_params(run.as_of, run.scope), "via": "scan" if run.scan else "facts"}
    report = progress or (lambda _done, _total: None)
    with store.transaction() as conn:
        try:
            early = _early(conn, params)
            _extract(conn, params)
            report(1, RUN_STEPS)
            return then(conn, _hits(conn, params, run, make=make, early=early, report=report),
                        params)
        finally:
            for table in _TEMP_TABLES:
                conn.execute(f"DROP TABLE IF EXISTS temp.{table}")


def _hits(conn: Conn, params: dict[str, Any], run: _Run, *, make: Make,
          early: dict[str, list[Any]], report: StepReport) -> Iterator[Any]:
    """Every kind's hits in turn, reporting each kind's end as a step."""
    for done, kind in enumerate(_QUERIES, start=2):
        yield from kind(conn, params, make=make, as_of=run.as_of, early=early,
                        drop_share=run.drop_share, min_wage_of=run.min_wage_of)
        report(done, RUN_STEPS)


def _early(conn: Conn, params: dict[str, Any]) -> dict[str, list[Any]]:
    """What the fast path reads before any scratch table exists: the duplicate ID numbers,
    whose ``GROUP BY`` over every person sorts in memory (tens of MiB at 300k people), so
    that its sort and the scratch tables do not add up in the run's peak memory. (The scan
    path reads them from its copy of the records, made by the extraction.)"""
    if params["via"] == "scan":
        return {}
    return {"duplicates": conn.execute(_DUPLICATES, params).fetchall()}


def _subject(kind: str, subject: str, **_facts: Any) -> tuple[str, str]:
    """A hit of the count path: only its kind and subject."""
    return kind, subject


#: The village of each hit of a batch (``a_hit``): its person's scope from ``a_person`` (in
#: memory: most hits are people of the scope), else its household's or person's scope from
#: the fact tables (by id), else the record's (posts, claims; "" when there is no such
#: record). Each lookup is a scalar subquery, so ``coalesce`` stops at the first found.
_HIT_VILLAGES = f"""
SELECT coalesce((SELECT {_VILLAGE_TEXT} FROM a_person a WHERE a.id = x.subject),
                (SELECT h.scope FROM household_fact h WHERE h.id = x.subject),
                (SELECT p.scope FROM person_fact p WHERE p.id = x.subject),
                (SELECT e.scope FROM entity e WHERE e.id = x.subject), ''),
       x.kind, count(*)
FROM temp.a_hit x
GROUP BY 1, 2
"""

#: Hits looked up per batch: memory stays that of one batch however many hits there are.
_HIT_BATCH = 5_000


def _count_by_village(conn: Conn, hits: Iterable[tuple[str, str]], params: dict[str, Any]
                      ) -> dict[tuple[str, str], int]:
    """Hits counted by village and kind, a batch at a time as the kinds find them
    (``params``: the run's, for the scope prefix of ``a_person.village``)."""
    counts: Counter[tuple[str, str]] = Counter()
    found = iter(hits)
    conn.execute("CREATE TEMP TABLE a_hit (kind TEXT, subject TEXT)")
    while batch := list(islice(found, _HIT_BATCH)):
        conn.executemany("INSERT INTO temp.a_hit VALUES (?, ?)", batch)
        for village, kind, n in conn.execute(_HIT_VILLAGES, params):
            counts[str(village), kind] += n
        conn.execute("DELETE FROM temp.a_hit")
    return dict(counts)


def _params(as_of: date, scope: str | None) -> dict[str, Any]:
    try:
        prefix = scope_prefix(scope) if scope else ""
    except ScopeError:
        raise ValidationError("alerts.scope", "范围须为 2、4、6、9 或 12 位数字的行政区划代码",
                              "scope must be a division code of 2, 4, 6, 9 or 12 digits") from None
    month = month_of(as_of)
    return {"scope": prefix + "*", "as_of": as_of.isoformat(), "month": month,
            "previous": month_before(month), "last_year": month_before(month, months=12),
            "month_start": month + "-01", "prefix": prefix, "village_at": len(prefix) + 1}



# -- households ----------------------------------------------------------------------

_EMPLOYMENT = f"""
SELECT h.id, h.relocated, count(*),
       sum(p.labour IS NOT NULL), sum(p.labour IS NOT NULL AND p.wants = 1),
       sum(p.labour IS NOT NULL AND p.status IS NULL), sum(p.status = 'employed')
FROM {_HOUSEHOLD} h JOIN a_person p ON p.household = h.id
GROUP BY h.id
HAVING sum(p.labour IS NOT NULL) > 0 AND sum(p.labour IS NOT NULL AND p.status IS NULL) = 0
   AND sum(p.status = 'employed') = 0
"""


def _employment(conn: Conn, params: dict[str, Any], *, make: Make,
                **_: Any) -> Iterator[Any]:
    for hid, relocated, _members, capable, willing, _unknown, _employed in conn.execute(
            _EMPLOYMENT, params):
        if willing:
            yield make("zero_employment_household", hid, capable=capable, willing=willing,
                        employed=0)
        if relocated in (1, "1", "true"):
            yield make("relocated_household_none_employed", hid, capable=capable, employed=0)


#: Both comparisons in one pass: per household, over the members followed up this month and
#: in the month compared, the sums and counts of the two months' incomes (``_drops``). Each
#: person of this month is looked up in the months compared (``a_income`` is by month).
_INCOME = """
SELECT p.household,
       sum(c.income) FILTER (WHERE v.person IS NOT NULL), sum(v.income),
       count(v.person), count(c.income) FILTER (WHERE v.person IS NOT NULL), count(v.income),
       sum(c.income) FILTER (WHERE y.person IS NOT NULL), sum(y.income),
       count(y.person), count(c.income) FILTER (WHERE y.person IS NOT NULL), count(y.income)
FROM a_income c
LEFT JOIN a_income v ON v.month = :previous AND v.person = c.person
LEFT JOIN a_income y ON y.month = :last_year AND y.person = c.person
JOIN a_person p ON p.id = c.person
WHERE c.month = :month AND (v.person IS NOT NULL OR y.person IS NOT NULL)
GROUP BY p.household
"""


def _drops(now: Any, then: Any, members: int, known_now: int, known_then: int, *,
           share: float) -> bool:
    """Whether a household's income fell by more than ``share``: every member compared
    has an income in both months, and the month compared's sum is positive."""
    return (members > 0 and known_now == members and known_then == members and then > 0
            and now < then * (1 - share))


def _income(conn: Conn, params: dict[str, Any], *, make: Make, drop_share: float,
            **_: Any) -> Iterator[Any]:
    kinds = (("income_drop_month_on_month", params["previous"]),
             ("income_drop_year_on_year", params["last_year"]))
    found: tuple[list[Any], list[Any]] = ([], [])
    for hid, *sums in conn.execute(_INCOME, params):
        for (kind, compared), facts, hits in zip(kinds, (sums[:5], sums[5:]), found,
                                                 strict=True):
            if _drops(*facts, share=drop_share):
                hits.append(make(kind, hid, month=params["month"], income=facts[0],
                                 compared_month=compared, compared_income=facts[1],
                                 drop_share=drop_share))
    yield from found[0]
    yield from found[1]


#: The people of the scope and their properties (live, not merged into another record).
_PEOPLE = "person_fact WHERE merged_into IS NULL AND scope GLOB :scope"

_MEMBERS = """
SELECT household, count(*), sum(relation IS NULL), sum(relation = '户主'),
       sum(relation = '配偶')
FROM a_person WHERE household IS NOT NULL GROUP BY household
HAVING sum(relation IS NULL) = 0 AND (sum(relation = '户主') <> 1 OR sum(relation = '配偶') > 1)
"""

_SAME_SEX_SPOUSE = """
SELECT s.household FROM a_person s JOIN a_person h
  ON h.household = s.household AND h.relation = '户主' AND h.sex = s.sex
WHERE s.relation = '配偶' AND s.sex IS NOT NULL
  AND (SELECT count(*) FROM a_person o WHERE o.household = s.household
       AND o.relation IN ('户主', '配偶')) = 2
"""


def _members(conn: Conn, params: dict[str, Any], *, make: Make,
             **_: Any) -> Iterator[Any]:
    for hid, _count, _unknown, heads, spouses in conn.execute(_MEMBERS):
        if heads != 1:
            yield make("national_check_one_head", hid, heads=heads)
        if spouses > 1:
            yield make("national_check_spouse", hid, spouses=spouses)
    for (hid,) in conn.execute(_SAME_SEX_SPOUSE):
        yield make("national_check_spouse", hid, spouses=1, same_sex=True)


_UNSTABLE_WORK = {via: f"""
SELECT h.id FROM {_HOUSEHOLD} h
WHERE instr(h.risks, '因务工就业不稳') > 0
  AND EXISTS (SELECT 1 FROM a_person p WHERE p.household = h.id)
  AND NOT EXISTS (SELECT 1 FROM a_person p JOIN person_fact f ON f.id = p.id
                  WHERE p.household = h.id
                  AND (f.work_region IS NOT NULL OR f.months_worked IS NOT NULL
                       OR f.employer IS NOT NULL OR {place} IS NOT NULL))
""" for via, place in _last_place("p.id").items()}

_DUE = f"date(h.since, '+{MEASURE_WITHIN_DAYS} days')"

_MEASURE = {via: f"""
SELECT h.id, h.since, {_DUE} AS due FROM {_HOUSEHOLD} h
WHERE (h.type GLOB '100A03*' OR h.monitored IN (1, '1', 'true'))
  AND h.risks IS NOT NULL AND h.risks <> '[]'
  AND coalesce(h.removed, 0) NOT IN (1, '1', 'true')
  AND h.since IS NOT NULL AND {_DUE} < :as_of
  AND NOT EXISTS (SELECT 1 FROM a_person p WHERE p.household = h.id AND {measured})
""" for via, measured in _measured("p.id", since="h.since", until=_DUE).items()}


def _risks(conn: Conn, params: dict[str, Any], *, make: Make,
           **_: Any) -> Iterator[Any]:
    for (hid,) in conn.execute(_UNSTABLE_WORK[params["via"]], params):
        yield make("national_check_unstable_work_risk", hid, risks=["因务工就业不稳"])
    for hid, since, due in conn.execute(_MEASURE[params["via"]], params):
        yield make("national_check_monitored_measure", hid, identified=since, due=due,
                    measures=0)


# -- people ---------------------------------------------------------------------------

_OVERDUE = """
SELECT id, last_day, labour FROM a_person
WHERE labour IS NOT NULL AND (last_day IS NULL OR last_day < :month_start)
"""


def _visits(conn: Conn, params: dict[str, Any], *, make: Make, as_of: date,
            **_: Any) -> Iterator[Any]:
    if as_of.day <= VISIT_DEADLINE_DAY:
        return
    for pid, last_day, labour in conn.execute(_OVERDUE, params):
        yield make("visit_overdue", pid, last_visit=last_day, month=params["month"],
                    labour=WITH_CAPACITY[labour - 1])


_RETURNED = {via: f"""
SELECT p.id, p.last_day FROM a_person p JOIN person_fact f ON f.id = p.id
WHERE p.status = 'returned' AND coalesce(f.plan, '') IN ('', 0, '0', 'false')
  AND NOT {measured}
""" for via, measured in _measured("p.id", since="coalesce(p.last_day, '')").items()}


def _returned(conn: Conn, params: dict[str, Any], *, make: Make,
              **_: Any) -> Iterator[Any]:
    for pid, last_day in conn.execute(_RETURNED[params["via"]], params):
        yield make("returned_without_plan", pid, returned=True, plan=False, since=last_day)


_WORK = {via: f"""
SELECT person_fact.id, labour_class, work_region, months_worked
FROM a_person a CROSS JOIN {_PEOPLE}
AND person_fact.id = a.id AND a.work
AND (((work_region IS NULL) <> (months_worked IS NULL)
      OR (months_worked IS NOT NULL AND NOT (CAST(months_worked AS REAL) BETWEEN 0 AND 12)))
     OR (labour_class IN {_NO_CAPACITY}
         AND (work_region IS NOT NULL
              OR {place} IS NOT NULL)))
""" for via, place in _last_place("person_fact.id").items()}


def _work(conn: Conn, params: dict[str, Any], *, make: Make,
          **_: Any) -> Iterator[Any]:
    for pid, labour, place, months in conn.execute(_WORK[params["via"]], params):
        count = as_number(months)
        if (place is None) != (months is None) or (count is not None and not 0 <= count <= 12):
            yield make("national_check_work_place_months", pid, work_region=place, months=months)
        if labour in (LOST, NONE):
            yield make("national_check_work_without_capacity", pid, labour=labour,
                        work_region=place)


_DUPLICATES = f"""
SELECT upper(substr(id_number, 1, 18)) AS number, group_concat(id) FROM {_PEOPLE}
AND id_number IS NOT NULL GROUP BY number HAVING count(*) > 1
"""


#: People whose ID number the national check looks at in Python (``ID_SUSPECT``: every other
#: number is 18 digits with the right check character). The fast path reads them from the
#: partial index of schema 9 that has this very condition, named (the duplicate-ID index of
#: schema 11 also covers the query, and reading it would check every number); the scan path
#: from its copy (which has neither index).
_ID_SUSPECT = {"scan": f"SELECT id, id_number FROM {_PEOPLE} AND {ID_SUSPECT}",
               "facts": f"""SELECT id, id_number FROM person_fact
                            INDEXED BY person_fact_id_suspect
                            WHERE merged_into IS NULL AND scope GLOB :scope AND {ID_SUSPECT}"""}


def _id_numbers(conn: Conn, params: dict[str, Any], *, make: Make,
                early: dict[str, list[Any]], **_: Any) -> Iterator[Any]:
    rows = conn.execute(_ID_SUSPECT[params["via"]], params)
    for pid, number in rows:
        problem = id_number_problem(str(number))
        if problem:
            yield make("national_check_id_number", pid, id_number=mask_id(str(number)),
                        problem=problem)
    duplicates = early["duplicates"] if "duplicates" in early else conn.execute(
        _DUPLICATES, params)
    for number, ids in duplicates:
        group = sorted(ids.split(","))
        for pid in group:
            yield make("national_check_duplicate_id", pid, id_number=mask_id(number),
                        others=[o for o in group if o != pid])


_GRADUATES = f"""
WITH g AS MATERIALIZED (
  SELECT parent AS person, max(substr({_prop('service_date')}, 1, 10)) AS day,
         {_prop('wants_work')} AS wants,
         sum(coalesce({_prop('career_guidance')}, 0)) AS guidance,
         sum(coalesce({_prop('job_referrals')}, 0)) AS referral,
         sum(coalesce({_prop('training_offers')}, 0)) AS training,
         sum(coalesce({_prop('internship_offers')}, 0)) AS internship
  FROM entity WHERE list = 'service' AND {_LIVE}
    AND {_prop('wants_work')} IS NOT NULL
    AND substr({_prop('service_date')}, 1, 10) <= :as_of
  GROUP BY parent),
lists AS (
  SELECT person, sum(instr(services, '"guidance"') > 0) AS guidance,
         sum(instr(services, '"referral"') > 0 AND job IS NULL)
           + count(DISTINCT CASE WHEN instr(services, '"referral"') > 0 THEN job END)
           AS referral,
         sum(instr(services, '"training"') > 0) AS training,
         sum(instr(services, '"internship"') > 0) AS internship
  FROM (SELECT person, services, NULL AS job FROM ({{graduate_visits}})
        UNION ALL
        SELECT parent, {_prop('services')}, nullif({_prop('job_id')}, '') FROM entity
        WHERE list = 'service' AND {_LIVE} AND parent IN (SELECT person FROM g)
          AND substr({_prop('service_date')}, 1, 10) <= :as_of)
  GROUP BY person),
signed AS (
  SELECT parent AS person, count(*) AS training FROM entity
  WHERE list = 'training' AND {_LIVE} AND parent IN (SELECT person FROM g)
    AND coalesce(substr({_prop('signed_up')}, 1, 10), '') <= :as_of
  GROUP BY parent)
SELECT g.person, g.guidance + coalesce(l.guidance, 0), g.referral + coalesce(l.referral, 0),
       g.training + coalesce(l.training, 0) + coalesce(t.training, 0),
       g.internship + coalesce(l.internship, 0)
FROM g LEFT JOIN lists l ON l.person = g.person LEFT JOIN signed t ON t.person = g.person
JOIN a_person p ON p.id = g.person
WHERE g.wants IN (1, '1', 'true') AND coalesce(p.status, '') <> 'employed'
"""


def _graduates(conn: Conn, params: dict[str, Any], *, make: Make,
               **_: Any) -> Iterator[Any]:
    sql = _GRADUATES.format(graduate_visits=_GRADUATE_VISITS[params["via"]])
    for pid, *counts in conn.execute(sql, params):
        given = dict(zip(GRADUATE_SERVICES, counts, strict=True))
        missing = {k: need - int(given[k]) for k, need in GRADUATE_SERVICES.items()
                   if int(given[k]) < need}
        if missing:
            yield make("graduate_services_missing", pid, missing=missing)


# -- posts and claims -------------------------------------------------------------------

_POSTS = f"""
SELECT e.id, e.scope, {_prop('agreement_start')}, {_prop('agreement_end')},
       {_prop('monthly_subsidy')}, h.type, h.relocated, h.low_income, h.poverty, h.monitored
FROM entity e LEFT JOIN a_person p ON p.id = e.parent
LEFT JOIN {_HOUSEHOLD} h ON h.id = p.household
WHERE e.list = 'post' AND e.deleted = 0 AND e.merged_into IS NULL AND e.scope GLOB :scope
  AND {_prop('exit_date')} IS NULL AND {_prop('agreement_end')} >= :as_of
"""


def _posts(conn: Conn, params: dict[str, Any], *, make: Make, as_of: date,
           min_wage_of: MinWageOf | None, **_: Any) -> Iterator[Any]:
    wages: dict[str, int | None] = {}
    for post_id, region, start_text, end_text, subsidy, *household in conn.execute(
            _POSTS, params):
        start, end = as_date(start_text), as_date(end_text)
        if start and end and (end - start).days > MAX_AGREEMENT_DAYS:
            yield make("post_agreement_over_1_year", post_id, start=start.isoformat(),
                        end=end.isoformat(), days=(end - start).days)
        if end and end <= as_of + timedelta(days=ENDING_WITHIN_DAYS):
            yield make("post_agreement_ending", post_id, end=end.isoformat(),
                        days_left=(end - as_of).days)
        if min_wage_of and as_number(subsidy) is not None:
            if region not in wages:
                wages[region] = min_wage_of(region, as_of)
            wage = wages[region]
            if wage is not None and float(subsidy) > wage:
                yield make("post_subsidy_above_minimum_wage", post_id,
                            monthly_subsidy=float(subsidy), minimum_wage=wage, region=region)
        groups = _groups(*household)
        if groups is not None and not PRIORITY_GROUPS & groups:
            yield make("post_holder_not_priority", post_id, holder_groups=sorted(groups))


def _groups(kind: Any, relocated: Any, low_income: Any, poverty: Any,
            monitored: Any) -> set[str] | None:
    """The groups of a post holder's household; ``None`` when they are not known."""
    if kind is None:
        return None
    groups = set()
    if str(kind).startswith("100A03") or monitored in (1, "1", "true"):
        groups.add("监测对象")
    if kind in ("脱贫户", "脱贫不享受政策户") or poverty:
        groups.add("脱贫人口")
    if relocated in (1, "1", "true"):
        groups.add("易地搬迁人口")
    if low_income in (1, "1", "true"):
        groups.add("农村低收入人口")
    return groups


def _claims(conn: Conn, params: dict[str, Any], *, make: Make,
            **_: Any) -> Iterator[Any]:
    for rule, period, ids in conn.execute(DUPLICATE_CLAIMS, params):
        group = sorted(ids.split(","))
        for claim_id in group:
            yield make("duplicate_claim", claim_id, rule=rule, period=period,
                        others=[c for c in group if c != claim_id])


_QUERIES = (_employment, _income, _members, _risks, _visits, _returned, _work, _id_numbers,
            _graduates, _posts, _claims)
#: The steps a run reports (``progress``): the extraction, then each kind.
RUN_STEPS = 1 + len(_QUERIES)


def _code_text(code: CodeType) -> str:
    """A function's bytecode and constants, nested functions included (no addresses)."""
    return code.co_code.hex() + "".join(
        _code_text(c) if isinstance(c, CodeType)
        else repr(sorted(map(repr, c))) if isinstance(c, frozenset) else repr(c)
        for c in code.co_consts)


def run_fingerprint() -> str:
    """A digest of what an alert run computes: this module's SQL and step lists, its
    constants and the code of every kind's function. A saved count of a run (the
    dashboard's) is only reused while the fingerprint is the same."""
    texts = [f"{name}={value!r}" for name, value in sorted(globals().items())
             if isinstance(value, (str, int, float, list, dict)) and not name.startswith("__")]
    texts += [_code_text(kind.__code__) for kind in (*_QUERIES, _early, _extract, _groups)]
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:32]
