"""新建档案: the first start on a laptop that holds no profile yet.

Asks for the first user's name and passphrase (twice) and the division code of the
area the laptop records in. A problem is shown under the form, naming its field, and
nothing is written until everything is right. The profile is then created (its
data key wrapped with Argon2id, which takes a moment) and returned unlocked. The first
user of a county (or wider) profile is its 县级管理员 (``county_admin``: the only role that
manages the county's devices); of a township or village profile, 审核员/第一书记.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import error_text
from desktop.i18n import is_english
from desktop.text import fill
from registry import accounts
from registry.errors import BangfuError, ValidationError, WeakPassphrase
from registry.keyslots import KdfParams
from registry.profile import Profile, check_new_profile
from registry.store import Store

_CONTEXT = "NewProfileDialog"
_FIELDS = {
    "profile.user": QT_TRANSLATE_NOOP("NewProfileDialog", "用户名"),
    "profile.scope": QT_TRANSLATE_NOOP("NewProfileDialog", "辖区代码"),
}


class NewProfileDialog(QDialog):
    """Creates the profile in ``folder``; ``created`` is the unlocked store."""

    def __init__(self, folder: Path, parent: QWidget | None = None, *,
                 kdf: KdfParams | None = None) -> None:
        super().__init__(parent)
        self.folder, self._kdf = Path(folder), kdf
        self.created: Store | None = None
        self.setWindowTitle(self.tr("就业帮扶通 — 新建档案"))
        self.user = QLineEdit()
        self.passphrase = QLineEdit()
        self.again = QLineEdit()
        for box in (self.passphrase, self.again):
            box.setEchoMode(QLineEdit.EchoMode.Password)
        self.scope = QLineEdit()
        self.scope.setPlaceholderText(self.tr("如 361130104201（村）或 361130（县）"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.create_button = QPushButton(self.tr("创建"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submit)
        self._layout()
        self.setMinimumWidth(520)

    def _layout(self) -> None:
        intro = QLabel(self.tr("本机还没有档案。数据只以加密形式保存在本机；请牢记密码，忘记后本机未同步的数据将无法打开。"
                               "密码至少 8 位，包含大写字母、小写字母、数字、符号中的三类。"))
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.user)
        form.addRow(self.tr("密码"), self.passphrase)
        form.addRow(self.tr("再次输入密码"), self.again)
        form.addRow(self.tr("辖区代码"), self.scope)
        buttons = QDialogButtonBox()
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QPushButton(self.tr("退出")), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def submit(self) -> None:
        """Check everything, then create the profile; a problem keeps the dialog open."""
        user, passphrase, scope = self.user.text(), self.passphrase.text(), self.scope.text()
        try:
            check_new_profile(user=user, passphrase=passphrase, scope=scope.strip())
            if passphrase != self.again.text():
                self._show(self.tr("再次输入密码") + self.tr("：") + self.tr("两次输入的密码不一致"))
                return
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.created = Profile(self.folder).create(
                    user=user, passphrase=passphrase, scope=scope.strip(), kdf=self._kdf,
                    role=first_role(scope.strip()))
            finally:
                QApplication.restoreOverrideCursor()
        except BangfuError as exc:
            self._show(self._text(exc))
            return
        except OSError as exc:
            self._show(fill(self.tr("无法在 %1 创建档案（%2）"), self.folder, type(exc).__name__))
            return
        self.accept()

    def _text(self, exc: BangfuError) -> str:
        english = is_english()
        text = error_text(exc, english=english)
        if isinstance(exc, ValidationError) and exc.field in _FIELDS:
            message = exc.message_en if english else exc.message_zh
            return QCoreApplication.translate(_CONTEXT, _FIELDS[exc.field]) + self.tr("：") + message
        if isinstance(exc, WeakPassphrase):
            return self.tr("密码") + self.tr("：") + text
        return text

    def _show(self, text: str) -> None:
        self.error.setText(text)


def first_role(scope: str) -> str:
    """The first user's role: 县级管理员 on a county (or wider) profile, else 审核员."""
    county = not scope.ljust(12, "0")[6:].strip("0")  # no township or village digits
    return accounts.COUNTY_ADMIN if county else accounts.REVIEWER
