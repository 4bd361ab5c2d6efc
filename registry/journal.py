"""The journal's row format: one row per change set (``sync.protocol.ChangeSet``).

A row holds the properties one write changed on one entity (``changes``:
prop -> ``[value, base]``, plus ``{"r": resolves, "id": change id}`` when a
change carries ids that do not follow ``"<set id>.<prop>"``), sharing the set
id, clock stamp, device, user and scope. Changes from other devices are stored
the same way, as they arrive. The ``changes`` column is the set's ``props`` in
its wire form, so sets move between journal and wire without being unpacked.

A local write (``registry.store.Store.write``, origin 0) also keeps each set's
canonical wire text in ``body`` (schema step ``JOURNAL_BODY_SCHEMA``): the push sends
it as stored instead of reading the set back and writing it again. The body is
exactly the text the push would build from the row (``set_of_row(row).body()``), or
NULL when that cannot be promised cheaply (a value orjson does not write natively:
an integer beyond 64 bits, a key that is not a string, a lone surrogate, a subclass
of a JSON type, a date or dataclass). Rows without a body (older rows, sets pulled
from others, which are never pushed) take the reading-back path.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from sync.protocol import Change, ChangeSet, compact_json, parse_json, sets_of

COLUMNS = "set_id, entity_id, list, changes, seen, hlc, device, user, scope"
INSERT = (f"INSERT INTO journal ({COLUMNS}, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
#: A local write's rows: :data:`INSERT` and the set's canonical wire text (``body``).
INSERT_OWN = (f"INSERT INTO journal ({COLUMNS}, origin, body)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")

__all__ = ["COLUMNS", "INSERT", "INSERT_OWN", "body_of", "dumps", "pack", "pack_own",
           "pack_set", "pack_sets", "set_of_row", "unpack"]

#: orjson's canonical form (sorted keys), refusing every type whose text could differ
#: once read back: subclasses, dataclasses and dates raise instead of being written.
_BODY_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_SUBCLASS
                 | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME)


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


def body_of(s: ChangeSet) -> str | None:
    """The canonical wire text of ``s`` as the push builds it from ``s``'s journal row,
    or ``None`` if ``s`` holds a value whose text might differ once read back."""
    try:
        return orjson.dumps(s.to_wire(), option=_BODY_OPTIONS).decode()
    except TypeError:
        return None


def pack_own(changes: Iterable[Change]) -> Iterator[tuple[Any, ...]]:
    """Rows of :data:`INSERT_OWN` for a local write's ``changes`` (origin 0, with bodies)."""
    for s in sets_of(changes):
        yield (*pack_set(s, origin=0), body_of(s))


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
