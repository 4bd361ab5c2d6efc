"""Streaming reads for the exports: people with their household and their own records.

Every reader is one SQL query whose cursor is consumed row by row, so an export of 100,000
people holds one household at a time, never the whole list. Rows come ordered by household
number, the 户主 first in each household, then in creation order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from registry.errors import ValidationError
from registry.labour import WITH_CAPACITY
from registry.rules import HEAD_OF_HOUSEHOLD
from registry.store import Store
from sync.protocol import ScopeError, scope_prefix

#: The lists of records that belong to a person and feed the ledgers.
CHILD_LISTS = ("visit", "service", "training", "post", "work_spell")

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class Month:
    """A calendar month of the ledgers: ``2026-11``."""

    year: int
    month: int

    @property
    def text(self) -> str:
        """``YYYY-MM``."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        """The first day of the month."""
        return date(self.year, self.month, 1)

    @property
    def next_first_day(self) -> date:
        """The first day of the following month."""
        return date(self.year + self.month // 12, self.month % 12 + 1, 1)

    @property
    def previous(self) -> Month:
        """The month before."""
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)


def parse_month(text: str | None, *, today: date) -> Month:
    """``YYYY-MM`` as a :class:`Month`; ``None`` is the month of ``today``."""
    if text is None:
        return Month(today.year, today.month)
    found = _MONTH.match(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1900:
        raise ValidationError("export.month", "月份格式应为 YYYY-MM（如 2026-11）",
                              "month must be YYYY-MM (e.g. 2026-11)")
    return Month(int(found.group(1)), int(found.group(2)))


def area_prefix(area: str | None, *, default: str) -> str:
    """The division-code prefix an export covers: ``area`` or the profile's own scope."""
    code = area.strip() if area is not None else default
    if not code:
        return ""
    try:
        return scope_prefix(code)
    except ScopeError:
        raise ValidationError("export.area", "地区代码须为 2、4、6、9 或 12 位数字的行政区划代码",
                              "area must be a division code of 2, 4, 6, 9 or 12 digits") from None


def scope_range(prefix: str) -> tuple[str, str]:
    """Bounds ``low <= scope < high`` of the scopes under ``prefix`` (all if empty)."""
    if not prefix:
        return "", "\uffff"
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One person as the exports read it."""

    id: str
    scope: str
    props: dict[str, Any]
    household_id: str | None
    household: dict[str, Any]
    children: tuple[tuple[str, dict[str, Any]], ...]

    @property
    def is_head(self) -> bool:
        """True for the 户主."""
        return self.props.get("relation") == HEAD_OF_HOUSEHOLD


_PEOPLE = """
SELECT p.id, p.scope, p.props, h.id, h.props{children}
FROM entity p LEFT JOIN entity h ON h.id = p.parent AND h.list = 'household'
WHERE p.list = 'person' AND p.deleted = 0 AND p.merged_into IS NULL
  AND p.scope >= ? AND p.scope < ?{labour}
ORDER BY coalesce(json_extract(h.props, '$.household_no'), ''), coalesce(h.id, p.id),
         coalesce(json_extract(p.props, '$.relation'), '') = ? DESC, p.rowid
"""

_CHILDREN = """,
  (SELECT json_group_array(json_array(c.list, json(c.props))) FROM entity c
   WHERE c.parent = p.id AND c.deleted = 0 AND c.merged_into IS NULL
     AND c.list IN ({lists}))"""


def people(store: Store, *, prefix: str, labour_force_only: bool = False,
           with_children: bool = False) -> Iterator[PersonRow]:
    """Live people under ``prefix``, by household (户主 first); optionally only those with
    labour capacity, and optionally with their visits, services, trainings, posts, spells."""
    low, high = scope_range(prefix)
    args: list[Any] = [low, high]
    labour = ""
    if labour_force_only:
        labour = (" AND json_extract(p.props, '$.labour_class') IN ("
                  + ", ".join("?" * len(WITH_CAPACITY)) + ")")
        args.extend(WITH_CAPACITY)
    children = ""
    if with_children:
        children = _CHILDREN.format(lists=", ".join(f"'{name}'" for name in CHILD_LISTS))
    sql = _PEOPLE.format(children=children, labour=labour)
    for row in store.db.conn.execute(sql, [*args, HEAD_OF_HOUSEHOLD]):
        kids: tuple[tuple[str, dict[str, Any]], ...] = ()
        if with_children and row[5]:
            kids = tuple((name, props) for name, props in json.loads(row[5]))
        yield PersonRow(row[0], row[1], json.loads(row[2]), row[3],
                        json.loads(row[4]) if row[4] else {}, kids)


def households(rows: Iterator[PersonRow]) -> Iterator[list[PersonRow]]:
    """Group the ordered rows of :func:`people` by household (one list per household)."""
    group: list[PersonRow] = []
    for row in rows:
        if group and (row.household_id or row.id) != (group[0].household_id or group[0].id):
            yield group
            group = []
        group.append(row)
    if group:
        yield group
