"""连接县服务器: enrol this laptop with the county server from the app.

The county gives the address, a one-time code and, for a server whose certificate
comes from the county's own CA, that CA's certificate file. A USB QR scanner types
the county's enrolment QR (JSON) into the code field: its address and code are read
from it. When the profile already holds a connection (also a revoked one), the dialog
re-enrols under the same device id with the county's 重新注册码 (the old token proves
the device), so the journal and its pending changes carry on. The exchange runs on
the network pool and the connection is then kept on the DB thread; a failure is
shown in the dialog under the field it concerns and nothing is kept.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
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

from desktop import ops
from desktop.background import BackgroundRunner
from desktop.errors import error_text
from desktop.text import fill
from sync.client import SyncError
from sync.client.enrolment import Connection, EnrolmentQr, read_ca, read_enrolment_qr

_CONTEXT = "ConnectDialog"
#: The field a failure of each kind concerns.
_FIELD_OF = {
    "address": QT_TRANSLATE_NOOP("ConnectDialog", "服务器地址"),
    "network": QT_TRANSLATE_NOOP("ConnectDialog", "服务器地址"),
    "tls": QT_TRANSLATE_NOOP("ConnectDialog", "根证书"),
    "certificate": QT_TRANSLATE_NOOP("ConnectDialog", "根证书"),
    "code": QT_TRANSLATE_NOOP("ConnectDialog", "注册码"),
    "enrolled": QT_TRANSLATE_NOOP("ConnectDialog", "注册码"),
    "code_scope": QT_TRANSLATE_NOOP("ConnectDialog", "注册码"),
    "qr": QT_TRANSLATE_NOOP("ConnectDialog", "注册码"),
    "qr_device": QT_TRANSLATE_NOOP("ConnectDialog", "注册码"),
    "qr_no_old": QT_TRANSLATE_NOOP("ConnectDialog", "注册码"),
}
#: What the dialog itself says about a scanned QR code (the shared texts are in errors.py).
_QR_MESSAGES = {
    "qr": QT_TRANSLATE_NOOP("ConnectDialog", "扫描或粘贴的内容不是本系统的注册二维码。"
                            "请扫描县人社局设备页上的二维码，或手工输入注册码。"),
    "qr_device": QT_TRANSLATE_NOOP("ConnectDialog", "这个重新注册码是为设备 %1 签发的，"
                                   "不是本机（%2）。请向县人社局索取本机的重新注册码。"),
    "qr_no_old": QT_TRANSLATE_NOOP("ConnectDialog", "这是重新注册码，但本机档案没有保存过"
                                   "县服务器连接。请向县人社局索取新设备注册码。"),
}
#: A refused re-enrolment: the server does not say whether the code or the device was wrong.
_REENROL_REFUSED = QT_TRANSLATE_NOOP(
    "ConnectDialog", "重新注册被拒：注册码无效、已被使用，或不是为本机（设备编号 %1）签发的。"
    "请向县人社局索取本机的重新注册码。")


class _QrProblem(SyncError):
    """A scanned QR code this dialog cannot use; ``args`` fill its message."""

    def __init__(self, kind: str, *args: str) -> None:
        super().__init__(kind, kind)
        self.fill_args = args


class ConnectDialog(QDialog):
    """Address, one-time code and (optional) county CA file; 连接 enrols the device."""

    connected = Signal(object)  # the Connection, once kept

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(self.tr("连接县服务器"))
        self.address = QLineEdit()
        self.address.setPlaceholderText("https://jyfw.example.cn:8443")
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXXXX-XXXXXX-XXXXXX-XXXXXX")
        self.ca_path = QLineEdit()
        self.ca_path.setReadOnly(True)
        self.ca_path.setPlaceholderText(self.tr("不选：使用系统信任的证书机构"))
        self.reenrol = QCheckBox(self.tr("按原设备编号重新注册（本机被吊销或换了辖区时，"
                                         "输入县人社局给的重新注册码；未同步的修改会保留）"))
        self.reenrol.setVisible(False)
        self.kept: Connection | None = None
        self._reenrolling = False
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.connect_button = QPushButton(self.tr("连接"))
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.submit)
        self._layout()
        ops.connection(runner, self).success(self._prefill).run()
        self.setMinimumWidth(560)

    def _layout(self) -> None:
        choose = QPushButton(self.tr("选择…"))
        choose.clicked.connect(self._choose_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_path, 1)
        ca_row.addWidget(choose)
        form = QFormLayout()
        form.addRow(self.tr("服务器地址"), self.address)
        form.addRow(self.tr("注册码"), self.code)
        form.addRow("", self.reenrol)
        form.addRow(self.tr("根证书"), ca_row)
        intro = QLabel(self.tr("请填写县人社局提供的服务器地址和一次性注册码。"
                               "县服务器使用县里自己的证书时，还要选择县里提供的根证书文件。"))
        intro.setWordWrap(True)
        self.status = QLabel(fill(self.tr("本机档案的辖区：%1"), self.runner.identity.scope))
        buttons = QDialogButtonBox()
        buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QPushButton(self.tr("取消")), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        for widget in (intro, self.status):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _prefill(self, current: Connection | None) -> None:
        if current is None:
            return
        self.kept = current
        self.reenrol.setChecked(True)
        self.reenrol.setVisible(True)
        self.address.setText(current.url)
        self.status.setText(self.status.text() + fill(self.tr("；已连接 %1（%2，辖区 %3）"),
                                                      current.url, current.role, current.scope))

    def _choose_ca(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择县里的根证书"), "",
                                              self.tr("证书 (*.pem *.crt *.cer)"))
        if name:
            self.ca_path.setText(name)

    def submit(self) -> None:
        """Check the CA file here, then enrol (network pool) and keep the connection (DB thread)."""
        self.error.clear()
        try:
            ca_pem = read_ca(Path(self.ca_path.text())) if self.ca_path.text() else None
            qr = self._scanned()
            old = self._old_connection(qr)
        except SyncError as exc:
            self.show_failure(exc)
            return
        url, code = (qr.url, qr.code) if qr else (self.address.text(), self.code.text())
        self._reenrolling = old is not None
        self.connect_button.setEnabled(False)
        self.connect_button.setText(self.tr("正在连接…"))
        ops.enrol(self.runner, self, url, code, ca_pem=ca_pem, old=old).with_progress(
            self.tr("正在连接县服务器…")).success(self._enrolled).failure(self.show_failure).run()

    def _scanned(self) -> EnrolmentQr | None:
        """The enrolment QR a scanner typed into the code field (its address then fills
        the address field), or None for a typed code."""
        text = self.code.text().strip()
        if not text.startswith("{"):
            return None
        try:
            qr = read_enrolment_qr(text)
        except SyncError as exc:
            raise (_QrProblem("qr") if exc.kind == "code" else exc) from None
        self.address.setText(qr.url)
        return qr

    def _old_connection(self, qr: EnrolmentQr | None) -> Connection | None:
        """The kept connection to re-enrol from, or None to enrol as a new device. A
        re-enrolment QR names its device: it must be this one, and re-enrols always."""
        device = self.runner.identity.device
        if qr is not None and qr.device_id is not None:
            if qr.device_id != device:
                raise _QrProblem("qr_device", qr.device_id, device)
            if self.kept is None:
                raise _QrProblem("qr_no_old")
            return self.kept
        return self.kept if self.kept is not None and self.reenrol.isChecked() else None

    def _enrolled(self, connection: Connection) -> None:
        """The server took the code: keep the connection in the profile (DB thread)."""
        ops.keep_connection(self.runner, self, connection).success(self._connected).failure(
            self.show_failure).run()

    def _connected(self, connection: Connection) -> None:
        self.connected.emit(connection)
        self.accept()

    def show_failure(self, exc: BaseException) -> None:
        """Name the field and the problem under the form; nothing was kept."""
        self.connect_button.setEnabled(True)
        self.connect_button.setText(self.tr("连接"))
        field = _FIELD_OF.get(exc.kind) if isinstance(exc, SyncError) else None
        text = self._failure_text(exc)
        if field:
            text = QCoreApplication.translate(_CONTEXT, field) + self.tr("：") + text
        self.error.setText(text)

    def _failure_text(self, exc: BaseException) -> str:
        if isinstance(exc, _QrProblem):
            return fill(QCoreApplication.translate(_CONTEXT, _QR_MESSAGES[exc.kind]),
                        *exc.fill_args)
        if self._reenrolling and isinstance(exc, SyncError) and exc.kind == "code":
            return fill(QCoreApplication.translate(_CONTEXT, _REENROL_REFUSED),
                        self.runner.identity.device)
        return error_text(exc)
