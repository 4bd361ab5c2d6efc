"""Alerts benchmark: ``python -m bench.alerts [--people 100000] [--small]``.

A county of synthetic villages (``registry.demo_data``) with 12 months of follow-ups
for every labour-force member, public-welfare posts and graduate services, written
through the store's journaled path (``Store.write``) into a real encrypted profile,
so the profile is exactly what field work would leave. Prints JSON lines
{"metric", "value", "unit", ...}:

- ``alerts_s``: ``alerts_for_store`` over the whole county as of the 22nd of the
  last month (target: <= 2 s for 100k people), reading the fact tables that schema 5
  keeps on write (``visit_fact``, ``visit_latest``, ``person_fact``, ``household_fact``);
- ``alerts_scan_s``: the same alerts read from every record (``scan=True``, the path
  before schema 5), measured in the same run, with ``alerts_speedup`` = scan / fast;
  the run fails if the two paths' alerts differ;
- ``alert_counts_s``: ``alert_counts_for_store`` (the county dashboard's alerts by village
  and kind) over the same county and date, best of ``--repeats``, measured first on the
  connection, with ``temp_mib``: the high-water mark of the connection's in-memory temp
  schema (``PRAGMA temp.page_count``, which a dropped table does not lower) and
  ``ratio`` against ``alerts_baseline_s``; the run fails unless it counts as many alerts
  as ``alerts_s`` finds;
- ``backfill_s``: migration 5 rebuilding the fact tables of the whole county (the one-off
  cost of upgrading a schema-4 profile);
- ``alerts_baseline_s``: one plain SQL pass over the same rows (every live person,
  household, follow-up, service and post of the scope, one property read from
  each), measured in the same run; ``alerts_ratio`` = alerts_s / baseline;
- ``generate_s``: generating and writing the data (reported apart, not part of
  the ratio).

``--small`` (2,000 people) runs in seconds for CI. ``--profile DIR`` measures a profile
kept from an earlier run instead (user ``bench``; not generated, not backfilled).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from bench.store import COUNTY, emit, new_store, villages
from registry.alerts import alert_counts_for_store, alerts_for_store
from registry.demo import household_ops
from registry.demo_data import HouseholdRecord
from registry.labour import WITH_CAPACITY
from registry.migrations import MIGRATIONS, SCHEMA_ALERT_RUN, SCHEMA_DASHBOARD, _split_triggers
from registry.profile import Profile
from registry.store import Create, Op, Store

METRICS = ("alerts_s", "alerts_baseline_s", "alerts_ratio", "generate_s", "alerts_scan_s",
           "alerts_speedup", "backfill_s", "alert_counts_s")

AS_OF = date(2026, 11, 22)
MONTHS = tuple(f"{2025 + (11 + k) // 12:04d}-{(11 + k) % 12 + 1:02d}" for k in range(12))
SMALL_PEOPLE = 2_000

BASELINE = """
SELECT list, count(*), count(json_extract(props, '$.person_id'))
FROM entity WHERE list IN ('person', 'household', 'visit', 'service', 'post')
  AND deleted = 0 AND merged_into IS NULL AND scope GLOB :scope
GROUP BY list
"""


def min_wage_of(region: str, as_of: date) -> int | None:
    """婺源 (Jiangxi tier 3) 1610 from 2021-04-01 (docs/research.md)."""
    return 1610 if region.startswith("361130") and as_of >= date(2021, 4, 1) else None


def field_work(households: list[HouseholdRecord], ids: list[str],
               rng: random.Random) -> Iterator[Op]:
    """Follow-ups, posts and graduate services for one village's people (ids in order)."""
    members = [m for h in households for m in h.members]
    for pid, member in zip(ids, members, strict=True):
        props = member.props
        if props["labour_class"] not in WITH_CAPACITY:
            continue
        yield from _visits(pid, props, rng)
        if props["work_status"] == "乡村公益性岗位":
            yield _post(pid, rng)
        if props.get("education") in ("大专", "本科及以上") and props["work_status"] == "未就业":
            yield _graduate(pid, rng)


def _visits(pid: str, props: dict[str, Any], rng: random.Random) -> Iterator[Op]:
    employed = props["work_status"] not in (None, "未就业")
    income = props["monthly_income"] or 0
    skip_this_month = rng.random() < 0.05
    for month in MONTHS:
        if month == MONTHS[-1] and skip_this_month:
            continue
        drop = rng.random() < 0.02
        yield Create("visit", {
            "person_id": pid, "visit_date": f"{month}-{rng.randint(1, 19):02d}",
            "employment_status": "employed" if employed else "unemployed",
            "monthly_income": round(income * (0.3 if drop else rng.uniform(0.9, 1.1))),
            "services": ["referral"] if not employed and rng.random() < 0.3 else [],
        })


def _post(pid: str, rng: random.Random) -> Op:
    start = date(2026, rng.randint(1, 11), 1)
    end = date(start.year + 1, start.month, 1) if rng.random() < 0.05 else \
        date(start.year, 12, 31)
    return Create("post", {"person_id": pid, "post_type": "cleaning",
                           "agreement_start": start.isoformat(), "agreement_end": end.isoformat(),
                           "monthly_subsidy": rng.choice((800, 1200, 1500, 1700))})


def _graduate(pid: str, rng: random.Random) -> Op:
    return Create("service", {"person_id": pid, "service_date": "2026-10-10", "wants_work": "1",
                              "career_guidance": 1, "job_referrals": rng.randint(0, 3),
                              "training_offers": rng.randint(0, 1), "internship_offers": 0})


def generate(store: Store, people: int) -> float:
    """Write the county (people, then each village's field work); return seconds taken."""
    rng = random.Random(11)
    start = time.perf_counter()
    for code, households in villages(people):
        for household in households:
            for member in household.members:
                member.props["wants_work"] = rng.random() < 0.7
        created = iter(store.write(household_ops(households, scope=code)).created)
        person_ids = [eid for h in households for eid in _members_of(h, created)]
        store.write(field_work(households, person_ids, rng))
    return time.perf_counter() - start


def _members_of(household: HouseholdRecord, created: Iterator[str]) -> list[str]:
    """The member ids of one household from ``household_ops``' creation order."""
    next(created)  # the household itself
    return [next(created) for _ in household.members]


def timed(action: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def backfill(store: Store) -> float:
    """Drop the schema-5 fact tables and rebuild them as migration 5 does; seconds taken."""
    tables = ("visit_latest", "visit_fact", "person_fact", "household_fact")
    with store.transaction() as conn:
        triggers = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN"
            " ('entity', 'visit_fact')")]
        for name in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        for table in tables:
            conn.execute(f"DROP TABLE {table}")
        start = time.perf_counter()
        MIGRATIONS[4](conn)
        took = time.perf_counter() - start
        # the indexes later steps put on these tables (schema 9), as an upgraded profile has
        for statement in SCHEMA_DASHBOARD.split(";"):
            if "INDEX" in statement:
                conn.execute(statement)
        # and schema 11's indexes and triggers (its table, on no dropped one, is kept)
        for statement in _split_triggers(SCHEMA_ALERT_RUN):
            if not statement.startswith("CREATE TABLE"):
                conn.execute(statement)
        return took


def _key(alert: Any) -> tuple[str, str, str]:
    return alert.kind, alert.subject, json.dumps(alert.facts, sort_keys=True, ensure_ascii=False)


def temp_mib(store: Store) -> float:
    """The high-water mark of the connection's in-memory temp schema, MiB."""
    pages = store.db.execute("PRAGMA temp.page_count").fetchone()[0]
    return pages * store.db.execute("PRAGMA temp.page_size").fetchone()[0] / 2**20


def measure(store: Store, people: int, repeats: int, *, fill: bool = True) -> None:
    scope = {"scope": COUNTY + "*"}
    counts, counts_s = min((timed(lambda: alert_counts_for_store(
        store, as_of=AS_OF, scope=COUNTY, min_wage_of=min_wage_of)) for _ in range(repeats)),
        key=lambda r: r[1])
    counts_temp = temp_mib(store)
    if fill:
        emit("backfill_s", backfill(store), "s", people=people)
    rows, baseline_s = min((timed(lambda: store.db.execute(BASELINE, scope).fetchall())
                            for _ in range(repeats)), key=lambda r: r[1])
    scanned, scan_s = timed(lambda: alerts_for_store(store, as_of=AS_OF, scope=COUNTY,
                                                     min_wage_of=min_wage_of, scan=True))
    found, alerts_s = min((timed(lambda: alerts_for_store(store, as_of=AS_OF, scope=COUNTY,
                                                          min_wage_of=min_wage_of))
                           for _ in range(repeats)), key=lambda r: r[1])
    if sorted(map(_key, found)) != sorted(map(_key, scanned)):
        raise SystemExit("bench.alerts: the fast path and the full scan disagree")
    counted = {lst: n for lst, n, _ in rows}
    kinds = Counter(a.kind for a in found)
    emit("alerts_s", alerts_s, "s", people=people, rows=sum(counted.values()),
         visits=counted.get("visit", 0), alerts=len(found), kinds=dict(sorted(kinds.items())))
    emit("alerts_baseline_s", baseline_s, "s", rows=sum(counted.values()))
    emit("alerts_ratio", alerts_s / baseline_s, "ratio")
    emit("alerts_scan_s", scan_s, "s", alerts=len(scanned))
    emit("alerts_speedup", scan_s / alerts_s, "ratio")
    if sum(counts.values()) != len(found):
        raise SystemExit("bench.alerts: the count path and the full run disagree")
    emit("alert_counts_s", counts_s, "s", baseline=round(baseline_s, 3),
         ratio=round(counts_s / baseline_s, 2), people=people, alerts=len(found),
         temp_mib=round(counts_temp, 1))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.alerts")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--small", action="store_true", help=f"{SMALL_PEOPLE} people")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", type=Path, default=None,
                        help="measure this kept profile (user bench) instead of a new county")
    args = parser.parse_args(argv)
    people = SMALL_PEOPLE if args.small else args.people
    if args.profile:
        store = Profile(args.profile, today=lambda: AS_OF).unlock("bench", "Bench-2026")
        try:
            people = store.db.execute("SELECT count(*) FROM person_fact").fetchone()[0]
            measure(store, people, args.repeats, fill=False)
        finally:
            store.close()
        return 0
    with tempfile.TemporaryDirectory() as tmp_name:
        store = new_store(Path(tmp_name) / "county")
        try:
            emit("generate_s", generate(store, people), "s", people=people)
            measure(store, people, args.repeats)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
