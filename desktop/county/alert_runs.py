"""The alert count of a township or county: one run at a time, shared, and kept warm.

Counting a township's or county's alerts by village and kind is a full alert run (1-2 s
of the read lane at 100k people). ``AlertRuns`` (one per runner and scope, from
:func:`alert_runs`) does it for whoever asks: the dashboard when it is shown, and
``AlertWarmer`` in the background. A request is answered with the last run when no record
was written since (cheap), else with a new run, saved in the profile for the next page
and the next start. Requests wait for the run in flight to finish and then look again, so
two askers never count twice what one run counted, and no one is answered with a run that
began before a write they have seen. An asker is answered as soon as the run is counted;
meanwhile it is shown the last run the count replaces (``stale``: the one before the writes,
or with no run for today yet an earlier day's saved run), also when it asks while that
count is already under way.

``AlertWarmer`` asks a few seconds after the window opens and again once records stopped
changing for a while (a sync pulling a village's month, say), the count on the read lane
only, and then reads the dashboard's other numbers there too (``read_dashboard``,
``read_trends``): coming back to the dashboard then finds all of them current, and the
navigation's "预警 n" is exact.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.background import BackgroundRunner
from desktop.county.dashboard_ops import (
    read_alert_counts,
    read_dashboard,
    read_last_alert_counts,
    read_trends,
    save_alert_run,
)
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

    #: A new run was counted (its save is queued on the DB thread before this is emitted, so
    #: a read queued after it sees the run saved): the navigation's count may change.
    counted = Signal(object)

    def __init__(self, runner: BackgroundRunner, scope: str | None) -> None:
        super().__init__(runner)
        self.runner, self.scope = runner, scope
        self._asks: list[_Ask] = []
        self._in_flight: list[_Ask] = []
        #: while a run is counted: the last run it replaces (not current), for a request
        #: arriving meanwhile to show
        self._replacing: AlertCounts | None = None
        self._counting: date | None = None  #: the day of the run in flight
        #: full runs counted by this object (tests and the bench read it)
        self.runs = 0

    @property
    def busy(self) -> bool:
        """Whether a request is being answered (its check, run or save in progress)."""
        return bool(self._in_flight)

    def request(self, today: date, done: Done, *, stale: Stale | None = None,
                failed: Failed | None = None) -> None:
        """Call ``done(run)`` with a current run for ``today``; first ``stale(last)`` when
        the last run is no longer current (to show meanwhile: called before this returns
        when a count of ``today`` is already under way); ``failed(error)`` if the count
        fails (default: logged by type only)."""
        self._asks.append(_Ask(today, done, stale, failed))
        if not self._in_flight:
            self._next()
        elif stale is not None and self._replacing is not None and self._counting == today:
            _call(stale, self._replacing)  # the run in flight counts this day: show its last

    def _next(self) -> None:
        """Answer the first waiting day's requests (every one of that day at once)."""
        self._in_flight, self._replacing, self._counting = [], None, None
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
            self._next()
            return
        self._replacing, self._counting = last, today
        if last is not None:  # shown meanwhile, also to those of this day asking since
            for ask in [*self._in_flight, *(a for a in self._asks if a.today == today)]:
                if ask.stale is not None:
                    _call(ask.stale, last)
        read_alert_counts(self.runner, None, scope=self.scope, today=today
                          ).without_progress().success(lambda run: self._counted(today, run)
                                                       ).failure(self._failed).run()

    def _counted(self, today: date, run: AlertCounts) -> None:
        """Queue the run's save (DB thread) and answer at once; the next requests are looked
        at once the save is done, so they find this run current unless a record was
        written since (or the saved runs were dropped meanwhile: then it is not saved)."""
        self.runs += 1
        save_alert_run(self.runner, None, run, scope=self.scope, today=today
                       ).without_progress().success(lambda _kept: self._next()
                                                    ).failure(self._not_saved).run()
        self._answer(run)
        self.counted.emit(run)

    def _not_saved(self, error: BaseException) -> None:
        """The count stands; only the next request counts again."""
        log.warning("alert count not saved: %s", type(error).__name__)
        self._next()

    def _answer(self, run: AlertCounts) -> None:
        asks, self._in_flight = self._in_flight, [_WAITING_FOR_SAVE]
        # requests now wait for the save and then find this run current
        self._replacing, self._counting = None, None
        for ask in asks:
            _call(ask.done, run)

    def _failed(self, error: BaseException) -> None:
        log.warning("alert count failed: %s", type(error).__name__)
        asks, self._in_flight = self._in_flight, []
        for ask in asks:
            if ask.failed is not None:
                _call(ask.failed, error)
        self._next()


def _call(callback: Callable[[Any], None], value: Any) -> None:
    """One asker's callback: an error in it is logged and does not stop the others (nor
    the requests after them)."""
    try:
        callback(value)
    except Exception as exc:  # noqa: BLE001 - one asker's drawing must not stall the count
        log.error("alert count callback failed: %s", type(exc).__name__)  # type only: no data


def _read_failed(error: BaseException) -> None:
    """Warming is best effort: the page reads for itself (and shows its error)."""
    log.warning("dashboard read not kept warm: %s", type(error).__name__)


#: Stands in the flight while a run's save is queued: new requests wait for it.
_WAITING_FOR_SAVE = _Ask(date.min, lambda _run: None, None, None)


def alert_runs(runner: BackgroundRunner, scope: str | None = None) -> AlertRuns:
    """The one ``AlertRuns`` of ``runner`` for ``scope`` (default: the profile's), kept on
    the runner (it lives and goes with it)."""
    scope = scope if scope is not None else runner.identity.scope
    by_scope: dict[str | None, AlertRuns] = vars(runner).setdefault("_alert_runs", {})
    if scope not in by_scope:
        by_scope[scope] = AlertRuns(runner, scope)
    return by_scope[scope]


#: what the alerts read besides any journaled write (as the dashboard's redraw watches)
WATCHED = ("household", "person", "visit", "claim")


class AlertWarmer(QObject):
    """Keeps the profile's alert count current in the background (read lane only)."""

    #: a new count was made (by this warmer or by a page) and its save queued: the
    #: navigation's counts may have changed
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
        """Ask for today's count (answered at once when the saved one is current), then
        read the dashboard's first paint and 12-month trends on the read lane (kept by
        ``read_dashboard`` and ``read_trends``: answered at once when still current)."""
        if self.runner.has_read_lane:
            self.runs.request(self.today(), lambda _run: self._warm_reads())

    def _warm_reads(self) -> None:
        for read in (read_dashboard, read_trends):
            read(self.runner, None, scope=self.runs.scope, today=self.today()
                 ).on_reader().without_progress().failure(_read_failed).run()
