"""One-line verbs of the 概览 page: reads of ``registry.county_dashboard`` on the DB thread,
and the long alert count on the read lane (``QueryOp.on_reader``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from desktop.background import BackgroundRunner, QueryOp
from desktop.ops import Parent
from registry.county_dashboard import (
    AlertCounts,
    Behind,
    Dashboard,
    Selection,
    Trends,
    count_alert_run,
    current_dashboard,
    current_trends,
    earlier_alert_counts,
    last_alert_counts,
    people_behind,
    save_alert_counts,
)
from registry.store import Store

K = TypeVar("K", Dashboard, Trends)


def read_dashboard(runner: BackgroundRunner, parent: Parent, *, scope: str | None,
                   today: date) -> QueryOp[Dashboard]:
    """The numbers of the current state, in one read (the page's first paint): the ones last
    read for ``scope`` through ``runner`` when no record was written since, else read anew
    and kept for the next page (see :func:`read_trends`)."""
    return _kept_read(runner, parent, ("dashboard", scope), lambda store, last: current_dashboard(
        store, scope=scope, today=today, last=last))


def read_trends(runner: BackgroundRunner, parent: Parent, *, scope: str | None,
                today: date) -> QueryOp[Trends]:
    """The 12-month trends (a tenth of the year's follow-ups: read after the first paint):
    the ones last read for ``scope`` through ``runner`` when no record was written since,
    else read anew and kept for the next page (on the runner: it lives and goes with it)."""
    return _kept_read(runner, parent, ("trends", scope), lambda store, last: current_trends(
        store, scope=scope, today=today, last=last))


_KEPT, _KEPT_LOCK = "_kept_dashboard_reads", "_kept_dashboard_reads_lock"


def _kept_read(runner: BackgroundRunner, parent: Parent, key: tuple[str, str | None],
               read: Callable[[Store, Any], K]) -> QueryOp[K]:
    """``read(store, last)`` with the value kept for ``key`` on this runner, which keeps
    what it returns unless a read of later records was kept meanwhile (the DB thread and
    the read lane both read: the lock makes the compare and the keep one step)."""
    kept: dict[tuple[str, str | None], Any] = vars(runner).setdefault(_KEPT, {})
    lock = vars(runner).setdefault(_KEPT_LOCK, threading.Lock())

    def keep(store: Store) -> K:
        value = read(store, kept.get(key))
        with lock:
            last = kept.get(key)
            if value.mark is not None and value.mark.newer_than(last and last.mark):
                kept[key] = value
        return value
    return QueryOp(runner, parent, keep)


def forget_kept_reads(runner: BackgroundRunner) -> None:
    """Drop what :func:`read_dashboard` and :func:`read_trends` kept (what a restart does;
    the bench's cold pages)."""
    vars(runner).pop(_KEPT, None)


def read_alert_counts(runner: BackgroundRunner, parent: Parent, *, scope: str | None,
                      today: date) -> QueryOp[AlertCounts]:
    """Today's alerts counted by village and kind: the full alert run, on the read lane (in
    parallel with the page's other reads; not saved: see :func:`save_alert_run`)."""
    return QueryOp(runner, parent, lambda store: count_alert_run(
        store, scope=scope, today=today)).on_reader()


def save_alert_run(runner: BackgroundRunner, parent: Parent, run: AlertCounts, *,
                   scope: str | None, today: date) -> QueryOp[bool]:
    """Keep a run of :func:`read_alert_counts` for the next page (a small local write on
    the DB thread: never journaled, so nothing to broadcast); whether it was kept (not when
    the saved runs were dropped after it was read: ``forget_alert_counts``)."""
    return QueryOp(runner, parent, lambda store: save_alert_counts(
        store, run, scope=scope, today=today))


def read_last_alert_counts(runner: BackgroundRunner, parent: Parent, *, scope: str | None,
                           today: date) -> QueryOp[AlertCounts | None]:
    """The last full run's counts, marked whether still current (an earlier day's newest
    when today has none, never current; None if there is none either): cheap, on the read
    lane (the run saved in the profile), so it does not wait for the first paint."""
    return QueryOp(runner, parent, lambda store: last_alert_counts(
        store, scope=scope, today=today) or earlier_alert_counts(
        store, scope=scope, today=today)).on_reader()


def read_people_behind(runner: BackgroundRunner, parent: Parent, selection: Selection, *,
                       scope: str | None, today: date, limit: int = 500) -> QueryOp[Behind]:
    """The people behind one bar of the dashboard."""
    return QueryOp(runner, parent, lambda store: people_behind(
        store, selection, scope=scope, today=today, limit=limit))
