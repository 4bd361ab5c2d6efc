"""Screenshot of the county's 概览:
``xvfb-run -a python docs/county_dashboard_screenshot.py [en] [rereading]``.

A throw-away county profile (synthetic people only: four villages, 12 months of follow-ups,
posts, graduate services and subsidy claims, as ``bench.county_dashboard`` makes them), as
of 22 November 2026; the page with its charts and the alerts drawn is saved as
``docs/county-dashboard.png`` (``-en`` with ``en``). With ``rereading``: then a follow-up is
written and the page caught while it reads its numbers again (the reads held back, as a
slow re-read at 100k people is), saved as ``docs/county-dashboard-rereading(-en).png``.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from shots import use_language

from bench.alerts import AS_OF
from bench.county_dashboard import generate_county
from bench.store import new_store
from desktop.background import BackgroundRunner, CollectionOp
from desktop.county import dashboard_ops
from desktop.county.dashboard import REREAD_MARK_MS, DashboardPage
from registry.store import Create

DOCS = Path(__file__).resolve().parent
PEOPLE = 3_600


def main() -> None:
    """Make the profile, open the page, wait for its trends and alerts, save it."""
    english, rereading = "en" in sys.argv[1:], "rereading" in sys.argv[1:]
    app = QApplication([])
    if english:
        use_language(app, "en")
    with tempfile.TemporaryDirectory() as folder:
        store = new_store(Path(folder) / "county")
        generate_county(store, PEOPLE)
        runner = BackgroundRunner(store, app)
        page = DashboardPage(runner, today=lambda: AS_OF)
        page.setWindowTitle("概览")
        page.resize(1400, 1640)
        page.show()
        waiting = {"trends", "alerts"}  # the alerts come on the read lane, maybe first
        loop = QEventLoop()

        def drawn(what: str) -> None:
            waiting.discard(what)
            if not waiting:
                loop.quit()

        page.trends_drawn.connect(lambda: drawn("trends"))
        page.alerts_drawn.connect(lambda: drawn("alerts"))
        QTimer.singleShot(120_000, loop.quit)
        loop.exec()
        QTimer.singleShot(300, loop.quit)  # let the last chart paint
        loop.exec()
        name = "county-dashboard" + ("-rereading" if rereading else "")
        if rereading:
            release = _reread_held(runner, page, loop)
        page.grab().save(str(DOCS / (name + ("-en.png" if english else ".png"))))
        if rereading:
            release.set()
            runner.wait()
        page.close()
        runner.close()


def _reread_held(runner: BackgroundRunner, page: DashboardPage,
                 loop: QEventLoop) -> threading.Event:
    """Hold the page's reads of its numbers, write a follow-up (the page re-reads after its
    delay) and wait until the page marks what it is reading again; the event releases them."""
    release = threading.Event()
    for name in ("current_dashboard", "current_trends"):
        real = getattr(dashboard_ops, name)
        setattr(dashboard_ops, name, lambda *a, real=real, **k: (release.wait(60), real(*a, **k))[1])
    person = runner.call(lambda s: s.db.execute(
        "SELECT id FROM person_fact WHERE labour_class IS NOT NULL LIMIT 1").fetchone()[0])
    CollectionOp(runner, None, lambda s: s.write([Create("visit", {
        "person_id": person, "visit_date": AS_OF.isoformat(),
        "employment_status": "employed", "monthly_income": 2500})])).run()
    for _ in range(60):  # the page's delay after a write, then the marks after theirs
        QTimer.singleShot(REREAD_MARK_MS, loop.quit)
        loop.exec()
        if page.visits_tile.value.startswith("≈") and "…" in page.income_chart.title():
            break
    return release


if __name__ == "__main__":
    main()
