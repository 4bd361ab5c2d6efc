"""One entity's current versions as the server stores them (a ``states`` row).

Each head is kept as ``[set id, entry]`` (the entry as in its change set:
``[value, base, extra?]``) with the set's header (clock stamp, device, user, seen)
once per set, so a snapshot regroups heads into sets without looking anything up.
A brand-new entity's state is its creating set: while nothing else changes it,
the row stores no heads, only the ``origin`` row of that set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sync.protocol import (
    DELETED,
    ChangeSet,
    PropertyState,
    Version,
    change_id_of,
    compact_json,
    digest_lines,
    entity_view,
    parse_json,
    parse_set,
)

Item = list[Any]  # [set id, entry]

ID_LIST, ID_PROP = "person", "id_number"


def item_id(prop: str, item: Item) -> str:
    """The change id of a stored head."""
    entry = item[1]
    if len(entry) > 2 and "id" in entry[2]:
        return entry[2]["id"]
    return change_id_of(item[0], prop)


def lookup_key(entity_list: str, prop: str, value: Any) -> str | None:
    """The normalized national ID number a head carries, for duplicate detection."""
    if entity_list != ID_LIST or prop != ID_PROP or not isinstance(value, str):
        return None
    norm = value.strip().upper()
    return norm[:64] or None


def created_digest(set_id: str, props: Iterable[str]) -> tuple[int, str]:
    """The ``protocol.entity_digest`` of an entity whose state is exactly its creating
    set ``set_id`` of properties ``props``: every change id is "<set id>.<prop>"."""
    return digest_lines([f"{prop}\t{set_id}.{prop}\n" for prop in props])


@dataclass
class EntityState:
    """The working copy of one entity's heads during a batch."""

    entity_id: str
    entity_list: str
    scope: str
    sets: dict[str, list[Any]] = field(default_factory=dict)
    #: prop -> heads; None while the state is exactly ``created`` (built when first needed)
    _props: dict[str, list[Item]] | None = field(default_factory=dict)
    stored: bool = False  #: a ``states`` row exists (before this batch)
    #: The set this state is exactly (every head is its, it has no other), else None.
    origin_set: str | None = None
    #: The ``change_sets.seq`` of ``origin_set``'s row, once known.
    origin: int | None = None
    #: The creating set of a state made by :meth:`created_by` whose heads are not built yet.
    created: ChangeSet | None = field(default=None, repr=False)

    @classmethod
    def load(cls, entity_id: str, entity_list: str, scope: str, heads: str | None,
             origin_body: str | None) -> EntityState:
        """The state of a stored row (``origin_body``: its origin set's stored body)."""
        if heads is None:
            if origin_body is None:
                raise ValueError(f"state of {entity_id[:40]!r}: no heads and no origin set")
            state = cls.created_by(parse_set(parse_json(origin_body)))
            state.stored = True
            return state
        data = parse_json(heads)
        return cls(entity_id, entity_list, scope, data["sets"], data["props"], stored=True)

    @classmethod
    def created_by(cls, change_set: ChangeSet) -> EntityState:
        """The state of a new entity whose only changes are ``change_set``'s.

        Its heads (each property's entry in the set) are built only if something asks
        for :attr:`props`: most new entities are stored without it.
        """
        s = change_set
        sid = s.set_id
        return cls(s.entity_id, s.entity_list, s.scope,
                   {sid: [s.hlc, s.device, s.user, s.seen]}, None, origin_set=sid, created=s)

    @property
    def props(self) -> dict[str, list[Item]]:
        """Each property's heads, ``[set id, entry]`` each, winner first."""
        if self._props is None:
            s = self.created
            assert s is not None
            self._props = {p: [[s.set_id, e]] for p, e in s.props.items()}
            self.created = None
        return self._props

    def heads_of(self, prop: str) -> list[Item]:
        """The heads of ``prop`` (empty if it has none), without building :attr:`props`."""
        if self._props is None and self.created is not None:
            entry = self.created.props.get(prop)
            return [] if entry is None else [[self.created.set_id, entry]]
        return self.props.get(prop, [])

    def _names(self) -> Any:
        """The properties with heads."""
        if self._props is None and self.created is not None:
            return self.created.props.keys()
        return self.props.keys()

    # -- as the merge rule sees it ----------------------------------------
    def property_state(self, prop: str) -> PropertyState:
        """The current versions of ``prop`` as a :class:`PropertyState`."""
        return PropertyState(tuple(self._version(prop, item) for item in self.heads_of(prop)))

    def _version(self, prop: str, item: Item) -> Version:
        hlc, device, user, seen = self.sets[item[0]]
        return Version(item_id(prop, item), item[1][0], hlc, device, user, seen)

    def set_heads(self, prop: str, state: PropertyState, change_set: ChangeSet) -> None:
        """Keep ``state``'s heads of ``prop``; a head not stored yet is ``change_set``'s."""
        self.origin_set = self.origin = None
        old = {item_id(prop, item): item for item in self.props.get(prop, ())}
        items = []
        for version in state.heads:
            item = old.get(version.change_id)
            if item is None:
                s = change_set
                self.sets.setdefault(s.set_id, [s.hlc, s.device, s.user, s.seen])
                item = [s.set_id, s.props[prop]]
            items.append(item)
        if items:
            self.props[prop] = items
        else:
            self.props.pop(prop, None)

    def all_states(self) -> dict[str, PropertyState]:
        """Every property's :class:`PropertyState`."""
        return {p: self.property_state(p) for p in self.props}

    def conflicts(self) -> list[Any]:
        """The open conflicts (``entity_view``), only worked out when contested."""
        if not self.contested:
            return []
        return list(entity_view(self.entity_id, self.entity_list, self.all_states()).conflicts)

    @property
    def contested(self) -> bool:
        """True while a property has several heads, or a delete is current."""
        if self.origin_set is not None:  # exactly one set: one head each, and no delete
            return DELETED in self._names()
        return DELETED in self.props or any(len(items) > 1 for items in self.props.values())

    def lookups(self) -> set[str]:
        """The normalized ID numbers the heads carry."""
        items = self.heads_of(ID_PROP) if self.entity_list == ID_LIST else None
        return {k for item in items or () if (k := lookup_key(ID_LIST, ID_PROP, item[1][0]))}

    # -- stored form --------------------------------------------------------
    def row(self) -> dict[str, Any]:
        """The ``states`` row (headers of sets no head refers to are dropped); a state
        that is exactly its origin set stores only that set's row number."""
        count, digest = self.digest()
        row = {"entity_id": self.entity_id, "list": self.entity_list, "scope": self.scope,
               "heads": None, "origin": self.origin, "digest": digest, "props": count,
               "contested": self.contested}
        if self.origin_set is None or self.origin is None:
            used = {item[0] for items in self.props.values() for item in items}
            sets = {sid: h for sid, h in self.sets.items() if sid in used}
            row["heads"] = compact_json({"sets": sets, "props": self.props})
            row["origin"] = None
        return row

    def digest(self) -> tuple[int, str]:
        """This entity's ``protocol.entity_digest``."""
        sid = self.origin_set
        if sid is not None:
            return created_digest(sid, self._names())
        lines = []
        for prop, items in self.props.items():
            ids = item_id(prop, items[0]) if len(items) == 1 else ",".join(
                sorted(item_id(prop, i) for i in items))
            lines.append(f"{prop}\t{ids}\n")
        return digest_lines(lines)

    def change_sets(self) -> list[ChangeSet]:
        """The heads regrouped into the sets that made them (a snapshot's content)."""
        grouped: dict[str, dict[str, list[Any]]] = {}
        for prop, items in self.props.items():
            for sid, entry in items:
                grouped.setdefault(sid, {})[prop] = entry
        out = []
        for sid, props in grouped.items():
            hlc, device, user, seen = self.sets[sid]
            out.append(ChangeSet(sid, self.entity_id, self.entity_list, hlc, device, user,
                                 self.scope, props, seen))
        return out
