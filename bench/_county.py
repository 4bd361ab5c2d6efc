"""One county replica shared by the county benchmarks (``bench.desktop --county``).

The county of ``bench.county_dashboard`` (``bench.alerts.generate`` and its subsidy claims),
then the open conflicts of ``bench.county_conflicts`` and the planted duplicates of
``bench.county_duplicates``, all written through the store into one real encrypted profile.
A folder holds the profile (``profile/``) and ``county.json`` (people, conflicts, the planted
pairs, seconds taken), written last: a folder with it is complete and is reused as it is.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from pathlib import Path

from bench.county_conflicts import make_conflicts
from bench.county_dashboard import generate_county
from bench.county_duplicates import plant
from bench.store import TODAY, new_store
from registry.profile import Profile
from registry.store import Store

MANIFEST = "county.json"


@dataclass(frozen=True)
class County:
    """A county replica's facts: its size, its open conflicts and its planted pairs."""

    people: int
    conflicts: int
    planted: list[frozenset[str]]
    generate_s: float
    reused: bool


def build_county(folder: Path, *, people: int, conflicts: int) -> County:
    """Generate the county into ``folder`` (which must not hold one yet); its facts."""
    start = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    store = new_store(folder / "profile")
    try:
        generate_county(store, people)
        made = make_conflicts(store, conflicts)
        planted = plant(store, random.Random(5))
    finally:
        store.close()
    seconds = time.perf_counter() - start
    manifest = {"people": people, "conflicts": made, "generate_s": round(seconds, 1),
                "planted": [sorted(pair) for pair in planted]}
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return County(people, made, planted, seconds, reused=False)


def county_in(folder: Path, *, people: int, conflicts: int) -> County:
    """The county kept in ``folder``, generated first unless its manifest is there."""
    manifest = folder / MANIFEST
    if not manifest.exists():
        if Profile(folder / "profile").exists():
            raise SystemExit(f"{folder}: an unfinished county (no {MANIFEST}); remove it first")
        return build_county(folder, people=people, conflicts=conflicts)
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return County(data["people"], data["conflicts"], [frozenset(p) for p in data["planted"]],
                  data["generate_s"], reused=True)


def open_county(folder: Path) -> Store:
    """Unlock the county profile kept in ``folder``."""
    return Profile(folder / "profile", today=lambda: TODAY).unlock("bench", "Bench-2026")
