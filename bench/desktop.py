"""Desktop benchmark: ``python -m bench.desktop [--people 50000] [--small]``, offscreen;
the county workspace: ``python -m bench.desktop --county [--people 100000] [--conflicts 5000]
[--keep DIR]``.

Prints one JSON object per line: {"metric", "value", "unit", "baseline", "ratio", ...}.
Each metric has a baseline measured in the same run on the same profile: the bare work
the screen cannot avoid, so the ratio is what the app adds on top.

- ``cold_start_s``: a fresh Python process to the unlock window shown (the app's
  imports, Qt, the profile's user list), with the slowest imports named (``-X importtime``).
  Baseline: a fresh process showing an empty Qt dialog. The unlock window imports none of
  the main window's modules (pypinyin, sqlite_utils, openpyxl, requests ...): the app
  imports those on a worker thread while the passphrase is typed (``desktop.app.WarmImports``;
  tests/desktop/test_cold_start.py keeps it so).
- ``unlock_to_list_s``: from ``Profile.unlock`` (fast KDF: the passphrase cost is not
  measured here) to the main window showing its first households and the counts.
  Baseline: the bare SQL of that first page on an already open store.
- ``unlock_to_counts_s``: the same to the 共 x 户，y 人 line under the list, read after
  the first page (counting every live person reads each row). Baseline: the two counts.
- ``followup_open_ms``: the monthly follow-up form opened for one person (median of
  ``ROUNDS``), from the call to the form ready for input. Baseline: what it cannot
  avoid: loading the form file and reading that one person.
- ``search_p95_ms``: a name in the search box to the people list updated (95th
  percentile of ``SEARCH_ROUNDS``), after the debounce. Baseline: ``Store.search`` alone.
- ``worklist_ms``: the 本月走访 page's reads for a township (``--township`` people, default
  10,000; 500 with ``--small``) with 12 months of follow-ups: ``bench.worklist``'s own
  measurement (``registry.worklist.work_view``: first page, count, progress, filter
  choices), run as ``python -m bench.worklist`` in a child process so that building the
  township does not count in this process's memory. Baseline: bench.worklist's plain SQL
  pass over the same people and their latest follow-up.
- ``peak_rss_mib``: the app process's peak resident memory at the end (``VmHWM``). The
  profile is built in a child process (``--build-only``) and the work list's township too,
  so neither generator counts: the peak covers Qt, the cold-start probes' parent, unlock,
  the list, the counts, the follow-up forms and the searches. A kept ``--profile`` has its
  dashboard's saved alert count dropped first (in a child process), so a county or
  township profile's first page counts its alerts in full in every run. ``steps`` gives VmHWM and
  VmRSS after each of those. Baseline: the peak right after Qt started, before the
  profile was opened.

The county workspace's metrics are measured on ONE county replica (``bench._county``:
``bench.alerts.generate`` with 12 months of follow-ups, the subsidy claims of
``bench.county_dashboard``, ``--conflicts`` open conflicts made by
``bench.county_conflicts.make_conflicts`` and the duplicates planted by
``bench.county_duplicates.plant``), by the three modules' own ``timings`` (best of
``--repeats``). ``--county`` prints only these, on ``--people`` (default 100,000) people
(with ``--small``: 2,000 people, 300 conflicts); ``--keep DIR`` keeps the replica in DIR and
reuses it in later runs (generating 100k takes many minutes). ``--small`` alone prints them
after the others, on 2,000 people and 300 conflicts.

- ``dashboard_open_s``: the 概览 page created until every chart is drawn, cold (no alert run
  remembered or saved in the profile; target <= 1 s at 100k); the line also gives the first
  paint, a reopen (the run remembered) and a restart (the run saved in the profile).
  Baseline: the bare reads of every chart (aggregates, trends, the alert run).
- ``conflict_queue_ms``: the 冲突 page's first screen over every open conflict (target
  <= 500 ms for 5,000). Baseline: every open conflict with its record in one plain query.
- ``duplicates_s``: the duplicate candidates over the whole county, default rule (target
  <= 2 s at 100k); fails unless every planted pair is found. Baseline: a bare SQL
  ``GROUP BY`` of the live people by name and birth date.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from PySide6.QtCore import QSettings, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench import county_conflicts, county_dashboard, county_duplicates  # noqa: E402
from bench._county import county_in, open_county  # noqa: E402
from bench.store import load, new_store, villages  # noqa: E402
from desktop.background import BackgroundRunner  # noqa: E402
from desktop.forms.catalog import BUILTIN_DIR  # noqa: E402
from desktop.forms.dialog import FormDialog, open_form_dialog  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.models import HouseholdTableModel  # noqa: E402
from forms.loader import load_form  # noqa: E402
from registry.profile import Profile  # noqa: E402
from registry.store import Store  # noqa: E402
from registry.views import household_rows  # noqa: E402

METRICS = ("cold_start_s", "unlock_to_list_s", "unlock_to_counts_s", "followup_open_ms", "search_p95_ms",
           "worklist_ms", "peak_rss_mib", "dashboard_open_s", "conflict_queue_ms", "duplicates_s")
COUNTY_PEOPLE = 100_000
COUNTY_CONFLICTS = 5_000
SMALL_CONFLICTS = 300
ROUNDS = 5
SEARCH_ROUNDS = 20
SMALL_PEOPLE = 2000
TOWNSHIP_PEOPLE = 10_000
SMALL_TOWNSHIP = 500
ROOT = Path(__file__).resolve().parents[1]
FOLLOWUP = BUILTIN_DIR / "employment_followup.xlsx"


_BARE_START = """
import sys, time
from PySide6.QtWidgets import QApplication, QDialog
app = QApplication(sys.argv[:1])
dialog = QDialog()
dialog.show()
app.processEvents()
print(f"startup-probe {time.time():.3f}", flush=True)
"""


def start_seconds(kind: str, folder: Path, *, importtime: bool = False) -> tuple[float, str]:
    """Wall seconds from starting a fresh process to its first window shown, and its
    ``-X importtime`` report when asked. ``app`` is the real start, ``python -m desktop.app
    --profile FOLDER --startup-probe`` (logging, language, translators, the unlock window;
    it prints ``startup-probe <epoch>`` once the window is up); ``bare`` is a process that
    shows an empty Qt dialog and prints the same line."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    flags = ["-X", "importtime"] if importtime else []
    command = ([sys.executable, *flags, "-m", "desktop.app", "--profile", str(folder),
                "--startup-probe"] if kind == "app" else
               [sys.executable, *flags, "-c", _BARE_START])
    start = time.time()
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    shown = [float(line.split()[1]) for line in done.stdout.splitlines()
             if line.startswith("startup-probe ")]
    if not shown:
        raise RuntimeError(f"{kind}: no startup-probe line (stderr: {done.stderr[-500:]})")
    return shown[0] - start, done.stderr


def slowest_imports(report: str, count: int = 6) -> list[str]:
    """The modules whose own import took longest (``-X importtime`` self time), ``name ms``."""
    rows = []
    for line in report.splitlines():
        parts = line.split("|")
        own = parts[0].rpartition(":")[2].strip() if len(parts) == 3 else ""
        if own.isdigit():
            rows.append((int(own), parts[2].strip()))
    return [f"{name} {us / 1000:.0f}ms" for us, name in sorted(rows, reverse=True)[:count]]


def cold_start(folder: Path, people: int) -> None:
    """Emit ``cold_start_s`` (median of three) with the slowest imports (a fourth run)."""
    runs = [start_seconds("app", folder)[0] for _ in range(3)]
    bare = statistics.median(start_seconds("bare", folder)[0] for _ in range(3))
    report = start_seconds("app", folder, importtime=True)[1]
    emit("cold_start_s", statistics.median(runs), "s", baseline=bare, people=people,
         slowest_imports=slowest_imports(report),
         measured="python -m desktop.app --profile P --startup-probe: process start to the"
                  " unlock window shown (logging, language, translators included)",
         baseline_is="a fresh process showing an empty Qt dialog")


def worklist(people: int, township: int) -> None:
    """Emit ``worklist_ms``: ``bench.worklist`` on a township of ``township`` people, in a
    child process (its data stays out of this process's peak memory)."""
    done = subprocess.run([sys.executable, "-m", "bench.worklist", "--people", str(township)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    lines = {line["metric"]: line for line in
             (json.loads(text) for text in done.stdout.splitlines() if text.startswith("{"))}
    page, base = lines["worklist_ms"], lines["worklist_baseline_ms"]
    emit("worklist_ms", page["value"], "ms", baseline=base["value"], people=people,
         township_people=page["people"], listed=page["listed"], shown=page["shown"],
         filter_ms=lines["worklist_filter_ms"]["value"],
         baseline_is="bench.worklist: one plain SQL pass over the same people and each"
                     " one's latest follow-up")


def emit(metric: str, value: float, unit: str, *, baseline: float, **extra: Any) -> None:
    """Print one metric with its baseline and the ratio as a JSON line."""
    ratio = value / baseline if baseline else None
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit,
                      "baseline": round(baseline, 3) or round(baseline, 6),
                      "ratio": ratio and round(ratio, 2),
                      **extra}, ensure_ascii=False), flush=True)


def settle(app: QApplication, done: Callable[[], bool], *, timeout_s: float = 120.0) -> None:
    """Process events until ``done()``; fail loudly after ``timeout_s``."""
    deadline = time.perf_counter() + timeout_s
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen did not settle")
        app.processEvents()
        time.sleep(0.0005)


def build(folder: Path, people: int) -> None:
    """A county profile of ``people`` synthetic people, written through the store."""
    store = new_store(folder)
    load(store, villages(people))
    store.close()


def build_in_child(folder: Path, people: int) -> None:
    """``build`` in a child process, so the generator's memory is not this process's."""
    subprocess.run([sys.executable, "-m", "bench.desktop", "--build-only", str(folder),
                    "--people", str(people)], check=True, cwd=ROOT)


def forget_alert_counts_in_child(folder: Path) -> None:
    """Drop the dashboard's saved alert count (``alert_count_run``) of a kept profile in
    a child process, so the measured run counts the alerts in full every time."""
    subprocess.run([sys.executable, "-m", "bench.desktop", "--forget-alert-counts",
                    str(folder)], check=True, cwd=ROOT)


def forget_alert_counts(folder: Path) -> None:
    """The child's side of :func:`forget_alert_counts_in_child`."""
    from registry.county_dashboard import forget_alert_counts as forget

    store = Profile(folder).unlock("bench", "Bench-2026")
    try:
        forget(store)
    finally:
        store.close()


def memory_mib() -> dict[str, float]:
    """This process's peak (``VmHWM``) and current (``VmRSS``) resident memory, MiB."""
    status = Path("/proc/self/status")
    if not status.exists():  # not Linux: the peak from getrusage only
        return {"hwm": round(peak_rss_mib(), 1)}
    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
    return {key.lower()[2:]: round(int(fields[key].split()[0]) / 1024, 1)
            for key in ("VmHWM", "VmRSS")}


def unlock_to_list(app: QApplication, folder: Path, settings: QSettings
                   ) -> tuple[float, MainWindow, BackgroundRunner, Store]:
    """Seconds from unlocking to the first households and counts shown."""
    start = time.perf_counter()
    store = Profile(folder).unlock("bench", "Bench-2026")
    runner = BackgroundRunner(store)
    window = MainWindow(runner, settings=settings)
    window.show()
    settle(app, lambda: window.households.rowCount() > 0)
    return time.perf_counter() - start, window, runner, store


def list_baseline(store: Store) -> float:
    """Seconds of the bare SQL the list screen needs first: one page of households."""
    start = time.perf_counter()
    household_rows(store, limit=HouseholdTableModel.PAGE)
    return time.perf_counter() - start


def counts_baseline(store: Store) -> float:
    """Seconds of the bare SQL behind the 共 x 户，y 人 line."""
    start = time.perf_counter()
    store.count("household")
    store.count("person")
    return time.perf_counter() - start


def followup_open(app: QApplication, window: MainWindow, runner: BackgroundRunner,
                  person_id: str) -> float:
    """Milliseconds to open the follow-up form for one person, ready for input."""
    start = time.perf_counter()
    dialog: FormDialog = open_form_dialog(window, FOLLOWUP, runner=runner,
                                          values={"person_id": person_id},
                                          on_submitted=lambda _changes: None)
    settle(app, lambda: dialog.form_widget.session is not None)
    elapsed = (time.perf_counter() - start) * 1000
    dialog.form_widget.save_draft_now()
    dialog.close()
    return elapsed


def followup_baseline(store: Store, person_id: str) -> float:
    """Milliseconds of what opening cannot avoid: the form file and the one person."""
    start = time.perf_counter()
    load_form(FOLLOWUP)
    store.get(person_id)
    return (time.perf_counter() - start) * 1000


def search_once(app: QApplication, window: MainWindow, text: str) -> float:
    """Milliseconds from the debounce's end to the people list showing the results."""
    window.search.clear()
    window.people.set_rows([])
    window.search.blockSignals(True)
    window.search.setText(text)
    window.search.blockSignals(False)
    start = time.perf_counter()
    window.run_search()
    settle(app, lambda: window.people.rowCount() > 0)
    return (time.perf_counter() - start) * 1000


def measure(app: QApplication, folder: Path, people: int, settings: QSettings,
            steps: dict[str, dict[str, float]]) -> None:
    """Emit the screens' metrics; note the memory after each step in ``steps``."""
    seconds, window, runner, store = unlock_to_list(app, folder, settings)
    steps["list"] = memory_mib()
    start = time.perf_counter()
    settle(app, lambda: "户" in window.status.text())
    counts = seconds + time.perf_counter() - start
    runner.wait()
    steps["counts"] = memory_mib()
    emit("unlock_to_list_s", seconds, "s", baseline=list_baseline(store), people=people,
         baseline_is="first page of households, bare SQL on the open store")
    emit("unlock_to_counts_s", counts, "s", baseline=counts_baseline(store), people=people,
         baseline_is="the two counts, bare SQL (shown under the list once known)")
    sample = store.find("person", limit=ROUNDS * 97)[::97][:ROUNDS]
    opened = [followup_open(app, window, runner, p.id) for p in sample]
    runner.wait()
    steps["followup"] = memory_mib()
    bare = [followup_baseline(store, p.id) for p in sample]
    emit("followup_open_ms", statistics.median(opened), "ms", baseline=statistics.median(bare),
         people=people, rounds=len(sample), baseline_is="load_form + Store.get of the person")
    people_sample = store.find("person", limit=SEARCH_ROUNDS * 41)[::41][:SEARCH_ROUNDS]
    names = [str(p.props.get("name")) for p in people_sample]
    typed = [search_once(app, window, name) for name in names]
    steps["search"] = memory_mib()
    direct = []
    for name in names:
        start = time.perf_counter()
        store.search(name, limit=200)
        direct.append((time.perf_counter() - start) * 1000)
    emit("search_p95_ms", p95(typed), "ms", baseline=p95(direct), people=people,
         rounds=len(names), baseline_is="Store.search alone (p95)")
    window.close()
    runner.close()


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def peak_rss_mib() -> float:
    """This process's peak resident memory so far, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def county(app: QApplication, folder: Path, *, people: int, conflicts: int,
           repeats: int) -> None:
    """Emit the county workspace's metrics on the county replica kept in ``folder``
    (generated first when it holds none)."""
    replica = county_in(folder, people=people, conflicts=conflicts)
    common = {"people": replica.people, "county_generate_s": round(replica.generate_s, 1),
              "county_reused": replica.reused}
    store = open_county(folder)
    try:
        board = county_dashboard.timings(app, store, repeats)
        emit("dashboard_open_s", board.open_s, "s", baseline=board.sql_s, **common,
             villages=board.villages, target=1.0,
             drawn="every chart, cold (no alert run remembered or saved: counted in full)",
             first_paint_s=round(board.first_s, 3), reopen_s=round(board.reopen_s, 3),
             one_thread_s=round(board.one_thread_s, 3),
             lane_ratio=round(board.open_s / board.one_thread_s, 2),
             next_read_wait_s=round(board.next_wait_s, 3),
             one_thread_next_read_wait_s=round(board.one_thread_wait_s, 3),
             restart_s=round(board.restart_s, 3), warm_open_s=round(board.warm_s, 3),
             baseline_is="the bare reads of every chart (aggregates, trends, alert run)")
        queue = county_conflicts.timings(app, store, repeats)
        emit("conflict_queue_ms", queue.queue_ms, "ms", baseline=queue.baseline_ms, **common,
             conflicts=queue.conflicts, shown=queue.shown, target=500,
             baseline_is="every open conflict with its record, one plain SQL query")
        dups = county_duplicates.timings(store, replica.planted, repeats)
        emit("duplicates_s", dups.found_s, "s", baseline=dups.baseline_s, **common,
             planted=len(replica.planted), candidates=dups.candidates, target=2.0,
             baseline_is="bare SQL GROUP BY of the live people by name and birth date")
    finally:
        BackgroundRunner.stop_all()
        store.close()


def main(argv: list[str] | None = None) -> int:
    """Build a synthetic profile in a temp folder, then measure the screens on it; with
    ``--county``, the county workspace's screens on one county replica."""
    parser = argparse.ArgumentParser(prog="bench.desktop", description=__doc__)
    parser.add_argument("--people", type=int, default=None,
                        help=f"default 50000; {COUNTY_PEOPLE} with --county")
    parser.add_argument("--small", action="store_true", help=f"{SMALL_PEOPLE} people (CI)")
    parser.add_argument("--township", type=int, default=TOWNSHIP_PEOPLE,
                        help=f"people of the worklist_ms township ({SMALL_TOWNSHIP} with --small)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="keep the synthetic profile here and reuse it in later runs")
    parser.add_argument("--county", action="store_true",
                        help=f"only the county metrics (default {COUNTY_PEOPLE} people)")
    parser.add_argument("--conflicts", type=int, default=COUNTY_CONFLICTS,
                        help=f"open conflicts of the county ({SMALL_CONFLICTS} with --small)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the county replica here and reuse it in later runs")
    parser.add_argument("--repeats", type=int, default=3, help="county metrics: best of")
    parser.add_argument("--build-only", type=Path, default=None, metavar="DIR",
                        help="only build the --people profile in DIR (the bench's child)")
    parser.add_argument("--forget-alert-counts", type=Path, default=None, metavar="DIR",
                        help="only drop DIR's saved alert count (the bench's child)")
    args = parser.parse_args(argv)
    if args.forget_alert_counts:
        forget_alert_counts(args.forget_alert_counts)
        return 0
    if args.build_only:
        build(args.build_only, SMALL_PEOPLE if args.small else args.people or 50_000)
        return 0
    app = QApplication.instance() or QApplication(sys.argv[:1])
    qInstallMessageHandler(lambda *_message: None)  # offscreen plugin chatter
    if args.county:
        county_metrics(app, args, people=SMALL_PEOPLE if args.small else
                       args.people or COUNTY_PEOPLE,
                       conflicts=SMALL_CONFLICTS if args.small else args.conflicts)
        return 0
    people = SMALL_PEOPLE if args.small else args.people or 50_000
    started_rss = peak_rss_mib()
    steps = {"qt": memory_mib()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.profile or Path(tmp) / "profile"
        if not Profile(folder).exists():
            build_in_child(folder, people)
        forget_alert_counts_in_child(folder)  # the dashboard counts the alerts in full
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        cold_start(folder, people)
        measure(app, folder, people, settings, steps)
    worklist(people, SMALL_TOWNSHIP if args.small else args.township)
    steps["end"] = memory_mib()
    emit("peak_rss_mib", peak_rss_mib(), "MiB", baseline=started_rss, people=people,
         target=400, steps=steps,
         covers="this process: Qt, unlock, list and counts (the workspace's first page;"
                " a county or township profile's dashboard counts its alerts in full: no"
                " saved count), follow-up forms, searches (the profile and the township are"
                " built in child processes)",
         baseline_is="peak RSS once Qt had started, before the profile was opened")
    if args.small:
        county_metrics(app, args, people=SMALL_PEOPLE, conflicts=SMALL_CONFLICTS)
    return 0


def county_metrics(app: QApplication, args: argparse.Namespace, *, people: int,
                   conflicts: int) -> None:
    """The county metrics in ``--keep`` or else in a temporary folder."""
    if args.keep:
        county(app, args.keep, people=people, conflicts=conflicts, repeats=args.repeats)
        return
    with tempfile.TemporaryDirectory() as tmp:
        county(app, Path(tmp) / "county", people=people, conflicts=conflicts,
               repeats=args.repeats)


if __name__ == "__main__":
    sys.exit(main())
