"""The county's conflict queue (冲突): open conflicts, paged and filtered in SQL.

A conflict row (``registry.replica``) holds the winning version of one property and
the versions it beat, each with its value, clock stamp, device and user. This module
lists them a page at a time for the county workspace:

- ``conflict_page`` reads one page in a single query, filtered by village (a division
  code prefix of the record's scope), property and age (whole days since the newer
  version was entered), oldest first, with the total count;
- ``conflict_filters`` counts the open conflicts per property and per village, for the
  filter lists;
- ``value_sources`` finds the form submission each version came from (a form saves its
  entity changes and the submission record in one write, on one device);
- ``parse_typed`` turns a value the officer typed into the type the versions have;
- ``reveal_version`` shows one version's full ID or phone number to a role allowed to
  reveal (audited either way), and ``differing_positions`` says where the versions of
  such a number differ, so versions masked alike can still be told apart.

Values are included in the rows: show them, never log them. Resolving goes through
``registry.county`` (audited there).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from registry import accounts, audit
from registry.errors import NotFound, ValidationError
from registry.ledgers import import_fields
from registry.ledgers.import_fields import CellProblem
from registry.store import Store
from registry.text import FULLWIDTH_TO_ASCII
from sync.protocol import DELETED, Stamp

__all__ = ["CHINA", "DELETED", "ConflictFilter", "ConflictPage", "ConflictRow", "ConflictValue",
           "ValueSource", "conflict_filters", "conflict_page", "open_conflict",
           "open_conflict_count", "parse_typed", "require_open", "reveal_version",
           "differing_positions", "value_sources"]

#: Days are counted in China time.
CHINA = timezone(timedelta(hours=8))
DAY_MS = 86_400_000
#: A form's submission record is written right after its entity changes, in the same
#: write: it is looked for within this time after the version, ...
SOURCE_WINDOW_MS = 5_000
#: ... among the journal rows this close to the version's own row (a pull page holds
#: at most 2,000 change sets, and the submission arrives with its edit).
SOURCE_ROWS = 4_000

# The newest of the versions: the winner's stamp (``detected_hlc``) and the losers' (read
# directly when there are one or two, as nearly always; else through json_each).
_NEWEST = """CASE WHEN c.loser_change ->> '$[2]' IS NULL
  THEN max(c.detected_hlc, coalesce(c.loser_change ->> '$[0].hlc', ''),
           coalesce(c.loser_change ->> '$[1].hlc', ''))
  ELSE max(c.detected_hlc, (SELECT max(l.value ->> 'hlc') FROM json_each(c.loser_change) l))
  END"""
#: The record's scope is read only when a village is chosen (the join costs a third).
_BY_VILLAGE = "JOIN entity e ON e.id = c.entity_id AND e.scope LIKE :village"

# The page's conflicts are picked from the cheap columns first (the order, the count);
# only those rows are then read in full with their record's name and 户编号.
_PAGE = f"""
WITH open AS (
  SELECT c.id, CAST(substr({_NEWEST}, 1, 16) AS INTEGER) AS newest_ms
  FROM conflict c {{village}}
  WHERE c.status = 'open' AND (:prop = '' OR c.prop = :prop)
    AND (:id = '' OR c.id = :id)),
page AS (
  SELECT id, newest_ms, count(*) OVER () AS total FROM open
  WHERE newest_ms <= :older_than AND newest_ms > :newer_than
  ORDER BY newest_ms, id LIMIT :limit OFFSET :offset)
SELECT c.id, c.entity_id, c.prop, c.winner_change, c.loser_change, e.list, e.scope,
       coalesce(e.props ->> 'name', e.props ->> 'head_name', p.props ->> 'name',
                p.props ->> 'head_name', ''),
       coalesce(e.props ->> 'household_no', p.props ->> 'household_no', ''),
       page.newest_ms, page.total
FROM page JOIN conflict c ON c.id = page.id JOIN entity e ON e.id = c.entity_id
LEFT JOIN entity p ON p.id = e.parent
ORDER BY page.newest_ms, page.id
"""


@dataclass(frozen=True, slots=True)
class ConflictFilter:
    """Which open conflicts to list: ``village`` a division-code prefix ("" for all),
    ``prop`` one property ("" for all), age in whole days since the newer version
    (``min_age_days`` at least, ``max_age_days`` at most, ``None`` unbounded)."""

    village: str = ""
    prop: str = ""
    min_age_days: int = 0
    max_age_days: int | None = None


@dataclass(frozen=True, slots=True)
class ConflictValue:
    """One version in a conflict: its value, who entered it (user, device) and when."""

    change_id: str
    value: Any
    user: str
    device: str
    entered_ms: int
    winner: bool
    prop: str

    @property
    def entered(self) -> datetime:
        """When it was entered (China time)."""
        return datetime.fromtimestamp(self.entered_ms / 1000, CHINA)


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """One open conflict: the record, the property and every value side by side.

    ``kind`` is ``"edit"`` or ``"delete"``; in a delete conflict ``values`` are the edit
    the delete did not know (the current winner, which kept the record) and the deletes.
    """

    conflict_id: str
    entity_id: str
    entity_list: str
    prop: str
    scope: str
    label: str
    household_no: str
    newest_ms: int
    age_days: int
    values: tuple[ConflictValue, ...]

    @property
    def kind(self) -> str:
        """``"delete"`` for a delete settled by keep or delete, else ``"edit"``."""
        return "delete" if self.prop == DELETED else "edit"


@dataclass(frozen=True, slots=True)
class ConflictPage:
    """One page of the queue and how many open conflicts match the filter in all."""

    rows: tuple[ConflictRow, ...]
    total: int


@dataclass(frozen=True, slots=True)
class ValueSource:
    """The form submission a version came from."""

    submission_id: str
    form_id: str
    form_version: str
    instance_id: str


def conflict_page(store: Store, *, filters: ConflictFilter = ConflictFilter(),  # noqa: B008
                  today: date, limit: int = 100, offset: int = 0) -> ConflictPage:
    """One page of open conflicts matching ``filters``, longest waiting first (DB thread)."""
    older, newer = _age_bounds(filters, today)
    sql = _PAGE.format(village=_BY_VILLAGE if filters.village else "")
    rows = store.db.execute(sql, {
        "village": _like_prefix(filters.village), "prop": filters.prop, "id": "",
        "older_than": older, "newer_than": newer, "limit": int(limit),
        "offset": int(offset)}).fetchall()
    total = int(rows[0][-1]) if rows else _count_after_end(store, filters, today, offset)
    start = _day_start_ms(today)
    return ConflictPage(tuple(_row(r, start) for r in rows), total)


def _count_after_end(store: Store, filters: ConflictFilter, today: date, offset: int) -> int:
    """The total when the page is past the end (the window count saw no row)."""
    if offset == 0:
        return 0
    return conflict_page(store, filters=filters, today=today, limit=1, offset=0).total


def open_conflict(store: Store, conflict_id: str, *, today: date) -> ConflictRow:
    """One open conflict by id (raises ``NotFound`` once it is settled)."""
    row = store.db.execute(_PAGE.format(village=""), {
            "id": conflict_id, "village": "%", "prop": "", "older_than": NO_UPPER_BOUND_MS,
            "newer_than": -1, "limit": 1, "offset": 0}).fetchone()
    if row is None:
        raise NotFound(conflict_id)
    return _row(row, _day_start_ms(today))


def conflict_filters(store: Store, *, village_digits: int = 12
                     ) -> tuple[dict[str, int], dict[str, int]]:
    """Open conflicts per property and per village (scope cut to ``village_digits``)."""
    props = dict(store.db.execute(
        "SELECT prop, count(*) FROM conflict WHERE status = 'open' GROUP BY prop ORDER BY prop"
    ).fetchall())
    villages = dict(store.db.execute(
        "SELECT substr(e.scope, 1, ?), count(*) FROM conflict c JOIN entity e"
        " ON e.id = c.entity_id WHERE c.status = 'open' GROUP BY 1 ORDER BY 1",
        [int(village_digits)]).fetchall())
    return props, villages


def require_open(store: Store, conflict_id: str) -> None:
    """Raise ``NotFound`` if the conflict is no longer open (a sync settled it meanwhile)."""
    row = store.db.execute("SELECT 1 FROM conflict WHERE id = ? AND status = 'open'",
                           [conflict_id]).fetchone()
    if row is None:
        raise NotFound(conflict_id)


def open_conflict_count(store: Store) -> int:
    """How many conflicts are open."""
    return int(store.db.execute(
        "SELECT count(*) FROM conflict WHERE status = 'open'").fetchone()[0])


def value_sources(store: Store, row: ConflictRow) -> dict[str, ValueSource]:
    """The submission each of ``row``'s versions came from, by change id (versions
    entered outside a form, or whose submission this replica lacks, are left out)."""
    found: dict[str, ValueSource] = {}
    for value in row.values:
        source = _source_of(store, value, entity_id=row.entity_id)
        if source is not None:
            found[value.change_id] = source
    return found


def _source_of(store: Store, value: ConflictValue, *, entity_id: str) -> ValueSource | None:
    """The submission record written with this version: same device and user, just
    after it in time, naming the record (its id in the record's text); looked for near
    the version's journal row."""
    set_id = value.change_id.rpartition(".")[0]
    at = store.db.execute("SELECT seq FROM journal WHERE set_id = ? LIMIT 1",
                          [set_id]).fetchone()
    if at is None:
        return None
    hlc = Stamp(value.entered_ms, 0, "").encode()
    until = Stamp(value.entered_ms + SOURCE_WINDOW_MS, 0, "").encode()
    rows = store.db.execute(
        "SELECT entity_id, changes FROM journal WHERE seq BETWEEN ? AND ?"
        " AND list = 'submission' AND device = ? AND user = ? AND hlc >= ? AND hlc < ?"
        " ORDER BY hlc LIMIT 20",
        [at[0] - SOURCE_ROWS, at[0] + SOURCE_ROWS, value.device, value.user, hlc, until]
    ).fetchall()
    for submission_id, packed in rows:
        props = {k: v[0] for k, v in json.loads(packed).items() if isinstance(v, list)}
        if props.get("form_id") and _names(store, props, packed=packed, entity_id=entity_id):
            return ValueSource(submission_id, str(props.get("form_id", "")),
                               str(props.get("form_version", "")),
                               str(props.get("instance_id", "")))
    return None


def _names(store: Store, submission: dict[str, Any], *, packed: str, entity_id: str) -> bool:
    """Whether a submission concerns the record: it names it (in its entities or answers),
    or one of its records belongs to it (a follow-up's visit sets its person's status)."""
    if entity_id in packed:
        return True
    made = [str(e) for e in submission.get("entity_ids") or []]
    marks = ",".join("?" * len(made))
    return bool(made) and store.db.execute(
        f"SELECT 1 FROM entity WHERE id IN ({marks}) AND parent = ? LIMIT 1",
        [*made, entity_id]).fetchone() is not None


def reveal_version(store: Store, *, conflict_id: str, change_id: str) -> str:
    """The full value of one version (``change_id``) of a conflict over an ID or phone
    number, for a role allowed to reveal; audited either way, like ``audit.reveal``.

    ``accounts.NotAllowed`` if the role may not; ``ValidationError`` for another field;
    ``NotFound`` for an unknown conflict or version."""
    row = store.db.execute("SELECT entity_id, prop, winner_change, loser_change FROM conflict"
                           " WHERE id = ?", [conflict_id]).fetchone()
    if row is None:
        raise NotFound(conflict_id)
    entity_id, prop, winner, losers = row
    mask = audit.REVEALABLE.get(prop)
    if mask is None:
        raise ValidationError(f"reveal.{prop}", "此字段不能查看完整值", "not a revealable field")
    versions = [json.loads(winner), *json.loads(losers)]
    number = next((n for n, v in enumerate(versions, 1) if str(v.get("id")) == change_id), 0)
    if not number:
        raise NotFound(change_id)
    value = str(versions[number - 1].get("value") or "")
    role = accounts.role_of(store)
    allowed = accounts.may(role, "reveal")
    audit.record(store, action="reveal", target=entity_id, result="ok" if allowed else "denied",
                 detail={"field": prop, "masked": mask(value), "role": role,
                         "conflict_version": number})
    if not allowed:
        raise accounts.NotAllowed("reveal")
    return value


def differing_positions(values: list[str]) -> tuple[int, ...]:
    """The 1-based character positions where ``values`` do not all agree (a position only
    some of them reach counts as differing); empty for fewer than two values."""
    if len(values) < 2:
        return ()
    longest = max(len(v) for v in values)
    return tuple(i + 1 for i in range(longest)
                 if len({v[i] if i < len(v) else None for v in values}) > 1)


def parse_typed(row: ConflictRow, text: str) -> Any:
    """The value the officer typed, as the type the conflicting values have.

    Raises ``ValidationError`` naming the field when it is empty or not of that type.
    """
    field = f"{row.entity_list}.{row.prop}"
    typed = text.strip()
    if not typed:
        raise ValidationError(field, "请输入新值", "enter a new value")
    kinds = {type(v.value) for v in row.values if v.value is not None}
    if kinds == {bool}:
        if typed in ("是", "true", "1"):
            return True
        if typed in ("否", "false", "0"):
            return False
        raise ValidationError(field, "应填“是”或“否”", "must be 是 or 否")
    if kinds and kinds <= {int, float}:
        number = _typed_number(field, row.prop, typed)
        return int(number) if kinds == {int} and number.is_integer() else number
    return typed


def _typed_number(field: str, prop: str, typed: str) -> float:
    """A typed number (full-width digits and thousands commas read), finite and in the range
    the ledger import allows for the property (``registry.ledgers.import_fields``): ``nan``,
    ``inf`` or ``1e400`` would be stored as nothing behind a success message."""
    text = typed.translate(FULLWIDTH_TO_ASCII)
    if _GROUPED.fullmatch(text):  # 3,500 or 12,000.5: thousands separators only
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):  # not "1,2" (read as 12) nor "1_000"
        raise ValidationError(field, "应为数字", "must be a number")
    number = float(text)
    if not math.isfinite(number):
        raise ValidationError(field, "应为一个数字（不能是无穷大或非数字）", "must be a finite number")
    check = _NUMBER_CHECKS.get(prop)
    if check is not None:
        try:
            check(number)
        except CellProblem as problem:
            raise ValidationError(field, problem.message_zh, "out of range") from None
    elif number < 0 and prop in _NOT_NEGATIVE:
        raise ValidationError(field, "不能为负数", "must not be negative")
    return number


#: Numbers checked as the ledger import checks them; counts and amounts that may not be
#: negative (no numeric property of the forms or the claims ledger is).
_NUMBER_CHECKS = {"monthly_income": import_fields.income, "months_worked": import_fields.months}
_NOT_NEGATIVE = frozenset({"amount", "monthly_subsidy", "salary_min", "salary_max", "openings",
                           "household_size", "cap", "days", "minimum_wage", "career_guidance",
                           "job_referrals", "training_offers", "internship_offers"})
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?(nan|inf|infinity)",
                           re.IGNORECASE)


def _row(r: tuple[Any, ...], day_start_ms: int) -> ConflictRow:
    cid, eid, prop, winner, losers, lst, scope, label, number, newest_ms, _total = r
    values = [_value(json.loads(winner), winner=True, prop=prop)]
    values += [_value(v, winner=False, prop=prop) for v in json.loads(losers)]
    newest = int(newest_ms or 0)
    age = max(0, (day_start_ms - _day_start_of_ms(newest)) // DAY_MS)
    return ConflictRow(cid, eid, lst, prop, scope, str(label), str(number), newest, age,
                       tuple(values))


def _value(v: dict[str, Any], *, winner: bool, prop: str) -> ConflictValue:
    hlc = str(v.get("hlc") or "")
    entered = Stamp.decode(hlc).wall_ms if hlc else 0
    change_id = str(v.get("id", ""))
    own_prop = change_id.rpartition(".")[2] if prop == DELETED else prop
    return ConflictValue(change_id, v.get("value"), str(v.get("user", "")),
                         str(v.get("device", "")), entered, winner, own_prop or prop)


#: An upper bound no hybrid-clock millisecond reaches.
NO_UPPER_BOUND_MS = 2**62


def _age_bounds(filters: ConflictFilter, today: date) -> tuple[int, int]:
    """(newest at or before, newest after) in ms for the age filter."""
    end_of_today = _day_start_ms(today) + DAY_MS - 1
    # No minimum age: no upper bound either. A version stamped after the end of ``today``
    # (the laptop's calendar day is UTC's or lags China's, or a device clock runs ahead)
    # is still an open conflict that must be listed.
    older = (end_of_today - filters.min_age_days * DAY_MS if filters.min_age_days > 0
             else NO_UPPER_BOUND_MS)
    if filters.max_age_days is None:
        return older, -1
    return older, _day_start_ms(today) - max(0, filters.max_age_days) * DAY_MS - 1


def _day_start_ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=CHINA).timestamp() * 1000)


def _day_start_of_ms(ms: int) -> int:
    return _day_start_ms(datetime.fromtimestamp(ms / 1000, CHINA).date())


def _like_prefix(prefix: str) -> str:
    digits = "".join(ch for ch in prefix if ch.isdigit())
    if digits != prefix:
        raise ValidationError("village", "村（居）代码只能是数字", "a division code has digits only")
    return digits + "%"
