"""Applying one pushed batch: merged in memory over preloaded state, written set-wise.

Every lookup the merge needs is loaded up front in a few ``IN`` queries (the
stored parts of the batch's sets, the states of its entities, the links that
already replace its changes, the owners of its ID numbers). The sets are then
merged in batch order, exactly as if each change were applied and written in
turn, and the writes go out as a few multi-row statements. A set that creates a
new entity (no property has a base) is that entity's whole state: it is stored
as it came, with no per-property merge, and unless something else in the batch
touches that entity (or its ID number is already someone's) its rows are made in
one pass from the set (:class:`Fresh`), with no working copy of its state. The
caller holds the hub lock and the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, delete, func, select

from sync.protocol import (
    DELETED,
    MAX_CLOCK_AHEAD_MS,
    Batch,
    Change,
    ChangeSet,
    Outcome,
    Stamp,
    canonical_json,
    is_ahead,
    merge,
    parse_json,
    parse_set,
    replaces,
    set_part,
)
from sync.server.db import change_sets, disclosures, flags, links, lookups, states
from sync.server.sql import id_list, ids_param, insert_many
from sync.server.state import (
    ID_LIST,
    ID_PROP,
    EntityState,
    created_digest,
    item_id,
    lookup_key,
)


def top_seq(conn: Connection) -> int:
    """The row number of the last stored change set (0 if none)."""
    return conn.execute(select(func.max(change_sets.c.seq))).scalar() or 0


def state_rows() -> Select:
    """``states`` rows with the stored body of their origin set (NULL if they have heads)."""
    return select(states.c.entity_id, states.c.list, states.c.scope, states.c.heads,
                  states.c.origin, change_sets.c.body).select_from(
        states.outerjoin(change_sets, change_sets.c.seq == states.c.origin))


def state_of(row: Any) -> EntityState:
    """The :class:`EntityState` of a :func:`state_rows` row."""
    state = EntityState.load(row.entity_id, row.list, row.scope, row.heads, row.body)
    state.origin = row.origin
    return state


class HubError(Exception):
    """A batch or request refused as a whole; ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(slots=True)
class Fresh:
    """A new entity whose state is exactly its plain creating set, and nothing else in
    the batch has touched: its ``states`` row comes straight from the set."""

    set: ChangeSet
    lookup: str | None  #: its normalized ID number, if a person with one
    origin: int | None = None  #: the ``change_sets.seq`` of the set's row, once known

    def row(self) -> dict[str, Any]:
        """The ``states`` row (as :meth:`EntityState.row` makes it for this state)."""
        s = self.set
        if self.origin is None:  # not numbered (cannot happen once written): in full
            return EntityState.created_by(s).row()
        count, digest = created_digest(s.set_id, s.props)
        return {"entity_id": s.entity_id, "list": s.entity_list, "scope": s.scope,
                "heads": None, "origin": self.origin, "digest": digest, "props": count,
                "contested": DELETED in s.props}


@dataclass
class Tally:
    """What a batch did, change by change."""

    accepted: int = 0
    known: int = 0
    superseded: int = 0
    flags: list[dict[str, Any]] = field(default_factory=list)


class BatchApply:
    """One batch merged over its preloaded state, then written (see the module docstring).

    ``prefix`` is the pushing device's scope: a duplicate-ID answer names only the
    entities inside it (see :meth:`_after_heads`). With ``one_pass`` false every new
    entity gets a working copy of its state, as before :class:`Fresh` existed (the
    reference the tests compare the one-pass rows with).
    """

    def __init__(self, conn: Connection, batch: Batch, now_ms: int, *, prefix: str,
                 one_pass: bool = True) -> None:
        self.conn, self.batch, self.now, self.prefix = conn, batch, now_ms, prefix
        self.one_pass = one_pass
        self.tally = Tally()
        self.states: dict[str, EntityState] = {}
        self.fresh: dict[str, Fresh] = {}  #: entity id -> its state, made in one pass
        self.plain = batch.plain_creates()
        self.extras = [s for s, plain in zip(batch.sets, self.plain, strict=True)
                       if not plain]  #: the sets with bases, resolves or explicit ids
        _check_explicit_ids(batch, self.plain)
        self._load_states({s.entity_id for s in batch.sets})
        self.known = self._load_known()
        self.links: set[tuple[str, str]] = set()  #: (parent, child) stored or made here
        self.superseded = self._load_superseded()
        self.superseded_sets = {set_part(cid) for cid in self.superseded}
        self.before_lookups = {e: st.lookups() for e, st in self.states.items()}
        self.entity_lookups = {e: set(keys) for e, keys in self.before_lookups.items()}
        self.owner_scopes: dict[str, str] = {}
        self.owners = self._load_owners()
        self.touched: set[str] = set()
        self.created: dict[str, ChangeSet] = {}  #: sets stored by _create, by set id
        self.new_sets: list[dict[str, Any]] = []
        self.new_links: list[dict[str, Any]] = []
        self.new_flags: list[dict[str, Any]] = []
        self.disclosures: list[dict[str, Any]] = []

    # -- loading ----------------------------------------------------------
    def _load_states(self, entity_ids: set[str]) -> None:
        for r in self.conn.execute(state_rows().where(states.c.entity_id.in_(
                id_list(self.conn))), ids_param(entity_ids)):
            self.states[r.entity_id] = state_of(r)
        for i, s in enumerate(self.batch.sets):
            known = self.states.get(s.entity_id)
            if known is not None and (known.entity_list, known.scope) != (s.entity_list,
                                                                          s.scope):
                raise HubError(f"sets[{i}]: entity list or scope differs from its record", 422)

    def _load_known(self) -> dict[str, set[str]]:
        """Set id -> change ids already stored, for the batch's sets."""
        known: dict[str, set[str]] = {}
        owner = {s.set_id: s.entity_id for s in self.batch.sets}
        for r in self.conn.execute(select(change_sets.c.set_id, change_sets.c.entity_id,
                                          change_sets.c.body).where(
                change_sets.c.set_id.in_(id_list(self.conn))), ids_param(owner)):
            if r.entity_id != owner[r.set_id]:
                raise HubError(f"set {r.set_id[:40]!r}: id already used for another entity",
                               422)
            known.setdefault(r.set_id, set()).update(
                parse_set(parse_json(r.body)).change_ids())
        return known

    def _load_superseded(self) -> set[str]:
        """Change ids of the batch's sets that a stored change already replaces."""
        out: set[str] = set()
        named = {s.set_id for s in self.batch.sets}  # a plain set names only its own
        named.update(sid for s in self.extras for sid in s.id_sets())
        for parent, child in self.conn.execute(select(links.c.parent, links.c.child).where(
                links.c.parent_set.in_(id_list(self.conn))), ids_param(named)):
            out.add(parent)
            self.links.add((parent, child))
        self._load_explicit_links()
        return out

    def _load_explicit_links(self) -> None:
        """The stored links from the versions that changes with explicit ids replace to
        those ids: one found again means a change id reused by another change."""
        explicit: set[str] = set()
        parents: set[str] = set()
        for s in self.extras:
            for entry in s.props.values():
                if len(entry) > 2 and "id" in entry[2]:
                    explicit.add(entry[2]["id"])
                    parents.update(entry[2].get("r", ()))
                    if entry[1] is not None:
                        parents.add(entry[1])
        if not parents:
            return
        for parent, child in self.conn.execute(select(links.c.parent, links.c.child).where(
                links.c.parent.in_(id_list(self.conn))), ids_param(sorted(parents))):
            if child in explicit:
                self.links.add((parent, child))

    def _load_owners(self) -> dict[str, set[str]]:
        """ID number -> entities whose heads carry it, for the batch's ID numbers."""
        keys = {k for s in self.batch.sets if s.entity_list == ID_LIST and ID_PROP in s.props
                if (k := lookup_key(ID_LIST, ID_PROP, s.props[ID_PROP][0]))}
        owners: dict[str, set[str]] = {}
        if not keys:
            return owners
        for r in self.conn.execute(
                select(lookups.c.lookup, lookups.c.entity_id, states.c.scope)
                .select_from(lookups.join(states, states.c.entity_id == lookups.c.entity_id))
                .where(lookups.c.lookup.in_(id_list(self.conn))), ids_param(sorted(keys))):
            owners.setdefault(r.lookup, set()).add(r.entity_id)
            self.owner_scopes[r.entity_id] = r.scope
        return owners

    # -- merging ----------------------------------------------------------
    def run(self) -> Tally:
        """Merge every set in batch order, then write the results."""
        states, fresh, known, created = self.states, self.fresh, self.known, self.created
        superseded = self.superseded_sets
        for s, body, plain in zip(self.batch.sets, self.batch.bodies, self.plain, strict=True):
            eid, sid = s.entity_id, s.set_id
            if plain and eid not in states and eid not in fresh and sid not in known \
                    and sid not in created and sid not in superseded:
                self._create(s, body)
            else:
                self._merge(s, body)
        self._write()
        return self.tally

    def _create(self, s: ChangeSet, body: str) -> None:
        """A set creating an entity the server has never seen: its state as it came,
        its rows made in one pass (:class:`Fresh`) unless its ID number is already
        someone's (then a flag may be due: the general path)."""
        if not self.one_pass:
            self._create_state(s, body)
            return
        key = None
        if s.entity_list == ID_LIST and ID_PROP in s.props:
            key = lookup_key(ID_LIST, ID_PROP, s.props[ID_PROP][0])
            if key and self.owners.get(key):
                self._create_state(s, body)
                return
            if key:
                self.owners[key] = {s.entity_id}
                self.entity_lookups[s.entity_id] = {key}
        self.fresh[s.entity_id] = Fresh(s, key)
        self.created[s.set_id] = s  # its change ids are known from now on
        self._keep(s, body)
        self.tally.accepted += len(s.props)

    def _create_state(self, s: ChangeSet, body: str) -> None:
        """:meth:`_create` with a working copy of the new entity's state."""
        state = EntityState.created_by(s)
        self.states[s.entity_id] = state
        self.created[s.set_id] = s
        self._keep(s, body)
        self.tally.accepted += len(s.props)
        self._after_heads(s, state, list(s.props))

    def _state(self, entity_id: str) -> EntityState | None:
        """The working copy of an entity's state (made now for a :class:`Fresh` one)."""
        state = self.states.get(entity_id)
        if state is None and entity_id in self.fresh:
            state = self.states[entity_id] = EntityState.created_by(
                self.fresh.pop(entity_id).set)
        return state

    def _merge(self, s: ChangeSet, body: str) -> None:
        state = self._state(s.entity_id)
        if state is None:
            state = self.states[s.entity_id] = EntityState(s.entity_id, s.entity_list, s.scope)
        known = self.known.get(s.set_id)
        if known is None:
            made = self.created.get(s.set_id)
            if made is not None and made.entity_id != s.entity_id:
                raise HubError(f"set {s.set_id[:40]!r}: id already used for another entity", 422)
            known = self.known[s.set_id] = set(made.change_ids()) if made else set()
        stored, headed = [], []
        for change in s.changes():
            outcome = self._merge_change(state, change, s, known)
            if outcome is Outcome.KNOWN:
                continue
            stored.append(change.prop)
            if outcome is not Outcome.SUPERSEDED:
                headed.append(change.prop)
        if stored:
            whole = len(stored) == len(s.props)
            part = s if whole else s.only(stored)
            self._keep(part, body if whole else part.body())
            self._after_heads(s, state, headed)

    def _merge_change(self, state: EntityState, change: Change, s: ChangeSet,
                      known: set[str]) -> Outcome:
        decision = merge(state.property_state(change.prop), change,
                         known=change.change_id in known,
                         superseded=change.change_id in self.superseded)
        if decision.outcome is Outcome.KNOWN:
            self.tally.known += 1
            return decision.outcome
        known.add(change.change_id)
        parents = replaces(change)
        for p in sorted(parents):
            if (p, change.change_id) in self.links:
                raise HubError(f"set {s.set_id[:40]!r} {change.prop[:40]!r}: change id"
                               f" {change.change_id[:40]!r} already used by another change"
                               " replacing the same version", 422)
            self.links.add((p, change.change_id))
            self.new_links.append({"parent_set": set_part(p), "parent": p,
                                   "child": change.change_id})
        self.superseded |= parents
        state.set_heads(change.prop, decision.state, s)
        if decision.outcome is Outcome.SUPERSEDED:
            self.tally.superseded += 1
        else:
            self.tally.accepted += 1
        return decision.outcome

    def _keep(self, s: ChangeSet, body: str) -> None:
        self.touched.add(s.entity_id)
        self.new_sets.append({"set_id": s.set_id, "entity_id": s.entity_id, "scope": s.scope,
                              "changes": len(s.props), "body": body,
                              "batch_id": self.batch.batch_id, "received_ms": self.now})
        hlc = s.hlc
        if int(hlc[:hlc.index(":")]) <= self.now + MAX_CLOCK_AHEAD_MS:
            return  # the common case, without decoding the whole stamp
        stamp = Stamp.decode(hlc)
        if is_ahead(stamp, now_ms=self.now):
            self._flag("clock_ahead", s, s.change_ids()[0],
                       {"ahead_ms": stamp.wall_ms - self.now, "device": s.device})

    def _after_heads(self, s: ChangeSet, state: EntityState, headed: list[str]) -> None:
        """Update the ID-number owners; flag a new head whose ID number another entity has."""
        if state.entity_list != ID_LIST or ID_PROP not in s.props:
            return
        eid = state.entity_id
        now, before = state.lookups(), self.entity_lookups.get(eid, set())
        for key in before - now:
            self.owners.get(key, set()).discard(eid)
        for key in now - before:
            self.owners.setdefault(key, set()).add(eid)
        self.entity_lookups[eid] = now
        key = lookup_key(ID_LIST, ID_PROP, s.props[ID_PROP][0])
        others = self.owners.get(key, set()) - {eid} if key else set()
        head_ids = {item_id(ID_PROP, i) for i in state.heads_of(ID_PROP)}
        if others and ID_PROP in headed and s.change_id(ID_PROP) in head_ids:
            scopes = {o: self._scope_of(o) for o in sorted(others)}
            detail = {"entities": sorted(others), "scopes": scopes}
            shown = shown_flag_detail("duplicate_id_number", detail, self.prefix)
            self._flag("duplicate_id_number", s, s.change_id(ID_PROP), detail, shown=shown)
            if shown.get("elsewhere"):
                self.disclosures.append({
                    "device_id": s.device, "entity_id": eid, "scope": s.scope,
                    "id_masked": mask_id_number(key or ""), "batch_id": self.batch.batch_id,
                    "created_ms": self.now})

    def _scope_of(self, entity_id: str) -> str:
        state = self.states.get(entity_id)
        if state is None and entity_id in self.fresh:
            return self.fresh[entity_id].set.scope
        return state.scope if state is not None else self.owner_scopes.get(entity_id, "")

    def _flag(self, kind: str, s: ChangeSet, change_id: str, detail: dict[str, Any], *,
              shown: dict[str, Any] | None = None) -> None:
        """Store a flag with its whole ``detail``; the pushing device's answer carries
        ``shown`` (what its scope may see) instead, if given."""
        row = {"kind": kind, "change_id": change_id, "entity_id": s.entity_id,
               "scope": s.scope, "detail": canonical_json(detail)}
        self.new_flags.append({**row, "created_ms": self.now})
        self.tally.flags.append({**row, "detail": detail if shown is None else shown})

    # -- writing ----------------------------------------------------------
    def _write(self) -> None:
        conn = self.conn
        touched = sorted(self.touched)
        stale = [e for e in touched if e in self.states and self.states[e].stored]
        if stale:
            conn.execute(delete(states).where(states.c.entity_id.in_(id_list(conn))),
                         ids_param(stale))
        top = top_seq(conn)
        insert_many(conn, change_sets, self.new_sets)
        self._number_origins(touched, top)
        fresh = self.fresh
        insert_many(conn, states, [fresh[e].row() if e in fresh else self.states[e].row()
                                   for e in touched])
        insert_many(conn, links, self.new_links)
        self._write_lookups(touched)
        insert_many(conn, flags, self.new_flags)
        insert_many(conn, disclosures, self.disclosures)

    def _number_origins(self, touched: list[str], top: int) -> None:
        """Give each state that is exactly its creating set that set's new row number."""
        pending: dict[str | None, EntityState | Fresh] = {
            self.states[e].origin_set: self.states[e] for e in touched
            if e in self.states and self.states[e].origin_set is not None
            and self.states[e].origin is None}
        pending.update((f.set.set_id, f) for f in self.fresh.values())
        if not pending:
            return
        for seq, set_id in self.conn.execute(select(change_sets.c.seq, change_sets.c.set_id)
                                             .where(change_sets.c.seq > top)
                                             .order_by(change_sets.c.seq.desc())):
            if set_id in pending:
                pending[set_id].origin = seq  # the lowest row of the set wins

    def _write_lookups(self, touched: list[str]) -> None:
        gone, added = [], []
        for e in touched:
            fresh = self.fresh.get(e)
            if fresh is not None:
                if fresh.lookup:
                    added.append({"lookup": fresh.lookup, "entity_id": e})
                continue
            state = self.states[e]
            if state.entity_list != "person":
                continue
            # kept current by _after_heads as heads change (ID numbers come only from heads)
            before, after = self.before_lookups.get(e, set()), self.entity_lookups.get(e, set())
            gone += [(k, e) for k in before - after]
            added += [{"lookup": k, "entity_id": e} for k in sorted(after - before)]
        for key, entity in gone:
            self.conn.execute(delete(lookups).where(lookups.c.lookup == key,
                                                    lookups.c.entity_id == entity))
        insert_many(self.conn, lookups, added)

    def conflicts(self) -> list[dict[str, Any]]:
        """The open conflicts of the entities this batch touched (as now written)."""
        out = []
        for e in sorted(self.touched):
            fresh = self.fresh.get(e)
            if fresh is not None and DELETED not in fresh.set.props:
                continue  # one set, one head each, no delete: nothing contested
            state = self.states[e] if fresh is None else EntityState.created_by(fresh.set)
            out += [c.to_dict() for c in state.conflicts()]
        return out


def _check_explicit_ids(batch: Batch, plain: tuple[bool, ...]) -> None:
    """Refuse a batch giving one explicit change id to two properties or entities
    (``plain``: which sets are plain creating sets, which give none)."""
    owner: dict[str, tuple[str, str]] = {}
    for i, (s, simple) in enumerate(zip(batch.sets, plain, strict=True)):
        if simple:
            continue
        for prop, entry in s.props.items():
            if len(entry) < 3 or "id" not in entry[2]:
                continue
            where = owner.setdefault(entry[2]["id"], (s.entity_id, prop))
            if where != (s.entity_id, prop):
                raise HubError(f"sets[{i}] {prop[:40]!r}: change id {entry[2]['id'][:40]!r}"
                               " is given to another property in this batch", 422)


def shown_flag_detail(kind: str, detail: dict[str, Any], prefix: str) -> dict[str, Any]:
    """What a device of scope ``prefix`` may see of a flag's ``detail``: of a duplicate
    ID number, only the entities inside its scope, and ``elsewhere: true`` if the
    number is also registered outside it (never which entity, nor where)."""
    if kind != "duplicate_id_number":
        return detail
    scopes = detail.get("scopes", {})
    entities = detail.get("entities", [])
    inside = [e for e in entities if scopes.get(e, "").startswith(prefix)]
    shown: dict[str, Any] = {"entities": inside}
    if len(inside) < len(entities):
        shown["elsewhere"] = True
    return shown


def mask_id_number(number: str) -> str:
    """An ID number with its first 4 and last 4 characters kept (as ``registry.masking``
    masks it; a short one keeps a quarter at each end)."""
    keep = 4 if len(number) >= 16 else len(number) // 4
    if keep == 0:
        return "*" * len(number)
    return number[:keep] + "*" * (len(number) - 2 * keep) + number[-keep:]
