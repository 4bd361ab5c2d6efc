"""The sync action: push and pull with the county server, on the store thread."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundRunner, StoreOp
from desktop.embedded_server import SERVER_URL_KEY, TOKEN_KEY
from desktop.errors import show_error
from registry.replica import StoreReplica
from registry.store import Store
from sync.client import SyncClient, SyncResult


class SyncController(QObject):
    """Runs one sync at a time and reports its result."""

    finished = Signal(object)

    def __init__(self, store: Store, runner: BackgroundRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.store, self.runner, self._parent = store, runner, parent
        self.running = False

    def configured(self) -> bool:
        """True once the device is enrolled with a county server."""
        return bool(self.store.meta(SERVER_URL_KEY) and self.store.meta(TOKEN_KEY))

    def sync_now(self) -> None:
        """Start a sync unless one is running."""
        if self.running:
            return
        self.running = True
        StoreOp(self.runner, self._parent, self._run, label=self.tr("正在与县服务器同步…")
                ).success(self._done).failure(self._failed).run()

    def _run(self) -> SyncResult:
        url, token = self.store.meta(SERVER_URL_KEY), self.store.meta(TOKEN_KEY)
        return SyncClient(str(url), str(token), StoreReplica(self.store)).sync()

    def _done(self, result: SyncResult) -> None:
        self.running = False
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        show_error(self._parent, exc)


def summary(result: SyncResult) -> str:
    """One line for the status bar."""
    text = QCoreApplication.translate("sync", "同步完成：上传 %1 条，下载 %2 条，冲突 %3 条，待核查 %4 条")
    return (text
            .replace("%1", str(result.pushed)).replace("%2", str(result.pulled))
            .replace("%3", str(len(result.conflicts))).replace("%4", str(len(result.flagged))))
