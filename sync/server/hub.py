"""The hub: apply pushed batches, serve pulls, snapshots and digests.

All writes run under one process-wide lock, so sequence numbers commit in
order and a pull by cursor never skips a change. A batch is applied in one
transaction and acknowledged only after it commits.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select

from sync.protocol import (
    Batch,
    Change,
    Outcome,
    PropertyState,
    Version,
    canonical_json,
    entity_view,
    in_scope,
    is_ahead,
    merge,
    replaces,
    scope_digest,
    system_ms,
)
from sync.server.auth import Device
from sync.server.db import batches, changes, entities, flags, heads, links

ID_LIST, ID_PROP = "person", "id_number"


class HubError(Exception):
    """A batch or request refused as a whole; ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class _Tally:
    accepted: int = 0
    known: int = 0
    superseded: int = 0
    touched: set[str] = field(default_factory=set)
    flags: list[dict[str, Any]] = field(default_factory=list)


class Hub:
    """The county server's logic over one engine."""

    def __init__(self, engine: Engine, *, now_ms: Callable[[], int] = system_ms) -> None:
        self.engine = engine
        self.now_ms = now_ms
        self.lock = threading.Lock()

    # -- push -------------------------------------------------------------
    def push(self, device: Device, batch: Batch) -> dict[str, Any]:
        """Apply a batch from ``device``; return its acknowledgement (after commit)."""
        self._check(device, batch)
        with self.lock, self.engine.begin() as conn:
            done = conn.execute(select(batches).where(
                batches.c.batch_id == batch.batch_id)).first()
            if done is not None:
                return self._replay(done, device, batch)
            self._check_entities(conn, batch)
            tally = _Tally()
            for change in batch.changes:
                self._apply(conn, change, batch.batch_id, tally)
            ack = self._ack(conn, batch, tally)
            conn.execute(insert(batches).values(
                batch_id=batch.batch_id, device_id=device.device_id, checksum=batch.checksum,
                ack=canonical_json(ack), committed_ms=self.now_ms()))
        return ack

    def _check(self, device: Device, batch: Batch) -> None:
        if batch.device != device.device_id:
            raise HubError("batch 'device': not the authenticated device", 403)
        for i, change in enumerate(batch.changes):
            if change.device != device.device_id:
                raise HubError(f"changes[{i}] 'device': not the authenticated device", 403)
            if not in_scope(change.scope, device.prefix):
                raise HubError(f"changes[{i}] 'scope': outside this device's scope", 403)

    def _replay(self, done, device: Device, batch: Batch) -> dict[str, Any]:  # noqa: ANN001
        if done.checksum != batch.checksum or done.device_id != device.device_id:
            raise HubError("batch id already used with a different body", 409)
        return {**json.loads(done.ack), "replayed": True}

    def _check_entities(self, conn: Connection, batch: Batch) -> None:
        ids = {c.entity_id for c in batch.changes}
        known = {r.entity_id: (r.list, r.scope) for r in conn.execute(
            select(entities).where(entities.c.entity_id.in_(ids)))}
        for i, change in enumerate(batch.changes):
            fixed = known.setdefault(change.entity_id, (change.entity_list, change.scope))
            if fixed != (change.entity_list, change.scope):
                raise HubError(f"changes[{i}]: entity list or scope differs from its record",
                               422)

    def _apply(self, conn: Connection, change: Change, batch_id: str, tally: _Tally) -> None:
        known = conn.execute(select(changes.c.seq).where(
            changes.c.change_id == change.change_id)).first() is not None
        superseded = conn.execute(select(links.c.child).where(
            links.c.parent == change.change_id).limit(1)).first() is not None
        state = self._state(conn, change.entity_id, change.prop)
        decision = merge(state, change, known=known, superseded=superseded)
        if decision.outcome is Outcome.KNOWN:
            tally.known += 1
            return
        self._store(conn, change, batch_id)
        self._set_heads(conn, change, decision.state)
        tally.touched.add(change.entity_id)
        if decision.outcome is Outcome.SUPERSEDED:
            tally.superseded += 1
        else:
            tally.accepted += 1
        self._flag_clock(conn, change, tally)
        if change.change_id in decision.state.head_ids:
            self._flag_duplicate_id(conn, change, tally)

    def _store(self, conn: Connection, change: Change, batch_id: str) -> None:
        conn.execute(insert(changes).values(
            change_id=change.change_id, entity_id=change.entity_id, prop=change.prop,
            scope=change.scope, body=canonical_json(change.to_dict()), batch_id=batch_id,
            received_ms=self.now_ms()))
        parents = replaces(change)
        if parents:
            conn.execute(insert(links), [{"parent": p, "child": change.change_id}
                                         for p in sorted(parents)])
        if conn.execute(select(entities.c.entity_id).where(
                entities.c.entity_id == change.entity_id)).first() is None:
            conn.execute(insert(entities).values(
                entity_id=change.entity_id, list=change.entity_list, scope=change.scope))

    def _state(self, conn: Connection, entity_id: str, prop: str) -> PropertyState:
        rows = conn.execute(select(changes.c.body).join(
            heads, heads.c.change_id == changes.c.change_id).where(
            heads.c.entity_id == entity_id, heads.c.prop == prop))
        return PropertyState.of(Version.of(Change.from_dict(json.loads(r.body))) for r in rows)

    def _set_heads(self, conn: Connection, change: Change, state: PropertyState) -> None:
        conn.execute(delete(heads).where(heads.c.entity_id == change.entity_id,
                                         heads.c.prop == change.prop))
        if state.heads:
            conn.execute(insert(heads), [
                {"entity_id": change.entity_id, "prop": change.prop, "change_id": v.change_id,
                 "scope": change.scope, "lookup": _lookup(change, v.value)}
                for v in state.heads])

    # -- flags ------------------------------------------------------------
    def _flag(self, conn: Connection, kind: str, change: Change, detail: dict[str, Any],
              tally: _Tally) -> None:
        row = {"kind": kind, "change_id": change.change_id, "entity_id": change.entity_id,
               "scope": change.scope, "detail": canonical_json(detail)}
        conn.execute(insert(flags).values(**row, created_ms=self.now_ms()))
        tally.flags.append({**row, "detail": detail})

    def _flag_clock(self, conn: Connection, change: Change, tally: _Tally) -> None:
        now = self.now_ms()
        if is_ahead(change.stamp, now_ms=now):
            self._flag(conn, "clock_ahead", change,
                       {"ahead_ms": change.stamp.wall_ms - now, "device": change.device}, tally)

    def _flag_duplicate_id(self, conn: Connection, change: Change, tally: _Tally) -> None:
        key = _lookup(change, change.value)
        if key is None:
            return
        others = sorted({r.entity_id for r in conn.execute(select(heads.c.entity_id).where(
            heads.c.lookup == key, heads.c.entity_id != change.entity_id))})
        if others:
            self._flag(conn, "duplicate_id_number", change, {"entities": others}, tally)

    def _ack(self, conn: Connection, batch: Batch, tally: _Tally) -> dict[str, Any]:
        conflicts = [c.to_dict() for e in sorted(tally.touched)
                     for c in self.entity_conflicts(conn, e)]
        return {"batch_id": batch.batch_id, "committed": True, "accepted": tally.accepted,
                "known": tally.known, "superseded": tally.superseded,
                "change_ids": [c.change_id for c in batch.changes],
                "conflicts": conflicts, "flags": tally.flags}

    def entity_conflicts(self, conn: Connection, entity_id: str) -> list:
        """The open conflicts of one entity (derived from its current versions)."""
        rows = conn.execute(select(heads.c.prop, changes.c.body).join(
            changes, heads.c.change_id == changes.c.change_id).where(
            heads.c.entity_id == entity_id))
        by_prop: dict[str, list[Version]] = {}
        lst = ""
        for row in rows:
            change = Change.from_dict(json.loads(row.body))
            lst = change.entity_list
            by_prop.setdefault(row.prop, []).append(Version.of(change))
        states = {p: PropertyState.of(v) for p, v in by_prop.items()}
        return list(entity_view(entity_id, lst, states).conflicts)

    # -- pull, snapshot, digest -------------------------------------------
    def pull(self, device: Device, cursor: int, limit: int) -> dict[str, Any]:
        """Changes in the device's scope after ``cursor``, oldest first."""
        with self.engine.connect() as conn:
            top = conn.execute(select(func.max(changes.c.seq))).scalar() or 0
            rows = conn.execute(select(changes.c.seq, changes.c.body).where(
                changes.c.seq > cursor, changes.c.seq <= top,
                changes.c.scope.startswith(device.prefix, autoescape=True),
            ).order_by(changes.c.seq).limit(limit)).all()
        more = len(rows) == limit
        nxt = rows[-1].seq if more else max(top, cursor)
        return {"changes": [json.loads(r.body) for r in rows], "cursor": nxt, "more": more}

    def snapshot(self, device: Device) -> dict[str, Any]:
        """Every current version in the device's scope, with the cursor to pull from."""
        with self.lock, self.engine.connect() as conn:
            top = conn.execute(select(func.max(changes.c.seq))).scalar() or 0
            rows = conn.execute(select(changes.c.body).join(
                heads, heads.c.change_id == changes.c.change_id).where(
                heads.c.scope.startswith(device.prefix, autoescape=True))).all()
            count, digest = self._digest(conn, device.prefix)
        return {"scope": device.prefix, "cursor": top, "digest": [count, digest],
                "changes": [json.loads(r.body) for r in rows]}

    def digest(self, device: Device) -> dict[str, Any]:
        """Count and hash of the device's scope, with the cursor they hold at."""
        with self.lock, self.engine.connect() as conn:
            top = conn.execute(select(func.max(changes.c.seq))).scalar() or 0
            count, digest = self._digest(conn, device.prefix)
        return {"count": count, "hash": digest, "cursor": top}

    def _digest(self, conn: Connection, prefix: str) -> tuple[int, str]:
        rows = conn.execute(select(heads.c.entity_id, heads.c.prop, heads.c.change_id).where(
            heads.c.scope.startswith(prefix, autoescape=True)))
        grouped: dict[tuple[str, str], list[str]] = {}
        for r in rows:
            grouped.setdefault((r.entity_id, r.prop), []).append(r.change_id)
        return scope_digest((e, p, ids) for (e, p), ids in grouped.items())

    def open_conflicts(self, device: Device) -> list[dict[str, Any]]:
        """Open conflicts in the device's scope, for county review."""
        with self.engine.connect() as conn:
            ids = conn.execute(select(heads.c.entity_id).where(
                heads.c.scope.startswith(device.prefix, autoescape=True)).group_by(
                heads.c.entity_id, heads.c.prop).having(func.count() > 1)).scalars().all()
            ids += conn.execute(select(heads.c.entity_id).where(
                heads.c.scope.startswith(device.prefix, autoescape=True),
                heads.c.prop == "_deleted")).scalars().all()
            return [c.to_dict() for e in sorted(set(ids)) for c in self.entity_conflicts(conn, e)]

    def list_flags(self, device: Device, after: int = 0) -> list[dict[str, Any]]:
        """Flags (clock ahead, duplicate ID numbers) in the device's scope."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(flags).where(
                flags.c.id > after,
                flags.c.scope.startswith(device.prefix, autoescape=True)).order_by(flags.c.id))
            return [{"id": r.id, "kind": r.kind, "change_id": r.change_id,
                     "entity_id": r.entity_id, "scope": r.scope,
                     "detail": json.loads(r.detail)} for r in rows]


def _lookup(change: Change, value: Any) -> str | None:
    """The normalized national ID number a head carries, for duplicate detection."""
    if change.entity_list != ID_LIST or change.prop != ID_PROP or not isinstance(value, str):
        return None
    norm = value.strip().upper()
    return norm[:64] or None
