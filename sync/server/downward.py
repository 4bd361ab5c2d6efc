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

from sqlalchemy import Connection, and_, or_, select

from sync.protocol import DOWNWARD_LISTS, ancestor_scopes
from sync.server.db import change_sets, states
from sync.server.sql import in_prefix

_LISTS = sorted(DOWNWARD_LISTS)


def in_reach(prefix: str) -> Any:
    """The ``states`` filter of a device's snapshot: its scope, and handed-down entities
    of the scopes above it."""
    own = in_prefix(states.c.scope, prefix)
    above = ancestor_scopes(prefix)
    if not above:
        return own
    return or_(own, and_(states.c.scope.in_(above), states.c.list.in_(_LISTS)))


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
