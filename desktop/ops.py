"""One-line verbs for the screens: each returns a ready ``QueryOp`` / ``CollectionOp``.

A widget never holds the store; it holds the ``BackgroundRunner`` and asks::

    ops.search(runner, self, text).success(self.show_found).run()
    ops.save_submission(runner, self, submission, draft_id=d).success(self.done).run()

Reads are ``QueryOp``s, writes ``CollectionOp``s whose ``Changes`` the runner broadcasts
(``runner.changed``). Drafts are local, not journaled: their writes report the
``DRAFTS`` list so the drafts screens redraw. A sync reports ``ANY_LIST``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundRunner, CollectionOp, NetworkOp, QueryOp
from desktop.connection import load_connection, save_connection
from desktop.forms.catalog import builtin_form_index
from desktop.sync_state import record_sync
from forms.model import Form
from registry import desk, submissions
from registry.errors import NotFound
from registry.replica import StoreReplica
from registry.store import Changes, Entity, Store
from registry.views import HouseholdRow, household_rows, households_by_id, households_of
from sync.client import SyncClient, SyncError, SyncResult
from sync.client.enrolment import Connection, connect, reconnect, trusted
from sync.client.usb import write_bundle

#: The drafts "list" in a broadcast ``Changes`` (drafts are local and never synced).
DRAFTS = "draft"
#: A broadcast that may have changed any list (after a sync pulled changes).
ANY_LIST = "*"

Parent = QWidget | None


def touches(changes: Changes, *lists: str) -> bool:
    """True if ``changes`` may concern any of ``lists``."""
    return ANY_LIST in changes.lists or any(name in changes.lists for name in lists)


def drafts_changed() -> Changes:
    """What a draft write changed: the drafts list only."""
    return Changes(lists=frozenset({DRAFTS}))


# -- lists ---------------------------------------------------------------------------------

def household_page(runner: BackgroundRunner, parent: Parent, *, limit: int, offset: int = 0,
                   order: str = "household_no", descending: bool = False
                   ) -> QueryOp[list[HouseholdRow]]:
    """One page of the household list, sorted in SQL (``registry.views.HOUSEHOLD_ORDERS``)."""
    return QueryOp(runner, parent, lambda store: household_rows(
        store, limit=limit, offset=offset, order=order, descending=descending))


def households(runner: BackgroundRunner, parent: Parent, ids: Iterable[str]
               ) -> QueryOp[list[HouseholdRow]]:
    """The household rows of ``ids`` (to redraw the ones a write changed)."""
    wanted = list(ids)
    return QueryOp(runner, parent, lambda store: households_by_id(store, wanted))


def households_touched(runner: BackgroundRunner, parent: Parent, ids: Iterable[str]
                       ) -> QueryOp[list[HouseholdRow]]:
    """The household rows a write to ``ids`` (households or people) may have changed."""
    wanted = list(ids)
    return QueryOp(runner, parent, lambda store: households_of(store, wanted))


def counts(runner: BackgroundRunner, parent: Parent) -> QueryOp[tuple[int, int]]:
    """How many households and people the profile holds."""
    return QueryOp(runner, parent, lambda store: (store.count("household"),
                                                  store.count("person")))


def members(runner: BackgroundRunner, parent: Parent, household_id: str) -> QueryOp[list[Entity]]:
    """The people of one household."""
    return QueryOp(runner, parent, lambda store: store.find("person", parent=household_id))


def members_if_touched(runner: BackgroundRunner, parent: Parent, household_id: str,
                       ids: Iterable[str]) -> QueryOp[list[Entity] | None]:
    """The people of a household if a write to ``ids`` touched it or one of them (a new
    member included), else None: nothing to redraw."""
    wanted = set(ids)
    return QueryOp(runner, parent, lambda store: _members_if_touched(store, household_id, wanted))


def _members_if_touched(store: Store, household_id: str, ids: set[str]) -> list[Entity] | None:
    people = store.find("person", parent=household_id, include_deleted=True)
    if household_id in ids or any(p.id in ids for p in people):
        return [p for p in people if not p.deleted]
    return None


def search(runner: BackgroundRunner, parent: Parent, text: str, *, limit: int = 200
           ) -> QueryOp[list[Entity]]:
    """People and households matching a name, pinyin, initials, ID tail or household number."""
    return QueryOp(runner, parent, lambda store: store.search(text, limit=limit))


def entities(runner: BackgroundRunner, parent: Parent, ids: Iterable[str]
             ) -> QueryOp[list[Entity]]:
    """The entities of ``ids`` that still exist (merges followed), in the order given."""
    wanted = list(ids)
    return QueryOp(runner, parent, lambda store: _existing(store, wanted))


def _existing(store: Store, ids: list[str]) -> list[Entity]:
    found = []
    for entity_id in ids:
        try:
            entity = store.get(entity_id)
        except NotFound:
            continue
        if not entity.deleted:
            found.append(entity)
    return found


# -- forms and drafts ------------------------------------------------------------------------

def form_lists(runner: BackgroundRunner, parent: Parent, names: Iterable[str],
               wanted: Mapping[str, Iterable[str]]) -> QueryOp[dict[str, list[Entity]]]:
    """For each entity list a form reads, only the entities it needs: ``wanted[name]`` ids
    (the selected person ...), never a whole list."""
    lists = list(names)
    ids = {name: list(wanted.get(name, ())) for name in lists}
    return QueryOp(runner, parent, lambda store: {n: _existing(store, ids[n]) for n in lists})


def load_draft(runner: BackgroundRunner, parent: Parent, draft_id: str
               ) -> QueryOp[dict[str, Any] | None]:
    """A draft's saved answers (or None)."""
    return QueryOp(runner, parent, lambda store: submissions.load_draft(store, draft_id))


def save_draft(runner: BackgroundRunner, parent: Parent, draft_id: str, *, form: Form,
               answers: Mapping[str, Any]) -> CollectionOp[Changes]:
    """Save (replace) the draft ``draft_id`` with ``answers``."""
    def work(store: Store) -> Changes:
        submissions.save_draft(store, draft_id=draft_id, form_id=form.form_id,
                               form_version=form.version, answers=answers)
        return drafts_changed()

    return CollectionOp(runner, parent, work)


def save_submission(runner: BackgroundRunner, parent: Parent, submission: Mapping[str, Any], *,
                    draft_id: str | None) -> CollectionOp[Changes]:
    """Store a submission and its entity changes in one transaction; its draft goes too."""
    def work(store: Store) -> Changes:
        changes = submissions.save_submission(store, submission, draft_id=draft_id)
        return Changes(changes.created, changes.updated, changes.deleted,
                       changes.lists | {DRAFTS}, changes.change_ids)

    return CollectionOp(runner, parent, work)


def delete_draft(runner: BackgroundRunner, parent: Parent, draft_id: str) -> CollectionOp[Changes]:
    """Discard a draft."""
    def work(store: Store) -> Changes:
        submissions.delete_draft(store, draft_id)
        return drafts_changed()

    return CollectionOp(runner, parent, work)


@dataclass(frozen=True)
class DraftRow:
    """One draft as the list shows it; ``path`` is None when its form is not installed.
    ``person_id`` (or '') is whom the draft is filled for, ``name``, ``head_name`` and
    ``household_no`` their name, head of household and 户编号 as the registry holds them."""

    id: str
    form_id: str
    title: str
    path: Path | None
    updated_ms: int
    answered: int
    person_id: str = ""
    name: str = ""
    head_name: str = ""
    household_no: str = ""


def draft_rows(runner: BackgroundRunner, parent: Parent) -> QueryOp[list[DraftRow]]:
    """This user's drafts, newest first, titled by their forms (loads the forms once)."""
    return QueryOp(runner, parent, _draft_rows)


def _draft_rows(store: Store) -> list[DraftRow]:
    forms = builtin_form_index()
    questions = {form_id: info.questions for form_id, info in forms.items()}
    rows = []
    for summary in submissions.draft_summaries(store, questions):
        info = forms.get(summary.form_id)
        whom = summary.for_whom
        rows.append(DraftRow(summary.id, summary.form_id, info.title if info else summary.form_id,
                             info.path if info else None, summary.updated_ms, summary.answered,
                             whom.person_id, whom.name, whom.head_name, whom.household_no))
    return rows


@dataclass(frozen=True)
class FormStart:
    """What opening a form for a person takes from the store: the draft of it this user
    keeps for them (or None), and the site this profile's desk serves ('' unless it is a
    relocation-site desk's: ``registry.desk.desk_site``)."""

    draft: DraftRow | None
    desk_site: str


def form_start(runner: BackgroundRunner, parent: Parent, form_id: str, person_id: str
               ) -> QueryOp[FormStart]:
    """The draft of ``form_id`` this user keeps for ``person_id`` (the newest), or None,
    and the desk's site."""
    def work(store: Store) -> FormStart:
        draft_id = submissions.person_draft(store, form_id, person_id)
        return FormStart(next((row for row in _draft_rows(store) if row.id == draft_id), None),
                         desk.desk_site(store))

    return QueryOp(runner, parent, work)


def desk_site(runner: BackgroundRunner, parent: Parent) -> QueryOp[str]:
    """The site this profile's desk serves ('' in a village, or before the desk sets it)."""
    return QueryOp(runner, parent, desk.desk_site)


def draft_count(runner: BackgroundRunner, parent: Parent) -> QueryOp[int]:
    """How many drafts this user has."""
    return QueryOp(runner, parent, lambda store: len(submissions.list_drafts(store)))


# -- the county server -----------------------------------------------------------------------

def connection(runner: BackgroundRunner, parent: Parent) -> QueryOp[Connection | None]:
    """The stored county-server connection, or None."""
    return QueryOp(runner, parent, load_connection)


def enrol(runner: BackgroundRunner, parent: Parent, url: str, code: str, *,
          ca_pem: str | None, old: Connection | None = None) -> NetworkOp[Connection]:
    """Enrol this device with the server (network pool; nothing is kept). Keep the result
    with ``keep_connection``. With ``old``, the profile's kept connection (also a revoked
    one), re-enrol under the same device id at ``url`` instead: its token proves the
    device, ``code`` is the county's re-enrolment code, and the journal carries on."""
    identity = runner.identity
    if old is None:
        return NetworkOp(runner, parent, lambda: connect(
            url, code, device_id=identity.device, scope=identity.scope, ca_pem=ca_pem))
    again = replace(old, url=url, ca_pem=ca_pem or old.ca_pem)
    return NetworkOp(runner, parent, lambda: reconnect(
        again, code, device_id=identity.device, scope=identity.scope))


def keep_connection(runner: BackgroundRunner, parent: Parent, kept: Connection
                    ) -> CollectionOp[Connection]:
    """Store an accepted connection in the profile."""
    def work(store: Store) -> Connection:
        save_connection(store, kept)
        return kept

    return CollectionOp(runner, parent, work)


@dataclass(frozen=True)
class Synced:
    """A sync's result and what it may have changed here."""

    result: SyncResult
    changes: Changes


def sync(runner: BackgroundRunner, parent: Parent, *, progress: Callable[[str, int, Any], None],
         cancel: threading.Event) -> CollectionOp[Synced]:
    """Push and pull with the county server (on the DB thread: the client reads and
    writes the store between requests)."""
    return CollectionOp(runner, parent, lambda store: _sync(store, progress, cancel))


def _sync(store: Store, progress: Callable[[str, int, Any], None],
          cancel: threading.Event) -> Synced:
    kept = load_connection(store)
    if kept is None:
        raise SyncError("auth", "this device is not connected to a county server")
    with trusted(kept.ca_pem) as verify:
        result = SyncClient(kept.url, kept.token, StoreReplica(store), progress=progress,
                            cancel=cancel, verify=verify).sync()
        if not result.cancelled:  # the time of this sync and the server's new flags
            record_sync(store, kept, verify=verify, cancel=cancel)
    pulled = result.pulled or result.repaired
    return Synced(result, Changes(lists=frozenset({ANY_LIST})) if pulled else Changes())


@dataclass(frozen=True)
class Bundle:
    """What a USB bundle holds: the records it changes, as the status bar's 待上传 counts,
    and its changes (0: nothing pending, nothing written). Changes of no record (audit
    entries) travel too: a bundle of those alone is written."""

    records: int
    changes: int


def export_bundle(runner: BackgroundRunner, parent: Parent, path: Path) -> QueryOp[Bundle]:
    """Seal every pending change into ``path`` (see :class:`Bundle`)."""
    return QueryOp(runner, parent, lambda store: _export_bundle(store, path))


def _export_bundle(store: Store, path: Path) -> Bundle:
    kept = load_connection(store)
    if kept is None or not kept.server_key or not kept.signing_key:
        return Bundle(0, 0)
    replica = StoreReplica(store)
    changes = replica.pending_count()
    if not changes:
        return Bundle(0, 0)
    write_bundle(replica, path, server_key=str(kept.server_key), signing_key=kept.signer())
    return Bundle(replica.pending_records(), changes)
