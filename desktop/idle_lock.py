"""Idle lock: after ten minutes without keyboard or mouse input the window is covered,
every other open window (forms, lists, the audit) hidden, and the passphrase asked
again (docs/research.md, security controls). The main window's menu bar and status bar
are disabled meanwhile: a menu action clicked while locked (草稿, 同步 …) does nothing,
it does not open its window behind the lock to pop up after the unlock.

A dialog running ``exec()`` (application-modal, as ``exec()`` makes it: a half-filled
登记, the connect dialog, a confirmation) is not hidden: hiding ends its ``exec()`` as if
cancelled and the user's input is lost. It is covered instead, by an opaque child
sheet over its whole contents, and disabled (no key reaches it); the sheet is raised
again whenever a child is added, and follows resizes, so nothing of the dialog is
painted while locked, in a screen grab either (moving it off screen or making it
transparent would still render it). Window-modal dialogs (``open()``, progress) are
hidden: that ends nothing. A window that opens while locked (an outcome arriving from
the background: an error box, a sync summary) is covered at once, before its first
paint, then hidden unless it runs ``exec()``, and shown after the unlock. A hidden
window closed while locked (a busy dialog whose work finished) is not shown again.

:func:`lock_when_idle` gives a window of the app (the main window, the standalone desk of
``python -m desktop.desk``) its lock.

Given the ``profile``, the unlock dialog offers 忘记口令？县级恢复… as at start-up: a
county officer sets the user a new passphrase with the county recovery key, which unlocks
the window (the recovery's own connection to the profile is closed: the app's store stays
the one open).
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop import accounts_ops
from desktop.background import BackgroundRunner
from desktop.unlock import UnlockDialog
from registry.keyslots import KdfParams
from registry.profile import Profile

IDLE_LOCK_MS = 10 * 60 * 1000
_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
          QEvent.Type.Wheel}
#: Windows not shown again after the unlock (their moment is gone).
_TRANSIENT = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)


def audited_check(profile: Profile, runner: BackgroundRunner,
                  parent: QObject | None = None) -> Callable[[str, str], None]:
    """The idle lock's passphrase check: the key slots say yes or no (a wrong passphrase
    is kept as a failed unlock), and a yes is audited as a login on the DB thread."""
    def check(user: str, passphrase: str) -> None:
        profile.check_again(user, passphrase)
        accounts_ops.record_login(runner, parent, profile).run()

    return check


def _in_exec(widget: QWidget) -> bool:
    """Whether ``widget`` is (as far as Qt tells) a dialog running ``exec()``: those are
    application-modal, unlike ``open()``'s window-modal ones."""
    return widget.windowModality() == Qt.WindowModality.ApplicationModal


class _Cover(QWidget):
    """An opaque sheet over the whole of a window while the app is locked."""

    def __init__(self, window: QWidget) -> None:
        focus, enabled = window.focusWidget(), window.isEnabled()
        super().__init__(window)
        #: where typing was, given back after the unlock (disabling the window drops it)
        self.focus = focus
        #: re-enabled after the unlock only if the lock disabled it
        self.by_lock = enabled
        self.setObjectName("idle_lock_cover")
        self.setAutoFillBackground(True)  # the palette's window colour, nothing else
        window.setEnabled(False)  # no key reaches what cannot be seen
        self.fit()
        self.show()

    def fit(self) -> None:
        """Cover the window's current area and sit above every other child."""
        self.setGeometry(self.parentWidget().rect())
        self.raise_()

    def remove(self) -> None:
        """Uncover the window: enabled again, typing where it was."""
        window = self.parentWidget()
        self.hide()
        if self.by_lock:
            window.setEnabled(True)
        if self.focus is not None and shiboken6.isValid(self.focus):
            self.focus.setFocus()
        self.deleteLater()


class IdleLock(QObject):
    """Watches application input; locks ``window`` when idle for ``idle_ms``."""

    unlocked = Signal()  # the passphrase was given again after a lock

    def __init__(self, window: QWidget, verify: Callable[[str, str], object], user: str,
                 *, idle_ms: int = IDLE_LOCK_MS, profile: Profile | None = None,
                 recovery_kdf: KdfParams | None = None) -> None:
        super().__init__(window)
        self.window, self._verify, self._user = window, verify, user
        self.profile, self._recovery_kdf = profile, recovery_kdf
        self.locked = False
        self._hidden: list[QWidget] = []
        self._covers: dict[QWidget, _Cover] = {}
        self._disabled: list[QWidget] = []  #: the window's bars disabled by the lock
        self._dialog: UnlockDialog | None = None
        self.timer = QTimer(self, singleShot=True, interval=idle_ms)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if not self.locked:
            if kind in _INPUT:
                self.timer.start()
            return False
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self._opened_while_locked(watched)
        elif kind == QEvent.Type.Close and watched in self._hidden:
            self._hidden.remove(watched)  # its work ended while locked: it stays closed
            # (a bare hide() of a window the lock hid already sends no event at all -- Qt
            # returns early for a hidden widget -- so only a close is seen here)
        elif kind in (QEvent.Type.Resize, QEvent.Type.ChildAdded) and watched in self._covers:
            self._covers[watched].fit()
        return False

    def lock(self) -> None:
        """Hide the data and ask for the passphrase until it is given: the central widget
        and every other visible top-level window (forms, lists, the audit), shown again
        once the passphrase is given; dialogs running ``exec()`` are covered instead."""
        if self.locked:
            return
        self.locked = True
        central = self.window.centralWidget() if hasattr(self.window, "centralWidget") else None
        if central is not None:
            central.hide()
        self._disable_bars(central)
        dialog = UnlockDialog([self._user], self._verify, self.window, ask_before_quit=True,
                              in_background=False,  # the check runs a DB-thread op
                              profile=self.profile, recovery_kdf=self._recovery_kdf)
        self._dialog = dialog
        dialog.setWindowTitle(self.tr("已锁定 — 请输入密码"))
        dialog.finished.connect(lambda result: self._after(dialog, result, central))
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and not self._ours(widget):
                self._put_away(widget)
        dialog.open()

    def _disable_bars(self, central: QWidget | None) -> None:
        """Disable what stays on the window beside the hidden central widget (its menu
        bar, status bar, tool bars): nothing of it can be clicked while locked."""
        for child in self.window.children():
            if (isinstance(child, QWidget) and not child.isWindow() and child is not central
                    and not isinstance(child, _Cover) and child.isEnabled()):
                child.setEnabled(False)
                self._disabled.append(child)

    def _enable_bars(self) -> None:
        for child in self._disabled:
            if shiboken6.isValid(child):
                child.setEnabled(True)
        self._disabled = []

    def _ours(self, widget: QWidget) -> bool:
        """The main window, or the unlock dialog and what it opens (pop-ups, questions)."""
        if widget is self.window:
            return True
        while widget is not None:
            if widget is self._dialog:
                return True
            widget = widget.parentWidget()
        return False

    def _put_away(self, widget: QWidget, *, showing: bool = False) -> None:
        """Cover ``widget`` (a form naming a person, a notice); hide it unless it runs
        ``exec()``, later if it is being shown (a hide inside its show would leave it on
        screen)."""
        self._cover(widget)
        if _in_exec(widget):
            return
        if showing:
            QTimer.singleShot(0, self, lambda: self._hide(widget))
        else:
            self._hide(widget)

    def _cover(self, widget: QWidget) -> None:
        if widget in self._covers or widget.windowType() in _TRANSIENT:
            return
        self._covers[widget] = _Cover(widget)

    def _hide(self, widget: QWidget) -> None:
        if not (self.locked and shiboken6.isValid(widget) and widget.isVisible()):
            return
        widget.hide()
        if widget.windowType() not in _TRANSIENT and widget not in self._hidden:
            self._hidden.append(widget)

    def _opened_while_locked(self, widget: QWidget) -> None:
        """A window opening while locked (a background outcome): covered before its first
        paint; a modal one leaves the unlock dialog on top, still usable."""
        if self._ours(widget) or isinstance(widget, _Cover):
            return
        self._put_away(widget, showing=True)
        if _in_exec(widget):
            QTimer.singleShot(0, self._unlock_on_top)

    def _unlock_on_top(self) -> None:
        """Qt gives input to the newest modal window only: showing the unlock dialog
        again makes it the newest, so the covered dialog cannot block it."""
        dialog = self._dialog
        if not (self.locked and dialog is not None and shiboken6.isValid(dialog)
                and dialog.isVisible()) or QApplication.activeModalWidget() is dialog:
            return
        dialog.hide()  # opened with open(): hiding ends nothing, the typed text stays
        dialog.show()
        dialog.activateWindow()
        dialog.passphrase.setFocus()

    def _after(self, dialog: UnlockDialog, result: int, central: QWidget | None) -> None:
        if result != UnlockDialog.DialogCode.Accepted:
            QApplication.instance().quit()
            return
        recovered = dialog.recovery.recovered if dialog.recovery is not None else None
        if recovered is not None:
            # the county recovery's own connection, not the app's: no checkpoint, which
            # would wait for the app's open read transactions (up to the busy timeout)
            recovered.close(checkpoint=False)
            dialog.unlocked = dialog.recovery.recovered = None
        self.locked = False
        self._dialog = None
        if central is not None:
            central.show()
        self._enable_bars()
        for cover in self._covers.values():
            if shiboken6.isValid(cover):  # not deleted with its window meanwhile
                cover.remove()
        self._covers = {}
        for widget in self._hidden:  # the forms and notices put away during the lock
            if shiboken6.isValid(widget):
                widget.show()
        self._hidden = []
        self.timer.start()
        self.unlocked.emit()


def lock_when_idle(window: QWidget, profile: Profile, runner: BackgroundRunner, *,
                   idle_ms: int = IDLE_LOCK_MS) -> IdleLock:
    """The idle lock of an app window (the main window, the standalone desk): the
    profile's passphrase asked again after ``idle_ms`` (:func:`audited_check`), the county
    recovery offered. The lock lives as long as ``window``."""
    return IdleLock(window, audited_check(profile, runner, window), runner.identity.user,
                    idle_ms=idle_ms, profile=profile)
