"""What the dialog screenshot scripts share: a throw-away demo profile in a main window,
and letting the store thread and the event loop settle before a widget is grabbed."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.background import BackgroundRunner
from desktop.i18n import LANGUAGE_PROPERTY, install_qt_translator, install_translator
from desktop.main_window import MainWindow
from registry.demo import DEMO_USER, create_demo_profile
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store

DOCS = Path(__file__).resolve().parent
PASSPHRASE = "Demo-2026"


def use_language(app: QApplication, language: str) -> None:
    """The UI in ``language`` as the app sets it: its translations, Qt's own, and the
    language property that stored words (sex, relation, labour class …) follow."""
    app.setProperty(LANGUAGE_PROPERTY, language)
    install_translator(app, language)
    install_qt_translator(app, language)


@contextmanager
def demo_window(app: QApplication, *, people: int,
                prepare: Callable[[Store], None] = lambda _store: None
                ) -> Iterator[tuple[MainWindow, BackgroundRunner]]:
    """A shown main window on a temporary demo profile (synthetic people only);
    ``prepare`` runs on the store before the window opens."""
    with tempfile.TemporaryDirectory() as folder:
        create_demo_profile(Path(folder), people=people, passphrase=PASSPHRASE,
                            kdf=KdfParams.fast())
        store = Profile(Path(folder)).unlock(DEMO_USER, PASSPHRASE)
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
