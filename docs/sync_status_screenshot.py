"""Screenshots of the sync indicator's states, the flags panel and the alerts page:
``PYTHONPATH=. xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python
docs/sync_status_screenshot.py [zh_CN|en]``.

Two throw-away demo profiles (synthetic people, the same ones, so their ID numbers clash)
sync with a real embedded county server in a temp folder: the second one gets the
server's duplicate-ID flags. The main window carries its own indicator and automatic sync
(``MainWindow.sync_status``, ``MainWindow.auto_sync``), which makes the first sync and is
then stopped, so that three changes stay waiting for upload; the states are shown as the
controller sets them. The people, the window's pages and the alerts are as of
``shots.TODAY`` (the last sync is recorded at 16:40 that day); the window's profile has
the month's follow-ups of ``workspace_screenshots.followups``. Writes
docs/sync-status[-en].png, docs/sync-flags[-en].png and docs/alerts[-en].png.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from datetime import datetime
from datetime import time as clock
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication
from shots import TODAY, pin_today, use_language
from workspace_screenshots import followups

import desktop.sync_state as sync_state
from desktop.alerts_page import AlertsPage, AlertTableModel
from desktop.background import BackgroundRunner, CollectionOp
from desktop.embedded_server import EmbeddedServer
from desktop.main_window import MainWindow
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
    create_demo_profile(tmp / "other", people=60, passphrase=PASSPHRASE, kdf=KdfParams.fast(),
                        today=TODAY)
    other = Profile(tmp / "other", today=lambda: TODAY).unlock(DEMO_USER, PASSPHRASE)
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
    pin_today(TODAY)
    synced_at = int(datetime.combine(TODAY, clock(16, 40)).timestamp() * 1000)
    sync_state.record_sync.__kwdefaults__["now_ms"] = lambda: synced_at  # 上次同步 11-22 16:40
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        server = EmbeddedServer(tmp / "county")
        server.start()
        try:
            _first_device(tmp, server)
            create_demo_profile(tmp / "demo", people=60, passphrase=PASSPHRASE,
                                kdf=KdfParams.fast(), today=TODAY)
            store = Profile(tmp / "demo", today=lambda: TODAY).unlock(DEMO_USER, PASSPHRASE)
            followups(store)
            server.connect(store)
            # the automatic sync on (the default), whatever this machine's settings say
            _shots(app, store, suffix, QSettings(str(tmp / "settings.ini"),
                                                 QSettings.Format.IniFormat))
            store.close()
            _alerts_shot(app, tmp, suffix)
        finally:
            server.stop()
    return 0


def _shots(app: QApplication, store, suffix: str, settings: QSettings) -> None:  # noqa: ANN001
    runner = BackgroundRunner(store, app)
    window = MainWindow(runner, settings=settings)
    synced = threading.Event()
    window.sync.finished.connect(lambda _result: synced.set())
    status = window.sync_status  # the window's own indicator and automatic sync
    window.show()
    _pump(app, 60, synced)  # the automatic sync's first sync brings the server's flags
    if not synced.is_set():
        raise SystemExit("the window's automatic sync did not sync within 60 s")
    window.auto_sync.stop()  # three changes wait for upload in the pictures
    # read on the DB thread: the store is the runner's now (a read from here, beside its
    # navigation's alert count, failed it with "database table is locked")
    for person in runner.call(lambda s: s.find("person")[:3]):
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
    window.auto_sync.reachability.emit(False)  # as a failed probe says it: the summary goes
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
    create_demo_profile(tmp / "alerts", people=60, passphrase=PASSPHRASE, kdf=KdfParams.fast(),
                        today=TODAY)
    store = Profile(tmp / "alerts", today=lambda: TODAY).unlock(DEMO_USER, PASSPHRASE)
    first = store.find("person")[0]
    twice = {k: v for k, v in first.props.items() if k != "relation"}
    store.write([Create("person", {**twice, "name": "重复登记", "relation": "其他"},
                        scope=store.default_scope),
                 Create("post", {"person_id": first.id, "post_type": "cleaning",
                                 "agreement_start": "2026-01-01", "agreement_end": "2027-06-30",
                                 "monthly_subsidy": 800}, scope=store.default_scope)])
    runner = BackgroundRunner(store, app)
    page = AlertsPage(runner, today=lambda: TODAY)
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
