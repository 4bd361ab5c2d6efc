"""One household, one page: everything the household page shows, read in one go. No Qt.

``household_file(store, household_id, today=...)`` returns the household, its members (each
with the date of their last follow-up; the 户主 first, then by relation to the head and
birth date), their work history (``registry.work_history``: spells read from their
follow-ups, and any ``work_spell`` records), follow-ups (newest first), services, trainings
and posts (with the follow-ups that gave services: their ``services`` answer), the subsidy
claims of the household and its members, and the alerts (``registry.alerts.alerts_for_store`` over
the household's village) that concern them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from registry.alerts import Alert, alerts_for_store
from registry.codes import RELATIONS
from registry.policy import Pack, evaluate, load_packs
from registry.policy.conditions import HELD
from registry.policy.facts import people_facts
from registry.store import Entity, Store
from registry.work_history import WorkSpell, work_spells

#: Lists shown under 服务与培训, with the property that dates each record.
SERVICE_LISTS: dict[str, tuple[str, ...]] = {
    "service": ("service_date",),
    "training": ("start_date", "enrolled_on", "signed_up"),  # signed_up: the desk's sign-up
    "post": ("agreement_start", "start_date"),
}
#: A follow-up that gave services (its ``services`` answer) is listed under 服务与培训 too.
SERVICES_GIVEN = "services"
_RECORD_DAYS: dict[str, tuple[str, ...]] = {**SERVICE_LISTS, "visit": ("visit_date",)}


@dataclass(frozen=True)
class Member:
    """A member and the date of their last follow-up ('' if none)."""

    person: Entity
    last_visit: str

    @property
    def id(self) -> str:
        """The person's id."""
        return self.person.id


@dataclass(frozen=True)
class Eligible:
    """What the rules say one member may claim: the governing answer of one rule kind.

    ``eligible`` is None when a needed fact is unknown; ``reasons_zh`` / ``reasons_en`` are
    the failed or unknown conditions' reasons (empty when eligible)."""

    person_id: str
    rule_zh: str
    rule_en: str
    eligible: bool | None
    amount: float | None
    amount_stated: bool
    reasons_zh: tuple[str, ...]
    reasons_en: tuple[str, ...]
    source: str

    @property
    def id(self) -> str:
        """The member's id (the household page selects by it)."""
        return self.person_id


@dataclass(frozen=True)
class HouseholdFile:
    """What the household page shows; every list newest first except the members."""

    household: Entity
    members: list[Member]
    spells: list[WorkSpell]
    visits: list[Entity]
    services: list[Entity]
    claims: list[Entity]
    alerts: list[Alert]
    eligibility: list[Eligible] = field(default_factory=list)
    policy_notice_zh: str = ""
    policy_notice_en: str = ""
    #: records merged into a member (duplicates merged by the county) -> the member's id:
    #: their follow-ups, services and claims are the member's
    merged: dict[str, str] = field(default_factory=dict)

    def member_id(self, person_id: str) -> str:
        """The member a record's person id stands for (itself unless merged into one)."""
        return self.merged.get(person_id, person_id)

    def name_of(self, person_id: str) -> str:
        """The name of a member (or '' when the id is not a member)."""
        person_id = self.member_id(person_id)
        for member in self.members:
            if member.person.id == person_id:
                return str(member.person.props.get("name", ""))
        return ""


def household_file(store: Store, household_id: str, *, today: date,
                   with_alerts: bool = True, packs: list[Pack] | None = None) -> HouseholdFile:
    """Read the household page of ``household_id`` (``NotFound`` if there is none)."""
    household = store.get(household_id)
    people = sorted(store.find("person", parent=household.id), key=member_order)
    merged = merged_into_members(store, [p.id for p in people])
    ids = [p.id for p in people] + list(merged)
    visits = _children(store, "visit", ids, ("visit_date",))
    last: dict[str, str] = {}
    for visit in visits:
        pid = merged.get(str(visit.parent), str(visit.parent))
        last.setdefault(pid, str(visit.props.get("visit_date", "")))
    services = [e for name, keys in SERVICE_LISTS.items()
                for e in _children(store, name, ids, keys)]
    services += [v for v in visits if v.props.get(SERVICES_GIVEN)]
    services.sort(key=record_day, reverse=True)
    claims = _children(store, "claim", [household.id, *ids], ("granted_on", "period"))
    alerts = _alerts_of(store, household, ids, today=today) if with_alerts else []
    eligible, notice = _eligibility(store, household, ids, today=today,
                                    packs=builtin_packs() if packs is None else packs)
    spells = work_spells(visits, _children(store, "work_spell", ids, ("start_date",)),
                         member_of=merged)
    return HouseholdFile(household, [Member(p, last.get(p.id, "")) for p in people], spells,
                         visits, services, claims, alerts, eligible, *notice, merged=merged)


def member_order(person: Entity) -> tuple[int, str]:
    """Where a member is listed: the 户主 first, then by relation to the head (配偶, 之子,
    之女 … as the national list orders them; unknown relations last), then the older first
    (no birth date: after those with one)."""
    relation = str(person.props.get("relation") or "")
    rank = RELATIONS.index(relation) if relation in RELATIONS else len(RELATIONS)
    return rank, str(person.props.get("birth_date") or "9999")


def merged_into_members(store: Store, member_ids: list[str]) -> dict[str, str]:
    """Every person record merged into one of ``member_ids``, however long the chain
    (A into B, B into a member): record id -> the member's id."""
    found: dict[str, str] = {}
    frontier = {m: m for m in member_ids}
    while frontier:
        marks = ",".join("?" * len(frontier))
        rows = store.db.execute(f"SELECT id, merged_into FROM person_fact"
                                f" WHERE merged_into IS NOT NULL AND merged_into IN ({marks})",
                                list(frontier)).fetchall()
        frontier = {old: frontier[into] for old, into in rows if old not in found}
        found.update(frontier)
    return found


def household_alerts(store: Store, household_id: str, *, today: date) -> list[Alert]:
    """The alerts of a household and its members (what ``household_file`` leaves out
    ``with_alerts=False``): the alerts of its village, the first read of a big profile's
    village taking seconds, so the page shows without waiting for them."""
    household = store.get(household_id)
    ids = [p.id for p in store.find("person", parent=household.id)]
    return _alerts_of(store, household, ids, today=today)


def _alerts_of(store: Store, household: Entity, ids: list[str], *, today: date) -> list[Alert]:
    subjects = {household.id, *ids}
    return [a for a in alerts_for_store(store, as_of=today, scope=household.scope or None)
            if a.subject in subjects]


@cache
def builtin_packs() -> list[Pack]:
    """The policy packs shipped with Bangfu (read once per process)."""
    return load_packs()


def _eligibility(store: Store, household: Entity, ids: list[str], *, today: date,
                 packs: list[Pack]) -> tuple[list[Eligible], tuple[str, str]]:
    """The governing answer of every person rule for each member, with reasons."""
    region = str(household.props.get("village_code") or household.scope or "")
    if not ids or not region or not packs:
        return [], ("", "")
    found: list[Eligible] = []
    notice = ("", "")
    for pid, facts in people_facts(store, person_ids=ids).items():
        evaluation = evaluate(facts, as_of=today, region=region, packs=packs, kind="person")
        notice = (evaluation.notice_zh, evaluation.notice_en)
        for answer in evaluation.answers:
            if answer.superseded_by is None and answer.rule.in_force(today):
                found.append(_eligible(pid, answer))
    order = {pid: n for n, pid in enumerate(ids)}
    found.sort(key=lambda e: (order[e.person_id], e.eligible is not True, e.rule_zh))
    return found, notice


def _eligible(person_id: str, answer: Any) -> Eligible:
    held = [c for c in answer.conditions if c.status != HELD]
    source = answer.rule.source
    return Eligible(person_id, answer.rule.name_zh, answer.rule.name_en, answer.eligible,
                    answer.amount if answer.amount is not None else answer.cap,
                    answer.amount_stated, tuple(c.reason_zh for c in held),
                    tuple(c.reason_en for c in held),
                    f"{source.seed} {source.clause}".strip())


def record_day(entity: Entity) -> str:
    """The date a record under 服务与培训 is listed by: a service's day, a training's start
    (or the day it was signed up for at the desk), a post's agreement start, a follow-up's
    visit date; '' if none."""
    return _day(entity, _RECORD_DAYS.get(entity.entity_list, _all_date_keys()))


def _all_date_keys() -> tuple[str, ...]:
    return tuple(k for keys in _RECORD_DAYS.values() for k in keys)


def _day(entity: Entity, keys: tuple[str, ...]) -> str:
    return next((str(entity.props[k]) for k in keys if entity.props.get(k)), "")


def _children(store: Store, entity_list: str, parents: list[str], keys: tuple[str, ...]
              ) -> list[Entity]:
    found = [e for parent in parents for e in store.find(entity_list, parent=parent)]
    return sorted(found, key=lambda e: _day(e, keys), reverse=True)
