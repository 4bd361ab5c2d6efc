"""The 同步 menu: 立即同步, 连接县服务器…, 导出U盘数据包….

A laptop out of network for weeks carries its pending changes to the county on a
USB stick: the bundle is sealed to the county server's key and signed by this
device (both from enrolment). Writing it acknowledges nothing; the changes stay
pending until the server has them (imported bundle or next sync).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from desktop import ops
from desktop.background import BackgroundRunner
from desktop.connect_dialog import ConnectDialog
from desktop.sync_ui import SyncController
from desktop.text import fill
from sync.client.enrolment import Connection


class SyncMenu(QMenu):
    """The 同步 menu of the main window; the status bar tells what its actions did."""

    # the connection read at start or just made (None: not connected)
    connection_changed = Signal(object)

    def __init__(self, runner: BackgroundRunner, window: QMainWindow) -> None:
        super().__init__(QCoreApplication.translate("SyncMenu", "同步"), window)
        self.runner, self.window = runner, window
        self.controller = SyncController(runner, window)
        self.sync_action = QAction(self.tr("立即同步"), self)
        self.sync_action.setShortcut(QKeySequence("Ctrl+R"))
        self.sync_action.triggered.connect(lambda: self.controller.sync_now())
        self.connect_action = QAction(self.tr("连接县服务器…"), self)
        self.connect_action.triggered.connect(self.open_connect)
        self.bundle_action = QAction(self.tr("导出U盘数据包…"), self)
        self.bundle_action.triggered.connect(self.choose_bundle_file)
        for action in (self.sync_action, self.connect_action, self.bundle_action):
            self.addAction(action)
        self.sync_action.setEnabled(False)  # until the connection is read
        self.bundle_action.setEnabled(False)
        self.dialog: ConnectDialog | None = None
        # The status-bar message when this device has no connection (after reading it).
        self.unconnected_hint = QCoreApplication.translate(
            "MainWindow", "本机尚未连接县服务器：请在“同步 → 连接县服务器…”中填写县里提供的地址和注册码。")
        self.refresh()

    def refresh(self) -> None:
        """Read the connection (DB thread), then enable syncing and bundles if there is one."""
        ops.connection(self.runner, self).success(self._show_connection).run()

    def _show_connection(self, connection: Connection | None) -> None:
        if connection is None and self.unconnected_hint:
            self.window.statusBar().showMessage(self.unconnected_hint)
        self.connection_changed.emit(connection)
        self.sync_action.setEnabled(connection is not None)
        self.bundle_action.setEnabled(bool(connection and connection.server_key
                                           and connection.signing_key))

    def open_connect(self) -> ConnectDialog:
        """Show the 连接县服务器 dialog (not modal: the work runs on the runner)."""
        if self.dialog is not None:  # one at a time: the last one is done with
            self.dialog.deleteLater()
        self.dialog = ConnectDialog(self.runner, self.window)
        self.dialog.connected.connect(self._connected)
        self.dialog.open()
        return self.dialog

    def _connected(self, connection: Connection) -> None:
        self._show_connection(connection)
        self.window.statusBar().showMessage(
            fill(self.tr("已连接县服务器 %1（辖区 %2），可以同步了"), connection.url, connection.scope))

    def choose_bundle_file(self) -> None:
        """Ask where to write the bundle (a USB stick), then write it."""
        default = f"bangfu-{self.runner.identity.device}-{date.today():%Y%m%d}.bundle"
        name, _ = QFileDialog.getSaveFileName(self.window, self.tr("导出U盘数据包"), default,
                                              self.tr("数据包 (*.bundle)"))
        if name:
            self.export_bundle(Path(name))

    def export_bundle(self, path: Path) -> None:
        """Seal every pending change into ``path`` on the DB thread."""
        ops.export_bundle(self.runner, self.window, path).with_progress(
            self.tr("正在导出U盘数据包…")).success(lambda made: self._exported(path, made)).run()

    def _exported(self, path: Path, bundle: ops.Bundle) -> None:
        if not bundle.changes:
            QMessageBox.information(self.window, self.tr("导出U盘数据包"),
                                    self.tr("没有待上传的修改，未写入文件。"))
            return
        count = bundle.records
        if count:
            text = self.tr("已导出 %n 条记录的修改到 %1。县人社局导入后，这些修改在下次联网同步时确认。", "",
                           count)
        else:  # audit entries alone
            text = self.tr("已导出审计日志到 %1。县人社局导入后，在下次联网同步时确认。")
        self.window.statusBar().showMessage(fill(text, path.name))
