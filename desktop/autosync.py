"""Sync in the background: a thin Qt adapter over ``sync.client.schedule``.

``AutoSyncController(runner, sync_controller, parent)`` probes the county server
(``GET /v1/health`` on the runner's network pool, never the GUI thread) when the schedule
says so, and starts a quiet sync through the same ``SyncController`` as 立即同步 when the
server comes up, and after local changes (debounced) while it is reachable. One QTimer
wakes it at the schedule's next time. The schedule never runs two syncs at once, nor one
while the user's own sync runs; ``stop()`` cancels what is running and ends the schedule.
Nothing happens while the profile has no county-server connection.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop import ops
from desktop.background import BackgroundRunner, NetworkOp
from desktop.sync_state import probe
from desktop.sync_ui import SyncController
from registry.store import Changes
from sync.client import SyncError
from sync.client.enrolment import Connection
from sync.client.schedule import PROBE, SYNC, AutoSyncSchedule

Probe = Callable[[Connection], bool]


class AutoSyncController(QObject):
    """Probes and syncs in the background; tells whether the server is reachable."""

    #: True / False after each probe (and after a sync that could not reach the server)
    reachability = Signal(bool)

    def __init__(self, runner: BackgroundRunner, sync: SyncController, parent: QWidget, *,
                 schedule: AutoSyncSchedule | None = None, probe_with: Probe = probe) -> None:
        super().__init__(parent)
        self.runner, self.sync, self._parent = runner, sync, parent
        self.schedule = schedule or AutoSyncSchedule()
        self._probe = probe_with
        self.connection: Connection | None = None
        self.enabled = False  #: between start() and stop(): a new connection arms the timer
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.step)
        sync.started.connect(lambda _quiet: self._sync_started())
        sync.finished.connect(lambda _result: self._sync_ended(ok=True))
        sync.failed.connect(lambda exc, _quiet: self._sync_ended(ok=False, error=exc))
        runner.changed.connect(self._changed)
        parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The window closes: stop."""
        if watched is self._parent and event.type() == QEvent.Type.Close:
            self.stop()
        return False

    def start(self) -> None:
        """Read the connection (DB thread), then begin probing if there is one."""
        self.enabled = True
        self.schedule.resume()
        ops.connection(self.runner, self._parent).success(self.set_connection).run()

    def set_connection(self, connection: Connection | None) -> None:
        """Use ``connection`` from now on (None: the profile is not connected: stay off)."""
        self.connection = connection
        self.schedule.set_connected(connection is not None)
        self._rearm()

    def stop(self) -> None:
        """Stop probing and syncing; a running automatic sync is cancelled."""
        self.enabled = False
        self.schedule.stop()
        self.timer.stop()
        if self.sync.running and self.sync.quiet:
            self.sync.cancel()

    def step(self) -> None:
        """Do what is due now, then wait for the next time."""
        due = self.schedule.due()
        if due == SYNC:  # a sync that starts tells the schedule through its signal
            if not self.sync.sync_now(quiet=True):  # one already runs: wait for its end
                self.schedule.sync_started()
        elif due == PROBE and self.connection is not None:
            self.schedule.probe_started()
            kept = self.connection
            NetworkOp(self.runner, self._parent, lambda: self._probe(kept)).success(
                self._probed).failure(lambda _exc: self._probed(False)).without_progress().run()
        self._rearm()

    def _probed(self, reachable: bool) -> None:
        self.schedule.probed(reachable)
        self.reachability.emit(reachable)
        self._rearm()

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if changes.change_ids:  # a journaled local write: something to upload
            self.schedule.changed()
            self._rearm()

    def _sync_started(self) -> None:
        self.schedule.sync_started()
        self._rearm()

    def _sync_ended(self, *, ok: bool, error: BaseException | None = None) -> None:
        network = isinstance(error, SyncError) and error.kind == "network"
        self.schedule.sync_finished(ok=ok, network_failed=network)
        if ok or network:
            self.reachability.emit(ok)
        self._rearm()

    def _rearm(self) -> None:
        wait = self.schedule.next_wakeup() if self.enabled else None  # off: nothing is armed
        if wait is None:
            self.timer.stop()
        else:
            self.timer.start(int(wait * 1000))


#: QSettings key: sync by itself when the county server is reachable (default on).
AUTOMATIC_KEY = "sync/automatic"


def automatic_enabled(store: QSettings) -> bool:
    """Whether the user leaves automatic sync on (the 同步 menu's 联网时自动同步)."""
    return str(store.value(AUTOMATIC_KEY, "true")).lower() not in ("false", "0")


def save_automatic(store: QSettings, on: bool) -> None:
    """Remember the user's choice for the next start."""
    store.setValue(AUTOMATIC_KEY, "true" if on else "false")
