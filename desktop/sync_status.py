"""The status bar's sync indicator: "未联网 · 上次同步 11-28 16:40 · 待上传 37".

``SyncStatus(runner, sync, auto, parent)`` reads its numbers on the read lane
(``desktop.sync_state.sync_state``: the journal's pending count, the last sync time, the
server's flags kept in the profile) after every write the runner broadcasts (coalesced)
and after each sync; the reachability comes from the ``AutoSyncController``. When the
server has flagged something, a 待核查 button opens the flags panel. Hovering the line says
what 待上传 is made of (``待上传：走访 3 条、人员 3 条``: a follow-up also updates its person).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QToolButton, QToolTip, QWidget

from desktop.autosync import AutoSyncController
from desktop.background import BackgroundRunner, QueryOp
from desktop.flags_dialog import FlagsDialog
from desktop.sync_menu import SyncMenu
from desktop.sync_state import SyncState, pending_by_list, sync_state
from desktop.sync_ui import SyncController
from desktop.text import fill

log = logging.getLogger(__name__)

# Writes arriving within this time redraw the indicator once.
REFRESH_DELAY_MS = 300
# Journal seqs the first pending count reads per turn on the read lane (0.1-0.2 s): it reads
# every unacknowledged row's changes (3-5 s at millions of pending changes, as after a
# county's ledger imported offline), so it is many short reads, between which the reads of
# the pages (the dashboard's alert count) take their turn. Later counts read only the rows
# written since. While a sync runs (its acknowledgements would start the count again and
# again) the parts wait for its end.
COUNT_CHUNK = 25_000
# A failed read is tried again after this long, doubling up to RETRY_MAX_MS.
RETRY_MS, RETRY_MAX_MS = 5_000, 300_000


#: The records 待上传 counts, by list, as its tooltip names them.
LIST_WORDS = {
    "visit": QT_TRANSLATE_NOOP("SyncStatus", "走访"),
    "person": QT_TRANSLATE_NOOP("SyncStatus", "人员"),
    "household": QT_TRANSLATE_NOOP("SyncStatus", "农户"),
    "service": QT_TRANSLATE_NOOP("SyncStatus", "就业服务"),
    "training": QT_TRANSLATE_NOOP("SyncStatus", "培训"),
    "post": QT_TRANSLATE_NOOP("SyncStatus", "公益性岗位"),
    "claim": QT_TRANSLATE_NOOP("SyncStatus", "补贴发放"),
    "work_spell": QT_TRANSLATE_NOOP("SyncStatus", "务工经历"),
}
OTHER = QT_TRANSLATE_NOOP("SyncStatus", "其他")


def breakdown_text(rows: list[tuple[str, int]]) -> str:
    """``待上传：走访 3 条、人员 3 条`` (lists without a word of their own as 其他)."""
    counts: dict[str, int] = {}
    for name, n in rows:
        key = name if name in LIST_WORDS else OTHER
        counts[key] = counts.get(key, 0) + n
    parts = [fill(QCoreApplication.translate("SyncStatus", "%1 %2 条"),
                  QCoreApplication.translate("SyncStatus", LIST_WORDS.get(key, OTHER)), n)
             for key, n in counts.items()]
    return fill(QCoreApplication.translate("SyncStatus", "待上传：%1"),
                QCoreApplication.translate("SyncStatus", "、").join(parts))


def read_state(runner: BackgroundRunner, parent: QWidget | None) -> QueryOp[SyncState]:
    """The indicator's numbers, on the read lane (a pure read, which must not hold up the
    DB thread); ``pending`` is None while the first count goes on (read again)."""
    return QueryOp(runner, parent, lambda store: sync_state(store, chunk=COUNT_CHUNK)
                   ).on_reader()


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
        self._reading = False  # a read is in flight: one at a time (a count's parts in turn)
        self._again = False  # asked meanwhile: read once more when it ends
        self._retry_ms = RETRY_MS
        self._explaining = False  # the 待上传 breakdown is being read
        self.breakdown = ""  #: the last 待上传 breakdown shown (its tooltip)
        self.label.installEventFilter(self)
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        runner.changed.connect(lambda _changes, _initiator: self._timer.start())
        sync.started.connect(lambda _quiet: self.set_syncing(True))
        sync.finished.connect(lambda _result: self.set_syncing(False))
        sync.failed.connect(lambda _exc, _quiet: self.set_syncing(False))
        if auto is not None:
            auto.reachability.connect(self.set_reachable)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Hovering the line says what 待上传 is made of (read on the read lane)."""
        if watched is self.label and event.type() == QEvent.Type.ToolTip:
            self.explain_pending()
            return True
        return super().eventFilter(watched, event)

    def explain_pending(self) -> None:
        """Show 待上传 by kind of record (走访 3 条、人员 3 条) beside the line, once read."""
        if self._explaining or self.state is None or not self.state.pending:
            return
        self._explaining = True

        def show(rows: list[tuple[str, int]]) -> None:
            self._explaining = False
            self.breakdown = breakdown_text(rows) if rows else ""
            if self.breakdown and self.label.underMouse():
                QToolTip.showText(QCursor.pos(), self.breakdown, self.label)

        def failed(_error: BaseException) -> None:
            self._explaining = False

        QueryOp(self.runner, self, pending_by_list).on_reader().without_progress().success(
            show).failure(failed).run()

    def refresh(self) -> None:
        """Read the numbers again (read lane), then redraw; asked while a read is in flight,
        once more after it."""
        if self._reading:
            self._again = True
            return
        self._reading = True
        read_state(self.runner, self).without_progress().success(self._show).failure(
            self._not_read).run()

    def _not_read(self, error: BaseException) -> None:
        self._reading, self._again = False, False
        log.warning("sync state not read: %s", type(error).__name__)
        QTimer.singleShot(self._retry_ms, self, self.refresh)
        self._retry_ms = min(self._retry_ms * 2, RETRY_MAX_MS)

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
        self._reading, self._retry_ms = False, RETRY_MS
        counting = state.pending is None
        if self._again or (counting and not self.syncing):  # the count's next part (behind
            self._again = False  # the reads queued meanwhile), or something changed since;
            QTimer.singleShot(0, self, self.refresh)  # after a sync, read again at its end
        if counting and self.state is not None and self.state.pending is not None:
            state = replace(state, pending=self.state.pending)  # the last count until done
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
        pending = (self.tr("待上传（正在统计）") if state.pending is None
                   else fill(self.tr("待上传 %1"), state.pending))
        return " · ".join((where, last, pending))

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
