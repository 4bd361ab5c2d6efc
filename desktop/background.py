"""Run store work off the GUI thread: one helper, delayed progress, one error presenter.

``StoreOp(parent, lambda store: ...).success(cb).failure(cb).run()`` runs the
function on the single store thread (store calls are serialised there), then
calls ``success`` with the result on the GUI thread, or the error presenter.
A progress dialog appears only if the work takes longer than 600 ms, unless the
caller shows its own (``progress=False``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import show_error

PROGRESS_DELAY_MS = 600

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # handed to the GUI thread, shown there
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


class BackgroundRunner(QObject):
    """Owns the one store thread. Widgets never touch the store from the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

    def wait(self) -> None:
        """Block until queued work is done (tests and shutdown)."""
        self.pool.waitForDone()


class StoreOp:
    """One piece of background work with its success and failure handlers."""

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None,
                 work: Callable[[], Any], *, label: str = "", progress: bool = True) -> None:
        self._runner, self._parent, self._work, self._label = runner, parent, work, label
        self._progress = progress
        self._on_success: Callable[[Any], None] = lambda _result: None
        self._on_failure: Callable[[BaseException], None] = lambda exc: show_error(parent, exc)

    def success(self, callback: Callable[[Any], None]) -> StoreOp:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> StoreOp:
        self._on_failure = callback
        return self

    def run(self) -> None:
        signals = _Signals(self._runner)
        progress = _DelayedProgress(self._parent, self._label, enabled=self._progress)
        signals.done.connect(lambda result: (progress.close(), self._deliver(
            self._on_success, result)), Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(lambda exc: (progress.close(), self._deliver(
            self._on_failure, exc)), Qt.ConnectionType.QueuedConnection)
        self._runner.pool.start(_Task(self._work, signals))

    def _deliver(self, handler: Callable[[Any], None], value: Any) -> None:
        """Hand the outcome over, unless the widget that asked is gone (closed window):
        then no one can see it; a failure is logged by type only."""
        if self._parent is None or shiboken6.isValid(self._parent):
            handler(value)
        elif isinstance(value, BaseException):
            log.warning("%s after its window was closed", type(value).__name__)


class _DelayedProgress:
    """A busy dialog shown only if the work outlasts ``PROGRESS_DELAY_MS``."""

    def __init__(self, parent: QWidget | None, label: str, *, enabled: bool = True) -> None:
        self._dialog: QProgressDialog | None = None
        self._parent, self._label = parent, label
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        if enabled:
            self._timer.start(PROGRESS_DELAY_MS)

    def _show(self) -> None:
        self._dialog = QProgressDialog(self._label, "", 0, 0, self._parent)
        self._dialog.setCancelButton(None)
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.show()

    def close(self) -> None:
        self._timer.stop()
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.close()
