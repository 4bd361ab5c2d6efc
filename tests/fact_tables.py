"""Test helper: the fact tables (schema 5, the month summary, the month's latest follow-ups)
as stored, and as extracted afresh from the records."""

from __future__ import annotations

from typing import Any

from registry.migrations import (
    _V5_FACTS,
    _V5_HOUSEHOLD,
    _V5_HOUSEHOLD_LIVE,
    _V5_LIVE,
    _V5_PERSON,
    _V5_PERSON_LIVE,
    MONTH_LATEST_FRESH,
    MONTH_STATUS_FRESH,
    _v5_select,
)

LATEST = """
SELECT person, day, id, scope, status FROM (
  SELECT *, row_number() OVER (PARTITION BY person ORDER BY day DESC, id DESC) AS n
  FROM visit_fact WHERE person IS NOT NULL AND day IS NOT NULL) WHERE n = 1
"""

FRESH = {
    "visit_fact": _V5_FACTS.format(source=f"entity WHERE {_V5_LIVE}"),
    "visit_latest": LATEST,
    "person_fact": _v5_select(_V5_PERSON, f"entity WHERE list = 'person' AND {_V5_PERSON_LIVE}"),
    "household_fact": _v5_select(
        _V5_HOUSEHOLD, f"entity WHERE list = 'household' AND {_V5_HOUSEHOLD_LIVE}"),
    "visit_month_status": MONTH_STATUS_FRESH,
    "visit_month_latest": MONTH_LATEST_FRESH,
}

#: The monitored households' income trend computed from every follow-up of the 12 months
#: (the reference): each member's follow-ups of the 12 months grouped by month, the latest by
#: day, then id (as ``visit_month_latest`` keeps it; the query before schema 12 took the
#: smaller id of a day, and left out a follow-up with a month but no day in the first month).
MONITORED_LATEST_BY_DAY_THEN_ID = """
WITH m AS MATERIALIZED (
  SELECT p.id, p.parent FROM person_fact p JOIN household_fact h ON h.id = p.parent
  WHERE h.monitored IN (1, '1', 'true', '是', 'yes') AND p.merged_into IS NULL
    AND p.scope GLOB :scope)
SELECT month, count(DISTINCT parent), sum(income)
FROM (SELECT substr(v.day, 1, 7) AS month, m.parent, v.person, v.income,
             max(v.day || char(1) || v.id)
      FROM m CROSS JOIN visit_fact v ON v.person = m.id
        AND substr(v.day, 1, 7) BETWEEN :first AND :last
      GROUP BY 1, v.person)
WHERE income IS NOT NULL
GROUP BY month ORDER BY month
"""


def fact_tables(conn: Any) -> dict[str, tuple[list[Any], list[Any]]]:
    """Each fact table's rows as stored and as a fresh extraction, both sorted."""
    return {table: (sorted(conn.execute(f"SELECT * FROM {table}").fetchall()),
                    sorted(conn.execute(sql).fetchall()))
            for table, sql in FRESH.items()}


def assert_facts_fresh(conn: Any) -> dict[str, int]:
    """Fail naming the table whose stored rows differ; return each table's row count."""
    counts = {}
    for table, (stored, fresh) in fact_tables(conn).items():
        assert stored == fresh, table
        counts[table] = len(stored)
    return counts
