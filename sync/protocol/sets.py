"""Change sets: the changes one write made to one entity, carried together.

A change set shares one set id, entity, list, clock stamp, device, user and
scope; its ``props`` map each property to ``[value, base]``, plus a third item
``{"r": resolves, "id": change id}`` only when a change resolves others or has
an id that is not ``"<set id>.<prop>"``. ``seen`` is the delete's map of
property to change id (a set carrying it holds only :data:`DELETED`). This is
the journal's row form, the wire form of batches and pulls, and the row form of
the county server, so a set moves between them without being taken apart; the
per-property :class:`Change` view is unpacked only where a merge needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sync.protocol.changes import (
    DELETED,
    MAX_VALUE_BYTES,
    Change,
    ClockError,
    Stamp,
    canonical_json,
    change_id_of,
    check_depth,
    normalize_scope,
)

#: Keys of a set's wire form; "seen" only on deletes.
SET_KEYS = frozenset({"id", "entity", "list", "hlc", "device", "user", "scope", "props",
                      "seen"})
_EXTRA_KEYS = frozenset({"r", "id"})
_SCALARS = (bool, int, float)
#: A string value this long cannot exceed MAX_VALUE_BYTES once encoded (4 bytes a character).
_SHORT_TEXT = MAX_VALUE_BYTES // 6


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """The changes of one write to one entity (see the module docstring)."""

    set_id: str
    entity_id: str
    entity_list: str
    hlc: str
    device: str
    user: str
    scope: str
    props: Mapping[str, list[Any]]
    seen: Mapping[str, str] | None = None

    def change_id(self, prop: str) -> str:
        """The change id of ``prop`` in this set."""
        entry = self.props[prop]
        if len(entry) > 2 and "id" in entry[2]:
            return entry[2]["id"]
        return change_id_of(self.set_id, prop)

    def change_ids(self) -> list[str]:
        """The change ids of every property, in order."""
        sid = self.set_id
        return [e[2]["id"] if len(e) > 2 and "id" in e[2] else f"{sid}.{p}"
                for p, e in self.props.items()]

    def id_sets(self) -> set[str]:
        """The set ids the change ids of this set name (its own, unless ids are given)."""
        out = {self.set_id}
        for entry in self.props.values():
            if len(entry) > 2 and "id" in entry[2]:
                out.add(set_part(entry[2]["id"]))
        return out

    @property
    def is_plain_create(self) -> bool:
        """True if no change has a base, resolves others or carries its own id: a
        first write of each property, as creating an entity makes."""
        for entry in self.props.values():  # noqa: SIM110 - a generator costs twice this loop
            if entry[1] is not None or len(entry) != 2:
                return False
        return True

    def changes(self) -> list[Change]:
        """The per-property changes of this set."""
        seen = None if self.seen is None else dict(self.seen)
        out = []
        for prop, entry in self.props.items():
            extra = entry[2] if len(entry) > 2 else {}
            out.append(Change(extra.get("id") or change_id_of(self.set_id, prop),
                              self.entity_id, self.entity_list, prop, entry[0], entry[1],
                              self.hlc, self.device, self.user, self.scope, seen,
                              tuple(extra.get("r", ()))))
        return out

    def only(self, props: Iterable[str]) -> ChangeSet:
        """This set restricted to ``props`` (in this set's order)."""
        keep = set(props)
        return ChangeSet(self.set_id, self.entity_id, self.entity_list, self.hlc, self.device,
                         self.user, self.scope, {p: e for p, e in self.props.items() if p in keep},
                         self.seen)

    def to_wire(self) -> dict[str, Any]:
        """The JSON-ready wire form."""
        out = {"id": self.set_id, "entity": self.entity_id, "list": self.entity_list,
               "hlc": self.hlc, "device": self.device, "user": self.user, "scope": self.scope,
               "props": self.props}
        if self.seen is not None:
            out["seen"] = self.seen
        return out

    def body(self) -> str:
        """The canonical JSON of the wire form (as stored and served by the server)."""
        return canonical_json(self.to_wire())


def set_id_of(change: Change) -> str:
    """The change set a change belongs to (its whole id if it names none)."""
    return set_part(change.change_id)


def set_part(change_id: str) -> str:
    """The set id a change id names (``"<set id>.<prop>"``; the whole id if it names none)."""
    head, dot, _ = change_id.partition(".")
    return head if dot else change_id


def _entry(change: Change, set_id: str) -> list[Any]:
    entry: list[Any] = [change.value, change.base]
    extra: dict[str, Any] = {}
    if change.resolves:
        extra["r"] = list(change.resolves)
    if change.change_id != change_id_of(set_id, change.prop):
        extra["id"] = change.change_id
    if extra:
        entry.append(extra)
    return entry


def _group_key(c: Change) -> tuple[Any, ...]:
    seen = None if c.seen is None else tuple(sorted(c.seen.items()))
    return (set_id_of(c), c.entity_id, c.entity_list, c.hlc, c.device, c.user, c.scope, seen)


def sets_of(changes: Iterable[Change]) -> list[ChangeSet]:
    """Group changes into sets: consecutive changes sharing a set id and header, in order."""
    out = []
    for key, group in groupby(changes, key=_group_key):
        set_id, entity, lst, hlc, device, user, scope, seen = key
        props: dict[str, list[Any]] = {}
        for c in group:
            if c.prop in props:  # the same property twice: start another set
                out.append(ChangeSet(set_id, entity, lst, hlc, device, user, scope, props,
                                     None if seen is None else dict(seen)))
                props = {}
            props[c.prop] = _entry(c, set_id)
        out.append(ChangeSet(set_id, entity, lst, hlc, device, user, scope, props,
                             None if seen is None else dict(seen)))
    return out


def as_sets(items: Sequence[Change | ChangeSet]) -> list[ChangeSet]:
    """``items`` as change sets (changes are grouped with :func:`sets_of`)."""
    if all(isinstance(i, ChangeSet) for i in items):
        return list(items)  # type: ignore[arg-type]
    out: list[ChangeSet] = []
    run: list[Change] = []
    for item in items:
        if isinstance(item, ChangeSet):
            out += sets_of(run)
            run = []
            out.append(item)
        else:
            run.append(item)
    return out + sets_of(run)


def changes_of(sets: Iterable[ChangeSet]) -> Iterator[Change]:
    """Every change of ``sets``, in order."""
    for change_set in sets:
        yield from change_set.changes()


# --------------------------------------------------------------------------
# Reading a set from the wire: every field checked, the error names it
# --------------------------------------------------------------------------


def parse_set(data: Any) -> ChangeSet:
    """Build and check a change set from its wire form; ``ValueError`` naming the field.

    The same rules as :func:`sync.protocol.parse_change` applied to each change:
    non-empty texts, a clock stamp of the set's device, a division-code scope,
    values that are small JSON, ``seen`` only on a delete, no change replacing
    itself.
    """
    if not isinstance(data, Mapping):
        raise ValueError("set: expected an object")
    unknown = set(data) - SET_KEYS
    if unknown:
        raise ValueError(f"set: unknown key {sorted(unknown)[0]!r:.40}")
    set_id, entity, lst, hlc, device, user = (
        _text(data, k) for k in ("id", "entity", "list", "hlc", "device", "user"))
    scope = data.get("scope")
    if not isinstance(scope, str):
        raise ValueError("set field 'scope': expected a division code")
    normalize_scope(scope)
    hlc = _stamp(hlc, device)
    props = _props(data.get("props"), set_id)
    seen = _seen(data.get("seen"), props)
    return ChangeSet(set_id, entity, lst, hlc, device, user, scope, props, seen)


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"set field {key!r}: expected a non-empty string")
    return value


def _stamp(hlc: str, device: str) -> str:
    if ":" in device:
        raise ValueError("set field 'device': must not contain ':'")
    try:
        stamp = Stamp.decode(hlc)
    except ClockError as exc:
        raise ValueError(f"set field 'hlc': {exc}") from exc
    if stamp.device != device:
        raise ValueError("set field 'hlc': stamp device differs from 'device'")
    return stamp.encode()


def _props(props: Any, set_id: str) -> dict[str, list[Any]]:
    """Check every ``prop: [value, base, extra?]``; the common shapes take the short way."""
    if not isinstance(props, Mapping) or not props:
        raise ValueError("set field 'props': expected a non-empty object")
    prefix = set_id + "."
    for prop, entry in props.items():
        if type(prop) is not str or not prop or type(entry) is not list:
            raise ValueError(f"set field 'props' {prop!r:.40}: expected [value, base, extra?]")
        if len(entry) == 2:
            base = entry[1]
            if base is not None and (type(base) is not str or not base
                                     or base == prefix + prop):
                _check_links(prop, entry, set_id)
        elif len(entry) == 3:
            _check_links(prop, entry, set_id)
        else:
            raise ValueError(f"set field 'props' {prop!r:.40}: expected [value, base, extra?]")
        value = entry[0]
        if value is None or type(value) in _SCALARS or (
                type(value) is str and len(value) <= _SHORT_TEXT):
            continue
        _check_value(prop, value)
    return dict(props)


def _check_value(prop: str, value: Any) -> None:
    if value is None or isinstance(value, bool | int | float):
        return
    if isinstance(value, str) and len(value) <= _SHORT_TEXT:
        return
    check_depth(value, field=f"set field 'props' {prop!r:.40}")
    try:
        size = len(canonical_json(value).encode())
    except (TypeError, ValueError) as exc:
        raise ValueError(f"set field 'props' {prop!r:.40}: value is not JSON") from exc
    if size > MAX_VALUE_BYTES:
        raise ValueError(f"set field 'props' {prop!r:.40}: value too large")


def _check_links(prop: str, entry: list[Any], set_id: str) -> None:
    base = entry[1]
    if base is not None and (not isinstance(base, str) or not base):
        raise ValueError(f"set field 'props' {prop!r:.40}: base must be a change id or null")
    own = change_id_of(set_id, prop)
    resolves: Any = ()
    if len(entry) == 3:
        extra = entry[2]
        if not isinstance(extra, Mapping) or not extra or set(extra) - _EXTRA_KEYS:
            raise ValueError(f"set field 'props' {prop!r:.40}: extra must be a non-empty "
                             "object of 'r' and 'id'")
        own = extra.get("id", own)
        resolves = extra.get("r", [])
        if not isinstance(own, str) or not own or not isinstance(resolves, list) or not all(
                isinstance(i, str) and i for i in resolves):
            raise ValueError(f"set field 'props' {prop!r:.40}: 'id' must be a change id and "
                             "'r' a list of change ids")
    if base == own or own in resolves:
        raise ValueError(f"set field 'props' {prop!r:.40}: a change cannot replace itself")


def _seen(seen: Any, props: Mapping[str, Any]) -> dict[str, str] | None:
    if seen is None:
        return None
    if set(props) != {DELETED}:
        raise ValueError("set field 'seen': only a delete carries it")
    if not isinstance(seen, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in seen.items()):
        raise ValueError("set field 'seen': expected a map of property to change id")
    return dict(seen)
