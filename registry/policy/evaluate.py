"""Eligibility: every rule of the packs covering a region, answered for one subject on one date.

See the package docstring for precedence. An answer is eligible only when every condition
holds; a failed condition makes it not eligible; otherwise (some unknown) it is undecided
(``eligible is None``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from registry.field_labels import value_label
from registry.policy.conditions import (
    FAILED,
    HELD,
    UNKNOWN,
    ConditionResult,
    Context,
    run,
)
from registry.policy.model import PER_PERSON_CONDITIONS, MinimumWage, Pack, Rule, Tier

#: Which list of a multi-person subject the per-person conditions read.
PEOPLE_LIST = {"employer": "absorbed", "agency": "organised"}
PEOPLE_LIST_OF_KIND = {"work_for_training_subsidy": "work_for_training"}
UNITS = {"once": "元", "person": "元", "household": "元", "day": "元", "month": "元/月"}

MinWageOf = Callable[[str, date], int | None]


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer of one rule: eligible (``None`` = undecided), amount or cap, conditions."""

    rule: Rule
    eligible: bool | None
    amount: float | None
    cap: float | None
    amount_stated: bool
    unit: str
    people_counted: int | None
    conditions: tuple[ConditionResult, ...]
    superseded_by: str | None = None

    @property
    def failed(self) -> tuple[str, ...]:
        """Kinds of the conditions that failed."""
        return tuple(c.kind for c in self.conditions if c.status == FAILED)

    @property
    def unknown(self) -> tuple[str, ...]:
        """Kinds of the conditions that could not be decided."""
        return tuple(c.kind for c in self.conditions if c.status == UNKNOWN)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every answer for one subject; ``notice_zh`` first when no rule is in force there."""

    region: str
    region_name: str
    as_of: date
    subject: str
    answers: tuple[Answer, ...]
    notice_zh: str = ""
    notice_en: str = ""

    def answer(self, rule: str) -> Answer | None:
        """The answer of the rule with this id (the governing one when a county pack took
        over a built-in rule's id for a later window), or the governing answer of this
        rule kind."""
        same = [a for a in self.answers if a.rule.id == rule]
        if same:
            return next((a for a in same if a.superseded_by is None), same[0])
        return next((a for a in self.answers
                     if a.rule.kind == rule and a.superseded_by is None), None)


def minimum_wage_row(packs: Iterable[Pack], region: str, *, as_of: date) -> MinimumWage | None:
    """The minimum-wage row that applies to ``region`` on ``as_of``: the narrowest region, then
    the latest valid_from, then a confirmed row over an unconfirmed one, the latest confirmed.
    A province's tier rows (region shorter than a county, tier given) are reference values:
    only a county row says which tier a county is in."""
    rows = [w for p in packs for w in p.minimum_wages
            if region.startswith(w.region) and (len(w.region) >= 6 or not w.tier)
            and w.valid_from <= as_of
            and (w.valid_to is None or as_of <= w.valid_to)]
    if not rows:
        return None
    return max(rows, key=lambda w: (len(w.region), w.valid_from, bool(w.confirmed_by),
                                    w.confirmed_on or date.min))


def minimum_wage_of(packs: Sequence[Pack]) -> MinWageOf:
    """A lookup ``(region, as_of) -> monthly minimum wage in yuan or None`` over ``packs``."""
    chosen = tuple(packs)

    def lookup(region: str, as_of: date) -> int | None:
        row = minimum_wage_row(chosen, str(region), as_of=as_of)
        return row.amount if row else None
    return lookup


def region_name(packs: Iterable[Pack], region: str) -> str:
    """The name of the longest known prefix of ``region`` (婺源县 for 361130104201)."""
    names = {code: name for p in packs for code, name in p.region_names.items()}
    for length in (12, 9, 6, 4, 2):
        if region[:length] in names and len(region) >= length:
            return names[region[:length]]
    return region


@dataclass(frozen=True, slots=True)
class _Prepared:
    """One rule with what is the same for every subject: validity, region, which list it
    counts, and the rule that supersedes it."""

    rule: Rule
    fixed: tuple[ConditionResult, ...]
    people_key: str | None
    superseded_by: str | None


@dataclass(frozen=True, slots=True)
class _Plan:
    """What does not depend on the subject: the rules to answer, which governs, the notice."""

    rules: tuple[_Prepared, ...]
    name: str
    notice_zh: str
    notice_en: str


class Evaluator:
    """Evaluates many subjects against the same packs; the per-region work is done once."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        self.packs = tuple(packs)
        self.wage_of = minimum_wage_of(self.packs)
        self._labels = {p.id: p.labels for p in self.packs}
        self._plans: dict[tuple[str, date, str], _Plan] = {}

    def evaluate(self, subject: Mapping[str, Any], *, as_of: date, region: str,
                 kind: str = "person") -> Evaluation:
        """Answer every rule for ``kind`` of the packs covering ``region`` (see ``evaluate``)."""
        region = str(region)
        key = (region, as_of, kind)
        plan = self._plans.get(key) or self._plans.setdefault(
            key, self._plan(region, as_of=as_of, kind=kind))
        answers = tuple(_answer(p, subject, as_of=as_of, region=region, wage_of=self.wage_of,
                                labels=self._labels.get(p.rule.pack_id, {}))
                        for p in plan.rules)
        return Evaluation(region, plan.name, as_of, kind, answers, plan.notice_zh, plan.notice_en)

    def _plan(self, region: str, *, as_of: date, kind: str) -> _Plan:
        rules = [r for p in self.packs if p.covers(region) for r in p.rules]
        name = region_name(self.packs, region)
        notice_zh = notice_en = ""
        if not any(r.in_force(as_of) and r.covers(region) for r in rules):
            notice_zh = f"{name} {as_of.isoformat()}：没有有效的政策包"
            notice_en = f"{name} {as_of.isoformat()}: no policy pack in force"
        mine = tuple(r for r in rules if r.subject == kind)
        superseded = _precedence(mine, region, as_of=as_of)
        prepared = tuple(_Prepared(r, (_validity(r, as_of), _region(r, region)), _people_key(r),
                                   superseded.get(i)) for i, r in enumerate(mine))
        return _Plan(prepared, name, notice_zh, notice_en)


def evaluate(subject: Mapping[str, Any], *, as_of: date, region: str,
             packs: Sequence[Pack], kind: str | None = None) -> Evaluation:
    """Answer every rule for ``kind`` of the packs covering ``region`` for ``subject`` on
    ``as_of``. ``subject`` holds the facts (see docs/policy.md); missing facts are unknown.
    ``subject`` may also be wrapped as in a case file (``{"employer": {...}}``); then ``kind``
    comes from the wrapper. Without either, it is a person.
    For many subjects, make one :class:`Evaluator` and call its ``evaluate``."""
    wrapped = subject_kind_of(subject)
    if kind is None and wrapped is not None and len(subject) == 1:
        kind, subject = wrapped, subject[wrapped]
    return Evaluator(packs).evaluate(subject, as_of=as_of, region=region, kind=kind or "person")


@dataclass(frozen=True, slots=True)
class InForce:
    """The rules governing in a region on a date (one per rule kind, in force there), and
    the engine's notice (``Evaluation.notice_zh``) when no rule at all is in force."""

    rules: tuple[Rule, ...]
    notice_zh: str = ""
    notice_en: str = ""


def rules_in_force(packs: Iterable[Pack], *, region: str, as_of: date,
                   kind: str = "person") -> InForce:
    """The governing ``kind`` rules of ``packs`` in force in ``region`` on ``as_of`` (an
    empty subject's evaluation: no facts are read), with the engine's notice."""
    evaluation = Evaluator(tuple(packs)).evaluate({}, as_of=as_of, region=region, kind=kind)
    rules = tuple(a.rule for a in evaluation.answers if a.superseded_by is None
                  and a.rule.in_force(as_of) and a.rule.covers(region))
    return InForce(rules, evaluation.notice_zh, evaluation.notice_en)


def _precedence(rules: Sequence[Rule], region: str, *, as_of: date) -> dict[int, str]:
    """Position of each rule but the governing ones -> the id of the rule of its kind that
    governs it. By position, not id: a county pack may reuse a built-in rule's id."""
    def rank(i: int) -> tuple[Any, ...]:
        rule = rules[i]
        return (rule.covers(region), rule.in_force(as_of), rule.narrowness(region),
                rule.issued or date.min, -i)
    governing: dict[str, int] = {}
    for i, rule in enumerate(rules):
        best = governing.get(rule.kind)
        if best is None or rank(i) > rank(best):
            governing[rule.kind] = i
    return {i: rules[governing[r.kind]].id for i, r in enumerate(rules)
            if governing[r.kind] != i}


def _answer(prepared: _Prepared, facts: Mapping[str, Any], *, as_of: date, region: str,
            wage_of: MinWageOf, labels: Mapping[str, tuple[str, str]]) -> Answer:
    rule = prepared.rule
    ctx = Context(as_of, rule.kind, rule.id)
    results = list(prepared.fixed)
    people = _people(prepared.people_key, facts)
    if people is None:
        results += _subject_conditions(rule, facts, ctx=ctx, labels=labels)
        counted: list[Mapping[str, Any]] | None = None
    else:
        person_results, counted = _people_conditions(rule, people, ctx=ctx, labels=labels)
        results += person_results
    results += [run(c.kind, c.value, facts=facts, ctx=ctx) for c in rule.conditions
                if c.kind != "min_people"
                and (people is None or c.kind not in PER_PERSON_CONDITIONS)]
    if people is not None:
        results.append(_min_people(rule, people, counted=counted))
    elif any(c.kind == "min_people" for c in rule.conditions):
        absorbed = [p for p in facts.get("absorbed") or [] if isinstance(p, Mapping)]
        results.append(_min_people(rule, absorbed, counted=absorbed))
    if people is None:
        results += _destination_check(rule, facts)
    eligible = _eligible(results)
    amount, cap, stated, unit = _amount(rule, facts, counted=counted, region=region, as_of=as_of,
                                        wage_of=wage_of)
    return Answer(rule, eligible, amount, cap, stated, unit,
                  None if counted is None else len(counted), tuple(results),
                  prepared.superseded_by)


def _eligible(results: list[ConditionResult]) -> bool | None:
    statuses = {r.status for r in results}
    if FAILED in statuses:
        return False
    return None if UNKNOWN in statuses else True


def _validity(rule: Rule, as_of: date) -> ConditionResult:
    start, end = rule.valid_from.isoformat(), rule.valid_to.isoformat() if rule.valid_to else ""
    window = f"{start} 至 {end or '长期'}"
    window_en = f"{start} to {end or 'open-ended'}"
    if rule.in_force(as_of):
        return ConditionResult("validity", HELD, f"有效期 {window}", f"in force {window_en}")
    return ConditionResult("validity", FAILED, f"{as_of.isoformat()} 不在有效期（{window}）内",
                           f"{as_of.isoformat()} is outside the validity window {window_en}")


def _region(rule: Rule, region: str) -> ConditionResult:
    if rule.covers(region):
        return ConditionResult("region", HELD, "地区在适用范围内", "the region is covered")
    return ConditionResult("region", FAILED, f"{region} 不在此规则的适用地区内",
                           f"{region} is not in the rule's region")


def _groups_of(facts: Mapping[str, Any]) -> list[str] | None:
    for key in ("groups", "groups_all"):
        if isinstance(facts.get(key), list):
            return [str(g) for g in facts[key]]
    return None


def _group(rule: Rule, facts: Mapping[str, Any], *, labels: Mapping[str, tuple[str, str]]
           ) -> ConditionResult:
    groups = _groups_of(facts)
    if groups is None:
        return ConditionResult("group", UNKNOWN, "未知：未记录帮扶对象类别", "unknown: groups")
    hits = [g for g in groups if g in rule.groups]
    if hits:
        return ConditionResult("group", HELD, f"属于{labels.get(hits[0], (hits[0],))[0]}",
                               f"in group {_group_en(hits[0], labels)}")
    wanted = "、".join(labels.get(g, (g, g))[0] for g in rule.groups)
    wanted_en = ", ".join(_group_en(g, labels) for g in rule.groups)
    return ConditionResult("group", FAILED, f"不属于{wanted}", f"not in any of: {wanted_en}")


def _group_en(group: str, labels: Mapping[str, tuple[str, str]]) -> str:
    """A group's English label: the pack's, else ``registry.field_labels``'s, else itself."""
    return labels[group][1] if group in labels else value_label(group, english=True)


def _subject_conditions(rule: Rule, facts: Mapping[str, Any], *, ctx: Context,
                        labels: Mapping[str, tuple[str, str]]) -> list[ConditionResult]:
    out = []
    if rule.groups:
        group = _group(rule, facts, labels=labels)
        if group.status != HELD and isinstance(facts.get("absorbed"), list):
            group = _any_absorbed_in_group(rule, facts["absorbed"], labels=labels) or group
        out.append(group)
    if rule.frequency == "once_a_year":
        out.append(run("once_a_year", True, facts=facts, ctx=ctx))
    out += [run("exclusion", e, facts=facts, ctx=ctx) for e in rule.exclusions]
    return out


def _any_absorbed_in_group(rule: Rule, people: list[Any], *, labels: Mapping[str, tuple[str, str]]
                           ) -> ConditionResult | None:
    for person in people:
        if isinstance(person, Mapping) and _group(rule, person, labels=labels).status == HELD:
            return ConditionResult("group", HELD, "吸纳的人员中有帮扶对象", "absorbs a target group")
    return None


def _people_key(rule: Rule) -> str | None:
    """Which list of the facts a per-person rule counts, or None for a subject-level rule."""
    if rule.subject not in PEOPLE_LIST:
        return None
    if not any(t.per == "person" or t.basis == "share_of_wages" for t in rule.tiers):
        return None
    return PEOPLE_LIST_OF_KIND.get(rule.kind, PEOPLE_LIST[rule.subject])


def _people(people_key: str | None, facts: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    """The people a per-person rule counts (``[]`` if the list is not given: all unknown)."""
    key = people_key
    if key is None:
        return None
    value = facts.get(key)
    return [p for p in value if isinstance(p, Mapping)] if isinstance(value, list) else []


def _person_checks(rule: Rule, person: Mapping[str, Any], *, ctx: Context,
                   labels: Mapping[str, tuple[str, str]]) -> list[ConditionResult]:
    out = [_group(rule, person, labels=labels)] if rule.groups else []
    out += [run(c.kind, c.value, facts=person, ctx=ctx) for c in rule.conditions
            if c.kind in PER_PERSON_CONDITIONS]
    if rule.frequency == "once_a_year":
        out.append(run("once_a_year", True, facts=person, ctx=ctx))
    return out


def _people_conditions(rule: Rule, people: list[Mapping[str, Any]], *, ctx: Context,
                       labels: Mapping[str, tuple[str, str]]
                       ) -> tuple[list[ConditionResult], list[Mapping[str, Any]]]:
    per_person = [_person_checks(rule, p, ctx=ctx, labels=labels) for p in people]
    counted = [p for p, rs in zip(people, per_person, strict=True)
               if all(r.status == HELD for r in rs)]
    kinds = [r.kind for r in per_person[0]] if per_person else []
    return [_summary(kind, [rs[i] for rs in per_person]) for i, kind in enumerate(kinds)], counted


def _summary(kind: str, results: list[ConditionResult]) -> ConditionResult:
    held = sum(r.status == HELD for r in results)
    failed = sum(r.status == FAILED for r in results)
    unknown = len(results) - held - failed
    zh = f"{len(results)}人中{held}人符合、{failed}人不符合、{unknown}人未知"
    en = f"{held} of {len(results)} held, {failed} failed, {unknown} unknown"
    example = next((r for r in results if r.status != HELD), None)
    if example:
        zh, en = f"{zh}（如：{example.reason_zh}）", f"{en} (e.g. {example.reason_en})"
    status = HELD if held else (FAILED if not unknown else UNKNOWN)
    return ConditionResult(kind, status, zh, en)


def _min_people(rule: Rule, people: list[Mapping[str, Any]], *, counted: list[Any]
                ) -> ConditionResult:
    need = next((int(c.value) for c in rule.conditions  # type: ignore[call-overload]
                 if c.kind == "min_people"), 1)
    if len(counted) >= need:
        return ConditionResult("min_people", HELD, f"符合条件的{len(counted)}人（要求{need}人以上）",
                               f"{len(counted)} people qualify (at least {need})")
    if not people:
        return ConditionResult("min_people", UNKNOWN, "未知：未提供人员名单", "unknown: no list")
    return ConditionResult("min_people", FAILED, f"符合条件的仅{len(counted)}人，要求{need}人以上",
                           f"only {len(counted)} qualify, {need} needed")


def _destination_check(rule: Rule, facts: Mapping[str, Any]) -> list[ConditionResult]:
    """A rule with amounts by destination and no work_region condition of its own pays only
    where it names a tier: elsewhere its work_region condition fails."""
    if rule.tier_by not in ("work_region", "destination") or any(
            c.kind == "work_region" for c in rule.conditions):
        return []
    key = _tier_key(rule, facts)
    keys = [k for k in (key if isinstance(key, tuple) else (key,)) if k]
    if not keys:
        return [ConditionResult("work_region", UNKNOWN, "未知：未记录务工地域", "unknown: where")]
    if _tier_for(rule, key) is not None:
        return [ConditionResult("work_region", HELD, f"{keys[0]}有对应的金额档次",
                                f"{value_label(str(keys[0]), english=True)} has an amount tier")]
    return [ConditionResult("work_region", FAILED, f"{'、'.join(keys)}没有对应的金额档次",
                            "no amount tier for "
                            + ", ".join(value_label(str(k), english=True) for k in keys))]


def _tier_for(rule: Rule, key: Any) -> Tier | None:
    """The amount row for ``key``; a tuple key (destination) tries its parts in order."""
    if not rule.tier_by:
        return rule.tiers[0] if rule.tiers else None
    keys = key if isinstance(key, tuple) else (key,)
    for one in keys:
        found = next((t for t in rule.tiers if one and t.tier == one), None)
        if found is not None:
            return found
    return None


def _tier_key(rule: Rule, facts: Mapping[str, Any]) -> Any:
    """What the tiers of a rule are chosen by: the work region, the destination (province
    first, then region, so a named province can have its own tier), or the subject's kind."""
    work = facts.get("work") if isinstance(facts.get("work"), Mapping) else facts
    if rule.tier_by == "work_region":
        return work.get("region")
    if rule.tier_by == "destination":
        return (work.get("province"), work.get("region"))
    if rule.tier_by == "subject_kind":
        return facts.get("kind")
    return None


def _amount(rule: Rule, facts: Mapping[str, Any], *, counted: list[Mapping[str, Any]] | None,
            region: str, as_of: date, wage_of: MinWageOf
            ) -> tuple[float | None, float | None, bool, str]:
    """(amount, cap, stated, unit) of a rule for these facts."""
    if counted is not None:
        return _amount_per_person(rule, counted)
    tier = _tier_for(rule, _tier_key(rule, facts))
    if tier is None:
        return None, None, True, "元"
    unit = UNITS[tier.per]
    if tier.basis == "not_stated":
        return None, None, False, unit
    if tier.basis == "minimum_wage":
        wage = wage_of(region, as_of)
        return None, (float(wage) if wage is not None else None), True, "元/月"
    value = _times(tier, facts)
    return (value, None, True, unit) if tier.basis == "fixed" else (None, value, True, unit)


def _times(tier: Tier, facts: Mapping[str, Any]) -> float | None:
    """A fixed or capped value times what it is counted per (days, households)."""
    if tier.value is None:
        return None
    if tier.per == "day":
        training = facts.get("training")
        days = training.get("days") if isinstance(training, Mapping) else None
        return tier.value * days if isinstance(days, int | float) else None
    if tier.per == "household":
        count = facts.get("absorbed_households")
        return tier.value * count if isinstance(count, int | float) else None
    return tier.value


def _amount_per_person(rule: Rule, counted: list[Mapping[str, Any]]
                       ) -> tuple[float | None, float | None, bool, str]:
    total = 0.0
    stated, basis = True, "fixed"
    for person in counted:
        tier = _tier_for(rule, _tier_key(rule, person))
        if tier is None:
            return None, None, True, "元"
        basis = tier.basis
        if tier.basis == "not_stated":
            stated = False
        elif tier.basis == "share_of_wages":
            wage = person.get("wage_paid")
            if not isinstance(wage, int | float) or tier.value is None:
                return None, None, True, "元"
            total += tier.value * wage
        elif tier.value is not None:
            total += tier.value
    if not stated:
        return None, None, False, "元"
    total = round(total, 2)
    return (None, total, True, "元") if basis == "cap" else (total, None, True, "元")


def subject_kind_of(case: Mapping[str, Any]) -> str | None:
    """Which subject a case or facts mapping gives (person, household, employer, agency, post)."""
    found = [k for k in ("person", "household", "employer", "agency", "post") if k in case]
    return found[0] if len(found) == 1 else None
