"""Alerts for one case of a case file (issue 11's YAML format), as plain dicts.

A case has ``region``, ``as_of`` and exactly one subject (``person``, ``household``,
``employer``, ``agency`` or ``post``). A fact the case does not give is unknown, and
an unknown fact raises nothing. ``alerts_for_case`` returns every alert the case
raises; ``services_missing`` how many of each "1311" service an unemployed graduate
still lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from registry.alerts.facts import (
    as_bool,
    as_date,
    as_number,
    check_share,
    has_capacity,
    id_number_problem,
    month_before,
    month_of,
    status_of,
)
from registry.alerts.kinds import (
    DEFAULT_DROP_SHARE,
    ENDING_WITHIN_DAYS,
    GRADUATE_SERVICES,
    MAX_AGREEMENT_DAYS,
    MEASURE_WITHIN_DAYS,
    PRIORITY_GROUPS,
    VISIT_DEADLINE_DAY,
    Alert,
    alert,
)
from registry.errors import ValidationError
from registry.masking import mask_id

MinWageOf = Callable[[str, date], int | None]
SUBJECTS = ("person", "household", "employer", "agency", "post")

Case = Mapping[str, Any]


def alerts_for_case(case: Case, *, min_wage_of: MinWageOf,
                    drop_share: float = DEFAULT_DROP_SHARE) -> list[Alert]:
    """Every alert the case raises as of its ``as_of`` date, in a stable order."""
    check_share(drop_share)
    kind, subject = _subject(case)
    as_of = _as_of(case)
    name = str(case.get("id") or kind)
    if kind == "person":
        found = list(_person_alerts(subject, name, as_of))
    elif kind == "household":
        found = list(_household_alerts(subject, name, as_of, drop_share))
    elif kind == "post":
        found = list(_post_alerts(subject, name, as_of, str(case.get("region") or ""),
                                  min_wage_of))
    else:
        found = []
    return found


def services_missing(case: Case) -> dict[str, int]:
    """How many of each "1311" service the case's unemployed graduate still lacks.

    Empty when the person is not an unemployed graduate who wants work, or when the
    services given are not known."""
    kind, person = _subject(case)
    if kind != "person" or not _needs_1311(person):
        return {}
    given = person.get("services")
    if not isinstance(given, Mapping):
        return {}
    counts = {key: int(as_number(given.get(key)) or 0) for key in GRADUATE_SERVICES}
    return {key: need - counts[key] for key, need in GRADUATE_SERVICES.items()
            if counts[key] < need}


def _subject(case: Case) -> tuple[str, Mapping[str, Any]]:
    where = f"case {str(case.get('id') or '?')[:40]}"
    given = [key for key in SUBJECTS if key in case]
    if len(given) != 1:
        raise ValidationError(where, "每个案例须有且只有一个对象（person、household、employer、"
                              "agency 或 post）", "a case needs exactly one subject")
    subject = case[given[0]]
    if not isinstance(subject, Mapping):
        raise ValidationError(f"{where}.{given[0]}", "对象须为键值表", "the subject must be a mapping")
    return given[0], subject


def _as_of(case: Case) -> date:
    day = as_date(case.get("as_of"))
    if day is None:
        raise ValidationError(f"case {str(case.get('id') or '?')[:40]}.as_of",
                              "缺少或无法识别的日期（应为 YYYY-MM-DD）", "missing or invalid date")
    return day


# -- people -----------------------------------------------------------------------


def _person_alerts(person: Mapping[str, Any], name: str, as_of: date) -> Iterator[Alert]:
    yield from _returned(person, name)
    yield from _visit_overdue(person, name, as_of)
    missing = services_missing({"person": person})
    if missing:
        yield alert("graduate_services_missing", name, missing=missing)
    yield from _person_checks(person, name)


def _needs_1311(person: Mapping[str, Any]) -> bool:
    return (as_bool(person.get("graduate_unemployed")) is True
            and as_bool(person.get("wants_work")) is True)


def _returned(person: Mapping[str, Any], name: str) -> Iterator[Alert]:
    returned = as_bool(person.get("returned"))
    if returned is None and person.get("status") is not None:
        returned = status_of(person.get("status")) == "returned"
    plan = as_bool(person.get("plan")) if "plan" in person else None
    if returned is True and plan is False:
        yield alert("returned_without_plan", name, returned=True, plan=False)


def _visit_overdue(person: Mapping[str, Any], name: str, as_of: date) -> Iterator[Alert]:
    last = as_date(person.get("last_visit"))
    capacity = has_capacity(person.get("labour"))
    if as_of.day <= VISIT_DEADLINE_DAY or last is None or capacity is not True:
        return
    if last < as_of.replace(day=1):
        yield alert("visit_overdue", name, last_visit=last.isoformat(), month=month_of(as_of),
                    labour=person.get("labour"))


def _person_checks(person: Mapping[str, Any], name: str) -> Iterator[Alert]:
    number = person.get("id_number")
    if number is not None:
        problem = id_number_problem(str(number))
        if problem:
            yield alert("national_check_id_number", name, id_number=mask_id(str(number)),
                        problem=problem)
    yield from _work_checks(person, name)


def _work_checks(person: Mapping[str, Any], name: str) -> Iterator[Alert]:
    work = person.get("work")
    if not isinstance(work, Mapping):
        return
    place, months = work.get("region"), work.get("months")
    if "region" in work and "months" in work:
        count = as_number(months)
        if (place in (None, "")) != (months in (None, "")) or (
                count is not None and not 0 <= count <= 12):
            yield alert("national_check_work_place_months", name, work_region=place,
                        months=months)
    if place not in (None, "") and has_capacity(person.get("labour")) is False:
        yield alert("national_check_work_without_capacity", name, labour=person.get("labour"),
                    work_region=place)


# -- households -------------------------------------------------------------------


def _household_alerts(household: Mapping[str, Any], name: str, as_of: date,
                      drop_share: float) -> Iterator[Alert]:
    members = [m for m in household.get("members") or () if isinstance(m, Mapping)]
    yield from _employment(household, members, name)
    yield from _income(household, name, as_of, drop_share)
    yield from _member_checks(household, members, name)
    yield from _risk_checks(household, members, name, as_of)


def _employed(member: Mapping[str, Any]) -> bool | None:
    status = status_of(member.get("status"))
    return None if status is None else status == "employed"


def _employment(household: Mapping[str, Any], members: list[Mapping[str, Any]],
                name: str) -> Iterator[Alert]:
    capable = [m for m in members if has_capacity(m.get("labour")) is True]
    if not capable or any(_employed(m) is None for m in capable):
        return
    if any(_employed(m) for m in members):
        return
    willing = [m for m in capable if as_bool(m.get("wants_work")) is True]
    if willing:
        yield alert("zero_employment_household", name, capable=len(capable),
                    willing=len(willing), employed=0)
    if as_bool(household.get("relocated")) is True:
        yield alert("relocated_household_none_employed", name, capable=len(capable), employed=0)


def _income(household: Mapping[str, Any], name: str, as_of: date,
            drop_share: float) -> Iterator[Alert]:
    by_month = household.get("income_by_month")
    if not isinstance(by_month, Mapping):
        return
    incomes = {str(k)[:7]: as_number(v) for k, v in by_month.items()}
    month = month_of(as_of)
    for kind, before in (("income_drop_month_on_month", month_before(month)),
                         ("income_drop_year_on_year", month_before(month, months=12))):
        now, then = incomes.get(month), incomes.get(before)
        if now is not None and then and now < then * (1 - drop_share):
            yield alert(kind, name, month=month, income=now, compared_month=before,
                        compared_income=then, drop_share=drop_share)


def _member_checks(household: Mapping[str, Any], members: list[Mapping[str, Any]],
                   name: str) -> Iterator[Alert]:
    relations = [m.get("relation") for m in members]
    if members and None not in relations:
        heads = relations.count("户主")
        if heads != 1:
            yield alert("national_check_one_head", name, heads=heads)
    yield from _spouse(members, name)
    numbers = [str(m["id_number"]).strip().upper()[:18] for m in members if m.get("id_number")]
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    for number in repeated:
        yield alert("national_check_duplicate_id", name, id_number=mask_id(number),
                    count=numbers.count(number))
    for index, member in enumerate(members):
        yield from (_with_member(a, index) for a in _person_checks(member, name))


def _with_member(found: Alert, index: int) -> Alert:
    return Alert(found.kind, found.subject, {**found.facts, "member": index + 1}, found.source)


def _spouse(members: list[Mapping[str, Any]], name: str) -> Iterator[Alert]:
    spouses = [m for m in members if m.get("relation") == "配偶"]
    heads = [m for m in members if m.get("relation") == "户主"]
    if len(spouses) > 1:
        yield alert("national_check_spouse", name, spouses=len(spouses))
    elif spouses and len(heads) == 1 and spouses[0].get("sex") and \
            spouses[0].get("sex") == heads[0].get("sex"):
        yield alert("national_check_spouse", name, spouses=1, same_sex=True)


def _has_work(member: Mapping[str, Any]) -> bool:
    work = member.get("work")
    return isinstance(work, Mapping) and any(v not in (None, "") for v in work.values())


def _risk_checks(household: Mapping[str, Any], members: list[Mapping[str, Any]], name: str,
                 as_of: date) -> Iterator[Alert]:
    risks = household.get("risks")
    if isinstance(risks, list) and "因务工就业不稳" in risks and members and \
            not any(_has_work(m) for m in members):
        yield alert("national_check_unstable_work_risk", name, risks=list(risks))
    yield from _measure_check(household, name, as_of)


def _measure_check(household: Mapping[str, Any], name: str, as_of: date) -> Iterator[Alert]:
    since = as_date(household.get("identified"))
    if as_bool(household.get("monitored")) is not True or since is None:
        return
    if as_bool(household.get("risk_removed")) is not False or "measures" not in household:
        return
    dates = [d for d in map(as_date, household.get("measures") or ()) if d is not None]
    due = since + timedelta(days=MEASURE_WITHIN_DAYS)
    if as_of > due and not any(since <= d <= due for d in dates):
        yield alert("national_check_monitored_measure", name, identified=since.isoformat(),
                    due=due.isoformat(), measures=len(dates))


# -- public-welfare posts -------------------------------------------------------------


def _post_alerts(post: Mapping[str, Any], name: str, as_of: date, region: str,
                 min_wage_of: MinWageOf) -> Iterator[Alert]:
    agreement = post.get("agreement") if isinstance(post.get("agreement"), Mapping) else {}
    start, end = as_date(agreement.get("start")), as_date(agreement.get("end"))
    if as_date(post.get("exit_date")) is not None or (end is not None and end < as_of):
        return
    if start and end and (end - start).days > MAX_AGREEMENT_DAYS:
        yield alert("post_agreement_over_1_year", name, start=start.isoformat(),
                    end=end.isoformat(), days=(end - start).days)
    if end and end <= as_of + timedelta(days=ENDING_WITHIN_DAYS):
        yield alert("post_agreement_ending", name, end=end.isoformat(),
                    days_left=(end - as_of).days)
    yield from _post_subsidy(post, name, as_of, region, min_wage_of)
    yield from _post_holder(post, name)


def _post_subsidy(post: Mapping[str, Any], name: str, as_of: date, region: str,
                  min_wage_of: MinWageOf) -> Iterator[Alert]:
    subsidy = as_number(post.get("monthly_subsidy"))
    wage = min_wage_of(region, as_of) if subsidy is not None and region else None
    if subsidy is not None and wage is not None and subsidy > wage:
        yield alert("post_subsidy_above_minimum_wage", name, monthly_subsidy=subsidy,
                    minimum_wage=wage, region=region)


def _post_holder(post: Mapping[str, Any], name: str) -> Iterator[Alert]:
    groups = post.get("holder_groups")
    if isinstance(groups, list) and not PRIORITY_GROUPS & set(groups):
        yield alert("post_holder_not_priority", name, holder_groups=list(groups))
