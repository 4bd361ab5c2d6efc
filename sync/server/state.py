"""One entity's current versions as the server stores them (a ``states`` row).

Each head is kept as ``[set id, entry]`` (the entry as in its change set:
``[value, base, extra?]``) with the set's header (clock stamp, device, user, seen)
once per set, so a brand-new entity's state is its creating set rearranged, and a
snapshot regroups heads into sets without looking anything up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sync.protocol import (
    DELETED,
    ChangeSet,
    PropertyState,
    Version,
    change_id_of,
    compact_json,
    entity_view,
    parse_json,
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


@dataclass
class EntityState:
    """The working copy of one entity's heads during a batch."""

    entity_id: str
    entity_list: str
    scope: str
    sets: dict[str, list[Any]] = field(default_factory=dict)
    props: dict[str, list[Item]] = field(default_factory=dict)
    stored: bool = False  #: a ``states`` row exists (before this batch)

    @classmethod
    def load(cls, entity_id: str, entity_list: str, scope: str, heads: str) -> EntityState:
        """The state of a stored row."""
        data = parse_json(heads)
        return cls(entity_id, entity_list, scope, data["sets"], data["props"], stored=True)

    @classmethod
    def created_by(cls, change_set: ChangeSet) -> EntityState:
        """The state of a new entity whose only changes are ``change_set``'s."""
        s = change_set
        sid = s.set_id
        return cls(s.entity_id, s.entity_list, s.scope,
                   {sid: [s.hlc, s.device, s.user, s.seen]},
                   {p: [[sid, e]] for p, e in s.props.items()})

    # -- as the merge rule sees it ----------------------------------------
    def property_state(self, prop: str) -> PropertyState:
        """The current versions of ``prop`` as a :class:`PropertyState`."""
        return PropertyState(tuple(self._version(prop, item) for item in self.props.get(prop, ())))

    def _version(self, prop: str, item: Item) -> Version:
        hlc, device, user, seen = self.sets[item[0]]
        return Version(item_id(prop, item), item[1][0], hlc, device, user, seen)

    def set_heads(self, prop: str, state: PropertyState, change_set: ChangeSet) -> None:
        """Keep ``state``'s heads of ``prop``; a head not stored yet is ``change_set``'s."""
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
        return DELETED in self.props or any(len(items) > 1 for items in self.props.values())

    def lookups(self) -> set[str]:
        """The normalized ID numbers the heads carry."""
        items = self.props.get(ID_PROP) if self.entity_list == ID_LIST else None
        return {k for item in items or () if (k := lookup_key(ID_LIST, ID_PROP, item[1][0]))}

    # -- stored form --------------------------------------------------------
    def row(self) -> dict[str, Any]:
        """The ``states`` row (headers of sets no head refers to are dropped)."""
        used = {item[0] for items in self.props.values() for item in items}
        sets = {sid: h for sid, h in self.sets.items() if sid in used}
        heads = compact_json({"sets": sets, "props": self.props})
        lines = self.digest_lines()
        return {"entity_id": self.entity_id, "list": self.entity_list, "scope": self.scope,
                "heads": heads, "lines": "".join(lines), "props": len(lines),
                "contested": self.contested}

    def digest_lines(self) -> list[str]:
        """This entity's lines of ``protocol.scope_digest``, sorted."""
        eid = self.entity_id
        lines = []
        for p, items in self.props.items():
            ids = item_id(p, items[0]) if len(items) == 1 else ",".join(
                sorted(item_id(p, i) for i in items))
            lines.append(f"{eid}\t{p}\t{ids}\n")
        lines.sort()
        return lines

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
