"""The county's subsidy lists (补贴名单): who may claim a rule in a period, bulk grants,
duplicate claims and the audited export. No Qt.

- :func:`person_rules` — the person rules that govern in a region on a date (one per rule
  kind, in force), from the packs a device answers from (``registry.policy.packs_for``),
  with the engine's notice when no pack is in force there.
- :func:`subsidy_list` — everyone of the profile's scope eligible for one rule on a date
  (and those whose facts are incomplete, *undecided*), with the amount (or none when the
  source states none), the conditions that held, and the claims of that rule already
  recorded for them in the period. Facts are read village by village
  (``registry.policy.facts.people_facts``), so ``progress(done, total)`` moves and a
  county of 100k people never sits in memory at once. A screen reads the same list in
  parts (:func:`list_plan`, then :func:`list_part` per village, :func:`joined`), so the
  one DB thread serves other reads between villages.
- :func:`grant_all` — record a claim for each chosen person through the claims ledger
  (``registry.claims.record_claim``, its own transaction each), checked by the policy
  engine and the ledger's once-a-year / exclusion rules; a refusal writes nothing for that
  person and is returned with its reasons, the others are granted. The year's claims are
  read once for the whole list (``ledger_check(batched=True)``), not once per person.
  The granted people's rows are returned as the list now reads them (``GrantResult.rows``:
  已发放, the amounts recorded, the conditions evaluated after the write), so a screen
  redraws them without computing the list again.
- :func:`totals` — what a list adds up to, in amounts some source states: the stated
  amounts of the eligible (the caps, as an upper bound, of a rule stating only a cap;
  those whose amount is not stated counted apart) and the amounts recorded on the claims.
- :func:`duplicates` — claims recorded twice (``registry.claims.duplicate_claims``), with
  whom and when, to settle on the page.
- :func:`export_list` — the ledgers' subsidy-list export of a year or month and one rule,
  through ``registry.county_ledgers.export_ledger``: unmasked only for a role that may
  (``registry.accounts``), every export, denial and refusal audited.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from registry.claims import (
    ONCE_A_YEAR,
    Check,
    Claim,
    ClaimRefused,
    ClaimRule,
    Refusal,
    combine,
    duplicate_claims,
    ledger_check,
    record_claim,
    surviving,
)
from registry.errors import ValidationError
from registry.policy import Evaluator, Pack, Rule, packs_for, rules_in_force
from registry.policy.conditions import HELD
from registry.policy.evaluate import Answer
from registry.policy.facts import people_facts
from registry.store import Changes, Store
from sync.protocol.changes import scope_prefix

Progress = Callable[[int, int], None]
ELIGIBLE, UNDECIDED, GRANTED = "eligible", "undecided", "granted"
_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True, slots=True)
class RuleChoice:
    """A rule the county can list: its id, names, validity and where it comes from."""

    rule_id: str
    kind: str
    name_zh: str
    name_en: str
    pack_id: str
    valid_from: date
    valid_to: date | None
    frequency: str
    source: str


@dataclass(frozen=True, slots=True)
class RulesInForce:
    """The person rules governing in a region on a date, and the engine's notice."""

    rules: tuple[RuleChoice, ...]
    notice_zh: str = ""
    notice_en: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One person on a subsidy list. ``status`` is eligible, undecided (facts missing) or
    granted (a claim of the rule is already recorded in the period: ``claims``, and the
    amount recorded on each, ``paid``: None where the claim records none). ``amount`` and
    ``cap`` are what the rule states for the person."""

    person_id: str
    household_id: str
    name: str
    household_no: str
    village: str
    status: str
    amount: float | None
    cap: float | None
    amount_stated: bool
    unit: str
    reasons_zh: tuple[str, ...]
    reasons_en: tuple[str, ...]
    claims: tuple[str, ...] = ()
    paid: tuple[float | None, ...] = ()


@dataclass(frozen=True, slots=True)
class SubsidyList:
    """The list of one rule for one period, evaluated on ``as_of``."""

    rule: RuleChoice
    period: str
    as_of: date
    candidates: tuple[Candidate, ...]
    notice_zh: str = ""
    notice_en: str = ""


@dataclass(frozen=True, slots=True)
class Refused:
    """One person the bulk grant did not grant, and why (Chinese and English)."""

    person_id: str
    name: str
    household_no: str
    reasons_zh: tuple[str, ...]
    reasons_en: tuple[str, ...]


@dataclass(frozen=True)
class GrantResult:
    """What a bulk grant did: the claims written, the refusals, the ``Changes``, and the
    rows of the people granted as the list reads them after the write (status 已发放,
    ``paid`` the amounts recorded, the conditions evaluated again)."""

    granted: tuple[str, ...]
    refused: tuple[Refused, ...]
    changes: Changes = field(default_factory=Changes)
    rows: tuple[Candidate, ...] = ()


@dataclass(frozen=True, slots=True)
class DuplicateClaim:
    """Claims of one rule for one person in one period recorded more than once."""

    rule_id: str
    period: str
    person_id: str
    name: str
    household_no: str
    claim_ids: tuple[str, ...]
    granted: tuple[str, ...]
    rule_name_zh: str = ""  #: the rule's names in the packs ("" when no pack has it)
    rule_name_en: str = ""


def check_period(period: str) -> str:
    """``period`` stripped if it is ``YYYY`` or ``YYYY-MM``; else a ValidationError."""
    text = str(period or "").strip()
    if not _PERIOD.match(text):
        raise ValidationError("subsidy.period", f"期间“{text}”应为 YYYY（年）或 YYYY-MM（月）",
                              "the period must be YYYY or YYYY-MM")
    return text


def person_rules(packs: Iterable[Pack], *, region: str, as_of: date) -> RulesInForce:
    """The governing person rules in force in ``region`` on ``as_of`` (one per kind)."""
    found = rules_in_force(packs, region=region, as_of=as_of)
    return RulesInForce(tuple(map(_choice, found.rules)), found.notice_zh, found.notice_en)


def _choice(rule: Rule) -> RuleChoice:
    source = f"{rule.source.seed} {rule.source.clause}".strip()
    return RuleChoice(rule.id, rule.kind, rule.name_zh, rule.name_en, rule.pack_id,
                      rule.valid_from, rule.valid_to, rule.frequency, source)


def _find_rule(packs: Iterable[Pack], rule_id: str, *, region: str, as_of: date) -> RuleChoice:
    for choice in person_rules(packs, region=region, as_of=as_of).rules:
        if choice.rule_id == rule_id:
            return choice
    raise ValidationError("subsidy.rule", f"规则“{rule_id}”在 {as_of.isoformat()} 不是本地有效的个人补贴规则",
                          f"rule {rule_id!r} is not a person rule in force here on {as_of}")


def _evaluator_of(packs: Iterable[Pack], rule: RuleChoice) -> Evaluator:
    """An evaluator answering only ``rule`` (the one governing, found by
    :func:`person_rules`): every pack is kept for its minimum wages, names and labels, but
    no other rule is evaluated for each person (five to ten times fewer answers)."""
    return Evaluator([replace(p, rules=tuple(r for r in p.rules if r.id == rule.rule_id
                                             and p.id == rule.pack_id)) for p in packs])


def villages(store: Store, *, scope: str | None = None) -> list[str]:
    """The scopes holding people under ``scope`` (default: the prefix the profile's scope
    covers, so a county saved as ``361130000000`` reads its villages), in order."""
    prefix = scope if scope is not None else scope_prefix(store.default_scope)
    rows = store.db.execute(
        "SELECT DISTINCT scope FROM entity WHERE list = 'person' AND deleted = 0"
        " AND merged_into IS NULL AND scope GLOB ? ORDER BY scope", [prefix + "*"]).fetchall()
    return [scope for (scope,) in rows]


@dataclass(frozen=True, slots=True)
class ListPlan:
    """What a list needs before any village is read: the rule, period, date and villages."""

    rule: RuleChoice
    period: str
    as_of: date
    villages: tuple[str, ...]


def list_plan(store: Store, *, rule_id: str, period: str, as_of: date,
              packs: list[Pack] | None = None) -> ListPlan:
    """Check the rule and period and find the villages to read (ValidationError naming
    the field when the period is malformed or the rule is not in force here)."""
    period = check_period(period)
    packs = packs_for(store) if packs is None else packs
    rule = _find_rule(packs, rule_id, region=store.default_scope, as_of=as_of)
    return ListPlan(rule, period, as_of, tuple(villages(store)))


def list_part(store: Store, plan: ListPlan, *, villages: Iterable[str],
              packs: list[Pack] | None = None) -> SubsidyList:
    """The rows of ``plan`` for ``villages`` (a part of the list: a screen reads
    a county village by village, so other reads are served in between)."""
    packs = packs_for(store) if packs is None else packs
    evaluator = _evaluator_of(packs, plan.rule)
    granted = _granted(store, plan.rule, period=plan.period)
    found: list[Candidate] = []
    notice = ("", "")
    for village in villages:
        facts = people_facts(store, scope=village)
        who = _people(store, facts)
        for pid, person_facts in facts.items():
            evaluation = evaluator.evaluate(person_facts, as_of=plan.as_of, region=village)
            notice = (evaluation.notice_zh, evaluation.notice_en)
            candidate = _candidate(pid, evaluation.answer(plan.rule.rule_id),
                                   who=who.get(pid), village=village,
                                   claims=granted.get(pid, ()))
            if candidate is not None:
                found.append(candidate)
    return SubsidyList(plan.rule, plan.period, plan.as_of, tuple(found), *notice)


def joined(plan: ListPlan, parts: Iterable[SubsidyList]) -> SubsidyList:
    """The parts of a list as one list, sorted by village, 户编号 and name."""
    chosen = list(parts)
    found = sorted((c for part in chosen for c in part.candidates),
                   key=lambda c: (c.village, c.household_no, c.name))
    notice = next(((p.notice_zh, p.notice_en) for p in chosen if p.notice_zh), ("", ""))
    return SubsidyList(plan.rule, plan.period, plan.as_of, tuple(found), *notice)


@dataclass(frozen=True, slots=True)
class Totals:
    """What a list adds up to, in amounts some source states (see :func:`totals`)."""

    eligible: int  #: people eligible, not granted yet
    eligible_amount: float  #: their stated amounts, and the caps of those given only a cap
    capped: int  #: of the eligible, those whose rule states only a cap (counted at the cap)
    unstated: int  #: of the eligible, those with no amount stated or computable (not counted)
    granted: int  #: people granted the rule in the period
    paid: float  #: the amounts recorded on their claims
    paid_unstated: int  #: of the granted, those with a claim recording no amount (not counted)
    #: of the eligible, those whose rule states an amount this person's facts cannot give
    #: (a tier missing, days or a wage unknown: 无法计算), not counted (not in ``unstated``)
    uncomputed: int = 0
    #: the unit of ``eligible_amount`` (元, or 元/月 for monthly rates); "" when the counted
    #: amounts have different units: then ``eligible_amount`` is no sum of anything (0)
    unit: str = "元"


def totals(candidates: Iterable[Candidate]) -> Totals:
    """The totals of a list: the eligible's stated amounts (a rule stating only a cap
    counts its cap, so the sum is an upper bound when ``capped``; amounts of different
    units are not added up), the amounts recorded on the granted's claims; an amount no
    source states is never counted as 0, only counted apart (``unstated``, ``uncomputed``,
    ``paid_unstated``)."""
    rows = list(candidates)
    eligible = [c for c in rows if c.status == ELIGIBLE]
    granted = [c for c in rows if c.status == GRANTED]
    stated = [c for c in eligible if c.amount_stated and c.amount is not None]
    caps = [c for c in eligible if c.amount_stated and c.amount is None and c.cap is not None]
    counted = {c.unit or "元" for c in (*stated, *caps)}
    unit = counted.pop() if len(counted) == 1 else ("元" if not counted else "")
    amount = sum(c.amount for c in stated) + sum(c.cap for c in caps) if unit else 0
    paid = [a for c in granted for a in c.paid if a is not None]
    return Totals(eligible=len(eligible), eligible_amount=float(amount), capped=len(caps),
                  unstated=sum(1 for c in eligible if not c.amount_stated),
                  granted=len(granted), paid=float(sum(paid)),
                  paid_unstated=sum(1 for c in granted if not c.paid or None in c.paid),
                  uncomputed=sum(1 for c in eligible if c.amount_stated
                                 and c.amount is None and c.cap is None),
                  unit=unit)


def subsidy_list(store: Store, *, rule_id: str, period: str, as_of: date,
                 packs: list[Pack] | None = None, progress: Progress | None = None
                 ) -> SubsidyList:
    """Everyone under the profile's scope eligible (or undecided) for ``rule_id`` on
    ``as_of``, and those already granted it in ``period`` (see the module docstring)."""
    packs = packs_for(store) if packs is None else packs
    plan = list_plan(store, rule_id=rule_id, period=period, as_of=as_of, packs=packs)
    parts = []
    for done, village in enumerate(plan.villages, start=1):
        parts.append(list_part(store, plan, villages=[village], packs=packs))
        if progress:
            progress(done, len(plan.villages))
    return joined(plan, parts)


#: A live claim: its id and the amount recorded on it (None: none recorded).
Recorded = tuple[str, float | None]


def _granted(store: Store, rule: RuleChoice, *, period: str) -> dict[str, tuple[Recorded, ...]]:
    """Person id -> live claims of ``rule`` in ``period`` (or a month of that year) with
    their amounts, a claim naming a record merged away since counted for the record it
    ends at (as ``registry.claims.claims_of`` counts it)."""
    rows = store.db.execute(
        "SELECT c.id, c.amount, c.person, EXISTS (SELECT 1 FROM entity p WHERE p.id = c.person"
        " AND p.merged_into IS NOT NULL) FROM (SELECT id, rowid AS seq,"
        " json_extract(props, '$.amount') AS amount,"
        " coalesce(json_extract(props, '$.person_id'), json_extract(props, '$.subject_id'))"
        " AS person FROM entity WHERE list = 'claim'"
        " AND deleted = 0 AND merged_into IS NULL AND json_extract(props, '$.rule_id') = ?"
        " AND (json_extract(props, '$.period') = ? OR json_extract(props, '$.period') LIKE ?"
        "      OR json_extract(props, '$.period') = substr(?, 1, 4))) c"
        " ORDER BY c.seq", [rule.rule_id, period, period + "-%", period]).fetchall()
    out: dict[str, tuple[Recorded, ...]] = {}
    for claim_id, amount, person, merged in rows:
        counted = surviving(store, str(person)) if merged else str(person)
        paid = float(amount) if isinstance(amount, int | float) else None
        out[counted] = (*out.get(counted, ()), (claim_id, paid))
    return out


_WHO = """
SELECT p.id, json_extract(p.props, '$.name'), p.parent, json_extract(h.props, '$.household_no')
FROM entity p LEFT JOIN entity h ON h.id = p.parent
WHERE p.id IN (SELECT value FROM json_each(?))
"""


def _people(store: Store, ids: Iterable[str]) -> dict[str, tuple[str, str, str]]:
    """(name, household id, 户编号) of each person id, in one query."""
    rows = store.db.execute(_WHO, [json.dumps(list(ids))]).fetchall()
    return {pid: (str(name or ""), str(hid or ""), str(number or ""))
            for pid, name, hid, number in rows}


def _candidate(pid: str, answer: Answer | None, *, who: tuple[str, str, str] | None,
               village: str, claims: tuple[Recorded, ...]) -> Candidate | None:
    """The person's row on the list, or None when neither eligible, undecided nor granted."""
    if answer is None:
        return None
    if claims:
        status = GRANTED
    elif answer.eligible is None:
        status = UNDECIDED
    elif answer.eligible:
        status = ELIGIBLE
    else:
        return None
    name, household_id, number = who or ("", "", "")
    shown = [c for c in answer.conditions if c.kind not in ("validity", "region")]
    if status == UNDECIDED:  # what is missing comes first, then what held
        shown.sort(key=lambda c: c.status == HELD)
    return Candidate(pid, household_id, name, number, village, status, answer.amount,
                     answer.cap, answer.amount_stated, answer.unit,
                     tuple(c.reason_zh for c in shown), tuple(c.reason_en for c in shown),
                     tuple(cid for cid, _paid in claims), tuple(paid for _cid, paid in claims))


def engine_check(evaluator: Evaluator, facts: Mapping[str, Mapping[str, Any]], *,
                 regions: Mapping[str, str], as_of: date) -> Check:
    """A claims-ledger check that asks the policy engine: each failed or unknown condition
    of the claim's rule for its person (facts read before the grant) is a refusal."""
    def check(_store: Store, claim: Claim) -> list[Refusal]:
        person = claim.person
        if person not in facts:
            return [Refusal(claim.rule_id, "subject", "找不到此人的记录（不在本地区）",
                            "no record of this person here")]
        answer = evaluator.evaluate(facts[person], as_of=as_of,
                                    region=regions[person]).answer(claim.rule_id)
        if answer is None:
            return [Refusal(claim.rule_id, "rule", "此人所在地区没有这条规则",
                            "the rule does not apply where this person lives")]
        return [Refusal(claim.rule_id, c.kind, _missing(c.status, c.reason_zh),
                        c.reason_en) for c in answer.conditions if c.status != HELD]
    return check


def _missing(status: str, reason: str) -> str:
    return reason if status == "failed" or reason.startswith("未知") else f"未知：{reason}"


def grant_all(store: Store, *, rule_id: str, period: str, person_ids: list[str],
              as_of: date, packs: list[Pack] | None = None,
              progress: Progress | None = None, amount: float | None = None) -> GrantResult:
    """Record a claim of ``rule_id`` for ``period`` for each of ``person_ids`` through the
    claims ledger (see the module docstring); the claims written and the refusals.

    ``amount`` is the officer's actual figure for a rule that states only a cap (不超过 X):
    a person over whose cap it lies, or granted such a rule without it, is refused with the
    reason; a person whose rule states the amount gets the stated amount."""
    period = check_period(period)
    amount = check_amount(amount)
    packs = packs_for(store) if packs is None else packs
    rule = _find_rule(packs, rule_id, region=store.default_scope, as_of=as_of)
    evaluator = _evaluator_of(packs, rule)
    facts, regions = _facts_of(store, person_ids)
    check = combine(engine_check(evaluator, facts, regions=regions, as_of=as_of),
                    ledger_check({rule.rule_id: _ledger_rule(rule)}, batched=True))
    who = _people(store, person_ids)
    granted: list[str] = []
    people: list[str] = []
    refused: list[Refused] = []
    for done, pid in enumerate(person_ids, start=1):
        stated, cap = _amount(evaluator, facts.get(pid), region=regions.get(pid), rule=rule,
                              as_of=as_of)
        try:
            granted.append(record_claim(
                store, rule_id=rule.rule_id, subject_id=pid, person_id=pid,
                amount=_paid(stated, cap, amount=amount), period=period, check=check,
                granted_on=as_of, rule_kind=rule.kind,
                frequency=_ledger_rule(rule).frequency))
            people.append(pid)
        except ClaimRefused as exc:
            refused.append(_refused(pid, who.get(pid), refusals=exc.refusals))
        except ValidationError as exc:
            refused.append(Refused(pid, *_name(who.get(pid)), (exc.message_zh,),
                                   (exc.message_en,)))
        if progress:
            progress(done, len(person_ids))
    rows = _rows_now(store, evaluator, rule, period=period, as_of=as_of, person_ids=people)
    return GrantResult(tuple(granted), tuple(refused), _changes(store, granted), rows)


def _rows_now(store: Store, evaluator: Evaluator, rule: RuleChoice, *, period: str,
              as_of: date, person_ids: list[str]) -> tuple[Candidate, ...]:
    """The list's rows of ``person_ids`` as it reads them now (after a grant): facts and
    claims read again, so status, amounts recorded and conditions are the ledger's."""
    if not person_ids:
        return ()
    facts, regions = _facts_of(store, person_ids)
    who = _people(store, person_ids)
    claims = _granted(store, rule, period=period)
    rows = (_candidate(pid, evaluator.evaluate(facts[pid], as_of=as_of, region=regions[pid])
                       .answer(rule.rule_id), who=who.get(pid), village=regions[pid],
                       claims=claims.get(pid, ()))
            for pid in person_ids if pid in facts)
    return tuple(row for row in rows if row is not None)


def _ledger_rule(rule: RuleChoice) -> ClaimRule:
    return ClaimRule(ONCE_A_YEAR if rule.frequency in ("once_a_year", "once") else None)


def _facts_of(store: Store, person_ids: list[str]
              ) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Facts and scope of each person, read village by village."""
    wanted = set(person_ids)
    rows = store.db.execute(
        "SELECT id, scope FROM entity WHERE list = 'person' AND deleted = 0"
        " AND merged_into IS NULL AND id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(wanted))]).fetchall()
    regions = {pid: scope for pid, scope in rows}
    facts: dict[str, dict[str, Any]] = {}
    for village in sorted(set(regions.values())):
        facts.update(people_facts(store, person_ids=wanted, scope=village))
    return facts, regions


def check_amount(amount: float | None) -> float | None:
    """The officer's amount (元) if it is a positive number (None stays None); else a
    ValidationError naming the field ``subsidy.amount``."""
    if amount is None:
        return None
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not amount > 0 \
            or amount != amount or amount == float("inf"):
        raise ValidationError("subsidy.amount", f"发放金额“{amount}”应为大于 0 的数字（元）",
                              "the amount must be a number of yuan above 0")
    return float(amount)


def _amount(evaluator: Evaluator, facts: Mapping[str, Any] | None, *, region: str | None,
            rule: RuleChoice, as_of: date) -> tuple[float | None, float | None]:
    """The amount the rule states for this person and its cap (None: not stated)."""
    if facts is None or region is None:
        return None, None
    answer = evaluator.evaluate(facts, as_of=as_of, region=region).answer(rule.rule_id)
    if answer is None or not answer.amount_stated:
        return None, None
    return answer.amount, answer.cap


def _paid(stated: float | None, cap: float | None, *, amount: float | None) -> float | None:
    """The amount to record: the stated one, else the officer's within the cap (a
    ValidationError naming ``subsidy.amount`` when it is missing or over the cap)."""
    if stated is not None or cap is None:
        return stated
    if amount is None:
        raise ValidationError("subsidy.amount", f"此规则只规定上限（不超过 {cap:g} 元），"
                              "请填写实际发放金额", f"the rule states only a cap ({cap:g}); "
                              "enter the amount paid")
    if amount > cap:
        raise ValidationError("subsidy.amount", f"发放金额 {amount:g} 元超过此规则的上限 "
                              f"{cap:g} 元", f"the amount {amount:g} is over the cap {cap:g}")
    return amount


def _name(who: tuple[str, str, str] | None) -> tuple[str, str]:
    name, _household, number = who or ("", "", "")
    return name, number


def _refused(pid: str, who: tuple[str, str, str] | None, *,
             refusals: list[Refusal]) -> Refused:
    return Refused(pid, *_name(who), tuple(r.message_zh for r in refusals),
                   tuple(r.message_en for r in refusals))


def _changes(store: Store, created: list[str]) -> Changes:
    """The ``Changes`` of the claims written (their journal entries, for sync and redraw)."""
    change_ids = tuple(c.change_id for cid in created for c in store.journal(entity_id=cid))
    return Changes(created=tuple(created), lists=frozenset({"claim"}) if created else frozenset(),
                   change_ids=change_ids)


_DUPLICATE_DETAIL = """
SELECT c.id, json_extract(c.props, '$.granted_by'), json_extract(c.props, '$.granted_on'),
       coalesce(json_extract(c.props, '$.person_id'), json_extract(c.props, '$.subject_id')),
       json_extract(c.props, '$.rule_id'), json_extract(c.props, '$.period')
FROM entity c WHERE c.id IN (SELECT value FROM json_each(?))
"""


def duplicates(store: Store, *, scope: str | None = None) -> list[DuplicateClaim]:
    """Claims recorded twice under ``scope`` (default: the profile's), with whom and when."""
    prefix = scope_prefix(store.default_scope) if scope is None else scope
    groups = duplicate_claims(store, scope=prefix)
    ids = [cid for group in groups for cid in group]
    rows = {row[0]: row for row in store.db.execute(_DUPLICATE_DETAIL, [json.dumps(ids)])}
    people = _people(store, {str(rows[g[0]][3]) for g in groups if g[0] in rows})
    rule_names = names_of_rules(store) if groups else {}
    out = []
    for group in groups:
        first = rows[group[0]]
        name, _household, number = people.get(str(first[3]), ("", "", ""))
        out.append(DuplicateClaim(
            str(first[4]), str(first[5]), str(first[3]), name, number, tuple(group),
            tuple(f"{rows[c][1] or ''} {rows[c][2] or ''}".strip() for c in group),
            *rule_names.get(str(first[4]), ("", ""))))
    return sorted(out, key=lambda d: (d.rule_id, d.period, d.household_no, d.name))


def names_of_rules(store: Store) -> dict[str, tuple[str, str]]:
    """Each rule id's (Chinese, English) names in the packs the profile answers from (a
    later pack's over an earlier one's, as a county copy of a rule governs)."""
    return {r.id: (r.name_zh, r.name_en) for p in packs_for(store) for r in p.rules}


def export_list(store: Store, out: Path, *, period: str | None, unmasked: bool,
                rule_id: str | None = None) -> int:
    """Write the subsidy list (the ledgers' ``subsidy-list`` export) of ``period`` (a year
    ``YYYY``: its claims; a month ``YYYY-MM``: the month's and the year's; None: every
    period), of ``rule_id`` only when given, to ``out``; rows written. Through the one
    audited export path (``registry.county_ledgers.export_ledger``): unmasked only for a
    role that may (``NotAllowed``), every export, denial and refusal audited."""
    from registry.county_ledgers import export_ledger  # openpyxl loads only to export
    from registry.ledgers.exports import subsidy_kind

    return int(export_ledger(store, subsidy_kind(rule_id), out=Path(out), month=period,
                             area=None, unmasked=unmasked))
