"""Household page benchmark: ``python -m bench.household_open [--people 20000] [--small]
[--profile DIR --user NAME --passphrase WORD] [--households 20]``.

Opening a household (农户 → 双击) reads, among the rest, the policy facts of its 2–6
members (``registry.policy.facts.people_facts(person_ids=...)``). The county is made as
``bench.alerts`` makes it (synthetic villages with 12 months of follow-ups, posts and
services, written through ``Store.write`` into a real encrypted profile), or an existing
profile is opened (``--profile``; give a copy: opening a profile may write to it).
Prints JSON lines {"metric", "value", "unit", ...}:

- ``household_facts_ms``: median time of the members' facts, by id and by parent;
- ``household_facts_baseline_ms``: the same facts picked out of the whole-store read
  (``people_facts(store)``, what the page did before), measured in the same run;
  ``household_facts_speedup`` = baseline / targeted; the run fails if they differ;
- ``household_facts_peak_mb`` / ``household_facts_baseline_peak_mb``: Python memory
  peak of one targeted read and of the whole read (``tracemalloc``);
- ``household_file_ms``: median time of the whole page (``household_file``, without the
  village's alerts, which are their own bench: ``bench.alerts``);
- ``generate_s``: writing the synthetic county (not with ``--profile``).

``--small`` (2,000 people, 5 households) runs in seconds for CI.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.alerts import AS_OF, generate
from bench.store import emit, new_store
from registry.household_file import household_file
from registry.policy.facts import people_facts
from registry.profile import Profile
from registry.store import Store

METRICS = ("household_facts_ms", "household_facts_baseline_ms", "household_facts_speedup",
           "household_facts_peak_mb", "household_facts_baseline_peak_mb", "household_file_ms",
           "generate_s")
SMALL = {"people": 2_000, "households": 5}


def _ms(action: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = action()
    return result, (time.perf_counter() - start) * 1000


def _peak_mb(action: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def sample(store: Store, count: int) -> list[tuple[str, list[str]]]:
    """``count`` households spread over the county, with their members' ids."""
    rows = store.db.execute(
        "SELECT id FROM entity WHERE list = 'household' AND deleted = 0"
        " AND merged_into IS NULL ORDER BY rowid").fetchall()
    step = max(1, len(rows) // count)
    chosen = [hid for (hid,) in rows[::step][:count]]
    return [(hid, [p.id for p in store.find("person", parent=hid)]) for hid in chosen]


def measure(store: Store, households: int) -> None:
    """Time the targeted and the whole-store facts of sampled households; emit metrics."""
    chosen = sample(store, households)
    whole, baseline_ms = _ms(lambda: people_facts(store))
    times = []
    for _, ids in chosen:
        facts, ms = _ms(lambda ids=ids: people_facts(store, person_ids=ids))
        if facts != {pid: whole[pid] for pid in ids if pid in whole}:
            raise SystemExit("bench.household_open: the targeted facts differ from the whole read")
        times.append(ms)
    targeted_ms = statistics.median(times)
    members = sum(len(ids) for _, ids in chosen)
    emit("household_facts_ms", targeted_ms, "ms", households=len(chosen), members=members)
    emit("household_facts_baseline_ms", baseline_ms, "ms", people=len(whole))
    emit("household_facts_speedup", baseline_ms / targeted_ms, "ratio")
    ids = chosen[0][1]
    emit("household_facts_peak_mb", _peak_mb(lambda: people_facts(store, person_ids=ids)), "MB")
    emit("household_facts_baseline_peak_mb", _peak_mb(lambda: people_facts(store)), "MB")
    pages = [_ms(lambda hid=hid: household_file(store, hid, today=AS_OF, with_alerts=False))[1]
             for hid, _ in chosen]
    emit("household_file_ms", statistics.median(pages), "ms", households=len(chosen))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.household_open")
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--households", type=int, default=20)
    parser.add_argument("--small", action="store_true", help=f"{SMALL['people']} people")
    parser.add_argument("--profile", type=Path, help="an existing profile folder (a copy)")
    parser.add_argument("--user", default="county")
    parser.add_argument("--passphrase", default="")
    args = parser.parse_args(argv)
    households = SMALL["households"] if args.small else args.households
    if args.profile is not None:
        store = Profile(args.profile).unlock(args.user, args.passphrase)
        try:
            measure(store, households)
        finally:
            store.close()
        return 0
    people = SMALL["people"] if args.small else args.people
    with tempfile.TemporaryDirectory() as tmp_name:
        store = new_store(Path(tmp_name) / "county")
        try:
            emit("generate_s", generate(store, people), "s", people=people)
            measure(store, households)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
