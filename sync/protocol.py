"""The sync protocol: change records and the hybrid logical clock.

Pure Python: no I/O, no Qt, no storage. Both the local store (registry) and the
county server build on the types here.

A *change* is one property of one entity set to one value. It carries the
version of that property it was based on (``base``: the change id the device
had seen, or ``None`` if it had seen none), the device and user that made it,
and a hybrid logical clock stamp. The clock orders one device's own edits and
stamps the audit trail; it never decides between devices (see the merge rule).

Merge rule (per property; :func:`merge` incrementally, :func:`resolve` as the spec)
-------------------------------------------------------------------------------
* A change *replaces* the change ids it was made knowing: its ``base`` and its
  ``resolves`` list. The *heads* of a property are the known changes no other
  known change replaces. The state is a function of the set of changes only, so
  every replica holding the same changes holds the same state, whatever the
  order, duplication or batching of delivery.
* An edit based on the current version replaces it (one head remains).
* Concurrent edits (neither knew the other) leave several heads. If their
  values differ the property is *in conflict*: all heads are kept, a
  :class:`Conflict` is recorded, and the **winner is the head whose change id
  has the lowest SHA-256** (:func:`winner_key`). That is a fair, deterministic
  draw that no device clock can bias (ids are UUIDv7, time-ordered; their hash
  is not): a laptop whose clock is days or years off cannot beat edits it never
  saw. Losers stay as heads until a
  change that names them (``base``/``resolves``) settles the conflict.
* Deletes are tombstones: the property :data:`DELETED` set to ``True``, with
  ``seen`` listing the version of every property the deleter had seen. A delete
  concurrent with an edit it did not see is a ``"delete"`` conflict: the entity
  stays, the delete is kept as the loser (see :func:`entity_view`).
* Records of :data:`APPEND_ONLY_LISTS` are written once and never conflict (if
  a property is somehow written twice, the lowest :func:`winner_key` stands).
* Stamps beyond the receiver's clock plus :data:`MAX_CLOCK_AHEAD_MS` are
  accepted but flagged (:func:`is_ahead`); stamps never pick a winner.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

#: The property a tombstone sets. A delete is a change like any other.
DELETED = "_deleted"

#: The property that redirects a duplicate to the record it was merged into.
MERGED_INTO = "_merged_into"

#: Lists whose records only grow: created once, never edited, never in conflict.
APPEND_ONLY_LISTS = frozenset({"visit", "service", "submission", "training_attendance"})

#: Stamps further ahead of the receiver's clock than this are accepted but flagged.
MAX_CLOCK_AHEAD_MS = 5 * 60 * 1000

_COUNTER_LIMIT = 0xFFFF


class ClockError(ValueError):
    """A clock stamp could not be parsed or would overflow."""


@dataclass(frozen=True, order=True, slots=True)
class Stamp:
    """A hybrid logical clock stamp: wall milliseconds, a counter, the device.

    Stamps order totally; their text form (``encode``) sorts the same way.
    """

    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        """Return the fixed-width text form, e.g. ``0001732233600000:0000:dev-1``."""
        return f"{self.wall_ms:016d}:{self.counter:04x}:{self.device}"

    @classmethod
    def decode(cls, text: str) -> Stamp:
        """Parse the text form made by :meth:`encode`."""
        try:
            wall, counter, device = text.split(":", 2)
            return cls(int(wall), int(counter, 16), device)
        except (ValueError, AttributeError) as exc:
            raise ClockError(f"not a clock stamp: {text!r:.40}") from exc


def system_ms() -> int:
    """The wall clock in milliseconds since the epoch."""
    return time.time_ns() // 1_000_000


class HybridClock:
    """A hybrid logical clock (Kulkarni et al. 2014) for one device.

    ``tick()`` stamps a local event; ``observe()`` merges a stamp received from
    elsewhere so later local stamps sort after it. The wall clock is injected.
    """

    def __init__(self, device: str, *, now_ms: Callable[[], int] = system_ms) -> None:
        if not device or ":" in device:
            raise ClockError("device id must be non-empty and contain no ':'")
        self.device = device
        self._now_ms = now_ms
        self._wall = 0
        self._counter = 0

    @property
    def last(self) -> Stamp:
        """The most recent stamp issued or observed."""
        return Stamp(self._wall, self._counter, self.device)

    def tick(self) -> Stamp:
        """Return a new stamp for a local event, later than every stamp seen."""
        now = self._now_ms()
        if now > self._wall:
            self._wall, self._counter = now, 0
        else:
            self._bump()
        return self.last

    def observe(self, remote: Stamp) -> Stamp:
        """Merge a stamp from another replica; return the updated local stamp."""
        now = self._now_ms()
        wall = max(self._wall, remote.wall_ms, now)
        if wall == self._wall == remote.wall_ms:
            self._counter = max(self._counter, remote.counter)
            self._bump()
        elif wall == self._wall:
            self._bump()
        elif wall == remote.wall_ms:
            self._wall, self._counter = wall, remote.counter
            self._bump()
        else:
            self._wall, self._counter = wall, 0
        return self.last

    def _bump(self) -> None:
        if self._counter >= _COUNTER_LIMIT:
            # Counter exhausted within one millisecond: borrow the next one.
            self._wall += 1
            self._counter = 0
        else:
            self._counter += 1


def is_ahead(stamp: Stamp, *, now_ms: int, tolerance_ms: int = MAX_CLOCK_AHEAD_MS) -> bool:
    """True if ``stamp`` claims a time beyond ``now_ms`` plus the tolerance."""
    return stamp.wall_ms > now_ms + tolerance_ms


def new_id() -> str:
    """A random identifier for entities, changes and batches: a UUIDv7 in hex.

    48 bits of wall-clock milliseconds then 74 random bits: unique without
    coordination, and roughly time-ordered so B-tree indexes on ids grow at
    their end. The clock part decides nothing; a wrong clock only costs locality.
    """
    value = (system_ms() & 0xFFFF_FFFF_FFFF) << 80 | int.from_bytes(os.urandom(10), "big")
    value = value & ~(0xF << 76) | 0x7 << 76  # version 7
    value = value & ~(0x3 << 62) | 0x2 << 62  # RFC 9562 variant
    return uuid.UUID(int=value).hex


def change_id_of(set_id: str, prop: str) -> str:
    """The id of the change to ``prop`` within the change set ``set_id``.

    One write of one entity is a *change set*: the properties it sets share an
    id prefix, a clock stamp, a device and a user. Each property's change is
    still its own unit of merge, with its own id ``"<set id>.<prop>"``.
    """
    return f"{set_id}.{prop}"


def split_change_id(change_id: str) -> tuple[str, str]:
    """``(set id, prop)`` of a change id made by :func:`change_id_of`."""
    set_id, dot, prop = change_id.partition(".")
    if not (set_id and dot and prop):
        raise ValueError("change id must look like '<set id>.<property>'")
    return set_id, prop


@dataclass(frozen=True, slots=True)
class Change:
    """One property of one entity set to one value, as the journal and sync carry it.

    ``base`` is the change id of the version of this property the author had
    seen (``None``: it had seen none). For a delete (``prop == DELETED``),
    ``seen`` maps every property the author had seen to its change id, so a
    receiver can tell a delete made without knowledge of a later edit.
    ``resolves`` lists further change ids of this property the author had seen
    and means to replace (the losers of a conflict it settles); it is omitted
    from the dict form when empty.
    """

    change_id: str
    entity_id: str
    entity_list: str
    prop: str
    value: Any
    base: str | None
    hlc: str
    device: str
    user: str
    scope: str = ""
    seen: Mapping[str, str] | None = field(default=None)
    resolves: tuple[str, ...] = ()

    @property
    def stamp(self) -> Stamp:
        """The decoded clock stamp."""
        return Stamp.decode(self.hlc)

    @property
    def is_delete(self) -> bool:
        """True for a tombstone."""
        return self.prop == DELETED

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the wire and journal form)."""
        out: dict[str, Any] = {
            "id": self.change_id,
            "entity": self.entity_id,
            "list": self.entity_list,
            "prop": self.prop,
            "value": self.value,
            "base": self.base,
            "hlc": self.hlc,
            "device": self.device,
            "user": self.user,
            "scope": self.scope,
        }
        if self.seen is not None:
            out["seen"] = dict(self.seen)
        if self.resolves:
            out["resolves"] = list(self.resolves)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        """Build a change from its dict form; raises ``ValueError`` naming the bad key."""
        try:
            return cls(
                change_id=_text(data, "id"),
                entity_id=_text(data, "entity"),
                entity_list=_text(data, "list"),
                prop=_text(data, "prop"),
                value=data.get("value"),
                base=_optional_text(data, "base"),
                hlc=Stamp.decode(_text(data, "hlc")).encode(),
                device=_text(data, "device"),
                user=_text(data, "user"),
                scope=str(data.get("scope") or ""),
                seen=_optional_seen(data),
                resolves=_resolves(data),
            )
        except ClockError as exc:
            raise ValueError(f"change field 'hlc': {exc}") from exc


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"change field {key!r}: expected a non-empty string")
    return value


def _optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"change field {key!r}: expected a string or null")
    return value


def _optional_seen(data: Mapping[str, Any]) -> dict[str, str] | None:
    seen = data.get("seen")
    if seen is None:
        return None
    if not isinstance(seen, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in seen.items()
    ):
        raise ValueError("change field 'seen': expected a map of property to change id")
    return dict(seen)


def _resolves(data: Mapping[str, Any]) -> tuple[str, ...]:
    ids = data.get("resolves")
    if ids is None:
        return ()
    if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
        raise ValueError("change field 'resolves': expected a list of change ids")
    return tuple(ids)


# --------------------------------------------------------------------------
# Canonical JSON and validation
# --------------------------------------------------------------------------

#: Limits a receiver enforces on one change and one batch.
MAX_VALUE_BYTES = 64 * 1024
MAX_BATCH_CHANGES = 5000
MAX_BATCH_BYTES = 32 * 1024 * 1024


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(value: Any) -> str:
    """The canonical text of a JSON value: sorted keys, no spaces, UTF-8 kept."""
    return _CANONICAL.encode(value)


def validate_change(change: Change) -> None:
    """Raise ``ValueError`` naming the field if ``change`` is not well-formed.

    Checks what ``from_dict`` cannot: the stamp's device is the change's
    device, the scope is a division code, the value is small JSON, and the
    ``seen`` map only appears on deletes.
    """
    if change.stamp.device != change.device:
        raise ValueError("change field 'hlc': stamp device differs from 'device'")
    if ":" in change.device:
        raise ValueError("change field 'device': must not contain ':'")
    normalize_scope(change.scope)
    try:
        size = len(canonical_json(change.value).encode())
    except (TypeError, ValueError) as exc:
        raise ValueError("change field 'value': not JSON") from exc
    if size > MAX_VALUE_BYTES:
        raise ValueError("change field 'value': too large")
    if change.seen is not None and not change.is_delete:
        raise ValueError("change field 'seen': only a delete carries it")
    if change.change_id in change.resolves or change.base == change.change_id:
        raise ValueError("change field 'base': a change cannot replace itself")


def parse_change(data: Any) -> Change:
    """Build and validate a change from its wire dict; ``ValueError`` if bad."""
    if not isinstance(data, Mapping):
        raise ValueError("change: expected an object")
    change = Change.from_dict(data)
    validate_change(change)
    return change


# --------------------------------------------------------------------------
# Scope: 12-digit division codes
# --------------------------------------------------------------------------

#: Digits of a division code that each role's scope fixes.
ROLE_PREFIX = {"village": 12, "site": 12, "township": 9, "county": 6, "prefecture": 4,
               "province": 2}
_LEVELS = (2, 4, 6, 9, 12)


class ScopeError(ValueError):
    """A division code or role is not valid."""


def normalize_scope(code: str) -> str:
    """Return ``code`` as 12 digits (a shorter level prefix is padded with zeros)."""
    if not isinstance(code, str) or not code.isascii() or not code.isdigit():
        raise ScopeError("scope: expected a division code of digits")
    if len(code) not in _LEVELS:
        raise ScopeError("scope: expected 2, 4, 6, 9 or 12 digits")
    return code.ljust(12, "0")


def scope_prefix(code: str, role: str | None = None) -> str:
    """The prefix a scope covers: fixed by ``role``, else the code minus trailing zero levels."""
    full = normalize_scope(code)
    if role is not None:
        if role not in ROLE_PREFIX:
            raise ScopeError(f"role: expected one of {sorted(ROLE_PREFIX)}")
        return full[: ROLE_PREFIX[role]]
    for level in _LEVELS:
        if full[level:].strip("0") == "":
            return full[:level]
    return full


def in_scope(record_scope: str, device_prefix: str) -> bool:
    """True if a record's 12-digit scope lies within a device's scope prefix."""
    try:
        return normalize_scope(record_scope).startswith(device_prefix)
    except ScopeError:
        return False


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

    ``changes`` are the changes that set every current version (all heads, the
    losers of open conflicts included). ``cursor`` is where pulling resumes.
    """

    scope: str
    cursor: int
    changes: tuple[Change, ...]
    digest: tuple[int, str] = (0, "")
    extra: Mapping[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Scope digest: the end-of-sync check
# --------------------------------------------------------------------------


def scope_digest(rows: Iterable[tuple[str, str, Iterable[str]]]) -> tuple[int, str]:
    """Count and hash the current versions of a scope.

    ``rows`` are ``(entity_id, prop, head change ids)`` for every property with
    at least one head, in any order. Returns the number of such properties and
    the SHA-256 (hex) of their sorted lines; equal heads mean equal state.
    """
    lines = sorted(f"{e}\t{p}\t{','.join(sorted(ids))}" for e, p, ids in rows)
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode())
        digest.update(b"\n")
    return len(lines), digest.hexdigest()


# --------------------------------------------------------------------------
# Batches: the wire format
# --------------------------------------------------------------------------

BATCH_FORMAT = "bangfu.batch/2"
#: The first format (one full dict per change); still decoded, and encoded on request.
BATCH_FORMAT_V1 = "bangfu.batch/1"
BATCH_MEDIA_TYPE = "application/x-bangfu-batch"

# Format 2 groups the changes of one change set (shared entity, list, clock stamp,
# user, scope and device; ids "<set id>.<prop>") under one header:
#   {"format": "bangfu.batch/2", "batch_id", "device", "checksum",
#    "sets": [{"set", "entity", "list", "hlc", "user", "scope", ["device"],
#              "props": [[prop, value, base, {extra}?], ...]}, ...]}
# "device" is left out when it is the batch's. {extra} only appears when needed:
# "id" (a change id that is not "<set>.<prop>"), "seen", "resolves". The changes
# are the items in order; the checksum is still over their format-1 dicts, so a
# batch has one id and one checksum whichever format carries it.
_SET_KEYS = ("entity", "list", "hlc", "user", "scope")


class BatchError(ValueError):
    """A batch could not be decoded or failed its checks."""


@dataclass(frozen=True, slots=True)
class Batch:
    """A device's changes sent together: identified, checksummed, gzip-compressed."""

    batch_id: str
    device: str
    changes: tuple[Change, ...]
    _bodies: tuple[str, ...] | None = field(default=None, init=False, repr=False,
                                            compare=False)

    @property
    def bodies(self) -> tuple[str, ...]:
        """The canonical JSON of each change's dict form (computed once)."""
        if self._bodies is None:
            object.__setattr__(self, "_bodies", tuple(canonical_changes(self.changes)))
        return self._bodies  # type: ignore[return-value]

    @property
    def checksum(self) -> str:
        """SHA-256 (hex) of the canonical JSON of the changes."""
        return _checksum_of(self.bodies)


def canonical_changes(changes: Iterable[Change]) -> list[str]:
    """The canonical JSON text of each change's dict form (as the server stores it)."""
    encode = _CANONICAL.encode
    return [encode(c.to_dict()) for c in changes]


def _checksum_of(bodies: Iterable[str]) -> str:
    # The canonical JSON of a list is its items' canonical JSON joined by commas.
    return hashlib.sha256(f"[{','.join(bodies)}]".encode()).hexdigest()


def changes_checksum(changes: Iterable[Change]) -> str:
    """SHA-256 (hex) of the canonical JSON list of ``changes``' dict forms."""
    return _checksum_of(canonical_changes(changes))


def make_batch(changes: Iterable[Change], *, device: str) -> Batch:
    """A batch of ``changes`` whose id derives from its content (a resend reuses it)."""
    items = tuple(changes)
    seed = f"{device}\n{changes_checksum(items)}"
    return Batch(hashlib.sha256(seed.encode()).hexdigest()[:32], device, items)


def encode_batch(batch: Batch, *, format: str = BATCH_FORMAT) -> bytes:  # noqa: A002
    """The wire bytes of a batch: gzip of its canonical JSON envelope (``format`` 2 or 1)."""
    envelope: dict[str, Any] = {"format": format, "batch_id": batch.batch_id,
                                "device": batch.device, "checksum": batch.checksum}
    if format == BATCH_FORMAT:
        envelope["sets"] = _group_sets(batch.changes, batch.device)
    elif format == BATCH_FORMAT_V1:
        envelope["changes"] = [c.to_dict() for c in batch.changes]
    else:
        raise ValueError(f"batch format: expected {BATCH_FORMAT!r} or {BATCH_FORMAT_V1!r}")
    return gzip.compress(canonical_json(envelope).encode(), mtime=0)


def _group_sets(changes: Iterable[Change], device: str) -> list[dict[str, Any]]:
    sets: list[dict[str, Any]] = []
    last: tuple[Any, ...] | None = None
    for c in changes:
        set_id, dot, prop = c.change_id.partition(".")
        own_id = not (set_id and dot and prop == c.prop)
        header = (None if own_id else set_id, c.entity_id, c.entity_list, c.hlc, c.user,
                  c.scope, c.device)
        if header != last:
            group = dict(zip(_SET_KEYS, header[1:6], strict=True))
            if not own_id:
                group["set"] = set_id
            if c.device != device:
                group["device"] = c.device
            group["props"] = []
            sets.append(group)
            last = header
        item: list[Any] = [c.prop, c.value, c.base]
        extra: dict[str, Any] = {}
        if own_id:
            extra["id"] = c.change_id
        if c.seen is not None:
            extra["seen"] = dict(c.seen)
        if c.resolves:
            extra["resolves"] = list(c.resolves)
        if extra:
            item.append(extra)
        sets[-1]["props"].append(item)
    return sets


def decode_batch(data: bytes, *, max_bytes: int = MAX_BATCH_BYTES) -> Batch:
    """Decode and check wire bytes; raise :class:`BatchError` saying what is wrong."""
    envelope = _load_envelope(_gunzip(data, max_bytes))
    if envelope["format"] == BATCH_FORMAT:
        raw = _ungroup_sets(envelope.get("sets"), envelope["device"])
    else:
        raw = envelope.get("changes")
    if not isinstance(raw, list) or not 0 < len(raw) <= MAX_BATCH_CHANGES:
        raise BatchError(f"batch 'changes': expected a list of 1 to {MAX_BATCH_CHANGES}")
    changes = []
    for i, item in enumerate(raw):
        try:
            changes.append(parse_change(item))
        except ValueError as exc:
            raise BatchError(f"batch 'changes[{i}]': {exc}") from exc
    batch = Batch(envelope["batch_id"], envelope["device"], tuple(changes))
    if batch.checksum != envelope.get("checksum"):
        raise BatchError("batch 'checksum': does not match the changes")
    return batch


def _ungroup_sets(sets: Any, device: str) -> list[dict[str, Any]]:
    """The format-1 dicts of a format-2 ``sets`` list (checked by ``parse_change`` after)."""
    if not isinstance(sets, list) or not sets:
        raise BatchError("batch 'sets': expected a non-empty list")
    out: list[dict[str, Any]] = []
    for n, group in enumerate(sets):
        props = group.get("props") if isinstance(group, dict) else None
        if not isinstance(props, list) or not props:
            raise BatchError(f"batch 'sets[{n}]': expected an object with a list 'props'")
        if len(out) + len(props) > MAX_BATCH_CHANGES:
            raise BatchError(f"batch 'changes': expected a list of 1 to {MAX_BATCH_CHANGES}")
        unknown = set(group) - {*_SET_KEYS, "set", "device", "props"}
        if unknown:
            raise BatchError(f"batch 'sets[{n}]': unknown key {sorted(unknown)[0]!r:.40}")
        common = {"entity": group.get("entity"), "list": group.get("list"),
                  "hlc": group.get("hlc"), "device": group.get("device", device),
                  "user": group.get("user"), "scope": group.get("scope")}
        set_id = group.get("set")
        if set_id is not None and (not isinstance(set_id, str) or not set_id):
            raise BatchError(f"batch 'sets[{n}]' 'set': expected a non-empty string")
        for item in props:
            out.append({**common, **_ungroup_item(item, set_id, n)})
    return out


def _ungroup_item(item: Any, set_id: str | None, n: int) -> dict[str, Any]:
    if not isinstance(item, list) or len(item) not in (3, 4) or not isinstance(item[0], str):
        raise BatchError(f"batch 'sets[{n}]' 'props': expected [prop, value, base, extra?]")
    extra = item[3] if len(item) == 4 else {}
    if len(item) == 4 and (not isinstance(extra, dict) or not extra
                           or set(extra) - {"id", "seen", "resolves"}):
        raise BatchError(f"batch 'sets[{n}]' 'props': extra must be a non-empty object "
                         "of 'id', 'seen', 'resolves'")
    if "id" not in extra and set_id is None:
        raise BatchError(f"batch 'sets[{n}]': a change has neither 'set' nor 'id'")
    return {"id": extra.get("id", f"{set_id}.{item[0]}"), "prop": item[0], "value": item[1],
            "base": item[2], **{k: v for k, v in extra.items() if k != "id"}}


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        inflater = zlib.decompressobj(wbits=31)
        out = inflater.decompress(data, max_bytes)
        if inflater.unconsumed_tail:
            raise BatchError("batch: larger than allowed")
        if not inflater.eof:
            raise BatchError("batch: truncated")
        return out
    except zlib.error as exc:
        raise BatchError("batch: not gzip data") from exc


def _load_envelope(text: bytes) -> dict[str, Any]:
    try:
        envelope = json.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BatchError("batch: not JSON") from exc
    if not isinstance(envelope, dict) or envelope.get("format") not in (BATCH_FORMAT,
                                                                        BATCH_FORMAT_V1):
        raise BatchError(f"batch 'format': expected {BATCH_FORMAT!r} or {BATCH_FORMAT_V1!r}")
    for key in ("batch_id", "device"):
        value = envelope.get(key)
        if not isinstance(value, str) or not value or len(value) > 64:
            raise BatchError(f"batch {key!r}: expected a short non-empty string")
    return envelope


# --------------------------------------------------------------------------
# USB bundles: batches sealed to the county server and signed by the device
# --------------------------------------------------------------------------

BUNDLE_FORMAT = "bangfu.bundle/1"
_BUNDLE_MAGIC = b"BANGFU-BUNDLE/1\n"
_HPKE_INFO = BUNDLE_FORMAT.encode()


class BundleError(ValueError):
    """A bundle could not be opened, verified or decoded."""


def _suite():  # noqa: ANN202 - a cryptography HPKE suite
    from cryptography.hazmat.primitives import hpke

    return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def seal_bundle(batches: Iterable[Batch], *, device: str, signing_key: Any,
                server_key: str, created_ms: int) -> bytes:
    """Sign ``batches`` with the device's Ed25519 key, then seal them to the server's
    X25519 key (``server_key``, hex) with HPKE (RFC 9180, base mode)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    inner = gzip.compress(canonical_json({
        "format": BUNDLE_FORMAT, "device": device, "server_key": server_key,
        "created_ms": created_ms,
        "batches": [base64.b64encode(encode_batch(b)).decode() for b in batches],
    }).encode(), mtime=0)
    signed = canonical_json({"device": device, "payload": base64.b64encode(inner).decode(),
                             "sig": signing_key.sign(inner).hex()}).encode()
    recipient = X25519PublicKey.from_public_bytes(bytes.fromhex(server_key))
    return _BUNDLE_MAGIC + _suite().encrypt(signed, recipient, info=_HPKE_INFO)


def open_bundle(data: bytes, *, server_private: Any,
                verify_key: Callable[[str], Any]) -> tuple[str, list[Batch]]:
    """Open a sealed bundle; return its device and batches.

    ``verify_key(device)`` returns that device's Ed25519 public key (or raises).
    Raises :class:`BundleError` if the bundle is damaged, not for this server, or
    not signed by the device it names.
    """
    from cryptography.exceptions import InvalidSignature, InvalidTag

    if not data.startswith(_BUNDLE_MAGIC):
        raise BundleError("bundle: not a Bangfu bundle")
    try:
        signed = json.loads(_suite().decrypt(data[len(_BUNDLE_MAGIC):], server_private,
                                             info=_HPKE_INFO))
        device, inner = signed["device"], base64.b64decode(signed["payload"], validate=True)
        verify_key(device).verify(bytes.fromhex(signed["sig"]), inner)
    except InvalidSignature as exc:
        raise BundleError("bundle: signature does not match the device") from exc
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise BundleError("bundle: damaged, or not sealed to this server's key") from exc
    body = _load_bundle_body(_gunzip(inner, MAX_BATCH_BYTES), device)
    return device, [decode_batch(base64.b64decode(b)) for b in body["batches"]]


def _load_bundle_body(text: bytes, device: str) -> dict[str, Any]:
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise BundleError("bundle: payload is not JSON") from exc
    if not isinstance(body, dict) or body.get("format") != BUNDLE_FORMAT:
        raise BundleError(f"bundle 'format': expected {BUNDLE_FORMAT!r}")
    if body.get("device") != device or not isinstance(body.get("batches"), list):
        raise BundleError("bundle: device or batches malformed")
    return body
