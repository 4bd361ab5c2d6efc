"""Audit benchmark: ``python -m bench.audit [--entries 5000] [--small]``.

``--small`` writes 300 entries (seconds) for CI's check.

Prints one JSON object per line: {"metric", "value", "unit", ...}.

- ``record_per_s``: audit entries written per second, one transaction each
  (``registry.audit.record``: checks, one append-only record, journaled).
- ``record_ratio``: the time of one audit entry over the time of one plain
  append-only record of the same size written through ``Store.create`` (a visit),
  measured in the same run on the same profile, interleaved: the audit's own cost.
- ``read_filtered_ms``: reading back one user's exports among all entries
  (``registry.audit.entries`` with a user and an action filter), median of 5.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from registry import audit
from registry.keyslots import KdfParams
from registry.profile import Profile

METRICS = ("record_per_s", "record_ratio", "read_filtered_ms")
SMALL = {"entries": 300}
VILLAGE = "361130104201"
USERS = ("secretary", "clerk-1", "clerk-2")


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    """Print one metric as a JSON line."""
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra},
                     ensure_ascii=False), flush=True)


def run(entries: int) -> None:
    """Measure on a fresh profile in a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Profile(Path(tmp) / "p").create(user="secretary", passphrase="Bench-pass-1",
                                                scope=VILLAGE, kdf=KdfParams.fast())
        baseline = own = 0.0
        for i in range(entries):  # interleaved, so a busy machine slows both alike
            started = time.perf_counter()
            store.create("visit", {"action": "export", "user": USERS[i % 3], "device": "d",
                                   "at_ms": i, "at": "2026-11-22 10:00:00", "target": "x",
                                   "detail": {"rows": i, "masked": True}, "result": "ok"})
            middle = time.perf_counter()
            store.user = USERS[i % 3]
            audit.record(store, action="export" if i % 2 else "reveal", target="x",
                         detail={"rows": i, "masked": True})
            baseline, own = baseline + middle - started, own + time.perf_counter() - middle
        emit("record_per_s", entries / own, "entries/s", entries=entries)
        emit("record_ratio", own / baseline, "x", baseline_s=round(baseline, 3))
        times = []
        for _ in range(5):
            started = time.perf_counter()
            found = audit.entries(store, user="clerk-1", action="export")
            times.append((time.perf_counter() - started) * 1000)
        emit("read_filtered_ms", statistics.median(times), "ms", matched=len(found),
             entries=entries)
        store.close()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="bench.audit", description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--small", action="store_true", help="a size that runs in seconds")
    args = parser.parse_args(argv)
    run(SMALL["entries"] if args.small else args.entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
