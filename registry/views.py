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


_COLUMNS = """
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
"""
_LIVE = "h.list = 'household' AND h.deleted = 0 AND h.merged_into IS NULL"
# By id: "+h.list" keeps SQLite off the list index (it would read every household of a
# 300k-person county, seconds, to pick 200) and on the primary key.
_BY_ID = (_COLUMNS + "FROM entity h WHERE +h.list = 'household' AND h.deleted = 0"
          " AND h.merged_into IS NULL AND h.id IN ({marks})")
_LIVE_PEOPLE = "list = 'person' AND deleted = 0 AND merged_into IS NULL"

#: The orders the household list can be sorted in: name -> (join, sort key).
HOUSEHOLD_ORDERS: dict[str, tuple[str, str]] = {
    "household_no": ("", "json_extract(h.props, '$.household_no')"),
    "head": (f"LEFT JOIN (SELECT parent, min(json_extract(props, '$.name')) AS v FROM entity"
             f" WHERE {_LIVE_PEOPLE} AND json_extract(props, '$.relation') = :head"
             " GROUP BY parent) k ON k.parent = h.id", "k.v"),
    "members": (f"LEFT JOIN (SELECT parent, count(*) AS v FROM entity WHERE {_LIVE_PEOPLE}"
                " GROUP BY parent) k ON k.parent = h.id", "coalesce(k.v, 0)"),
    "household_type": ("", "json_extract(h.props, '$.household_type')"),
    "relocated": ("", "coalesce(json_extract(h.props, '$.relocated'), 0)"),
    "monitored": ("", "coalesce(json_extract(h.props, '$.monitored'), 0)"),
}


def household_rows(store: Store, *, limit: int = 200, offset: int = 0,
                   order: str = "household_no", descending: bool = False) -> list[HouseholdRow]:
    """One page of households with their head's name and member count, in ``order``
    (a key of ``HOUSEHOLD_ORDERS``; ties by household number).

    By household number (the default) the page is read from the household-number search
    keys, an index in that order, so a page costs the same in a village and a county;
    households without a number come after all numbered ones. Other orders sort every
    household (a scan: fine on a click, not on opening)."""
    if order == "household_no":
        return households_by_id(store, _numbered_page(store, limit, offset, descending))
    join, key = HOUSEHOLD_ORDERS[order]
    direction = "DESC" if descending else "ASC"
    tie = "json_extract(h.props, '$.household_no'), h.id"
    page = (f"SELECT h.id, h.props, {key} AS sort_key FROM entity h {join} WHERE {_LIVE}"
            f" ORDER BY {key} {direction}, {tie} LIMIT :limit OFFSET :offset")
    sql = (_COLUMNS.replace("= ?", "= :head") + f"FROM ({page}) h"
           f" ORDER BY h.sort_key {direction}, {tie}")
    rows = store.db.execute(sql, {"head": HEAD_OF_HOUSEHOLD, "limit": limit,
                                  "offset": offset}).fetchall()
    return [_household(r) for r in rows]


_NUMBER_KEYS = "key >= 'h:' AND key < 'h;'"  # search.py: "h:" + the household number


def _numbered_page(store: Store, limit: int, offset: int, descending: bool) -> list[str]:
    """Household ids of one page by number: numbered ones from the index, then the rest."""
    direction = "DESC" if descending else "ASC"
    ids = [r[0] for r in store.db.execute(
        f"SELECT entity_id FROM search_key WHERE {_NUMBER_KEYS}"
        f" ORDER BY key {direction}, entity_id LIMIT ? OFFSET ?", [limit, offset])]
    if len(ids) == limit:
        return ids
    numbered = store.db.execute(
        f"SELECT count(*) FROM search_key WHERE {_NUMBER_KEYS}").fetchone()[0]
    rest = store.db.execute(
        f"SELECT h.id FROM entity h WHERE {_LIVE} AND NOT EXISTS (SELECT 1 FROM search_key s"
        " WHERE s.entity_id = h.id AND s.key >= 'h:' AND s.key < 'h;')"
        " ORDER BY h.rowid LIMIT ? OFFSET ?",
        [limit - len(ids), max(0, offset + len(ids) - numbered)]).fetchall()
    return ids + [r[0] for r in rest]


def households_by_id(store: Store, ids: Sequence[str]) -> list[HouseholdRow]:
    """The household rows of ``ids`` that still exist, in the order of ``ids``."""
    found: list[HouseholdRow] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        rows = store.db.execute(by_id_sql(len(chunk)), [HEAD_OF_HOUSEHOLD, *chunk]).fetchall()
        found.extend(_household(r) for r in rows)
    position = {household_id: index for index, household_id in enumerate(ids)}
    return sorted(found, key=lambda row: position[row.id])


def by_id_sql(count: int) -> str:
    """The household rows of ``count`` ids (parameters: the head relation, then the ids),
    read through the primary key."""
    return _BY_ID.format(marks=", ".join("?" * count))


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
        rows = store.db.execute(  # "+list": by the primary key, not the list index
            f"SELECT id FROM entity WHERE +list = 'household' AND id IN ({marks})"
            f" UNION SELECT parent FROM entity WHERE +list = 'person' AND id IN ({marks})"
            " AND parent IS NOT NULL", [*chunk, *chunk]).fetchall()
        found.update(r[0] for r in rows)
    return households_by_id(store, sorted(found))
