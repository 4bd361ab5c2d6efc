"""The unlock window comes up before the heavy modules are imported (cold start), and the
main window's modules are imported on a worker thread while the user types."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import types
import uuid
from pathlib import Path

from bangfu_testdata import PASSPHRASE
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.app import WARM_MODULES, WarmImports, open_profile
from desktop.unlock import UnlockDialog

ROOT = Path(__file__).resolve().parents[2]
#: Modules the unlock window must not wait for (each costs 50–800 ms to import).
HEAVY = ("pypinyin", "sqlite_utils", "requests", "openpyxl", "lxml", "pyxform",
         "registry.policy", "sync.client", "desktop.main_window", "desktop.background",
         "desktop.forms")

_SHOW_UNLOCK = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from desktop.app import parse_args
from desktop.unlock import UnlockDialog
from registry.profile import Profile
profile = Profile(sys.argv[1])
dialog = UnlockDialog(profile.users(), profile.unlock, profile=profile)
dialog.show()
app.processEvents()
assert dialog.isVisible()
print(json.dumps(sorted(sys.modules)))
"""

_WARM = """
import json, sys
from desktop.app import WarmImports
warm = WarmImports()
warm.start()
warm.join()
print(json.dumps(sorted(sys.modules)))
"""


def _modules(script: str, *args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_the_unlock_window_shows_before_any_heavy_module_is_imported(profile, store):
    store.close()
    loaded = _modules(_SHOW_UNLOCK, str(profile.folder))
    assert "desktop.unlock" in loaded and "registry.profile" in loaded
    assert sorted(loaded & set(HEAVY)) == []


def test_the_main_windows_modules_are_imported_on_a_worker_thread():
    loaded = _modules(_WARM)
    assert set(WARM_MODULES) <= loaded
    assert {"pypinyin", "sqlite_utils", "openpyxl", "requests"} <= loaded


def gated_module(tmp_path: Path, monkeypatch) -> tuple[str, threading.Event]:
    """A fresh module (never imported before) whose import waits until the event is set,
    then sets its ``DONE``; the warm thread is still importing it until then."""
    name = f"bangfu_gated_{uuid.uuid4().hex[:12]}"
    gate = types.ModuleType(name + "_gate")
    gate.EVENT = threading.Event()
    monkeypatch.setitem(sys.modules, gate.__name__, gate)
    (tmp_path / f"{name}.py").write_text(
        f"from {gate.__name__} import EVENT\nEVENT.wait(60)\nDONE = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return name, gate.EVENT


def imported(name: str) -> bool:
    """True once the module ``name`` has run to its end."""
    return bool(getattr(sys.modules.get(name), "DONE", False))


def test_unlocking_waits_for_the_warm_imports_then_opens_the_profile(
        qtbot, profile, store, tmp_path, monkeypatch):
    store.close()
    name, gate = gated_module(tmp_path, monkeypatch)
    warm = WarmImports((name,))
    seen: list[str] = []
    at_unlock: list[bool] = []
    real_unlock = profile.unlock

    def unlock(user: str, passphrase: str):
        at_unlock.append(imported(name))
        return real_unlock(user, passphrase)

    monkeypatch.setattr(profile, "unlock", unlock)

    def type_passphrase() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, UnlockDialog) or warm._thread is None:
            QTimer.singleShot(20, type_passphrase)
            return
        seen.append(dialog.windowTitle())
        assert not imported(name) and not warm.done  # the warm thread is stuck in it
        threading.Timer(0.5, gate.set).start()
        dialog.passphrase.setText(PASSPHRASE)
        dialog.try_unlock()

    QTimer.singleShot(200, type_passphrase)
    try:
        opened = open_profile(profile, warm=warm)
    finally:
        gate.set()
        warm.join()
        sys.modules.pop(name, None)
    try:
        assert seen == ["就业帮扶通 — 解锁"]
        assert at_unlock == [True]  # the unlock ran only once the import had finished
        assert opened is not None and opened.user == "secretary"
        assert warm.done
    finally:
        opened.close()


def test_the_recovery_window_waits_for_the_warm_imports(qtbot, profile, store, tmp_path,
                                                        monkeypatch):
    store.close()
    name, gate = gated_module(tmp_path, monkeypatch)
    warm = WarmImports((name,))
    seen: list[tuple[bool, bool]] = []

    def open_recovery() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, UnlockDialog) or warm._thread is None:
            QTimer.singleShot(20, open_recovery)
            return
        assert not imported(name)
        threading.Timer(0.5, gate.set).start()
        dialog.open_recovery()
        seen.append((imported(name), dialog.recovery is not None))
        dialog.recovery.reject()
        dialog.reject()

    QTimer.singleShot(200, open_recovery)
    try:
        assert open_profile(profile, warm=warm) is None
    finally:
        gate.set()
        warm.join()
        sys.modules.pop(name, None)
    assert seen == [(True, True)]


def test_imports_never_start_after_the_gui_thread_went_on_without_them():
    warm = WarmImports(("json",))
    warm.join()
    warm.start()
    assert not warm.done and warm._thread is None


_RUN_APP = """
import sys
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
app = QApplication(sys.argv[:1])
from desktop import app as desktop_app
from desktop.unlock import UnlockDialog

def step():
    modal = QApplication.activeModalWidget()
    if isinstance(modal, UnlockDialog):
        modal.passphrase.setText(sys.argv[3])
        modal.try_unlock()
    from desktop.main_window import MainWindow
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)
             and w.isVisible()]
    if shown:
        print("main-window", shown[0].windowTitle(), flush=True)
        shown[0].close()
        app.quit()
        return
    QTimer.singleShot(50, step)

QTimer.singleShot(300, step)
sys.exit(desktop_app.main(["--profile", sys.argv[1], "--lang", "zh_CN"]))
"""


def test_the_app_starts_unlocks_and_shows_the_main_window(profile, store, tmp_path):
    store.close()
    done = subprocess.run([sys.executable, "-c", _RUN_APP, str(profile.folder),
                           str(tmp_path / "settings"), PASSPHRASE], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert "main-window 就业帮扶通" in done.stdout


def test_the_demo_user_named_before_registry_demo_is_imported_is_its_own():
    from desktop.app import DEMO_USER
    from registry.demo import DEMO_USER as DEMO

    assert DEMO_USER == DEMO
