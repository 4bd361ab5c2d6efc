"""The township's summary of a month's changes (乡镇月度变动汇总).

Villages hand in the monthly ledger by the 20th; townships enter the changes into the
provincial system by the 25th. The summary of month M therefore covers what changed since
the previous ledger: from the 21st of month M-1 to the 20th of month M inclusive (China
time), with the 25th of month M as the date to enter it by (``CUTOFF_DAY``, ``DEADLINE_DAY``).

The changes are read from the journal (every local and synced change, with its clock
stamp), so the summary covers changes made on this device and those received from the
villages. For each record changed in the window: a new person or household (新增), a
deletion (删除), or one row per property whose value at the end of the window differs from
its value before it (修改: 原值 -> 新值). Records that belong to a person (visits, services,
trainings, posts, work spells) are listed under that person. Rows are ordered by household
number, the household's own changes first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

from registry import journal as journal_rows
from registry.field_labels import FIELD_LABELS
from registry.ledgers.export_labels import JOIN, display, label, labels, split_multiple
from registry.ledgers.export_source import Month, scope_range
from registry.masking import mask_id, mask_phone
from registry.store import Store
from sync.protocol import DELETED, MERGED_INTO, Change, Stamp

COLUMNS: tuple[tuple[str, int], ...] = (
    ("户编号", 18), ("姓名", 10), ("身份证号码", 21), ("对象", 10), ("变动类型", 8),
    ("变动项目", 16), ("原值", 24), ("新值", 40), ("变动时间", 17), ("录入人", 10),
    ("录入省级系统截止日期", 14),
)  # fmt: skip
HEADERS = tuple(name for name, _ in COLUMNS)
WIDTHS = tuple(width for _, width in COLUMNS)
TEXT_COLUMNS: frozenset[int] = frozenset()
LONG_NUMBERS = frozenset({0, 2})
CUTOFF_DAY = 20
DEADLINE_DAY = 25
CHINA = timezone(timedelta(hours=8))

LISTS: dict[str, str] = {
    "household": "家庭", "person": "人员", "visit": "走访记录", "service": "服务记录",
    "training": "培训", "post": "公益性岗位", "work_spell": "务工经历",
}
#: The ledgers' labels of properties (the Chinese of ``registry.field_labels``).
PROP_LABELS: dict[str, str] = {prop: zh for prop, (zh, _en) in FIELD_LABELS.items()}
#: Properties that are links or bookkeeping, not facts to enter anywhere.
SKIPPED = frozenset({"labour_class_suggested", "person_id", "household_id", MERGED_INTO})
#: Properties holding choice names of the built-in forms: the choice list of each.
CHOICES_OF = {"employment_status": "employment_status", "channel": "channel",
              "work_place": "work_place", "return_reason": "return_reason",
              "not_working_reason": "return_reason", "training_type": "training_type",
              "post_type": "post_type"}
MULTIPLE_OF = {"needs": "need", "services": "service"}
MASKERS = {"id_number": mask_id, "phone": mask_phone}

_CHANGES = """
WITH month AS (
  SELECT {columns}, j.seq, e.created_hlc,
         CASE WHEN j.list IN ('person', 'household') THEN j.entity_id ELSE e.parent END AS owner
  FROM journal j JOIN entity e ON e.id = j.entity_id
  WHERE j.hlc >= ? AND j.hlc < ? AND j.list IN ({lists}) AND e.scope >= ? AND e.scope < ?
)
SELECT month.*, o.list, o.props, h.props
FROM month LEFT JOIN entity o ON o.id = month.owner
LEFT JOIN entity h ON h.id = CASE WHEN o.list = 'household' THEN o.id ELSE o.parent END
ORDER BY coalesce(json_extract(h.props, '$.household_no'), ''), o.list = 'household' DESC,
         month.owner, month.entity_id, month.seq
"""


def window(month: Month) -> tuple[datetime, datetime]:
    """The start (inclusive) and end (exclusive) of the changes summarised for ``month``:
    the day after the previous month's cut-off to the day after this month's, China time."""
    before = month.previous
    return (datetime(before.year, before.month, CUTOFF_DAY + 1, tzinfo=CHINA),
            datetime(month.year, month.month, CUTOFF_DAY + 1, tzinfo=CHINA))


def month_bounds(month: Month) -> tuple[str, str]:
    """Clock-stamp bounds ``low <= hlc < high`` of the window of ``month``."""
    start, end = window(month)
    return (f"{int(start.timestamp() * 1000):016d}:", f"{int(end.timestamp() * 1000):016d}:")


def change_rows(store: Store, month: Month, *, prefix: str,
                masked: bool) -> Iterator[list[Any]]:
    """The rows of the township summary for ``month`` (its window) under ``prefix``."""
    low, high = month_bounds(month)
    scope_low, scope_high = scope_range(prefix)
    columns = ", ".join(f"j.{c.strip()}" for c in journal_rows.COLUMNS.split(","))
    sql = _CHANGES.format(columns=columns, lists=", ".join(f"'{n}'" for n in LISTS))
    deadline = f"{month.text}-{DEADLINE_DAY}"
    group: list[tuple[Any, ...]] = []
    cursor = store.db.conn.execute(sql, (low, high, scope_low, scope_high))
    for row in cursor:
        if group and row[1] != group[0][1]:
            yield from _entity_rows(store, group, bounds=(low, high), deadline=deadline,
                                    masked=masked)
            group = []
        group.append(row)
    if group:
        yield from _entity_rows(store, group, bounds=(low, high), deadline=deadline,
                                    masked=masked)


def _entity_rows(store: Store, rows: list[tuple[Any, ...]], *, bounds: tuple[str, str],
                 deadline: str, masked: bool) -> Iterator[list[Any]]:
    """The summary rows of one entity's changes in the month."""
    first = rows[0]
    entity_list, created_hlc = first[2], first[10]
    owner_list, owner_props = first[12], json.loads(first[13]) if first[13] else {}
    household = json.loads(first[14]) if first[14] else {}
    if owner_list == "household":
        household = owner_props
    changes = [c for row in rows for c in journal_rows.unpack(row[:9])]
    last = changes[-1]
    who = _who(owner_list, owner_props, household=household, masked=masked)
    common = (LISTS.get(entity_list, entity_list), _when(last.hlc), last.user, deadline)

    def line(kind: str, item: str, old: Any, new: Any) -> list[Any]:
        return [*who, common[0], kind, item, old, new, common[1], common[2], common[3]]

    if any(c.prop == DELETED and c.value for c in changes):
        yield line("删除", common[0], "", "")
        return
    if bounds[0] <= created_hlc < bounds[1]:
        final = {c.prop: c.value for c in changes}
        yield line("新增", common[0], "", _summary(final, masked))
        return
    for prop, (earliest, latest) in _by_prop(changes).items():
        if prop in SKIPPED or prop == DELETED:
            continue
        old = _old_value(store, earliest)
        if old == latest.value:
            continue
        yield line("修改", PROP_LABELS.get(prop, prop), _shown(prop, old, masked=masked),
                   _shown(prop, latest.value, masked=masked))


def _who(owner_list: str | None, owner: dict[str, Any], *, household: dict[str, Any],
         masked: bool) -> list[Any]:
    """户编号, 姓名, 身份证号码 of the person (or household) a change belongs to."""
    if owner_list == "household":
        return [household.get("household_no", ""), household.get("head_name", ""), ""]
    number = str(owner.get("id_number") or "")
    return [household.get("household_no", ""), owner.get("name", ""),
            mask_id(number) if masked else number]


def _by_prop(changes: list[Change]) -> dict[str, tuple[Change, Change]]:
    """The first and the last change of each property, in journal order."""
    found: dict[str, tuple[Change, Change]] = {}
    for change in changes:
        earliest = found.get(change.prop, (change, change))[0]
        found[change.prop] = (earliest, change)
    return found


def _old_value(store: Store, change: Change) -> Any:
    """The value the property had before ``change`` (from the change it was based on)."""
    base = change.base
    if not base or not base.endswith("." + change.prop):
        return None
    set_id = base[: -len(change.prop) - 1]
    for row in store.db.conn.execute(
            f"SELECT {journal_rows.COLUMNS} FROM journal WHERE set_id = ?", (set_id,)):
        for earlier in journal_rows.unpack(row):
            if earlier.change_id == base:
                return earlier.value
    return None


def _shown(prop: str, value: Any, *, masked: bool) -> Any:
    """A property value as the summary shows it (labels, 是/否, masked ID and phone)."""
    if value is None or value == "":
        return ""
    if prop in MASKERS:
        return MASKERS[prop](str(value)) if masked else str(value)
    if prop in CHOICES_OF:
        return label(CHOICES_OF[prop], value)
    if prop in MULTIPLE_OF:
        return JOIN.join(labels(MULTIPLE_OF[prop], split_multiple(value)))
    return display(value)


def _summary(props: dict[str, Any], masked: bool) -> str:
    """The properties of a new record, ``项目：值`` joined with ``；``."""
    parts = [f"{PROP_LABELS.get(prop, prop)}：{_shown(prop, value, masked=masked)}"
             for prop, value in props.items()
             if prop not in SKIPPED and prop != DELETED and value not in (None, "", [])]
    return "；".join(parts)


def _when(hlc: str) -> str:
    """The clock stamp's wall time in China time, ``YYYY-MM-DD HH:MM``."""
    wall = Stamp.decode(hlc).wall_ms / 1000
    return datetime.fromtimestamp(wall, CHINA).strftime("%Y-%m-%d %H:%M")
