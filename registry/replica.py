"""The encrypted store as a sync replica: implements ``sync.client.port.SyncStore``.

Current state is kept per property as in ``sync.protocol``: the entity row holds
each property's winning value and version; a property with several current
versions (concurrent edits) also has a ``heads`` row listing them all, and an
open ``conflict`` row when their values differ. Remote changes go through
``protocol.merge`` in one transaction per call, with every lookup batched, so a
bootstrap of a whole village costs a few queries per thousand changes.

A set creating an entity (every property a first write, no deletion) is, if the
device has never seen that entity, the entity's whole state: its journal row,
entity row and search keys depend on the set alone. :meth:`StoreReplica.prepare_remote`
builds them ahead, on the sync client's fetching thread, while the page before is
merged and committed; the merge still decides, in its transaction, whether each
set really creates an entity new to this store, and uses the rows built ahead only
then (and only if nothing later in the page touched that entity).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from registry import audit
from registry import journal as journal_rows
from registry.recovery import ensure_recovery_slot
from registry.rules import parent_of
from registry.search import keys_for
from registry.store import Store
from sync.protocol import (
    DELETED,
    MERGED_INTO,
    ApplyOutcome,
    Change,
    ChangeSet,
    Conflict,
    Outcome,
    PropertyState,
    Snapshot,
    Stamp,
    Version,
    as_sets,
    combine_digests,
    digest_lines,
    entity_view,
    merge,
    parse_json,
    paused_gc,
    replaces,
    resolve,
    scope_prefix,
)

_CHUNK = 500
#: Lists whose records are not counted as records to upload: they ride along with the
#: records the user made (a form's own answers, ``submission``, beside the follow-up or
#: household it wrote; the audit log).
UNCOUNTED_LISTS = ("submission", audit.AUDIT_LIST)
#: The journal rows of counted lists (SQL).
COUNTED_LIST = f"list NOT IN ({', '.join(repr(name) for name in UNCOUNTED_LISTS)})"
#: An entity with a local change not yet acknowledged (the journal's entity index).
PENDING_ENTITY = ("SELECT 1 FROM journal AS p WHERE p.entity_id = {entity}"
                  " AND p.origin = 0 AND p.acked = 0")
#: rows per multi-row INSERT of the merge's writes (:func:`insert_rows`)
_ROWS_PER_STATEMENT = 256
_JOURNAL_HEAD = f"INSERT INTO journal ({journal_rows.COLUMNS}, origin) VALUES"
_CURSOR_KEY = "sync_cursor"
_DIGEST_KEY = "scope_digest_cache"
_BOOTSTRAP_KEY = "sync_bootstrap"


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
    #: the entity row and search-key rows built ahead from its creating set; dropped
    #: as soon as a later change of the same page touches the entity
    ready: tuple[tuple[Any, ...], list[tuple[str, str]]] | None = None


@dataclass(slots=True)
class _Ahead:
    """What a set creating an entity stores, built from the set alone (not frozen: a
    frozen dataclass is slower to build, and one is built per pulled set)."""

    change_set: ChangeSet
    entity: _Entity  #: the working copy (a merge takes it once: see ``_Merger._create``)
    journal: tuple[Any, ...]  #: the journal row, less its ``origin``
    row: tuple[Any, ...]  #: the entity row
    keys: list[tuple[str, str]]  #: the search-key rows


class PreparedSets(list[ChangeSet]):
    """Pulled change sets, with the rows of those that may create an entity built
    ahead (:meth:`StoreReplica.prepare_remote`). Any replica can take it as the plain
    list of sets it is; :meth:`StoreReplica.apply_remote` also uses the rows."""

    def __init__(self, sets: Iterable[ChangeSet]) -> None:
        super().__init__(sets)
        self.ahead: dict[int, _Ahead] = {}
        for change_set in self:
            if change_set.is_plain_create and DELETED not in change_set.props:
                self.ahead[id(change_set)] = _ahead_of(change_set)


class StoreReplica:
    """A :class:`registry.store.Store` seen through the sync client's port."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._conn = store.db.conn
        #: set id -> (journal seq, the set) of each set handed out whole by
        #: pending_sets and not yet acknowledged: it is acknowledged by its row number.
        self._handed: dict[str, tuple[int, ChangeSet]] = {}

    # -- audit and the county recovery key (optional port methods) ---------
    def record_audit(self, action: str, *, detail: dict[str, Any], result: str) -> None:
        """Keep an audit entry (a sync, a USB bundle) as the store's user; it joins the
        synced audit list with the next entry recorded (``registry.audit.defer``)."""
        audit.defer(self.store, action=action, detail=detail, result=result)

    def set_recovery_key(self, public: str) -> None:
        """Keep the county's recovery public key and seal a recovery slot to it."""
        ensure_recovery_slot(self.store, public)

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

    def get_bootstrap(self) -> tuple[int, str] | None:
        """The mark of a bootstrap cut short: (cursor of its first page, next page key)."""
        value = self.store.meta(_BOOTSTRAP_KEY)
        if value is None:
            return None
        cursor, after = parse_json(value)
        return int(cursor), str(after)

    def set_bootstrap(self, mark: tuple[int, str] | None) -> None:
        """Persist the bootstrap mark (``None`` forgets it)."""
        self.store.set_meta(_BOOTSTRAP_KEY, None if mark is None
                            else json.dumps([int(mark[0]), str(mark[1])]))

    # -- pushing ------------------------------------------------------------

    def pending_sets(self, limit: int, skip: Collection[str] = ()) -> list[ChangeSet]:
        """Local change sets not yet acknowledged, in journal order: whole sets (less
        any changes already acknowledged), at least one, up to ``limit`` changes; the
        sets named in ``skip`` (in flight) are passed over without being decoded."""
        partial: dict[str, set[str]] = {}
        for set_id, prop in self._conn.execute("SELECT set_id, prop FROM partial_ack"):
            partial.setdefault(set_id, set()).add(prop)
        # The rows of sets handed out whole are left out by number, in SQL (read from
        # the pending index alone); any other set in ``skip`` is passed over below.
        handed = [self._handed[s][0] for s in skip if s in self._handed]
        rows = self._conn.execute(
            f"SELECT seq, {journal_rows.COLUMNS} FROM journal WHERE origin = 0 AND acked = 0"
            " AND seq NOT IN (SELECT value FROM json_each(?)) ORDER BY seq",
            (json.dumps(handed),))
        with paused_gc():
            return self._take_pending(rows, partial, limit, skip)

    def _take_pending(self, rows: Iterable[tuple[Any, ...]], partial: dict[str, set[str]],
                      limit: int, skip: Collection[str]) -> list[ChangeSet]:
        out: list[ChangeSet] = []
        size = 0
        for row in rows:
            if skip and row[1] in skip:  # row[1] is the set id (journal.COLUMNS)
                continue
            change_set = journal_rows.set_of_row(row[1:])
            done = partial.get(change_set.set_id)
            if done:
                change_set = change_set.only(p for p in change_set.props if p not in done)
            if out and size + len(change_set.props) > limit:
                break
            if not done:
                self._handed[change_set.set_id] = (row[0], change_set)
            out.append(change_set)
            size += len(change_set.props)
        return out

    def pending_changes(self, limit: int) -> list[Change]:
        """Local changes not yet acknowledged, whole change sets, in journal order."""
        return [c for s in self.pending_sets(limit) for c in s.changes()]

    def pending_count(self) -> int:
        """How many changes are pending, counted in SQL."""
        total = self._conn.execute(
            "SELECT coalesce(sum((SELECT count(*) FROM json_each(changes))), 0) FROM journal"
            " WHERE origin = 0 AND acked = 0").fetchone()[0]
        return int(total) - self._conn.execute("SELECT count(*) FROM partial_ack").fetchone()[0]

    def pending_records(self) -> int:
        """How many records have changes not yet acknowledged: what the user calls 待上传
        (three follow-ups are three records, not their dozens of property changes). The
        lists in ``UNCOUNTED_LISTS`` are not counted."""
        return self._conn.execute(
            "SELECT count(DISTINCT entity_id) FROM journal"
            f" WHERE origin = 0 AND acked = 0 AND {COUNTED_LIST}").fetchone()[0]

    def settled_records(self, sets: Sequence[ChangeSet]) -> int:
        """How many records of ``sets`` (just acknowledged) have no change pending any
        more: summed over a sync's batches, the records it uploaded (a record whose changes
        span two batches counts with the last)."""
        ids = sorted({s.entity_id for s in sets if s.entity_list not in UNCOUNTED_LISTS})
        return self._conn.execute(
            "SELECT count(*) FROM json_each(?) AS ids"
            f" WHERE NOT EXISTS ({PENDING_ENTITY.format(entity='ids.value')})",
            (json.dumps(ids),)).fetchone()[0]

    def mark_acknowledged(self, sets: Sequence[ChangeSet]) -> None:
        """Record that the server committed these change sets (each as sent: its journal
        row's changes, or some of them); a journal row is done when all its changes are.

        A set that :meth:`pending_sets` handed out whole and that comes back as handed
        (the same object, or the same properties) is marked by its row number, and those
        rows by runs of consecutive numbers (a batch is mostly one run: one UPDATE); any
        other set goes the long way, property by property.
        """
        whole: list[int] = []
        by_set: dict[str, set[str]] = {}
        handed_out = self._handed
        for s in sets:
            handed = handed_out.get(s.set_id)
            if handed is not None and (handed[1] is s or
                                       tuple(handed[1].props) == tuple(s.props)):
                whole.append(handed[0])
            else:
                by_set.setdefault(s.set_id, set()).update(s.props)
        with self.store.transaction() as conn:
            conn.executemany("UPDATE journal SET acked = 1 WHERE seq BETWEEN ? AND ?",
                             seq_runs(whole))
            done, partial = self._ack_rows(conn, by_set)
            conn.executemany("UPDATE journal SET acked = 1 WHERE seq = ?", done)
            conn.executemany("INSERT OR IGNORE INTO partial_ack VALUES (?, ?)", partial)
            settled = {s for (s,) in conn.execute("SELECT DISTINCT set_id FROM partial_ack")
                       } & by_set.keys() - {p[0] for p in partial}
            conn.executemany("DELETE FROM partial_ack WHERE set_id = ?", [(s,) for s in settled])
        for s in sets:
            self._handed.pop(s.set_id, None)

    def requeue_acknowledged(self) -> int:
        """Make this device's own changes in its scope pending again (see the port)."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE journal SET acked = 0 WHERE origin = 0 AND acked = 1"
                         " AND scope LIKE ?", (self.scope() + "%",))
            conn.execute("DELETE FROM partial_ack")
        self._handed.clear()
        return self.pending_count()

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
                props, acked = set(parse_json(packed)), by_set[set_id]
                if not props <= acked:
                    acked = acked | {p for (p,) in conn.execute(
                        "SELECT prop FROM partial_ack WHERE set_id = ?", (set_id,))}
                if props <= acked:
                    done.append((seq,))
                else:
                    partial.extend((set_id, p) for p in by_set[set_id])
        return done, partial

    # -- pulling --------------------------------------------------------------

    @staticmethod
    def prepare_remote(sets: Sequence[ChangeSet]) -> PreparedSets:
        """``sets`` with the rows of each set that may create an entity built ahead.

        Touches no database: the sync client calls it on its fetching thread, while
        the page before is merged and committed on the sync thread.
        """
        with paused_gc():
            return PreparedSets(sets)

    def apply_remote(self, items: Sequence[ChangeSet | Change]) -> ApplyOutcome:
        """Merge pulled change sets (or changes) with ``protocol.merge`` in one transaction
        (``items`` from :meth:`prepare_remote` bring rows built ahead)."""
        ahead = items.ahead if isinstance(items, PreparedSets) else {}
        sets = as_sets(items)
        with paused_gc(), self.store.transaction():
            merger = _Merger(self._conn, ahead)
            counts = merger.apply(sets)
            merger.write(origin=1)
        latest = max((s.hlc for s in sets), default=None)
        if latest is not None:
            self.store.clock.observe(Stamp.decode(latest))
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
        cached = parse_json(self.store.meta(_DIGEST_KEY) or "null")
        if cached and cached[0] == top and cached[1] == self.scope():
            return int(cached[2]), str(cached[3])
        with paused_gc():
            count, digest = combine_digests(self._entity_digests(self.scope()))
        self.store.set_meta(_DIGEST_KEY, json.dumps([top, self.scope(), count, digest]))
        return count, digest

    def _entity_digests(self, prefix: str) -> Iterator[tuple[str, int, str]]:
        """``(entity id, count, hash)`` of ``protocol.entity_digest`` for the scope."""
        multi = {(e, p): ",".join(sorted(v["id"] for v in parse_json(vs)))
                 for e, p, vs in self._conn.execute(
                     "SELECT h.entity_id, h.prop, h.versions FROM heads h JOIN entity e"
                     " ON e.id = h.entity_id WHERE e.scope LIKE ?", (prefix + "%",))}
        for eid, versions in self._conn.execute(
                "SELECT id, versions FROM entity WHERE scope LIKE ?", (prefix + "%",)):
            if multi:
                lines = [f"{p}\t{multi.get((eid, p), cid)}\n"
                         for p, cid in parse_json(versions).items()]
            else:
                lines = [f"{p}\t{cid}\n" for p, cid in parse_json(versions).items()]
            if lines:
                yield (eid, *digest_lines(lines))

    def replace_scope(self, snapshot: Snapshot) -> None:
        """Rebuild this scope's state from ``snapshot``, local pending changes on top."""
        pending = self.pending_sets(10**9)
        prefix = scope_prefix(snapshot.scope) if snapshot.scope else self.scope()
        with paused_gc(), self.store.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (_DIGEST_KEY,))
            _clear_scope(conn, prefix)
            merger = _Merger(conn)
            merger.rebuild([*snapshot.sets, *pending])
            merger.write(origin=1)
            # records may have gone (moved out of the scope) with no journal row added, so
            # the journal's high-water mark does not tell: the counts kept against it go
            forget_alert_counts(self.store)

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


def forget_alert_counts(store: Store) -> None:
    """Drop the alert counts remembered for ``store`` and saved in it (see
    ``registry.county_dashboard``; imported here, late: it reads alerts and policies)."""
    from registry.county_dashboard import forget_alert_counts as forget

    forget(store)


def _clear_scope(conn: Any, prefix: str) -> None:
    ids = "SELECT id FROM entity WHERE scope LIKE ?"
    like = (prefix + "%",)
    for table in ("heads", "search_key", "conflict"):
        conn.execute(f"DELETE FROM {table} WHERE entity_id IN ({ids})", like)
    conn.execute("DELETE FROM entity WHERE scope LIKE ?", like)


class _Merger:
    """Merges a batch of changes into working copies, then writes them in bulk."""

    def __init__(self, conn: Any, ahead: dict[int, _Ahead] | None = None) -> None:
        self._conn = conn
        self._ahead = {} if ahead is None else ahead
        self._journal_ahead: dict[int, tuple[Any, ...]] = {}
        self.entities: dict[str, _Entity] = {}
        self.heads: dict[tuple[str, str], PropertyState] = {}
        self.touched_heads: set[tuple[str, str]] = set()
        self.stored: list[Change] = []
        self.stored_sets: list[ChangeSet] = []
        self.replaced: set[str] = set()
        self.conflicts: list[Conflict] = []

    # -- merging --------------------------------------------------------------

    def apply(self, sets: list[ChangeSet]) -> Counter[Outcome]:
        """Merge each set's changes in order; remember what to store.

        A set creating an entity this store has never seen (no property has a
        base, nothing stored replaces it) is the entity's whole state: it is
        taken as it came, without a per-property merge.
        """
        self._preload(sets)
        known = self._known_by_set(sets)
        creating = self._creating(sets, known)
        superseded = self._replaced_ids([cid for i, s in enumerate(sets) if i not in creating
                                         for cid in s.change_ids()])
        known_ids = {cid for ids in known.values() for cid in ids}
        counts: Counter[Outcome] = Counter()
        for i, change_set in enumerate(sets):
            if i in creating:
                self._create(change_set)
                counts[Outcome.APPLIED] += len(change_set.props)
                continue
            for change in change_set.changes():
                if change.change_id in known_ids:
                    counts[Outcome.KNOWN] += 1
                    continue
                state = self._state(change.entity_id, change.prop)
                decision = merge(state, change, superseded=change.change_id in superseded)
                counts[decision.outcome] += 1
                if decision.outcome is Outcome.KNOWN:
                    continue
                known_ids.add(change.change_id)
                superseded |= replaces(change)
                self._keep(change, decision.state)
        return counts

    def _creating(self, sets: list[ChangeSet], known: dict[str, set[str]]) -> set[int]:
        """Indexes of the sets that create an entity new to this store."""
        seen = set(self.entities)
        out: dict[str, int] = {}
        for i, change_set in enumerate(sets):
            if (change_set.entity_id not in seen and change_set.set_id not in known
                    and change_set.is_plain_create and DELETED not in change_set.props):
                out[change_set.set_id] = i
            seen.add(change_set.entity_id)
        replaced = self._sets_with_replaced(sorted(out))
        return {i for set_id, i in out.items() if set_id not in replaced}

    def _create(self, change_set: ChangeSet) -> None:
        # taken out: the entity it built is this merge's working copy from now on, and
        # its rows are freed with the merge (a retry of the page builds them again)
        ahead = self._ahead.pop(id(change_set), None)
        if ahead is not None and ahead.change_set is change_set:
            ahead.entity.ready = (ahead.row, ahead.keys)
            self.entities[change_set.entity_id] = ahead.entity
            self._journal_ahead[id(change_set)] = ahead.journal
        else:
            self._entity_of_set(change_set)  # _creating never picks a delete
        self.stored_sets.append(change_set)

    def rebuild(self, sets: list[ChangeSet]) -> None:
        """Set states from the whole set of changes (``protocol.resolve``), for repair.

        An entity with a single set is that set; a property with one version
        takes it as it is; only properties with several versions (concurrent
        heads, or a pending local edit over a snapshot version) are resolved.
        """
        by_entity: dict[str, list[ChangeSet]] = {}
        for change_set in sets:
            by_entity.setdefault(change_set.entity_id, []).append(change_set)
        groups: dict[tuple[str, str], list[tuple[ChangeSet, str]]] = {}
        for eid, entity_sets in by_entity.items():
            if len(entity_sets) == 1:
                self._entity_of_set(entity_sets[0])
                continue
            for change_set in entity_sets:
                for prop in change_set.props:
                    groups.setdefault((eid, prop), []).append((change_set, prop))
        for (eid, prop), group in groups.items():
            first = group[0][0]
            entity = self._entity(eid, first)
            if len(group) == 1:
                entity.versions[prop] = first.change_id(prop)
                if prop != DELETED:
                    entity.props[prop] = first.props[prop][0]
                entity.updated_hlc = max(entity.updated_hlc, first.hlc)
                continue
            changes = [c for s, p in group for c in s.changes() if c.prop == p]
            self._keep(None, resolve(changes), changes[0])
        known = self._known_by_set(sets)
        for change_set in sets:
            done = known.get(change_set.set_id, set())
            if not done:
                self.stored_sets.append(change_set)
            elif not set(change_set.change_ids()) <= done:
                fresh = [p for p in change_set.props if change_set.change_id(p) not in done]
                self.stored_sets.append(change_set.only(fresh))

    def _entity_of_set(self, s: ChangeSet) -> None:
        """The entity whose every current version is in ``s`` (each its only version)."""
        self.entities[s.entity_id] = _entity_of(s)

    def _keep(self, change: Change | None, state: PropertyState,
              like: Change | None = None) -> None:
        sample = change or like
        assert sample is not None
        if change is not None:
            self.stored.append(change)
            self.replaced |= replaces(change)
        entity = self._entity(sample.entity_id, sample)
        entity.ready = None  # changed since its creating set: rows built again
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

    def _preload(self, sets: list[ChangeSet]) -> None:
        self.load(sorted({s.entity_id for s in sets}))

    def load(self, ids: list[str]) -> None:
        """Read entity rows and their multi-version properties, a chunk at a time."""
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(
                    "SELECT id, list, scope, props, versions, deleted, merged_into, created_hlc,"
                    f" updated_hlc FROM entity WHERE id IN ({marks})", chunk):
                props = parse_json(row[3])
                self.entities[row[0]] = _Entity(
                    row[0], row[1], row[2], props, parse_json(row[4]), bool(row[5]), row[6],
                    row[7], row[8], exists=True, old_keys=keys_for(row[1], props))
            for eid, prop, versions in self._conn.execute(
                    f"SELECT entity_id, prop, versions FROM heads WHERE entity_id IN ({marks})",
                    chunk):
                self.heads[(eid, prop)] = _state_from_json(versions)

    def _known_by_set(self, sets: list[ChangeSet]) -> dict[str, set[str]]:
        """Set id -> the change ids of it the journal holds, for the sets given."""
        known: dict[str, set[str]] = {}
        for chunk in _chunks(sorted({s.set_id for s in sets})):
            rows = self._conn.execute(
                f"SELECT {journal_rows.COLUMNS} FROM journal WHERE set_id IN"
                f" ({','.join('?' * len(chunk))})", chunk)
            for row in rows:
                known.setdefault(row[0], set()).update(
                    journal_rows.set_of_row(row).change_ids())
        return known

    def _sets_with_replaced(self, set_ids: list[str]) -> set[str]:
        """The sets (of those given) with a change a stored change replaces."""
        found: set[str] = set()
        for chunk in _chunks(set_ids):
            values = ",".join(["(?)"] * len(chunk))
            found.update(r[0] for r in self._conn.execute(
                f"WITH s(id) AS (VALUES {values}) SELECT DISTINCT s.id FROM s JOIN replaced r"
                " ON r.change_id >= s.id || '.' AND r.change_id < s.id || '/'", chunk))
        return found

    def _replaced_ids(self, change_ids: list[str]) -> set[str]:
        ids = sorted(set(change_ids))
        found: set[str] = set()
        for chunk in _chunks(ids):
            found |= {r[0] for r in self._conn.execute(
                f"SELECT change_id FROM replaced WHERE change_id IN ({','.join('?' * len(chunk))})",
                chunk)}
        return found

    # -- writing ------------------------------------------------------------------

    def write(self, *, origin: int) -> None:
        """Store the kept changes, the replaced ids, heads, entities and search keys.

        The journal, entity and search-key rows go in multi-row statements
        (:func:`insert_rows`): SQLite then inserts hundreds of rows per call with the
        interpreter lock released, so the fetching thread's Python runs meanwhile."""
        conn = self._conn
        insert_rows(conn, _JOURNAL_HEAD, [*self._journal_rows(origin),
                                          *journal_rows.pack(self.stored, origin=origin)])
        insert_rows(conn, "INSERT OR IGNORE INTO replaced (change_id) VALUES",
                    [(cid,) for cid in sorted(self.replaced)])
        for key in sorted(self.touched_heads):
            self._write_heads(key)
        rows: list[tuple[Any, ...]] = []
        gone: list[tuple[str, str]] = []
        added: list[tuple[str, str]] = []
        for entity in self.entities.values():
            if entity.ready is not None:
                rows.append(entity.ready[0])
                added += entity.ready[1]
            elif entity.versions:
                rows.append(self._entity_row(entity))
                old, new = self._keys(entity)
                gone += [(k, entity.id) for k in old - new]
                added += [(k, entity.id) for k in new - old]
        insert_rows(conn, "INSERT OR REPLACE INTO entity (id, list, scope, parent, props,"
                    " versions, deleted, merged_into, created_hlc, updated_hlc) VALUES", rows)
        conn.executemany("DELETE FROM search_key WHERE key = ? AND entity_id = ?", gone)
        insert_rows(conn, "INSERT OR IGNORE INTO search_key (key, entity_id) VALUES", added)

    def _journal_rows(self, origin: int) -> Iterator[tuple[Any, ...]]:
        """The journal rows of the stored sets (those built ahead as they were)."""
        built_ahead = self._journal_ahead
        for change_set in self.stored_sets:
            built = built_ahead.get(id(change_set))
            if built is not None:
                yield (*built, origin)
            else:
                yield journal_rows.pack_set(change_set, origin=origin)

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

    def _entity_row(self, entity: _Entity) -> tuple[Any, ...]:
        entity.deleted = self._is_deleted(entity)
        return _row_of(entity)

    @staticmethod
    def _keys(entity: _Entity) -> tuple[set[str], set[str]]:
        """The entity's search keys before and after (none once deleted or merged)."""
        return entity.old_keys, _live_keys(entity)

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


def _entity_of(s: ChangeSet) -> _Entity:
    """The entity whose every current version is in ``s`` (each its only version)."""
    return _Entity(s.entity_id, s.entity_list, s.scope,
                   {p: e[0] for p, e in s.props.items() if p != DELETED},
                   dict(zip(s.props, s.change_ids(), strict=True)), created_hlc=s.hlc,
                   updated_hlc=s.hlc)


def _ahead_of(s: ChangeSet) -> _Ahead:
    """The rows a set creating an entity new to the store writes (a plain creating set,
    no deletion in it: every change id is ``<set id>.<prop>``, as :func:`_entity_of`
    would find it)."""
    props = {p: e[0] for p, e in s.props.items()}
    prefix = s.set_id + "."
    entity = _Entity(s.entity_id, s.entity_list, s.scope, props,
                     {p: prefix + p for p in props}, created_hlc=s.hlc, updated_hlc=s.hlc)
    row = _row_of(entity)
    return _Ahead(s, entity, journal_rows.pack_set(s, origin=0)[:-1], row,
                  [(k, entity.id) for k in _live_keys(entity)])


def _row_of(entity: _Entity) -> tuple[Any, ...]:
    """The entity row (``entity.deleted`` already decided; sets ``merged_into``)."""
    entity.merged_into = entity.props.get(MERGED_INTO) or None
    return (entity.id, entity.entity_list, entity.scope,
            parent_of(entity.entity_list, entity.props), journal_rows.dumps(entity.props),
            journal_rows.dumps(entity.versions), int(entity.deleted), entity.merged_into,
            entity.created_hlc, entity.updated_hlc)


def _live_keys(entity: _Entity) -> set[str]:
    """The entity's search keys now (none once deleted or merged)."""
    if entity.deleted or entity.merged_into:
        return set()
    return keys_for(entity.entity_list, entity.props)


def _state_from_json(text: str) -> PropertyState:
    return PropertyState.of(Version(v["id"], v.get("value"), v.get("hlc", ""), v.get("device", ""),
                                    v.get("user", ""), v.get("seen")) for v in parse_json(text))


def seq_runs(seqs: Iterable[int]) -> list[tuple[int, int]]:
    """The distinct numbers of ``seqs`` as runs of consecutive numbers, ``(first, last)``
    each, in ascending order: ``[3, 1, 2, 7]`` gives ``[(1, 3), (7, 7)]``."""
    runs: list[tuple[int, int]] = []
    first = last = None
    for seq in sorted(set(seqs)):
        if last is not None and seq == last + 1:
            last = seq
            continue
        if first is not None:
            runs.append((first, last))
        first = last = seq
    if first is not None:
        runs.append((first, last))
    return runs


def insert_rows(conn: Any, head: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """``head`` (``INSERT ... VALUES``) for every row of ``rows``, in order, as multi-row
    statements of up to :data:`_ROWS_PER_STATEMENT` rows each (all rows the same width).

    Row for row the same as ``executemany`` of one-row statements (rows go in in order;
    ``OR REPLACE`` and ``OR IGNORE`` act on each row as it comes), with one call into
    SQLite, and one release of the interpreter lock, per statement rather than per row.
    """
    if not rows:
        return
    marks = "(" + ",".join("?" * len(rows[0])) + ")"
    step = _ROWS_PER_STATEMENT
    full = f"{head} {','.join([marks] * step)}"
    for start in range(0, len(rows), step):
        chunk = rows[start:start + step]
        sql = full if len(chunk) == step else f"{head} {','.join([marks] * len(chunk))}"
        conn.execute(sql, tuple(chain.from_iterable(chunk)))


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]
