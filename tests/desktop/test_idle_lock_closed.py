"""A window closed while the app is locked stays closed after the unlock: a busy dialog
(QueryOp's delayed progress, window-modal, no cancel button) whose work finished during
the lock must not come back and block the window. Real profile and passphrase check."""

from __future__ import annotations

import pytest
import shiboken6
from bangfu_testdata import PASSPHRASE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QProgressDialog

from desktop.background import _DelayedProgress
from desktop.idle_lock import IdleLock
from desktop.unlock import UnlockDialog


def _window(qtbot) -> QMainWindow:
    window = QMainWindow()
    window.setCentralWidget(QLabel("records"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _unlock(qtbot, window: QMainWindow, lock: IdleLock) -> None:
    unlock = window.findChild(UnlockDialog)
    unlock.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(lock.unlocked, timeout=3000):
        unlock.try_unlock()
    QApplication.processEvents()


def _visible_progress(window: QMainWindow) -> list[QProgressDialog]:
    return [d for d in window.findChildren(QProgressDialog)
            if shiboken6.isValid(d) and d.isVisible()]


@pytest.mark.parametrize("shown", ["before the lock", "while locked"])
def test_a_busy_dialog_finished_while_locked_stays_closed(qtbot, profile, store, shown):
    window = _window(qtbot)
    lock = IdleLock(window, lambda u, p: profile.keyring().unlock(u, p), store.user,
                    idle_ms=600_000)
    progress = _DelayedProgress(window, "正在同步…", enabled=False)
    if shown == "before the lock":
        progress._show()
        QApplication.processEvents()
        lock.lock()
    else:
        lock.lock()
        progress._show()  # the work outlasted the delay after the lock engaged
    for _ in range(5):
        QApplication.processEvents()
    assert not _visible_progress(window)  # hidden while locked
    progress.close()  # the work finished while locked
    _unlock(qtbot, window, lock)
    assert not _visible_progress(window)
    assert QApplication.activeModalWidget() is None
    assert window.centralWidget().isVisible()


@pytest.mark.parametrize("shown", ["before the lock", "while locked"])
def test_any_window_closed_while_locked_is_not_shown_again(qtbot, profile, store, shown):
    """The lock itself forgets a hidden window once it is closed (not only deleted)."""
    window = _window(qtbot)
    lock = IdleLock(window, lambda u, p: profile.keyring().unlock(u, p), store.user,
                    idle_ms=600_000)
    dialog = QDialog(window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    if shown == "before the lock":
        dialog.open()
        QApplication.processEvents()
        lock.lock()
    else:
        lock.lock()
        dialog.open()
    for _ in range(5):
        QApplication.processEvents()
    assert not dialog.isVisible()
    dialog.close()
    _unlock(qtbot, window, lock)
    assert shiboken6.isValid(dialog) and not dialog.isVisible()


def test_a_window_still_open_at_the_unlock_comes_back(qtbot, profile, store):
    """The other side: a busy dialog whose work is still running is shown again."""
    window = _window(qtbot)
    lock = IdleLock(window, lambda u, p: profile.keyring().unlock(u, p), store.user,
                    idle_ms=600_000)
    progress = _DelayedProgress(window, "正在同步…", enabled=False)
    progress._show()
    QApplication.processEvents()
    lock.lock()
    QApplication.processEvents()
    assert not _visible_progress(window)
    _unlock(qtbot, window, lock)
    assert len(_visible_progress(window)) == 1
    progress.close()
    QApplication.processEvents()
    assert not _visible_progress(window)


def test_closing_the_delayed_progress_deletes_its_dialog(qtbot):
    window = _window(qtbot)
    progress = _DelayedProgress(window, "正在同步…", enabled=False)
    progress._show()
    dialog = window.findChild(QProgressDialog)
    progress.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=2000)
    progress.close()  # twice is harmless
