"""One-line verbs of the 概览 page: reads of ``registry.county_dashboard`` on the DB thread,
and the long alert count on the read lane (``QueryOp.on_reader``)."""

from __future__ import annotations

from datetime import date

from desktop.background import BackgroundRunner, QueryOp
from desktop.ops import Parent
from registry.county_dashboard import (
    AlertCounts,
    Behind,
    Dashboard,
    Selection,
    Trends,
    count_alert_run,
    dashboard,
    earlier_alert_counts,
    last_alert_counts,
    people_behind,
    save_alert_counts,
    trends,
)


def read_dashboard(runner: BackgroundRunner, parent: Parent, *, scope: str | None,
                   today: date) -> QueryOp[Dashboard]:
    """The numbers of the current state, in one read (the page's first paint)."""
    return QueryOp(runner, parent, lambda store: dashboard(store, scope=scope, today=today))


def read_trends(runner: BackgroundRunner, parent: Parent, *, scope: str | None,
                today: date) -> QueryOp[Trends]:
    """The 12-month trends (every follow-up of the year: read after the first paint)."""
    return QueryOp(runner, parent, lambda store: trends(store, scope=scope, today=today))


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
