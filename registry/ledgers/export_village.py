"""The village monthly ledger (村级劳动力月度台账): one row per labour-force member.

For the month asked, each person's work is taken, in this order of precedence, from a work
spell (``work_spell``: ``work_place``, ``employer``, ``job``, ``start_date``, ``end_date``,
``monthly_income``, ``channel``) running in that month, else from the person's latest visit
(``visit``, the employment follow-up form) up to the end of the month, else from the
person's own record (``work_status``, ``work_region``, ``employer``, ``months_worked``,
``monthly_income``). Months worked this year are counted from the spells when there are any,
else taken as recorded. Services are those given in the month (visits, ``service`` records,
trainings and posts starting in it); needs come from the latest visit, else the person.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from registry.codes import EMPLOYMENT_CHANNELS
from registry.demo_data import NOT_WORKING
from registry.ledgers.export_labels import JOIN, label, labels, split_multiple
from registry.ledgers.export_source import Month, PersonRow
from registry.masking import mask_id, mask_phone

COLUMNS: tuple[tuple[str, int], ...] = (
    ("村（居）代码", 14), ("户编号", 18), ("姓名", 10), ("性别", 6), ("身份证号码", 21),
    ("联系电话", 15), ("劳动技能", 18), ("就业状态", 10), ("就业渠道", 14), ("务工地域", 10),
    ("务工企业名称", 28), ("岗位", 12), ("务工开始日期", 13), ("务工结束日期", 13),
    ("本年务工月数", 12), ("月收入（元）", 12), ("本月服务", 26), ("就业需求", 20),
    ("最近走访日期", 13),
)  # fmt: skip
HEADERS = tuple(name for name, _ in COLUMNS)
WIDTHS = tuple(width for _, width in COLUMNS)
TEXT_COLUMNS = frozenset({0, 5})
LONG_NUMBERS = frozenset({1, 4})
EMPLOYED = "就业"


def village_rows(people: Iterator[PersonRow], month: Month, *,
                 masked: bool) -> Iterator[list[Any]]:
    """The ledger rows of ``people`` (labour-force members) for ``month``."""
    for person in people:
        yield village_row(person, month, masked=masked)


def village_row(person: PersonRow, month: Month, *, masked: bool) -> list[Any]:
    """One ledger row: who, work in the month, months this year, services, needs, last visit."""
    props = person.props
    first, after = month.first_day.isoformat(), month.next_first_day.isoformat()
    visits = sorted((p for name, p in person.children
                     if name == "visit" and "" < str(p.get("visit_date") or "") < after),
                    key=lambda p: str(p["visit_date"]))
    latest = visits[-1] if visits else None
    spells = [p for name, p in person.children if name == "work_spell"]
    work = _work(props, visit=latest,
                 spell=_running_spell(spells, first=first, after=after))
    recorded_months, income = work.pop(), work.pop()
    months = _months_this_year(spells, month) if spells else recorded_months
    id_number = str(props.get("id_number") or "")
    phone = str(props.get("phone") or "")
    return [
        person.household.get("village_code") or person.scope,
        person.household.get("household_no", ""),
        props.get("name", ""),
        props.get("sex", ""),
        mask_id(id_number) if masked else id_number,
        mask_phone(phone) if masked else phone,
        props.get("labour_class", ""),
        *work,
        months,
        income,
        JOIN.join(_services(person.children, first=first, after=after)),
        JOIN.join(_needs(props, latest)),
        str(latest["visit_date"])[:10] if latest else "",
    ]


def _work(props: dict[str, Any], *, visit: dict[str, Any] | None,
          spell: dict[str, Any] | None) -> list[Any]:
    """status, channel, place, employer, job, start, end, monthly income, months worked."""
    if spell is not None:
        return [EMPLOYED, label("channel", spell.get("channel")),
                label("work_place", spell.get("work_place")), spell.get("employer", ""),
                spell.get("job", ""), _day(spell.get("start_date")), _day(spell.get("end_date")),
                _number(spell.get("monthly_income")), None]
    status = props.get("work_status") or ""
    channel = status if status in EMPLOYMENT_CHANNELS else ""
    if visit is not None:  # employed: what the follow-up leaves out is the record's
        kept = props if visit.get("employment_status") in ("employed", EMPLOYED) else {}
        months = visit.get("months_worked")
        return [label("employment_status", visit.get("employment_status")),
                label("channel", visit.get("channel")) or (channel if kept else ""),
                label("work_place", visit.get("work_place")) or kept.get("work_region", ""),
                visit.get("employer") or kept.get("employer", ""),
                visit.get("job") or kept.get("job", ""), _day(visit.get("start_date")), "",
                _number(visit.get("monthly_income")),
                _number(kept.get("months_worked") if months is None else months)]
    state = "" if not status else NOT_WORKING if status == NOT_WORKING else EMPLOYED
    return [state, channel, props.get("work_region", ""), props.get("employer", ""),
            props.get("job", ""), "", "", _number(props.get("monthly_income")),
            _number(props.get("months_worked"))]


def _running_spell(spells: list[dict[str, Any]], *, first: str,
                   after: str) -> dict[str, Any] | None:
    """The spell running in the month (started before it ends, not ended before it starts);
    the latest started if several."""
    running = [s for s in spells
               if _day(s.get("start_date")) and _day(s.get("start_date")) < after
               and (not _day(s.get("end_date")) or _day(s.get("end_date")) >= first)]
    return max(running, key=lambda s: _day(s.get("start_date"))) if running else None


def _months_this_year(spells: list[dict[str, Any]], month: Month) -> int:
    """Months of the year up to ``month`` in which some spell ran."""
    worked = set()
    for number in range(1, month.month + 1):
        current = Month(month.year, number)
        first, after = current.first_day.isoformat(), current.next_first_day.isoformat()
        if _running_spell(spells, first=first, after=after) is not None:
            worked.add(number)
    return len(worked)


def _services(children: tuple[tuple[str, dict[str, Any]], ...], *, first: str,
              after: str) -> list[str]:
    """Labels of the services given in the month, in order, without repeats."""
    given: list[str] = []
    for name, props in children:
        day = _day(props.get(_DATE_OF.get(name, "")))
        if not (first <= day < after):
            continue
        if name in ("visit", "service"):
            given.extend(split_multiple(props.get("services")))
        elif name == "training":
            given.append(label("training_type", props.get("training_type")) or "培训")
        elif name == "post":
            given.append("post")
    return labels("service", given)


_DATE_OF = {"visit": "visit_date", "service": "service_date", "training": "start_date",
            "post": "agreement_start"}


def _needs(props: dict[str, Any], visit: dict[str, Any] | None) -> list[str]:
    source = visit.get("needs") if visit and visit.get("needs") else props.get("needs")
    return labels("need", split_multiple(source))


def _day(value: Any) -> str:
    """An ISO date (the first 10 characters of a date or timestamp text), or ``""``."""
    text = str(value or "")[:10]
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return ""


def _number(value: Any) -> Any:
    """A number as a number cell (a numeric text is converted), else the value or blank."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        return value
    try:
        number = float(str(value))
    except ValueError:
        return str(value)
    return int(number) if number.is_integer() else number

