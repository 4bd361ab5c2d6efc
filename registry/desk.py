"""The relocation-site desk's reads and writes (no Qt): walk-in lookup, the person panel,
service codes, service records, referrals, training sign-ups and organised export batches.

Every write goes through ``Store.write`` and returns its ``Changes``. Service records keep
the relocation-service form's choice names (``policy``, ``referral`` ...) in ``services``,
so the ledgers and the graduates' 1311 alert read them as they read the form's records.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from registry.alerts.kinds import GRADUATE_SERVICES
from registry.errors import NotFound, ValidationError
from registry.job_match import Match, is_open, rank_jobs
from registry.labour import age_on
from registry.masking import mask_id
from registry.rules import HEAD_OF_HOUSEHOLD
from registry.service_code import (
    PROPERTY,
    looks_like_service_code,
    new_service_code,
    parse_service_code,
)
from registry.store import Changes, Create, Entity, Store, Update

#: The desk's service kinds (the relocation-service form's choice names), in button order.
SERVICE_KINDS = ("policy", "guidance", "referral", "training", "internship", "subsidy")
#: Counts a graduate-follow-up record gives for each 1311 service.
_FOLLOWUP_COUNTS = {"guidance": "career_guidance", "referral": "job_referrals",
                    "training": "training_offers", "internship": "internship_offers"}


@dataclass(frozen=True, slots=True)
class Found:
    """One lookup hit: a person with their household beside them, or a household."""

    id: str
    kind: str  # "person" or "household"
    name: str
    masked_id: str
    household_no: str
    household_head: str


@dataclass(frozen=True, slots=True)
class Lookup:
    """What the lookup box found; ``opened`` is the person to open at once (a scanned
    code, or the only person found by an ID number), ``problem`` a reason nothing was."""

    people: tuple[Found, ...] = ()
    households: tuple[Found, ...] = ()
    opened: str | None = None
    problem: str = ""
    more: bool = False  #: the search found more than it shows (type more to narrow it)


@dataclass(frozen=True, slots=True)
class PersonPanel:
    """What the desk shows about one person (the ID number masked)."""

    id: str
    name: str
    sex: str
    age: int | None
    labour_class: str
    masked_id: str
    household_no: str
    household_head: str
    relocated: bool
    site: str
    work_status: str
    wished_place: str
    skill: str
    service_code: str
    graduate: bool
    services_1311: dict[str, int] = field(default_factory=dict)


def lookup(store: Store, text: str, *, limit: int = 50) -> Lookup:
    """People and households for the desk's box: a service code (exact), else the
    registry search (name, pinyin, initials, ID number or its tail, household number).
    Full-width digits and letters (as an input method types them) read as ASCII."""
    folded = unicodedata.normalize("NFKC", text or "")
    if looks_like_service_code(folded):
        return _by_code(store, folded)
    people, households = [], []
    hits = store.search(text, limit=limit + 1)
    for entity in hits[:limit]:
        if entity.deleted or entity.merged_into:
            continue
        if entity.entity_list == "person":
            people.append(_found_person(store, entity))
        elif entity.entity_list == "household":
            households.append(_found_household(store, entity))
    only_one_by_id = len(folded.strip()) >= 15 and len(people) == 1
    return Lookup(tuple(people), tuple(households), people[0].id if only_one_by_id else None,
                  more=len(hits) > limit)


def household_members(store: Store, household_id: str) -> Lookup:
    """The live members of a household as lookup hits (a household hit was chosen)."""
    members = store.find("person", parent=household_id)
    return Lookup(people=tuple(_found_person(store, person) for person in members))


def _by_code(store: Store, text: str) -> Lookup:
    code = parse_service_code(text)
    if code is None:
        return Lookup(problem="bad_code")
    person = find_by_service_code(store, code)
    if person is None:
        return Lookup(problem="unknown_code")
    return Lookup(people=(_found_person(store, person),), opened=person.id)


def find_by_service_code(store: Store, code: str) -> Entity | None:
    """The live person holding ``code`` (exact, through the search index), or None."""
    row = store.db.execute("SELECT entity_id FROM search_key WHERE key = ? LIMIT 1",
                           [f"c:{code}"]).fetchone()
    if row is None:
        return None
    entity = store.get(row[0])
    return None if entity.deleted or entity.entity_list != "person" else entity


def _household_of(store: Store, person: Entity) -> tuple[Entity | None, str]:
    if not person.parent:
        return None, ""
    try:
        household = store.get(person.parent)
    except NotFound:
        return None, ""
    return household, _head_name(store, household.id)


def _head_name(store: Store, household_id: str) -> str:
    for member in store.find("person", parent=household_id):
        if member.props.get("relation") == HEAD_OF_HOUSEHOLD:
            return str(member.props.get("name") or "")
    return ""


def _found_person(store: Store, person: Entity) -> Found:
    household, head = _household_of(store, person)
    number = str(household.props.get("household_no") or "") if household else ""
    return Found(person.id, "person", str(person.props.get("name") or ""),
                 mask_id(person.props.get("id_number")), number, head)


def _found_household(store: Store, household: Entity) -> Found:
    head = _head_name(store, household.id)
    return Found(household.id, "household", head, "",
                 str(household.props.get("household_no") or ""), head)


def person_panel(store: Store, person_id: str, *, today: date) -> PersonPanel:
    """The desk's panel of one person (``NotFound`` if there is no such person)."""
    person = store.get(person_id)
    if person.entity_list != "person" or person.deleted:
        raise NotFound(person_id)
    props = person.props
    household, head = _household_of(store, person)
    home = household.props if household else {}
    services = store.find("service", parent=person.id)
    graduate = bool(props.get("graduate_unemployed")) or any(
        "wants_work" in s.props for s in services)
    trainings = store.find("training", parent=person.id) if graduate else []
    return PersonPanel(
        person.id, str(props.get("name") or ""), str(props.get("sex") or ""),
        _age(props.get("birth_date"), today), str(props.get("labour_class") or ""),
        mask_id(props.get("id_number")), str(home.get("household_no") or ""), head,
        bool(home.get("relocated")), str(home.get("relocation_site") or ""),
        str(props.get("employment_status") or props.get("work_status") or ""),
        str(props.get("wished_place") or ""), str(props.get("skill") or ""),
        str(props.get(PROPERTY) or ""), graduate,
        services_1311([*services, *_served_visits(store, person.id)], trainings)
        if graduate else {})


def _served_visits(store: Store, person_id: str) -> list[Entity]:
    """The person's follow-ups that name services given (the alerts count them too)."""
    return [v for v in store.find("visit", parent=person_id) if v.props.get("services")]


def _age(birth: Any, today: date) -> int | None:
    try:
        return age_on(date.fromisoformat(str(birth)[:10]), today)
    except ValueError:
        return None


def services_1311(services: Iterable[Entity], trainings: Iterable[Entity] = ()
                  ) -> dict[str, int]:
    """How many of each 1311 service (guidance, referral, training, internship) the
    records give: graduate follow-ups count theirs; desk records one per kind named, except
    that referrals naming a posting count once per posting (the 1311 asks for three
    postings: the same one referred again is not another); each training sign-up (a
    ``training`` record) counts as a training."""
    counts = dict.fromkeys(GRADUATE_SERVICES, 0)
    postings: set[str] = set()
    for service in services:
        props = service.props
        kinds = _kinds_named(props)
        for key, count_prop in _FOLLOWUP_COUNTS.items():
            counts[key] += _count(props.get(count_prop))
        job = str(props.get("job_id") or "")
        if "referral" in kinds and job:
            postings.add(job)
            kinds.discard("referral")
        for key in _FOLLOWUP_COUNTS:
            counts[key] += 1 if key in kinds else 0
    counts["referral"] += len(postings)
    counts["training"] += sum(1 for _ in trainings)
    return counts


def _kinds_named(props: dict[str, Any]) -> set[str]:
    given = props.get("services") or []
    return set(given.split() if isinstance(given, str) else given)


def _count(value: Any) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


def ensure_service_code(store: Store, person_id: str, *,
                        new_code: Callable[[], str] = new_service_code) -> tuple[str, Changes]:
    """The person's service code, generated and stored once (a new code is checked to be
    unused). Returns the code and what was written (nothing if it existed)."""
    person = store.write_target(person_id, field="person.service_code")
    if person.entity_list != "person" or person.deleted:
        raise NotFound(person_id)
    existing = str(person.props.get(PROPERTY) or "")
    if existing:
        return existing, Changes()
    for _ in range(8):
        code = new_code()
        if find_by_service_code(store, code) is None:
            return code, store.write([Update(person.id, {PROPERTY: code})])
    raise ValidationError("person.service_code", "无法生成未被使用的服务码",
                          "could not draw an unused service code")


#: The profile's setting naming the site its desk serves (this laptop's: not synced).
SITE_KEY = "desk.site_name"
SITE_MAX_CHARS = 60


def desk_site(store: Store) -> str:
    """The site this profile's desk serves ("" until it is set)."""
    return str(store.meta(SITE_KEY) or "")


def set_desk_site(store: Store, name: str) -> str:
    """Set (or with "" clear) the site this profile's desk serves; spaces are collapsed.
    ``ValidationError`` for a name longer than ``SITE_MAX_CHARS`` (nothing changed)."""
    name = " ".join(str(name).split())
    if len(name) > SITE_MAX_CHARS:
        raise ValidationError("desk.site_name", f"服务点名称不能超过 {SITE_MAX_CHARS} 个字",
                              f"the site's name must be at most {SITE_MAX_CHARS} characters")
    store.set_meta(SITE_KEY, name or None)
    return name


def record_service(store: Store, *, person_id: str, kinds: Sequence[str], site: str,
                   today: date, job: Entity | None = None, note: str = "") -> Changes:
    """A desk service record for one person (``kinds`` from ``SERVICE_KINDS``); a referral
    names the job (its id, employer and title)."""
    chosen = [kind for kind in SERVICE_KINDS if kind in kinds]
    unknown = sorted(set(kinds) - set(SERVICE_KINDS))
    if unknown or not chosen:
        raise ValidationError("service.services", "请至少选择一项服务内容",
                              "choose at least one service kind")
    person = _person(store, person_id)
    props: dict[str, Any] = {"person_id": person.id, "site_name": site,
                             "service_date": today.isoformat(), "services": chosen,
                             "source": "desk", "note": note}
    if job is not None:
        if "referral" not in chosen:
            chosen.append("referral")
        props.update(job_id=job.id, referred_employer=str(job.props.get("employer") or ""),
                     referred_job=str(job.props.get("job_title") or ""))
    return store.write([Create("service", props)])


def record_referral(store: Store, *, person_id: str, job_id: str, site: str,
                    today: date) -> Changes:
    """A referral of one person to one posting (a ``service`` of kind referral); refused,
    naming the day, when the person was already referred to that posting."""
    job = store.get(job_id)
    if job.entity_list != "job" or job.deleted:
        raise ValidationError("service.job_id", "所选岗位不存在或已删除",
                              "the job posting does not exist")
    person = _person(store, person_id)
    earlier = referred_on(store, person.id, job.id)
    if earlier is not None:
        raise ValidationError(
            "service.job_id", f"已于 {earlier or '此前'} 向此人推荐过该岗位，不再重复记录",
            f"already referred to this posting ({earlier or 'earlier'}): not recorded again")
    return record_service(store, person_id=person.id, kinds=["referral"], site=site,
                          today=today, job=job)


def referred_on(store: Store, person_id: str, job_id: str) -> str | None:
    """The day (YYYY-MM-DD, '' if undated) the person was last referred to the posting,
    or None if never."""
    days = [str(s.props.get("service_date") or "")[:10]
            for s in store.find("service", parent=person_id)
            if str(s.props.get("job_id") or "") == job_id]
    return max(days) if days else None


def record_training(store: Store, *, person_id: str, course: str, training_type: str,
                    today: date) -> Changes:
    """A training sign-up (a ``training`` record, as the training-enrolment form's)."""
    if not course.strip():
        raise ValidationError("training.course", "培训项目不能为空", "the course is required")
    person = _person(store, person_id)
    return store.write([Create("training", {
        "person_id": person.id, "course": course.strip(), "training_type": training_type,
        "signed_up": today.isoformat(), "source": "desk"})])


def record_export_batch(store: Store, *, person_ids: Sequence[str], employer: str,
                        depart_date: str, transport: str, site: str,
                        job_id: str | None = None) -> Changes:
    """An organised export batch (点对点): several workers to one employer, with the date
    and the transport; every worker must be a live person."""
    workers = [_person(store, person_id, where="export_batch.person_ids").id
               for person_id in person_ids]
    props = {"person_ids": workers, "employer": employer, "depart_date": depart_date,
             "transport": transport, "site_name": site, "job_id": job_id}
    return store.write([Create("export_batch", props)])


def _person(store: Store, person_id: str, *, where: str = "service.person_id") -> Entity:
    """The live person a desk record is for (a merged-away id followed to the record it
    was merged into; refused with the reason when that record is not on this device)."""
    try:
        person = store.write_target(person_id, field=where)
    except NotFound:
        person = None
    if person is None or person.entity_list != "person" or person.deleted:
        raise ValidationError(where, "人员不存在或已删除", "no such person")
    return person


def open_jobs(store: Store, person_id: str, *, today: date, limit: int = 20
              ) -> list[tuple[Entity, Match]]:
    """The open job postings best matching a person (``registry.job_match``)."""
    person = _person(store, person_id)
    jobs = {job.id: job for job in store.find("job")}
    ranked = rank_jobs(person.props, ((j.id, j.props) for j in jobs.values()), today=today,
                       limit=limit)
    return [(jobs[match.job_id], match) for match in ranked]


def all_jobs(store: Store, *, today: date) -> list[Entity]:
    """The open job postings, newest first."""
    return [job for job in reversed(store.find("job")) if is_open(job.props, today=today)]


def export_batches(store: Store) -> list[Entity]:
    """The export batches recorded, newest first."""
    return list(reversed(store.find("export_batch")))

