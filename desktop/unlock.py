"""The unlock dialog: choose a user, type the passphrase; errors shown in place.

After the fourth wrong passphrase in a row it warns that one more means a wait; while a
wait runs (after the fifth, or a lockout already running) 解锁 is off and the seconds count
down. In the idle lock (``ask_before_quit``) Escape or 退出 asks before quitting the app.
Given the ``profile``, 忘记口令？县级恢复… opens the county recovery
(``desktop/recovery_dialog.py``); the profile it opens is this dialog's ``unlocked``.

The unlock itself (key derivation, opening the store, a schema upgrade with its backfills)
runs on a worker thread while the window keeps painting: a busy bar shows, every control is
off, and an unlocker that takes ``on_step`` (``Profile.unlock``) reports each upgrade step as
正在升级数据库（第 N 版）…. No Qt call is made on that thread; the GUI thread polls it.
"""

from __future__ import annotations

import inspect
import logging
import math
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import error_text
from desktop.text import fill
from registry.errors import BangfuError, LockedOut, WrongPassphrase
from registry.keyslots import FREE_ATTEMPTS, KdfParams, lockout_wait

if TYPE_CHECKING:
    from desktop.recovery_dialog import RecoveryDialog
    from registry.profile import Profile

log = logging.getLogger(__name__)

#: Takes user and passphrase; returns what unlocking gives (a store, or a key) or raises.
Unlocker = Callable[[str, str], Any]
#: How often the GUI thread looks whether the unlock worker is done (ms).
POLL_MS = 15


def takes_on_step(unlock: Callable[..., Any]) -> bool:
    """True if ``unlock`` accepts an ``on_step`` keyword (upgrade progress)."""
    try:
        params = inspect.signature(unlock).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "on_step" or p.kind is p.VAR_KEYWORD for p in params)


class UnlockDialog(QDialog):
    """Asks for user and passphrase until ``unlock`` succeeds; ``unlocked`` is its result.

    With ``in_background`` (the default) ``unlock`` runs on a worker thread, so it must not
    touch Qt objects; pass ``False`` for an unlocker that does (the idle lock's check)."""

    def __init__(self, users: list[str], unlock: Unlocker, parent: QWidget | None = None, *,
                 ask_before_quit: bool = False,
                 clock: Callable[[], float] = time.monotonic,
                 profile: Profile | None = None, recovery_kdf: KdfParams | None = None,
                 before_recovery: Callable[[], None] | None = None,
                 in_background: bool = True) -> None:
        super().__init__(parent)
        self.in_background, self.busy = in_background, False
        self._outcome: tuple[bool, Any] = (False, None)
        self._done = threading.Event()
        self._step_now, self._step_shown = 0, 0
        self.setWindowTitle(self.tr("就业帮扶通 — 解锁"))
        self.unlocked: Any = None
        self._unlock, self._clock, self.ask_before_quit = unlock, clock, ask_before_quit
        self.user = QComboBox()
        self.user.addItems(users)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("请输入密码"))
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.unlock_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button.setText(self.tr("解锁"))
        self.quit_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.quit_button.setText(self.tr("退出"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy, no percentage
        self.progress.setTextVisible(False)
        self.progress.hide()
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("用户"), self.user)
        form.addRow(self.tr("密码"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("数据已加密。请输入本机用户的密码。")))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.profile, self._recovery_kdf = profile, recovery_kdf
        # e.g. WarmImports.join: the recovery imports modules the warm thread may be importing
        self._before_recovery = before_recovery
        self.recovery: RecoveryDialog | None = None
        # a child from the start: shown while still parentless it would open as a window
        # of its own for a moment (and the idle lock would put it away, disabled)
        self.recover_button = QPushButton(self.tr("忘记口令？县级恢复…"), self)
        self.recover_button.setFlat(True)
        self.recover_button.setStyleSheet("color: #1a56b0; text-align: left")
        self.recover_button.clicked.connect(self.open_recovery)
        layout.insertWidget(layout.count() - 1, self.recover_button)
        self.recover_button.setVisible(profile is not None)
        self.countdown = QTimer(self, interval=1000)
        self.countdown.timeout.connect(self.tick)
        self._until, self._reason = 0.0, ""
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        """Try the typed passphrase; on failure show why and keep the dialog open."""
        if self.countdown.isActive() or self.busy:
            return
        try:
            self.unlocked = self._run(self.user.currentText(), self.passphrase.text())
        except LockedOut as exc:
            self.wait(exc.wait_seconds)
            return
        except WrongPassphrase as exc:
            self._wrong(exc)
            return
        except BangfuError as exc:
            self.message.setText(error_text(exc))
            self.passphrase.selectAll()
            return
        except Exception as exc:  # a bug, an OSError, a SQLCipher error: another try is allowed
            self._unexpected(exc)
            return
        self.passphrase.clear()
        self.accept()

    def _unexpected(self, exc: Exception) -> None:
        """Say an unexpected error stopped the unlock (``Profile.unlock`` closed what it
        opened); logged by type only: its text may name the user or the profile's path."""
        log.error("unlock failed: unexpected %s", type(exc).__name__)
        self.message.setText(fill(self.tr("解锁时出现意外错误（%1），请再试一次；"
                                          "如仍失败，请联系县人社局。"), type(exc).__name__))
        self.passphrase.selectAll()

    def _run(self, user: str, passphrase: str) -> Any:
        """``unlock`` on a worker thread (or here, without ``in_background``); the GUI
        thread keeps handling events meanwhile. Returns its result or raises its error."""
        if not self.in_background:
            return self._unlock(user, passphrase)
        self._set_busy(True)
        self.message.setText(self.tr("正在解锁，请稍候…"))
        kwargs = {"on_step": self._note_step} if takes_on_step(self._unlock) else {}
        self._done.clear()
        self._step_now = self._step_shown = 0
        loop, poll = QEventLoop(), QTimer(interval=POLL_MS)
        poll.timeout.connect(lambda: self._poll(loop))
        threading.Thread(target=self._work, args=(user, passphrase), kwargs=kwargs,
                         daemon=True, name="unlock").start()
        poll.start()
        try:
            loop.exec()  # _poll ends it once the worker is done
        finally:
            poll.stop()
            self._set_busy(False)
            self.message.clear()
        ok, value = self._outcome
        self._outcome = (False, None)
        if not ok:
            raise value
        return value

    def _work(self, user: str, passphrase: str, **kwargs: Any) -> None:
        """On the worker thread: no Qt call at all; the GUI thread polls what it leaves."""
        try:
            self._outcome = (True, self._unlock(user, passphrase, **kwargs))
        except BaseException as exc:  # handed to the GUI thread, shown there
            self._outcome = (False, exc)
        self._done.set()

    def _note_step(self, number: int) -> None:
        self._step_now = number  # worker thread: a plain int, read by _poll

    def _poll(self, loop: QEventLoop) -> None:
        if self._step_now != self._step_shown:
            self._step_shown = self._step_now
            self.show_step(self._step_shown)
        if self._done.is_set():
            loop.quit()

    def show_step(self, number: int) -> None:
        """An upgrade step started: say which schema version it makes."""
        self.message.setText(fill(self.tr("正在升级数据库（第 %1 版）…"), number))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for widget in (self.user, self.passphrase, self.unlock_button, self.quit_button,
                       self.recover_button):
            widget.setEnabled(not busy)

    def open_recovery(self) -> None:
        """忘记口令？县级恢复…: the county recovery, window-modal over this dialog (after
        ``before_recovery``, so no other thread is importing its modules meanwhile)."""
        if self.profile is None:
            return
        if self._before_recovery is not None:
            self._before_recovery()
        from desktop.recovery_dialog import RecoveryDialog

        users = [self.user.itemText(i) for i in range(self.user.count())]
        self.recovery = RecoveryDialog(self.profile, self, kdf=self._recovery_kdf, users=users)
        self.recovery.user.setCurrentText(self.user.currentText())  # whose passphrase
        self.recovery.accepted.connect(self._recovered)
        self.recovery.open()

    def _recovered(self) -> None:
        if self.recovery is None or self.recovery.recovered is None:
            return
        self.unlocked = self.recovery.recovered
        self.passphrase.clear()
        self.accept()

    def _wrong(self, exc: WrongPassphrase) -> None:
        self.passphrase.selectAll()
        text = (self.tr("密码错误（已连续失败 %n 次）", "", exc.failures)
                if type(exc) is WrongPassphrase else error_text(exc))  # "1 failed attempt"
        if exc.wait_seconds > 0:
            self.wait(exc.wait_seconds, reason=text)
            return
        if exc.failures == FREE_ATTEMPTS - 1:
            text += "\n" + fill(self.tr("注意：再输错一次，须等待 %1 秒才能再试。"),
                                int(lockout_wait(FREE_ATTEMPTS)))
        self.message.setText(text)

    def wait(self, seconds: float, *, reason: str = "") -> None:
        """Turn 解锁 off for ``seconds``, counting down each second."""
        self._until, self._reason = self._clock() + seconds, reason
        self.unlock_button.setEnabled(False)
        self.countdown.start()
        self.tick()

    def tick(self) -> None:
        """Show the seconds left; at zero, allow another try."""
        left = math.ceil(self._until - self._clock())
        if left <= 0:
            self.countdown.stop()
            self.unlock_button.setEnabled(True)
            self.message.setText(self.tr("现在可以再试一次。"))
            return
        lines = [self._reason] if self._reason else []
        lines.append(fill(self.tr("失败次数过多，请 %1 秒后再试。"), left))
        self.message.setText("\n".join(lines))

    def reject(self) -> None:
        """退出, Escape or the close box: in the idle lock, only after asking; never while
        an unlock runs."""
        if self.busy:
            return
        if self.ask_before_quit and not self.confirm_quit():
            return
        super().reject()

    def confirm_quit(self) -> bool:
        """Ask whether to quit the app; 取消 is the default (and Escape)."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("退出"),
                          self.tr("退出就业帮扶通？"), QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(self.tr("正在填写的表单已自动保存为草稿。"))
        leave = box.addButton(self.tr("退出"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.setObjectName("confirm_quit")
        box.exec()
        return box.clickedButton() is leave
