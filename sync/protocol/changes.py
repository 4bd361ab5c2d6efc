"""Changes, their ids and the hybrid logical clock; canonical JSON, validation, scopes."""

from __future__ import annotations

import functools
import os
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sync.protocol.jsontext import canonical_json

#: The property a tombstone sets. A delete is a change like any other.
DELETED = "_deleted"

#: The property that redirects a duplicate to the record it was merged into.
MERGED_INTO = "_merged_into"

#: Lists whose records only grow: created once, never edited, never in conflict.
APPEND_ONLY_LISTS = frozenset({"visit", "service", "submission", "training_attendance", "audit"})

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

#: The largest value one change may carry (bytes of canonical JSON).
MAX_VALUE_BYTES = 64 * 1024
#: The deepest nesting of lists and objects a value may have (form values are shallow;
#: a deeper one would exhaust the JSON writers' recursion).
MAX_VALUE_DEPTH = 64


def check_depth(value: Any, *, field: str) -> None:
    """Raise ``ValueError`` naming ``field`` if ``value`` nests deeper than
    :data:`MAX_VALUE_DEPTH` lists and objects (checked without recursion)."""
    level: list[Any] = [value]
    for _ in range(MAX_VALUE_DEPTH + 1):
        level = [v for item in level if isinstance(item, list | dict)
                 for v in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return
    raise ValueError(f"{field}: nested deeper than {MAX_VALUE_DEPTH} levels")


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
    check_depth(change.value, field="change field 'value'")
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
    if not isinstance(code, str):
        raise ScopeError("scope: expected a division code of digits")
    return _normalized(code)


@functools.lru_cache(maxsize=4096)
def _normalized(code: str) -> str:
    if not code.isascii() or not code.isdigit():
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


