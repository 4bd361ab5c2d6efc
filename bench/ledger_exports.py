"""Ledger export benchmark: ``python -m bench.ledger_exports [--small]``.

Prints one JSON object per line: {"metric", "value", "unit", ...}.

- ``village_export_s``: the village monthly ledger (.xlsx) of about 10,000 rows (the
  labour-force members of 15,000 synthetic people), target ≤ 3 s.
- ``national_export_s``: the national person export (.xlsx, 47 columns, checks included)
  of 100,000 synthetic people, target ≤ 30 s.

Each is printed beside its baseline, measured in the same run: openpyxl (write-only) writing
exactly the same cells to a file with no logic (the values computed beforehand), and the
ratio export / baseline: what reading, checking and formatting cost over writing the cells.
Wall-clock seconds are the metric; ``cpu_s`` and ``baseline_cpu_s`` (this process's CPU time)
are printed beside them because the machine may be shared, and ``peak_rss_mib`` is the
process's peak memory right after the export (before the baseline holds its rows in memory). ``--small`` (1,500 and 3,000 people) runs in seconds for CI.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from registry.demo import household_ops
from registry.demo_data import generate_village
from registry.keyslots import KdfParams
from registry.ledgers import export_village, national
from registry.ledgers.export_source import households, parse_month, people
from registry.ledgers.exports import write_export
from registry.profile import Profile
from registry.store import Store

METRICS = ("village_export_s", "national_export_s")
TODAY = date(2026, 11, 22)
MONTH = "2026-11"
COUNTY = "361130"
VILLAGE_PEOPLE = 1000
SIZES = {False: (15_000, 100_000), True: (1_500, 3_000)}


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    """Print one metric as a JSON line."""
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra},
                     ensure_ascii=False), flush=True)


def new_store(folder: Path, total: int) -> Store:
    """A county profile holding ``total`` synthetic people in villages of 1,000."""
    store = Profile(folder, today=lambda: TODAY).create(
        user="bench", passphrase="Bench-2026", scope=COUNTY, kdf=KdfParams.fast())
    used: set[str] = set()
    for n in range(0, total, VILLAGE_PEOPLE):
        # village numbers from 001: "000" is the township itself (bench.ledgers too)
        code = f"{COUNTY}{100 + n // 100_000:03d}{n // VILLAGE_PEOPLE % 999 + 1:03d}"
        village = generate_village(seed=n, people=min(VILLAGE_PEOPLE, total - n),
                                   village_code=code, today=TODAY, used_ids=used)
        store.write(household_ops(village, scope=code))
    return store


def baseline_s(out: Path, *, headers: tuple[str, ...],
               rows: list[list[Any]]) -> tuple[float, float]:
    """Wall and CPU seconds openpyxl takes to write a title, the headers and ``rows``."""
    start, cpu = time.perf_counter(), time.process_time()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("baseline")
    sheet.append(["title"])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    workbook.save(out)
    return time.perf_counter() - start, time.process_time() - cpu


def timed_export(store: Store, kind: str, *, out: Path) -> tuple[float, float, int, float]:
    """Wall seconds, CPU seconds, rows and peak RSS (MiB) of one masked .xlsx export."""
    start, cpu = time.perf_counter(), time.process_time()
    rows = write_export(store, kind, out, month=MONTH, area=None, unmasked=False,
                        export_anyway=True, today=TODAY)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return time.perf_counter() - start, time.process_time() - cpu, int(rows), peak


def report(metric: str, measured: tuple[float, float, int, float], base: tuple[float, float],
           *, people: int, target_s: float) -> None:
    """Emit one export metric beside its baseline."""
    seconds, cpu, rows, peak = measured
    emit(metric, seconds, "s", rows=rows, people=people, target_s=target_s,
         baseline_s=round(base[0], 3), ratio=round(seconds / base[0], 2),
         cpu_s=round(cpu, 3), baseline_cpu_s=round(base[1], 3), peak_rss_mib=round(peak))


def measure_village(tmp: Path, total: int) -> None:
    store = new_store(tmp / "village", total)
    measured = timed_export(store, "village-monthly", out=tmp / "village.xlsx")
    month = parse_month(MONTH, today=TODAY)
    source = people(store, prefix=COUNTY, labour_force_only=True, with_children=True)
    cells = [[None if v == "" else v for v in row]
             for row in export_village.village_rows(source, month, masked=True)]
    base = baseline_s(tmp / "village-base.xlsx", headers=export_village.HEADERS, rows=cells)
    store.close()
    report("village_export_s", measured, base, people=total, target_s=3)


def measure_national(tmp: Path, total: int) -> None:
    store = new_store(tmp / "national", total)
    measured = timed_export(store, "national-persons", out=tmp / "national.xlsx")
    groups = households(people(store, prefix=COUNTY))
    cells = [[None if v == "" else v for v in row]
             for row in national.national_rows(groups, year=2026, masked=True)]
    base = baseline_s(tmp / "national-base.xlsx", headers=national.NATIONAL_HEADERS, rows=cells)
    store.close()
    report("national_export_s", measured, base, people=total, target_s=30)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.ledger_exports")
    parser.add_argument("--small", action="store_true", help="small sizes, runs in seconds")
    args = parser.parse_args(argv)
    village_people, national_people = SIZES[args.small]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        measure_village(tmp, village_people)
        measure_national(tmp, national_people)
    return 0


if __name__ == "__main__":
    sys.exit(main())
