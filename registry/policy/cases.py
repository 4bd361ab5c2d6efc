"""Case files: what-if checks a policy officer works out by hand (issue 11 format).

A YAML list; each case has ``id``, ``region``, ``as_of``, exactly one subject (``person``,
``household``, ``employer``, ``agency`` or ``post``), ``expect`` and ``source``. ``expect``
is one mapping (or a list of them), one of:

- ``{rule, eligible: true, amount}`` — the exact total (``amount: 未明确`` when the source
  states none); ``{rule, eligible: true, cap}`` — the most the rule allows;
- ``{rule, eligible: false, failed: CONDITION}`` — one of the failed conditions;
- ``{rule, people_counted: N}`` (with or without eligible) — people counted toward an
  agency's or employer's amount; ``eligible: unknown`` — a needed fact is missing;
- ``{alerts: [KIND, …]}`` and ``{missing: {SERVICE: COUNT}}`` — answered by
  ``registry.alerts`` (imported only when a case asks).

``rule`` is a rule id or a rule kind (then the governing rule of that kind answers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from registry.errors import ValidationError
from registry.policy.conditions import as_date
from registry.policy.evaluate import Answer, Evaluation, evaluate, minimum_wage_of
from registry.policy.model import CONDITION_KINDS, SUBJECTS, Pack

NOT_STATED_WORDS = ("未明确", "not_stated", "按规定")
EXPECT_KEYS = frozenset({"rule", "eligible", "amount", "cap", "failed", "people_counted",
                         "alerts", "missing"})
_ELIGIBLE_WORDS = {True: True, False: False, "unknown": None, "未知": None, None: None}


@dataclass(frozen=True, slots=True)
class Case:
    """One parsed case."""

    id: str
    region: str
    as_of: date
    subject: str
    facts: Mapping[str, Any]
    expect: tuple[Mapping[str, Any], ...]
    source: str
    raw: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one case: passed or not, and why not."""

    case: Case
    passed: bool
    problems: tuple[str, ...]


def load_cases(text: str, *, name: str = "cases.yaml") -> list[Case]:
    """Parse a case file; raise ``ValidationError`` naming the case and field of a problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else ""
        raise ValidationError(name, f"YAML 格式错误{where}", "not valid YAML") from None
    if not isinstance(data, list):
        raise ValidationError(name, "案例文件应为列表（每项以“- id:”开头）", "a list of cases")
    cases = [_case(item, index=index, name=name) for index, item in enumerate(data, start=1)]
    ids = [c.id for c in cases]
    for case_id in ids:
        if ids.count(case_id) > 1:
            raise ValidationError(f"{name}[{case_id}].id", "案例编号重复", "duplicate case id")
    return cases


def _case(item: Any, *, index: int, name: str) -> Case:
    where = f"{name} 第{index}个案例"
    if not isinstance(item, Mapping):
        raise ValidationError(where, "案例应为映射（id、region、as_of……）", "a case is a mapping")
    case_id = str(item.get("id") or "")
    where = f"{name}[{case_id}]" if case_id else where
    for key in ("id", "region", "as_of", "expect", "source"):
        if item.get(key) in (None, ""):
            raise ValidationError(f"{where}.{key}", "缺少此项", "missing")
    subject, facts = _subject(item, where)
    as_of, region = _when_where(item, where)
    return Case(case_id, region, as_of, subject, facts, _expects(item["expect"], where),
                str(item["source"]), item)


def _subject(item: Mapping[str, Any], where: str) -> tuple[str, Mapping[str, Any]]:
    subjects = [k for k in SUBJECTS if k in item]
    if len(subjects) != 1:
        raise ValidationError(f"{where}.subject", "应有且只有一个对象：" + "、".join(SUBJECTS),
                              "exactly one subject")
    facts = item[subjects[0]]
    if not isinstance(facts, Mapping):
        raise ValidationError(f"{where}.{subjects[0]}", "对象的事实应为映射", "a mapping")
    return subjects[0], facts


def _when_where(item: Mapping[str, Any], where: str) -> tuple[date, str]:
    as_of = as_date(item["as_of"])
    if as_of is None:
        raise ValidationError(f"{where}.as_of", "日期格式应为 YYYY-MM-DD", "a date")
    region = str(item["region"])
    if not region.isdigit() or len(region) not in (2, 4, 6, 9, 12):
        raise ValidationError(f"{where}.region", "应为行政区划代码（加引号，如 \"533422\"）",
                              "a division code")
    return as_of, region


def _expects(expect: Any, where: str) -> tuple[Mapping[str, Any], ...]:
    expects = tuple(expect) if isinstance(expect, list) else (expect,)
    if not all(isinstance(e, Mapping) for e in expects):
        raise ValidationError(f"{where}.expect", "expect 应为映射或映射的列表", "a mapping")
    for one in expects:
        _check_expect(one, f"{where}.expect")
    return expects


def _check_expect(expect: Mapping[str, Any], where: str) -> None:
    unknown = set(expect) - EXPECT_KEYS
    if unknown:
        raise ValidationError(f"{where}.{sorted(unknown)[0]}", "不认识的期望项，可用："
                              + "、".join(sorted(EXPECT_KEYS)), "unknown expectation")
    if not ({"rule", "alerts", "missing"} & set(expect)):
        raise ValidationError(where, "期望须写明 rule（或 alerts、missing）", "rule is required")
    failed = expect.get("failed")
    if failed is not None and failed not in CONDITION_KINDS:
        raise ValidationError(f"{where}.failed", "条件应为：" + "、".join(CONDITION_KINDS),
                              "unknown condition")
    if expect.get("eligible", True) not in _ELIGIBLE_WORDS:
        raise ValidationError(f"{where}.eligible", "应为 true、false 或 unknown", "true/false/unknown")


def run_case(case: Case, packs: Sequence[Pack]) -> Outcome:
    """Evaluate one case and compare it with its expectations."""
    evaluation = evaluate(case.facts, as_of=case.as_of, region=case.region, packs=packs,
                          kind=case.subject)
    problems: list[str] = []
    for expect in case.expect:
        problems += _compare(case, expect, evaluation=evaluation, packs=packs)
    return Outcome(case, not problems, tuple(problems))


def _compare(case: Case, expect: Mapping[str, Any], *, evaluation: Evaluation,
             packs: Sequence[Pack]) -> list[str]:
    if "alerts" in expect:
        from registry.alerts import alerts_for_case

        raised = sorted(a.kind for a in alerts_for_case(dict(case.raw),
                                                        min_wage_of=minimum_wage_of(packs)))
        wanted = sorted(expect["alerts"] or [])
        return [] if raised == wanted else [f"alerts: 期望 {wanted}，实际 {raised}"]
    if "missing" in expect:
        from registry.alerts import services_missing

        missing = services_missing(dict(case.raw))
        return [] if missing == dict(expect["missing"]) else \
            [f"missing: 期望 {dict(expect['missing'])}，实际 {missing}"]
    rule = str(expect.get("rule") or "")
    answer = evaluation.answer(rule)
    if answer is None:
        return [f"{rule}: 该地区、该对象没有此规则"]
    return _compare_answer(rule, expect, answer=answer)


def _compare_answer(rule: str, expect: Mapping[str, Any], *, answer: Answer) -> list[str]:
    problems = []
    if "eligible" in expect:
        wanted = _ELIGIBLE_WORDS.get(expect["eligible"], expect["eligible"])
        if answer.eligible is not wanted:
            problems.append(f"{rule}: 期望 eligible={_word(wanted)}，实际 {_word(answer.eligible)}"
                            f"（未通过：{','.join(answer.failed) or '无'}；"
                            f"未知：{','.join(answer.unknown) or '无'}）")
    if "failed" in expect and expect["failed"] not in answer.failed:
        problems.append(f"{rule}: 期望条件 {expect['failed']} 未通过，实际未通过：{list(answer.failed)}")
    if "amount" in expect:
        problems += _money(rule, what="amount", wanted=expect["amount"], actual=answer.amount, stated=answer.amount_stated)
    if "cap" in expect:
        problems += _money(rule, what="cap", wanted=expect["cap"], actual=answer.cap, stated=answer.amount_stated)
    if "people_counted" in expect and answer.people_counted != expect["people_counted"]:
        problems.append(f"{rule}: 期望计入 {expect['people_counted']} 人，实际 {answer.people_counted}")
    return problems


def _money(rule: str, *, what: str, wanted: Any, actual: float | None, stated: bool) -> list[str]:
    if wanted in NOT_STATED_WORDS:
        return [] if not stated else [f"{rule}: 期望{what}未明确，实际 {actual}"]
    if isinstance(wanted, int | float) and actual is not None and abs(actual - wanted) < 0.005:
        return []
    shown = actual if stated else "未明确"
    return [f"{rule}: 期望{what} {wanted}，实际 {shown}"]


def _word(value: bool | None) -> str:
    return {True: "true", False: "false", None: "unknown"}[value]
