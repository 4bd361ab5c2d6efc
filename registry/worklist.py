"""本月走访: the month's follow-up work list, computed in SQL. No Qt.

Who is on the list: every live person of the scope whose labour class (劳动技能) is one of
the three classes with capacity (普通劳动力, 技能劳动力, 弱劳动力或半劳动力) or 丧失劳动力.
Each row has this month's state:

- 已走访 (``visited``): a follow-up (a ``visit`` record) dated in the month;
- 不需走访 (``not_required``): labour class 丧失劳动力 (kept on the list so that a wrong class
  is seen and corrected, but not counted in the progress);
- 逾期 (``overdue``): not visited and the day is past the 20th (seed 001 七(二): monthly
  follow-up by the 20th; ``registry.alerts`` raises ``visit_overdue`` on the same rule);
- 待走访 (``due``): not visited, the 20th not yet past.

The progress "已走访 x / y" counts visited rows among those that need a visit, of the village
(group, labour class, …) the filters show. After the 20th
the overdue rows come first. Filters and paging run in SQL (village group from the household
address "3组12号", the 村（居） from the household's scope code, labour class, employment status, households with an alert).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from weakref import WeakKeyDictionary

from registry.alerts import alerts_for_store
from registry.alerts.kinds import VISIT_DEADLINE_DAY
from registry.codes import WORK_AWAY_CHANNELS
from registry.county_dashboard import journal_high_water
from registry.errors import ValidationError
from registry.labour import LOST, WITH_CAPACITY
from registry.reader import ReadStore
from registry.store import Store
from sync.protocol import ScopeError, scope_prefix

VISITED, DUE, OVERDUE, NOT_REQUIRED = "visited", "due", "overdue", "not_required"
EMPLOYED = "就业"
#: The states as the list shows them.
STATE_LABELS: Mapping[str, str] = {VISITED: "已走访", DUE: "待走访", OVERDUE: "逾期",
                                   NOT_REQUIRED: "不需走访"}
LISTED_CLASSES: tuple[str, ...] = (*WITH_CAPACITY, LOST)

#: A follow-up's 就业状况 choice -> the person's employment status (``STATUS_WORDS`` words).
FOLLOWUP_STATUS: Mapping[str, str] = {"employed": "就业", "unemployed": "未就业",
                                      "returned": "返乡", "at_home": "在家"}
#: The two channels of work away (``registry.codes.WORK_AWAY_CHANNELS``).
ORGANISED_EXPORT, SELF_ARRANGED_AWAY = WORK_AWAY_CHANNELS
#: A follow-up's 就业渠道 choice -> the work status shown in lists (外出务工 is
#: 有组织劳务输出 when the follow-up says 是否有组织劳务输出 = 是: ``followup_channel``).
FOLLOWUP_CHANNEL: Mapping[str, str] = {
    "workshop": "就业帮扶车间", "firm": "本地企业或园区", "post": "乡村公益性岗位",
    "relief": "以工代赈", "self": "自主创业", "flexible": "灵活就业", "farming": "种养殖",
    "away": SELF_ARRANGED_AWAY}
_YES = ("1", "是", "yes", "true")


@dataclass(frozen=True, slots=True)
class WorkRow:
    """One person on the month's work list."""

    id: str
    household_id: str
    name: str
    head_name: str
    household_no: str
    group: str
    labour_class: str
    work_status: str
    last_visit: str
    state: str
    village: str = ""  #: the household's 村（居） code (12 digits of its scope)


@dataclass(frozen=True, slots=True)
class WorkFilter:
    """What the list is narrowed to; empty fields do not filter."""

    state: str = ""
    village: str = ""  #: a 村（居） code (prefix): only the households of that village
    group: str = ""
    labour_class: str = ""
    work_status: str = ""
    alert_ids: frozenset[str] | None = None  #: only these people (those with an alert)
    text: str = ""  #: a name or household number typed in the list's own box


@dataclass(frozen=True, slots=True)
class Progress:
    """已走访 x / y, with the overdue, due and not-required (不需走访) counts."""

    visited: int
    required: int
    overdue: int
    due: int
    not_required: int


def _month_bounds(day: date) -> tuple[str, str]:
    start = day.replace(day=1)
    end = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return start.isoformat(), end.isoformat()


def _scope_glob(scope: str) -> str:
    if not scope:
        return "*"
    try:
        return scope_prefix(scope) + "*"
    except ScopeError:
        raise ValidationError("worklist.scope", "范围须为 2、4、6、9 或 12 位数字的行政区划代码",
                              "scope must be a division code of 2, 4, 6, 9 or 12 digits") from None


_CLASSES = ", ".join(f"'{c}'" for c in LISTED_CLASSES)
#: A person's employment status as its word: 劳动力信息登记 stored its choice names
#: (``unemployed``) before it stored the words a follow-up stores.
_STATUS_WORD = ("CASE json_extract(props, '$.employment_status') "
                + " ".join(f"WHEN '{code}' THEN '{text}'" for code, text in FOLLOWUP_STATUS.items())
                + " ELSE json_extract(props, '$.employment_status') END")
#: A person's latest follow-up, from the ``visit_day`` index (schema 4) without reading
#: the records.
_LAST_VISIT = """(SELECT max(json_extract(v.props, '$.visit_date')) FROM entity v
                  WHERE v.parent = p.id AND v.list = 'visit' AND v.deleted = 0
                    AND v.merged_into IS NULL)"""
_LIVE = "deleted = 0 AND merged_into IS NULL AND scope GLOB :scope"
#: Each household and each person is read once (households into a scratch table keyed for
#: the join, so no expression is evaluated twice), then joined into ``temp.w_list``.
_SCRATCH = [
    "CREATE TEMP TABLE w_h (id TEXT PRIMARY KEY, head_name, household_no, grp, village)"
    " WITHOUT ROWID",
    f"""INSERT INTO w_h SELECT id, head_name, household_no,
          coalesce(village_group, CASE WHEN instr(address, '组') > 0
                                       THEN substr(address, 1, instr(address, '组')) END, ''),
          village
        FROM (SELECT id, substr(coalesce(scope, ''), 1, 12) AS village, coalesce(json_extract(props, '$.head_name'), '') AS head_name,
                     coalesce(json_extract(props, '$.household_no'), '') AS household_no,
                     json_extract(props, '$.village_group') AS village_group,
                     coalesce(json_extract(props, '$.address'), '') AS address
              FROM entity WHERE list = 'household' AND {_LIVE})""",
    f"""CREATE TEMP TABLE w_list AS
        SELECT *, CASE WHEN labour = '{LOST}' THEN '{NOT_REQUIRED}'
                       WHEN last_visit >= :month_start THEN '{VISITED}'
                       WHEN :late THEN '{OVERDUE}' ELSE '{DUE}' END AS state
        FROM (SELECT p.id, p.household_id, p.name, coalesce(h.head_name, '') AS head_name,
                     coalesce(h.household_no, '') AS household_no, coalesce(h.grp, '') AS grp,
                     coalesce(h.village, '') AS village, p.labour, p.work, coalesce(p.last_visit, '') AS last_visit
              FROM (SELECT id, coalesce(parent, '') AS household_id, {_LAST_VISIT} AS last_visit,
                           coalesce(json_extract(props, '$.name'), '') AS name,
                           json_extract(props, '$.labour_class') AS labour,
                           coalesce(json_extract(props, '$.work_status'),
                                    {_STATUS_WORD}, '') AS work
                    FROM entity p WHERE list = 'person' AND {_LIVE}
                      AND json_extract(props, '$.labour_class') IN ({_CLASSES})) p
              LEFT JOIN w_h h ON h.id = p.household_id)""",
]
_SCRATCH_TABLES = ("w_h", "w_list")
_TABLE = "temp.w_list"
_ORDER = (f"CASE state WHEN '{OVERDUE}' THEN 0 WHEN '{DUE}' THEN 1 WHEN '{VISITED}' THEN 2"
          " ELSE 3 END, household_no, name, id")


def _where(wanted: WorkFilter, params: dict[str, Any]) -> str:
    clauses = []
    if wanted.village:
        if not wanted.village.isdigit():
            raise ValidationError("worklist.village", "村（居）须为数字行政区划代码",
                                  "village must be a division code")
        params["village"] = wanted.village + "*"
        clauses.append("village GLOB :village")
    for name, column in (("state", "state"), ("group", "grp"), ("labour_class", "labour"),
                         ("work_status", "work")):
        value = getattr(wanted, name)
        if value:
            params[name] = value
            clauses.append(f"{column} = :{name}")
    if wanted.text:
        params["text"] = f"%{wanted.text}%"
        clauses.append("(name LIKE :text OR head_name LIKE :text OR household_no LIKE :text)")
    if wanted.alert_ids is not None:  # held by ``_keep_alerted``
        clauses.append("id IN temp.w_alerted")
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def _params(*, today: date, scope: str) -> dict[str, Any]:
    start, _end = _month_bounds(today)
    return {"month_start": start, "scope": _scope_glob(scope),
            "late": int(today.day > VISIT_DEADLINE_DAY)}


@dataclass(frozen=True)
class WorkView:
    """What the work-list page shows: one page of rows, the filtered total, the progress
    of what the village, group, labour, work and alert filters show (not narrowed by the
    state tabs, whose counts it gives, nor by the search text) and the values each filter
    can take."""

    rows: list[WorkRow]
    total: int
    progress: Progress
    choices: dict[str, list[str]]


#: Per store: what its scratch tables were built for (scope, month, after the 20th, the
#: database's ``data_version``) and, on the writer, the connection's ``total_changes``
#: right after (``None`` on the read lane).
_BUILT: WeakKeyDictionary[Store, tuple[tuple[Any, ...], int | None]] = WeakKeyDictionary()


def work_view(store: Store, *, today: date, scope: str = "", wanted: WorkFilter = WorkFilter(),
              limit: int = 200, offset: int = 0) -> WorkView:
    """The month's work list as of ``today``: the people of the scope and their latest
    follow-up are read once into scratch tables (temporary, in memory; the profile is
    only read), then paged, counted and summed from them. The tables are kept for the
    next page or filter while nothing was written since (the same ``data_version``;
    on the writer, no change on this connection either; on the read lane its own
    temp-table work, an alert run, does not count), so only the first page costs a
    pass over the scope.
    Overdue rows first, then due, visited, not required; by household number and name
    within a state."""
    params = _params(today=today, scope=scope)
    try:
        with store.transaction() as conn:
            if wanted.alert_ids is not None:  # first: on the writer it moves total_changes
                _keep_alerted(store, conn, wanted.alert_ids)
            if not _fresh(store, conn, params):
                _build(store, conn, params)
            return _view_of(conn, wanted, limit=limit, offset=offset)
    except BaseException:  # rolled back: the scratch tables may not hold what was noted
        _BUILT.pop(store, None)
        _ALERT_TABLE.pop(store, None)
        raise


def forget(store: Store) -> None:
    """Drop the kept scratch tables (their memory is freed; the next read rebuilds them)."""
    _BUILT.pop(store, None)
    _ALERT_TABLE.pop(store, None)
    _ALERTED.pop(store, None)
    with store.transaction() as conn:
        for table in (*_SCRATCH_TABLES, "w_alerted"):
            conn.execute(f"DROP TABLE IF EXISTS temp.{table}")


#: Per store: the people ``temp.w_alerted`` holds (the filter 仅有预警的 joins it: as
#: one SQL variable each, 12k people took seconds a page, and 250,000 was the limit).
_ALERT_TABLE: WeakKeyDictionary[Store, frozenset[str]] = WeakKeyDictionary()


def _keep_alerted(store: Store, conn: Any, ids: frozenset[str]) -> None:
    """Hold ``ids`` in ``temp.w_alerted`` (unless it holds them already)."""
    if _ALERT_TABLE.get(store) == ids:
        return
    _ALERT_TABLE.pop(store, None)
    conn.execute("DROP TABLE IF EXISTS temp.w_alerted")
    conn.execute("CREATE TEMP TABLE w_alerted (id TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.executemany("INSERT INTO temp.w_alerted VALUES (?)", ((i,) for i in ids))
    _ALERT_TABLE[store] = frozenset(ids)


def _key(conn: Any, params: Mapping[str, Any]) -> tuple[Any, ...]:
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    return (params["scope"], params["month_start"], params["late"], version)


def _fresh(store: Store, conn: Any, params: Mapping[str, Any]) -> bool:
    """Whether the kept scratch tables still hold this scope's list as of now."""
    built = _BUILT.get(store)
    if built is None or built != (_key(conn, params), _own_changes(store, conn)):
        return False
    return conn.execute("SELECT count(*) FROM temp.sqlite_master WHERE name IN (?, ?)",
                        _SCRATCH_TABLES).fetchone()[0] == len(_SCRATCH_TABLES)


def _build(store: Store, conn: Any, params: Mapping[str, Any]) -> None:
    """(Re)build the scratch tables and remember what for."""
    _BUILT.pop(store, None)
    for table in _SCRATCH_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    for statement in _SCRATCH:
        conn.execute(statement, params)
    _BUILT[store] = (_key(conn, params), _own_changes(store, conn))


def _own_changes(store: Store, conn: Any) -> int | None:
    """The writer's own changes, which ``data_version`` does not see (``total_changes``).

    ``None`` on the read lane: it cannot change the profile, and its count moves with
    every temp-table insert (an alert run's scratch tables), which must not make the
    work list's tables look stale; ``data_version`` sees the writer's commits there."""
    return None if isinstance(store, ReadStore) else conn.total_changes


def _view_of(conn: Any, wanted: WorkFilter, *, limit: int, offset: int) -> WorkView:
    params: dict[str, Any] = {"limit": limit, "offset": offset}
    where = _where(wanted, params)
    rows = conn.execute(f"SELECT id, household_id, name, head_name, household_no, grp, labour,"
                        f" work, last_visit, state, village FROM {_TABLE}{where} ORDER BY {_ORDER}"
                        " LIMIT :limit OFFSET :offset", params).fetchall()
    total = conn.execute(f"SELECT count(*) FROM {_TABLE}{where}", params).fetchone()[0]
    counted = _where(replace(wanted, state="", text=""), params)  # the tabs count from it
    done = conn.execute(
        f"SELECT sum(state = '{VISITED}'), sum(state <> '{NOT_REQUIRED}'),"
        f" sum(state = '{OVERDUE}'), sum(state = '{DUE}'), sum(state = '{NOT_REQUIRED}')"
        f" FROM {_TABLE}{counted}",
        params).fetchone()
    choices = {key: sorted((r[0] for r in conn.execute(
        f"SELECT DISTINCT {column} FROM {_TABLE} WHERE {column} <> ''")),
        key=_group_key if key == "group" else str)
        for key, column in (("village", "village"), ("group", "grp"),
                            ("labour_class", "labour"), ("work_status", "work"))}
    return WorkView([WorkRow(*r) for r in rows], int(total),
                    Progress(*(int(v or 0) for v in done)), choices)


def work_rows(store: Store, *, today: date, scope: str = "", wanted: WorkFilter = WorkFilter(),
              limit: int = 200, offset: int = 0) -> list[WorkRow]:
    """One page of the month's work list (``work_view``'s rows)."""
    return work_view(store, today=today, scope=scope, wanted=wanted, limit=limit,
                     offset=offset).rows


def work_count(store: Store, *, today: date, scope: str = "",
               wanted: WorkFilter = WorkFilter()) -> int:
    """How many rows the filtered list has."""
    return work_view(store, today=today, scope=scope, wanted=wanted, limit=0).total


def progress(store: Store, *, today: date, scope: str = "") -> Progress:
    """已走访 x / y over the whole scope (no filter), with the overdue and due counts."""
    return work_view(store, today=today, scope=scope, limit=0).progress


def filter_choices(store: Store, *, today: date, scope: str = "") -> dict[str, list[str]]:
    """The values each filter can take in this scope: village codes, village groups (by
    their number),
    labour classes, work statuses."""
    return work_view(store, today=today, scope=scope, limit=0).choices


def _group_key(value: str) -> tuple[int, str]:
    digits = "".join(c for c in value if c.isdigit())
    return (int(digits) if digits else 10**6, value)


def followup_channel(props: Mapping[str, Any]) -> str:
    """The channel word of a follow-up's 就业渠道 choice (``FOLLOWUP_CHANNEL``); work away
    answered 是否有组织劳务输出 = 是 is 有组织劳务输出. A word not known is kept as it is."""
    channel = str(props.get("channel") or "")
    if channel == "away" and _organised(props.get("organised_export")):
        return ORGANISED_EXPORT
    return FOLLOWUP_CHANNEL.get(channel, channel)


def _organised(value: Any) -> bool:
    return value is True or (not isinstance(value, bool) and str(value).strip().lower() in _YES)


def status_after_followup(props: Mapping[str, Any]) -> dict[str, Any]:
    """What a follow-up (a new ``visit``'s properties) sets on its person: the employment
    status (就业 / 未就业 / 返乡 / 在家), the work status lists show (the channel when
    employed: ``followup_channel``) and the monthly income (the follow-up's when employed,
    0 when not: the latest known income is the person's current one, which the next
    follow-up's income is checked against). Empty when the follow-up gives no status."""
    status = FOLLOWUP_STATUS.get(str(props.get("employment_status") or ""),
                                 str(props.get("employment_status") or ""))
    if not status:
        return {}
    work = followup_channel(props) if status == EMPLOYED else status
    after: dict[str, Any] = {"employment_status": status, "work_status": work or status}
    income = _income(props.get("monthly_income"))
    if status != EMPLOYED:
        after["monthly_income"] = 0
    elif income is not None:
        after["monthly_income"] = income
    return after


def _income(value: Any) -> int | float | None:
    """A follow-up's monthly income as a number (``None`` when it gives none); whole
    yuan as an integer (the form's decimal answer 3000.0 is kept as 3000)."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return int(number) if number.is_integer() else number


#: The people of the last :func:`alerted_people` per store, with what they were found for:
#: the scope, the day and the journal's high-water mark (every write of a record, local,
#: synced or merged, raises it; temp tables and audit entries do not).
_ALERTED: WeakKeyDictionary[Store, tuple[tuple[Any, ...], frozenset[str]]] = \
    WeakKeyDictionary()


def alerted_people(store: Store, *, today: date, scope: str = "") -> frozenset[str]:
    """The people of ``scope`` concerned by an alert as of ``today`` (for 仅有预警的).

    One alert run (seconds at county scale), kept for the next pages and filters while
    nothing was written since: each page of the list ran it again."""
    key = (scope, today, journal_high_water(store))
    kept = _ALERTED.get(store)
    if kept is not None and kept[0] == key:
        return kept[1]
    subjects = [a.subject for a in alerts_for_store(store, as_of=today, scope=scope or None)]
    people = people_with_alerts(store, subjects)
    if journal_high_water(store) == key[2]:  # no record written during the run: kept
        _ALERTED[store] = (key, people)
    else:
        _ALERTED.pop(store, None)
    return people


def people_with_alerts(store: Store, subjects: Collection[str]) -> frozenset[str]:
    """The people concerned by alerts on ``subjects`` (``registry.alerts.Alert.subject``):
    a person subject itself, a household subject through its members."""
    ids = sorted(set(subjects))
    found: set[str] = set()
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        marks = ", ".join("?" * len(chunk))
        found.update(r[0] for r in store.db.execute(  # "+list": the id and parent indexes
            f"SELECT id FROM entity WHERE +list = 'person' AND (id IN ({marks})"
            f" OR parent IN ({marks}))", [*chunk, *chunk]))
    return frozenset(found)
