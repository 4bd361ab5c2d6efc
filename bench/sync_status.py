"""Sync indicator and alerts page benchmark: ``python -m bench.sync_status [--people 50000]
[--small]``.

``--small`` runs 2,000 people (seconds). A county profile of ``--people`` synthetic people is
written through the journaled path and never synced, so every change is pending.

Prints one JSON object per line: {"metric", "value", "unit", ...}.

- ``status_read_ms``: the status bar's read (``desktop.sync_state.sync_state``: pending
  records counted in SQL, last sync, connection, flags), median of ``--samples`` reads
  (each reads only the journal rows written since the one before; ``first_read_ms``: the
  first read after opening, which reads every pending row);
  baseline: a bare ``count(*)`` of the pending journal rows in the same run; ``ratio``.
  Printed twice: with every change pending (never synced: the worst case, the count reads
  every journal row), and after acknowledging all but 40 records, as a sync
  leaves the laptop (the count reads only what is pending, by the journal's partial index).
- ``alert_rows_s``: the alerts page's read (``desktop.alerts_page.alert_rows``: every alert
  with its subject's name and 户编号); baseline: ``registry.alerts.alerts_for_store`` alone
  in the same run; ``ratio`` is the cost of resolving the subjects.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.store import TODAY, emit, load, new_store, villages
from desktop.alerts_page import alert_rows
from desktop.sync_state import _counted, sync_state
from registry.alerts import alerts_for_store
from registry.replica import StoreReplica
from registry.store import Store

METRICS = ("status_read_ms", "alert_rows_s")
SMALL = {"people": 2000, "samples": 10}
KEEP_PENDING = 40


def _median_ms(work: object, samples: int) -> float:
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _pending_rows(store: Store) -> int:
    with store.transaction() as conn:
        return conn.execute("SELECT count(*) FROM journal WHERE origin = 0 AND acked = 0"
                            ).fetchone()[0]


def _status(store: Store, people: int, samples: int, case: str) -> None:
    baseline = _median_ms(lambda: _pending_rows(store), samples)
    _counted.pop(store, None)  # the first read after opening counts every pending row
    first = _median_ms(lambda: sync_state(store), 1)
    value = _median_ms(lambda: sync_state(store), samples)
    pending = sync_state(store).pending
    emit("status_read_ms", value, "ms", baseline_ms=round(baseline, 3),
         ratio=round(value / baseline, 2) if baseline else 0.0, people=people, pending=pending,
         first_read_ms=round(first, 3), case=case)


def _acknowledge_all_but(store: Store, keep: int) -> None:
    """What a sync leaves: every change acknowledged through the replica but ``keep`` sets."""
    replica = StoreReplica(store)
    total = _pending_rows(store)
    while total > keep:
        sets = replica.pending_sets(min(20_000, total - keep))
        replica.mark_acknowledged(sets)
        total -= len(sets)


def _alerts(store: Store, people: int) -> None:
    start = time.perf_counter()
    found = alerts_for_store(store, as_of=TODAY)
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    rows = alert_rows(store, as_of=TODAY)
    value = time.perf_counter() - start
    assert len(rows) == len(found)
    emit("alert_rows_s", value, "s", baseline_s=round(baseline, 3),
         ratio=round(value / baseline, 2) if baseline else 0.0, people=people, alerts=len(rows))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.sync_status", description=__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--small", action="store_true", help="2,000 people: runs in seconds")
    args = parser.parse_args(argv)
    people, samples = args.people, args.samples
    if args.small:
        people, samples = SMALL["people"], SMALL["samples"]
    with tempfile.TemporaryDirectory() as folder:
        store = new_store(Path(folder) / "profile")
        try:
            load(store, villages(people))
            _status(store, people, samples, "never synced: every change pending")
            _alerts(store, people)
            _acknowledge_all_but(store, KEEP_PENDING)
            _status(store, people, samples, f"synced, then {KEEP_PENDING} records changed")
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
