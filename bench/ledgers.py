"""Ledger benchmark: ``python -m bench.ledgers [--rows 50000] [--small]``.

Prints one JSON object per line: {"metric", "value", "unit", ...}.

- ``import_s``: seconds for the dry run of importing a ``--rows`` GB18030 CSV county ledger
  (synthetic people from ``registry.demo_data``, a few names with characters outside GBK)
  into a fresh profile: decoding, mojibake and damage checks, header mapping, every row's ID,
  value and rule checks, matching against the store. Target: 50k rows in at most 20 s.
  ``baseline_s`` is the csv module reading the same file (GB18030 decode, ``csv.reader``,
  rows kept in a list, no logic), measured in the same run; ``ratio`` = import / baseline.
- ``import_peak_rss_mib``: peak resident memory of the process doing that dry run (target:
  at most 300 MiB), beside the baseline process's peak and the ratio.

Each side runs in a fresh child process so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

METRICS = ("import_s", "import_peak_rss_mib")

TODAY = date(2026, 11, 22)
COUNTY = "361130"
VILLAGE_PEOPLE = 1000
USER, PASSPHRASE = "bench", "Bench-2026"
HEADERS = ["序号", "户编号", "姓名", "身份证号", "性别", "与户主关系", "劳动技能", "务工所在地",
           "务工时间（月）", "务工企业名称", "月收入", "联系电话"]
RARE = ("䶮", "𠀀")


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    """Print one metric as a JSON line."""
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra},
                     ensure_ascii=False), flush=True)


def write_ledger(path: Path, rows: int) -> None:
    """A GB18030 county ledger of ``rows`` synthetic people, one household per 户编号."""
    from registry.demo_data import generate_village

    used: set[str] = set()
    with open(path, "w", encoding="gb18030", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        n = 0
        for start in range(0, rows, VILLAGE_PEOPLE):
            # village numbers from 001: "000" is the township itself, and a county import
            # refuses households whose 户编号 names no village of the county
            code = f"{COUNTY}{100 + start // 100_000:03d}{start // VILLAGE_PEOPLE % 999 + 1:03d}"
            for household in generate_village(seed=start, people=min(VILLAGE_PEOPLE, rows - start),
                                              village_code=code, today=TODAY, used_ids=used):
                for member in household.members:
                    n += 1
                    writer.writerow(_ledger_row(n, household.props["household_no"], member.props))


def _ledger_row(n: int, household_no: str, p: dict[str, Any]) -> list[Any]:
    name = p["name"] + (RARE[n % 2] if n % 500 == 0 else "")
    return [n, household_no, name, p["id_number"], p["sex"], p["relation"], p["labour_class"],
            p["work_region"] or "", p["months_worked"] or "", p["employer"] or "",
            p["monthly_income"] or "", p["phone"] or ""]


def child_import(path: Path, profile: Path) -> dict[str, Any]:
    """The dry run (in a child process): seconds, peak RSS, rows planned."""
    from registry.ledgers.imports import CREATE, plan_import
    from registry.profile import Profile

    store = Profile(profile, today=lambda: TODAY).unlock(USER, PASSPHRASE)
    start = time.perf_counter()
    plan = plan_import(store, path, today=TODAY)
    seconds = time.perf_counter() - start
    store.close()
    return {"seconds": seconds, "rss": _peak_mib(), "rows": len(plan.rows),
            "create": plan.count(CREATE), "refused": len(plan.refused())}


def child_baseline(path: Path) -> dict[str, Any]:
    """The csv module reading the same file with no logic (in a child process)."""
    start = time.perf_counter()
    with open(path, encoding="gb18030", newline="") as f:
        rows = list(csv.reader(f))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rss": _peak_mib(), "rows": len(rows) - 1}


def _peak_mib() -> float:
    """This process's peak RSS: ``VmHWM`` (``ru_maxrss`` would count the parent's before exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_child(*args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "bench.ledgers", "--child", *args],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def measure_import(tmp: Path, rows: int) -> None:
    from registry.keyslots import KdfParams
    from registry.profile import Profile

    path = tmp / "ledger.csv"
    write_ledger(path, rows)
    Profile(tmp / "profile", today=lambda: TODAY).create(
        user=USER, passphrase=PASSPHRASE, scope=COUNTY, kdf=KdfParams.fast()).close()
    base = _run_child("baseline", str(path))
    done = _run_child("import", str(path), str(tmp / "profile"))
    if done["rows"] != rows or done["refused"]:
        raise SystemExit(f"unexpected plan: {done}")
    size = round(path.stat().st_size / 2**20, 1)
    emit("import_s", done["seconds"], "s", rows=rows, file_mib=size,
         baseline_s=round(base["seconds"], 3), ratio=round(done["seconds"] / base["seconds"], 1),
         rows_per_s=round(rows / done["seconds"]), target_s=20 * rows / 50_000)
    emit("import_peak_rss_mib", done["rss"], "MiB", rows=rows,
         baseline_peak_rss_mib=round(base["rss"], 1), ratio=round(done["rss"] / base["rss"], 2),
         target_mib=300)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ledgers")
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--small", action="store_true", help="2,000 rows: runs in seconds")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *paths = args.child
        result = child_import(Path(paths[0]), Path(paths[1])) if kind == "import" else \
            child_baseline(Path(paths[0]))
        print(json.dumps(result))
        return 0
    with tempfile.TemporaryDirectory() as tmp_name:
        measure_import(Path(tmp_name), 2_000 if args.small else args.rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
