"""The unlock dialog: choose a user, type the passphrase; errors shown in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import error_text
from registry.errors import BangfuError

#: Takes user and passphrase; returns what unlocking gives (a store, or a key) or raises.
Unlocker = Callable[[str, str], Any]


class UnlockDialog(QDialog):
    """Asks for user and passphrase until ``unlock`` succeeds; ``unlocked`` is its result."""

    def __init__(self, users: list[str], unlock: Unlocker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("就业帮扶通 — 解锁"))
        self.unlocked: Any = None
        self._unlock = unlock
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
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("解锁"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("用户"), self.user)
        form.addRow(self.tr("密码"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("数据已加密。请输入本机用户的密码。")))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        """Try the typed passphrase; on failure show why and keep the dialog open."""
        try:
            self.unlocked = self._unlock(self.user.currentText(), self.passphrase.text())
        except BangfuError as exc:
            self.message.setText(error_text(exc))
            self.passphrase.selectAll()
            return
        self.passphrase.clear()
        self.accept()
