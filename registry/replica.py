"""The encrypted store as a sync replica: implements ``sync.client.port.SyncStore``.

Current state is kept per property as in ``sync.protocol``: the entity row holds
each property's winning value and version; a property with several current
versions (concurrent edits) also has a ``heads`` row listing them all, and an
open ``conflict`` row when their values differ. Remote changes go through
``protocol.merge`` in one transaction per call, with every lookup batched, so a
bootstrap of a whole village costs a few queries per thousand changes.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from registry import journal as journal_rows
from registry.rules import parent_of
from registry.search import keys_for
from registry.store import Store
from sync.protocol import (
    DELETED,
    MERGED_INTO,
    ApplyOutcome,
    Change,
    Conflict,
    Outcome,
    PropertyState,
    Snapshot,
    Version,
    entity_view,
    merge,
    replaces,
    resolve,
    scope_digest,
    scope_prefix,
)

_CHUNK = 500
_CURSOR_KEY = "sync_cursor"
_DIGEST_KEY = "scope_digest_cache"


@dataclass
class _Entity:
    """A mutable working copy of one entity row during a merge."""

    id: str
    entity_list: str
    scope: str
    props: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    deleted: bool = False
    merged_into: str | None = None
    created_hlc: str = ""
    updated_hlc: str = ""
    exists: bool = False
    old_keys: set[str] = field(default_factory=set)


class StoreReplica:
    """A :class:`registry.store.Store` seen through the sync client's port."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._conn = store.db.conn

    # -- identity, cursor -------------------------------------------------

    def device_id(self) -> str:
        """This device's id (as enrolled with the server)."""
        return self.store.device

    def scope(self) -> str:
        """This device's scope prefix."""
        return scope_prefix(self.store.default_scope)

    def get_cursor(self) -> int | None:
        """The persisted pull cursor, or ``None`` before the first pull."""
        value = self.store.meta(_CURSOR_KEY)
        return None if value is None else int(value)

    def set_cursor(self, cursor: int) -> None:
        """Persist the pull cursor."""
        with self.store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                         (_CURSOR_KEY, str(int(cursor))))

    # -- pushing ------------------------------------------------------------

    def pending_changes(self, limit: int) -> list[Change]:
        """Local changes not yet acknowledged, whole change sets, in journal order."""
        out: list[Change] = []
        rows = self._conn.execute(
            f"SELECT {journal_rows.COLUMNS} FROM journal WHERE origin = 0 AND acked = 0"
            " ORDER BY seq")
        for row in rows:
            changes = self._unacked(row)
            if out and len(out) + len(changes) > limit:
                break
            out.extend(changes)
        return out

    def _unacked(self, row: tuple[Any, ...]) -> list[Change]:
        done = {p for (p,) in self._conn.execute(
            "SELECT prop FROM partial_ack WHERE set_id = ?", (row[0],))}
        return [c for c in journal_rows.unpack(row) if c.prop not in done]

    def mark_acknowledged(self, change_ids: list[str]) -> None:
        """Record that the server committed these changes; a set is done when all are."""
        by_set: dict[str, set[str]] = {}
        for cid in change_ids:
            set_id, _, prop = cid.partition(".")
            by_set.setdefault(set_id, set()).add(prop)
        with self.store.transaction() as conn:
            done, partial = self._ack_rows(conn, by_set)
            conn.executemany("UPDATE journal SET acked = 1 WHERE seq = ?", done)
            conn.executemany("INSERT OR IGNORE INTO partial_ack VALUES (?, ?)", partial)
            conn.executemany("DELETE FROM partial_ack WHERE set_id = ?",
                             [(s,) for s in by_set if not any(p[0] == s for p in partial)])

    def _ack_rows(self, conn: Any, by_set: dict[str, set[str]]
                  ) -> tuple[list[tuple[int]], list[tuple[str, str]]]:
        """Rows now wholly acknowledged, and (set, prop) pairs still only partly."""
        done: list[tuple[int]] = []
        partial: list[tuple[str, str]] = []
        for chunk in _chunks(sorted(by_set)):
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(f"SELECT seq, set_id, changes FROM journal WHERE origin = 0"
                                f" AND acked = 0 AND set_id IN ({marks})", chunk).fetchall()
            for seq, set_id, packed in rows:
                props, acked = set(json.loads(packed)), by_set[set_id]
                if not props <= acked:
                    acked = acked | {p for (p,) in conn.execute(
                        "SELECT prop FROM partial_ack WHERE set_id = ?", (set_id,))}
                if props <= acked:
                    done.append((seq,))
                else:
                    partial.extend((set_id, p) for p in by_set[set_id])
        return done, partial

    # -- pulling --------------------------------------------------------------

    def apply_remote(self, changes: list[Change]) -> ApplyOutcome:
        """Merge pulled changes with ``protocol.merge`` in one transaction."""
        with self.store.transaction():
            merger = _Merger(self._conn)
            counts = merger.apply(changes)
            merger.write(origin=1)
        latest = max((c.stamp for c in changes), default=None)
        if latest is not None:
            self.store.clock.observe(latest)
        return ApplyOutcome(counts[Outcome.APPLIED] + counts[Outcome.CONFLICT],
                            counts[Outcome.KNOWN], counts[Outcome.SUPERSEDED],
                            tuple(merger.conflicts))

    def scope_digest(self) -> tuple[int, str]:
        """``protocol.scope_digest`` over every current version in this device's scope.

        Cached against the journal's last row: every change of state appends to the
        journal (a repair, which may not, clears the cache), so a no-op sync does not
        rehash the whole scope.
        """
        top = self._conn.execute("SELECT max(seq) FROM journal").fetchone()[0] or 0
        cached = json.loads(self.store.meta(_DIGEST_KEY) or "null")
        if cached and cached[0] == top and cached[1] == self.scope():
            return int(cached[2]), str(cached[3])
        count, digest = scope_digest(self._digest_rows(self.scope()))
        self.store.set_meta(_DIGEST_KEY, json.dumps([top, self.scope(), count, digest]))
        return count, digest

    def _digest_rows(self, prefix: str) -> Iterator[tuple[str, str, Iterable[str]]]:
        multi = {(e, p): [v["id"] for v in json.loads(vs)] for e, p, vs in self._conn.execute(
            "SELECT h.entity_id, h.prop, h.versions FROM heads h JOIN entity e"
            " ON e.id = h.entity_id WHERE e.scope LIKE ?", (prefix + "%",))}
        for eid, versions in self._conn.execute(
                "SELECT id, versions FROM entity WHERE scope LIKE ?", (prefix + "%",)):
            for prop, cid in json.loads(versions).items():
                yield eid, prop, multi.get((eid, prop), [cid])

    def replace_scope(self, snapshot: Snapshot) -> None:
        """Rebuild this scope's state from ``snapshot``, local pending changes on top."""
        pending = self.pending_changes(10**9)
        prefix = scope_prefix(snapshot.scope) if snapshot.scope else self.scope()
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (_DIGEST_KEY,))
            _clear_scope(conn, prefix)
            merger = _Merger(conn, fresh=True)
            merger.rebuild([*snapshot.changes, *pending])
            merger.write(origin=1)

    # -- reading ----------------------------------------------------------------

    def states(self, entity_id: str) -> dict[str, PropertyState]:
        """The current versions of every property of one entity."""
        merger = _Merger(self._conn)
        merger.load([entity_id])
        entity = merger.entities.get(entity_id)
        if entity is None:
            return {}
        return {p: merger._detailed_state(entity, p) for p in entity.versions}

    def view(self, entity_id: str) -> Any:
        """``protocol.entity_view`` of one entity: deleted or not, and its conflicts."""
        row = self._conn.execute("SELECT list FROM entity WHERE id = ?", (entity_id,)).fetchone()
        return entity_view(entity_id, row[0] if row else "", self.states(entity_id))


def _clear_scope(conn: Any, prefix: str) -> None:
    ids = "SELECT id FROM entity WHERE scope LIKE ?"
    like = (prefix + "%",)
    for table in ("heads", "search_key", "conflict"):
        conn.execute(f"DELETE FROM {table} WHERE entity_id IN ({ids})", like)
    conn.execute("DELETE FROM entity WHERE scope LIKE ?", like)


class _Merger:
    """Merges a batch of changes into working copies, then writes them in bulk."""

    def __init__(self, conn: Any, *, fresh: bool = False) -> None:
        self._conn = conn
        self._fresh = fresh
        self.entities: dict[str, _Entity] = {}
        self.heads: dict[tuple[str, str], PropertyState] = {}
        self.touched_heads: set[tuple[str, str]] = set()
        self.stored: list[Change] = []
        self.replaced: set[str] = set()
        self.conflicts: list[Conflict] = []

    # -- merging --------------------------------------------------------------

    def apply(self, changes: list[Change]) -> Counter[Outcome]:
        """Merge each change; remember what to store."""
        self._preload(changes)
        known = self._known_ids(changes)
        superseded = self._replaced_ids(changes)
        counts: Counter[Outcome] = Counter()
        for change in changes:
            if change.change_id in known:
                counts[Outcome.KNOWN] += 1
                continue
            state = self._state(change.entity_id, change.prop)
            decision = merge(state, change, superseded=change.change_id in superseded)
            counts[decision.outcome] += 1
            if decision.outcome is Outcome.KNOWN:
                continue
            known.add(change.change_id)
            superseded |= replaces(change)
            self._keep(change, decision.state)
        return counts

    def rebuild(self, changes: list[Change]) -> None:
        """Set states from the whole set of changes (``protocol.resolve``), for repair."""
        groups: dict[tuple[str, str], list[Change]] = {}
        for change in changes:
            groups.setdefault((change.entity_id, change.prop), []).append(change)
        known = self._known_ids(changes)
        for (eid, _prop), group in groups.items():
            self._entity(eid, group[0])
            self._keep(None, resolve(group), group[0])
        self.stored = [c for c in changes if c.change_id not in known]

    def _keep(self, change: Change | None, state: PropertyState,
              like: Change | None = None) -> None:
        sample = change or like
        assert sample is not None
        if change is not None:
            self.stored.append(change)
            self.replaced |= replaces(change)
        entity = self._entity(sample.entity_id, sample)
        key = (sample.entity_id, sample.prop)
        self.heads[key] = state
        self.touched_heads.add(key)
        winner = state.winner
        if winner is not None:
            if sample.prop != DELETED:  # deletion is the ``deleted`` column, from entity_view
                entity.props[sample.prop] = winner.value
            entity.versions[sample.prop] = winner.change_id
        entity.updated_hlc = max(entity.updated_hlc, sample.hlc)

    def _state(self, entity_id: str, prop: str) -> PropertyState:
        key = (entity_id, prop)
        if key in self.heads:
            return self.heads[key]
        entity = self.entities.get(entity_id)
        if entity is None or prop not in entity.versions:
            return PropertyState()
        return PropertyState((Version(entity.versions[prop], entity.props.get(prop), "", "", ""),))

    def _entity(self, entity_id: str, change: Change) -> _Entity:
        entity = self.entities.get(entity_id)
        if entity is None:
            entity = _Entity(entity_id, change.entity_list, change.scope,
                             created_hlc=change.hlc, updated_hlc=change.hlc)
            self.entities[entity_id] = entity
        return entity

    # -- batched lookups ----------------------------------------------------------

    def _preload(self, changes: list[Change]) -> None:
        self.load(sorted({c.entity_id for c in changes}))

    def load(self, ids: list[str]) -> None:
        """Read entity rows and their multi-version properties, a chunk at a time."""
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(
                    "SELECT id, list, scope, props, versions, deleted, merged_into, created_hlc,"
                    f" updated_hlc FROM entity WHERE id IN ({marks})", chunk):
                props = json.loads(row[3])
                self.entities[row[0]] = _Entity(
                    row[0], row[1], row[2], props, json.loads(row[4]), bool(row[5]), row[6],
                    row[7], row[8], exists=True, old_keys=keys_for(row[1], props))
            for eid, prop, versions in self._conn.execute(
                    f"SELECT entity_id, prop, versions FROM heads WHERE entity_id IN ({marks})",
                    chunk):
                self.heads[(eid, prop)] = _state_from_json(versions)

    def _known_ids(self, changes: list[Change]) -> set[str]:
        wanted = {c.change_id for c in changes}
        sets = sorted({journal_rows.set_id_of(c) for c in changes})
        known: set[str] = set()
        for chunk in _chunks(sets):
            rows = self._conn.execute(
                f"SELECT {journal_rows.COLUMNS} FROM journal WHERE set_id IN"
                f" ({','.join('?' * len(chunk))})", chunk)
            known |= {c.change_id for row in rows for c in journal_rows.unpack(row)}
        return known & wanted

    def _replaced_ids(self, changes: list[Change]) -> set[str]:
        ids = sorted({c.change_id for c in changes})
        found: set[str] = set()
        for chunk in _chunks(ids):
            found |= {r[0] for r in self._conn.execute(
                f"SELECT change_id FROM replaced WHERE change_id IN ({','.join('?' * len(chunk))})",
                chunk)}
        return found

    # -- writing ------------------------------------------------------------------

    def write(self, *, origin: int) -> None:
        """Store the kept changes, the replaced ids, heads, entities and search keys."""
        conn = self._conn
        conn.executemany(journal_rows.INSERT, journal_rows.pack(self.stored, origin=origin))
        conn.executemany("INSERT OR IGNORE INTO replaced (change_id) VALUES (?)",
                         [(cid,) for cid in sorted(self.replaced)])
        for key in sorted(self.touched_heads):
            self._write_heads(key)
        for entity in self.entities.values():
            if entity.versions:
                self._write_entity(entity)

    def _write_heads(self, key: tuple[str, str]) -> None:
        state = self.heads[key]
        conn = self._conn
        if len(state.heads) > 1:
            versions = [self._detailed(v).to_dict() for v in state.heads]
            conn.execute("INSERT OR REPLACE INTO heads VALUES (?, ?, ?)",
                         (*key, journal_rows.dumps(versions)))
        else:
            conn.execute("DELETE FROM heads WHERE entity_id = ? AND prop = ?", key)
        entity = self.entities[key[0]]
        if state.in_conflict and entity.entity_list:
            conflict = Conflict("edit", key[0], entity.entity_list, key[1],
                                self._detailed(state.heads[0]),
                                tuple(self._detailed(v) for v in state.losers))
            self._open_conflict(conflict)
        else:
            self._close_conflict(key)

    def _detailed(self, version: Version) -> Version:
        """Fill in the clock, device and user of a version known only by id and value."""
        if version.hlc:
            return version
        set_id, _, _prop = version.change_id.partition(".")
        for row in self._conn.execute(f"SELECT {journal_rows.COLUMNS} FROM journal"
                                      " WHERE set_id = ?", (set_id,)):
            for change in journal_rows.unpack(row):
                if change.change_id == version.change_id:
                    return Version.of(change)
        return version

    def _open_conflict(self, conflict: Conflict) -> None:
        self.conflicts.append(conflict)
        self._conn.execute(
            "INSERT OR REPLACE INTO conflict (id, entity_id, prop, winner_change, loser_change,"
            " detected_hlc, status) VALUES (?, ?, ?, ?, ?, ?, 'open')",
            (f"{conflict.entity_id}/{conflict.prop}", conflict.entity_id, conflict.prop,
             journal_rows.dumps(conflict.winner.to_dict()),
             journal_rows.dumps([v.to_dict() for v in conflict.losers]), conflict.winner.hlc))

    def _close_conflict(self, key: tuple[str, str]) -> None:
        self._conn.execute(
            "UPDATE conflict SET status = 'resolved' WHERE entity_id = ? AND prop = ?"
            " AND status = 'open'", key)

    def _write_entity(self, entity: _Entity) -> None:
        entity.deleted = self._is_deleted(entity)
        parent = parent_of(entity.entity_list, entity.props)
        merged_into = entity.props.get(MERGED_INTO) or None
        self._conn.execute(
            "INSERT OR REPLACE INTO entity (id, list, scope, parent, props, versions, deleted,"
            " merged_into, created_hlc, updated_hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entity.id, entity.entity_list, entity.scope, parent,
             journal_rows.dumps(entity.props), journal_rows.dumps(entity.versions),
             int(entity.deleted), merged_into, entity.created_hlc, entity.updated_hlc))
        live = not entity.deleted and not merged_into
        new_keys = keys_for(entity.entity_list, entity.props) if live else set()
        self._conn.executemany("DELETE FROM search_key WHERE key = ? AND entity_id = ?",
                               [(k, entity.id) for k in entity.old_keys - new_keys])
        self._conn.executemany("INSERT OR IGNORE INTO search_key VALUES (?, ?)",
                               [(k, entity.id) for k in new_keys - entity.old_keys])

    def _is_deleted(self, entity: _Entity) -> bool:
        if DELETED not in entity.versions:
            return False
        states = {p: self._detailed_state(entity, p) for p in entity.versions}
        view = entity_view(entity.id, entity.entity_list, states)
        for conflict in view.conflicts:
            if conflict.kind == "delete":
                self._open_conflict(conflict)
        if not any(c.kind == "delete" for c in view.conflicts):
            self._close_conflict((entity.id, DELETED))
        return view.deleted

    def _detailed_state(self, entity: _Entity, prop: str) -> PropertyState:
        state = self.heads.get((entity.id, prop))
        if state is None:
            row = self._conn.execute("SELECT versions FROM heads WHERE entity_id = ? AND prop = ?",
                                     (entity.id, prop)).fetchone()
            state = _state_from_json(row[0]) if row else self._state(entity.id, prop)
        return PropertyState.of(self._detailed(v) for v in state.heads)


def _state_from_json(text: str) -> PropertyState:
    return PropertyState.of(Version(v["id"], v.get("value"), v.get("hlc", ""), v.get("device", ""),
                                    v.get("user", ""), v.get("seen")) for v in json.loads(text))


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]
