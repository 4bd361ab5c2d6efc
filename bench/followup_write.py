"""Follow-up write benchmark: ``python -m bench.followup_write [--people 10000] [--small]``.

What the triggers of schema 11 (``visit_month_latest``: each person's latest follow-up of
each month, kept on every insert and delete of ``visit_fact``) cost the writes that fire
them, with the table's person index of schema 12 (without the triggers the table is not
written, so the baseline pays neither). A county of synthetic villages with 12 months of
follow-ups (``bench.alerts.generate``, through ``Store.write`` into a real encrypted
profile); then one new month of follow-ups for
every person followed up, written through ``Store.write`` a village-sized batch at a time,
and deleted again the same way (a delete of a month's latest re-reads the month). Each round
is measured with the triggers (as shipped) and without them (dropped and re-created in the
same profile: the baseline, the writes as before schema 11), alternating, best of
``--rounds``. Prints JSON lines {"metric", "value", "unit", ...}:

- ``followup_write_per_s``: follow-ups written per second, with ``baseline`` (the same
  without the triggers, per second) and ``ratio`` = seconds with the triggers / seconds
  without (1.0: the triggers are free);
- ``followup_delete_per_s``: the same for deleting them;
- ``generate_s``: generating and writing the county (reported apart).

``--small`` (2,000 people) runs in seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.alerts import generate
from bench.store import emit, new_store
from registry.migrations import SCHEMA_ALERT_RUN, _split_triggers
from registry.store import Create, Delete, Store

METRICS = ("followup_write_per_s", "followup_delete_per_s", "generate_s")
SMALL_PEOPLE = 2_000
BATCH = 500
_TRIGGERS = [s for s in _split_triggers(SCHEMA_ALERT_RUN) if s.startswith("CREATE TRIGGER")]


def _people(store: Store) -> list[tuple[str, str]]:
    """Each person followed up, with the scope of their latest follow-up."""
    return store.db.execute("SELECT person, scope FROM visit_latest ORDER BY person").fetchall()


def _round(store: Store, people: list[tuple[str, str]], *, month: str) -> tuple[float, float]:
    """Write one follow-up of ``month`` per person, then delete them: (write s, delete s)."""
    ops = [Create("visit", {"person_id": pid, "visit_date": f"{month}-10",
                            "employment_status": "employed", "monthly_income": 3000},
                  scope=scope) for pid, scope in people]
    start = time.perf_counter()
    created: list[str] = []
    for i in range(0, len(ops), BATCH):
        created += store.write(ops[i:i + BATCH]).created
    wrote = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(0, len(created), BATCH):
        store.write([Delete(vid) for vid in created[i:i + BATCH]])
    return wrote, time.perf_counter() - start


def _set_triggers(store: Store, *, on: bool) -> None:
    """Re-create (``on``) or drop the triggers of ``visit_month_latest``."""
    with store.transaction() as conn:
        for statement in _TRIGGERS:
            name = statement.split()[2]
            conn.execute(statement if on else f"DROP TRIGGER {name}")


def measure(store: Store, *, rounds: int) -> None:
    """Alternate rounds with and without the triggers; emit the best of each."""
    people = _people(store)
    best: dict[bool, tuple[float, float]] = {}
    for n in range(rounds):
        for on in (True, False):
            if not on:
                _set_triggers(store, on=False)
            wrote, deleted = _round(store, people, month=f"2031-{n % 12 + 1:02d}")
            if not on:
                _set_triggers(store, on=True)
            old = best.get(on, (float("inf"), float("inf")))
            best[on] = (min(old[0], wrote), min(old[1], deleted))
    for i, metric in enumerate(("followup_write_per_s", "followup_delete_per_s")):
        with_t, without = best[True][i], best[False][i]
        emit(metric, len(people) / with_t, "follow-ups/s", followups=len(people),
             baseline=round(len(people) / without, 1), ratio=round(with_t / without, 3),
             baseline_is="the same writes without the visit_month_latest triggers",
             ratio_is="seconds with the triggers / seconds without")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.followup_write")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--small", action="store_true", help=f"{SMALL_PEOPLE} people")
    args = parser.parse_args(argv)
    people = SMALL_PEOPLE if args.small else args.people
    with tempfile.TemporaryDirectory() as tmp:
        store = new_store(Path(tmp) / "profile")
        try:
            emit("generate_s", generate(store, people), "s", people=people)
            measure(store, rounds=args.rounds)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
