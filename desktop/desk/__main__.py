"""The desk page alone: ``python -m desktop.desk --profile DIR [--lang en] [--site 名称]``.

Unlocks the profile (the usual unlock window) and shows the relocation-site desk in its
own window, for screenshots and for trying the walk-in flow before the page is mounted in
the workspace. Left idle, the window locks as the main window does (``desktop.idle_lock``):
the desk is hidden and the passphrase asked again.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow

from desktop.app import open_profile
from desktop.background import BackgroundRunner
from desktop.desk.page import DeskPage
from desktop.i18n import LANGUAGES, choose_language, use_language
from desktop.i18n import settings as user_settings
from desktop.idle_lock import IDLE_LOCK_MS, lock_when_idle
from registry.profile import Profile


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser."""
    parser = argparse.ArgumentParser(prog="bangfu-desk",
                                     description="安置点就业服务站 / relocation-site desk")
    parser.add_argument("--profile", type=Path, required=True, help="profile folder")
    parser.add_argument("--lang", choices=LANGUAGES, default=None)
    parser.add_argument("--site", default="", help="安置点名称 / the site's name")
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line, parsed."""
    return build_parser().parse_args(argv)


def desk_window(runner: BackgroundRunner, profile: Profile, *, site: str = "",
                idle_ms: int = IDLE_LOCK_MS) -> QMainWindow:
    """The desk page in a window of its own (not shown yet), locked when left idle for
    ``idle_ms`` as the main window is (``desktop.idle_lock.lock_when_idle``)."""
    window = QMainWindow()
    window.setWindowTitle(QCoreApplication.translate("desk_main", "安置点就业服务站"))
    page = DeskPage(runner, window, site=site)
    window.setCentralWidget(page)
    QShortcut(QKeySequence.StandardKey.Find, window, page.focus_search)
    window.resize(1280, 800)
    page.lookup_box.setFocus()  # typing (a scanned card) goes there once shown
    lock_when_idle(window, profile, runner, idle_ms=idle_ms)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    """Unlock the profile and show the desk page in its own window."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    use_language(app, choose_language(args.lang, user_settings()))
    profile = Profile(args.profile)
    store = open_profile(profile)
    if store is None:
        return 1
    runner = BackgroundRunner(store, app)
    window = desk_window(runner, profile, site=args.site)
    window.show()
    code = app.exec()
    runner.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
