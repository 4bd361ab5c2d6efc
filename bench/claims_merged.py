"""Claims that follow merges: ``python -m bench.claims_merged [--people 20000] [--small]``.

``--small`` runs 1,000 people (seconds). A real encrypted profile holds one person per
record, one once-a-year claim per person in each of three years, and a share of the
people registered twice and merged (``registry.county.merge_entities``), a few of them
in chains. Each figure is the merge-following query over the pre-merge query it replaced
(the old SQL, kept here as the baseline), on the same store in the same run.

- ``claims_of_ms``: one ``registry.claims.claims_of`` call (the "once a year" check
  ``grant_all`` makes per person), median over people; ``ratio`` = over the old query.
- ``duplicate_claims_ms``: one ``registry.claims.duplicate_claims`` over the county (what
  the ``duplicate_claim`` alert runs), median of repeats; ``ratio`` = over the old query.
- ``grant_check_ms``: one claim of a bulk grant checked by the ledger and written, as
  ``county_subsidy.grant_all`` does it (``ledger_check(batched=True)``: the year's claims
  read once, brought up to date from the journal after each claim written), mean over
  ``--grants`` people; ``baseline_ms`` = the same with one ``claims_of`` query per claim
  (``ledger_check()``), on as many other people of the same store in the same run;
  ``ratio`` = batched over per-claim; ``unchecked_ms`` = the same write with no check at
  all (the floor).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from registry.claims import (
    ONCE_A_YEAR,
    ClaimRule,
    claims_of,
    duplicate_claims,
    ledger_check,
    record_claim,
)
from registry.county import merge_entities
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Create, Store

METRICS = ("claims_of_ms", "duplicate_claims_ms", "grant_check_ms")
SMALL = {"people": 1000, "samples": 50, "grants": 50}
VILLAGE = "361130104201"
YEARS = ("2024", "2025", "2026")
MERGED_SHARE = 20  # one person in 20 is registered twice and merged
GRANT_RULE = "bench_reward"

OLD_CLAIMS_OF = (
    "SELECT id, json_extract(props, '$.rule_id'), json_extract(props, '$.subject_id'),"
    " json_extract(props, '$.amount'), json_extract(props, '$.period') FROM entity"
    " WHERE list = 'claim' AND deleted = 0 AND merged_into IS NULL"
    " AND json_extract(props, '$.year') = ?"
    " AND coalesce(json_extract(props, '$.person_id'), json_extract(props, '$.subject_id'))"
    " = ? ORDER BY rowid")
OLD_DUPLICATES = """
SELECT json_extract(props, '$.rule_id') AS rule, json_extract(props, '$.period') AS period,
       group_concat(id) AS ids
FROM entity WHERE list = 'claim' AND deleted = 0 AND merged_into IS NULL AND scope GLOB :scope
GROUP BY rule, json_extract(props, '$.subject_id'),
         coalesce(json_extract(props, '$.person_id'), ''), period
HAVING count(*) > 1
"""


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    """Print one metric as a JSON line."""
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra},
                     ensure_ascii=False), flush=True)


def build(store: Store, people: int) -> list[str]:
    """People with claims; every MERGED_SHARE-th also registered twice, then merged."""
    ids = [f"p{i:07d}" for i in range(people)]
    ops: list[Create] = []
    for pid in ids:
        ops.append(Create("person", {"name": "测试"}, entity_id=pid, scope=VILLAGE))
        ops += [Create("claim", _claim(pid, year), scope=VILLAGE) for year in YEARS]
    for start in range(0, len(ops), 5000):
        store.write(ops[start:start + 5000])
    for number, pid in enumerate(ids[::MERGED_SHARE]):
        twin = store.write([Create("person", {"name": "测试"}, scope=VILLAGE)]).created[0]
        store.write([Create("claim", _claim(twin, "2026"), scope=VILLAGE)])
        merge_entities(store, keep=pid, drop=twin)
        if number % 5 == 0:  # a chain: a third record merged into the twin's survivor
            third = store.write([Create("person", {"name": "测试"}, scope=VILLAGE)]).created[0]
            merge_entities(store, keep=pid, drop=third)
    return ids


def _claim(pid: str, year: str) -> dict[str, Any]:
    return {"rule_id": "one_time_transport_subsidy", "subject_id": pid, "person_id": pid,
            "amount": 500, "period": year, "year": year, "granted_by": "bench",
            "granted_on": f"{year}-03-01"}


def timed_ms(call: Any) -> float:
    """Milliseconds one call takes."""
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def measure(store: Store, ids: list[str], samples: int) -> None:
    """Print both metrics, each with the old query measured alongside."""
    picks = ids[:: max(1, len(ids) // samples)][:samples]
    new = statistics.median(timed_ms(lambda p=p: claims_of(store, person_id=p, year="2026"))
                            for p in picks)
    old = statistics.median(timed_ms(lambda p=p: store.db.execute(OLD_CLAIMS_OF,
                                                                  ["2026", p]).fetchall())
                            for p in picks)
    emit("claims_of_ms", new, "ms", baseline_ms=round(old, 3), ratio=round(new / old, 2),
         people=len(ids))
    repeats = 5
    new = statistics.median(timed_ms(lambda: duplicate_claims(store)) for _ in range(repeats))
    old = statistics.median(timed_ms(lambda: store.db.execute(
        OLD_DUPLICATES, {"scope": "*"}).fetchall()) for _ in range(repeats))
    emit("duplicate_claims_ms", new, "ms", baseline_ms=round(old, 3), ratio=round(new / old, 2),
         claims=len(ids) * len(YEARS), groups=len(duplicate_claims(store)))


def grant_ms(store: Store, people: list[str], *, check: Any) -> float:
    """Mean milliseconds per claim of a grant to ``people`` checked by ``check`` (a rule
    paid once a year, in 2026: a ledger check reads each person's claims of the year)."""
    start = time.perf_counter()
    for pid in people:
        record_claim(store, rule_id=GRANT_RULE, subject_id=pid, person_id=pid, amount=100,
                     period="2026", check=check, granted_on=date(2026, 11, 1),
                     frequency=ONCE_A_YEAR)
    return (time.perf_counter() - start) * 1000 / max(len(people), 1)


def measure_grants(store: Store, ids: list[str], grants: int) -> None:
    """Print ``grant_check_ms``: batched, per-claim and unchecked grants, each on its own
    people, the three taken in turn twice (the better of each pair is kept)."""
    rules = {GRANT_RULE: ClaimRule(ONCE_A_YEAR)}
    checks = {"batched": lambda: ledger_check(rules, batched=True),
              "plain": lambda: ledger_check(rules), "bare": lambda: lambda _s, _c: []}
    people = iter([ids[i::2 * len(checks) * 2][:grants] for i in range(1, 2 * len(checks) * 2, 2)])
    took: dict[str, list[float]] = {name: [] for name in checks}
    for _round in range(2):
        for name, make in checks.items():
            took[name].append(grant_ms(store, next(people), check=make()))
    new, old, bare = (min(took[name]) for name in checks)
    emit("grant_check_ms", new, "ms", baseline_ms=round(old, 3), ratio=round(new / old, 3),
         unchecked_ms=round(bare, 3), grants=grants, claims=store.count("claim"))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--grants", type=int, default=100)
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args(argv)
    people, samples, grants = ((SMALL["people"], SMALL["samples"], SMALL["grants"])
                               if args.small else (args.people, args.samples, args.grants))
    with tempfile.TemporaryDirectory() as tmp:
        profile = Profile(Path(tmp) / "bench", today=lambda: date(2026, 11, 1))
        store = profile.create(user="bench", passphrase="bench-passphrase-1", scope="361130",
                               kdf=KdfParams.fast())
        try:
            ids = build(store, people)
            measure(store, ids, samples)
            measure_grants(store, ids, grants)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
