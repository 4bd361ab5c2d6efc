"""The local store: one object owns the encrypted connection; every write goes through it.

``Store.write(ops)`` is the only write path. In one ``BEGIN IMMEDIATE``
transaction it normalises and validates each operation, updates the entity's
current state, appends the changes to the journal (the only input of sync) and
refreshes the search keys.

The journal stores one row per *change set*: the properties one operation
changed on one entity, sharing a clock stamp, device and user. Each property
change keeps its own id (``"<set id>.<prop>"``) and its own base version, and
``journal()`` reads them back one property change at a time. It returns a small
``Changes`` value saying what changed, so screens redraw only that. If any
operation is invalid, nothing of the whole call is written.

A store opened from a profile also holds a read-only twin (``store.reader()``, a
``registry.reader.ReadStore``): a second connection to the same file for long reads (the
desktop's read lane), closed with the store.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from registry import journal as journal_rows
from registry.db import Connection, IntegrityError
from registry.errors import NotFound, ValidationError
from registry.masking import mask_id
from registry.rules import HEAD_OF_HOUSEHOLD, PARENT_PROP, merge_for_update, normalise, parent_of
from registry.search import keys_for, query_ranges
from sync.protocol import (
    APPEND_ONLY_LISTS,
    DELETED,
    MERGED_INTO,
    Change,
    HybridClock,
    ScopeError,
    Stamp,
    change_id_of,
    in_scope,
    new_id,
    scope_prefix,
    system_ms,
)
from sync.protocol.reach import DOWNWARD_LISTS

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True, slots=True)
class Create:
    """Create an entity of ``entity_list`` with ``props`` (a new random id unless given)."""

    entity_list: str
    props: Mapping[str, Any]
    scope: str = ""
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class Update:
    """Set some properties of an existing entity (of the record a merged-away one was
    merged into; with ``follow_merges=False`` of that very record: the county settling
    the record's own sync conflicts)."""

    entity_id: str
    props: Mapping[str, Any]
    follow_merges: bool = True


@dataclass(frozen=True, slots=True)
class Delete:
    """Delete an entity (a tombstone that syncs like any change)."""

    entity_id: str


@dataclass(frozen=True, slots=True)
class Mark:
    """Set system properties that no form may set: ``_merged_into`` (a duplicate merged
    into another record) or ``_deleted`` = False (a delete overruled by the county)."""

    entity_id: str
    props: Mapping[str, Any]


SYSTEM_PROPS = frozenset({MERGED_INTO, DELETED})

#: The read-only twins a store may have (``Store.attach_reader``): the read lane of the
#: app's long reads, and the export lane of ledger exports (so that a long export holds up
#: neither the writes nor the other long reads).
READ_LANE, EXPORT_LANE = "read", "export"
LANES = (READ_LANE, EXPORT_LANE)

Op = Create | Update | Delete | Mark


@dataclass(frozen=True, slots=True)
class Entity:
    """The current state of one entity."""

    id: str
    entity_list: str
    scope: str
    parent: str | None
    props: dict[str, Any]
    versions: dict[str, str]
    deleted: bool
    merged_into: str | None


@dataclass(frozen=True, slots=True)
class Changes:
    """What one write changed: entity ids by kind, the lists touched, the journal entries."""

    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    lists: frozenset[str] = frozenset()
    change_ids: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.change_ids)


@dataclass
class _Pending:
    """Rows collected during one write, flushed with executemany before commit."""

    journal: list[tuple[Any, ...]] = field(default_factory=list)
    keys: list[tuple[str, str]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    lists: set[str] = field(default_factory=set)
    change_ids: list[str] = field(default_factory=list)

    def add(self, changes: list[Change]) -> None:
        self.journal.extend(journal_rows.pack(changes, origin=0))
        self.change_ids.extend(c.change_id for c in changes)

    def result(self) -> Changes:
        return Changes(tuple(self.created), tuple(self.updated), tuple(self.deleted),
                       frozenset(self.lists), tuple(self.change_ids))


_ENTITY_COLUMNS = "id, list, scope, parent, props, versions, deleted, merged_into"


class ConcurrentUse(RuntimeError):
    """A store's connection was used on a thread that may not use it now (a program error:
    one sqlite connection used from two threads at once can crash the process)."""


ThreadCheck = Callable[[], None]


class _CheckedConnection:
    """A connection that runs thread checks before each statement (a debug aid, see
    :meth:`Store.check_threads`); everything else is the connection's own."""

    def __init__(self, conn: Connection, checks: list[ThreadCheck]) -> None:
        self.conn = conn
        self._checks = checks

    def _check(self) -> None:
        for check in self._checks:
            check()

    def execute(self, *args: Any) -> Any:
        """``Connection.execute`` after the checks."""
        self._check()
        return self.conn.execute(*args)

    def executemany(self, *args: Any) -> Any:
        """``Connection.executemany`` after the checks."""
        self._check()
        return self.conn.executemany(*args)

    def executescript(self, *args: Any) -> Any:
        """``Connection.executescript`` after the checks."""
        self._check()
        return self.conn.executescript(*args)

    def cursor(self, *args: Any) -> Any:
        """``Connection.cursor`` after the checks."""
        self._check()
        return self.conn.cursor(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


class Store:
    """The open, unlocked local store of one profile, acting for one user on one device."""

    #: How a top-level transaction starts: a write lock at once (the writer).
    _BEGIN = "BEGIN IMMEDIATE"

    def __init__(self, conn: Connection, *, user: str, device: str, default_scope: str = "",
                 today: Callable[[], date] = date.today,
                 now_ms: Callable[[], int] = system_ms) -> None:
        self._conn = conn
        # the delete triggers of INSERT OR REPLACE (sync) keep visit_latest right; set
        # here, not by the lazily made sqlite_utils.Database
        conn.execute("PRAGMA recursive_triggers = ON")
        self._db: sqlite_utils.Database | None = None
        self.user = user
        self.device = device
        self.default_scope = default_scope
        self._today = today
        self._lock = threading.RLock()
        self._closed = False
        self._depth = 0
        self._readers: dict[str, Store] = {}  #: read-only twins by lane (READ_LANE, EXPORT_LANE)
        self._thread_checks: list[ThreadCheck] = []
        self.clock = HybridClock(device, now_ms=now_ms)
        last = conn.execute("SELECT max(hlc) FROM journal").fetchone()[0]
        if last:
            self.clock.observe(Stamp.decode(last))

    @property
    def db(self) -> sqlite_utils.Database:
        """The connection as a ``sqlite_utils.Database``, made on first use (importing
        sqlite_utils is slow, and the unlock window needs none of it)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self._conn)
        return self._db

    def check_threads(self, check: ThreadCheck) -> None:
        """From now on call ``check()`` before every statement on this store's connection
        (``store.db`` included); it raises :class:`ConcurrentUse` when the calling thread
        may not use the connection now. A debug aid for tests (the desktop's runner adds
        one when ``BackgroundRunner.check_threads`` is on): it costs a call per statement,
        so the app runs without it."""
        with self._lock:
            if not self._thread_checks:
                self._conn = _CheckedConnection(self._conn, self._thread_checks)  # type: ignore[assignment]
                self._db = None  # made again, on the checked connection
            self._thread_checks.append(check)

    # -- writing --------------------------------------------------------------

    def write(self, ops: Iterable[Op]) -> Changes:
        """Apply ``ops`` in one transaction; all or nothing. Returns what changed."""
        pending = _Pending()
        with self._lock, self.transaction():
            for op in ops:
                self._apply(op, pending)
            self._flush(pending)
        return pending.result()

    def create(self, entity_list: str, props: Mapping[str, Any], *, scope: str = "") -> str:
        """Create one entity; return its new id."""
        return self.write([Create(entity_list, props, scope)]).created[0]

    def update(self, entity_id: str, props: Mapping[str, Any]) -> Changes:
        """Set properties of one entity."""
        return self.write([Update(entity_id, props)])

    def delete(self, entity_id: str) -> Changes:
        """Delete one entity (tombstone)."""
        return self.write([Delete(entity_id)])

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error.

        Re-entrant: an inner block is a savepoint, so a caller can group several
        writes (a submission and its entity changes) into one atomic unit.
        """
        with self._lock:
            depth = self._depth
            begin, commit, rollback = (
                (self._BEGIN, "COMMIT", "ROLLBACK") if depth == 0 else
                (f"SAVEPOINT sp{depth}", f"RELEASE sp{depth}",
                 f"ROLLBACK TO sp{depth}; RELEASE sp{depth}"))
            self._conn.execute(begin)
            self._depth += 1
            try:
                yield self._conn
            except BaseException:
                for statement in rollback.split("; "):
                    self._conn.execute(statement)
                raise
            finally:
                self._depth -= 1
            self._conn.execute(commit)

    def _apply(self, op: Op, pending: _Pending) -> None:
        if isinstance(op, Create):
            self._create(op, pending)
        elif isinstance(op, Update):
            self._update(op, pending)
        elif isinstance(op, Delete):
            self._delete(op, pending)
        elif isinstance(op, Mark):
            self._mark(op, pending)
        else:
            raise TypeError(f"not a store operation: {type(op).__name__}")

    def _create(self, op: Create, pending: _Pending) -> None:
        given = {k: v for k, v in op.props.items() if v is not None and v != ""}
        props = normalise(op.entity_list, given, today=self._today())
        if not props:
            raise ValidationError(op.entity_list, "记录不能为空", "a record needs at least one value")
        eid = op.entity_id or new_id()
        props, parent, parent_scope = self._followed_parent(op.entity_list, props)
        scope = op.scope or parent_scope or self.default_scope
        self._check_single_head(op.entity_list, eid, props, parent)
        changes = self._change_set(eid, op.entity_list, scope, props, {})
        versions = {c.prop: c.change_id for c in changes}
        hlc = changes[-1].hlc
        try:
            self._conn.execute(
                "INSERT INTO entity (id, list, scope, parent, props, versions, created_hlc,"
                " updated_hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (eid, op.entity_list, scope, parent, _dumps(props), _dumps(versions), hlc, hlc),
            )
        except IntegrityError as exc:
            raise ValidationError(f"{op.entity_list}.id", "记录编号已存在", "record id exists") from exc
        pending.add(changes)
        pending.keys.extend((key, eid) for key in keys_for(op.entity_list, props))
        pending.created.append(eid)
        pending.lists.add(op.entity_list)

    def _update(self, op: Update, pending: _Pending) -> None:
        entity = (self.write_target(op.entity_id) if op.follow_merges
                  else self.get(op.entity_id, follow_merges=False))
        self._refuse_edit(entity)
        system = {k: v for k, v in entity.props.items() if k in SYSTEM_PROPS}  # merged away
        current = {k: v for k, v in entity.props.items() if k not in SYSTEM_PROPS}
        props = normalise(entity.entity_list, merge_for_update(current, op.props),
                          today=self._today())
        contested = self._contested(entity.id) & set(op.props)
        changed = {k: v for k, v in props.items()
                   if k not in current or current[k] != v or k in contested}
        changed.update({k: None for k in current if k not in props})
        if not changed:
            return
        parent = parent_of(entity.entity_list, props)
        self._check_single_head(entity.entity_list, entity.id, props, parent)
        settles = self._settle_heads(entity, changed)
        changes = self._change_set(entity.id, entity.entity_list, entity.scope, changed,
                                   entity.versions, resolves=settles)
        versions = {**entity.versions, **{c.prop: c.change_id for c in changes}}
        self._conn.execute(
            "UPDATE entity SET props = ?, versions = ?, parent = ?, updated_hlc = ? WHERE id = ?",
            (_dumps({**props, **system}), _dumps(versions), parent, changes[-1].hlc, entity.id),
        )
        if not entity.merged_into:  # a merged-away record is found as the one it joined
            self._replace_keys(entity, props, pending)
        pending.add(changes)
        pending.updated.append(entity.id)
        pending.lists.add(entity.entity_list)

    def _delete(self, op: Delete, pending: _Pending) -> None:
        entity = self.get(op.entity_id, follow_merges=False)
        if entity.merged_into:
            raise ValidationError(entity.entity_list, f"{_who(entity)}已被县里合并到另一条记录，不能删除"
                                  "（删除会删掉合并后的记录）；请刷新后打开合并后的记录",
                                  "the record was merged into another one; deleting is refused")
        if entity.deleted:
            return
        self._refuse_handed_down(entity)
        if self._conn.execute("SELECT 1 FROM heads WHERE entity_id = ?", (entity.id,)).fetchone():
            raise ValidationError(entity.entity_list, "该记录有未处理的同步冲突，请先处理冲突再删除",
                                  "resolve this record's sync conflicts before deleting it")
        (change,) = self._change_set(entity.id, entity.entity_list, entity.scope,
                                     {DELETED: True}, entity.versions, seen=dict(entity.versions))
        versions = {**entity.versions, DELETED: change.change_id}
        self._conn.execute(
            "UPDATE entity SET deleted = 1, versions = ?, updated_hlc = ? WHERE id = ?",
            (_dumps(versions), change.hlc, entity.id),
        )
        self._conn.execute("DELETE FROM search_key WHERE entity_id = ?", (entity.id,))
        pending.add([change])
        pending.deleted.append(entity.id)
        pending.lists.add(entity.entity_list)

    def _mark(self, op: Mark, pending: _Pending) -> None:
        unknown = set(op.props) - SYSTEM_PROPS
        if unknown:
            raise ValidationError("system", "不允许设置的系统属性", "not a system property")
        entity = self.get(op.entity_id, follow_merges=False)
        changes = self._change_set(entity.id, entity.entity_list, entity.scope, op.props,
                                   entity.versions, resolves=self._settle_heads(entity, op.props))
        versions = {**entity.versions, **{c.prop: c.change_id for c in changes}}
        props = {**entity.props, **{k: v for k, v in op.props.items() if k != DELETED}}
        merged_into = props.get(MERGED_INTO) or None
        deleted = bool(op.props.get(DELETED, entity.deleted))
        self._conn.execute(
            "UPDATE entity SET props = ?, versions = ?, merged_into = ?, deleted = ?,"
            " updated_hlc = ? WHERE id = ?",
            (_dumps(props), _dumps(versions), merged_into, int(deleted), changes[-1].hlc,
             entity.id))
        if merged_into or deleted:
            self._conn.execute("DELETE FROM search_key WHERE entity_id = ?", (entity.id,))
        pending.add(changes)
        pending.updated.append(entity.id)
        pending.lists.add(entity.entity_list)

    def _change_set(self, entity_id: str, entity_list: str, scope: str,
                    values: Mapping[str, Any], bases: Mapping[str, str], *,
                    seen: Mapping[str, str] | None = None,
                    resolves: Mapping[str, tuple[str, ...]] | None = None) -> list[Change]:
        """One change per property, sharing a set id, a clock stamp, device and user."""
        set_id, hlc = new_id(), self.clock.tick().encode()
        settles = resolves or {}
        return [Change(change_id_of(set_id, prop), entity_id, entity_list, prop, value,
                       bases.get(prop), hlc, self.device, self.user, scope, seen,
                       settles.get(prop, ()))
                for prop, value in values.items()]

    def _contested(self, entity_id: str) -> set[str]:
        """Properties of an entity with several current versions (after concurrent edits)."""
        return {p for (p,) in self._conn.execute("SELECT prop FROM heads WHERE entity_id = ?",
                                                 (entity_id,))}

    def _settle_heads(self, entity: Entity, changed: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
        """A local edit of a property with concurrent versions is made knowing all of them:
        it replaces the winner (its base) and settles the others (``resolves``)."""
        settles: dict[str, tuple[str, ...]] = {}
        rows = self._conn.execute("SELECT prop, versions FROM heads WHERE entity_id = ?",
                                  (entity.id,)).fetchall()
        for prop, versions in rows:
            if prop in changed:
                winner = entity.versions.get(prop)
                settles[prop] = tuple(v["id"] for v in json.loads(versions) if v["id"] != winner)
                self._conn.execute("DELETE FROM heads WHERE entity_id = ? AND prop = ?",
                                   (entity.id, prop))
                self._conn.execute(
                    "UPDATE conflict SET status = 'resolved' WHERE entity_id = ? AND prop = ?"
                    " AND status = 'open'", (entity.id, prop))
        return settles

    def _refuse_edit(self, entity: Entity) -> None:
        where = entity.entity_list
        if entity.deleted:
            raise ValidationError(where, "记录已删除，不能修改", "the record was deleted")
        if entity.entity_list in APPEND_ONLY_LISTS:
            raise ValidationError(where, "此类记录只能新增，不能修改（可补录一条更正记录）",
                                  "records of this kind are append-only; add a correction")
        self._refuse_handed_down(entity)

    def _refuse_handed_down(self, entity: Entity) -> None:
        """A record handed down from a wider scope (a county policy pack on a village
        laptop) is read-only here: the server would refuse this device's change."""
        if entity.entity_list in DOWNWARD_LISTS and not in_scope(
                entity.scope, _prefix_of(self.default_scope)):
            raise ValidationError(entity.entity_list, "上级下发的记录（如县级政策包）在本设备只读",
                                  "a record handed down from a wider scope is read-only here")

    def _check_single_head(self, entity_list: str, entity_id: str, props: Mapping[str, Any],
                           parent: str | None) -> None:
        if entity_list != "person" or props.get("relation") != HEAD_OF_HOUSEHOLD or not parent:
            return
        for other in self.find("person", parent=parent):
            if other.id != entity_id and other.props.get("relation") == HEAD_OF_HOUSEHOLD:
                raise ValidationError("person.relation", "该户已有户主，一户只能有一名户主",
                                      "this household already has a head")

    def _replace_keys(self, entity: Entity, props: Mapping[str, Any], pending: _Pending) -> None:
        old, new = keys_for(entity.entity_list, entity.props), keys_for(entity.entity_list, props)
        if old == new:
            return
        self._conn.executemany("DELETE FROM search_key WHERE key = ? AND entity_id = ?",
                               [(key, entity.id) for key in old - new])
        pending.keys.extend((key, entity.id) for key in new - old)

    def _flush(self, pending: _Pending) -> None:
        self._conn.executemany(journal_rows.INSERT, pending.journal)
        self._conn.executemany(
            "INSERT OR IGNORE INTO search_key (key, entity_id) VALUES (?, ?)", pending.keys)

    def _followed_parent(self, entity_list: str, props: dict[str, Any]
                         ) -> tuple[dict[str, Any], str | None, str]:
        """A new record's props, parent id and the parent's scope, a merged-away parent
        replaced by the record it was merged into (refused when this device lacks it)."""
        parent = parent_of(entity_list, props)
        if not parent:
            return props, None, ""
        row = self._conn.execute("SELECT scope, merged_into FROM entity WHERE id = ?",
                                 (parent,)).fetchone()
        if row is None:
            return props, parent, ""
        if row[1] is None:
            return props, parent, row[0]
        prop = PARENT_PROP[entity_list]
        target = self.write_target(parent, field=f"{entity_list}.{prop}")
        return {**props, prop: target.id}, target.id, target.scope

    # -- reading --------------------------------------------------------------

    def write_target(self, entity_id: str, *, field: str | None = None) -> Entity:
        """The record a write meant for ``entity_id`` lands on: that record, or for a
        merged-away one the record it was merged into. ``NotFound`` if there is no such
        record; a ``ValidationError`` (on ``field``, or the record's list) naming the
        record masked when it was merged into a record this device does not hold (another
        village's), so nothing is ever written to a merged-away id."""
        entity = self.get(entity_id, follow_merges=False)
        if not entity.merged_into:
            return entity
        try:
            return self.get(entity.merged_into)
        except NotFound:
            raise ValidationError(
                field or entity.entity_list,
                f"{_who(entity)}已被县里合并到其他村（本机范围以外）的记录，不能在本机修改或补录；"
                "请联系县人社局", "the record was merged into a record outside this device's"
                " scope; it cannot be changed here") from None

    def get(self, entity_id: str, *, follow_merges: bool = True) -> Entity:
        """The entity with this id; a merged-away id leads to the entity it was merged into."""
        for _ in range(16):
            row = self._conn.execute(
                f"SELECT {_ENTITY_COLUMNS} FROM entity WHERE id = ?", (entity_id,)).fetchone()
            if row is None:
                raise NotFound(entity_id)
            entity = _entity(row)
            if not (follow_merges and entity.merged_into):
                return entity
            entity_id = entity.merged_into
        raise NotFound(entity_id)

    def find(self, entity_list: str, *, parent: str | None = None, scope: str | None = None,
             include_deleted: bool = False, limit: int | None = None,
             by_update: bool = False) -> list[Entity]:
        """Entities of one list, optionally of one parent or scope, in creation order
        (arrival order on this replica); with ``by_update``, last written last (by clock
        stamp, then id: the same order on every replica holding the same changes)."""
        where = ["list = ?", "merged_into IS NULL"]
        args: list[Any] = [entity_list]
        if parent is not None:
            where.append("parent = ?")
            args.append(parent)
        if scope is not None:
            where.append("scope = ?")
            args.append(scope)
        if not include_deleted:
            where.append("deleted = 0")
        order = "updated_hlc, id" if by_update else "rowid"
        sql = f"SELECT {_ENTITY_COLUMNS} FROM entity WHERE {' AND '.join(where)} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_entity(row) for row in self._conn.execute(sql, args)]

    def count(self, entity_list: str) -> int:
        """How many live entities the list holds."""
        return int(self._conn.execute(
            "SELECT count(*) FROM entity WHERE list = ? AND deleted = 0 AND merged_into IS NULL",
            (entity_list,)).fetchone()[0])

    def search(self, text: str, *, limit: int = 50) -> list[Entity]:
        """People and households matching a name, pinyin, initials, ID tail or household number."""
        ids: list[str] = []
        for low, high in query_ranges(text):
            remaining = limit - len(ids)
            if remaining <= 0:
                break
            rows = self._conn.execute(
                "SELECT DISTINCT entity_id FROM search_key WHERE key >= ? AND key < ? LIMIT ?",
                (low, high, remaining)).fetchall()
            ids.extend(r[0] for r in rows if r[0] not in ids)
        return [self.get(eid, follow_merges=False) for eid in ids]

    def journal(self, *, entity_id: str | None = None) -> list[Change]:
        """Journal entries in the order they were written, optionally of one entity."""
        sql = f"SELECT {journal_rows.COLUMNS} FROM journal"
        args: tuple[Any, ...] = ()
        if entity_id is not None:
            sql, args = sql + " WHERE entity_id = ?", (entity_id,)
        rows = self._conn.execute(sql + " ORDER BY seq", args)
        return [change for row in rows for change in journal_rows.unpack(row)]

    def meta(self, key: str, default: str | None = None) -> str | None:
        """A value from the profile's settings table."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str | None) -> None:
        """Set (or with ``None`` remove) a value in the profile's settings table."""
        with self.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                             (key, value))

    # -- the read lanes --------------------------------------------------------

    def attach_reader(self, reader: Store, *, lane: str = READ_LANE) -> None:
        """Keep ``reader`` (``registry.reader.ReadStore`` on another connection to the same
        file) as this store's read-only twin for ``lane`` (:data:`READ_LANE`: the app's
        long reads; :data:`EXPORT_LANE`: ledger exports, which may read for minutes),
        closed with it."""
        if lane not in LANES:
            raise ValueError(f"unknown lane {lane!r}")
        with self._lock:
            if lane in self._readers:
                raise ValueError(f"this store already has a reader for the {lane} lane")
            self._readers[lane] = reader

    def reader(self, lane: str = READ_LANE) -> Store | None:
        """The read-only twin of ``lane`` (None if this store was opened without one, or is
        closed)."""
        return self._readers.get(lane)

    def close(self, *, checkpoint: bool = True) -> None:
        """Close the readers, then the connection (after a checkpoint, so the -wal file is
        emptied). ``checkpoint=False`` when another connection of this process stays open on
        the file (the idle lock's county recovery): a TRUNCATE checkpoint waits up to the busy
        timeout for that connection's readers, and the last connection checkpoints anyway."""
        with self._lock:
            if self._closed:
                return
            for reader in self._readers.values():
                reader.close()
            self._readers.clear()
            if checkpoint:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()
            self._closed = True


_dumps = journal_rows.dumps


def _prefix_of(scope: str) -> str:
    """The prefix a device's scope covers (``"-"``, which no scope starts with, if invalid)."""
    try:
        return scope_prefix(scope)
    except ScopeError:
        return "-"


def _who(entity: Entity) -> str:
    """A merged-away record as a message names it: masked, never a name or full number."""
    props = entity.props
    if entity.entity_list == "person":
        number = mask_id(str(props.get("id_number") or ""))
        return f"此人（身份证 {number}）" if number else f"此人（记录 {entity.id[:8]}）"
    if entity.entity_list == "household" and props.get("household_no"):
        return f"此户（户编号 {props['household_no']}）"
    return f"此记录（{entity.id[:8]}）"


def _entity(row: tuple[Any, ...]) -> Entity:
    eid, lst, scope, parent, props, versions, deleted, merged = row
    return Entity(eid, lst, scope, parent, json.loads(props), json.loads(versions),
                  bool(deleted), merged)
