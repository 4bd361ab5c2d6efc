"""Correct a registered member: name, ID number, relation to the head. No Qt.

A member registered with a mistyped ID number or the wrong relation must be put right where
the mistake is seen, in the village, and the correction must sync like any other change. A
correction writes only what differs from the record (so a field nobody changed cannot make
a sync conflict), in one transaction with the household's ``head_name`` when the head's
name or the head changes. A relation on file that is not a national one (a ledger's 长子)
may be kept as it is; a new one must be national. A new ID number is checked as at registration
(``registry.idnumber``) and gives the record the birth date and sex read from it. Refused,
with nothing written: an ID number another live person holds (the county merges real
duplicates), a relation not in the national list, a second 户主 (the store's rule: the
present head's relation is corrected first, then the new head is set), a record that is not
a live person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from registry.codes import RELATIONS
from registry.errors import ValidationError
from registry.idnumber import parse_id_number
from registry.masking import mask_id
from registry.register import person_with_id
from registry.rules import HEAD_OF_HOUSEHOLD
from registry.store import Changes, Entity, Op, Store, Update


@dataclass(frozen=True, slots=True)
class MemberFix:
    """What a correction asks for: ``id_number`` empty keeps the number on file."""

    name: str
    id_number: str
    relation: str


def correct_member(store: Store, person_id: str, fix: MemberFix, *, today: date) -> Changes:
    """Write ``fix`` to the person ``person_id`` (see the module docstring). Returns the
    ``Changes`` written (empty when nothing differs); ``ValidationError`` naming the field
    (``person.name``, ``person.id_number``, ``person.relation``) when refused."""
    with store.transaction():
        person = store.write_target(person_id, field="person.name")
        if person.entity_list != "person" or person.deleted:
            raise ValidationError("person", "只能更正已登记的在册人员", "only a registered person"
                                  " can be corrected")
        props = _changed(person, _wanted(store, person, fix, today=today))
        ops: list[Op] = [Update(person.id, props)] if props else []
        ops += _household_ops(store, person, props)
        return store.write(ops) if ops else Changes()


def _wanted(store: Store, person: Entity, fix: MemberFix, *, today: date) -> dict[str, Any]:
    """The properties the correction sets, each checked."""
    name = fix.name.strip()
    if not name:
        raise ValidationError("person.name", "姓名不能为空", "name is required")
    kept = fix.relation == str(person.props.get("relation") or "")
    if fix.relation not in RELATIONS and not kept:  # an imported 长子 may stay as it is
        raise ValidationError("person.relation", "与户主关系须为国家代码表中的一项",
                              "the relation must be one of the national list")
    wanted: dict[str, Any] = {"name": name, "relation": fix.relation}
    if fix.id_number.strip():
        wanted.update(_id_props(store, person, fix.id_number, today=today))
    return wanted


def _id_props(store: Store, person: Entity, typed: str, *, today: date) -> dict[str, Any]:
    """The new ID number with the birth date and sex read from it; refused when another
    live person holds it."""
    info = parse_id_number(typed, today=today, field="person.id_number")
    holder = person_with_id(store, info.number)
    if holder is not None and holder.id != person.id:
        raise ValidationError(
            "person.id_number",
            f"身份证号 {mask_id(info.number)} 已登记在另一人员名下，不能重复；"
            "如为同一人，请县里合并重复人员",
            f"ID number {mask_id(info.number)} is on file for another person; if it is the"
            " same person, the county merges the duplicates")
    return {"id_number": info.number, "birth_date": info.birth_date.isoformat(),
            "sex": info.sex}


def _changed(person: Entity, wanted: dict[str, Any]) -> dict[str, Any]:
    """Only what differs from the record (text compared as the record holds it)."""
    return {name: value for name, value in wanted.items()
            if str(person.props.get(name, "")) != str(value)}


def _household_ops(store: Store, person: Entity, props: dict[str, Any]) -> list[Op]:
    """The household's ``head_name`` follows its head's name."""
    relation = props.get("relation", person.props.get("relation"))
    if relation != HEAD_OF_HOUSEHOLD or not person.parent:
        return []
    name = props.get("name", person.props.get("name", ""))
    household = store.get(person.parent)
    if household.deleted or household.props.get("head_name") == name:
        return []
    return [Update(household.id, {"head_name": name})]
