"""Verbs of the 政策 page (``desktop.ops`` style): packs in force, checking, publishing and
withdrawing county packs, confirming minimum wages. Writes are ``CollectionOp``s whose
``Changes`` (the ``policy_pack`` list) the runner broadcasts; they sync like any record.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.background import BackgroundRunner, CollectionOp, QueryOp
from desktop.ops import Parent
from registry import county_policy
from registry.county_policy import PacksInForce, WageRow
from registry.policy import packs_for
from registry.policy.distribute import POLICY_PACK_LIST, CheckedPack, county_packs
from registry.store import Changes, Store


def packs_in_force(runner: BackgroundRunner, parent: Parent, *, region: str, as_of: date
                   ) -> QueryOp[tuple[PacksInForce, list[WageRow]]]:
    """The packs covering ``region`` on ``as_of`` and its minimum-wage rows."""
    def read(store: Store) -> tuple[PacksInForce, list[WageRow]]:
        packs = packs_for(store)
        return (county_policy.packs_in_force(packs, county_packs(store), region=region,
                                              as_of=as_of),
                county_policy.wage_rows(packs, region=region, as_of=as_of))
    return QueryOp(runner, parent, read)


def check_pack(runner: BackgroundRunner, parent: Parent, path: Path) -> QueryOp[CheckedPack]:
    """The pack in ``path`` checked as publishing will check it (``PackError`` names each
    problem by sheet, row and column), with the check's notes; nothing is written."""
    return QueryOp(runner, parent, lambda store: county_policy.check_file(store, path))


def publish_pack(runner: BackgroundRunner, parent: Parent, path: Path) -> CollectionOp[Changes]:
    """Check and publish the county pack in ``path``; it reaches the devices by sync."""
    def publish(store: Store) -> Changes:
        entity_id = county_policy.publish_file(store, path)
        return _changed(store, entity_id)
    return CollectionOp(runner, parent, publish)


def withdraw_pack(runner: BackgroundRunner, parent: Parent, pack_id: str
                  ) -> CollectionOp[Changes]:
    """Withdraw the published county pack ``pack_id`` (the deletion syncs)."""
    def withdraw(store: Store) -> Changes:
        return _changed(store, county_policy.withdraw(store, pack_id))
    return CollectionOp(runner, parent, withdraw)


def confirm_wage(runner: BackgroundRunner, parent: Parent, *, amount: int, valid_from: date,
                 source: str, tier: str = "", today: date | None = None,
                 region: str | None = None) -> CollectionOp[Changes]:
    """Confirm or correct the county's minimum wage from ``valid_from`` (who and when kept;
    ``region``: the row confirmed, refused unless it is the profile's county)."""
    def confirm(store: Store) -> Changes:
        entity_id = county_policy.confirm_wage(store, amount=amount, valid_from=valid_from,
                                               source=source, tier=tier, today=today,
                                               region=region)
        return _changed(store, entity_id)
    return CollectionOp(runner, parent, confirm)


def _changed(store: Store, entity_id: str) -> Changes:
    """The policy-pack list changed (its journal entries, for sync and redraw)."""
    ids = tuple(c.change_id for c in store.journal(entity_id=entity_id))
    return Changes(updated=(entity_id,), lists=frozenset({POLICY_PACK_LIST}), change_ids=ids)
