"""The 设备 page of the county workspace: every enrolled laptop, longest silent first.

The page talks to the county server's admin API (``sync.client.admin``) with the
county's admin credential, kept in the encrypted profile
(``desktop.county.admin_credential``). Until there is one, the page asks for the
one-time admin code (输入管理注册码) and the server's address (prefilled from the sync
connection). Then it lists the devices of the admin's scope in ``DeviceTableModel``
(``registry.county_devices.by_silence``: silent days shown, rows silent more than 14
days marked) and offers 新设备注册码 (the code as text and QR image, copy and print),
吊销 (after a confirmation; the list is read again) and 重新注册码. Every request runs as
a ``NetworkOp``; a failure (server unreachable, token revoked …) is said in the status
line and the last list stays shown.

This laptop's own sync device and admin identity are marked 本机; revoking either asks a
second, explicit confirmation. Entering the admin code and every action that changes the
server (codes, revocation) is for the 县级管理员 role only (``registry.accounts``
``manage_devices``, read on the DB thread at each click); other users are told so and
the refusal is audited (``device_admin``, ``denied``). An
unexpected error is logged with its traceback, ID and phone numbers masked.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPixmap, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import accounts_ops
from desktop.accounts_dialog import role_text
from desktop.background import BackgroundRunner
from desktop.county import devices_ops as ops
from desktop.county.admin_credential import AdminSetup
from desktop.models import IdRole, TableModel
from desktop.places import PlaceWatch, tip, village_cell
from desktop.text import bracketed, fill
from registry import accounts
from registry.county_devices import SILENT_DAYS, by_silence, is_silent, silent_days
from registry.masking import mask_numbers_in
from registry.places import PlaceNames
from sync.client.admin import DEVICE_ROLES, AdminCredential, DeviceInfo, EnrolmentCode
from sync.client.errors import SyncError

_CONTEXT = "DevicesPage"
log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex
#: The list is read again when the page is shown and the last read is older than this.
STALE_S = 60
#: The widest the error column is drawn (the whole error is in its tooltip).
ERROR_WIDTH = 320

ROLE_LABELS = {
    "village": QT_TRANSLATE_NOOP("DevicesPage", "村"),
    "site": QT_TRANSLATE_NOOP("DevicesPage", "安置点"),
    "township": QT_TRANSLATE_NOOP("DevicesPage", "乡镇"),
    "county": QT_TRANSLATE_NOOP("DevicesPage", "县"),
    "admin": QT_TRANSLATE_NOOP("DevicesPage", "管理员"),
}

ERROR_TEXTS = {
    "network": QT_TRANSLATE_NOOP("DevicesPage", "无法连接县服务器，请检查网络或服务器地址后重试。"),
    "tls": QT_TRANSLATE_NOOP("DevicesPage", "无法验证县服务器的证书，未发送任何数据。"),
    "address": QT_TRANSLATE_NOOP(
        "DevicesPage", "服务器地址须形如 https://主机:端口；不加密的 http:// 只能连本机。"),
    "auth": QT_TRANSLATE_NOOP("DevicesPage", "管理令牌无效或已被吊销，请重新输入管理注册码。"),
    "forbidden": QT_TRANSLATE_NOOP(
        "DevicesPage", "服务器拒绝了此操作：不是管理令牌，或超出本管理员的辖区。"),
    "not_found": QT_TRANSLATE_NOOP("DevicesPage", "设备不存在，或不在本管理员的辖区内。"),
    "code": QT_TRANSLATE_NOOP("DevicesPage", "管理注册码无效或已被使用，请向服务器管理员索取新的注册码。"),
    "enrolled": QT_TRANSLATE_NOOP("DevicesPage", "本机的管理身份已在服务器注册过。"),
    "not_admin": QT_TRANSLATE_NOOP(
        "DevicesPage", "这不是管理注册码（服务器按设备注册了它）；请在设备列表中吊销它，"
        "并向服务器管理员索取 --role admin 的注册码。"),
    "rejected": QT_TRANSLATE_NOOP("DevicesPage", "服务器拒绝了请求。"),
    "server": QT_TRANSLATE_NOOP("DevicesPage", "县服务器出错或答复无法识别，请稍后再试。"),
}

WORDS = {
    "days": QT_TRANSLATE_NOOP("DevicesPage", "%1 天"),
    "never": QT_TRANSLATE_NOOP("DevicesPage", "从未联系（注册 %1）"),
    "batch": QT_TRANSLATE_NOOP("DevicesPage", "%1（%2 条）"),
    "revoked": QT_TRANSLATE_NOOP("DevicesPage", "已吊销"),
    "live": QT_TRANSLATE_NOOP("DevicesPage", "正常"),
    "error_at": QT_TRANSLATE_NOOP("DevicesPage", "%1：%2"),
    "silent": QT_TRANSLATE_NOOP("DevicesPage", "超过 %1 天未与县服务器同步，请联系使用人。"),
    "failed": QT_TRANSLATE_NOOP("DevicesPage", "操作失败，请重试。"),
    "own": QT_TRANSLATE_NOOP("DevicesPage", "%1（本机）"),
    "own_tip": QT_TRANSLATE_NOOP("DevicesPage", "本机：这台笔记本自己的同步设备或管理身份。"),
    "not_admin_role": QT_TRANSLATE_NOOP(
        "DevicesPage", "只有县级管理员可以管理设备（输入管理注册码、生成注册码、吊销）；"
        "当前用户的角色是“%1”。"),
    "grant_hint": QT_TRANSLATE_NOOP(
        "DevicesPage", "若本县级档案还没有县级管理员，审核员可以在“账户 → 账户管理…”中授予一次（记入审计）。"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def error_text(exc: BaseException) -> str:
    """What went wrong, in the UI language, with the server's own reason if it gave one."""
    if not isinstance(exc, SyncError):
        log.error("unexpected %s on the devices page:\n%s", type(exc).__name__,
                  masked_traceback(exc))
        return _tr(WORDS["failed"])
    text = _tr(ERROR_TEXTS.get(exc.kind, ERROR_TEXTS["server"]))
    detail = getattr(exc, "detail", "")
    return bracketed(text, detail) if detail else text


def masked_traceback(exc: BaseException) -> str:
    """``exc``'s traceback (with its causes) as text, ID and phone numbers masked."""
    return mask_numbers_in("".join(traceback.format_exception(exc)).rstrip())


def when(ms: int | None) -> str:
    """A server time as local "yyyy-mm-dd hh:mm", or "—"."""
    if ms is None:
        return "—"
    return datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M")


def role_label(role: str) -> str:
    """A role in words."""
    return _tr(ROLE_LABELS[role]) if role in ROLE_LABELS else role


class DeviceTableModel(TableModel):
    """Devices, longest silent first; rows silent more than ``SILENT_DAYS`` days marked."""

    CONTEXT = _CONTEXT

    (COL_NAME, COL_ROLE, COL_SCOPE, COL_SEEN, COL_SILENT, COL_BATCH, COL_FLAGS, COL_VERSION,
     COL_STATE, COL_ERROR) = range(10)
    HEADERS = (
        QT_TRANSLATE_NOOP("DevicesPage", "设备名称"),
        QT_TRANSLATE_NOOP("DevicesPage", "角色"),
        QT_TRANSLATE_NOOP("DevicesPage", "辖区"),
        QT_TRANSLATE_NOOP("DevicesPage", "最后联系"),
        QT_TRANSLATE_NOOP("DevicesPage", "未联系天数"),
        QT_TRANSLATE_NOOP("DevicesPage", "最后上传"),
        QT_TRANSLATE_NOOP("DevicesPage", "待处理标记"),
        QT_TRANSLATE_NOOP("DevicesPage", "版本"),
        QT_TRANSLATE_NOOP("DevicesPage", "状态"),
        QT_TRANSLATE_NOOP("DevicesPage", "最近错误"),
    )
    SILENT_BACKGROUND = QColor("#fde7e9")
    SILENT_FOREGROUND = QColor("#a4262c")

    def __init__(self, parent: Any = None, *, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.places: PlaceNames | None = None
        self.own: frozenset[str] = frozenset()
        self._cells: tuple[Callable[[DeviceInfo], str], ...] = (
            self._name, lambda d: role_label(d.role), lambda d: village_cell(self.places, d.scope),
            lambda d: when(d.last_seen_ms), self._silence, self._batch,
            lambda d: str(d.pending_flags), lambda d: d.app_version or "—",
            lambda d: _tr(WORDS["revoked"]) if d.revoked else _tr(WORDS["live"]), self._error)

    def set_devices(self, devices: list[DeviceInfo]) -> None:
        """Replace the rows (ordered longest silent first)."""
        self._replace(by_silence(devices, today=self.today()))

    def set_places(self, places: PlaceNames) -> None:
        """Show scopes by name (the code in the tooltip)."""
        self.places = places
        if self._rows:
            self.dataChanged.emit(self.index(0, self.COL_SCOPE),
                                  self.index(len(self._rows) - 1, self.COL_SCOPE))

    def device_at(self, row: int) -> DeviceInfo:
        """The device shown in ``row``."""
        return self._rows[row]

    def set_own(self, device_ids: set[str] | frozenset[str]) -> None:
        """The ids of this laptop's own sync device and admin identity (marked 本机)."""
        self.own = frozenset(device_ids)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def is_own(self, device: DeviceInfo) -> bool:
        """Whether ``device`` is this laptop's own sync device or admin identity."""
        return device.device_id in self.own

    def _name(self, device: DeviceInfo) -> str:
        return fill(_tr(WORDS["own"]), device.name) if self.is_own(device) else device.name

    def silent_count(self) -> int:
        """Live syncing devices silent more than ``SILENT_DAYS`` days."""
        today = self.today()
        return sum(1 for d in self._rows if is_silent(d, today=today))

    def is_marked(self, row: int) -> bool:
        """Whether ``row`` is marked as silent too long."""
        return is_silent(self._rows[row], today=self.today())

    def _silence(self, device: DeviceInfo) -> str:
        if device.revoked:
            return "—"
        days = fill(_tr(WORDS["days"]), silent_days(device, today=self.today()))
        return days if device.last_seen_ms is not None else fill(_tr(WORDS["never"]), days)

    @staticmethod
    def _batch(device: DeviceInfo) -> str:
        if device.last_batch_ms is None:
            return "—"
        if device.last_batch_changes is None:
            return when(device.last_batch_ms)
        return fill(_tr(WORDS["batch"]), when(device.last_batch_ms), device.last_batch_changes)

    @staticmethod
    def _error(device: DeviceInfo) -> str:
        if device.error_status is None:
            return ""
        return f"{device.error_status} {device.error_detail}".strip()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        device = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.column()](device)
        if role == IdRole:
            return device.device_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index, device)
        if role == Qt.ItemDataRole.FontRole and index.column() == self.COL_NAME and (
                self.is_own(device)):
            bold = QFont()
            bold.setBold(True)
            return bold
        marked = is_silent(device, today=self.today())
        if role == Qt.ItemDataRole.BackgroundRole and marked:
            return self.SILENT_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and (marked or device.revoked):
            return self.SILENT_FOREGROUND if marked else QColor("gray")
        return None

    def _tooltip(self, index: Index, device: DeviceInfo) -> str | None:
        if index.column() == self.COL_SCOPE:
            return tip(self.places, device.scope)
        if index.column() == self.COL_NAME and self.is_own(device):
            return _tr(WORDS["own_tip"])
        if index.column() == self.COL_ERROR and device.error_status is not None:
            return fill(_tr(WORDS["error_at"]), when(device.error_ms), self._error(device))
        if is_silent(device, today=self.today()):
            return fill(_tr(WORDS["silent"]), SILENT_DAYS)
        return None


class CodeDialog(QDialog):
    """A one-time code as text and QR image, to copy or print; shown once."""

    def __init__(self, code: EnrolmentCode, *, title: str, what: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setWindowTitle(title)
        self.what = QLabel(what)
        self.what.setWordWrap(True)
        self.code_label = QLabel(code.code)
        font = QFont("monospace")
        font.setPointSize(20)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr = QPixmap()
        self.qr.loadFromData(code.qr_png, "PNG")
        self.qr_label = QLabel()
        self.qr_label.setPixmap(self.qr)
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.server = QLabel(fill(self.tr("服务器地址：%1"), code.server_url))
        self.server.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel(self.tr("注册码只能用一次，只显示这一次。请在笔记本上输入注册码或扫描二维码。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: gray")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        self.copy_button = buttons.addButton(self.tr("复制注册码"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        self.print_button = buttons.addButton(self.tr("打印…"),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self._print)
        layout = QVBoxLayout(self)
        for widget in (self.what, self.code_label, self.qr_label, self.server, note, buttons):
            layout.addWidget(widget)

    def copy(self) -> None:
        """Put the code on the clipboard."""
        QGuiApplication.clipboard().setText(self.code.code)

    def _print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Print the code, what it enrols, the server address and the QR code."""
        painter = QPainter(printer)
        try:
            dpi = printer.resolution()
            width = printer.pageRect(QPrinter.Unit.DevicePixel).width()
            line = dpi * 0.4
            font = QFont()
            font.setPointSize(12)
            painter.setFont(font)
            painter.drawText(QRectF(0, 0, width, line * 2), Qt.TextFlag.TextWordWrap,
                             self.what.text())
            big = QFont("monospace")
            big.setPointSize(24)
            big.setBold(True)
            painter.setFont(big)
            painter.drawText(QRectF(0, line * 2, width, line * 2), self.code.code)
            painter.setFont(font)
            painter.drawText(QRectF(0, line * 4, width, line), self.server.text())
            side = dpi * 2  # two inches of QR code
            painter.drawPixmap(QRectF(0, line * 5.5, side, side).toRect(), self.qr)
        finally:
            painter.end()


class NewCodeDialog(QDialog):
    """Asks what the new device is: its name, role and division code."""

    def __init__(self, scope: str, parent: QWidget | None = None, *,
                 places: PlaceNames | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新设备注册码"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("例如：梅溪村第一书记笔记本"))
        self.role = QComboBox()
        for role in DEVICE_ROLES:
            self.role.addItem(role_label(role), role)
        self.scope = QLineEdit(scope)
        self.scope.setPlaceholderText(self.tr("12 位区划代码"))
        self.places = places
        self.place = QLabel()  # the entered code's place name
        self.place.setStyleSheet("color: gray")
        self.scope.textChanged.connect(self._show_place)
        self._show_place()
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #a4262c")
        form = QFormLayout(self)
        form.addRow(self.tr("设备名称"), self.name)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("辖区代码"), self.scope)
        form.addRow("", self.place)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("生成注册码"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _show_place(self) -> None:
        code = self.scope.text().strip()
        full = self.places.full(code) if self.places is not None and code else code
        self.place.setText(full if full != code else "")

    def accept(self) -> None:
        """Close only with a name and a division code of digits."""
        scope = self.scope.text().strip()
        if not self.name.text().strip():
            self.problem.setText(self.tr("设备名称：请填写。"))
        elif not scope.isascii() or not scope.isdigit() or len(scope) not in (2, 4, 6, 9, 12):
            self.problem.setText(self.tr("辖区代码：须为 2、4、6、9 或 12 位数字。"))
        else:
            super().accept()

    def values(self) -> tuple[str, str, str]:
        """(name, role, scope) as entered."""
        return self.name.text().strip(), self.role.currentData(), self.scope.text().strip()


def _ask(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


class DevicesPage(QWidget):
    """The devices of the county, with enrolment codes, revocation and re-enrolment."""

    #: The text after the page's title in the navigation: devices silent too long.
    counted = Signal(str)

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setup: AdminSetup | None = None
        self.credential: AdminCredential | None = None
        self.devices_read_at: datetime | None = None
        #: asks (parent, title, text) -> yes; tests replace it
        self.confirm: Callable[[QWidget, str, str], bool] = _ask
        self.code_dialog: CodeDialog | None = None
        self.new_code_dialog: NewCodeDialog | None = None
        #: the acting user's account role, as last read ("" until read)
        self.role = ""
        self.model = DeviceTableModel(self, today=today)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._setup_panel())
        self.stack.addWidget(self._list_panel())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.places = PlaceWatch(runner, self, self._names)
        self.places.start()
        ops.read_setup(runner, self).without_progress().success(self._set_up).run()
        accounts_ops.my_role(runner, self).without_progress().success(self._set_role).run()

    # -- the role ------------------------------------------------------------------------
    def may_manage(self) -> bool:
        """Whether the acting user (role as last read) may manage devices."""
        return accounts.may(self.role, "manage_devices")

    def _set_role(self, role: str) -> None:
        self.role = role
        refused = "" if self.may_manage() else self._refusal()
        for button in (self.enrol_button, self.new_button, self.admin_button):
            button.setEnabled(not refused)
            button.setToolTip(refused)
        self._selection_changed()

    def _refusal(self) -> str:
        text = fill(_tr(WORDS["not_admin_role"]), role_text(self.role))
        if self.role == accounts.REVIEWER:
            text += _tr(WORDS["grant_hint"])
        return text

    def _as_admin(self, what: str, then: Callable[[], None]) -> None:
        """Run ``then`` if the acting user's role, read again on the DB thread, may manage
        devices; else say why not (on both panels), audit the refusal of ``what`` and do
        nothing."""
        def checked(role: str) -> None:
            self._set_role(role)
            if self.may_manage():
                then()
                return
            for label in (self.status, self.setup_status):
                label.setStyleSheet("color: #a4262c")
                label.setText(self._refusal())

        accounts_ops.check_manage_devices(self.runner, self, what).without_progress().success(
            checked).run()

    # -- the admin code, once --------------------------------------------------------
    def _setup_panel(self) -> QWidget:
        box = QGroupBox(self.tr("县级管理身份"))
        intro = QLabel(self.tr(
            "管理设备需要县级管理令牌，它与本机同步数据用的设备令牌不同。请向县服务器管理员索取"
            "一次性管理注册码（服务器上执行 bangfu-server enroll --role admin），在这里输入一次；"
            "令牌加密保存在本机档案中，不会同步。也可以粘贴注册码二维码中的文字。"))
        intro.setWordWrap(True)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://jyfw.example.cn:8443")
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("XXXXXX-XXXXXX-XXXXXX-XXXXXX")
        self.code_edit.returnPressed.connect(self.enrol)
        self.enrol_button = QPushButton(self.tr("输入管理注册码"))
        self.enrol_button.clicked.connect(self.enrol)
        self.setup_status = QLabel()
        self.setup_status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("服务器地址"), self.url_edit)
        form.addRow(self.tr("管理注册码"), self.code_edit)
        inner = QVBoxLayout(box)
        inner.addWidget(intro)
        inner.addLayout(form)
        inner.addWidget(self.enrol_button, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.setup_status)
        panel = QWidget()
        outer = QVBoxLayout(panel)
        outer.addWidget(box)
        outer.addStretch(1)
        return panel

    def _set_up(self, setup: AdminSetup) -> None:
        self.setup = setup
        self.url_edit.setText(setup.credential.url if setup.credential else setup.server_url)
        if setup.credential is None:
            self.stack.setCurrentIndex(0)
            return
        self._use(setup.credential)

    def enrol(self) -> None:
        """Exchange the admin code typed in for an admin token, keep it, list devices
        (县级管理员 only)."""
        if self.setup is not None:
            self._as_admin("admin_code", self._enrol)

    def _enrol(self) -> None:
        if self.setup is None:
            return
        code = self.code_edit.text().strip()
        if not code:
            self.setup_status.setText(self.tr("管理注册码：请填写。"))
            return
        self.enrol_button.setEnabled(False)
        self.setup_status.setStyleSheet("")
        self.setup_status.setText(self.tr("正在向县服务器登记…"))
        ops.enrol_admin(self.runner, self, self.setup, url=self.url_edit.text(), code=code
                        ).without_progress().success(self._enrolled).failure(
                            self._enrol_failed).run()

    def _enrolled(self, credential: AdminCredential) -> None:
        self.code_edit.clear()
        self.setup_status.clear()
        self.enrol_button.setEnabled(True)
        ops.keep_admin(self.runner, self, credential).without_progress().success(
            lambda _changes: self._use(credential)).run()

    def _enrol_failed(self, exc: BaseException) -> None:
        self.enrol_button.setEnabled(True)
        self.setup_status.setText(error_text(exc))

    def _names(self, places: PlaceNames) -> None:
        """Names were read (or changed): show them in the list and the admin's scope."""
        self.model.set_places(places)
        if self.credential is not None:
            self._admin_label()

    def _admin_label(self) -> None:
        scope = self.credential.scope if self.credential else ""
        url = self.credential.url if self.credential else ""
        self.admin_label.setText(fill(self.tr("管理员辖区 %1 · %2"),
                                      village_cell(self.places.places, scope), url))
        self.admin_label.setToolTip(tip(self.places.places, scope))

    def _use(self, credential: AdminCredential) -> None:
        self.credential = credential
        self.model.set_own({self.runner.identity.device, credential.device_id})
        if self.setup is not None:
            self.setup = AdminSetup(credential, self.setup.server_url, self.setup.ca_pem)
        self._admin_label()
        self.stack.setCurrentIndex(1)
        self.reload()

    def change_admin_code(self) -> None:
        """Enter another admin code (a new token replaces the kept one once accepted;
        县级管理员 only)."""
        self._as_admin("admin_code", self._change_admin_code)

    def _change_admin_code(self) -> None:
        self.setup_status.setStyleSheet("")
        self.setup_status.setText(self.tr("输入新的管理注册码；在服务器接受之前，原令牌继续有效。"))
        self.stack.setCurrentIndex(0)

    # -- the list --------------------------------------------------------------------------
    def _list_panel(self) -> QWidget:
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.reload)
        self.new_button = QPushButton(self.tr("新设备注册码…"))
        self.new_button.clicked.connect(self.ask_new_code)
        self.revoke_button = QPushButton(self.tr("吊销…"))
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.reenrol_button = QPushButton(self.tr("重新注册码"))
        self.reenrol_button.clicked.connect(self.reenrol_selected)
        self.admin_button = QPushButton(self.tr("更换管理注册码…"))
        self.admin_button.clicked.connect(self.change_admin_code)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.admin_label = QLabel()
        self.admin_label.setStyleSheet("color: gray")
        top = QHBoxLayout()
        for button in (self.refresh_button, self.new_button, self.revoke_button,
                       self.reenrol_button):
            top.addWidget(button)
        top.addStretch(1)
        top.addWidget(self.admin_label)
        top.addWidget(self.admin_button)
        legend = QLabel(fill(self.tr("按最久未联系排在前；红色：超过 %1 天未同步。吊销的设备排在最后。"),
                             SILENT_DAYS))
        legend.setStyleSheet("color: gray")
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addWidget(legend)
        self._selection_changed()
        return panel

    def reload(self) -> None:
        """Read the device list from the server again (network), then show it."""
        if self.credential is None:
            return
        self.status.setText(self.tr("正在读取设备列表…"))
        self.refresh_button.setEnabled(False)
        ops.list_devices(self.runner, self, self.credential).without_progress().success(
            self._show).failure(self._failed).run()

    def _show(self, devices: list[DeviceInfo]) -> None:
        chosen = self.selected()
        self.refresh_button.setEnabled(True)
        self.devices_read_at = datetime.now()
        self.model.set_devices(devices)
        silent = self.model.silent_count()
        self.status.setStyleSheet("")
        self.status.setText(fill(self.tr("共 %n 台设备，%1 台超过 %2 天未同步（%3 读取）", "",
                                         len(devices)), silent, SILENT_DAYS,
                                 self.devices_read_at.strftime("%H:%M")))
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(DeviceTableModel.COL_ERROR, min(
            self.view.columnWidth(DeviceTableModel.COL_ERROR), ERROR_WIDTH))
        self._select(chosen.device_id if chosen else None)
        self.counted.emit(str(silent) if silent else "")

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setStyleSheet("color: #a4262c")
        self.status.setText(error_text(exc))
        if getattr(exc, "kind", "") == "auth":
            self.setup_status.setText(error_text(exc))
            self.stack.setCurrentIndex(0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Shown again after a while: read the list again."""
        super().showEvent(event)
        read = self.devices_read_at
        if read is not None and (datetime.now() - read).total_seconds() > STALE_S:
            self.reload()

    def selected(self) -> DeviceInfo | None:
        """The device of the selected row, if any."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.device_at(rows[0].row()) if rows else None

    def _select(self, device_id: str | None) -> None:
        for row in range(self.model.rowCount()):
            if self.model.device_at(row).device_id == device_id:
                self.view.selectRow(row)
                return
        self._selection_changed()

    def select_device(self, device_id: str) -> None:
        """Select the row of ``device_id``."""
        self._select(device_id)

    def _selection_changed(self, *_args: object) -> None:
        device = self.selected()
        manage = self.may_manage()
        self.revoke_button.setEnabled(manage and device is not None and not device.revoked)
        self.reenrol_button.setEnabled(manage and device is not None and device.role != "admin")
        for button in (self.revoke_button, self.reenrol_button):
            button.setToolTip("" if manage else self._refusal())

    # -- actions ---------------------------------------------------------------------------
    def ask_new_code(self) -> None:
        """Ask what the new device is, then get its code from the server (县级管理员)."""
        if self.credential is not None:
            self._as_admin("new_code", self._ask_new_code)

    def _ask_new_code(self) -> None:
        if self.credential is None:
            return
        dialog = NewCodeDialog(self.credential.scope.ljust(12, "0"), self,
                               places=self.places.places)
        dialog.accepted.connect(lambda: self._new_code(*dialog.values()))
        self.new_code_dialog = dialog
        dialog.open()

    def _new_code(self, name: str, role: str, scope: str) -> None:
        if self.credential is None:
            return
        what = fill(self.tr("新设备“%1”（%2，辖区 %3）的一次性注册码"), name, role_label(role),
                    village_cell(self.places.places, scope))
        ops.new_device_code(self.runner, self, self.credential, name=name, role=role,
                            scope=scope).with_progress(self.tr("正在生成注册码…")).success(
            lambda code: self._show_code(code, title=self.tr("新设备注册码"), what=what)
        ).failure(self._action_failed).run()

    def revoke_selected(self) -> None:
        """Revoke the selected device after a confirmation (a second one for this laptop's
        own device or admin identity; 县级管理员 only); then read the list again."""
        device = self.selected()
        if device is not None and self.credential is not None:
            self._as_admin("revoke", lambda: self._revoke(device))

    def _revoke(self, device: DeviceInfo) -> None:
        if self.credential is None:
            return
        question = fill(self.tr("吊销设备“%1”（%2）？它的令牌立即失效，不能再同步；以后可用重新注册码找回。"),
                        device.name, village_cell(self.places.places, device.scope))
        if not self.confirm(self, self.tr("吊销设备"), question):
            return
        if self.model.is_own(device) and not self.confirm(
                self, self.tr("吊销本机"), self._own_warning(device)):
            return
        ops.revoke_device(self.runner, self, self.credential, device.device_id).with_progress(
            self.tr("正在吊销…")).success(lambda _changed: self.reload()).failure(
            self._action_failed).run()

    def _own_warning(self, device: DeviceInfo) -> str:
        if self.credential is not None and device.device_id == self.credential.device_id:
            return fill(self.tr("“%1”是本机的县级管理身份。吊销后本机立即不能再管理设备，须向服务器"
                                "管理员索取新的管理注册码。确定吊销本机的管理身份吗？"), device.name)
        return fill(self.tr("“%1”是本机自己的同步设备。吊销后本机立即不能再与县服务器同步，须用重新"
                            "注册码找回。确定吊销本机吗？"), device.name)

    def reenrol_selected(self) -> None:
        """A re-enrolment code for the selected device (a moved or recovered laptop;
        县级管理员 only)."""
        device = self.selected()
        if device is not None and self.credential is not None:
            self._as_admin("reenrol_code", lambda: self._reenrol(device))

    def _reenrol(self, device: DeviceInfo) -> None:
        if self.credential is None:
            return
        what = fill(self.tr("设备“%1”（%2）按原编号重新注册的一次性注册码，只能给这台设备用"),
                    device.name, village_cell(self.places.places, device.scope))
        ops.reenrolment_code(self.runner, self, self.credential, device.device_id
                             ).with_progress(self.tr("正在生成注册码…")).success(
            lambda code: self._show_code(code, title=self.tr("重新注册码"), what=what)
        ).failure(self._action_failed).run()

    def _show_code(self, code: EnrolmentCode, *, title: str, what: str) -> None:
        self.code_dialog = CodeDialog(code, title=title, what=what, parent=self)
        self.code_dialog.open()
        self.reload()

    def _action_failed(self, exc: BaseException) -> None:
        self._failed(exc)
