"""One-line verbs of the village workspace (work list, household page, registration).

Like ``desktop.ops``: each returns a ready ``QueryOp`` / ``CollectionOp`` running on the DB
thread (the work list's pages on the read lane); no widget holds the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from desktop.background import BackgroundRunner, CollectionOp, QueryOp
from desktop.ops import Parent
from registry.alerts import Alert, alerts_for_store
from registry.household_file import HouseholdFile, household_file
from registry.household_file import household_alerts as household_file_alerts
from registry.member_fix import MemberFix, correct_member
from registry.register import Checked, Registered, check_new_person, register_household
from registry.register import register_member as _register_member
from registry.store import Changes, Entity, Store
from registry.worklist import WorkFilter, WorkView, alerted_people, work_view


@dataclass(frozen=True)
class WorkPage:
    """One page of the work list read at ``offset``, with (in the same pass) the filtered
    total, the progress of the scope and the filters' choices."""

    offset: int
    view: WorkView


def work_page(runner: BackgroundRunner, parent: Parent, *, today: date, wanted: WorkFilter,
              alerts_only: bool = False, limit: int = 200, offset: int = 0
              ) -> QueryOp[WorkPage]:
    """A page of 本月走访 (``alerts_only``: people concerned by an alert), on the read lane:
    at county scope the first page builds scratch tables over every person (and
    ``alerts_only`` runs the alerts), seconds that must not hold up the DB thread. The
    tables stay on the lane's connection for the next pages; a commit on the main one
    changes its ``data_version``, so the next read rebuilds them."""
    scope = runner.identity.scope

    def work(store: Store) -> WorkPage:
        narrowed = wanted
        if alerts_only:
            narrowed = replace(wanted, alert_ids=alerted_people(store, today=today,
                                                                scope=scope or ""))
        return WorkPage(offset, work_view(store, today=today, scope=scope, wanted=narrowed,
                                          limit=limit, offset=offset))

    return QueryOp(runner, parent, work).on_reader()


def household_page(runner: BackgroundRunner, parent: Parent, household_id: str, *,
                   today: date) -> QueryOp[HouseholdFile]:
    """Everything the household page shows but its alerts (``household_alerts``)."""
    return QueryOp(runner, parent, lambda store: household_file(store, household_id, today=today,
                                                                with_alerts=False))


def household_alerts(runner: BackgroundRunner, parent: Parent, household_id: str, *,
                     today: date) -> QueryOp[tuple[str, list[Alert]]]:
    """The alerts of a household and its members, with the household's id."""
    return QueryOp(runner, parent, lambda store: (household_id, household_file_alerts(
        store, household_id, today=today)))


def household_of(runner: BackgroundRunner, parent: Parent, entity_id: str) -> QueryOp[str]:
    """The household of a person (or the household itself)."""
    def work(store: Store) -> str:
        entity = store.get(entity_id)
        return entity.id if entity.entity_list == "household" else str(entity.parent or "")

    return QueryOp(runner, parent, work)


@dataclass(frozen=True)
class Lookup:
    """A registration's search: the ID check and the people of the same name."""

    checked: Checked
    same_name: list[Entity]


def check_person(runner: BackgroundRunner, parent: Parent, *, id_number: str, name: str,
                 today: date) -> QueryOp[Lookup]:
    """Search before registering: is the ID number on file, who has the same name."""
    def work(store: Store) -> Lookup:
        checked = check_new_person(store, id_number=id_number, name=name, today=today)
        same = [e for e in store.search(checked.name, limit=20)
                if e.entity_list == "person" and e.props.get("name") == checked.name]
        return Lookup(checked, same)

    return QueryOp(runner, parent, work)


def register_new_household(runner: BackgroundRunner, parent: Parent, checked: Checked, *,
                           address: str) -> CollectionOp[Registered]:
    """Register a new household with ``checked`` as its head."""
    extra = {"address": address} if address.strip() else {}
    return CollectionOp(runner, parent, lambda store: register_household(store, checked,
                                                                         extra=extra))


def register_member(runner: BackgroundRunner, parent: Parent, checked: Checked, *,
                    household_id: str, relation: str) -> CollectionOp[Changes]:
    """Add ``checked`` to a household."""
    return CollectionOp(runner, parent, lambda store: _register_member(
        store, checked, household_id=household_id, relation=relation))


def fix_member(runner: BackgroundRunner, parent: Parent, person_id: str, fix: MemberFix, *,
               today: date) -> CollectionOp[Changes]:
    """Correct a member's name, ID number and relation (``registry.member_fix``)."""
    return CollectionOp(runner, parent, lambda store: correct_member(store, person_id, fix,
                                                                     today=today))


def alert_count(runner: BackgroundRunner, parent: Parent, *,
                today: Callable[[], date] = date.today) -> QueryOp[int]:
    """How many alerts the scope has today (the navigation's "预警 n"; a ``Page.count``)."""
    scope = runner.identity.scope
    return QueryOp(runner, parent, lambda store: len(alerts_for_store(
        store, as_of=today(), scope=scope)))
