"""An in-memory reference replica: implements the sync client's port with the
real ``protocol.merge``. Tests of the client and convergence run against it; the
registry's encrypted store runs the same tests through the same port."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection

from sync.client.port import ApplyOutcome, Snapshot
from sync.protocol import (
    DELETED,
    Change,
    ChangeSet,
    HybridClock,
    Outcome,
    PropertyState,
    as_sets,
    changes_of,
    entity_view,
    merge,
    new_id,
    replaces,
    resolve,
    scope_digest,
    sets_of,
    system_ms,
)

Key = tuple[str, str]


class OffsetClock:
    """A wall clock off by a fixed amount (picklable, unlike a lambda)."""

    def __init__(self, offset_ms: int) -> None:
        self.offset_ms = offset_ms

    def __call__(self) -> int:
        return system_ms() + self.offset_ms


class ReferenceReplica:
    """A device's store in memory: journal, current versions, cursor."""

    def __init__(self, device: str, scope: str, *, clock_offset_ms: int = 0,
                 user: str = "user-1") -> None:
        self._device, self._scope, self.user = device, scope, user
        self.clock = HybridClock(device, now_ms=OffsetClock(clock_offset_ms))
        self.journal: dict[str, Change] = {}
        self.local: list[str] = []
        self.acked: set[str] = set()
        self.heads: dict[Key, PropertyState] = {}
        self.replaced: set[str] = set()
        self.lists: dict[str, str] = {}
        self.cursor: int | None = None
        self.bootstrap: tuple[int, str] | None = None

    # -- the port ---------------------------------------------------------
    def device_id(self) -> str:
        return self._device

    def scope(self) -> str:
        return self._scope

    def pending_changes(self, limit: int) -> list[Change]:
        out = [self.journal[c] for c in self.local if c not in self.acked]
        return out[:limit]

    def pending_sets(self, limit: int, skip: Collection[str] = ()) -> list[ChangeSet]:
        sets = [s for s in sets_of(self.pending_changes(10**9)) if s.set_id not in skip]
        out, size = [], 0
        for s in sets:
            if out and size + len(s.props) > limit:
                break
            out.append(s)
            size += len(s.props)
        return out

    def pending_count(self) -> int:
        return len(self.pending_changes(10**9))

    def requeue_acknowledged(self) -> int:
        self.acked.clear()
        return self.pending_count()

    def mark_acknowledged(self, sets: list[ChangeSet]) -> None:
        self.acked.update(cid for s in sets for cid in s.change_ids())

    def apply_remote(self, items: list[Change | ChangeSet]) -> ApplyOutcome:
        changes = list(changes_of(as_sets(items)))
        counts: dict[Outcome, int] = defaultdict(int)
        for change in changes:
            counts[self._apply(change)] += 1
        conflicts = tuple(c for e in {c.entity_id for c in changes}
                          for c in self.view(e).conflicts)
        return ApplyOutcome(counts[Outcome.APPLIED] + counts[Outcome.CONFLICT],
                            counts[Outcome.KNOWN], counts[Outcome.SUPERSEDED], conflicts)

    def get_cursor(self) -> int | None:
        return self.cursor

    def set_cursor(self, cursor: int) -> None:
        self.cursor = cursor

    def get_bootstrap(self) -> tuple[int, str] | None:
        return self.bootstrap

    def set_bootstrap(self, mark: tuple[int, str] | None) -> None:
        self.bootstrap = mark

    def scope_digest(self) -> tuple[int, str]:
        return scope_digest((e, p, st.head_ids) for (e, p), st in self.heads.items()
                            if st.heads)

    def replace_scope(self, snapshot: Snapshot) -> None:
        pending = self.pending_changes(10**9)
        for change in snapshot.changes:
            self.journal.setdefault(change.change_id, change)
            self.lists[change.entity_id] = change.entity_list
        groups: dict[Key, list[Change]] = defaultdict(list)
        for change in [*snapshot.changes, *pending]:
            groups[(change.entity_id, change.prop)].append(change)
        self.heads = {key: resolve(items) for key, items in groups.items()}
        self.replaced = {i for c in self.journal.values() for i in replaces(c)}

    # -- local edits ------------------------------------------------------
    def edit(self, entity: str, prop: str, value: object, *, entity_list: str = "household",
             scope: str | None = None, settle: bool = False) -> Change:
        """Set a property knowing its current value (and its losers if ``settle``)."""
        state = self.state(entity, prop)
        base = state.winner.change_id if state.winner else None
        resolves = tuple(v.change_id for v in state.heads[1:]) if settle else ()
        return self._local(Change(new_id(), entity, self.lists.get(entity, entity_list), prop,
                                  value, base, self.clock.tick().encode(), self._device,
                                  self.user, scope or self._scope, resolves=resolves))

    def delete(self, entity: str, *, scope: str | None = None) -> Change:
        """Tombstone an entity, listing the versions seen of each property."""
        seen = {p: st.winner.change_id for (e, p), st in self.heads.items()
                if e == entity and p != DELETED and st.winner}
        base = self.state(entity, DELETED).winner
        return self._local(Change(new_id(), entity, self.lists.get(entity, "household"),
                                  DELETED, True, base.change_id if base else None,
                                  self.clock.tick().encode(), self._device, self.user,
                                  scope or self._scope, seen=seen))

    def _local(self, change: Change) -> Change:
        self._apply(change)
        self.local.append(change.change_id)
        return change

    def _apply(self, change: Change) -> Outcome:
        key = (change.entity_id, change.prop)
        decision = merge(self.heads.get(key, PropertyState()), change,
                         known=change.change_id in self.journal,
                         superseded=change.change_id in self.replaced)
        if decision.outcome is not Outcome.KNOWN:
            self.journal[change.change_id] = change
            self.replaced |= replaces(change)
            self.heads[key] = decision.state
            self.lists.setdefault(change.entity_id, change.entity_list)
            self.clock.observe(change.stamp)
        return decision.outcome

    # -- reading ----------------------------------------------------------
    def state(self, entity: str, prop: str) -> PropertyState:
        """The current versions of one property."""
        return self.heads.get((entity, prop), PropertyState())

    def view(self, entity: str):
        """The entity's deletion status and conflicts."""
        props = {p: st for (e, p), st in self.heads.items() if e == entity}
        return entity_view(entity, self.lists.get(entity, ""), props)

    def snapshot_state(self) -> dict[Key, tuple[str, ...]]:
        """Heads by property: what convergence compares."""
        return {k: st.head_ids for k, st in self.heads.items() if st.heads}


def state_of(changes: list[Change]) -> dict[Key, tuple[str, ...]]:
    """The specified state of a set of changes (``protocol.resolve`` per property)."""
    groups: dict[Key, list[Change]] = defaultdict(list)
    for change in changes:
        groups[(change.entity_id, change.prop)].append(change)
    return {k: resolve(v).head_ids for k, v in groups.items()}


ReplicaFactory = Callable[[str, str], ReferenceReplica]


class FileReplica(ReferenceReplica):
    """A reference replica that survives ``kill -9``: every port write is saved atomically."""

    path: str = ""

    def _save(self) -> None:
        import pickle
        from pathlib import Path

        from sync.protocol.fileio import write_atomic

        write_atomic(Path(self.path), pickle.dumps(self))

    @classmethod
    def load(cls, path: str) -> FileReplica:
        """Read a saved replica."""
        import pickle

        with open(path, "rb") as src:
            return pickle.load(src)

    def requeue_acknowledged(self) -> int:
        self.acked.clear()
        return self.pending_count()

    def mark_acknowledged(self, sets: list[ChangeSet]) -> None:
        super().mark_acknowledged(sets)
        self._save()

    def apply_remote(self, items: list[Change | ChangeSet]) -> ApplyOutcome:
        out = super().apply_remote(items)
        self._save()
        return out

    def set_cursor(self, cursor: int) -> None:
        super().set_cursor(cursor)
        self._save()

    def replace_scope(self, snapshot: Snapshot) -> None:
        super().replace_scope(snapshot)
        self._save()
