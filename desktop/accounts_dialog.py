"""账户: the users of this laptop, in the app (``registry.accounts``, every change audited).

``AccountsDialog`` lists the users and their roles. A user allowed to manage users
(审核员/第一书记, 县级管理员) adds one (name, passphrase twice, a role not above their own;
on a county profile without a 县级管理员, a reviewer may grant that role once),
removes one or changes a role; everyone changes their own passphrase (the data key is
re-wrapped, the database is not re-encrypted). A problem is shown in the dialog, naming
its field, and nothing is changed. ``AccountsMenu`` is the 账户 menu of the main window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import accounts_ops
from desktop.background import BackgroundRunner
from desktop.errors import error_text
from desktop.i18n import is_english
from desktop.text import fill
from registry import accounts
from registry.errors import ValidationError, WeakPassphrase, WrongPassphrase
from registry.keyslots import KdfParams, check_passphrase

_CONTEXT = "accounts"
_FIELDS = {
    "account.user": QT_TRANSLATE_NOOP("accounts", "用户名"),
    "account.role": QT_TRANSLATE_NOOP("accounts", "角色"),
    "audit.from": QT_TRANSLATE_NOOP("accounts", "起始日期"),
    "audit.to": QT_TRANSLATE_NOOP("accounts", "截止日期"),
}
_ROLE_TEXT = {
    accounts.CLERK: QT_TRANSLATE_NOOP("accounts", "录入员"),
    accounts.REVIEWER: QT_TRANSLATE_NOOP("accounts", "审核员/第一书记"),
    accounts.COUNTY_ADMIN: QT_TRANSLATE_NOOP("accounts", "县级管理员"),
}


def role_text(role: str) -> str:
    """The role's name in the UI language."""
    return QCoreApplication.translate(_CONTEXT, _ROLE_TEXT.get(role, role))


def grantable(role: str) -> list[str]:
    """The roles ``role`` may give: none unless it manages users, else up to its own."""
    if not accounts.may(role, "manage_users"):
        return []
    order = list(accounts.ROLES)
    return order[: order.index(role) + 1]


def field_error(exc: BaseException, *, passphrase_field: str = "") -> str:
    """``exc`` as a Chinese (or English) message that names its field."""
    sep = QCoreApplication.translate("accounts", "：")
    if isinstance(exc, ValidationError) and exc.field in _FIELDS:
        message = exc.message_en if is_english() else exc.message_zh
        return QCoreApplication.translate(_CONTEXT, _FIELDS[exc.field]) + sep + message
    text = error_text(exc, english=is_english())
    if isinstance(exc, WeakPassphrase | WrongPassphrase) and passphrase_field:
        return passphrase_field + sep + text
    return text


class _FormDialog(QDialog):
    """A small form with an error line; ``submit`` is the OK button."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("accounts", "取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def password_box(self) -> QLineEdit:
        box = QLineEdit()
        box.setEchoMode(QLineEdit.EchoMode.Password)
        return box

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.ok_button.setEnabled(True)


class AddUserDialog(_FormDialog):
    """添加用户: name, passphrase twice, role (not above the acting user's)."""

    def __init__(self, runner: BackgroundRunner, roles: list[str], parent: QWidget | None = None,
                 *, kdf: KdfParams | None = None) -> None:
        super().__init__(QCoreApplication.translate("accounts", "添加用户"), parent)
        self.runner, self._kdf = runner, kdf
        self.user = QLineEdit()
        self.passphrase, self.again = self.password_box(), self.password_box()
        self.role = QComboBox()
        for role in roles:
            self.role.addItem(role_text(role), role)
        hint = QLabel(self.tr("密码至少 8 位，包含大写字母、小写字母、数字、符号中的三类。"
                              "登录名请勿使用真实姓名。"))
        hint.setWordWrap(True)
        self.form.addRow(hint)
        self.form.addRow(self.tr("用户名"), self.user)
        self.form.addRow(self.tr("密码"), self.passphrase)
        self.form.addRow(self.tr("再次输入密码"), self.again)
        self.form.addRow(self.tr("角色"), self.role)
        self.ok_button.setText(self.tr("添加"))

    def submit(self) -> None:
        """Check the fields, then add the user; a problem keeps the dialog open."""
        passphrase = self.passphrase.text()
        try:
            check_passphrase(passphrase)
        except WeakPassphrase as exc:
            self.show_error(field_error(exc, passphrase_field=self.tr("密码")))
            return
        if passphrase != self.again.text():
            self.show_error(self.tr("再次输入密码") + self.tr("：") + self.tr("两次输入的密码不一致"))
            return
        self.ok_button.setEnabled(False)
        accounts_ops.add_user(self.runner, self, user=self.user.text(), passphrase=passphrase,
                              role=str(self.role.currentData()), kdf=self._kdf).success(
            lambda _none: self.accept()).failure(
            lambda exc: self.show_error(field_error(exc))).with_progress(
            self.tr("正在添加用户…")).run()


class PassphraseDialog(_FormDialog):
    """修改我的密码: the current passphrase, the new one twice."""

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 kdf: KdfParams | None = None) -> None:
        super().__init__(QCoreApplication.translate("accounts", "修改我的密码"), parent)
        self.runner, self._kdf = runner, kdf
        self.old, self.new, self.again = (self.password_box(), self.password_box(),
                                          self.password_box())
        self.form.addRow(self.tr("当前密码"), self.old)
        self.form.addRow(self.tr("新密码"), self.new)
        self.form.addRow(self.tr("再次输入新密码"), self.again)
        self.ok_button.setText(self.tr("修改"))

    def submit(self) -> None:
        """Check the new passphrase, then re-wrap the data key under it."""
        new = self.new.text()
        try:
            check_passphrase(new)
        except WeakPassphrase as exc:
            self.show_error(field_error(exc, passphrase_field=self.tr("新密码")))
            return
        if new != self.again.text():
            self.show_error(self.tr("再次输入新密码") + self.tr("：") + self.tr("两次输入的密码不一致"))
            return
        self.ok_button.setEnabled(False)
        accounts_ops.change_passphrase(self.runner, self, old=self.old.text(), new=new,
                                       kdf=self._kdf).success(
            lambda _none: self.accept()).failure(
            lambda exc: self.show_error(field_error(exc, passphrase_field=self.tr("当前密码")))
        ).with_progress(self.tr("正在修改密码…")).run()


class AccountsDialog(QDialog):
    """账户管理: the users of this laptop and what the acting user may do with them."""

    def __init__(self, runner: BackgroundRunner, role: str, parent: QWidget | None = None, *,
                 kdf: KdfParams | None = None) -> None:
        super().__init__(parent)
        self.runner, self.role, self._kdf = runner, role, kdf
        self.me = runner.identity.user
        # Asks before removing a user (tests replace it).
        self.confirm: Callable[[str], bool] = self._ask_remove
        self.setWindowTitle(self.tr("账户管理"))
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("用户名"), self.tr("角色")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.new_role = QComboBox()
        # the roles the acting user may give, as last read from the profile
        self.grantable: list[str] = []
        self.first_admin = QLabel()
        self.first_admin.setWordWrap(True)
        self.first_admin.setStyleSheet("color: #8a5300")
        self.first_admin.hide()
        self.who = QLabel()
        self._set_grantable((role, grantable(role), False))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.add_button = QPushButton(self.tr("添加用户…"))
        self.remove_button = QPushButton(self.tr("删除用户"))
        self.role_button = QPushButton(self.tr("修改角色"))
        self.passphrase_button = QPushButton(self.tr("修改我的密码…"))
        self._layout()
        self._permissions()
        self.reload()

    def _layout(self) -> None:
        self.who.setStyleSheet("font-weight: bold")
        roles = QHBoxLayout()
        roles.addWidget(QLabel(self.tr("所选用户改为")))
        roles.addWidget(self.new_role)
        roles.addWidget(self.role_button)
        roles.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.passphrase_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        note = QLabel(self.tr("每项操作都记入审计日志。只能授予不高于自己的角色。"))
        note.setStyleSheet("color: #555")
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(self.table, 1)
        layout.addLayout(roles)
        layout.addLayout(buttons)
        layout.addWidget(note)
        layout.addWidget(self.first_admin)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.open_add_user)
        self.remove_button.clicked.connect(self.remove_selected)
        self.role_button.clicked.connect(self.change_role)
        self.passphrase_button.clicked.connect(self.open_passphrase)
        self.resize(560, 420)

    def _permissions(self) -> None:
        manage = accounts.may(self.role, "manage_users")
        why = "" if manage else self.tr("只有审核员/第一书记或县级管理员可以管理用户")
        for widget in (self.add_button, self.remove_button, self.role_button, self.new_role):
            widget.setEnabled(manage)
            widget.setToolTip(why)

    def reload(self) -> None:
        """Read the users again, and the roles the acting user may give."""
        accounts_ops.users(self.runner, self).success(self._show_users).run()
        if accounts.may(self.role, "manage_users"):
            accounts_ops.grantable(self.runner, self).success(self._reread).run()

    def _reread(self, read: tuple[str, list[str], bool]) -> None:
        self._set_grantable(read)
        self._permissions()

    def _set_grantable(self, read: tuple[str, list[str], bool]) -> None:
        """The acting user's role and the roles they may give (as read); say so when one
        is the county's first 县级管理员."""
        self.role, self.grantable, first = read
        self.who.setText(fill(self.tr("当前用户：%1（%2）"), self.me, role_text(self.role)))
        self.new_role.clear()
        for each in self.grantable:
            self.new_role.addItem(role_text(each), each)
        self.first_admin.setVisible(first)
        self.first_admin.setText(self.tr(
            "本县级档案还没有县级管理员（设备管理需要此角色）。审核员可以把它授予自己或另一位用户，"
            "仅此一次；此操作记入审计日志。") if first else "")

    def _show_users(self, users: list[tuple[str, str]]) -> None:
        self.table.setRowCount(len(users))
        for row, (user, role) in enumerate(users):
            name = QTableWidgetItem(user)
            name.setData(Qt.ItemDataRole.UserRole, user)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(role_text(role)))
        self.table.resizeColumnsToContents()

    def selected_user(self) -> str | None:
        """The user selected in the table."""
        item = self.table.item(self.table.currentRow(), 0)
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _done(self, text: str) -> None:
        self.message.setStyleSheet("color: #1b5e20")
        self.message.setText(text)
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet("color: #b00020")
        self.message.setText(field_error(exc))

    def _need_selection(self) -> str | None:
        user = self.selected_user()
        if user is None:
            self._failed(ValidationError("account.user", "请先在列表中选择一个用户",
                                         "select a user in the list first"))
        return user

    # -- actions ---------------------------------------------------------------------------
    def open_add_user(self) -> AddUserDialog:
        """添加用户…: the form; on success the list is read again."""
        dialog = AddUserDialog(self.runner, self.grantable, self, kdf=self._kdf)
        dialog.accepted.connect(lambda: self._done(self.tr("已添加用户。")))
        dialog.open()
        return dialog

    def open_passphrase(self) -> PassphraseDialog:
        """修改我的密码…"""
        dialog = PassphraseDialog(self.runner, self, kdf=self._kdf)
        dialog.accepted.connect(lambda: self._done(self.tr("密码已修改，下次解锁请使用新密码。")))
        dialog.open()
        return dialog

    def remove_selected(self) -> None:
        """删除用户: the selected one, after asking."""
        user = self._need_selection()
        if user is None or not self.confirm(user):
            return
        accounts_ops.remove_user(self.runner, self, user).success(
            lambda _none: self._done(fill(self.tr("已删除用户 %1。"), user))).failure(
            self._failed).run()

    def change_role(self) -> None:
        """修改角色: the selected user gets the role chosen."""
        user = self._need_selection()
        role = self.new_role.currentData()
        if user is None or role is None:
            return
        accounts_ops.set_role(self.runner, self, user=user, role=str(role)).success(
            lambda _none: self._done(fill(self.tr("%1 的角色已改为 %2。"), user,
                                          role_text(str(role))))).failure(self._failed).run()

    def _ask_remove(self, user: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("删除用户"),
            fill(self.tr("删除用户 %1？其密码将不能再解锁本机档案，数据不受影响。"), user))
        return answer == QMessageBox.StandardButton.Yes


class AccountsMenu(QMenu):
    """账户: 账户管理… for everyone, 审计日志… for a role that may read the audit."""

    def __init__(self, runner: BackgroundRunner, parent: QWidget) -> None:
        super().__init__(self.tr("账户"), parent)
        self.runner = runner
        self.role = accounts.CLERK
        self.setToolTipsVisible(True)
        self.accounts_action = self.addAction(self.tr("账户管理…"))
        self.accounts_action.triggered.connect(lambda: self.open_accounts())
        self.audit_action = self.addAction(self.tr("审计日志…"))
        self.audit_action.triggered.connect(lambda: self.open_audit())
        self.set_role(self.role)
        accounts_ops.my_role(runner, parent).success(self.set_role).run()

    def set_role(self, role: str) -> None:
        """What the menu offers to ``role``."""
        self.role = role
        allowed = accounts.may(role, "read_audit")
        self.audit_action.setEnabled(allowed)
        self.audit_action.setToolTip("" if allowed else self.tr(
            "只有审核员/第一书记或县级管理员可以查看审计日志"))

    def open_accounts(self) -> AccountsDialog:
        """账户管理…"""
        dialog = AccountsDialog(self.runner, self.role, self.parentWidget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: accounts_ops.my_role(
            self.runner, self.parentWidget()).success(self.set_role).run())
        dialog.open()
        return dialog

    def open_audit(self) -> QDialog:
        """审计日志…"""
        from desktop.audit_viewer import AuditDialog

        dialog = AuditDialog(self.runner, self.parentWidget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
