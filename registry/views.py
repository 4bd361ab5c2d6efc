"""Read-only views for lists and reports: plain rows, computed in SQL, no Qt."""

from __future__ import annotations

from dataclasses import dataclass

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
ORDER BY json_extract(h.props, '$.household_no')
LIMIT ? OFFSET ?
"""


def household_rows(store: Store, *, limit: int = 10_000, offset: int = 0) -> list[HouseholdRow]:
    """Households with their head's name and member count, by household number."""
    rows = store.db.execute(_HOUSEHOLDS, [HEAD_OF_HOUSEHOLD, limit, offset]).fetchall()
    return [HouseholdRow(r[0], str(r[1]), str(r[2]), int(r[3]), _type_label(str(r[4])),
                         bool(r[5]), bool(r[6]) or is_monitored_type(str(r[4]))) for r in rows]


def _type_label(value: str) -> str:
    """The 户类型 label of a stored code or label; unknown values are shown as they are."""
    try:
        return household_type_label(value) if value else ""
    except KeyError:
        return value
