"""Screenshots of the sync indicator's states, the flags panel and the alerts page:
``PYTHONPATH=. xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python
docs/sync_status_screenshot.py [zh_CN|en]``.

Two throw-away demo profiles (synthetic people, the same ones, so their ID numbers clash)
sync with a real embedded county server in a temp folder: the second one gets the
server's duplicate-ID flags. The main window carries the indicator and the automatic sync
mounted as the workspace will; the states are shown as the controller sets them.
Writes docs/sync-status[-en].png, docs/sync-flags[-en].png and docs/alerts[-en].png.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication
from shots import use_language

from desktop.alerts_page import AlertsPage, AlertTableModel
from desktop.background import BackgroundRunner, CollectionOp
from desktop.embedded_server import EmbeddedServer
from desktop.main_window import MainWindow
from desktop.sync_status import install_sync_status
from registry.demo import DEMO_USER, create_demo_profile
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.replica import StoreReplica
from registry.store import Create
from sync.client import SyncClient

DOCS = Path(__file__).resolve().parent
PASSPHRASE = "Demo-2026"
sys.path.insert(0, str(DOCS))
from sync_screenshot import _decorated  # noqa: E402


def _pump(app: QApplication, seconds: float, until: threading.Event | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (until and until.is_set()):
        app.processEvents()
        time.sleep(0.01)


def _stacked(parts: list[QPixmap]) -> QPixmap:
    gap = 8
    width = max(p.width() for p in parts)
    shot = QPixmap(width, sum(p.height() for p in parts) + gap * (len(parts) + 1))
    shot.fill(QColor("#d0d3d8"))
    painter = QPainter(shot)
    top = gap
    for part in parts:
        painter.drawPixmap(0, top, part)
        top += part.height() + gap
    painter.end()
    return shot


def _first_device(tmp: Path, server: EmbeddedServer) -> None:
    """Another laptop of the village syncs the same synthetic people first."""
    create_demo_profile(tmp / "other", people=60, passphrase=PASSPHRASE, kdf=KdfParams.fast())
    other = Profile(tmp / "other").unlock(DEMO_USER, PASSPHRASE)
    try:
        server.connect(other)
        kept = other.meta("sync_token")
        SyncClient(server.url, str(kept), StoreReplica(other)).sync()
    finally:
        other.close()


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication(sys.argv[:1])
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        server = EmbeddedServer(tmp / "county")
        server.start()
        try:
            _first_device(tmp, server)
            create_demo_profile(tmp / "demo", people=60, passphrase=PASSPHRASE,
                                kdf=KdfParams.fast())
            store = Profile(tmp / "demo").unlock(DEMO_USER, PASSPHRASE)
            server.connect(store)
            _shots(app, store, suffix)
            store.close()
            _alerts_shot(app, tmp, suffix)
        finally:
            server.stop()
    return 0


def _shots(app: QApplication, store, suffix: str) -> None:  # noqa: ANN001
    runner = BackgroundRunner(store, app)
    window = MainWindow(runner)
    synced = threading.Event()
    window.sync.finished.connect(lambda _result: synced.set())
    auto, status = install_sync_status(window, runner, window.sync_menu)  # as the lead mounts it
    window.show()
    _pump(app, 60, synced)
    auto.stop()  # three changes wait for upload in the pictures
    for person in store.find("person")[:3]:
        CollectionOp(runner, window, lambda s, p=person: s.update(
            p.id, {"work_status": "务工" if p.props.get("work_status") != "务工" else "务农"})).run()
    _pump(app, 1.0)
    runner.wait()
    _pump(app, 0.5)
    bars = [window.statusBar().grab()]
    status.set_syncing(True)
    _pump(app, 0.3)
    bars.append(window.statusBar().grab())
    status.set_syncing(False)
    status.set_reachable(False)
    _pump(app, 1.0)
    bars.append(window.statusBar().grab())
    _stacked(bars).save(str(DOCS / f"sync-status{suffix}.png"))
    dialog = status.show_flags()
    _pump(app, 1.5)
    dialog.view.selectRow(0)
    _decorated(window, dialog).save(str(DOCS / f"sync-flags{suffix}.png"))
    dialog.close()

    window.close()
    runner.wait()


def _alerts_shot(app: QApplication, tmp: Path, suffix: str) -> None:
    """The alerts page of a fresh demo profile with a post agreement over a year and a
    person registered twice, sorted by 户编号 so that kinds mix."""
    create_demo_profile(tmp / "alerts", people=60, passphrase=PASSPHRASE, kdf=KdfParams.fast())
    store = Profile(tmp / "alerts").unlock(DEMO_USER, PASSPHRASE)
    first = store.find("person")[0]
    twice = {k: v for k, v in first.props.items() if k != "relation"}
    store.write([Create("person", {**twice, "name": "重复登记", "relation": "其他"},
                        scope=store.default_scope),
                 Create("post", {"person_id": first.id, "post_type": "cleaning",
                                 "agreement_start": "2026-01-01", "agreement_end": "2027-06-30",
                                 "monthly_subsidy": 800}, scope=store.default_scope)])
    runner = BackgroundRunner(store, app)
    page = AlertsPage(runner)
    page.resize(1240, 560)
    page.show()
    _pump(app, 3.0)
    page.view.sortByColumn(AlertTableModel.COL_HOUSEHOLD_NO, Qt.SortOrder.AscendingOrder)
    page.view.selectRow(0)
    _pump(app, 0.3)
    page.grab().save(str(DOCS / f"alerts{suffix}.png"))
    page.close()
    runner.wait()
    store.close()


if __name__ == "__main__":
    sys.exit(main())
