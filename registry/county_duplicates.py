"""Duplicate people in a county replica: candidates, the county's dedup rule, merge, dismiss.

Candidates are pairs of live person records that may be one person registered twice:

- **same ID number** (the first 18 characters): the replica's own check, one ``GROUP BY``
  over an index (schema 6), together with the county server's ``duplicate_id_number``
  flags kept in the profile (``desktop.sync_state`` keeps them under :data:`FLAGS_KEY`);
- **same by the county's rule**: people who agree on every field of the rule, by default
  name and birth date (a second registration without, or with a mistyped, ID number).

The rule is data, not code: a ``dedup_rule`` record of the profile's scope whose ``fields``
lists what must match, chosen among :data:`RULE_FIELDS` (name, birth date, sex, village,
name by pinyin, so that 张三 and 章三 meet). It is written through ``Store.write`` and so
journaled and synced; the newest one wins. A pair the county marks "not the same person"
is a ``not_duplicate`` record (journaled, so it syncs) and is never proposed again.

:func:`merge_people` keeps one record and merges the other into it
(``registry.county.merge_entities``: history kept, ids redirected, audited); claims that
counted the dropped person now count the kept one, and the claims of both are checked
again for double claims (``registry.claims.duplicate_claims``, which the
``duplicate_claim`` alert also raises).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

from registry import audit
from registry.claims import CLAIM_LIST, claims_of, duplicate_claims
from registry.county import merge_entities
from registry.county_subsidy import names_of_rules
from registry.errors import NotFound, ValidationError
from registry.masking import mask_id
from registry.store import Changes, Create, Store, Update

RULE_LIST = "dedup_rule"
NOT_DUPLICATE_LIST = "not_duplicate"
#: The profile setting where ``desktop.sync_state`` keeps the county server's flags.
FLAGS_KEY = "server_flags"

#: What a rule may require to match, in the order the page shows them.
RULE_FIELDS = ("name", "birth_date", "sex", "village", "pinyin")
DEFAULT_RULE = ("name", "birth_date")
#: A rule must compare the name, as written or as pinyin: other fields alone match strangers.
NAME_FIELDS = frozenset({"name", "pinyin"})

SAME_ID, SAME_RULE, SERVER_FLAG = "same_id", "same_rule", "server_flag"
#: At most this many pairs are proposed at once (the rest after these are settled).
MAX_PAIRS = 2000

_LIVE_PERSON = "e.list = 'person' AND e.deleted = 0 AND e.merged_into IS NULL"
_COLUMNS = {
    "name": "json_extract(e.props, '$.name')",
    "birth_date": "json_extract(e.props, '$.birth_date')",
    "sex": "json_extract(e.props, '$.sex')",
    "village": "e.scope",
    "pinyin": "k.key",
}

#: Groups of live people sharing an ID number (reads the ``person_id_number`` index).
SAME_ID_SQL = f"""
SELECT group_concat(e.id) FROM entity e INDEXED BY person_id_number
WHERE {_LIVE_PERSON} AND substr(json_extract(e.props, '$.id_number'), 1, 18) IS NOT NULL
  AND e.scope GLOB :scope
GROUP BY substr(json_extract(e.props, '$.id_number'), 1, 18) HAVING count(*) > 1
"""


@dataclass(frozen=True)
class DedupRule:
    """Which fields two person records must share to be proposed as one person."""

    fields: tuple[str, ...] = DEFAULT_RULE

    def sql(self) -> str:
        """The ``GROUP BY`` query of this rule (``:scope`` is a GLOB pattern)."""
        columns = [_COLUMNS[f] for f in self.fields]
        pinyin = "pinyin" in self.fields  # a polyphonic surname has several readings
        join = ("JOIN search_key k ON k.entity_id = e.id AND k.key >= 'p:' AND k.key < 'p;'"
                if pinyin else "")
        distinct = "DISTINCT " if pinyin else ""
        present = " AND ".join(f"{c} IS NOT NULL" for c in columns)
        return (f"SELECT group_concat({distinct}e.id) FROM entity e INDEXED BY person_name_birth"
                f" {join} WHERE {_LIVE_PERSON} AND {present} AND e.scope GLOB :scope"
                f" GROUP BY {', '.join(columns)} HAVING count({distinct}e.id) > 1")


def check_rule(fields: Iterable[str]) -> DedupRule:
    """The rule of ``fields`` in canonical order; ``ValidationError`` naming ``dedup_rule.fields``
    if a field is unknown, or the rule compares neither name nor pinyin."""
    chosen = set(fields)
    unknown = chosen - set(RULE_FIELDS)
    if unknown:
        raise ValidationError("dedup_rule.fields", "查重规则含未知字段：" + "、".join(sorted(unknown)),
                              "unknown fields in the rule: " + ", ".join(sorted(unknown)))
    if not chosen & NAME_FIELDS:
        raise ValidationError("dedup_rule.fields", "查重规则须包含姓名或姓名拼音",
                              "the rule must compare the name or its pinyin")
    return DedupRule(tuple(f for f in RULE_FIELDS if f in chosen))


def load_rule(store: Store) -> DedupRule:
    """The county's rule: the newest live ``dedup_rule`` record, else :data:`DEFAULT_RULE`."""
    row = _rule_row(store)
    if row is None:
        return DedupRule()
    try:
        return check_rule(json.loads(row[1]).get("fields") or ())
    except ValidationError:
        return DedupRule()  # a record from a newer version with a field unknown here


def save_rule(store: Store, fields: Iterable[str]) -> Changes:
    """Keep ``fields`` as the county's rule (journaled, so it syncs; audited)."""
    rule = check_rule(fields)
    row = _rule_row(store)
    props = {"fields": list(rule.fields)}
    op = (Update(row[0], props) if row is not None
          else Create(RULE_LIST, props, scope=store.default_scope))
    with store.transaction():
        changes = store.write([op])
        audit.record(store, action="dedup_rule", target=row[0] if row else changes.created[0],
                     detail={"fields": list(rule.fields)})
    return changes


def _rule_row(store: Store) -> tuple[str, str] | None:
    return store.db.execute(
        "SELECT id, props FROM entity WHERE list = ? AND deleted = 0 AND merged_into IS NULL"
        " ORDER BY updated_hlc DESC LIMIT 1", [RULE_LIST]).fetchone()


@dataclass(frozen=True)
class Candidate:
    """Two person ids (``a`` < ``b``) that may be one person, and why."""

    a: str
    b: str
    reasons: frozenset[str] = field(default_factory=frozenset)

    @property
    def pair(self) -> str:
        """The pair as a ``not_duplicate`` record names it."""
        return pair_key(self.a, self.b)


def pair_key(a: str, b: str) -> str:
    """``"a|b"`` with the smaller id first."""
    return "|".join(sorted((a, b)))


def candidates(store: Store, *, scope: str = "", rule: DedupRule | None = None,
               limit: int = MAX_PAIRS) -> list[Candidate]:
    """Pairs of live people in ``scope`` that may be one person, minus those the county marked
    "not the same person"; same ID number first, then by the rule, at most ``limit``."""
    pattern = {"scope": scope + "*"}
    found: dict[tuple[str, str], set[str]] = {}
    for reason, groups in ((SAME_ID, _groups(store, SAME_ID_SQL, args=pattern)),
                           (SERVER_FLAG, _flagged(store, scope)),
                           (SAME_RULE, _groups(store, (rule or load_rule(store)).sql(),
                                               args=pattern))):
        for group in groups:
            for a, b in combinations(sorted(set(group)), 2):
                found.setdefault((a, b), set()).add(reason)
    dismissed = dismissed_pairs(store)
    order = {SAME_ID: 0, SERVER_FLAG: 0, SAME_RULE: 1}
    pairs = sorted((key for key in found if pair_key(*key) not in dismissed),
                   key=lambda k: (min(order[r] for r in found[k]), k))
    return [Candidate(a, b, frozenset(found[(a, b)])) for a, b in pairs[:limit]]


def _groups(store: Store, sql: str, *, args: dict[str, str]) -> list[list[str]]:
    return [ids.split(",") for (ids,) in store.db.execute(sql, args)]


def _flagged(store: Store, scope: str) -> list[list[str]]:
    """The server's ``duplicate_id_number`` flags whose people are all live here, in
    ``scope``, and still share the number (a correction or a merge settles a flag)."""
    raw = store.meta(FLAGS_KEY)
    groups = []
    for flag in json.loads(raw) if raw else []:
        if flag.get("kind") != "duplicate_id_number":
            continue
        ids = [str(flag["entity_id"]), *map(str, (flag.get("detail") or {}).get("entities", ()))]
        rows = store.db.execute(
            "SELECT e.id, upper(substr(json_extract(e.props, '$.id_number'), 1, 18)) FROM entity e"
            f" JOIN json_each(?) j ON j.value = e.id WHERE {_LIVE_PERSON} AND e.scope GLOB ?",
            [json.dumps(ids), scope + "*"]).fetchall()
        numbers = {number for _id, number in rows}
        if len(rows) > 1 and len(numbers) == 1 and None not in numbers:
            groups.append([eid for eid, _ in rows])
    return groups


def dismissed_pairs(store: Store) -> set[str]:
    """Pairs (``"a|b"``) marked "not the same person"."""
    return {pair for (pair,) in store.db.execute(
        "SELECT json_extract(props, '$.pair') FROM entity WHERE list = ? AND deleted = 0"
        " AND merged_into IS NULL", [NOT_DUPLICATE_LIST])}


def mark_not_duplicate(store: Store, pair: tuple[str, str], *, on: date | None = None
                       ) -> Changes:
    """Record that the two people of ``pair`` are two people (journaled, so it syncs;
    audited)."""
    a, b = pair
    _live_person(store, a, where="not_duplicate.person_a")
    _live_person(store, b, where="not_duplicate.person_b")
    if a == b:
        raise ValidationError("not_duplicate", "须为两条不同的人员记录", "two different records needed")
    first, second = sorted((a, b))
    props = {"pair": pair_key(a, b), "person_a": first, "person_b": second,
             "decided_by": store.user, "decided_on": (on or date.today()).isoformat()}
    with store.transaction():
        changes = store.write([Create(NOT_DUPLICATE_LIST, props, scope=store.default_scope)])
        audit.record(store, action="not_duplicate", target=changes.created[0],
                     detail={"people": [first, second]})
    return changes


def _live_person(store: Store, entity_id: str, *, where: str) -> None:
    try:
        entity = store.get(entity_id, follow_merges=False)
    except NotFound:
        entity = None
    if entity is None or entity.entity_list != "person" or entity.deleted or entity.merged_into:
        raise ValidationError(where, "该人员记录不存在、已删除或已被合并，请刷新列表",
                              "the person record is gone, deleted or merged: refresh the list")


@dataclass(frozen=True)
class MergeResult:
    """What a merge wrote, and the groups of claims now recorded twice for the kept person."""

    changes: Changes
    kept: str
    dropped: str
    double_claims: tuple[tuple[str, ...], ...] = ()


def merge_people(store: Store, *, keep: str, drop: str) -> MergeResult:
    """Merge person ``drop`` into ``keep`` in one transaction (history kept, ids redirected,
    audited); claims counting ``drop`` count ``keep``; return the double claims found."""
    _live_person(store, keep, where="merge.keep")
    _live_person(store, drop, where="merge.drop")
    with store.transaction():
        recount = [Update(cid, {"person_id": keep}) for (cid,) in store.db.execute(
            "SELECT id FROM entity WHERE list = ? AND deleted = 0 AND merged_into IS NULL"
            " AND json_extract(props, '$.person_id') = ?", [CLAIM_LIST, drop])]
        moved = store.write(recount) if recount else Changes()
        merged = merge_entities(store, keep=keep, drop=drop)
        doubles = _double_claims(store, keep)
    return MergeResult(_joined(moved, merged), keep, drop, doubles)


def _double_claims(store: Store, person: str) -> tuple[tuple[str, ...], ...]:
    mine = {cid for (cid,) in store.db.execute(
        "SELECT id FROM entity WHERE list = ? AND deleted = 0 AND merged_into IS NULL AND"
        " coalesce(json_extract(props, '$.person_id'), json_extract(props, '$.subject_id')) = ?",
        [CLAIM_LIST, person])}
    return tuple(tuple(g) for g in duplicate_claims(store) if mine & set(g))


def _joined(*parts: Changes) -> Changes:
    return Changes(*(tuple(x for p in parts for x in getattr(p, name))
                     for name in ("created", "updated", "deleted")),
                   frozenset().union(*(p.lists for p in parts)),
                   tuple(x for p in parts for x in p.change_ids))


@dataclass(frozen=True)
class ClaimLine:
    """One claim as the side-by-side view shows it."""

    id: str
    rule_id: str
    period: str
    amount: float | None
    rule_zh: str = ""  #: the rule's name in the packs in force ("" when none names it)
    rule_en: str = ""


@dataclass(frozen=True)
class PersonSide:
    """One person of a candidate pair with household, follow-ups and claims (ID masked)."""

    id: str
    name: str
    id_number: str
    sex: str
    birth_date: str
    village: str
    relation: str
    household_id: str | None
    household_no: str
    head_name: str
    members: tuple[tuple[str, str], ...]
    visits: int
    last_visit: str | None
    claims: tuple[ClaimLine, ...]


def person_side(store: Store, person_id: str) -> PersonSide:
    """What the county compares of one person (``NotFound`` if the record is gone)."""
    person = store.get(person_id, follow_merges=False)
    props = person.props
    household = _household(store, person.parent)
    members = tuple((str(m.props.get("name") or ""), str(m.props.get("relation") or ""))
                    for m in (store.find("person", parent=person.parent) if person.parent else [])
                    if m.id != person.id)
    visits, last = store.db.execute(  # with those of records merged into this one
        "SELECT count(*), max(day) FROM visit_fact WHERE person = ? OR person IN"
        " (SELECT id FROM person_fact WHERE merged_into = ?)", [person.id, person.id]).fetchone()
    return PersonSide(
        person.id, str(props.get("name") or ""), mask_id(props.get("id_number")),
        str(props.get("sex") or ""), str(props.get("birth_date") or ""), person.scope,
        str(props.get("relation") or ""), person.parent,
        str(household.get("household_no") or ""), str(household.get("head_name") or ""),
        members, int(visits), last, _claims_of(store, person.id))


def _household(store: Store, household_id: str | None) -> dict[str, Any]:
    if not household_id:
        return {}
    try:
        return store.get(household_id).props
    except NotFound:
        return {}


def _claims_of(store: Store, person_id: str) -> tuple[ClaimLine, ...]:
    """Every live claim counting the person, of any year, by period: those of records
    merged into it too, however long the chain (``registry.claims.claims_of``)."""
    found = sorted(claims_of(store, person_id=person_id), key=lambda c: (c["period"] or "",
                                                                          c["id"]))
    names = names_of_rules(store) if found else {}
    return tuple(ClaimLine(c["id"], str(c["rule_id"] or ""), str(c["period"] or ""), c["amount"],
                           *names.get(str(c["rule_id"] or ""), ("", "")))
                 for c in found)


@dataclass(frozen=True)
class CandidateRow:
    """A candidate as the list shows it: both names, villages and 户编号, and why."""

    candidate: Candidate
    names: tuple[str, str]
    villages: tuple[str, str]
    household_nos: tuple[str, str]


_SUMMARY = """
SELECT e.id, json_extract(e.props, '$.name'), e.scope, json_extract(h.props, '$.household_no')
FROM json_each(?) j JOIN entity e ON e.id = j.value LEFT JOIN entity h ON h.id = e.parent
"""


def candidate_rows(store: Store, *, scope: str = "", limit: int = MAX_PAIRS
                   ) -> list[CandidateRow]:
    """The candidates of ``scope`` with names, villages and 户编号, in one extra query."""
    found = candidates(store, scope=scope, limit=limit)
    ids = sorted({i for c in found for i in (c.a, c.b)})
    who = {eid: (str(n or ""), s, str(h or "")) for eid, n, s, h in
           store.db.execute(_SUMMARY, [json.dumps(ids)])}
    return [CandidateRow(c, *_both(who, (c.a, c.b))) for c in found]


def _both(who: dict[str, tuple[str, str, str]], pair: tuple[str, str]
          ) -> tuple[tuple[str, str], tuple[str, str], tuple[str, str]]:
    first, second = (who.get(eid, ("", "", "")) for eid in pair)
    return (first[0], second[0]), (first[1], second[1]), (first[2], second[2])
