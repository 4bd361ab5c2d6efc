"""Verbs of the 重复人员 page: each returns a ready ``QueryOp`` / ``CollectionOp``.

Reads and writes run on the DB thread (``desktop.background``); the pure work is in
``registry.county_duplicates``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundRunner, CollectionOp, QueryOp
from registry.county_duplicates import (
    MAX_PAIRS,
    CandidateRow,
    DedupRule,
    MergeResult,
    PersonSide,
    candidate_rows,
    load_rule,
    mark_not_duplicate,
    merge_people,
    person_side,
    save_rule,
)
from registry.store import Changes, Store

Parent = QWidget | None


@dataclass(frozen=True)
class Listing:
    """The county's rule and the candidates it finds."""

    rule: DedupRule
    rows: list[CandidateRow]
    more: bool = False  #: there are more than the ``MAX_PAIRS`` rows listed


def _listing(store: Store, scope: str) -> Listing:
    rows = candidate_rows(store, scope=scope, limit=MAX_PAIRS + 1)  # one more: is there more?
    return Listing(load_rule(store), rows[:MAX_PAIRS], more=len(rows) > MAX_PAIRS)


def read_candidates(runner: BackgroundRunner, parent: Parent, *, scope: str = ""
                    ) -> QueryOp[Listing]:
    """The rule in force and the candidate pairs of ``scope`` (DB thread)."""
    return QueryOp(runner, parent, lambda store: _listing(store, scope))


def read_pair(runner: BackgroundRunner, parent: Parent, a: str, b: str
              ) -> QueryOp[tuple[PersonSide, PersonSide]]:
    """Both people of a pair with household, follow-ups and claims (DB thread)."""
    return QueryOp(runner, parent, lambda store: (person_side(store, a), person_side(store, b)))


def keep_rule(runner: BackgroundRunner, parent: Parent, fields: Iterable[str]
              ) -> CollectionOp[Changes]:
    """Save the county's dedup rule (journaled, audited)."""
    chosen = tuple(fields)
    return CollectionOp(runner, parent, lambda store: save_rule(store, chosen))


def not_same_person(runner: BackgroundRunner, parent: Parent, a: str, b: str
                    ) -> CollectionOp[Changes]:
    """Mark a pair "not the same person" (journaled, audited)."""
    return CollectionOp(runner, parent, lambda store: mark_not_duplicate(store, (a, b)))


def merge(runner: BackgroundRunner, parent: Parent, *, keep: str, drop: str
          ) -> CollectionOp[MergeResult]:
    """Merge ``drop`` into ``keep``; the result lists claims now recorded twice."""
    return CollectionOp(runner, parent, lambda store: merge_people(store, keep=keep, drop=drop))
