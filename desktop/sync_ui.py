"""The sync action: push and pull with the county server on the DB thread, with a
progress dialog whose 取消 button stops the sync between batches.

The sync client reports progress from the DB thread; ``SyncController.progressed``
carries it to the GUI thread (queued), where the dialog applies it at most every
``PROGRESS_INTERVAL_MS``. Cancelling loses nothing: batches are idempotent and changes
are acknowledged only after the server committed them, so the next sync resumes.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import ops
from desktop.background import BackgroundRunner
from desktop.errors import show_error
from desktop.text import fill
from sync.client import SyncResult

# The dialog redraws at most this often, however fast the client reports.
PROGRESS_INTERVAL_MS = 100

_CONTEXT = "SyncProgressDialog"
_PHASES = {
    "push": QT_TRANSLATE_NOOP("SyncProgressDialog", "正在上传本机的修改…"),
    "pull": QT_TRANSLATE_NOOP("SyncProgressDialog", "正在下载县服务器上的修改…"),
    "bootstrap": QT_TRANSLATE_NOOP("SyncProgressDialog", "首次同步：正在下载本辖区的全部记录…"),
    "check": QT_TRANSLATE_NOOP("SyncProgressDialog", "正在核对本机与县服务器的数据…"),
    "repair": QT_TRANSLATE_NOOP("SyncProgressDialog", "正在修复：按县服务器的数据重建本机记录…"),
}
_COUNTS = {
    "push": QT_TRANSLATE_NOOP("SyncProgressDialog", "已上传 %1 / %2 条记录"),
    "pull": QT_TRANSLATE_NOOP("SyncProgressDialog", "已下载 %1 项修改"),
    "bootstrap": QT_TRANSLATE_NOOP("SyncProgressDialog", "已下载 %1 / %2 条记录"),
    "check": QT_TRANSLATE_NOOP("SyncProgressDialog", "比对记录条数与校验值"),
    "repair": QT_TRANSLATE_NOOP("SyncProgressDialog", "共 %2 条记录"),
}


class SyncProgressDialog(QDialog):
    """Phase, a bar (determinate when the total is known, busy otherwise), counts, 取消.

    ``report`` may be called as often as the client likes; the widgets change at most
    every ``PROGRESS_INTERVAL_MS`` and always end on the latest report.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("同步"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.phase = QLabel()
        self.phase.setStyleSheet("font-weight: bold")
        self.bar = QProgressBar()
        self.count = QLabel()
        note = QLabel(self.tr("可以随时取消：已上传的数据不会丢失，未完成的部分下次同步时继续。"))
        note.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("取消"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.phase)
        layout.addWidget(self.bar)
        layout.addWidget(self.count)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self._latest: tuple[str, int, int | None] | None = None
        self._cancelling = False
        self._timer = QTimer(self, singleShot=True, interval=PROGRESS_INTERVAL_MS)
        self._timer.timeout.connect(self._flush)

    def start(self, label: str) -> None:
        """Reset to ``label`` with a busy bar, and show."""
        self._timer.stop()
        self._latest, self._cancelling = None, False
        self.phase.setText(label)
        self.count.setText(" ")
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.show()

    def report(self, phase: str, done: int, total: int | None) -> None:
        """Take one progress report (GUI thread): shown now, or when the interval ends."""
        self._latest = (phase, done, total)
        if not self._timer.isActive():
            self._flush()

    def _flush(self) -> None:
        if self._latest is None:
            return
        phase, done, total = self._latest
        self._latest = None
        self._timer.start()
        if not self._cancelling and phase in _PHASES:  # an unknown phase keeps the last label
            self.phase.setText(QCoreApplication.translate(_CONTEXT, _PHASES[phase]))
        counts = QCoreApplication.translate(_CONTEXT, _COUNTS.get(phase, ""))
        self.count.setText(fill(counts, done, total or 0) or " ")
        if phase in ("push", "bootstrap") and total:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def reject(self) -> None:
        """取消, Esc or the close box: ask the sync to stop; the dialog closes when it has."""
        if not self._cancelling:
            self._cancelling = True
            self.cancel_button.setEnabled(False)
            self.phase.setText(self.tr("正在取消…"))
            self.cancel_requested.emit()

    def finish(self) -> None:
        """The sync ended: apply nothing more and close."""
        self._timer.stop()
        self._latest = None
        self.done(QDialog.DialogCode.Accepted)


class SyncController(QObject):
    """Runs one sync at a time, shows its progress, and reports its result.

    A quiet sync (the automatic one) shows no dialog and no error box: its failure is
    only emitted (``failed``); choosing 立即同步 while it runs shows its progress."""

    finished = Signal(object)
    # (the error, whether the sync was quiet), after a sync failed
    failed = Signal(object, bool)
    # (quiet), when a sync starts
    started = Signal(bool)
    # (phase, done, total or None), emitted on the DB thread
    progressed = Signal(str, int, object)

    def __init__(self, runner: BackgroundRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.runner, self._parent = runner, parent
        self.running = False
        self.quiet = False
        self._cancel = threading.Event()
        self.dialog = SyncProgressDialog(parent)
        self.dialog.cancel_requested.connect(self.cancel)
        self.progressed.connect(self.dialog.report, Qt.ConnectionType.QueuedConnection)

    def sync_now(self, *, quiet: bool = False) -> bool:
        """Start a sync unless one is running (a manual request then shows the running
        one's progress). True if a sync started."""
        if self.running:
            if self.quiet and not quiet:
                self.quiet = False
                self.dialog.start(self.tr("正在与县服务器同步…"))
            return False
        self.running, self.quiet = True, quiet
        cancel = self._cancel = threading.Event()
        if not quiet:
            self.dialog.start(self.tr("正在与县服务器同步…"))
        self.started.emit(quiet)
        ops.sync(self.runner, self._parent, progress=self.progressed.emit, cancel=cancel
                 ).success(self._done).failure(self._failed).without_progress().run()
        return True

    def cancel(self) -> None:
        """Ask the running sync to stop after the batch in flight."""
        self._cancel.set()

    def _done(self, synced: ops.Synced) -> None:
        self.running = False
        self.dialog.finish()
        self.finished.emit(synced.result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.dialog.finish()
        if not self.quiet:
            show_error(self._parent, exc)
        self.failed.emit(exc, self.quiet)


def summary(result: SyncResult) -> str:
    """One line for the status bar; 上传 counts records (``SyncResult.records``), as the
    indicator's 待上传 and the dialog's 已上传 do."""
    if result.cancelled:
        return fill(QCoreApplication.translate(
            "sync", "同步已取消：已上传 %1 条记录，下载 %2 项修改；未完成的部分下次继续"),
            result.records, result.pulled)
    text = fill(QCoreApplication.translate(
        "sync", "同步完成：上传 %1 条记录，下载 %2 项修改，冲突 %3 条，待核查 %4 条"),
        result.records, result.pulled, len(result.conflicts), len(result.flagged))
    if result.resent:  # the fact that matters, whatever was resent (audit entries alone too)
        # a name: lupdate skips a call whose count is an attribute (a message of this
        # function has no plural forms in the .ts file: the English avoids needing one)
        resent = result.resent_records
        text += QCoreApplication.translate(
            "sync", "；县服务器与本机不一致（可能从备份恢复），本机修改已全部重新上传（%n 条记录）", "",
            resent)
    if result.repaired:
        text += QCoreApplication.translate("sync", "；已按县服务器数据重建本机记录")
    return text
