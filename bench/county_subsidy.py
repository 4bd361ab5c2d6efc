"""Subsidy-list benchmark: ``python -m bench.county_subsidy [--people 10000] [--small]``.

The county of ``bench.alerts`` (synthetic villages with 12 months of follow-ups, posts and
graduate services, written through ``Store.write`` into a real encrypted county profile),
a work spell for everyone the demo data has working away (its 务工地域, from January),
and a county pack published on it (``registry.policy.distribute``) with a 2026 transport
subsidy for the 脱贫人口 / 监测对象 working 省外 or 省内县外. Prints JSON lines
{"metric", "value", "unit", ...}:

- ``subsidy_list_s``: ``registry.county_subsidy.subsidy_list`` for that rule over the
  whole county (what the 补贴名单 page computes on the DB thread, village by village);
- ``facts_baseline_s``: reading the facts of every person of the county in one call
  (``registry.policy.facts.people_facts``, the reading the list cannot avoid), measured
  in the same run; ``subsidy_list_ratio`` = list / baseline;
- ``grant_s``: a bulk grant (``grant_all``) of up to ``GRANTED`` eligible people, each
  checked by the engine and the ledger and written through the claims ledger;
- ``grant_baseline_s``: ``record_claim`` of as many claims with no check at all (the bare
  ledger writes), in the same run; ``grant_ratio`` = grant / baseline;
- ``generate_s``: generating and writing the data (reported apart).

Each timed line also carries ``cpu_s``, the process's CPU seconds for it: on a shared
machine the wall clock includes waiting for a core.

``--small`` (2,000 people) runs in seconds for CI.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from bench.alerts import generate
from bench.store import COUNTY, emit, new_store
from registry.claims import record_claim
from registry.county_subsidy import grant_all, subsidy_list
from registry.policy import packs_for
from registry.policy.distribute import add_county_pack
from registry.policy.facts import people_facts
from registry.policy.workbook import header_of
from registry.store import Create, Store

METRICS = ("subsidy_list_s", "facts_baseline_s", "subsidy_list_ratio", "grant_s",
           "grant_baseline_s", "grant_ratio", "generate_s")

AS_OF = date(2026, 11, 22)
SMALL_PEOPLE = 2_000
GRANTED = 200
RULE = "bench2026_transport"


def pack() -> bytes:
    """A county pack with one person rule in force in 2026."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheets = {name: book.create_sheet(name) for name in ("说明", "规则", "条件", "金额档次")}
    for name, sheet in sheets.items():
        sheet.append(header_of(name))
    for row in (["编号", "bench_2026"], ["名称", "基准测试县级政策（合成）"], ["发文机关", "测试县人社局"],
                ["发布日期", datetime(2026, 1, 5)], ["适用地区", COUNTY]):
        sheets["说明"].append(row)
    sheets["规则"].append([
        RULE, "one_time_transport_subsidy", "2026年务工一次性交通补助（合成）", "", "个人", "",
        datetime(2026, 1, 1), datetime(2026, 12, 31), "脱贫人口、监测对象", "", "每年一次", "",
        "基准测试（合成）", "一", "对外出务工的脱贫人口（含监测对象）给予一次性交通补助。"])
    sheets["条件"].append([RULE, "work_region", "省外、省内县外", ""])
    sheets["金额档次"].append([RULE, "", "定额", 500, "人", ""])
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


_PLACES = {"县内": "county", "省内县外": "province", "省外": "outside"}


def work_spells(store: Store) -> int:
    """A work spell (from 2026-01-01) for each person working away; how many written."""
    rows = store.db.execute(
        "SELECT id, json_extract(props, '$.work_region') FROM entity WHERE list = 'person'"
        " AND json_extract(props, '$.work_region') IS NOT NULL").fetchall()
    ops = [Create("work_spell", {"person_id": pid, "work_place": _PLACES[region],
                                 "start_date": "2026-01-01"})
           for pid, region in rows if region in _PLACES]
    for start in range(0, len(ops), 5_000):
        store.write(ops[start:start + 5_000])
    return len(ops)


_CPU: dict[str, float] = {}


def timed(action: Any, name: str = "") -> tuple[Any, float]:
    """(result, wall seconds); the CPU seconds go to ``_CPU[name]`` (a shared machine's
    wall clock includes waiting for a core)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    _CPU[name] = round(time.process_time() - cpu, 3)
    return result, time.perf_counter() - start


def measure(store: Store, people: int) -> None:
    packs = packs_for(store)
    facts, baseline_s = timed(lambda: people_facts(store), "baseline")
    found, list_s = timed(lambda: subsidy_list(store, rule_id=RULE, period="2026", as_of=AS_OF,
                                               packs=packs), "list")
    statuses = Counter(c.status for c in found.candidates)
    emit("subsidy_list_s", list_s, "s", people=people, facts=len(facts),
         listed=len(found.candidates), statuses=dict(sorted(statuses.items())),
         cpu_s=_CPU["list"])
    emit("facts_baseline_s", baseline_s, "s", people=len(facts), cpu_s=_CPU["baseline"])
    emit("subsidy_list_ratio", list_s / baseline_s, "ratio")
    eligible = [c.person_id for c in found.candidates if c.status == "eligible"]
    chosen, others = eligible[:GRANTED], eligible[GRANTED:2 * GRANTED]
    result, grant_s = timed(lambda: grant_all(store, rule_id=RULE, period="2026", as_of=AS_OF,
                                              person_ids=chosen, packs=packs), "grant")
    emit("grant_s", grant_s, "s", people=len(chosen), granted=len(result.granted),
         refused=len(result.refused), cpu_s=_CPU["grant"])
    _, bare_s = timed(lambda: [record_claim(store, rule_id=RULE, subject_id=pid, person_id=pid,
                                            amount=500, period="2026", granted_on=AS_OF,
                                            check=lambda _s, _c: [])
                               for pid in (others or chosen)])
    emit("grant_baseline_s", bare_s, "s", people=len(others or chosen))
    per_grant = grant_s / max(len(chosen), 1)
    per_bare = bare_s / max(len(others or chosen), 1)
    emit("grant_ratio", per_grant / per_bare if per_bare else 0.0, "ratio")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.county_subsidy")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--small", action="store_true", help=f"{SMALL_PEOPLE} people")
    args = parser.parse_args(argv)
    people = SMALL_PEOPLE if args.small else args.people
    with tempfile.TemporaryDirectory() as tmp_name:
        store = new_store(Path(tmp_name) / "county")
        try:
            seconds = generate(store, people)
            spells, spell_s = timed(lambda: work_spells(store))
            emit("generate_s", seconds + spell_s, "s", people=people, work_spells=spells)
            add_county_pack(store, pack(), region=COUNTY)
            measure(store, people)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
