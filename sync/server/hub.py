"""The hub: apply pushed batches, serve pulls, snapshots and digests.

Writes are serialised within the process and, on PostgreSQL, across processes
and hosts (:mod:`sync.server.locking`), so sequence numbers commit in order and a
pull by cursor never skips a change; reads take no lock, each in one snapshot. A
batch is applied in one transaction (:mod:`sync.server.apply`) and acknowledged
only after it commits.
Pulls and snapshots serve change sets in their wire form (``format=sets``), or
each change as a format-1 dict (the default, for simple readers).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    func,
    insert,
    literal,
    select,
)

from sync.protocol import (
    Batch,
    canonical_json,
    combine_digests,
    in_scope,
    may_write,
    parse_set,
    paused_gc,
    system_ms,
)
from sync.server.apply import (
    BatchApply,
    HubError,
    shown_flag_detail,
    state_of,
    state_rows,
    top_seq,
)
from sync.server.auth import Device
from sync.server.db import batches, change_sets, disclosures, flags, states
from sync.server.downward import handed_down_sets, in_reach, merged_by_seq, snapshot_rows
from sync.server.locking import read_transaction, write_transaction
from sync.server.sql import chunks, in_prefix

__all__ = ["Hub", "HubError"]

#: Scope digests kept (one per device scope prefix).
_DIGEST_CACHE = 256


class Hub:
    """The county server's logic over one engine."""

    def __init__(self, engine: Engine, *, now_ms: Callable[[], int] = system_ms) -> None:
        self.engine = engine
        self.now_ms = now_ms
        self.lock = threading.Lock()  #: this process's write turn (see sync.server.locking)
        self._digests: dict[str, tuple[int, int, str]] = {}
        self._digests_lock = threading.Lock()
        #: Called after each committed batch with (seconds, ack); metrics hook here.
        self.on_batch: Callable[[float, dict[str, Any]], None] = lambda _s, _ack: None
        #: False: every new entity merged through a working copy of its state (the
        #: reference for tests; see ``apply.Fresh``).
        self.one_pass = True

    # -- push -------------------------------------------------------------
    def push(self, device: Device, batch: Batch) -> dict[str, Any]:
        """Apply a batch from ``device``; return its acknowledgement (after commit)."""
        self._check(device, batch)
        started = time.perf_counter()
        with paused_gc(), write_transaction(self.engine, self.lock) as conn:
            ack = self._apply(conn, device, batch)
        if not ack.get("replayed"):
            self.on_batch(time.perf_counter() - started, ack)
        return ack

    def push_all(self, device: Device, many: list[Batch]) -> list[dict[str, Any]]:
        """Apply several batches (a USB bundle's) in one transaction: all or none.
        A batch stored before is answered as a replay (``"replayed": true``); a refused
        one raises :class:`HubError` naming it, and nothing of any batch is stored."""
        for batch in many:
            self._check(device, batch)
        acks = []
        with paused_gc(), write_transaction(self.engine, self.lock) as conn:
            for i, batch in enumerate(many):
                try:
                    acks.append(self._apply(conn, device, batch))
                except HubError as exc:
                    raise HubError(f"batch {i + 1} of {len(many)} ({batch.batch_id[:16]}):"
                                   f" {exc}; nothing of these batches was stored",
                                   exc.status) from exc
        return acks

    def _apply(self, conn: Connection, device: Device, batch: Batch) -> dict[str, Any]:
        """Apply one batch in the caller's write transaction."""
        done = conn.execute(select(batches).where(
            batches.c.batch_id == batch.batch_id)).first()
        if done is not None:
            return self._replay(done, device, batch.checksum)
        work = BatchApply(conn, batch, self.now_ms(), prefix=device.prefix,
                          one_pass=self.one_pass)
        tally = work.run()
        ack = {"batch_id": batch.batch_id, "committed": True, "accepted": tally.accepted,
               "known": tally.known, "superseded": tally.superseded,
               "changes": batch.size, "conflicts": work.conflicts(), "flags": tally.flags}
        conn.execute(insert(batches).values(
            batch_id=batch.batch_id, device_id=device.device_id, checksum=batch.checksum,
            ack=canonical_json(ack), committed_ms=self.now_ms()))
        return ack

    def _check(self, device: Device, batch: Batch) -> None:
        if batch.device != device.device_id:
            raise HubError("batch 'device': not the authenticated device", 403)
        for i, s in enumerate(batch.sets):
            if s.device != device.device_id:
                raise HubError(f"sets[{i}] 'device': not the authenticated device", 403)
            if not in_scope(s.scope, device.prefix):
                raise HubError(f"sets[{i}] 'scope': outside this device's scope", 403)
            if not may_write(s.entity_list, device.role):
                raise HubError(f"sets[{i}] 'list': only a county device may write"
                               f" {s.entity_list} (县级政策包只能由县级设备发布)", 403)

    def _replay(self, done, device: Device, checksum: str) -> dict[str, Any]:  # noqa: ANN001
        if done.checksum != checksum or done.device_id != device.device_id:
            raise HubError("batch id already used with a different body", 409)
        return {**json.loads(done.ack), "replayed": True}

    # -- pull, snapshot, digest -------------------------------------------
    def pull_json(self, device: Device, cursor: int, limit: int, fmt: str = "changes") -> bytes:
        """The JSON answer to a pull: up to ``limit`` stored sets in the device's scope after
        ``cursor``, oldest first, as sets (``fmt="sets"``) or as their changes."""
        with read_transaction(self.engine) as conn:
            top = top_seq(conn)
            rows = conn.execute(select(change_sets.c.seq, change_sets.c.body).where(
                change_sets.c.seq > literal(cursor, BigInteger), change_sets.c.seq <= top,
                in_prefix(change_sets.c.scope, device.prefix, ranged=False),
            ).order_by(change_sets.c.seq).limit(limit)).all()
            rows = merged_by_seq(rows, handed_down_sets(conn, device.prefix, after=cursor,
                                                        top=top, limit=limit),
                                 limit=limit)
        more = len(rows) == limit
        nxt = rows[-1].seq if more else max(top, cursor)
        return _json_page([r.body for r in rows], fmt, f'"cursor":{nxt},"more":{_bool(more)}')

    def snapshot_json(self, device: Device, fmt: str = "changes") -> bytes:
        """The JSON answer to a snapshot: every current version in the device's scope,
        regrouped into the sets that made them, with the cursor to pull from."""
        with paused_gc(), read_transaction(self.engine) as conn:
            top = top_seq(conn)
            rows = conn.execute(state_rows().where(in_reach(device.prefix))).all()
            count, digest = self._digest(conn, device.prefix, top)
        bodies = [b for r in rows for b in _state_bodies(r)]
        return _json_page(bodies, fmt, f'"cursor":{top},"digest":[{count},"{digest}"],'
                                       f'"scope":{json.dumps(device.prefix)}')

    def snapshot_page_json(self, device: Device, after: str, limit: int,
                           fmt: str = "changes") -> bytes:
        """One page of a snapshot: the current versions of up to ``limit`` entities of the
        device's scope in (scope, entity id) order after the page key ``after`` ("" for
        the first page), with ``next`` (the key to ask for next, or null), ``total`` (the
        scope's entities) and ``cursor`` (where pulling resumes, as of this page).

        Pages are read at different moments: a device keeps the cursor of its first page,
        so the changes stored meanwhile reach it again by pull (merging is idempotent).
        """
        key = _page_key(after)
        with paused_gc(), read_transaction(self.engine) as conn:
            top = top_seq(conn)
            scoped = in_reach(device.prefix)
            total = conn.execute(select(func.count()).select_from(states).where(scoped)
                                 ).scalar() or 0
            rows, more = snapshot_rows(conn, device.prefix, after=key, limit=limit)
        nxt = f"{rows[-1].scope}:{rows[-1].entity_id}" if more else None
        bodies = [b for r in rows for b in _state_bodies(r)]
        return _json_page(bodies, fmt, f'"cursor":{top},"next":{json.dumps(nxt)},'
                                       f'"total":{total},"scope":{json.dumps(device.prefix)}')

    def digest(self, device: Device) -> dict[str, Any]:
        """Count and hash of the device's scope, with the cursor they hold at."""
        with read_transaction(self.engine) as conn:
            top = top_seq(conn)
            count, digest = self._digest(conn, device.prefix, top)
        return {"count": count, "hash": digest, "cursor": top}

    def _digest(self, conn: Connection, prefix: str, top: int) -> tuple[int, str]:
        """``protocol.scope_digest`` of the scope at ``top``, from each state row's
        entity digest; cached until a change is stored."""
        with self._digests_lock:
            cached = self._digests.get(prefix)
        if cached is not None and cached[0] == top:
            return cached[1], cached[2]
        rows = conn.execute(select(states.c.entity_id, states.c.props, states.c.digest).where(
            in_prefix(states.c.scope, prefix))).all()
        count, digest = combine_digests((r.entity_id, r.props, r.digest) for r in rows)
        with self._digests_lock:
            if len(self._digests) >= _DIGEST_CACHE:
                self._digests.pop(next(iter(self._digests)))
            self._digests[prefix] = (top, count, digest)
        return count, digest

    def open_conflicts(self, device: Device) -> list[dict[str, Any]]:
        """Open conflicts in the device's scope, for county review."""
        with self.engine.connect() as conn:
            rows = conn.execute(state_rows().where(
                in_prefix(states.c.scope, device.prefix), states.c.contested.is_(True),
            ).order_by(states.c.entity_id)).all()
        return [c.to_dict() for r in rows for c in state_of(r).conflicts()]

    def list_flags(self, device: Device, after: int = 0) -> list[dict[str, Any]]:
        """Flags (clock ahead, duplicate ID numbers) in the device's scope; of another
        entity with the same ID number, only those inside its scope are named."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(flags).where(
                flags.c.id > literal(after, BigInteger),
                in_prefix(flags.c.scope, device.prefix)).order_by(flags.c.id)).all()
            details = [json.loads(r.detail) for r in rows]
            _add_scopes(conn, [d for r, d in zip(rows, details, strict=True)
                               if r.kind == "duplicate_id_number" and "scopes" not in d])
        return [{"id": r.id, "kind": r.kind, "change_id": r.change_id,
                 "entity_id": r.entity_id, "scope": r.scope,
                 "detail": shown_flag_detail(r.kind, d, device.prefix)}
                for r, d in zip(rows, details, strict=True)]

    def disclosures(self, *, device_id: str | None = None) -> list[dict[str, Any]]:
        """Every answer that told a device an ID number is registered outside its scope
        (oldest first; the number masked), optionally of one device."""
        query = select(disclosures).order_by(disclosures.c.id)
        if device_id:
            query = query.where(disclosures.c.device_id == device_id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]


def _add_scopes(conn: Connection, details: list[dict[str, Any]]) -> None:
    """Give duplicate-ID flag details stored before scopes were kept the scopes of
    their entities (unknown entities get "", shown to no village)."""
    ids = sorted({e for d in details for e in d.get("entities", [])})
    found: dict[str, str] = {}
    for chunk in chunks(ids):
        for entity_id, scope in conn.execute(select(states.c.entity_id, states.c.scope)
                                             .where(states.c.entity_id.in_(chunk))):
            found[entity_id] = scope
    for d in details:
        d["scopes"] = {e: found.get(e, "") for e in d.get("entities", [])}


def _page_key(after: str) -> tuple[str, str] | None:
    """``(scope, entity id)`` of a snapshot page key "scope:entity id" ("" = first page)."""
    if not after:
        return None
    scope, sep, entity_id = after.partition(":")
    if not sep or not scope.isdigit() or len(scope) > 12 or not entity_id:
        raise HubError("after: not a page key from a snapshot page", 422)
    return scope, entity_id


def _state_bodies(row: Any) -> list[str]:
    """The set bodies a snapshot serves for one state row: the origin set's stored
    body as it is, or the heads regrouped into the sets that made them."""
    if row.heads is None:
        return [row.body]
    return [s.body() for s in state_of(row).change_sets()]


def _bool(flag: bool) -> str:
    return "true" if flag else "false"


def _json_page(bodies: list[str], fmt: str, tail: str) -> bytes:
    """``{"sets":[...],<tail>}`` from stored set bodies, without re-encoding them; or
    ``{"changes":[...],<tail>}`` with each set's changes as format-1 dicts."""
    if fmt == "sets":
        return f'{{"sets":[{",".join(bodies)}],{tail}}}'.encode()
    changes = [canonical_json(c.to_dict()) for b in bodies
               for c in parse_set(json.loads(b)).changes()]
    return f'{{"changes":[{",".join(changes)}],{tail}}}'.encode()
