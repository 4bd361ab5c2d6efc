"""The conflict queue's verbs: reads are ``QueryOp``s, resolutions ``CollectionOp``s.

Each resolution calls ``registry.county`` (one journaled write, audited there), so it
syncs back to every device; the runner broadcasts its ``Changes`` and the page redraws.
A conflict a sync settled meanwhile is not resolved again: the op fails with ``NotFound``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundRunner, CollectionOp, QueryOp
from desktop.forms.catalog import builtin_form_index
from registry.county import resolve_conflict, settle_delete
from registry.county_conflicts import (
    ConflictFilter,
    ConflictPage,
    ConflictRow,
    ValueSource,
    conflict_filters,
    conflict_page,
    open_conflict_count,
    parse_typed,
    require_open,
    value_sources,
)
from registry.county_conflicts import reveal_version as reveal_conflict_version
from registry.store import Changes, Store

Parent = QWidget | None


@dataclass(frozen=True)
class QueueRead:
    """One page of the queue with the counts its filter lists show."""

    page: ConflictPage
    props: dict[str, int]
    villages: dict[str, int]


def read_queue(runner: BackgroundRunner, parent: Parent, *, filters: ConflictFilter,
               today: date, limit: int, offset: int) -> QueryOp[QueueRead]:
    """A page of open conflicts and the filter counts, in one trip to the DB thread."""
    def read(store: Store) -> QueueRead:
        page = conflict_page(store, filters=filters, today=today, limit=limit, offset=offset)
        props, villages = conflict_filters(store)
        return QueueRead(page, props, villages)

    return QueryOp(runner, parent, read)


@dataclass(frozen=True)
class Sources:
    """The form submission each value came from, and the titles of those forms."""

    by_change: dict[str, ValueSource]
    titles: dict[str, str]  #: form id -> the built-in form's title (Chinese)


def read_sources(runner: BackgroundRunner, parent: Parent, row: ConflictRow
                 ) -> QueryOp[Sources]:
    """The form submission each value of ``row`` came from, with the forms' titles (the
    built-in forms' index is loaded on the DB thread, once per process)."""
    def work(store: Store) -> Sources:
        found = value_sources(store, row)
        index = builtin_form_index()
        return Sources(found, {s.form_id: index[s.form_id].title for s in found.values()
                               if s.form_id in index})

    return QueryOp(runner, parent, work)


def reveal_version(runner: BackgroundRunner, parent: Parent, row: ConflictRow,
                   change_id: str) -> QueryOp[str]:
    """The full ID or phone number of one version of ``row`` (audited; ``NotAllowed`` for
    a role that may not see it, the refusal audited too)."""
    return QueryOp(runner, parent, lambda store: reveal_conflict_version(
        store, conflict_id=row.conflict_id, change_id=change_id))


def choose_value(runner: BackgroundRunner, parent: Parent, row: ConflictRow,
                 value: Any) -> CollectionOp[Changes]:
    """Settle an edit conflict with one of its values."""
    def resolve(store: Store) -> Changes:
        require_open(store, row.conflict_id)
        return resolve_conflict(store, row.entity_id, row.prop, value)

    return CollectionOp(runner, parent, resolve)


def type_value(runner: BackgroundRunner, parent: Parent, row: ConflictRow,
               text: str) -> CollectionOp[Changes]:
    """Settle an edit conflict with a value the officer typed (checked on the DB thread:
    a wrong value fails with a ``ValidationError`` naming the field, and nothing changes)."""
    def resolve(store: Store) -> Changes:
        value = parse_typed(row, text)
        require_open(store, row.conflict_id)
        return resolve_conflict(store, row.entity_id, row.prop, value)

    return CollectionOp(runner, parent, resolve)


def settle(runner: BackgroundRunner, parent: Parent, row: ConflictRow, *,
           keep: bool) -> CollectionOp[Changes]:
    """Settle a delete conflict: keep the record (保留) or delete it (删除)."""
    def settled(store: Store) -> Changes:
        require_open(store, row.conflict_id)
        return settle_delete(store, row.entity_id, keep=keep)

    return CollectionOp(runner, parent, settled)


def conflict_count(runner: BackgroundRunner, parent: Parent) -> QueryOp[int]:
    """How many conflicts are open (the navigation shows "冲突 12")."""
    return QueryOp(runner, parent, open_conflict_count)
