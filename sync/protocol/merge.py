"""The merge rule, conflict records, entity views and the scope digest."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sync.protocol.changes import APPEND_ONLY_LISTS, DELETED, Change, canonical_json
from sync.protocol.sets import ChangeSet, changes_of

# --------------------------------------------------------------------------
# The merge rule
# --------------------------------------------------------------------------


class Outcome(StrEnum):
    """What merging one change into one property did."""

    APPLIED = "applied"  #: the change is now the (or a) current version
    CONFLICT = "conflict"  #: applied, and the property now holds concurrent values
    SUPERSEDED = "superseded"  #: kept in the journal, but a known change already replaced it
    KNOWN = "known"  #: the change id was already known: nothing to do


@dataclass(frozen=True, slots=True)
class Version:
    """One current version (a *head*) of a property: the change that set it."""

    change_id: str
    value: Any
    hlc: str
    device: str
    user: str
    seen: Mapping[str, str] | None = None

    @classmethod
    def of(cls, change: Change) -> Version:
        """The version a change sets."""
        return cls(change.change_id, change.value, change.hlc, change.device, change.user,
                   change.seen)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        out = {"id": self.change_id, "value": self.value, "hlc": self.hlc,
               "device": self.device, "user": self.user}
        if self.seen is not None:
            out["seen"] = dict(self.seen)
        return out


def winner_key(change_id: str) -> str:
    """The rank of a head in a conflict: lower wins. SHA-256 of the change id, so
    neither a device clock nor time-ordered ids (UUIDv7) can bias the draw."""
    return hashlib.sha256(change_id.encode()).hexdigest()


def _winner_key(version: Version) -> str:
    return winner_key(version.change_id)


@dataclass(frozen=True, slots=True)
class PropertyState:
    """The current versions of one property, winner first (see the winner rule)."""

    heads: tuple[Version, ...] = ()

    @classmethod
    def of(cls, versions: Iterable[Version]) -> PropertyState:
        """A state from any versions, put in canonical order."""
        return cls(tuple(sorted(versions, key=_winner_key)))

    @property
    def winner(self) -> Version | None:
        """The version whose value is current, or ``None`` for a property never set."""
        return self.heads[0] if self.heads else None

    @property
    def value(self) -> Any:
        """The current value (``None`` if never set)."""
        return self.heads[0].value if self.heads else None

    @property
    def losers(self) -> tuple[Version, ...]:
        """Concurrent versions kept beside the winner (empty unless in conflict)."""
        return self.heads[1:] if self.in_conflict else ()

    @property
    def in_conflict(self) -> bool:
        """True if concurrent versions disagree on the value."""
        return len({canonical_json(v.value) for v in self.heads}) > 1

    @property
    def head_ids(self) -> tuple[str, ...]:
        """The change ids of the current versions, in canonical order."""
        return tuple(v.change_id for v in self.heads)


@dataclass(frozen=True, slots=True)
class Conflict:
    """A conflict record for county review: the winner applied, the losers kept.

    ``kind`` is ``"edit"`` (concurrent values of one property) or ``"delete"``
    (a delete made without knowing an edit; the entity stays, the delete loses).
    """

    kind: str
    entity_id: str
    entity_list: str
    prop: str
    winner: Version
    losers: tuple[Version, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (values included: do not log it)."""
        return {"kind": self.kind, "entity": self.entity_id, "list": self.entity_list,
                "prop": self.prop, "winner": self.winner.to_dict(),
                "losers": [v.to_dict() for v in self.losers]}


@dataclass(frozen=True, slots=True)
class Decision:
    """The result of :func:`merge`: what happened and the property's new state.

    ``replaced`` are the former heads the change replaced (now history).
    """

    outcome: Outcome
    state: PropertyState
    replaced: tuple[str, ...] = ()
    conflict: Conflict | None = None


def replaces(change: Change) -> frozenset[str]:
    """The change ids ``change`` was made knowing and replaces: its base and ``resolves``."""
    ids = set(change.resolves)
    if change.base is not None:
        ids.add(change.base)
    return frozenset(ids)


def merge(state: PropertyState, change: Change, *, known: bool = False,
          superseded: bool = False) -> Decision:
    """Merge ``change`` into the current ``state`` of its property.

    ``known``: the receiver already holds this change id (the call is then a
    no-op). ``superseded``: the receiver already holds a change that replaces
    this one (whose base or ``resolves`` names it), as happens when delivery is
    reordered. The caller stores every change that is not ``KNOWN`` in its
    journal, records its replaced ids, and keeps ``decision.state``.
    """
    if known or change.change_id in state.head_ids:
        return Decision(Outcome.KNOWN, state)
    if change.entity_list in APPEND_ONLY_LISTS:
        return _merge_append_only(state, change)
    gone = replaces(change)
    kept = [v for v in state.heads if v.change_id not in gone]
    replaced = tuple(v.change_id for v in state.heads if v.change_id in gone)
    if superseded:
        return Decision(Outcome.SUPERSEDED, PropertyState.of(kept), replaced)
    new = PropertyState.of([*kept, Version.of(change)])
    if not new.in_conflict:
        return Decision(Outcome.APPLIED, new, replaced)
    return Decision(Outcome.CONFLICT, new, replaced, property_conflict(change, new))


def _merge_append_only(state: PropertyState, change: Change) -> Decision:
    """Append-only records are written once: the lowest winner key stands, no conflict."""
    mine = Version.of(change)
    current = state.winner
    if current is None or _winner_key(mine) < _winner_key(current):
        replaced = () if current is None else (current.change_id,)
        return Decision(Outcome.APPLIED, PropertyState((mine,)), replaced)
    return Decision(Outcome.SUPERSEDED, state)


def property_conflict(change: Change, state: PropertyState) -> Conflict | None:
    """The conflict record for a property state, or ``None`` if it is not in conflict."""
    if not state.in_conflict or state.winner is None:
        return None
    return Conflict("edit", change.entity_id, change.entity_list, change.prop,
                    state.winner, state.losers)


def resolve(changes: Iterable[Change]) -> PropertyState:
    """The state of one property from the whole set of its changes (the specification).

    The heads are the changes no other change in the set replaces. :func:`merge`
    applied in any order, any number of times, reaches this same state.
    """
    pool = {c.change_id: c for c in changes}
    if not pool:
        return PropertyState()
    if next(iter(pool.values())).entity_list in APPEND_ONLY_LISTS:
        return PropertyState((Version.of(pool[min(pool, key=winner_key)]),))
    gone: set[str] = set()
    for c in pool.values():
        gone |= replaces(c)
    return PropertyState.of(Version.of(c) for cid, c in pool.items() if cid not in gone)


@dataclass(frozen=True, slots=True)
class EntityView:
    """An entity's derived status: deleted or not, and its conflict records."""

    deleted: bool
    conflicts: tuple[Conflict, ...]


def entity_view(entity_id: str, entity_list: str,
                props: Mapping[str, PropertyState]) -> EntityView:
    """Derive deletion and conflicts from the current states of an entity's properties.

    A delete holds only if it had seen every current version of every other
    property. If an edit it never saw exists, the delete loses: the entity
    stays, and a ``"delete"`` conflict records the delete for review.
    """
    conflicts = [
        Conflict("edit", entity_id, entity_list, prop, st.winner, st.losers)
        for prop, st in sorted(props.items())
        if st.winner is not None and st.in_conflict and entity_list not in APPEND_ONLY_LISTS
    ]
    tomb = props.get(DELETED, PropertyState())
    deletes = [v for v in tomb.heads if v.value]
    if not tomb.value or not deletes:
        return EntityView(False, tuple(conflicts))
    unseen = _unseen_heads(deletes, props)
    if not unseen or entity_list in APPEND_ONLY_LISTS:
        return EntityView(True, tuple(conflicts))
    winner = min(unseen, key=_winner_key)
    conflicts.append(Conflict("delete", entity_id, entity_list, DELETED, winner,
                              tuple(deletes)))
    return EntityView(False, tuple(conflicts))


def _unseen_heads(deletes: list[Version], props: Mapping[str, PropertyState]) -> list[Version]:
    seen: set[tuple[str, str]] = set()
    for d in deletes:
        seen |= {(p, cid) for p, cid in (d.seen or {}).items()}
    return [v for p, st in props.items() if p != DELETED for v in st.heads
            if (p, v.change_id) not in seen]


# --------------------------------------------------------------------------
# What a replica reports back to the client
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApplyOutcome:
    """What applying pulled changes did: counts, and the conflicts now open."""

    applied: int = 0
    known: int = 0
    superseded: int = 0
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A scope's current versions, as the server serves them for bootstrap or repair.

    ``sets`` hold the changes that set every current version (all heads, the
    losers of open conflicts included), grouped by the set they came in (a set
    keeps only its properties that are still current). ``cursor`` is where
    pulling resumes.
    """

    scope: str
    cursor: int
    sets: tuple[ChangeSet, ...]
    digest: tuple[int, str] = (0, "")
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every change of :attr:`sets`."""
        return tuple(changes_of(self.sets))


# --------------------------------------------------------------------------
# Scope digest: the end-of-sync check
# --------------------------------------------------------------------------


def scope_digest(rows: Iterable[tuple[str, str, Iterable[str]]]) -> tuple[int, str]:
    """Count and hash the current versions of a scope.

    ``rows`` are ``(entity_id, prop, head change ids)`` for every property with
    at least one head, in any order. Returns the number of such properties and
    a SHA-256 (hex) over each entity's :func:`entity_digest`, in entity id order
    (see :func:`combine_digests`); equal heads mean equal state.
    """
    by_entity: dict[str, list[tuple[str, Iterable[str]]]] = {}
    for entity_id, prop, ids in rows:
        by_entity.setdefault(entity_id, []).append((prop, ids))
    return combine_digests((e, *entity_digest(heads)) for e, heads in by_entity.items())


def entity_digest(heads: Iterable[tuple[str, Iterable[str]]]) -> tuple[int, str]:
    """Count and hash of one entity's current versions: ``heads`` are ``(prop, head
    change ids)``, in any order. The hash is the first 32 hex digits of the SHA-256
    of the sorted lines ``prop<TAB>ids joined by commas<LF>``."""
    return digest_lines([f"{prop}\t{','.join(sorted(ids))}\n" for prop, ids in heads])


def digest_lines(lines: list[str]) -> tuple[int, str]:
    """:func:`entity_digest` from its lines, unsorted (for callers that build them)."""
    lines.sort()
    return len(lines), hashlib.sha256("".join(lines).encode()).hexdigest()[:32]


def combine_digests(entities: Iterable[tuple[str, int, str]]) -> tuple[int, str]:
    """The scope's count and hash from each entity's ``(id, count, hash)`` (any order):
    the counts summed, and the SHA-256 of the lines ``id<TAB>hash<LF>`` sorted by id.
    Keeping each entity's digest lets a replica rehash only what changed."""
    rows = sorted(entities)
    text = "".join(f"{e}\t{h}\n" for e, _, h in rows)
    return sum(n for _, n, _ in rows), hashlib.sha256(text.encode()).hexdigest()


