"""The journal's row format: one row per change set (``sync.protocol.ChangeSet``).

A row holds the properties one write changed on one entity (``changes``:
prop -> ``[value, base]``, plus ``{"r": resolves, "id": change id}`` when a
change carries ids that do not follow ``"<set id>.<prop>"``), sharing the set
id, clock stamp, device, user and scope. Changes from other devices are stored
the same way, as they arrive. The ``changes`` column is the set's ``props`` in
its wire form, so sets move between journal and wire without being unpacked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sync.protocol import Change, ChangeSet, compact_json, parse_json, sets_of

COLUMNS = "set_id, entity_id, list, changes, seen, hlc, device, user, scope"
INSERT = (f"INSERT INTO journal ({COLUMNS}, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")

__all__ = ["COLUMNS", "INSERT", "dumps", "pack", "pack_set", "pack_sets", "set_of_row",
           "unpack"]


def dumps(value: Any) -> str:
    """Compact JSON, Chinese kept as is (the file is encrypted anyway)."""
    return compact_json(value)


def pack_set(s: ChangeSet, *, origin: int) -> tuple[Any, ...]:
    """The journal row (columns of :data:`INSERT`) of one change set."""
    return (s.set_id, s.entity_id, s.entity_list, dumps(s.props),
            None if s.seen is None else dumps(s.seen), s.hlc, s.device, s.user, s.scope, origin)


def pack_sets(sets: Iterable[ChangeSet], *, origin: int) -> Iterator[tuple[Any, ...]]:
    """Journal rows (columns of :data:`INSERT`) for change sets."""
    for s in sets:
        yield pack_set(s, origin=origin)


def pack(changes: Iterable[Change], *, origin: int) -> Iterator[tuple[Any, ...]]:
    """Journal rows for ``changes``: consecutive changes of one set share a row."""
    return pack_sets(sets_of(changes), origin=origin)


def set_of_row(row: tuple[Any, ...]) -> ChangeSet:
    """The change set of one journal row (columns as in :data:`COLUMNS`)."""
    set_id, eid, lst, packed, seen, hlc, device, user, scope = row
    return ChangeSet(set_id, eid, lst, hlc, device, user, scope, parse_json(packed),
                     parse_json(seen) if seen else None)


def unpack(row: tuple[Any, ...]) -> list[Change]:
    """The property changes of one journal row (columns as in :data:`COLUMNS`)."""
    return set_of_row(row).changes()
