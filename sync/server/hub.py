"""The hub: apply pushed batches, serve pulls, snapshots and digests.

All writes run under one process-wide lock, so sequence numbers commit in
order and a pull by cursor never skips a change. A batch is applied in one
transaction and acknowledged only after it commits.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    delete,
    func,
    insert,
    select,
    tuple_,
)

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

#: Ids per ``IN (...)`` list: under SQLite's historic limit of 999 bound parameters.
_CHUNK = 900
_SQLITE_PARAMS = 999
#: Scope digests kept (one per device scope prefix).
_DIGEST_CACHE = 256
#: Rows per PostgreSQL ``json_to_recordset`` insert, and the SQL type of each column type.
_PG_ROWS = 10_000
_PG_TYPE = {"String": "text", "Text": "text", "Integer": "integer", "BigInteger": "bigint",
            "Boolean": "boolean"}


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


def _chunks(items: Iterable[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    """``items`` in lists of at most ``size`` (bound-parameter limits of IN lists)."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, in order) in a few statements.

    One statement per chunk instead of one per row: a multi-row ``VALUES`` on
    SQLite, and on PostgreSQL ``INSERT ... SELECT FROM json_to_recordset(%s)``,
    one JSON parameter that psycopg passes through untouched (thousands of
    placeholders or text arrays cost more in the driver than in the server).
    Either is far cheaper than an executemany through the SQL expression layer;
    the rows and their order are the same.
    """
    if not rows:
        return
    cols = list(rows[0])
    quote = conn.dialect.identifier_preparer
    head = (f"INSERT INTO {quote.format_table(table)} "
            f"({', '.join(quote.quote(c) for c in cols)}) ")
    style = conn.dialect.paramstyle
    if conn.dialect.name == "postgresql" and style in ("format", "pyformat"):
        names = ", ".join(quote.quote(c) for c in cols)
        types = ", ".join(f"{quote.quote(c)} {_PG_TYPE[type(table.c[c].type).__name__]}"
                          for c in cols)
        sql = f"{head}SELECT {names} FROM json_to_recordset(%s::json) AS r({types})"
        for start in range(0, len(rows), _PG_ROWS):
            conn.exec_driver_sql(sql, (json.dumps(rows[start:start + _PG_ROWS]),))
    elif style == "qmark":
        one = "(" + ", ".join(["?"] * len(cols)) + ")"
        per = max(1, _SQLITE_PARAMS // len(cols))
        for start in range(0, len(rows), per):
            chunk = rows[start:start + per]
            conn.exec_driver_sql(f"{head}VALUES {', '.join([one] * len(chunk))}",
                                 tuple(row[c] for row in chunk for c in cols))
    else:
        conn.execute(insert(table), rows)


def _version(body: str) -> Version:
    """The version a stored change body sets (bodies were validated when pushed)."""
    data = json.loads(body)
    seen = data.get("seen")
    return Version(data["id"], data.get("value"), data["hlc"], data["device"], data["user"],
                   None if seen is None else dict(seen))


class _BatchApply:
    """One batch merged in memory over its preloaded state, then written set-wise.

    Every lookup the merge needs is loaded up front in a few ``IN`` queries: which
    change ids are known, which are already replaced (links), the entities' lists
    and scopes, the current versions of every property of the touched entities,
    and the heads carrying the batch's ID numbers. The changes are then merged one
    by one in batch order, exactly as if each were applied and written in turn
    (later changes see earlier ones), and the writes go out as a few multi-row
    statements. The caller holds the hub lock and the transaction.
    """

    def __init__(self, conn: Connection, batch: Batch, now_ms: int) -> None:
        self.conn, self.batch, self.now = conn, batch, now_ms
        self.tally = _Tally()
        ids = {c.change_id for c in batch.changes}
        self.entity_ids = sorted({c.entity_id for c in batch.changes})
        self.entities = self._load_entities()
        self._check_entities()
        self.known = self._load_set(changes.c.change_id, ids)
        self.superseded = self._load_set(links.c.parent, ids)
        #: entity -> prop -> current state; every property of every batch entity.
        self.states: dict[str, dict[str, PropertyState]] = {}
        #: (entity, prop) -> head ids before this batch, for the pairs it changes.
        self.stored_heads: dict[tuple[str, str], set[str]] = {}
        #: lookup key -> (entity, prop) pairs of batch entities whose heads carry it.
        self.by_lookup: dict[str, set[tuple[str, str]]] = {}
        self.pair_lookups: dict[tuple[str, str], set[str]] = {}
        self._load_heads()
        self.other_lookups = self._load_lookups()
        self.new_changes: list[dict[str, Any]] = []
        self.new_links: list[dict[str, Any]] = []
        self.new_entities: list[dict[str, Any]] = []
        self.new_flags: list[dict[str, Any]] = []

    # -- loading ----------------------------------------------------------
    def _load_entities(self) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(self.entity_ids):
            for r in self.conn.execute(select(entities.c.entity_id, entities.c.list,
                                              entities.c.scope).where(
                    entities.c.entity_id.in_(chunk))):
                out[r.entity_id] = (r.list, r.scope)
        return out

    def _check_entities(self) -> None:
        fixed = dict(self.entities)
        for i, change in enumerate(self.batch.changes):
            record = fixed.setdefault(change.entity_id, (change.entity_list, change.scope))
            if record != (change.entity_list, change.scope):
                raise HubError(f"changes[{i}]: entity list or scope differs from its record",
                               422)

    def _load_set(self, column: Any, ids: set[str]) -> set[str]:
        out: set[str] = set()
        for chunk in _chunks(sorted(ids)):
            out.update(self.conn.execute(select(column).where(column.in_(chunk))).scalars())
        return out

    def _load_heads(self) -> None:
        versions: dict[tuple[str, str], list[Version]] = {}
        for chunk in _chunks(self.entity_ids):
            rows = self.conn.execute(select(heads.c.entity_id, heads.c.prop, heads.c.lookup,
                                            changes.c.body).join(
                changes, heads.c.change_id == changes.c.change_id).where(
                heads.c.entity_id.in_(chunk)))
            for r in rows:
                pair = (r.entity_id, r.prop)
                versions.setdefault(pair, []).append(_version(r.body))
                if r.lookup is not None:
                    self._index_lookups(pair, {r.lookup} | self.pair_lookups.get(pair, set()))
        for (entity, prop), items in versions.items():
            self.states.setdefault(entity, {})[prop] = PropertyState.of(items)

    def _load_lookups(self) -> dict[str, set[str]]:
        """Entities outside this batch whose current ID numbers match the batch's."""
        keys = {k for c in self.batch.changes if (k := _lookup(c.entity_list, c.prop, c.value))}
        batch_entities = set(self.entity_ids)
        out: dict[str, set[str]] = {}
        for chunk in _chunks(sorted(keys)):
            for r in self.conn.execute(select(heads.c.lookup, heads.c.entity_id).where(
                    heads.c.lookup.in_(chunk))):
                if r.entity_id not in batch_entities:
                    out.setdefault(r.lookup, set()).add(r.entity_id)
        return out

    def _index_lookups(self, pair: tuple[str, str], keys: set[str]) -> None:
        for key in self.pair_lookups.get(pair, set()) - keys:
            self.by_lookup[key].discard(pair)
        for key in keys:
            self.by_lookup.setdefault(key, set()).add(pair)
        self.pair_lookups[pair] = keys

    # -- merging ----------------------------------------------------------
    def run(self) -> _Tally:
        """Merge every change in batch order, then write the results."""
        for change, body in zip(self.batch.changes, self.batch.bodies, strict=True):
            self._apply(change, body)
        self._write()
        return self.tally

    def _apply(self, change: Change, body: str) -> None:
        tally = self.tally
        props = self.states.setdefault(change.entity_id, {})
        state = props.get(change.prop, PropertyState())
        decision = merge(state, change, known=change.change_id in self.known,
                         superseded=change.change_id in self.superseded)
        if decision.outcome is Outcome.KNOWN:
            tally.known += 1
            return
        self._store(change, body)
        pair = (change.entity_id, change.prop)
        self.stored_heads.setdefault(pair, set(state.head_ids))
        props[change.prop] = decision.state
        if (change.entity_list, change.prop) == (ID_LIST, ID_PROP):
            self._index_lookups(pair, {k for v in decision.state.heads
                                       if (k := _lookup(change.entity_list, change.prop,
                                                        v.value))})
        tally.touched.add(change.entity_id)
        if decision.outcome is Outcome.SUPERSEDED:
            tally.superseded += 1
        else:
            tally.accepted += 1
        if is_ahead(change.stamp, now_ms=self.now):
            self._flag("clock_ahead", change, {"ahead_ms": change.stamp.wall_ms - self.now,
                                               "device": change.device})
        if change.change_id in decision.state.head_ids:
            self._flag_duplicate_id(change)

    def _store(self, change: Change, body: str) -> None:
        self.known.add(change.change_id)
        self.new_changes.append({
            "change_id": change.change_id, "entity_id": change.entity_id, "prop": change.prop,
            "scope": change.scope, "body": body,
            "batch_id": self.batch.batch_id, "received_ms": self.now})
        parents = replaces(change)
        self.superseded |= parents
        self.new_links += [{"parent": p, "child": change.change_id} for p in sorted(parents)]
        if change.entity_id not in self.entities:
            self.entities[change.entity_id] = (change.entity_list, change.scope)
            self.new_entities.append({"entity_id": change.entity_id,
                                      "list": change.entity_list, "scope": change.scope})

    def _flag(self, kind: str, change: Change, detail: dict[str, Any]) -> None:
        row = {"kind": kind, "change_id": change.change_id, "entity_id": change.entity_id,
               "scope": change.scope, "detail": canonical_json(detail)}
        self.new_flags.append({**row, "created_ms": self.now})
        self.tally.flags.append({**row, "detail": detail})

    def _flag_duplicate_id(self, change: Change) -> None:
        key = _lookup(change.entity_list, change.prop, change.value)
        if key is None:
            return
        others = set(self.other_lookups.get(key, ()))
        others.update(e for e, _ in self.by_lookup.get(key, ()) if e != change.entity_id)
        if others:
            self._flag("duplicate_id_number", change, {"entities": sorted(others)})

    # -- writing ----------------------------------------------------------
    def _write(self) -> None:
        conn = self.conn
        gone: list[tuple[str, str, str]] = []
        added: list[dict[str, Any]] = []
        for (entity, prop), before in self.stored_heads.items():
            after = {v.change_id: v for v in self.states[entity][prop].heads}
            gone += [(entity, prop, cid) for cid in sorted(before - after.keys())]
            lst, scope = self.entities[entity]
            added += [{"entity_id": entity, "prop": prop, "change_id": cid, "scope": scope,
                       "lookup": _lookup(lst, prop, v.value)}
                      for cid, v in after.items() if cid not in before]
        key = tuple_(heads.c.entity_id, heads.c.prop, heads.c.change_id)
        for chunk in _chunks(gone, _SQLITE_PARAMS // 3):
            conn.execute(delete(heads).where(key.in_(chunk)))
        for table, rows in ((changes, self.new_changes), (links, self.new_links),
                            (entities, self.new_entities), (heads, added),
                            (flags, self.new_flags)):
            _insert_many(conn, table, rows)

    def conflicts(self) -> list[dict[str, Any]]:
        """The open conflicts of the entities this batch touched (as now written)."""
        return [c.to_dict() for e in sorted(self.tally.touched)
                for c in entity_view(e, self.entities[e][0], self.states.get(e, {})).conflicts]


class Hub:
    """The county server's logic over one engine."""

    def __init__(self, engine: Engine, *, now_ms: Callable[[], int] = system_ms) -> None:
        self.engine = engine
        self.now_ms = now_ms
        self.lock = threading.Lock()
        self._digests: dict[str, tuple[int, int, str]] = {}

    # -- push -------------------------------------------------------------
    def push(self, device: Device, batch: Batch) -> dict[str, Any]:
        """Apply a batch from ``device``; return its acknowledgement (after commit)."""
        self._check(device, batch)
        checksum = batch.checksum
        with self.lock, self.engine.begin() as conn:
            done = conn.execute(select(batches).where(
                batches.c.batch_id == batch.batch_id)).first()
            if done is not None:
                return self._replay(done, device, checksum)
            work = _BatchApply(conn, batch, self.now_ms())
            tally = work.run()
            ack = {"batch_id": batch.batch_id, "committed": True, "accepted": tally.accepted,
                   "known": tally.known, "superseded": tally.superseded,
                   "change_ids": [c.change_id for c in batch.changes],
                   "conflicts": work.conflicts(), "flags": tally.flags}
            conn.execute(insert(batches).values(
                batch_id=batch.batch_id, device_id=device.device_id, checksum=checksum,
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

    def _replay(self, done, device: Device, checksum: str) -> dict[str, Any]:  # noqa: ANN001
        if done.checksum != checksum or done.device_id != device.device_id:
            raise HubError("batch id already used with a different body", 409)
        return {**json.loads(done.ack), "replayed": True}

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
        return json.loads(self.pull_json(device, cursor, limit))

    def pull_json(self, device: Device, cursor: int, limit: int) -> bytes:
        """:meth:`pull` as the JSON body of the answer, built from the stored bodies."""
        with self.engine.connect() as conn:
            top = conn.execute(select(func.max(changes.c.seq))).scalar() or 0
            rows = conn.execute(select(changes.c.seq, changes.c.body).where(
                changes.c.seq > cursor, changes.c.seq <= top,
                _in_prefix(changes.c.scope, device.prefix, ranged=False),
            ).order_by(changes.c.seq).limit(limit)).all()
        more = len(rows) == limit
        nxt = rows[-1].seq if more else max(top, cursor)
        return _json_page([r.body for r in rows], f'"cursor":{nxt},"more":{_bool(more)}')

    def snapshot(self, device: Device) -> dict[str, Any]:
        """Every current version in the device's scope, with the cursor to pull from."""
        return json.loads(self.snapshot_json(device))

    def snapshot_json(self, device: Device) -> bytes:
        """:meth:`snapshot` as the JSON body of the answer, built from the stored bodies."""
        with self.lock, self.engine.connect() as conn:
            top = conn.execute(select(func.max(changes.c.seq))).scalar() or 0
            bodies = conn.execute(select(changes.c.body).join(
                heads, heads.c.change_id == changes.c.change_id).where(
                _in_prefix(heads.c.scope, device.prefix))).scalars().all()
            count, digest = self._digest(conn, device.prefix, top)
        return _json_page(bodies, f'"cursor":{top},"digest":[{count},"{digest}"],'
                                  f'"scope":{json.dumps(device.prefix)}')

    def digest(self, device: Device) -> dict[str, Any]:
        """Count and hash of the device's scope, with the cursor they hold at."""
        with self.lock, self.engine.connect() as conn:
            top = conn.execute(select(func.max(changes.c.seq))).scalar() or 0
            count, digest = self._digest(conn, device.prefix, top)
        return {"count": count, "hash": digest, "cursor": top}

    def _digest(self, conn: Connection, prefix: str, top: int) -> tuple[int, str]:
        """The scope digest at ``top``, read after it; cached until a change is stored.

        Heads only change when a change is stored, and every stored change raises
        the top sequence number, so ``(prefix, top)`` names one state of the heads.
        """
        cached = self._digests.get(prefix)
        if cached is not None and cached[0] == top:
            return cached[1], cached[2]
        rows = conn.execute(select(heads.c.entity_id, heads.c.prop, heads.c.change_id).where(
            _in_prefix(heads.c.scope, prefix)))
        grouped: dict[tuple[str, str], list[str]] = {}
        for e, p, cid in rows:
            grouped.setdefault((e, p), []).append(cid)
        count, digest = scope_digest((e, p, ids) for (e, p), ids in grouped.items())
        if len(self._digests) >= _DIGEST_CACHE:
            self._digests.pop(next(iter(self._digests)))
        self._digests[prefix] = (top, count, digest)
        return count, digest

    def open_conflicts(self, device: Device) -> list[dict[str, Any]]:
        """Open conflicts in the device's scope, for county review."""
        with self.engine.connect() as conn:
            ids = conn.execute(select(heads.c.entity_id).where(
                _in_prefix(heads.c.scope, device.prefix)).group_by(
                heads.c.entity_id, heads.c.prop).having(func.count() > 1)).scalars().all()
            ids += conn.execute(select(heads.c.entity_id).where(
                _in_prefix(heads.c.scope, device.prefix),
                heads.c.prop == "_deleted")).scalars().all()
            return [c.to_dict() for e in sorted(set(ids)) for c in self.entity_conflicts(conn, e)]

    def list_flags(self, device: Device, after: int = 0) -> list[dict[str, Any]]:
        """Flags (clock ahead, duplicate ID numbers) in the device's scope."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(flags).where(
                flags.c.id > after,
                _in_prefix(flags.c.scope, device.prefix)).order_by(flags.c.id))
            return [{"id": r.id, "kind": r.kind, "change_id": r.change_id,
                     "entity_id": r.entity_id, "scope": r.scope,
                     "detail": json.loads(r.detail)} for r in rows]


def _in_prefix(column: Any, prefix: str, *, ranged: bool = True) -> Any:
    """``column`` (a stored scope, 2 to 12 digits) starts with a device's scope prefix.

    A full 12-digit prefix is an equality, so an index on (scope, seq) serves a
    village's pulls in order. A shorter one keeps ``LIKE`` (which neither SQLite
    nor PostgreSQL under a non-C collation can take from an index), and with
    ``ranged`` adds the same rows as a digit range the index can scan.
    """
    if len(prefix) == 12:
        return column == prefix
    like = column.startswith(prefix, autoescape=True)
    if not ranged or not prefix.isdigit():
        return like
    upper = _next_prefix(prefix)
    return and_(like, column >= prefix, *([column < upper] if upper else []))


def _next_prefix(prefix: str) -> str | None:
    """The least digit string above every string starting with ``prefix`` ("3309" -> "331")."""
    digits = prefix.rstrip("9")
    return digits[:-1] + str(int(digits[-1]) + 1) if digits else None


def _bool(flag: bool) -> str:
    return "true" if flag else "false"


def _json_page(bodies: list[str], tail: str) -> bytes:
    """``{"changes":[...],<tail>}`` from stored change bodies, without re-encoding them."""
    return f'{{"changes":[{",".join(bodies)}],{tail}}}'.encode()


def _lookup(entity_list: str, prop: str, value: Any) -> str | None:
    """The normalized national ID number a head carries, for duplicate detection."""
    if entity_list != ID_LIST or prop != ID_PROP or not isinstance(value, str):
        return None
    norm = value.strip().upper()
    return norm[:64] or None
