"""Screenshot of the sync progress dialog, mid-sync:
``PYTHONPATH=. xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/sync_screenshot.py
[zh_CN|en] [push|bootstrap]``.

A throw-away demo profile (synthetic people only, as of ``shots.TODAY``, with the month's
follow-ups of ``workspace_screenshots.followups``; the window as of that day too) syncs
with a real embedded county server in a temp folder, started by 立即同步 (the automatic sync
is off); the sync is held on the store thread once about a third of the phase is done (the
changes sent, or the first sync's snapshot pages), the screen is captured, then the sync is
let go and finishes. Xvfb runs no window manager, so the dialog's title bar and border are
drawn onto the picture here. Saved as ``docs/sync-progress.png`` (push) or
``docs/sync-bootstrap.png`` (bootstrap); ``-en`` with ``en``.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shots import TODAY, pin_today, use_language
from workspace_screenshots import followups

import desktop.ops as ops
from desktop.autosync import save_automatic
from desktop.background import BackgroundRunner
from desktop.embedded_server import EmbeddedServer
from desktop.main_window import MainWindow
from registry.demo import DEMO_USER, create_demo_profile
from registry.keyslots import KdfParams
from registry.profile import Profile
from sync.client import SyncClient

DOCS = Path(__file__).resolve().parent
PASSPHRASE = "Demo-2026"


def _pump(app: QApplication, seconds: float, until: threading.Event | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (until and until.is_set()):
        app.processEvents()
        time.sleep(0.01)


def _decorated(window: QWidget, dialog: QDialog) -> QPixmap:
    """The window with the dialog over it, framed like a window manager would."""
    shot = window.grab()
    at = dialog.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0))
    body = QRect(at, dialog.size())
    title = QRect(body.left(), body.top() - 30, body.width(), 30)
    frame = body.united(title).adjusted(-1, -1, 1, 1)
    painter = QPainter(shot)
    for spread in range(12, 0, -1):  # a soft shadow
        painter.fillRect(frame.adjusted(-spread, -spread + 4, spread, spread + 4),
                         QColor(0, 0, 0, 6))
    painter.fillRect(frame, QColor("#8a8f96"))
    painter.fillRect(title, QColor("#e4e6e9"))
    painter.setPen(QColor("#202124"))
    font = QFont(dialog.font())
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(title, Qt.AlignmentFlag.AlignCenter, dialog.windowTitle())
    painter.drawPixmap(body.topLeft(), dialog.grab())
    painter.end()
    return shot


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    phase_shown = sys.argv[2] if len(sys.argv) > 2 else "push"
    app = QApplication(sys.argv[:1])
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    name = {"push": "sync-progress", "bootstrap": "sync-bootstrap"}[phase_shown]
    held, release = threading.Event(), threading.Event()

    def held_client(*args, progress, **options):  # noqa: ANN001, ANN202
        def report(phase: str, done: int, total: int | None) -> None:
            progress(phase, done, total)
            if phase == phase_shown and total and done * 3 >= total and not held.is_set():
                held.set()
                release.wait(60)
        return SyncClient(*args, batch_size=400, snapshot_limit=40, progress=report,
                          **options)

    ops.SyncClient = held_client  # desktop.ops makes the client of 立即同步
    pin_today(TODAY)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        create_demo_profile(folder, people=300, passphrase=PASSPHRASE, kdf=KdfParams.fast(),
                            today=TODAY)
        store = Profile(folder, today=lambda: TODAY).unlock(DEMO_USER, PASSPHRASE)
        followups(store)
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        save_automatic(settings, False)  # no quiet sync before (or instead of) 立即同步
        server = EmbeddedServer(Path(tmp) / "county")
        server.start()
        try:
            server.connect(store)
            runner = BackgroundRunner(store, app)
            window = MainWindow(runner, settings=settings)
            window.show()
            for _ in range(50):
                app.processEvents()
                runner.wait()
            finished = threading.Event()
            window.sync.finished.connect(lambda _result: finished.set())
            window.sync_action.trigger()
            _pump(app, 60, held)
            if not held.is_set():
                raise SystemExit(f"the sync never reached a third of its {phase_shown} phase")
            _pump(app, 0.5)  # let the throttled dialog draw the latest report
            shot = _decorated(window, window.sync.dialog)
            shot.save(str(DOCS / f"{name}{suffix}.png"))
            release.set()
            _pump(app, 60, finished)
            runner.wait()
        finally:
            release.set()
            server.stop()
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
