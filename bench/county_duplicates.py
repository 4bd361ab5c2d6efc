"""Duplicate candidates benchmark: ``python -m bench.county_duplicates [--people 100000] [--small]``.

A county of synthetic villages with 12 months of follow-ups (``bench.alerts.generate``,
written through ``Store.write`` into a real encrypted profile), then planted duplicates:
one person in :data:`PLANT_EVERY` registered a second time in another village, half with
the same ID number, half without one (same name, birth date and sex). Prints JSON lines
{"metric", "value", "unit", ...}:

- ``duplicates_s``: ``registry.county_duplicates.candidates`` over the whole county with
  the default rule (same ID number, then same name and birth date; target: <= 2 s for
  100k people), reading the schema-6 indexes; the run fails unless every planted pair
  is among the candidates;
- ``duplicates_baseline_s``: a bare SQL ``GROUP BY`` of the same live people by name and
  birth date (no pairs, no ID numbers, no exclusions), in the same run;
  ``duplicates_ratio`` = duplicates_s / baseline;
- ``duplicates_pinyin_s``: the same with the rule name-by-pinyin and birth date;
- ``generate_s``: generating and writing the data (reported apart).

``--small`` (2,000 people) runs in seconds for CI.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.alerts import generate, timed
from bench.store import COUNTY, emit, new_store
from registry.county_duplicates import DedupRule, candidates
from registry.store import Create, Store

METRICS = ("duplicates_s", "duplicates_baseline_s", "duplicates_ratio", "duplicates_pinyin_s",
           "generate_s")
SMALL_PEOPLE = 2_000
PLANT_EVERY = 200
_COPIED = ("name", "sex", "birth_date")

BASELINE = """
SELECT json_extract(props, '$.name'), json_extract(props, '$.birth_date'), count(*)
FROM entity WHERE list = 'person' AND deleted = 0 AND merged_into IS NULL AND scope GLOB :scope
GROUP BY 1, 2 HAVING count(*) > 1
"""


def plant(store: Store, rng: random.Random) -> list[frozenset[str]]:
    """Register one person in ``PLANT_EVERY`` again in another village (alternately with
    and without the ID number); the planted pairs."""
    people = store.db.execute(
        "SELECT id, scope, props FROM entity WHERE list = 'person' AND deleted = 0"
        " ORDER BY rowid").fetchall()
    villages = sorted({scope for _, scope, _ in people})
    planted, ops = [], []
    for n, (pid, scope, raw) in enumerate(people[::PLANT_EVERY]):
        props = json.loads(raw)
        other = rng.choice([v for v in villages if v != scope] or villages)
        hid = f"dup{n:06d}"
        ops.append(Create("household", {"household_no": f"{other}9{n:03d}",
                                        "head_name": props["name"]}, scope=other, entity_id=hid))
        copy = {k: props[k] for k in _COPIED if props.get(k)}
        if n % 2 == 0 and props.get("id_number"):
            copy["id_number"] = props["id_number"]
        ops.append(Create("person", {**copy, "household_id": hid, "relation": "户主"},
                          scope=other, entity_id=f"dupp{n:06d}"))
        planted.append(frozenset((pid, f"dupp{n:06d}")))
    store.write(ops)
    return planted


@dataclass(frozen=True)
class DuplicateTimes:
    """Best-of-repeats seconds of the candidates and of the bare ``GROUP BY``."""

    found_s: float
    baseline_s: float
    pinyin_s: float
    candidates: int
    groups: int
    by_pinyin: int


def timings(store: Store, planted: list[frozenset[str]], repeats: int) -> DuplicateTimes:
    """Time the candidates and the bare baseline, best of ``repeats``; fail if a planted
    pair is missed. ``bench.desktop --county`` calls this too."""
    rows, baseline_s = min((timed(lambda: store.db.execute(
        BASELINE, {"scope": COUNTY + "*"}).fetchall()) for _ in range(repeats)),
        key=lambda r: r[1])
    found, found_s = min((timed(lambda: candidates(store, scope=COUNTY))
                          for _ in range(repeats)), key=lambda r: r[1])
    pinyin = DedupRule(("birth_date", "pinyin"))
    by_pinyin, pinyin_s = min((timed(lambda: candidates(store, scope=COUNTY, rule=pinyin))
                               for _ in range(repeats)), key=lambda r: r[1])
    pairs = {frozenset((c.a, c.b)) for c in found}
    missed = [p for p in planted if p not in pairs]
    if missed:
        raise SystemExit(f"bench.county_duplicates: {len(missed)} planted pairs not found")
    return DuplicateTimes(found_s, baseline_s, pinyin_s, len(found), len(rows), len(by_pinyin))


def measure(store: Store, people: int, planted: list[frozenset[str]], repeats: int) -> None:
    """Emit the metrics of :func:`timings`."""
    times = timings(store, planted, repeats)
    emit("duplicates_s", times.found_s, "s", people=people, planted=len(planted),
         candidates=times.candidates)
    emit("duplicates_baseline_s", times.baseline_s, "s", groups=times.groups)
    emit("duplicates_ratio", times.found_s / times.baseline_s, "ratio")
    emit("duplicates_pinyin_s", times.pinyin_s, "s", candidates=times.by_pinyin)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.county_duplicates")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--small", action="store_true", help=f"{SMALL_PEOPLE} people")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    people = SMALL_PEOPLE if args.small else args.people
    with tempfile.TemporaryDirectory() as tmp_name:
        store = new_store(Path(tmp_name) / "county")
        try:
            generated = generate(store, people)
            planted, plant_s = timed(lambda: plant(store, random.Random(5)))
            emit("generate_s", generated + plant_s, "s", people=people)
            measure(store, people, planted, args.repeats)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
