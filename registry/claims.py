"""The claims ledger: every subsidy granted is a ``claim`` record that syncs.

``record_claim`` writes one claim (rule, subject, amount, period, granted by, date)
through the store's one write path, after asking ``check`` whether the rules allow
it. A refused claim writes nothing and raises :class:`ClaimRefused` naming the rule
and why, unless the caller gives an ``override_reason``: then the claim is written
with that reason and the refusals it overrode, so the trace stays with the claim.

The eligibility verdict comes from the policy engine (injected as ``check``). The
checks that need only the claims already in the store are here
(:func:`ledger_check`): once a year per person, once per person per year per agency,
and rules that may not be combined for one person in one year.

Two laptops granting the same claim offline cannot see each other; both claims
sync. :func:`duplicate_claims` finds them wherever all claims meet (the county
replica): live claims of one rule for one subject (and person counted) in one period,
or in one year for once-a-year rules. ``registry.alerts`` raises them as
``duplicate_claim`` alerts, so they are never two silent payments.
"""

from __future__ import annotations

import json
import re
from bisect import insort
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from registry.errors import NotFound, ValidationError
from registry.store import Create, Store

CLAIM_LIST = "claim"
ONCE_A_YEAR = "once_a_year"
ONCE_PER_AGENCY = "once_per_person_per_year_per_agency"
FREQUENCIES = (ONCE_A_YEAR, ONCE_PER_AGENCY)
MIN_REASON_CHARS = 4

_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class Claim:
    """A subsidy about to be recorded. ``person_id`` is the person counted when the
    subject is an agency or employer (else the subject itself)."""

    rule_id: str
    subject_id: str
    amount: float | None
    period: str
    granted_by: str
    granted_on: date
    person_id: str | None = None
    override_reason: str | None = None
    rule_kind: str | None = None
    frequency: str | None = None

    @property
    def year(self) -> str:
        """The calendar year of the period."""
        return self.period[:4]

    @property
    def person(self) -> str:
        """The person the claim counts."""
        return self.person_id or self.subject_id


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a rule forbids a claim: the ``condition`` failed and the claims it meets."""

    rule_id: str
    condition: str
    message_zh: str
    message_en: str
    claims: tuple[str, ...] = ()


Check = Callable[[Store, Claim], list[Refusal]]


@dataclass(frozen=True, slots=True)
class ClaimRule:
    """What the ledger needs of a rule: how often it may be paid, what it excludes."""

    frequency: str | None = None
    excludes: frozenset[str] = field(default_factory=frozenset)


class ClaimRefused(ValidationError):
    """The rules forbid this claim and no override reason was given; nothing was written."""

    def __init__(self, rule_id: str, refusals: list[Refusal]) -> None:
        reasons_zh = "；".join(r.message_zh for r in refusals)
        reasons_en = "; ".join(r.message_en for r in refusals)
        super().__init__(f"claim.{rule_id}",
                         f"补贴“{rule_id}”不能登记：{reasons_zh}。确需登记的，须填写书面理由",
                         f"claim for {rule_id} refused: {reasons_en}; an override needs a written"
                         " reason")
        self.rule_id = rule_id
        self.refusals = refusals


def record_claim(store: Store, *, rule_id: str, subject_id: str, amount: float | None,
                 period: str, check: Check, override_reason: str | None = None,
                 person_id: str | None = None, granted_on: date | None = None,
                 rule_kind: str | None = None, frequency: str | None = None) -> str:
    """Record a granted subsidy; return the claim's id.

    ``rule_kind`` is the rule's kind (``one_time_transport_subsidy`` ...): the policy engine's
    "once a year" and exclusions compare kinds, since two packs may grant the same subsidy.
    ``frequency`` is the rule's (one of :data:`FREQUENCIES` or ``None``), kept on the claim
    so that :func:`duplicate_claims` compares such a rule's claims by year, not by period.

    Raises ``ValidationError`` naming the field for bad input and :class:`ClaimRefused`
    when ``check`` refuses and there is no ``override_reason``. Checking and writing
    happen in one transaction."""
    claim = Claim(rule_id=str(rule_id or "").strip(), subject_id=str(subject_id or ""),
                  amount=amount, period=str(period or "").strip(), granted_by=store.user,
                  granted_on=granted_on or date.today(), person_id=person_id,
                  override_reason=_reason(override_reason), rule_kind=rule_kind,
                  frequency=frequency)
    with store.transaction():
        claim = _validate(store, claim)
        refusals = check(store, claim)
        if refusals and claim.override_reason is None:
            raise ClaimRefused(claim.rule_id, refusals)
        return store.write([Create(CLAIM_LIST, _props(claim, refusals))]).created[0]


def _reason(text: str | None) -> str | None:
    if text is None:
        return None
    reason = text.strip()
    if len(reason) < MIN_REASON_CHARS:
        raise ValidationError("claim.override_reason", f"越过规则登记须写明理由（至少 {MIN_REASON_CHARS} 个字）",
                              f"an override needs a written reason of {MIN_REASON_CHARS}+ characters")
    return reason


def _validate(store: Store, claim: Claim) -> Claim:
    """``claim`` checked, its subject and person ids followed to the records they were
    merged into (so the rules see the claims already recorded for the surviving record)."""
    if not claim.rule_id:
        raise ValidationError("claim.rule_id", "缺少补贴规则", "the rule is missing")
    if not _PERIOD.match(claim.period):
        raise ValidationError("claim.period", "期间应为 YYYY、YYYY-MM 或 YYYY-MM-DD",
                              "the period must be YYYY, YYYY-MM or YYYY-MM-DD")
    if claim.frequency is not None and claim.frequency not in FREQUENCIES:
        raise ValidationError("claim.frequency", "补贴规则的享受频次无法识别",
                              "the rule's frequency is not known")
    amount = claim.amount
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int | float)
                               or amount < 0 or amount != amount):
        raise ValidationError("claim.amount", "金额应为不小于 0 的数字（未载明金额的留空）",
                              "the amount must be a number >= 0 (empty when not stated)")
    person = _target(store, "person_id", claim.person_id) if claim.person_id is not None else None
    return replace(claim, subject_id=_target(store, "subject_id", claim.subject_id),
                   person_id=person)


def _target(store: Store, name: str, entity_id: str) -> str:
    """The live record a claim names (merges followed), refused if there is none."""
    try:
        entity = store.write_target(entity_id, field=f"claim.{name}")
    except NotFound:
        entity = None
    if entity is None or entity.deleted:
        raise ValidationError(f"claim.{name}", "找不到该对象的记录", "no such record")
    return entity.id


def _props(claim: Claim, refusals: list[Refusal]) -> dict[str, Any]:
    props: dict[str, Any] = {
        "rule_id": claim.rule_id, "subject_id": claim.subject_id, "amount": claim.amount,
        "period": claim.period, "year": claim.year, "granted_by": claim.granted_by,
        "granted_on": claim.granted_on.isoformat(), "person_id": claim.person_id,
    }
    if claim.rule_kind:
        props["rule_kind"] = claim.rule_kind
    if claim.frequency:
        props["frequency"] = claim.frequency
    if claim.amount is None:
        props["amount_not_stated"] = True  # the rule's amount is "按规定": none is invented
    if claim.override_reason is not None:
        props["override_reason"] = claim.override_reason
        props["overridden"] = [f"{r.rule_id}:{r.condition}" for r in refusals]
    return props


def combine(*checks: Check) -> Check:
    """One check that returns the refusals of every check given, in order."""
    def combined(store: Store, claim: Claim) -> list[Refusal]:
        return [r for check in checks for r in check(store, claim)]
    return combined


def ledger_check(rules: Mapping[str, ClaimRule], *, batched: bool = False) -> Check:
    """The checks that need only the claims in the store, for rules described by ``rules``.

    ``batched`` (for a bulk grant): the claims of a year are read once (:class:`YearBook`)
    and each check looks its person up in memory; the refusals are the same as with one
    :func:`claims_of` query per claim, since the book reads again whatever was written
    since (see :meth:`YearBook.current`)."""
    books: dict[str, YearBook] = {}

    def year_claims(store: Store, claim: Claim) -> list[dict[str, Any]]:
        if not batched:
            return claims_of(store, person_id=claim.person, year=claim.year)
        book = books.get(claim.year)
        if book is None:
            book = books[claim.year] = YearBook(store, claim.year)
        return book.current(store).of(store, claim.person)

    def check(store: Store, claim: Claim) -> list[Refusal]:
        rule = rules.get(claim.rule_id, ClaimRule())
        found = year_claims(store, claim)
        return [*_frequency(claim, rule, found), *_exclusions(claim, rule, rules, found)]
    return check


def _frequency(claim: Claim, rule: ClaimRule, year_claims: list[dict[str, Any]]) -> list[Refusal]:
    same = [c for c in year_claims if c["rule_id"] == claim.rule_id]
    if rule.frequency == ONCE_PER_AGENCY:
        same = [c for c in same if c["subject_id"] == claim.subject_id]
        zh, en = "同一人员每年只能计算一次（同一机构）", "once per person per year per agency"
    elif rule.frequency == ONCE_A_YEAR:
        zh, en = "每人每年只能享受一次", "once a year per person"
    else:
        return []
    if not same:
        return []
    return [Refusal(claim.rule_id, rule.frequency, f"{zh}，{claim.year} 年已登记过",
                    f"{en}: already claimed in {claim.year}", tuple(c["id"] for c in same))]


def _exclusions(claim: Claim, rule: ClaimRule, rules: Mapping[str, ClaimRule],
                year_claims: list[dict[str, Any]]) -> list[Refusal]:
    clashing = [c for c in year_claims if c["rule_id"] != claim.rule_id and (
        c["rule_id"] in rule.excludes
        or claim.rule_id in rules.get(c["rule_id"], ClaimRule()).excludes)]
    return [Refusal(claim.rule_id, "exclusion",
                    f"不能与“{c['rule_id']}”同时享受（{claim.year} 年已登记）",
                    f"not together with {c['rule_id']} (claimed in {claim.year})", (c["id"],))
            for c in clashing]


def claims_of(store: Store, *, person_id: str, year: str | None = None
              ) -> list[dict[str, Any]]:
    """Live claims counting ``person_id`` (as subject or person counted) in ``year``
    (every year when None), in the order they were written.

    Merges are followed both ways: a claim naming a record merged into ``person_id``
    (or into the record ``person_id`` was merged into), however long the chain, counts
    for the surviving record, and ``subject_id`` is given as the surviving subject.
    Each claim is ``{"id", "rule_id", "subject_id", "amount", "period"}``."""
    root = surviving(store, person_id)
    rows = store.db.execute(_CLAIM_ROWS.format(source=_EVERY_CLAIM, person=_THIS_PERSON),
                            {"year": year, "person": root}).fetchall()
    return [claim for person, _seq, claim in _entries(store, rows) if person == root]


def _entries(store: Store, rows: Iterable[tuple[Any, ...]]
             ) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """(surviving person counted, rowid, claim) of each row of :data:`_CLAIM_ROWS`."""
    for cid, rule, subject, amount, period, person, seq, person_merged, subject_merged in rows:
        if subject_merged:
            subject = surviving(store, subject)
        counted = surviving(store, person) if person_merged else person
        yield counted, seq, {"id": cid, "rule_id": rule, "subject_id": subject,
                             "amount": amount, "period": period}


class YearBook:
    """The live claims of one year by the surviving record of the person each counts,
    read in one query: a bulk grant checks each person in memory instead of reading the
    year's claims once per person (there is no index on a claim's person or year)."""

    #: more changes than this since the last read: read the whole year again
    MAX_CATCH_UP = 500

    def __init__(self, store: Store, year: str) -> None:
        self.year = year
        self._by_person: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self._person_of: dict[str, str] = {}
        self._seq = -1
        self._load(store, ids=None)

    def of(self, store: Store, person_id: str) -> list[dict[str, Any]]:
        """The claims counting ``person_id`` (merges followed), as :func:`claims_of`."""
        return [dict(claim) for _seq, claim in self._by_person.get(surviving(store, person_id),
                                                                     ())]

    def current(self, store: Store) -> YearBook:
        """The book brought up to date with the journal: claims written, changed or
        deleted since (on this device or pulled) are read again one by one; any other
        record changed since (a merge, a deletion of a person) reads the year again."""
        top = _journal_top(store)
        if top == self._seq:
            return self
        rows = store.db.execute(
            "SELECT DISTINCT entity_id, list FROM journal WHERE seq > ? AND list <> 'audit'"
            " LIMIT ?", [self._seq, self.MAX_CATCH_UP + 1]).fetchall()
        if top < self._seq or len(rows) > self.MAX_CATCH_UP or any(
                lst != CLAIM_LIST for _eid, lst in rows):
            self._by_person, self._person_of = {}, {}
            self._load(store, ids=None)
        else:
            self._load(store, ids=[eid for eid, _lst in rows])
        return self

    def _load(self, store: Store, *, ids: list[str] | None) -> None:
        """Read the year's claims (``ids`` only, dropped first, when given)."""
        self._seq = _journal_top(store)
        source, args = _EVERY_CLAIM, {"year": self.year, "person": None}
        if ids is not None:
            source, args["ids"] = _THESE_CLAIMS, json.dumps(ids)
            for cid in ids:
                self._drop(cid)
        rows = store.db.execute(_CLAIM_ROWS.format(source=source, person="1"), args).fetchall()
        for person, seq, claim in _entries(store, rows):
            insort(self._by_person.setdefault(person, []), (seq, claim), key=lambda e: e[0])
            self._person_of[claim["id"]] = person

    def _drop(self, claim_id: str) -> None:
        person = self._person_of.pop(claim_id, None)
        if person is not None:
            self._by_person[person] = [e for e in self._by_person[person]
                                       if e[1]["id"] != claim_id]


def _journal_top(store: Store) -> int:
    return int(store.db.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()[0])


def surviving(store: Store, entity_id: str) -> str:
    """The record ``entity_id`` ends at once its merges are followed (itself when never
    merged; the last id known when the surviving record is not on this replica)."""
    seen = {entity_id}
    while True:
        row = store.db.execute("SELECT merged_into FROM entity WHERE id = ?",
                               [entity_id]).fetchone()
        if row is None or row[0] is None or row[0] in seen:
            return entity_id
        entity_id = row[0]
        seen.add(entity_id)


#: Live claims of :year (every year when NULL), with the person each counts (its
#: ``person_id``, else its subject), its rowid, and whether that person and the subject
#: were merged away (then :func:`surviving` gives the record they count for). ``person``
#: is :data:`_THIS_PERSON` for one person's claims (those counting :person, or a record
#: merged away since), ``1`` for all; ``source`` is :data:`_EVERY_CLAIM` or
#: :data:`_THESE_CLAIMS`.
_CLAIM_ROWS = """
SELECT c.id, json_extract(c.props, '$.rule_id'), c.subject, json_extract(c.props, '$.amount'),
       json_extract(c.props, '$.period'), c.person, c.seq,
       EXISTS (SELECT 1 FROM entity p WHERE p.id = c.person AND p.merged_into IS NOT NULL),
       EXISTS (SELECT 1 FROM entity s WHERE s.id = c.subject AND s.merged_into IS NOT NULL)
FROM (SELECT x.id, x.props, x.rowid AS seq, json_extract(x.props, '$.subject_id') AS subject,
             coalesce(json_extract(x.props, '$.person_id'),
                      json_extract(x.props, '$.subject_id')) AS person
      FROM {source} WHERE x.list = 'claim' AND x.deleted = 0 AND x.merged_into IS NULL
      AND (:year IS NULL OR json_extract(x.props, '$.year') = :year)) c
WHERE {person}
ORDER BY c.seq
"""
_EVERY_CLAIM = "entity x"
#: the claims of the ids in the JSON array :ids only, each found by its id
_THESE_CLAIMS = "json_each(:ids) j CROSS JOIN entity x ON x.id = j.value"
_THIS_PERSON = ("c.person = :person OR EXISTS (SELECT 1 FROM entity e WHERE e.id = c.person"
                " AND e.merged_into IS NOT NULL)")


#: ``final(start, id)``: each merged-away id of ``starts(start)`` and the record it ends
#: at once its merges are followed (the last id of the chain when the surviving record is
#: not on this replica). Ids never merged are not in ``starts``: they stand for themselves.
_FOLLOW_MERGES = """
resolved(start, id) AS (
  SELECT start, start FROM starts
  UNION
  SELECT r.start, e.merged_into FROM resolved r JOIN entity e ON e.id = r.id
  WHERE e.merged_into IS NOT NULL),
final(start, id) AS (
  SELECT start, id FROM resolved r WHERE NOT EXISTS (
    SELECT 1 FROM entity e WHERE e.id = r.id AND e.merged_into IS NOT NULL))
"""

_LIVE_CLAIMS = """
claims AS MATERIALIZED (
  SELECT id, json_extract(props, '$.rule_id') AS rule, json_extract(props, '$.period') AS period,
         json_extract(props, '$.amount') AS amount, json_extract(props, '$.subject_id') AS subject,
         coalesce(json_extract(props, '$.person_id'), json_extract(props, '$.subject_id'))
           AS person, json_extract(props, '$.frequency') AS frequency, rowid AS seq
  FROM entity WHERE list = 'claim' AND deleted = 0 AND merged_into IS NULL AND {where}),
starts(start) AS (
  SELECT subject FROM claims c WHERE EXISTS (
    SELECT 1 FROM entity e WHERE e.id = c.subject AND e.merged_into IS NOT NULL)
  UNION
  SELECT person FROM claims c WHERE EXISTS (
    SELECT 1 FROM entity e WHERE e.id = c.person AND e.merged_into IS NOT NULL)),
"""

#: Claims are duplicates when rule, subject, person counted and period agree, subject
#: and person taken as the records they were merged into (a person registered twice,
#: granted once on each record, then merged, is one person granted twice). A rule paid
#: once a year (any claim of it carries one of :data:`FREQUENCIES`) compares the year of
#: the period instead: 2026-03 and 2026-05 are one year's two payments.
DUPLICATE_CLAIMS = ("WITH RECURSIVE"
                    + _LIVE_CLAIMS.format(where="scope GLOB :scope")
                    + _FOLLOW_MERGES + """,
yearly(rule) AS (SELECT DISTINCT rule FROM claims WHERE frequency IS NOT NULL),
keyed AS (
  SELECT c.id, c.rule, c.subject, c.person,
         CASE WHEN y.rule IS NULL THEN c.period ELSE substr(c.period, 1, 4) END AS period
  FROM claims c LEFT JOIN yearly y ON y.rule = c.rule)
SELECT c.rule AS rule, c.period AS period, group_concat(c.id) AS ids
FROM keyed c LEFT JOIN final p ON p.start = c.person LEFT JOIN final s ON s.start = c.subject
GROUP BY c.rule, coalesce(s.id, c.subject), coalesce(p.id, c.person), c.period
HAVING count(*) > 1
""")


def duplicate_claims(store: Store, *, scope: str = "") -> list[list[str]]:
    """Groups of live claims of one rule, subject, person counted and period (the year
    for once-a-year rules; merged records taken as the record they were merged into)."""
    rows = store.db.execute(DUPLICATE_CLAIMS, {"scope": scope + "*"}).fetchall()
    return [sorted(ids.split(",")) for _rule, _period, ids in rows]
