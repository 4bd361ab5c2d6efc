"""Idle lock: after ten minutes without keyboard or mouse input the window is covered,
every other open window (forms, lists, the audit) hidden, and the passphrase asked
again (docs/research.md, security controls)."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop import accounts_ops
from desktop.background import BackgroundRunner
from desktop.unlock import UnlockDialog
from registry.profile import Profile

IDLE_LOCK_MS = 10 * 60 * 1000
_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
          QEvent.Type.Wheel}


def audited_check(profile: Profile, runner: BackgroundRunner,
                  parent: QObject | None = None) -> Callable[[str, str], None]:
    """The idle lock's passphrase check: the key slots say yes or no (a wrong passphrase
    is kept as a failed unlock), and a yes is audited as a login on the DB thread."""
    def check(user: str, passphrase: str) -> None:
        profile.check_again(user, passphrase)
        accounts_ops.record_login(runner, parent, profile).run()

    return check


class IdleLock(QObject):
    """Watches application input; locks ``window`` when idle for ``idle_ms``."""

    unlocked = Signal()  # the passphrase was given again after a lock

    def __init__(self, window: QWidget, verify: Callable[[str, str], object], user: str,
                 *, idle_ms: int = IDLE_LOCK_MS) -> None:
        super().__init__(window)
        self.window, self._verify, self._user = window, verify, user
        self.locked = False
        self._hidden: list[QWidget] = []
        self.timer = QTimer(self, singleShot=True, interval=idle_ms)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT and not self.locked:
            self.timer.start()
        return False

    def lock(self) -> None:
        """Hide the data and ask for the passphrase until it is given: the central widget
        and every other visible top-level window (forms, lists, the audit), shown again
        once the passphrase is given."""
        if self.locked:
            return
        self.locked = True
        central = self.window.centralWidget() if hasattr(self.window, "centralWidget") else None
        if central is not None:
            central.hide()
        self._hidden = self._hide_other_windows()
        dialog = UnlockDialog([self._user], self._verify, self.window, ask_before_quit=True,
                              in_background=False)  # the check runs a DB-thread op
        dialog.setWindowTitle(self.tr("已锁定 — 请输入密码"))
        dialog.finished.connect(lambda result: self._after(dialog, result, central))
        dialog.open()

    def _hide_other_windows(self) -> list[QWidget]:
        """Hide every other window (a form naming a person, a notice); the ones that are
        not pop-ups (menus, tool tips) to be shown again after the unlock."""
        again = []
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible():
                continue
            widget.hide()
            if widget.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
                again.append(widget)
        return again

    def _after(self, dialog: UnlockDialog, result: int, central: QWidget | None) -> None:
        if result != UnlockDialog.DialogCode.Accepted:
            QApplication.instance().quit()
            return
        self.locked = False
        if central is not None:
            central.show()
        for widget in self._hidden:  # the forms and notices open before the lock
            if shiboken6.isValid(widget):  # not deleted meanwhile
                widget.show()
        self._hidden = []
        self.timer.start()
        self.unlocked.emit()
