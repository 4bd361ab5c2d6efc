"""县级恢复: a county officer opens a profile whose users forgot their passphrase.

From the unlock window (忘记口令？县级恢复…): the officer chooses the county recovery key
file (``bangfu-server recovery-key init``), types its passphrase, chooses the user whose
passphrase is reset (the only user is chosen already) and types the new passphrase twice.
``registry.recovery.recover_profile`` then opens the profile through its recovery slot,
re-wraps that user's slot (the database is not re-encrypted) and audits it as done by
"county recovery". The key file's Argon2id and the new slot's run on a worker thread, so
the window stays responsive; the worker makes no Qt call (a signal from it could crash the
app, as it did at unlock): it leaves its outcome and sets an event the GUI thread polls.
A wrong key file, a wrong passphrase or a profile without a recovery slot is named in the
dialog, and nothing is changed.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import error_text
from desktop.i18n import is_english
from desktop.text import fill
from registry.errors import BangfuError, NoRecoverySlot, UnknownUser, WeakPassphrase
from registry.keyslots import KdfParams, check_passphrase
from registry.profile import Profile
from registry.recovery import PassphraseChangedNotAudited, RecoveryKeyError, recover_profile

log = logging.getLogger(__name__)
POLL_MS = 50  #: how often the GUI thread looks whether the worker is done


class RecoveryDialog(QDialog):
    """Recovers ``profile``; on success ``recovered`` is its store, open as the user (one
    of ``users``: by default every user of the profile; the idle lock offers its own)."""

    def __init__(self, profile: Profile, parent: QWidget | None = None, *,
                 kdf: KdfParams | None = None, users: list[str] | None = None) -> None:
        super().__init__(parent)
        self.profile, self._kdf = profile, kdf
        self.recovered: Any = None
        self.worker: threading.Thread | None = None
        self._outcome: tuple[bool, Any] = (False, None)
        self._finished = threading.Event()
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._check_worker)
        self.setWindowTitle(self.tr("就业帮扶通 — 县级恢复"))
        self.key_file = QLineEdit()
        self.key_file.setPlaceholderText(self.tr("县人社局保管的恢复密钥文件（.json）"))
        self.choose_button = QPushButton(self.tr("选择…"))
        self.choose_button.clicked.connect(self.choose_key_file)
        self.key_passphrase = self._password_box()
        self.user = QComboBox()
        self.user.addItems(profile.users() if users is None else users)
        self.user.setEnabled(self.user.count() > 1)
        self.new_passphrase = self._password_box()
        self.again = self._password_box()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("恢复并解锁"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._layout()
        self.setMinimumWidth(560)

    def _password_box(self) -> QLineEdit:
        box = QLineEdit()
        box.setEchoMode(QLineEdit.EchoMode.Password)
        return box

    def _layout(self) -> None:
        intro = QLabel(self.tr("供县人社局工作人员使用：用县级恢复密钥文件及其口令打开本机档案，"
                               "为一位用户设置新密码。本机未同步的数据不受影响；此操作记入审计日志。"))
        intro.setWordWrap(True)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_file, 1)
        key_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow(self.tr("恢复密钥文件"), key_row)
        form.addRow(self.tr("恢复密钥口令"), self.key_passphrase)
        form.addRow(self.tr("用户"), self.user)
        form.addRow(self.tr("新密码"), self.new_passphrase)
        form.addRow(self.tr("再次输入新密码"), self.again)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def choose_key_file(self) -> None:
        """Pick the key file with Qt's file dialog."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择恢复密钥文件"), "",
                                              self.tr("恢复密钥文件 (*.json);;所有文件 (*)"))
        if path:
            self.key_file.setText(path)

    def submit(self) -> None:
        """Check what was typed, then recover on a worker thread."""
        if self.worker is not None:
            return
        problem = self._problem()
        if problem:
            self.message.setText(problem)
            return
        self._busy(True)
        self.message.setText(self.tr("正在验证恢复密钥，请稍候…"))
        args = dict(key_file=Path(self.key_file.text().strip()),
                    key_passphrase=self.key_passphrase.text(), user=self.user.currentText(),
                    new_passphrase=self.new_passphrase.text(), kdf=self._kdf)
        self._finished.clear()
        self.worker = threading.Thread(target=self._work, kwargs=args, daemon=True,
                                       name="county-recovery")
        self.worker.start()
        self._poll.start()

    def _problem(self) -> str:
        sep = self.tr("：")
        if not self.key_file.text().strip():
            return self.tr("恢复密钥文件") + sep + self.tr("请选择文件")
        if not self.key_passphrase.text():
            return self.tr("恢复密钥口令") + sep + self.tr("请输入口令")
        if not self.user.currentText():
            return self.tr("用户") + sep + self.tr("本档案没有用户")
        try:
            check_passphrase(self.new_passphrase.text())
        except WeakPassphrase as exc:
            return self.tr("新密码") + sep + error_text(exc, english=is_english())
        if self.new_passphrase.text() != self.again.text():
            return self.tr("再次输入新密码") + sep + self.tr("两次输入的新密码不一致")
        return ""

    def _work(self, **args: Any) -> None:
        """On the worker thread: no Qt call at all; the GUI thread polls what it leaves."""
        try:
            self._outcome = (True, recover_profile(self.profile.folder, **args))
        except BaseException as exc:  # handed to the GUI thread, shown there
            self._outcome = (False, exc)
        self._finished.set()

    def _check_worker(self) -> None:
        """On the GUI thread, every ``POLL_MS``: once the worker is done, show its outcome."""
        if not self._finished.is_set():
            return
        self._poll.stop()
        (ok, value), self._outcome = self._outcome, (False, None)
        self._done(ok, value)

    def _done(self, ok: bool, value: Any) -> None:
        self.worker = None
        self._busy(False)
        if ok:
            self.recovered = value
            self.new_passphrase.clear()
            self.again.clear()
            self.key_passphrase.clear()
            self.accept()
            return
        self.message.setText(self.failure_text(value))

    def failure_text(self, exc: BaseException) -> str:
        """What went wrong, naming the field; and that nothing was changed, unless the new
        passphrase is already in place (only its audit entry failed)."""
        sep = self.tr("：")
        if isinstance(exc, PassphraseChangedNotAudited):
            return error_text(exc, english=is_english())
        unchanged = self.tr("未做任何更改。")
        if isinstance(exc, RecoveryKeyError):
            if exc.kind == "passphrase":
                text = self.tr("恢复密钥口令") + sep + self.tr("口令错误")
            elif exc.kind == "damaged":
                text = self.tr("恢复密钥文件") + sep + self.tr("文件已损坏，无法读取")
            else:
                text = self.tr("恢复密钥文件") + sep + self.tr("所选文件不是县级恢复密钥文件")
        elif isinstance(exc, NoRecoverySlot):
            text = self.tr("此档案没有该恢复密钥的恢复槽（档案从未与县服务器同步过，或密钥不是本县的），"
                           "无法用它恢复")
        elif isinstance(exc, UnknownUser):
            text = self.tr("用户") + sep + error_text(exc, english=is_english())
        elif isinstance(exc, WeakPassphrase):
            text = self.tr("新密码") + sep + error_text(exc, english=is_english())
        elif isinstance(exc, BangfuError):
            text = error_text(exc, english=is_english())
        else:
            log.error("county recovery failed: %s", type(exc).__name__)
            text = fill(self.tr("恢复失败（%1）"), type(exc).__name__)
        return text + "\n" + unchanged

    def _busy(self, busy: bool) -> None:
        for widget in (self.ok_button, self.choose_button, self.key_file, self.key_passphrase,
                       self.new_passphrase, self.again,
                       self.buttons.button(QDialogButtonBox.StandardButton.Cancel)):
            widget.setEnabled(not busy)
        self.user.setEnabled(not busy and self.user.count() > 1)

    def reject(self) -> None:
        """Cancel, Escape or the close box: not while the recovery runs."""
        if self.worker is not None:
            return
        super().reject()
