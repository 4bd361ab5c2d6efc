"""The journal's row format: one row per change set, unpacked into property changes.

A row holds the properties one write changed on one entity (``changes``:
prop -> ``[value, base]``, plus ``{"r": resolves, "id": change id}`` when a
change carries ids that do not follow ``"<set id>.<prop>"``), sharing the set
id, clock stamp, device, user and scope. Changes from other devices are stored
the same way, grouped as they arrive.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any

from sync.protocol import Change, change_id_of

COLUMNS = "set_id, entity_id, list, changes, seen, hlc, device, user, scope"
INSERT = (f"INSERT INTO journal ({COLUMNS}, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def dumps(value: Any) -> str:
    """Compact JSON, Chinese kept as is (the file is encrypted anyway)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def set_id_of(change: Change) -> str:
    """The change set a change belongs to (its whole id if it names none)."""
    head, dot, _ = change.change_id.partition(".")
    return head if dot else change.change_id


def _group_key(c: Change) -> tuple[Any, ...]:
    seen = dumps(dict(c.seen)) if c.seen is not None else None
    return (set_id_of(c), c.entity_id, c.entity_list, seen, c.hlc, c.device, c.user, c.scope)


def pack(changes: Iterable[Change], *, origin: int) -> Iterator[tuple[Any, ...]]:
    """Journal rows for ``changes``: consecutive changes of one set share a row."""
    for key, group in groupby(changes, key=_group_key):
        set_id, entity_id, entity_list, seen, hlc, device, user, scope = key
        packed = {c.prop: _entry(c, set_id) for c in group}
        yield (set_id, entity_id, entity_list, dumps(packed), seen, hlc, device, user, scope,
               origin)


def _entry(change: Change, set_id: str) -> list[Any]:
    entry: list[Any] = [change.value, change.base]
    extra: dict[str, Any] = {}
    if change.resolves:
        extra["r"] = list(change.resolves)
    if change.change_id != change_id_of(set_id, change.prop):
        extra["id"] = change.change_id
    if extra:
        entry.append(extra)
    return entry


def unpack(row: tuple[Any, ...]) -> list[Change]:
    """The property changes of one journal row (columns as in ``COLUMNS``)."""
    set_id, eid, lst, packed, seen, hlc, device, user, scope = row
    seen_map = json.loads(seen) if seen else None
    out = []
    for prop, entry in json.loads(packed).items():
        extra = entry[2] if len(entry) > 2 else {}
        out.append(Change(extra.get("id") or change_id_of(set_id, prop), eid, lst, prop,
                          entry[0], entry[1], hlc, device, user, scope, seen_map,
                          tuple(extra.get("r", ()))))
    return out
