"""One household, one page: everything the household page shows, read in one go. No Qt.

``household_file(store, household_id, today=...)`` returns the household, its members (each
with the date of their last follow-up), their work spells, follow-ups (newest first),
services, trainings and posts, the subsidy claims of the household and its members, and the
alerts (``registry.alerts.alerts_for_store`` over the household's village) that concern them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from registry.alerts import Alert, alerts_for_store
from registry.store import Entity, Store

#: Lists shown under 服务与培训, with the property that dates each record.
SERVICE_LISTS: dict[str, tuple[str, ...]] = {
    "service": ("service_date",),
    "training": ("start_date", "enrolled_on"),
    "post": ("agreement_start", "start_date"),
}


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
class HouseholdFile:
    """What the household page shows; every list newest first except the members."""

    household: Entity
    members: list[Member]
    spells: list[Entity]
    visits: list[Entity]
    services: list[Entity]
    claims: list[Entity]
    alerts: list[Alert]

    def name_of(self, person_id: str) -> str:
        """The name of a member (or '' when the id is not a member)."""
        for member in self.members:
            if member.person.id == person_id:
                return str(member.person.props.get("name", ""))
        return ""


def household_file(store: Store, household_id: str, *, today: date,
                   with_alerts: bool = True) -> HouseholdFile:
    """Read the household page of ``household_id`` (``NotFound`` if there is none)."""
    household = store.get(household_id)
    people = store.find("person", parent=household.id)
    ids = [p.id for p in people]
    visits = _children(store, "visit", ids, ("visit_date",))
    last: dict[str, str] = {}
    for visit in visits:
        pid = str(visit.parent)
        last.setdefault(pid, str(visit.props.get("visit_date", "")))
    services = [e for name, keys in SERVICE_LISTS.items()
                for e in _children(store, name, ids, keys)]
    services.sort(key=lambda e: _day(e, _all_date_keys()), reverse=True)
    claims = _children(store, "claim", [household.id, *ids], ("granted_on", "period"))
    subjects = {household.id, *ids}
    alerts = ([a for a in alerts_for_store(store, as_of=today, scope=household.scope or None)
               if a.subject in subjects] if with_alerts else [])
    return HouseholdFile(household, [Member(p, last.get(p.id, "")) for p in people],
                         _children(store, "work_spell", ids, ("start_date",)), visits,
                         services, claims, alerts)


def _all_date_keys() -> tuple[str, ...]:
    return tuple(k for keys in SERVICE_LISTS.values() for k in keys)


def _day(entity: Entity, keys: tuple[str, ...]) -> str:
    return next((str(entity.props[k]) for k in keys if entity.props.get(k)), "")


def _children(store: Store, entity_list: str, parents: list[str], keys: tuple[str, ...]
              ) -> list[Entity]:
    found = [e for parent in parents for e in store.find(entity_list, parent=parent)]
    return sorted(found, key=lambda e: _day(e, keys), reverse=True)
