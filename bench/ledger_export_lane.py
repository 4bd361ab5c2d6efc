"""The 台账 export dialog's export beside the DB thread: ``python -m bench.ledger_export_lane
[--people 30000] [--kind township-changes] [--suffix .xlsx] [--keep DIR] [--small]``,
offscreen.

A county replica with 12 months of follow-ups (``bench.alerts.generate``), every record
written just now: the 乡镇月度变动汇总 of this month lists each of them as 新增, as a
county's first month after migration does. The export runs as the dialog runs it
(``desktop.county.ledgers_ops.export`` through a ``BackgroundRunner``, with the event loop
delivering outcomes), while the user goes on: every ``PROBE_MS`` a trivial read on the DB
thread (``SELECT 1``) is asked for, one at a time. Prints JSON lines {"metric", "value",
"unit", ...}:

- ``lane_export_s``: the export asked for until its outcome (rows written and audited);
  ``rows``; beside it ``export_bare_s``, ``registry.ledgers.exports.write_export`` on the
  store with no runner, the baseline (skipped with ``--no-bare``), and the ratio;
- ``db_thread_wait_max_s`` / ``db_thread_wait_p50_s``: how long the DB-thread reads asked
  for during the export waited for their answer (``probes`` of them): the time the rest of
  the app's reads and writes were held up. Before the export read on the read lane the
  first probe waited for the whole export;
- ``read_lane_wait_max_s``: the same for trivial reads on the read lane (where 预警, 概览's
  alert count and the work list read), asked for alternately with the DB-thread ones; its
  baseline ``read_lane_wait_baseline_s``, the same export run on the read lane as before
  the export lane (measured in the same run), and the ratio;
- ``cancel_s``: the export cancelled ``CANCEL_AFTER_S`` after it began (or a third of
  ``lane_export_s`` if sooner), until its outcome (``ExportCancelled``, no file left); it
  takes effect at the first row written (not during the sorted read before it); skipped by
  code without an ``ExportWatch``;
- ``generate_s``: writing the replica (when it is not reused).

``--keep DIR`` keeps the replica in DIR and reuses it (30,000 people take about 3 minutes
to generate); ``--small`` (500 people) runs in seconds.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timedelta, timezone  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.alerts import generate  # noqa: E402
from bench.store import TODAY, emit, new_store  # noqa: E402
from desktop.background import BackgroundRunner, QueryOp  # noqa: E402
from desktop.county import ledgers_ops  # noqa: E402
from registry.ledgers.exports import write_export  # noqa: E402
from registry.profile import Profile  # noqa: E402
from registry.store import Store  # noqa: E402
from sync.protocol import Stamp  # noqa: E402

METRICS = ("lane_export_s", "db_thread_wait_max_s", "db_thread_wait_p50_s",
           "read_lane_wait_max_s", "cancel_s", "generate_s")
SMALL_PEOPLE = 500
PROBE_MS = 250
CANCEL_AFTER_S = 3.0
CHINA = timezone(timedelta(hours=8))
DONE = "generated"  # written last in a kept folder: the replica is complete


def county(folder: Path, people: int) -> Store:
    """The replica kept in ``folder`` (generated first unless it is complete)."""
    profile = folder / "profile"
    if not (folder / DONE).exists():
        if Profile(profile).exists():
            raise SystemExit(f"{folder}: an unfinished replica; remove it first")
        folder.mkdir(parents=True, exist_ok=True)
        store = new_store(profile)
        seconds = generate(store, people)
        store.close()
        (folder / DONE).write_text(f"{people} {seconds:.1f}\n", encoding="utf-8")
        emit("generate_s", seconds, "s", people=people)
    return Profile(profile, today=lambda: TODAY).unlock("bench", "Bench-2026")


def changes_month(store: Store) -> str:
    """The month whose 变动汇总 holds the replica's last change (the 21st to the 20th)."""
    hlc = store.db.execute("SELECT max(hlc) FROM journal").fetchone()[0]
    when = datetime.fromtimestamp(Stamp.decode(hlc).wall_ms / 1000, CHINA)
    year, month = when.year, when.month
    if when.day > 20:
        year, month = year + month // 12, month % 12 + 1
    return f"{year:04d}-{month:02d}"


def run_export(runner: BackgroundRunner, kind: str, out: Path, month: str, *,
               cancel_after_s: float | None = None, on_read_lane: bool = False
               ) -> dict[str, Any]:
    """One export as the dialog runs it (``on_read_lane``: as it ran before the export lane),
    with DB-thread and read-lane probes taking turns; its facts."""
    loop = QEventLoop()
    facts: dict[str, Any] = {"waits": [], "lane_waits": []}
    extra: dict[str, Any] = {}
    watch = None
    if cancel_after_s is not None:
        from registry.ledgers.export_sheet import ExportWatch

        watch = extra["watch"] = ExportWatch()
    start = time.perf_counter()

    def finished(outcome: Any) -> None:
        facts["s"] = time.perf_counter() - start
        facts["outcome"] = outcome
        if "asked" not in facts:  # else the probe waiting behind the export ends the loop
            loop.quit()

    def probe() -> None:
        if "s" in facts:
            return
        facts["asked"] = time.perf_counter()

        lane = (len(facts["waits"]) + len(facts["lane_waits"])) % 2 == 1

        def answered(_value: Any) -> None:
            waited = time.perf_counter() - facts.pop("asked")
            facts["lane_waits" if lane else "waits"].append(waited)
            if "s" in facts:
                loop.quit()
            else:
                QTimer.singleShot(PROBE_MS, probe)

        read = QueryOp(runner, None, lambda store: store.db.execute("SELECT 1").fetchone())
        (read.on_reader() if lane else read).success(answered).without_progress().run()

    export = ledgers_ops.export(runner, None, kind, out, month=month, area=None, unmasked=False,
                                export_anyway=True, **extra)
    if on_read_lane:
        export.on_reader()
    export.without_progress().success(finished).failure(finished).run()
    QTimer.singleShot(PROBE_MS, probe)
    if watch is not None:
        QTimer.singleShot(int(cancel_after_s * 1000), watch.cancel)
    loop.exec()
    return facts


def measure(store: Store, kind: str, suffix: str, tmp: Path, *, bare: bool) -> None:
    month = changes_month(store)
    baseline: dict[str, Any] = {}
    if bare:
        start = time.perf_counter()
        written = write_export(store, kind, tmp / f"bare{suffix}", month=month, area=None,
                               unmasked=False, export_anyway=True)
        baseline = {"export_bare_s": round(time.perf_counter() - start, 3),
                    "bare_rows": int(written)}
    runner = BackgroundRunner(store)
    facts = run_export(runner, kind, tmp / f"lane{suffix}", month)
    waits = facts["waits"] or [0.0]  # an export over before the first probe held nothing
    if baseline:
        baseline["ratio"] = round(facts["s"] / baseline["export_bare_s"], 2)
    emit("lane_export_s", facts["s"], "s", kind=kind, month=month, rows=int(facts["outcome"]),
         store_has_reader=runner.has_read_lane, **baseline)
    emit("db_thread_wait_max_s", max(waits), "s", probes=len(facts["waits"]), every_ms=PROBE_MS)
    emit("db_thread_wait_p50_s", statistics.median(waits), "s", probes=len(facts["waits"]))
    before = run_export(runner, kind, tmp / f"read-lane{suffix}", month, on_read_lane=True)
    lane_wait, baseline_wait = (max(f["lane_waits"] or [0.0]) for f in (facts, before))
    emit("read_lane_wait_max_s", lane_wait, "s", probes=len(facts["lane_waits"]),
         read_lane_wait_baseline_s=round(baseline_wait, 3),
         baseline_is="the same export on the read lane (before the export lane)",
         ratio=round(lane_wait / baseline_wait, 3) if baseline_wait else None)
    try:
        from registry.ledgers.export_sheet import ExportWatch  # noqa: F401
    except ImportError:
        return  # code from before the export could be cancelled
    out = tmp / f"cancelled{suffix}"
    after_s = min(CANCEL_AFTER_S, facts["s"] / 3)
    cancelled = run_export(runner, kind, out, month, cancel_after_s=after_s)
    left = sorted(p.name for p in tmp.iterdir() if p.name.startswith(f".{out.name}"))
    emit("cancel_s", cancelled["s"], "s", after_s=round(after_s, 3),
         outcome=type(cancelled["outcome"]).__name__, file_left=out.exists() or bool(left))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.ledger_export_lane")
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--kind", default="township-changes")
    parser.add_argument("--suffix", default=".xlsx", choices=(".xlsx", ".csv"))
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the replica here")
    parser.add_argument("--small", action="store_true", help=f"{SMALL_PEOPLE} people")
    parser.add_argument("--no-bare", action="store_true", help="skip the baseline export")
    args = parser.parse_args(argv)
    people = SMALL_PEOPLE if args.small else args.people
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = county(args.keep or tmp / "county", people)
        try:
            measure(store, args.kind, args.suffix, tmp, bare=not args.no_bare)
        finally:
            BackgroundRunner.stop_all()
            store.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
