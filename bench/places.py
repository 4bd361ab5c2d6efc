"""Place-name benchmark: ``python -m bench.places [--runs 15] [--small]``.

``--small`` runs ``SMALL`` (3 runs: seconds) for CI's check.

Prints one JSON object per line: {"metric", "value", "unit", ...}.

- ``edition_load_ms``: reading the vendored edition (``resources/divisions/divisions.csv.gz``,
  about 60,000 rows) into the name table, median of the runs. It happens once per process,
  on the first name asked (a page's DB-thread read), never at start-up.
- ``edition_load_ratio``: that time over the floor measured in the same run, only
  reading and decompressing the same file (what any loader must do).
- ``import_added_ms``: what ``import registry.places`` adds to a fresh interpreter over
  importing its dependencies alone (``registry.store``, ``sync.protocol``), median of the
  runs: the lazy load keeps it near zero.
- ``name_us``: the first ``PlaceNames.name`` of a village code on a snapshot (with
  overrides), microseconds; ``remembered_us`` the same code asked again.
- ``name_ratio``: that time over the baseline of the bare lookups it makes (two dict
  reads and a concatenation) measured in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from registry import places
from registry.places import DIVISIONS, PlaceNames, edition_names

METRICS = ("edition_load_ms", "edition_load_ratio", "import_added_ms", "name_us",
           "name_ratio")
SMALL = {"runs": 3}
ROOT = Path(__file__).resolve().parents[1]


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    """Print one metric as a JSON line."""
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra},
                     ensure_ascii=False), flush=True)


def timed(work: Any) -> float:
    """Seconds one call of ``work()`` takes."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def import_s(module: str) -> float:
    """Seconds a fresh interpreter takes to import ``module`` (measured inside it)."""
    code = (f"import time; t = time.perf_counter(); import {module}; "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip())


def measure_load(runs: int) -> None:
    load = statistics.median(timed(lambda: places._read_divisions(DIVISIONS))
                             for _ in range(runs))
    floor = statistics.median(timed(lambda: gzip.decompress(DIVISIONS.read_bytes()))
                              for _ in range(runs))
    emit("edition_load_ms", load * 1000, "ms", rows=len(edition_names()),
         file_bytes=DIVISIONS.stat().st_size)
    emit("edition_load_ratio", load / floor, "ratio", decompress_ms=round(floor * 1000, 2))


def measure_import(runs: int) -> None:
    base = "registry.store, sync.protocol, sync.protocol.reach"
    pairs = [(import_s(f"{base}, registry.places"), import_s(base)) for _ in range(runs)]
    added = statistics.median(with_places - without for with_places, without in pairs)
    emit("import_added_ms", added * 1000, "ms",
         baseline_import_ms=round(statistics.median(b for _, b in pairs) * 1000, 1))


def measure_names(loops: int) -> None:
    codes = [c for c in edition_names() if len(c) == 12][:5000]
    table = edition_names()
    fresh = [PlaceNames({codes[0]: "新村"}) for _ in range(loops)]
    span = timed(lambda: [names.name(c) for names in fresh for c in codes])
    again = timed(lambda: [names.name(c) for names in fresh for c in codes])
    bare = timed(lambda: [table.get(c[:9], "") + table.get(c, "")
                          for _ in range(loops) for c in codes])
    count = loops * len(codes)
    emit("name_us", span / count * 1e6, "us", names=count,
         remembered_us=round(again / count * 1e6, 3))
    emit("name_ratio", span / bare, "ratio", bare_us=round(bare / count * 1e6, 3))


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and print the metrics."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args(argv)
    runs = SMALL["runs"] if args.small else args.runs
    measure_load(runs)
    measure_import(runs)
    measure_names(2 if args.small else 20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
