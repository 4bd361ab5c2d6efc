"""The standalone desk (``python -m desktop.desk``) locks when left idle, as the main window
does: a desk laptop left unattended at the relocation site showed its people to anyone
passing by. Real profile, runner, desk page and passphrase check; the idle time shortened
once the window is up (a loaded machine may take longer than that to show it)."""

from __future__ import annotations

from bangfu_testdata import PASSPHRASE
from PySide6.QtWidgets import QApplication

from desktop.background import BackgroundRunner
from desktop.desk import DeskPage
from desktop.desk.__main__ import desk_window
from desktop.idle_lock import IDLE_LOCK_MS, IdleLock
from desktop.unlock import UnlockDialog
from registry import audit

SITE = "城东安置点"


def test_the_desk_left_idle_locks_and_the_passphrase_unlocks_it(qtbot, profile, store):
    runner = BackgroundRunner(store)
    window = desk_window(runner, profile, site=SITE)
    qtbot.addWidget(window)
    page, lock = window.findChild(DeskPage), window.findChild(IdleLock)
    assert page is window.centralWidget() and lock is not None
    assert lock.timer.interval() == IDLE_LOCK_MS and lock.profile is profile
    try:
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        assert page.lookup_box.hasFocus()  # a scanned card types there
        page.lookup_box.insert("罗海")  # someone was being looked up
        assert not lock.locked

        lock.timer.start(200)  # the idle time, shortened: nobody touches the desk
        qtbot.waitUntil(lambda: lock.locked, timeout=5000)
        lock.timer.setInterval(IDLE_LOCK_MS)  # no second lock while the test unlocks
        unlock = window.findChild(UnlockDialog)
        assert unlock is not None and unlock.isVisible()
        assert not page.isVisible()
        shown = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
        assert shown <= {window, unlock}

        unlock.passphrase.setText("Not-The-Pass-1")
        unlock.try_unlock()
        assert lock.locked and not page.isVisible()
        unlock.passphrase.setText(PASSPHRASE)
        with qtbot.waitSignal(lock.unlocked, timeout=3000):
            unlock.try_unlock()
        assert page.isVisible() and page.lookup_box.text() == "罗海"
        runner.wait()
        assert [(e.user, e.result) for e in audit.entries(store, action="login")] == [
            (store.user, "ok")]
    finally:  # a lock left engaged would hide the windows of the tests after this one
        lock.timer.stop()
        QApplication.instance().removeEventFilter(lock)
