"""The alert count of a township or county: one run at a time, shared, and kept warm.

Counting a township's or county's alerts by village and kind is a full alert run (1-2 s
of the read lane at 100k people). ``AlertRuns`` (one per runner and scope, from
:func:`alert_runs`) does it for whoever asks: the dashboard when it is shown, and
``AlertWarmer`` in the background. A request is answered with the last run when no record
was written since (cheap), else with a new run, saved in the profile for the next page
and the next start. Requests wait for the run in flight to finish and then look again, so
two askers never count twice what one run counted, and no one is answered with a run that
began before a write they have seen.

``AlertWarmer`` asks a few seconds after the window opens and again once records stopped
changing for a while (a sync pulling a village's month, say), on the read lane only: the
dashboard then opens on a current count and the navigation's "预警 n" is exact.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.background import BackgroundRunner
from desktop.county.dashboard_ops import read_alert_counts, read_last_alert_counts, save_alert_run
from desktop.redraw import concerns
from registry.county_dashboard import AlertCounts
from registry.store import Changes

log = logging.getLogger(__name__)

Done = Callable[[AlertCounts], None]
Stale = Callable[[AlertCounts], None]
Failed = Callable[[BaseException], None]


@dataclass(frozen=True)
class _Ask:
    today: date
    done: Done
    stale: Stale | None
    failed: Failed | None


class AlertRuns(QObject):
    """Today's alerts of one scope, counted for every asker, one run at a time."""

    #: A new run was counted and saved (the navigation's count may change).
    counted = Signal(object)

    def __init__(self, runner: BackgroundRunner, scope: str | None) -> None:
        super().__init__(runner)
        self.runner, self.scope = runner, scope
        self._asks: list[_Ask] = []
        self._in_flight: list[_Ask] = []
        #: full runs counted by this object (tests and the bench read it)
        self.runs = 0

    @property
    def busy(self) -> bool:
        """Whether a request is being answered (its check, run or save in progress)."""
        return bool(self._in_flight)

    def request(self, today: date, done: Done, *, stale: Stale | None = None,
                failed: Failed | None = None) -> None:
        """Call ``done(run)`` with a current run for ``today``; first ``stale(last)`` when
        the last run is no longer current (to show meanwhile); ``failed(error)`` if the
        count fails (default: logged by type only)."""
        self._asks.append(_Ask(today, done, stale, failed))
        if not self._in_flight:
            self._next()

    def _next(self) -> None:
        """Answer the first waiting day's requests (every one of that day at once)."""
        self._in_flight = []
        if not self._asks or not self.runner.accepting:
            return
        today = self._asks[0].today
        self._in_flight = [a for a in self._asks if a.today == today]
        self._asks = [a for a in self._asks if a.today != today]
        read_last_alert_counts(self.runner, None, scope=self.scope, today=today
                               ).without_progress().success(lambda last: self._checked(today, last)
                                                            ).failure(self._failed).run()

    def _checked(self, today: date, last: AlertCounts | None) -> None:
        if last is not None and last.current:
            self._answer(last)
            return
        if last is not None:
            for ask in self._in_flight:
                if ask.stale is not None:
                    ask.stale(last)
        read_alert_counts(self.runner, None, scope=self.scope, today=today
                          ).without_progress().success(lambda run: self._counted(today, run)
                                                       ).failure(self._failed).run()

    def _counted(self, today: date, run: AlertCounts) -> None:
        """Save the run (DB thread), then answer: a request made meanwhile looks after the
        save, so it finds this run current unless a record was written since."""
        self.runs += 1
        save_alert_run(self.runner, None, run, scope=self.scope, today=today
                       ).without_progress().success(lambda _none: self._saved(run)
                                                    ).failure(lambda exc: self._saved(run, exc)).run()

    def _saved(self, run: AlertCounts, error: BaseException | None = None) -> None:
        if error is not None:  # the count stands; only the next start counts again
            log.warning("alert count not saved: %s", type(error).__name__)
        self.counted.emit(run)
        self._answer(run)

    def _answer(self, run: AlertCounts) -> None:
        for ask in self._in_flight:
            ask.done(run)
        self._next()

    def _failed(self, error: BaseException) -> None:
        log.warning("alert count failed: %s", type(error).__name__)
        for ask in self._in_flight:
            if ask.failed is not None:
                ask.failed(error)
        self._next()


_RUNS: weakref.WeakKeyDictionary[BackgroundRunner, dict[str | None, AlertRuns]] = (
    weakref.WeakKeyDictionary())


def alert_runs(runner: BackgroundRunner, scope: str | None = None) -> AlertRuns:
    """The one ``AlertRuns`` of ``runner`` for ``scope`` (default: the profile's)."""
    scope = scope if scope is not None else runner.identity.scope
    by_scope = _RUNS.setdefault(runner, {})
    if scope not in by_scope:
        by_scope[scope] = AlertRuns(runner, scope)
    return by_scope[scope]


#: what the alerts read besides any journaled write (as the dashboard's redraw watches)
WATCHED = ("household", "person", "visit", "claim")


class AlertWarmer(QObject):
    """Keeps the profile's alert count current in the background (read lane only)."""

    #: a new count was made and saved (by this warmer or by a page): counts may have changed
    refreshed = Signal()

    #: after the window opens: the first page paints first
    FIRST_DELAY_MS = 3_000
    #: after the last write of a burst (a sync's pages, a form)
    QUIET_MS = 15_000

    def __init__(self, runner: BackgroundRunner, parent: QObject, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.runner, self.today = runner, today
        self.runs = alert_runs(runner)
        self.runs.counted.connect(self._counted)
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.warm)
        runner.changed.connect(self._changed)
        self.timer.start(self.FIRST_DELAY_MS)

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if concerns(changes, lists=WATCHED, records=True):
            self.timer.start(self.QUIET_MS)

    def _counted(self, _run: AlertCounts) -> None:
        self.refreshed.emit()

    def warm(self) -> None:
        """Ask for today's count (answered at once when the saved one is current)."""
        if self.runner.has_read_lane:
            self.runs.request(self.today(), lambda _run: None)
