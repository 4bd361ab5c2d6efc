"""Verbs of the 补贴名单 page (``desktop.ops`` style): each returns a ready op.

A county's list is read in parts, one village per ``QueryOp`` (``list_plan`` then
``list_part``), so the one DB thread serves the other pages between villages and the page
can count villages done. A bulk grant reports its progress person by person through a
:class:`desktop.background.Progress` (a signal, delivered on the GUI thread).
Reads are ``QueryOp``s; a grant is a ``CollectionOp`` whose ``Changes`` (the claims
written) the runner broadcasts; the export is a ``QueryOp`` (the audit entry it adds is
nothing a screen redraws).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.background import BackgroundRunner, CollectionOp, Progress, QueryOp
from desktop.ops import Parent
from registry import county_subsidy
from registry.county_subsidy import (
    DuplicateClaim,
    GrantResult,
    ListPlan,
    RulesInForce,
    SubsidyList,
)
from registry.policy import packs_for


def rules_in_force(runner: BackgroundRunner, parent: Parent, *, as_of: date
                   ) -> QueryOp[RulesInForce]:
    """The person rules governing in the profile's area on ``as_of``."""
    return QueryOp(runner, parent, lambda store: county_subsidy.person_rules(
        packs_for(store), region=store.default_scope, as_of=as_of))


def list_plan(runner: BackgroundRunner, parent: Parent, *, rule_id: str, period: str,
              as_of: date) -> QueryOp[ListPlan]:
    """The rule, period and villages of a list (``ValidationError`` for a bad period)."""
    return QueryOp(runner, parent, lambda store: county_subsidy.list_plan(
        store, rule_id=rule_id, period=period, as_of=as_of))


def list_part(runner: BackgroundRunner, parent: Parent, plan: ListPlan, villages: list[str]
              ) -> QueryOp[SubsidyList]:
    """The list's rows for ``villages``: everyone eligible, undecided or already granted."""
    return QueryOp(runner, parent,
                   lambda store: county_subsidy.list_part(store, plan, villages=villages))


def grant(runner: BackgroundRunner, parent: Parent, *, rule_id: str, period: str,
          person_ids: list[str], as_of: date, progress: Progress | None = None,
          amount: float | None = None) -> CollectionOp[GrantResult]:
    """A claim for each person through the claims ledger; the granted and the refused
    (``amount``: the officer's figure for a rule stating only a cap)."""
    report = progress.report if progress else None
    return CollectionOp(runner, parent, lambda store: county_subsidy.grant_all(
        store, rule_id=rule_id, period=period, person_ids=list(person_ids), as_of=as_of,
        progress=report, amount=amount))


def duplicates(runner: BackgroundRunner, parent: Parent) -> QueryOp[list[DuplicateClaim]]:
    """Claims recorded twice in the profile's area."""
    return QueryOp(runner, parent, county_subsidy.duplicates)


def export_list(runner: BackgroundRunner, parent: Parent, out: Path, *, period: str | None,
                unmasked: bool, rule_id: str | None = None) -> QueryOp[int]:
    """Write the subsidy list of ``period`` (and ``rule_id``) to ``out`` (audited;
    ``NotAllowed`` unmasked for a role that may not, the refusal audited too)."""
    return QueryOp(runner, parent, lambda store: county_subsidy.export_list(
        store, out, period=period, unmasked=unmasked, rule_id=rule_id))
