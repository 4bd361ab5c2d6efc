"""Screenshot of the county's 概览: ``xvfb-run -a python docs/county_dashboard_screenshot.py [en]``.

A throw-away county profile (synthetic people only: four villages, 12 months of follow-ups,
posts, graduate services and subsidy claims, as ``bench.county_dashboard`` makes them), as
of 22 November 2026; the page with its charts and the alerts drawn is saved as
``docs/county-dashboard.png`` (``-en`` with ``en``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from bench.alerts import AS_OF
from bench.county_dashboard import generate_county
from bench.store import new_store
from desktop.background import BackgroundRunner
from desktop.county.dashboard import DashboardPage
from desktop.i18n import LANGUAGE_PROPERTY, install_translator

DOCS = Path(__file__).resolve().parent
PEOPLE = 3_600


def main() -> None:
    """Make the profile, open the page, wait for its trends and alerts, save it."""
    english = sys.argv[1:] == ["en"]
    app = QApplication([])
    if english:
        install_translator(app, "en")
        app.setProperty(LANGUAGE_PROPERTY, "en")  # as the app does (rule names follow it)
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
        page.grab().save(str(DOCS / ("county-dashboard-en.png" if english
                                     else "county-dashboard.png")))
        page.close()
        runner.close()


if __name__ == "__main__":
    main()
