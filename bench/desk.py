"""Desk benchmark: ``python -m bench.desk [--people 50000] [--jobs 200] [--samples 200] [--small]``.

A synthetic county profile of ``--people`` people (written through the journaled path),
one person in ten holding a service code, and ``--jobs`` open postings. ``--small``: 2,000
people, 50 postings, 40 samples (seconds). Each metric has a baseline measured in the same
run on the same profile, and the ratio.

- ``scan_open_p95_ms``: what one walk-in costs the DB thread after a scan: the code looked up
  (``registry.desk.lookup``), the person panel read and the open postings ranked for them.
  Baseline: reading the same person by primary key (``Store.get``) and their service records.
- ``code_lookup_p95_ms``: the code lookup alone (one exact index seek). Baseline: the registry
  search by the last 6 digits of the same person's ID number (``Store.search``).
- ``service_save_p95_ms``: one desk service record written and committed
  (``registry.desk.record_service``). Baseline: one ``Store.update`` of one property of a
  person, committed.
- ``card_pdf_ms``: the service card written as a PDF (QR code included; Qt offscreen).
  Baseline: the same PDF page with the name only (no QR, no other text).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.store import TODAY, emit, load, new_store, p95, villages
from registry import desk
from registry.service_code import new_service_code
from registry.store import Create, Store, Update

METRICS = ("scan_open_p95_ms", "code_lookup_p95_ms", "service_save_p95_ms", "card_pdf_ms")
SMALL = {"people": 2000, "jobs": 50, "samples": 40}
PLACES = ("county", "province", "outside", "abroad")
TITLES = ("包装工", "维修电工", "普工", "焊工", "缝纫工", "厨师", "保洁员", "叉车司机")


def prepare(store: Store, *, jobs: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """Codes for one person in ten and ``jobs`` postings; (person, code, ID tail) samples."""
    people = [p for p in store.find("person") if p.props.get("id_number")][::10]
    coded = [(p.id, new_service_code(choice=rng.choice), str(p.props["id_number"])[-6:])
             for p in people]
    store.write([Update(pid, {"service_code": code}) for pid, code, _tail in coded])
    store.write([Create("job", {
        "employer": f"某企业{n}", "job_title": rng.choice(TITLES), "openings": rng.randint(1, 30),
        "work_place": rng.choice(PLACES), "salary_min": rng.randrange(2000, 5000, 100),
        "salary_max": rng.randrange(5000, 8000, 100), "valid_until": "2027-06-30"})
        for n in range(jobs)])
    return coded


def timed(work: Callable[[], object]) -> float:
    """Milliseconds ``work()`` took."""
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def report(metric: str, times: list[float], baseline: list[float], **extra: object) -> None:
    """One metric line: p95 of ``times`` with the p95 of its baseline and the ratio."""
    value, base = p95(times), p95(baseline)
    emit(metric, value, "ms", baseline_ms=round(base, 3), ratio=round(value / base, 2),
         median=round(statistics.median(times), 3), samples=len(times), **extra)


def measure_scan(store: Store, sample: list[tuple[str, str, str]]) -> None:
    """scan_open_p95_ms and code_lookup_p95_ms."""
    def open_walk_in(code: str) -> None:
        found = desk.lookup(store, code)
        desk.person_panel(store, found.opened, today=TODAY)
        desk.open_jobs(store, found.opened, today=TODAY)

    opened = [timed(lambda c=code: open_walk_in(c)) for _pid, code, _tail in sample]
    plain = [timed(lambda p=pid: (store.get(p), store.find("service", parent=p)))
             for pid, _code, _tail in sample]
    report("scan_open_p95_ms", opened, plain)
    codes = [timed(lambda c=code: desk.lookup(store, c)) for _pid, code, _tail in sample]
    tails = [timed(lambda t=tail: store.search(t)) for _pid, _code, tail in sample]
    report("code_lookup_p95_ms", codes, tails)


def measure_save(store: Store, sample: list[tuple[str, str, str]]) -> None:
    """service_save_p95_ms."""
    saves = [timed(lambda p=pid: desk.record_service(
        store, person_id=p, kinds=["policy", "guidance"], site="安置点", today=TODAY))
        for pid, _code, _tail in sample]
    updates = [timed(lambda p=pid, n=n: store.update(p, {"note": f"bench {n}"}))
               for n, (pid, _code, _tail) in enumerate(sample)]
    report("service_save_p95_ms", saves, updates)


def measure_card(folder: Path, sample: list[tuple[str, str, str]]) -> None:
    """card_pdf_ms (median of a few cards, Qt offscreen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QPainter, QPdfWriter

    from desktop.desk.card import Card, write_card_pdf

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])

    def name_only(path: Path) -> None:
        writer = QPdfWriter(str(path))
        painter = QPainter(writer)
        painter.drawText(100, 100, "罗海")
        painter.end()

    cards = [timed(lambda n=n, c=code: write_card_pdf(Card("罗海", c, "安置点"),
                                                     folder / f"card{n}.pdf"))
             for n, (_pid, code, _tail) in enumerate(sample[:10])]
    plain = [timed(lambda n=n: name_only(folder / f"plain{n}.pdf")) for n in range(len(cards))]
    emit("card_pdf_ms", statistics.median(cards), "ms",
         baseline_ms=round(statistics.median(plain), 3),
         ratio=round(statistics.median(cards) / statistics.median(plain), 2), samples=len(cards))
    del app


def main(argv: list[str] | None = None) -> int:
    """Build the profile, then print every metric."""
    parser = argparse.ArgumentParser(prog="python -m bench.desk")
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--small", action="store_true", help=f"sizes {SMALL} (seconds)")
    args = parser.parse_args(argv)
    if args.small:
        args.people, args.jobs, args.samples = SMALL["people"], SMALL["jobs"], SMALL["samples"]
    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = new_store(folder / "profile")
        try:
            load(store, villages(args.people))
            coded = prepare(store, jobs=args.jobs, rng=rng)
            sample = rng.sample(coded, min(args.samples, len(coded)))
            measure_scan(store, sample)
            measure_save(store, sample)
            measure_card(folder, sample)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
