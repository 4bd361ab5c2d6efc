"""Serving handed-down lists (``sync.protocol.reach``): county policy packs reach the
devices under the county, without any other record of a wider scope.

Pulls add one indexed query (scope IN the few ancestor scopes, by seq) for the sets of
handed-down entities, merged by row number with the device's own scope; snapshots widen
their filter the same way. Digests are not touched: they count only the device's prefix
on both sides.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, or_, select, tuple_, union_all

from sync.protocol import DOWNWARD_LISTS, ancestor_scopes
from sync.server.apply import state_rows
from sync.server.db import change_sets, states
from sync.server.sql import in_prefix, next_prefix

_LISTS = sorted(DOWNWARD_LISTS)


def in_reach(prefix: str) -> Any:
    """The ``states`` filter of a device's snapshot: its scope, and handed-down entities
    of the scopes above it."""
    own = in_prefix(states.c.scope, prefix)
    above = ancestor_scopes(prefix)
    if not above:
        return own
    return or_(own, and_(states.c.scope.in_(above), states.c.list.in_(_LISTS)))


def snapshot_rows(conn: Connection, prefix: str, *, after: tuple[str, str] | None,
                  limit: int) -> tuple[list[Any], bool]:
    """The :func:`in_reach` ``state_rows`` of a snapshot page: those after the page key
    ``after`` (``(scope, entity id)``, ``None`` for the first page) in (scope, entity id)
    order, at most ``limit``; and whether more may follow.

    The device's own scope and the handed-down entities above it are read as two
    ordered index ranges, each starting at the page key and stopping after ``limit``
    rows, then merged (one ``OR`` of the two would read, join and sort every row after
    the key for every page); an entity both ranges hold (a padded ancestor scope inside
    the prefix) comes once.
    """
    order = (states.c.scope, states.c.entity_id)
    arms = [_own_range(prefix, after)]
    above = ancestor_scopes(prefix)
    if above:
        arms.append(and_(states.c.scope.in_(above), states.c.list.in_(_LISTS),
                         *([tuple_(*order) > after] if after else [])))
    queries = [state_rows().where(arm).order_by(*order).limit(limit) for arm in arms]
    if len(queries) == 1:
        rows = list(conn.execute(queries[0]))
    else:
        both = union_all(*(q.subquery().select() for q in queries)).subquery()
        rows = list(conn.execute(both.select().order_by(both.c.scope, both.c.entity_id)
                                 .limit(limit)))
    more = len(rows) == limit
    return [r for n, r in enumerate(rows) if n == 0 or
            (r.scope, r.entity_id) != (rows[n - 1].scope, rows[n - 1].entity_id)], more


def _own_range(prefix: str, after: tuple[str, str] | None) -> Any:
    """The device's own scope after the page key, as one index range: the key as the
    lower bound (a row value), the prefix's upper digit bound, and the prefix itself."""
    if after is None:
        return in_prefix(states.c.scope, prefix)
    key = tuple_(states.c.scope, states.c.entity_id) > after
    if len(prefix) == 12 or not prefix.isdigit():
        return and_(in_prefix(states.c.scope, prefix), key)
    upper = next_prefix(prefix)
    return and_(in_prefix(states.c.scope, prefix, ranged=False), key,
                *([states.c.scope < upper] if upper else []))


def handed_down_sets(conn: Connection, prefix: str, *, after: int, top: int,
                     limit: int) -> list[Any]:
    """``(seq, body)`` rows after ``after`` (up to ``top``) of handed-down entities of the
    scopes above ``prefix``, oldest first, at most ``limit``."""
    above = ancestor_scopes(prefix)
    if not above or after >= top:  # nothing new (the common sync): no query
        return []
    entities = select(states.c.entity_id).where(states.c.scope.in_(above),
                                                states.c.list.in_(_LISTS))
    return list(conn.execute(select(change_sets.c.seq, change_sets.c.body).where(
        change_sets.c.seq > after, change_sets.c.seq <= top, change_sets.c.scope.in_(above),
        change_sets.c.entity_id.in_(entities)).order_by(change_sets.c.seq).limit(limit)))


def merged_by_seq(own: Sequence[Any], handed: Sequence[Any], *, limit: int) -> list[Any]:
    """The first ``limit`` rows of two seq-ordered row lists, by seq. Each list holds the
    lowest rows of its own query, so every row up to the last one returned is present."""
    if not handed:
        return list(own)
    return list(heapq.merge(own, handed, key=lambda r: r.seq))[:limit]
