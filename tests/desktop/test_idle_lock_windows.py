"""The idle lock hides every window holding personal data, not just the main one: a
form opened for a person is hidden while locked (and its title never names them), and
shown again once the passphrase is given; a menu action clicked while locked does nothing.
Real profile, runner and form."""

from __future__ import annotations

from bangfu_testdata import PASSPHRASE, make_id
from formfill import form_for_person
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.background import BackgroundRunner
from desktop.drafts import DraftsDialog
from desktop.form_for import FOLLOWUP
from desktop.idle_lock import IdleLock
from desktop.main_window import MainWindow
from desktop.unlock import UnlockDialog

NAME, HEAD = "欧阳娜娜", "欧阳大山"


def shown_titles() -> list[str]:
    return [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_the_lock_hides_a_form_window_and_unlocking_shows_it_again(qtbot, store, profile):
    person = store.create("person", {"name": NAME, "id_number": make_id(seq="515")})
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    runner.wait()
    form = form_for_person(qtbot, window, runner, FOLLOWUP, person_id=person,
                           who=f"{NAME}（户主 {HEAD}）")
    qtbot.waitUntil(lambda: bool(form.form_widget.pages), timeout=5000)
    qtbot.waitExposed(form)
    assert form.isVisible() and not any(NAME in t or HEAD in t for t in shown_titles())

    lock = IdleLock(window, lambda u, p: profile.keyring().unlock(u, p), store.user,
                    idle_ms=60000)
    lock.lock()
    unlock = window.findChild(UnlockDialog)
    assert not form.isVisible() and not window.centralWidget().isVisible()
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert set(shown) <= {window, unlock} and unlock.isVisible()
    assert not any(NAME in t or HEAD in t for t in shown_titles())

    unlock.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(lock.unlocked, timeout=3000):
        unlock.try_unlock()
    assert form.isVisible() and window.centralWidget().isVisible()
    form.reject()
    runner.wait()


def test_a_menu_action_clicked_while_locked_does_nothing(qtbot, store, profile):
    """草稿 clicked in the menu bar while locked opened its window behind the lock, and it
    popped up after the unlock: the menu and status bars are disabled while locked."""
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    runner.wait()
    lock = IdleLock(window, lambda u, p: profile.keyring().unlock(u, p), store.user,
                    idle_ms=60000)
    bar = window.menuBar()
    drafts = next(a for a in bar.actions() if a.text() == "草稿")
    lock.lock()
    assert not bar.isEnabled() and not window.statusBar().isEnabled()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(drafts).center())
    runner.wait()
    assert window.findChild(DraftsDialog) is None

    unlock = window.findChild(UnlockDialog)
    unlock.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(lock.unlocked, timeout=3000):
        unlock.try_unlock()
    runner.wait()
    QApplication.processEvents()
    assert window.findChild(DraftsDialog) is None  # nothing pops up after the unlock
    assert bar.isEnabled() and window.statusBar().isEnabled()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(drafts).center())
    qtbot.waitUntil(lambda: window.findChild(DraftsDialog) is not None, timeout=3000)
    runner.wait()
