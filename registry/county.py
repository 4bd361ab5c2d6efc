"""County-side resolution: settle conflicts, merge duplicate records.

Each resolution is an ordinary change through the store's one write path, so it
syncs back to every device like any edit; nothing is dropped from the journal.
Each is audited in the same transaction (``registry.audit``: what and which
records, never the values).
"""

from __future__ import annotations

import json
from typing import Any

from registry import audit
from registry.claims import CLAIM_LIST
from registry.errors import ValidationError
from registry.rules import PARENT_PROP
from registry.store import Changes, Mark, Op, Store, Update
from sync.protocol import APPEND_ONLY_LISTS, DELETED, MERGED_INTO


def resolve_conflict(store: Store, entity_id: str, prop: str, value: Any) -> Changes:
    """Settle an edit conflict on ``prop`` with ``value`` (the winner's, a loser's, or new).

    The change replaces every current version of the property (even when ``value``
    is the winner's), so all replicas agree once it has synced. A conflict of a record
    merged away since is settled on that record (its versions are there) and ``value``
    is given to the record it was merged into too (the same person), audited on both
    ids -- unless the kept record has its own open conflict on ``prop`` (an edit there
    would settle it unseen, so it is left open for the county to decide) or has been
    deleted since (only the merged-away record is settled then).
    """
    if prop == DELETED:
        raise ValidationError(prop, "删除冲突请用 settle_delete", "use settle_delete")
    record = store.get(entity_id, follow_merges=False)
    ops: list[Op] = [Update(record.id, {prop: value}, follow_merges=False)]
    target = store.get(record.id) if record.merged_into else None
    kept = target.id if target is not None else None
    passed_on = (target is not None and not target.deleted
                 and not _contested(store, target.id, prop))
    if passed_on:
        ops.append(Update(record.id, {prop: value}))
    with store.transaction():
        changes = store.write(ops)
        detail: dict[str, Any] = {"prop": prop}
        if kept is not None:
            detail.update(kept=kept, passed_on=passed_on)
        audit.record(store, action="conflict_resolution", target=record.id, detail=detail)
        if passed_on:
            audit.record(store, action="conflict_resolution", target=kept,
                         detail={"prop": prop, "from_merged": record.id})
    return changes


def _contested(store: Store, entity_id: str, prop: str) -> bool:
    """Whether ``prop`` of the record has an open conflict (several versions that
    disagree; versions that agree also leave ``heads`` rows but are no conflict)."""
    return store.db.execute("SELECT 1 FROM conflict WHERE entity_id = ? AND prop = ?"
                            " AND status = 'open'", [entity_id, prop]).fetchone() is not None


def settle_delete(store: Store, entity_id: str, *, keep: bool) -> Changes:
    """Settle a delete conflict: keep the record (overrule the delete) or delete it."""
    if not keep and store.get(entity_id, follow_merges=False).merged_into:
        raise ValidationError(DELETED, "此记录已被合并到另一条记录，只能选择保留（要删除请打开合并后的记录）",
                              "the record was merged into another one: it can only be kept")
    with store.transaction():
        changes = (store.write([Mark(entity_id, {DELETED: False})]) if keep
                   else store.delete(entity_id))
        # The delete conflict is a view of two properties, not of several heads of one:
        # the write settles no heads row, so the conflict row is closed here.
        store.db.execute("UPDATE conflict SET status = 'resolved', resolution = ?"
                         " WHERE entity_id = ? AND prop = ? AND status = 'open'",
                         ["keep" if keep else "delete", entity_id, DELETED])
        audit.record(store, action="conflict_resolution", target=entity_id,
                     detail={"prop": DELETED, "keep": keep})
    return changes


def merge_entities(store: Store, *, keep: str, drop: str) -> Changes:
    """Merge record ``drop`` into ``keep`` (one person registered twice).

    Properties ``keep`` lacks are copied from ``drop``; records that belong to
    ``drop`` (members, work spells, posts ...) are moved to ``keep``; append-only
    records (visits, services) keep pointing at ``drop``, whose id now redirects to
    ``keep``. Its history stays in the journal.
    """
    kept, dropped = store.get(keep), store.get(drop, follow_merges=False)
    if kept.id == dropped.id or kept.entity_list != dropped.entity_list:
        raise ValidationError("merge", "只能合并同一类的两条不同记录",
                              "can only merge two different records of one kind")
    if dropped.merged_into or dropped.deleted or kept.deleted:
        raise ValidationError("merge", "其中一条记录已被合并或删除，请刷新后再合并",
                              "one of the records was merged or deleted meanwhile: refresh")
    missing = {k: v for k, v in dropped.props.items()
               if not k.startswith("_") and kept.props.get(k) in (None, "") and v not in (None, "")}
    ops: list[Op] = [Update(kept.id, missing)] if missing else []
    ops += _move_children(store, dropped.id, kept.id)
    ops.append(Mark(dropped.id, {MERGED_INTO: kept.id}))
    with store.transaction():
        changes = store.write(ops)
        audit.record(store, action="merge", target=kept.id, detail={"dropped": dropped.id})
    return changes


def _move_children(store: Store, old_parent: str, new_parent: str) -> list[Op]:
    """Re-link editable records; append-only ones (visits, services) keep the old id,
    which redirects to the kept record. Claims counting the old record (``person_id``,
    whatever their subject) count the kept one, so the once-a-year rules see them."""
    rows = store.db.execute("SELECT id, list FROM entity WHERE parent = ? AND deleted = 0"
                            " AND merged_into IS NULL", [old_parent]).fetchall()
    moves: dict[str, dict[str, Any]] = {
        eid: {PARENT_PROP[lst]: new_parent} for eid, lst in rows
        if lst in PARENT_PROP and lst not in APPEND_ONLY_LISTS}
    counted = store.db.execute(
        "SELECT id FROM entity WHERE list = ? AND deleted = 0 AND merged_into IS NULL"
        " AND json_extract(props, '$.person_id') = ?", [CLAIM_LIST, old_parent]).fetchall()
    for (eid,) in counted:
        moves.setdefault(eid, {})["person_id"] = new_parent
    return [Update(eid, props) for eid, props in moves.items()]


def duplicate_id_numbers(store: Store, *, limit: int = 1000) -> list[list[str]]:
    """Groups of live person records sharing one ID number (the first 18 characters)."""
    rows = store.db.execute(
        "SELECT group_concat(id) FROM entity WHERE list = 'person' AND deleted = 0"
        " AND merged_into IS NULL AND json_extract(props, '$.id_number') IS NOT NULL"
        " GROUP BY substr(json_extract(props, '$.id_number'), 1, 18) HAVING count(*) > 1"
        " LIMIT ?", [limit]).fetchall()
    return [sorted(r[0].split(",")) for r in rows]


def open_conflicts(store: Store) -> list[dict[str, Any]]:
    """Open conflict records for review (values included: show them, never log them)."""
    rows = store.db.execute(
        "SELECT entity_id, prop, winner_change, loser_change FROM conflict"
        " WHERE status = 'open' ORDER BY detected_hlc").fetchall()
    return [{"entity": e, "prop": p, "winner": json.loads(w), "losers": json.loads(losers)}
            for e, p, w, losers in rows]
