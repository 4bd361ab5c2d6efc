"""The desktop app: ``bangfu [--profile DIR] [--demo] [--lang zh_CN|en] [--startup-probe]``.

With ``--demo`` a synthetic profile is created if missing (user ``demo``,
passphrase ``Demo-2026``) and a county server is started on 127.0.0.1 beside
it, the device enrolled, so sync works out of the box.

``bangfu --selftest`` (``launch.main``, above this package) runs the self-test, with
:func:`window_step` as its Qt step.
``--startup-probe`` shows the first window, prints ``startup-probe <epoch seconds>`` when it
is up, and quits (bench/packaging.py measures the cold start with it).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog

from desktop.i18n import LANGUAGES, choose_language, install_translator, settings, use_language
from desktop.new_profile import NewProfileDialog
from desktop.paths import default_profile_dir
from desktop.unlock import UnlockDialog, takes_on_step
from registry.profile import Profile

if TYPE_CHECKING:
    from desktop.background import BackgroundRunner
    from desktop.embedded_server import EmbeddedServer
    from registry.store import Store

DEMO_USER = "demo"  # registry.demo.DEMO_USER (not imported before it is needed)
DEMO_PASSPHRASE = "Demo-2026"
DEMO_PEOPLE = 300
#: What the main window needs and the unlock window does not: imported on a worker thread
#: while the unlock window waits for the passphrase (importing creates no Qt object).
WARM_MODULES = (
    "registry.recovery", "desktop.recovery_dialog", "sqlite_utils", "pypinyin",
    "desktop.background", "desktop.idle_lock", "desktop.main_window",
    "desktop.embedded_server",
    # the form converter: 0.3 s of imports the first follow-up form would wait for
    "pyxform.builder", "pyxform.xls2json",
)

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The options of the ``bangfu`` command (documented in docs/guide-village.md)."""
    parser = argparse.ArgumentParser(prog="bangfu", description="就业帮扶通 Bangfu")
    parser.add_argument("--profile", type=Path, default=None, help="profile folder")
    parser.add_argument("--demo", action="store_true",
                        help=f"use (and create if missing) a demo profile; user {DEMO_USER}, "
                             f"passphrase {DEMO_PASSPHRASE}; starts a local county server")
    parser.add_argument("--lang", choices=LANGUAGES, default=None)
    parser.add_argument("--selftest", action="store_true",
                        help="自检后退出 / run the self-test and exit (bangfu command only)")
    parser.add_argument("--startup-probe", action="store_true",
                        help="show the first window, print when it is up, quit (benchmark)")
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse the ``bangfu`` command line."""
    return build_parser().parse_args(argv)


def ensure_demo_profile(folder: Path) -> None:
    """Create the synthetic demo profile if the folder holds none."""
    from registry.demo import create_demo_profile

    if not Profile(folder).exists():
        print(f"正在创建演示档案 / creating demo profile in {folder} …", flush=True)
        create_demo_profile(folder, people=DEMO_PEOPLE, passphrase=DEMO_PASSPHRASE)


def start_demo_server(folder: Path, runner: BackgroundRunner) -> EmbeddedServer | None:
    """The demo's county server, enrolled (the store work on the DB thread); ``None``
    (sync disabled) if it cannot start."""
    from desktop.embedded_server import EmbeddedServer

    server = EmbeddedServer(folder.parent / f"{folder.name}-county-server")
    try:
        server.start()
        runner.call(server.connect)
    except Exception as exc:  # the app works offline without it
        log.warning("demo county server unavailable: %s", type(exc).__name__)
        server.stop()
        return None
    return server


def probe_when_shown(dialog: QDialog) -> None:
    """Once ``dialog`` is up, print ``startup-probe <epoch seconds>`` and close it."""
    def report() -> None:
        print(f"startup-probe {time.time():.3f}", flush=True)
        dialog.reject()

    QTimer.singleShot(0, report)


class WarmImports:
    """Imports ``modules`` on a worker thread while the first window waits for the user,
    so the main window opens without the import wait. Only imports: no Qt object is made
    there. :meth:`join` before importing them on the GUI thread (two threads importing a
    circle of modules in opposite orders could deadlock)."""

    def __init__(self, modules: Sequence[str] = WARM_MODULES) -> None:
        self.modules = tuple(modules)
        self._thread: threading.Thread | None = None
        self._closed = False

    def start(self) -> None:
        """Start importing (once; never after :meth:`join`)."""
        if self._thread is None and not self._closed:
            self._thread = threading.Thread(target=self._work, name="warm-imports",
                                            daemon=True)
            self._thread.start()

    def _work(self) -> None:
        for name in self.modules:
            try:
                importlib.import_module(name)
            except Exception as exc:  # the GUI thread imports it again and sees the error
                log.warning("warm import of %s failed: %s", name, type(exc).__name__)

    def join(self) -> None:
        """Wait until the imports are done; if they never started, they never will (the
        GUI thread imports what it needs)."""
        self._closed = True
        if self._thread is not None:
            self._thread.join()

    @property
    def done(self) -> bool:
        """True once the imports ran to their end."""
        return self._thread is not None and not self._thread.is_alive()

    def before(self, unlock: Callable[..., Store]) -> Callable[..., Store]:
        """``unlock`` run after :meth:`join` (``on_step`` passed on if it takes one)."""
        def joined(user: str, passphrase: str) -> Store:
            self.join()
            return unlock(user, passphrase)

        def joined_steps(user: str, passphrase: str, *,
                         on_step: Callable[[int], None] | None = None) -> Store:
            self.join()
            return unlock(user, passphrase, on_step=on_step)

        return joined_steps if takes_on_step(unlock) else joined


def open_profile(profile: Profile, *, demo: bool = False, probe: bool = False,
                 warm: WarmImports | None = None) -> Store | None:
    """Unlock the profile, or on a first start create it; ``None`` if the user quits.
    ``warm`` starts once the window is up and is joined before unlocking or recovering."""
    if warm is not None:
        QTimer.singleShot(0, warm.start)
    if not profile.exists():
        created = NewProfileDialog(profile.folder)
        if probe:
            probe_when_shown(created)
        if created.exec() != NewProfileDialog.DialogCode.Accepted:
            return None
        return created.created
    unlock = profile.unlock if warm is None else warm.before(profile.unlock)
    dialog = UnlockDialog(profile.users(), unlock, profile=profile,
                          before_recovery=None if warm is None else warm.join)
    if demo:
        dialog.passphrase.setText(DEMO_PASSPHRASE)
    if probe:
        probe_when_shown(dialog)
    if dialog.exec() != UnlockDialog.DialogCode.Accepted:
        return None
    return dialog.unlocked


def window_step(ctx: object) -> str:
    """Self-test step: Qt starts, English loads, a Chinese font exists, the unlock window shows."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    translator = install_translator(app, "en")
    if translator is None:
        raise RuntimeError("英文翻译文件无法加载 / bangfu_en.qm did not load")
    app.removeTranslator(translator)
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not chinese:
        raise RuntimeError("没有中文字体 / no Chinese font (Linux: install fonts-noto-cjk)")
    dialog = UnlockDialog(["selftest"], lambda _user, _pw: None)
    dialog.show()
    app.processEvents()
    shown = dialog.isVisible()
    dialog.close()
    if not shown:
        raise RuntimeError("解锁窗口未能显示 / the unlock window did not show")
    return f"window ({app.platformName()}, font {chinese[0]})"


def main(argv: Sequence[str] | None = None) -> int:
    """Start the app: unlock a profile, then show the main window."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.selftest:  # launch.main handles it before this (it needs the county server)
        print("bangfu: --selftest 请用 bangfu 命令 / run `bangfu --selftest`"
              " (python -m launch.main --selftest)", file=sys.stderr)
        return 2
    folder = args.profile or (Path("demo-profile") if args.demo else default_profile_dir())
    if args.demo:
        ensure_demo_profile(folder)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    use_language(app, choose_language(args.lang, settings()))
    profile = Profile(folder)
    warm = None if args.startup_probe else WarmImports()
    store = open_profile(profile, demo=args.demo, probe=args.startup_probe, warm=warm)
    if store is None:
        return 0 if args.startup_probe else 1
    if warm is not None:
        warm.join()  # a new profile, or a county recovery: opened without unlocking
    from desktop.background import BackgroundRunner
    from desktop.idle_lock import lock_when_idle
    from desktop.main_window import MainWindow

    runner = BackgroundRunner(store, app)
    server = start_demo_server(folder, runner) if args.demo else None
    window = MainWindow(runner)
    lock = lock_when_idle(window, profile, runner)
    lock.unlocked.connect(window.drafts.announce)
    if args.demo:  # without its server: say why sync is off, not how to connect
        window.sync_menu.unconnected_hint = QCoreApplication.translate(
            "MainWindow", "演示用的本地县服务器未能启动，暂时不能同步；其他功能照常可用。")
    window.show()
    code = app.exec()
    runner.close()
    if server is not None:
        server.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
