"""The facts of people as the store records them, in the shape ``evaluate`` reads.

One pass per entity list (households, people, work spells, visits, training, services,
posts, claims), so a township of 10,000 people is read in a handful of queries; the facts
of a few given people (a household's members) are read by id and by parent, so their cost
does not grow with the county (``bench.household_open``). In the
store, "nothing recorded" is a fact: no training record means not in training, no claim
means nothing claimed. Property names follow the built-in forms (tools/build_forms.py) and
the demo data (registry/demo_data.py); both spellings of a code (``outside`` / 省外) are read.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from registry.codes import POVERTY_STATUS
from registry.store import Store

WORK_PLACES = {"county": "县内", "province": "省内县外", "outside": "省外", "abroad": "国外"}
LABOUR_CODES = {"ordinary": "普通劳动力", "skilled": "技能劳动力", "weak": "弱劳动力或半劳动力",
                "lost": "丧失劳动力", "none": "无劳动力"}
TRAINING_TYPES = {"skill": "职业技能培训", "startup": "创业培训", "farming": "农业种植养殖培训",
                  "craft": "手工技艺培训"}
LIFTED_TYPES = {"脱贫户", "脱贫不享受政策户", "100A03001", "lifted_no_policy"}
MONITORED_TYPES = {"100A03001", "100A03002", "100A03003"}
LOW_INCOME_STATUS = {"低保脱贫户", "特困供养脱贫户", "dibao", "tekun"}
SERVICE_COUNTS = {"career_guidance": "guidance", "job_referrals": "referral",
                  "training_offers": "training", "internship_offers": "internship"}
SERVICE_CODES = {"guidance": "guidance", "referral": "referral", "training": "training",
                 "internship": "internship"}
ORGANISED_CHANNEL = "有组织劳务输出"
CHILD_LISTS = ("work_spell", "visit", "training", "service", "post", "claim")


@dataclass(frozen=True, slots=True)
class _Row:
    """The parts of an entity the facts need (its versions are not parsed)."""

    id: str
    scope: str
    parent: str | None
    props: dict[str, Any]


def _yes(value: Any) -> bool:
    return value in (True, 1, "1", "是", "yes", "true")


def groups_of(household: Mapping[str, Any]) -> list[str]:
    """The target groups a household's record puts its members in."""
    kind = str(household.get("household_type") or household.get("category") or "")
    status = str(household.get("poverty_status") or household.get("poverty_attribute") or "")
    groups = []
    if kind in LIFTED_TYPES or status in POVERTY_STATUS or status in ("general", "dibao", "tekun"):
        groups.append("脱贫人口")
    if kind in MONITORED_TYPES or _yes(household.get("monitored")):
        groups.append("监测对象")
    if status in LOW_INCOME_STATUS:
        groups.append("农村低收入人口")
    if _yes(household.get("relocated")):
        groups.append("易地搬迁人口")
    return groups


def _latest(items: list[_Row], *keys: str) -> _Row | None:
    dated = [(str(next((e.props[k] for k in keys if e.props.get(k)), "")), i, e)
             for i, e in enumerate(items)]
    return max(dated)[2] if dated else None


def _work(person: Mapping[str, Any], *, spells: list[_Row], visits: list[_Row]) -> dict | None:
    spell = _latest(spells, "start", "start_date")
    if spell is not None:
        p = spell.props
        return {"region": WORK_PLACES.get(p.get("work_place"), p.get("work_place") or p.get("region")),
                "start": p.get("start") or p.get("start_date"), "end": p.get("end") or p.get("end_date")}
    visit = _latest(visits, "visit_date")
    if visit is not None and visit.props.get("employment_status") in ("employed", "就业"):
        # what the follow-up leaves out (where, how long) is the person's record's
        p = visit.props
        months = p.get("months_worked")
        return {"region": WORK_PLACES.get(p.get("work_place"), p.get("work_place"))
                or person.get("work_region"),
                "start": p.get("start_date"),
                "months": person.get("months_worked") if months is None else months}
    if person.get("work_region"):
        return {"region": person["work_region"], "months": person.get("months_worked")}
    return None


def _organised(person: Mapping[str, Any], visits: list[_Row]) -> bool | None:
    visit = _latest(visits, "visit_date")
    if visit is not None and visit.props.get("organised_export") is not None:
        return _yes(visit.props["organised_export"])
    if person.get("work_status"):
        return person["work_status"] == ORGANISED_CHANNEL
    return None


def _training(trainings: list[_Row]) -> dict | None:
    latest = _latest(trainings, "start_date")
    if latest is None:
        return None
    p = latest.props
    kind = p.get("training_type")
    return {"kind": TRAINING_TYPES.get(kind, kind), "days": p.get("days"),
            "start": p.get("start_date"), "end": p.get("end_date")}


def _services(services: list[_Row]) -> dict[str, int]:
    counts = dict.fromkeys(SERVICE_CODES.values(), 0)
    for service in services:
        for prop, key in SERVICE_COUNTS.items():
            value = service.props.get(prop)
            if isinstance(value, int | float):
                counts[key] += int(value)
        chosen = service.props.get("services")
        words = chosen.split() if isinstance(chosen, str) else chosen or []
        for word in words:
            if word in SERVICE_CODES:
                counts[SERVICE_CODES[word]] += 1
    return counts


def _claims(claims: list[_Row]) -> list[dict[str, Any]]:
    """Claims as the conditions read them: the rule's kind and the day it was granted
    (registry.claims stores ``rule_kind`` and ``granted_on``)."""
    return [{"rule": c.props.get("rule_kind") or c.props.get("rule_id"),
             "date": c.props.get("granted_on")} for c in claims]


def person_facts(person: _Row, household: Mapping[str, Any], *, children: Mapping[str, list[_Row]]
                 ) -> dict[str, Any]:
    """The facts of one person from its record, its household's and its child records."""
    p = person.props
    labour = p.get("labour_class")
    visits = children.get("visit", [])
    last_visit = _latest(visits, "visit_date")
    return {
        "scope": person.scope,
        "groups": groups_of(household),
        "labour": LABOUR_CODES.get(labour, labour),
        "work": _work(p, spells=children.get("work_spell", []), visits=visits),
        "organised_export": _organised(p, visits),
        "training": _training(children.get("training", [])),
        "services": _services(children.get("service", [])),
        "claims": _claims(children.get("claim", [])),
        "last_visit": last_visit.props.get("visit_date") if last_visit else None,
        "posts": [dict(e.props) for e in children.get("post", [])],
    }


_LIVE = "deleted = 0 AND merged_into IS NULL"
_IDS = "(SELECT value FROM json_each(?))"


def _select(store: Store, where: str, args: list[Any], *, scope: str | None) -> list[_Row]:
    """Live entities matching ``where`` (and ``scope``), in creation order (props only)."""
    sql = f"SELECT id, scope, parent, props FROM entity WHERE ({where}) AND {_LIVE}"
    if scope is not None:
        sql, args = sql + " AND scope = ?", [*args, scope]
    return [_Row(i, s, p, json.loads(props))
            for i, s, p, props in store.db.execute(sql + " ORDER BY rowid", args).fetchall()]


def _rows(store: Store, entity_list: str, *, scope: str | None) -> list[_Row]:
    """Live entities of one list, read in one query (props only)."""
    return _select(store, "list = ?", [entity_list], scope=scope)


def _orphans(entity_list: str) -> str:
    """For claims, also those without a parent that count the person in ``person_id``."""
    if entity_list != "claim":
        return ""
    return (" OR list = 'claim' AND coalesce(parent, '') = ''"
            f" AND json_extract(props, '$.person_id') IN {_IDS}")


def _owner(entity: _Row) -> Any:
    """The person a child record belongs to."""
    return entity.parent or entity.props.get("person_id") or entity.props.get("subject")


def _whole(store: Store, *, scope: str | None
           ) -> tuple[list[_Row], dict[str, dict[str, Any]], list[tuple[str, _Row]]]:
    """People, households and child records of the whole store (or ``scope``)."""
    people = _rows(store, "person", scope=scope)
    households = {e.id: e.props for e in _rows(store, "household", scope=scope)}
    children = [(entity_list, e) for entity_list in CHILD_LISTS
                for e in _rows(store, entity_list, scope=scope)]
    return people, households, children


def _targeted(store: Store, *, wanted: set[str], scope: str | None
              ) -> tuple[list[_Row], dict[str, dict[str, Any]], list[tuple[str, _Row]]]:
    """People ``wanted``, their households and child records, read by id and by parent
    (primary key and ``entity_parent`` index): rows read grow with the people asked for,
    not with the county. Every write path sets a child's ``parent`` from its
    ``person_id`` (a claim's from ``subject_id``; ``registry.rules.parent_of``), so
    children without a parent can only be claims naming the person in ``person_id``."""
    ids = json.dumps(sorted(wanted))
    people = _select(store, f"+list = 'person' AND id IN {_IDS}", [ids], scope=scope)
    parents = json.dumps(sorted({e.parent for e in people if e.parent}))
    households = {e.id: e.props for e in _select(
        store, f"+list = 'household' AND id IN {_IDS}", [parents], scope=scope)}
    children = [(entity_list, e) for entity_list in CHILD_LISTS
                for e in _select(store, f"+list = ? AND parent IN {_IDS}{_orphans(entity_list)}",
                                 [entity_list, ids, *([ids] if entity_list == "claim" else [])],
                                 scope=scope)]
    return people, households, children


def people_facts(store: Store, *, person_ids: Iterable[str] | None = None,
                 scope: str | None = None) -> dict[str, dict[str, Any]]:
    """Facts of every live person (or of ``person_ids``, or of one ``scope``), by person id.

    Given ``person_ids``, only those people and their records are read (see ``_targeted``)."""
    wanted = set(person_ids) if person_ids is not None else None
    if wanted is None:
        people, households, found = _whole(store, scope=scope)
    else:
        people, households, found = _targeted(store, wanted=wanted, scope=scope)
    ids = {e.id for e in people}
    children: dict[str, dict[str, list[_Row]]] = defaultdict(lambda: defaultdict(list))
    for entity_list, entity in found:
        if _owner(entity) in ids:
            children[_owner(entity)][entity_list].append(entity)
    return {e.id: person_facts(e, households.get(e.parent or "", {}), children=children[e.id])
            for e in people}


def post_facts(store: Store, *, scope: str | None = None) -> dict[str, dict[str, Any]]:
    """Facts of every live public-welfare post record (agreement, subsidy, holder), by id."""
    labour = {e.id: e.props.get("labour_class") for e in _rows(store, "person", scope=scope)}
    out = {}
    for post in _rows(store, "post", scope=scope):
        p = post.props
        holder = labour.get(p.get("person_id") or post.parent or "")
        out[post.id] = {
            "scope": post.scope, "person_id": p.get("person_id") or post.parent,
            "agreement": {"start": p.get("agreement_start"),
                          "end": p.get("exit_date") or p.get("agreement_end")},
            "monthly_subsidy": p.get("monthly_subsidy"),
            "holder_labour": LABOUR_CODES.get(holder, holder),
        }
    return out
