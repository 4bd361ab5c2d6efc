"""连接县服务器: enrol this laptop with the county server from the app.

The county gives the address, a one-time code and, for a server whose certificate
comes from the county's own CA, that CA's certificate file. The exchange runs on
the network pool and the connection is then kept on the DB thread; a failure is
shown in the dialog under the field it concerns and
nothing is kept.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
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
from sync.client.enrolment import Connection, read_ca

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
}


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
        except SyncError as exc:
            self.show_failure(exc)
            return
        url, code = self.address.text(), self.code.text()
        self.connect_button.setEnabled(False)
        self.connect_button.setText(self.tr("正在连接…"))
        ops.enrol(self.runner, self, url, code, ca_pem=ca_pem).with_progress(
            self.tr("正在连接县服务器…")).success(self._enrolled).failure(self.show_failure).run()

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
        text = error_text(exc)
        if field:
            text = QCoreApplication.translate(_CONTEXT, field) + self.tr("：") + text
        self.error.setText(text)
