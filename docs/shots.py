"""What the dialog screenshot scripts share: a throw-away demo profile in a main window,
the day the pictures are taken on (``TODAY``, ``pin_today``), and letting the store thread
and the event loop settle before a widget is grabbed."""

from __future__ import annotations

import inspect
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.background import BackgroundRunner
from desktop.i18n import use_language  # noqa: F401  (the screenshot scripts import it from here)
from desktop.main_window import MainWindow
from registry.demo import DEMO_USER, create_demo_profile
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store

DOCS = Path(__file__).resolve().parent
PASSPHRASE = "Demo-2026"
#: The day the pictures are taken on, late in a month: the month's visits, the worklist's
#: progress and the alerts have something to show (taken on the 1st, all would be at 0 %).
TODAY = date(2026, 11, 22)


def pin_today(day: date = TODAY) -> None:
    """Make ``day`` today for the app's pages, dialogs and counts: every function or method
    of the loaded ``desktop`` modules whose keyword ``today`` defaults to ``date.today``
    defaults to ``lambda: day`` from now on (the main window makes its pages, its household
    page and its navigation counts without a ``today``). Call it once the desktop modules
    are imported (``desktop.main_window`` imports the pages)."""
    def pinned() -> date:
        return day

    pinned.pinned_today = True  # type: ignore[attr-defined]  # pinned again: replaced
    for name, module in list(sys.modules.items()):
        if name != "desktop" and not name.startswith("desktop."):
            continue
        for value in list(vars(module).values()):
            if getattr(value, "__module__", None) != name:
                continue
            for member in vars(value).values() if inspect.isclass(value) else (value,):
                function = inspect.unwrap(getattr(member, "__func__", member))
                defaults = getattr(function, "__kwdefaults__", None) or {}
                if "today" in defaults and (defaults["today"] == date.today or getattr(
                        defaults["today"], "pinned_today", False)):
                    defaults["today"] = pinned


@contextmanager
def demo_window(app: QApplication, *, people: int,
                prepare: Callable[[Store], None] = lambda _store: None, today: date = TODAY
                ) -> Iterator[tuple[MainWindow, BackgroundRunner]]:
    """A shown main window on a temporary demo profile (synthetic people only), its people
    and the window's pages as of ``today`` (``pin_today``); ``prepare`` runs on the store
    before the window opens."""
    pin_today(today)
    with tempfile.TemporaryDirectory() as folder:
        create_demo_profile(Path(folder), people=people, passphrase=PASSPHRASE,
                            kdf=KdfParams.fast(), today=today)
        store = Profile(Path(folder), today=lambda: today).unlock(DEMO_USER, PASSPHRASE)
        prepare(store)
        runner = BackgroundRunner(store, app)
        window = MainWindow(runner)
        window.show()
        try:
            yield window, runner
        finally:
            window.close()
            runner.wait()
            store.close()


def save_settled(app: QApplication, runner: BackgroundRunner, widget: QWidget, name: str,
                 *, rounds: int = 50) -> None:
    """Let queued store work and redraws finish, then save ``widget`` as docs/``name``."""
    for _ in range(rounds):
        app.processEvents()
        runner.wait()
    widget.grab().save(str(DOCS / name))
