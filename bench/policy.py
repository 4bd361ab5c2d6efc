"""Policy benchmark: ``python -m bench.policy [--people 10000] [--small] [--metric NAME]``.

Prints one JSON object per line: {"metric", "value", "unit", ...}.

- ``eligibility_s``: every person of a synthetic 10,000-person township of 婺源县 (10
  villages, households and people from ``registry.demo_data``, plus a monthly follow-up visit
  for each person at work) answered against every person rule of the shipped packs on
  2022-06-01: the facts read from the encrypted store (``registry.policy.facts``) and one
  ``evaluate`` per person. Target: 2 s or less.
- ``eligibility_baseline_s``: the same rows read as one plain SQL pass with their JSON
  parsed and nothing else (no facts, no rules), measured in the same run on the same store;
  ``eligibility_ratio`` is eligibility over baseline: what the rule logic costs.

``--small`` runs one 1,000-person village in seconds (CI). To add a metric, write a
``measure_NAME(env)`` and list it in ``METRICS`` and ``MEASURES``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from registry.demo import household_ops
from registry.demo_data import generate_village
from registry.keyslots import KdfParams
from registry.policy import Evaluator, Pack, load_packs
from registry.policy.facts import people_facts
from registry.profile import Profile
from registry.store import Create, Store

METRICS = ("eligibility_s",)

TODAY = date(2026, 11, 22)
AS_OF = date(2022, 6, 1)
COUNTY = "361130"
TOWNSHIP = COUNTY + "104"
VILLAGE_PEOPLE = 1000
WORK_PLACES = {"省外": "outside", "省内县外": "province", "县内": "county", "国外": "abroad"}


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    """Print one metric as a JSON line."""
    print(json.dumps({"metric": metric, "value": round(value, 4), "unit": unit, **extra},
                     ensure_ascii=False), flush=True)


@dataclass
class Env:
    """What every measure gets: the loaded store, the packs and the size."""

    store: Store
    packs: list[Pack]
    people: int


def _visits(store: Store) -> list[Create]:
    """One follow-up visit for every person at work (the demo data's work fields)."""
    ops = []
    for person in store.find("person"):
        p = person.props
        if p.get("work_region"):
            ops.append(Create("visit", {
                "person_id": person.id, "visit_date": "2022-05-18",
                "employment_status": "employed", "work_place": WORK_PLACES[p["work_region"]],
                "start_date": "2022-01-10", "months_worked": p.get("months_worked") or 0,
                "monthly_income": p.get("monthly_income") or 0,
                "organised_export": "1" if p.get("work_status") == "有组织劳务输出" else "0",
            }, scope=person.scope))
    return ops


def build(folder: Path, people: int) -> Store:
    """A store holding a township of ``people`` people in villages of 1,000, with visits."""
    store = Profile(folder, today=lambda: TODAY).create(
        user="bench", passphrase="Bench-2026", scope=TOWNSHIP, kdf=KdfParams.fast())
    used: set[str] = set()
    for n in range(0, people, VILLAGE_PEOPLE):
        code = f"{TOWNSHIP}{200 + n // VILLAGE_PEOPLE:03d}"
        households = generate_village(seed=n, people=min(VILLAGE_PEOPLE, people - n),
                                      village_code=code, today=TODAY, used_ids=used)
        store.write(household_ops(households, scope=code))
    store.write(_visits(store))
    return store


def eligibility(env: Env) -> tuple[float, dict[str, Any]]:
    """Seconds to read every person's facts and evaluate them; CPU seconds and counts."""
    start, cpu = time.perf_counter(), time.process_time()
    facts = people_facts(env.store)
    evaluator = Evaluator(env.packs)
    eligible = answers = 0
    for person in facts.values():
        evaluation = evaluator.evaluate(person, as_of=AS_OF, region=person["scope"])
        answers += len(evaluation.answers)
        eligible += sum(a.eligible is True for a in evaluation.answers)
    return time.perf_counter() - start, {
        "cpu_s": round(time.process_time() - cpu, 3), "people": len(facts), "answers": answers,
        "eligible": eligible}


def baseline(env: Env) -> tuple[float, float]:
    """Seconds (wall, CPU) of one plain SQL pass over the same rows, JSON parsed, no rules."""
    start, cpu = time.perf_counter(), time.process_time()
    rows = env.store.db.conn.execute(
        "SELECT id, list, parent, props FROM entity WHERE list IN"
        " ('person', 'household', 'visit', 'training', 'service', 'post', 'work_spell')"
        " AND deleted = 0").fetchall()
    parsed = [json.loads(r[3]) for r in rows]
    assert len(parsed) == len(rows)
    return time.perf_counter() - start, time.process_time() - cpu


def measure_eligibility(env: Env) -> None:
    """``eligibility_s`` beside its same-run baseline and their ratio."""
    in_force = sum(r.in_force(AS_OF) and r.covers(TOWNSHIP) and r.subject == "person"
                   for p in env.packs if p.covers(TOWNSHIP) for r in p.rules)
    base, base_cpu = min(baseline(env) for _ in range(3))
    seconds, counts = eligibility(env)
    emit("eligibility_s", seconds, "s", rules_in_force=in_force, as_of=AS_OF.isoformat(),
         target_s=2, **counts)
    emit("eligibility_baseline_s", base, "s", cpu_s=round(base_cpu, 3),
         what="one SQL pass, JSON parsed, no rules")
    emit("eligibility_ratio", seconds / base, "ratio", cpu_ratio=round(counts["cpu_s"] / base_cpu, 2))


MEASURES: dict[str, Callable[[Env], None]] = {"eligibility_s": measure_eligibility}


def main(argv: list[str] | None = None) -> int:
    """Build the township once, then run the chosen measures."""
    parser = argparse.ArgumentParser(prog="python -m bench.policy")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--small", action="store_true", help="1,000 people: seconds, for CI")
    parser.add_argument("--metric", choices=METRICS, action="append")
    args = parser.parse_args(argv)
    people = VILLAGE_PEOPLE if args.small else args.people
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        store = build(Path(tmp) / "township", people)
        emit("load_s", time.perf_counter() - start, "s", people=people, note="setup, not a target")
        env = Env(store, load_packs(), people)
        for metric in args.metric or METRICS:
            MEASURES[metric](env)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
