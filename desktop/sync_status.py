"""The status bar's sync indicator: "未联网 · 上次同步 11-28 16:40 · 待上传 37".

``SyncStatus(runner, sync, auto, parent)`` reads its numbers on the read lane
(``desktop.sync_state.sync_state``: the journal's pending count, the last sync time, the
server's flags kept in the profile) after every write the runner broadcasts (coalesced)
and after each sync; the reachability comes from the ``AutoSyncController``. When the
server has flagged something, a 待核查 button opens the flags panel.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QToolButton, QWidget

from desktop.autosync import AutoSyncController
from desktop.background import BackgroundRunner, QueryOp
from desktop.flags_dialog import FlagsDialog
from desktop.sync_menu import SyncMenu
from desktop.sync_state import SyncState, sync_state
from desktop.sync_ui import SyncController
from desktop.text import fill

# Writes arriving within this time redraw the indicator once.
REFRESH_DELAY_MS = 300
#: The first read waits this long, so the reads of the page the window opens on go first on
#: the read lane: the first pending count reads every unacknowledged journal row (3-5 s at
#: millions of pending changes, as after importing a county's ledger offline); later counts
#: read only the rows written since.
FIRST_REFRESH_MS = 1500


def read_state(runner: BackgroundRunner, parent: QWidget | None) -> QueryOp[SyncState]:
    """The indicator's numbers, on the read lane: a pure read, and its first pending count
    reads the whole unacknowledged journal (seconds at a big profile), which must not hold
    up the DB thread."""
    return QueryOp(runner, parent, sync_state).on_reader()


class SyncStatus(QWidget):
    """Reachability, last sync and pending count in one line; a button for the flags.

    ``open_household(household_id)``: the user double-clicked a flag in the panel."""

    open_household = Signal(str)

    def __init__(self, runner: BackgroundRunner, sync: SyncController,
                 auto: AutoSyncController | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.label = QLabel()
        self.flags_button = QToolButton()
        self.flags_button.setAutoRaise(True)
        self.flags_button.setStyleSheet("color: #b45309; font-weight: bold")
        self.flags_button.clicked.connect(self.show_flags)
        self.flags_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.flags_button)
        self.state: SyncState | None = None
        self.reachable: bool | None = None
        self.syncing = False
        self.dialog: FlagsDialog | None = None
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        runner.changed.connect(lambda _changes, _initiator: self._timer.start())
        sync.started.connect(lambda _quiet: self.set_syncing(True))
        sync.finished.connect(lambda _result: self.set_syncing(False))
        sync.failed.connect(lambda _exc, _quiet: self.set_syncing(False))
        if auto is not None:
            auto.reachability.connect(self.set_reachable)
        QTimer.singleShot(FIRST_REFRESH_MS, self, self.refresh)

    def refresh(self) -> None:
        """Read the numbers again (read lane), then redraw."""
        read_state(self.runner, self).without_progress().success(self._show).run()

    def set_reachable(self, reachable: bool) -> None:
        """The county server answered (or not)."""
        self.reachable = reachable
        self._redraw()

    def set_syncing(self, syncing: bool) -> None:
        """A sync started (True) or ended (False)."""
        self.syncing = syncing
        self._redraw()
        if not syncing:
            self.refresh()

    def _show(self, state: SyncState) -> None:
        self.state = state
        self._redraw()

    def _redraw(self) -> None:
        self.label.setText(self.text())
        flags = self.state.flags if self.state else 0
        self.flags_button.setText(fill(self.tr("待核查 %1"), flags))
        self.flags_button.setToolTip(self.tr("县服务器发现的问题：重复的身份证号、设备时钟超前"))
        self.flags_button.setVisible(bool(flags))

    def text(self) -> str:
        """The indicator's line as shown."""
        state = self.state
        if state is None:
            return self.tr("正在读取同步状态…")
        if not state.connected:
            where = self.tr("未连接县服务器")
        elif self.syncing:
            where = self.tr("同步中")
        elif self.reachable:
            where = self.tr("已连接")
        else:
            where = self.tr("未联网")
        if state.last_sync_ms is None:
            last = self.tr("尚未同步")
        else:
            moment = datetime.fromtimestamp(state.last_sync_ms / 1000)
            last = fill(self.tr("上次同步 %1"), moment.strftime("%m-%d %H:%M"))
        return " · ".join((where, last, fill(self.tr("待上传 %1"), state.pending)))

    def show_flags(self) -> FlagsDialog:
        """Open the flags panel (one at a time)."""
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = FlagsDialog(self.runner, self.window())
        self.dialog.open_household.connect(self.open_household)
        self.dialog.open()
        return self.dialog


def install_sync_status(window: QMainWindow, runner: BackgroundRunner, sync_menu: SyncMenu,
                        *, automatic: bool = True) -> tuple[AutoSyncController, SyncStatus]:
    """Mount the automatic sync and the indicator on ``window`` (its status bar), fed by the
    同步 menu's controller and connection; the automatic sync starts now if ``automatic``."""
    auto = AutoSyncController(runner, sync_menu.controller, window)
    status = SyncStatus(runner, sync_menu.controller, auto, window)
    window.statusBar().addPermanentWidget(status)
    sync_menu.connection_changed.connect(auto.set_connection)
    sync_menu.connection_changed.connect(lambda _connection: status.refresh())
    if automatic:
        auto.start()
    return auto, status
