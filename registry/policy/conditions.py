"""Condition checks: each takes the condition's value, the facts and the context, and answers
held / failed / unknown with a reason in Chinese and English.

A fact the facts do not give is unknown: its condition neither fires nor passes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from registry.field_labels import value_label
from registry.policy.model import KIND_NAMES_ZH
from registry.wording import counted

HELD, FAILED, UNKNOWN = "held", "failed", "unknown"


@dataclass(frozen=True, slots=True)
class ConditionResult:
    """One condition of one answer: held, failed or unknown, and why."""

    kind: str
    status: str
    reason_zh: str
    reason_en: str


@dataclass(frozen=True, slots=True)
class Context:
    """What a check may need besides the facts: the date, the rule's kind and id."""

    as_of: date
    rule_kind: str
    rule_id: str


class Check(Protocol):
    """A condition check: (status, reason_zh, reason_en) for a value, the facts and context."""

    def __call__(self, value: object, facts: Mapping[str, Any], *, ctx: Context
                 ) -> tuple[str, str, str]: ...


def as_date(value: Any) -> date | None:
    """A date from a YAML date, a ``datetime`` or an ISO string; ``None`` if absent or bad."""
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (2021-03-01 .. 2021-07-01 is 4)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def months_worked(work: Mapping[str, Any], as_of: date) -> int | None:
    """Months of a work spell up to ``as_of``: given ``months``, or from start to end/as_of."""
    if isinstance(work.get("months"), int | float):
        return int(work["months"])
    start = as_date(work.get("start"))
    if start is None:
        return None
    end = as_date(work.get("end")) or as_of
    return max(0, months_between(start, min(end, as_of)))


def _yes(name_zh: str, name_en: str, *, key: str) -> Check:
    def check(value: object, facts: Mapping[str, Any], *, ctx: Context) -> tuple[str, str, str]:
        given = facts.get(key)
        if given is None:
            return UNKNOWN, f"未知：未记录是否{name_zh}", f"unknown: {name_en} not recorded"
        if bool(given) == bool(value):
            return HELD, ("是" if given else "否") + name_zh, f"{name_en}: {bool(given)}"
        return FAILED, ("不是" if not given else "是") + name_zh + "，不符合", \
            f"{name_en} is {bool(given)}, required {bool(value)}"
    return check


def _one_of(name_zh: str, name_en: str, *, get: Callable[[Mapping[str, Any]], Any]) -> Check:
    def check(value: object, facts: Mapping[str, Any], *, ctx: Context) -> tuple[str, str, str]:
        allowed = tuple(value)  # type: ignore[call-overload]
        given = get(facts)
        if given in (None, ""):
            return UNKNOWN, f"未知：未记录{name_zh}", f"unknown: {name_en} not recorded"
        wanted = "、".join(allowed)
        given_en = value_label(str(given), english=True)
        if given in allowed:
            return HELD, f"{name_zh}为{given}（要求：{wanted}）", f"{name_en} {given_en} is allowed"
        wanted_en = ", ".join(value_label(str(a), english=True) for a in allowed)
        return FAILED, f"{name_zh}为{given}，要求：{wanted}", \
            f"{name_en} {given_en} is not one of: {wanted_en}"
    return check


def _work(facts: Mapping[str, Any]) -> Mapping[str, Any]:
    work = facts.get("work")
    return work if isinstance(work, Mapping) else {}


def check_stable_months(value: object, facts: Mapping[str, Any], *, ctx: Context
                        ) -> tuple[str, str, str]:
    """Work (a person's spell, or an absorbed or organised person) lasting >= value months."""
    spell = _work(facts) if "work" in facts else facts
    months = months_worked(spell, ctx.as_of) if spell else None
    if months is None:
        return UNKNOWN, "未知：未记录务工开始日期或月数", "unknown: no work start or months"
    wanted = int(value)  # type: ignore[call-overload]
    if months >= wanted:
        return HELD, f"已稳定就业{months}个月（要求{value}个月以上）", f"worked {counted(months, 'month')}"
    return FAILED, f"仅就业{months}个月，要求{value}个月以上", (
        f"worked {months} < {counted(wanted, 'month')}")


def check_min_months(value: object, facts: Mapping[str, Any], *, ctx: Context) -> tuple[str, str, str]:
    """An absorbed person employed for at least ``value`` months."""
    return check_stable_months(value, facts, ctx=ctx)


def _claims(facts: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    claims = facts.get("claims")
    return list(claims) if isinstance(claims, list) else None


def _claimed_in(claims: list[Mapping[str, Any]], kind: str, *, year: int) -> date | None:
    for claim in claims:
        day = as_date(claim.get("date"))
        if claim.get("rule") == kind and day is not None and day.year == year:
            return day
    return None


def check_once_a_year(value: object, facts: Mapping[str, Any], *, ctx: Context
                      ) -> tuple[str, str, str]:
    """No claim of the same rule kind in the calendar year of the date asked about."""
    claims = _claims(facts)
    if claims is None:
        return UNKNOWN, "未知：未记录已享受的补贴", "unknown: claims not recorded"
    kinds = {ctx.rule_kind, ctx.rule_id}
    day = next((d for k in kinds if (d := _claimed_in(claims, k, year=ctx.as_of.year))), None)
    if day:
        return FAILED, f"{ctx.as_of.year}年已享受过一次（{day.isoformat()}），每年限一次", \
            f"already claimed in {ctx.as_of.year} ({day.isoformat()})"
    return HELD, f"{ctx.as_of.year}年尚未享受", f"not claimed in {ctx.as_of.year}"


def check_exclusion(value: object, facts: Mapping[str, Any], *, ctx: Context) -> tuple[str, str, str]:
    """Not together with another rule kind in the same year (``value`` = (kind, year or None))."""
    kind, year = value  # type: ignore[misc]
    name = KIND_NAMES_ZH.get(kind, kind)
    if year is not None and ctx.as_of.year != year:
        return HELD, f"不得同时享受{name}的限制仅适用于{year}年", f"exclusion applies in {year} only"
    claims = _claims(facts)
    if claims is None:
        return UNKNOWN, f"未知：未记录是否已享受{name}", f"unknown: whether {kind} was claimed"
    day = _claimed_in(claims, kind, year=ctx.as_of.year)
    if day:
        return FAILED, f"已于{day.isoformat()}享受{name}，不得同时享受", f"{kind} claimed {day}"
    return HELD, f"本年未享受{name}", f"{kind} not claimed this year"


def check_not_already_subsidised(value: object, facts: Mapping[str, Any], *, ctx: Context
                                 ) -> tuple[str, str, str]:
    """The person has not already had the subsidy (已享受过以工代训职业培训补贴政策人员除外)."""
    given = facts.get("subsidised")
    if given is None:
        return UNKNOWN, "未知：未记录是否已享受过该补贴", "unknown: whether already subsidised"
    if given:
        return FAILED, "已享受过该补贴，除外", "already subsidised"
    return HELD, "未享受过该补贴", "not subsidised before"


def check_on_post(value: object, facts: Mapping[str, Any], *, ctx: Context) -> tuple[str, str, str]:
    """在岗领补: the date asked about lies within the post agreement."""
    agreement = facts.get("agreement") if isinstance(facts.get("agreement"), Mapping) else {}
    start, end = as_date(agreement.get("start")), as_date(agreement.get("end"))
    if start is None or end is None:
        return UNKNOWN, "未知：未记录协议起止日期", "unknown: agreement dates"
    if start <= ctx.as_of <= end:
        return HELD, f"在岗（协议{start}至{end}）", "on post"
    return FAILED, f"{ctx.as_of}不在协议期内（{start}至{end}），在岗才领补", "not on post that day"


def check_max_agreement(value: object, facts: Mapping[str, Any], *, ctx: Context
                        ) -> tuple[str, str, str]:
    """The post agreement lasts at most ``value`` months (每次签订期限不超过1年)."""
    agreement = facts.get("agreement") if isinstance(facts.get("agreement"), Mapping) else {}
    start, end = as_date(agreement.get("start")), as_date(agreement.get("end"))
    if start is None or end is None:
        return UNKNOWN, "未知：未记录协议起止日期", "unknown: agreement dates"
    months = months_between(start, end + timedelta(days=1))
    longer = end + timedelta(days=1) > _add_months(start, int(value))  # type: ignore[call-overload]
    if longer:
        return FAILED, f"协议期限约{months}个月，超过{value}个月", f"agreement over {value} months"
    return HELD, f"协议期限不超过{value}个月", f"agreement within {value} months"


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def check_in_training(value: object, facts: Mapping[str, Any], *, ctx: Context
                      ) -> tuple[str, str, str]:
    """The person takes part in a training (a ``training`` record is given)."""
    if "training" not in facts:
        return UNKNOWN, "未知：未记录培训情况", "unknown: training not recorded"
    if isinstance(facts["training"], Mapping):
        return HELD, "正在参加培训", "in training"
    return FAILED, "未参加培训", "not in training"


def _training_kind(facts: Mapping[str, Any]) -> Any:
    training = facts.get("training")
    if "training" in facts and not isinstance(training, Mapping):
        return "未参加培训"
    return training.get("kind") if isinstance(training, Mapping) else None


CHECKS: dict[str, Check] = {
    "labour": _one_of("劳动技能", "labour class", get=lambda f: f.get("labour")),
    "work_region": _one_of("务工地域", "work region",
                           get=lambda f: _work(f).get("region") if "work" in f else f.get("region")),
    "subject_kind": _one_of("单位类型", "kind", get=lambda f: f.get("kind")),
    "training_kind": _one_of("培训类型", "training kind", get=_training_kind),
    "stable_months": check_stable_months,
    "min_months": check_min_months,
    "once_a_year": check_once_a_year,
    "exclusion": check_exclusion,
    "first_time": _yes("首次", "first time", key="first_time"),
    "organised": _yes("有组织劳务输出", "organised export", key="organised_export"),
    "operating": _yes("正常经营", "operating", key="operating"),
    "not_already_subsidised": check_not_already_subsidised,
    "on_post": check_on_post,
    "in_training": check_in_training,
    "max_agreement_months": check_max_agreement,
}


def run(kind: str, value: object, *, facts: Mapping[str, Any], ctx: Context) -> ConditionResult:
    """Run one condition check."""
    status, zh, en = CHECKS[kind](value, facts, ctx=ctx)
    return ConditionResult(kind, status, zh, en)
