"""The desk's one-line verbs (``QueryOp`` / ``CollectionOp``) over ``registry.desk``.

Kept beside the desk page rather than in ``desktop/ops.py`` so the page is one package;
they follow the same rules: reads are ``QueryOp``s, writes ``CollectionOp``s whose
``Changes`` the runner broadcasts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundRunner, CollectionOp, QueryOp
from registry import desk
from registry.job_match import Match
from registry.store import Changes, Entity, Store

Parent = QWidget | None
Today = Callable[[], date]


@dataclass(frozen=True)
class Opened:
    """A person opened at the desk: the panel and the best-matching open postings."""

    panel: desk.PersonPanel
    jobs: list[tuple[Entity, Match]]


@dataclass(frozen=True)
class CodeIssued:
    """A person's service code and what issuing it wrote."""

    code: str
    changes: Changes


def lookup(runner: BackgroundRunner, parent: Parent, text: str) -> QueryOp[desk.Lookup]:
    """People and households for the lookup box (a scanned code opens its person)."""
    return QueryOp(runner, parent, lambda store: desk.lookup(store, text))


def members(runner: BackgroundRunner, parent: Parent, household_id: str
            ) -> QueryOp[desk.Lookup]:
    """The members of one household, as lookup hits."""
    return QueryOp(runner, parent, lambda store: desk.household_members(store, household_id))


def open_person(runner: BackgroundRunner, parent: Parent, person_id: str, *,
                today: date) -> QueryOp[Opened]:
    """One person's panel and the open postings ranked for them."""
    def work(store: Store) -> Opened:
        return Opened(desk.person_panel(store, person_id, today=today),
                      desk.open_jobs(store, person_id, today=today))

    return QueryOp(runner, parent, work)


def set_site_name(runner: BackgroundRunner, parent: Parent, name: str) -> QueryOp[str]:
    """Set the site the profile's desk serves (a setting, not a record); the name kept."""
    return QueryOp(runner, parent, lambda store: desk.set_desk_site(store, name))


def jobs(runner: BackgroundRunner, parent: Parent, *, today: date) -> QueryOp[list[Entity]]:
    """The open job postings (no person open)."""
    return QueryOp(runner, parent, lambda store: desk.all_jobs(store, today=today))


def issue_code(runner: BackgroundRunner, parent: Parent, person_id: str
               ) -> CollectionOp[CodeIssued]:
    """The person's service code, generated and stored the first time."""
    def work(store: Store) -> CodeIssued:
        return CodeIssued(*desk.ensure_service_code(store, person_id))

    return CollectionOp(runner, parent, work)


def record_service(runner: BackgroundRunner, parent: Parent, *, person_id: str,
                   kinds: Sequence[str], site: str, today: date) -> CollectionOp[Changes]:
    """Save a service record of the kinds chosen."""
    chosen = list(kinds)
    return CollectionOp(runner, parent, lambda store: desk.record_service(
        store, person_id=person_id, kinds=chosen, site=site, today=today))


def record_referral(runner: BackgroundRunner, parent: Parent, *, person_id: str, job_id: str,
                    site: str, today: date) -> CollectionOp[Changes]:
    """Refer the person to a posting (a service of kind referral naming the job)."""
    return CollectionOp(runner, parent, lambda store: desk.record_referral(
        store, person_id=person_id, job_id=job_id, site=site, today=today))


def record_training(runner: BackgroundRunner, parent: Parent, *, person_id: str, course: str,
                    training_type: str, today: date) -> CollectionOp[Changes]:
    """Sign the person up for a training course."""
    return CollectionOp(runner, parent, lambda store: desk.record_training(
        store, person_id=person_id, course=course, training_type=training_type, today=today))


def record_export_batch(runner: BackgroundRunner, parent: Parent, *, person_ids: Sequence[str],
                        employer: str, depart_date: str, transport: str, site: str
                        ) -> CollectionOp[Changes]:
    """Record an organised export batch (workers to one employer, date, transport)."""
    people = list(person_ids)
    return CollectionOp(runner, parent, lambda store: desk.record_export_batch(
        store, person_ids=people, employer=employer, depart_date=depart_date,
        transport=transport, site=site))
