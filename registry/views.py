"""Read-only views for lists and reports: plain rows, computed in SQL, no Qt."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from registry.codes import household_type_label, is_monitored_type
from registry.rules import HEAD_OF_HOUSEHOLD
from registry.store import Store


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    """One line of the household list."""

    id: str
    household_no: str
    head_name: str
    members: int
    household_type: str
    relocated: bool
    monitored: bool


_HOUSEHOLDS = """
SELECT h.id,
       coalesce(json_extract(h.props, '$.household_no'), ''),
       coalesce((SELECT json_extract(p.props, '$.name') FROM entity p
                 WHERE p.parent = h.id AND p.list = 'person' AND p.deleted = 0
                   AND p.merged_into IS NULL AND json_extract(p.props, '$.relation') = ?
                 LIMIT 1), ''),
       (SELECT count(*) FROM entity p WHERE p.parent = h.id AND p.list = 'person'
          AND p.deleted = 0 AND p.merged_into IS NULL),
       coalesce(json_extract(h.props, '$.household_type'), ''),
       coalesce(json_extract(h.props, '$.relocated'), 0),
       coalesce(json_extract(h.props, '$.monitored'), 0)
FROM entity h
WHERE h.list = 'household' AND h.deleted = 0 AND h.merged_into IS NULL
"""
_PAGE = " ORDER BY json_extract(h.props, '$.household_no') LIMIT ? OFFSET ?"


def household_rows(store: Store, *, limit: int = 10_000, offset: int = 0) -> list[HouseholdRow]:
    """Households with their head's name and member count, by household number."""
    rows = store.db.execute(_HOUSEHOLDS + _PAGE, [HEAD_OF_HOUSEHOLD, limit, offset]).fetchall()
    return [_household(r) for r in rows]


def households_by_id(store: Store, ids: Sequence[str]) -> list[HouseholdRow]:
    """The household rows of ``ids`` that still exist (to redraw the ones that changed)."""
    found: list[HouseholdRow] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        marks = ", ".join("?" * len(chunk))
        rows = store.db.execute(_HOUSEHOLDS + f" AND h.id IN ({marks})",
                                [HEAD_OF_HOUSEHOLD, *chunk]).fetchall()
        found.extend(_household(r) for r in rows)
    return found


def _household(r: Sequence[Any]) -> HouseholdRow:
    return HouseholdRow(r[0], str(r[1]), str(r[2]), int(r[3]), _type_label(str(r[4])),
                        bool(r[5]), bool(r[6]) or is_monitored_type(str(r[4])))


def _type_label(value: str) -> str:
    """The 户类型 label of a stored code or label; unknown values are shown as they are."""
    try:
        return household_type_label(value) if value else ""
    except KeyError:
        return value


def households_of(store: Store, ids: Sequence[str]) -> list[HouseholdRow]:
    """The rows of the households among ``ids`` and of the households of the people among
    them: what a write to those entities may have changed in the household list."""
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        marks = ", ".join("?" * len(chunk))
        rows = store.db.execute(
            f"SELECT id FROM entity WHERE list = 'household' AND id IN ({marks})"
            f" UNION SELECT parent FROM entity WHERE list = 'person' AND id IN ({marks})"
            " AND parent IS NOT NULL", [*chunk, *chunk]).fetchall()
        found.update(r[0] for r in rows)
    return households_by_id(store, sorted(found))
