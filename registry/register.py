"""Register only after a search: who is already on file, and the new household's 户编号. No Qt.

A new person or household starts from a search by ID number and name
(:func:`check_new_person`). An ID number already on file stops the registration: the
result names the existing person, whom the screen opens instead. Birth date and sex come
from the ID number (``registry.idnumber``), never typed.

户编号 rule (:func:`next_household_no`): the profile's 12-digit village code followed by a
4-digit sequence, ``360102001001`` + ``0007``; the sequence is one more than the highest
number already on file under that code in this profile (``0001`` for the first). The demo
villages use the same form. Numbers are never reused within a profile; two laptops of one
village registering offline can draw the same number, which the county's national check
(duplicate 户编号) shows after their next sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from registry.errors import ValidationError
from registry.idnumber import parse_id_number
from registry.places import places_of
from registry.rules import HEAD_OF_HOUSEHOLD
from registry.store import Changes, Create, Entity, Store
from sync.protocol import ScopeError, in_scope, new_id, scope_prefix

SEQUENCE_DIGITS = 4


@dataclass(frozen=True, slots=True)
class Checked:
    """What the search before a registration found.

    ``existing`` is the live person already holding the ID number (or None: a new person
    may be registered); ``birth_date`` and ``sex`` are read from the ID number."""

    id_number: str
    name: str
    birth_date: date
    sex: str
    existing: Entity | None


def check_new_person(store: Store, *, id_number: str, name: str, today: date) -> Checked:
    """Check a person about to be registered: a valid ID number (``ValidationError`` on
    ``person.id_number`` otherwise), a name, and whether the number is already on file."""
    if not name.strip():
        raise ValidationError("person.name", "姓名不能为空", "name is required")
    info = parse_id_number(id_number, today=today, field="person.id_number")
    return Checked(info.number, name.strip(), info.birth_date, info.sex,
                   person_with_id(store, info.number))


def person_with_id(store: Store, id_number: str) -> Entity | None:
    """The live person whose ID number is ``id_number`` (through the search keys), if any."""
    key = "t:" + id_number.strip().upper()[::-1]
    for (entity_id,) in store.db.execute(
            "SELECT entity_id FROM search_key WHERE key = ? ORDER BY entity_id", [key]):
        entity = store.get(entity_id)
        if (entity.entity_list == "person" and not entity.deleted
                and str(entity.props.get("id_number", "")).upper() == id_number.upper()):
            return entity
    return None


def is_village_code(code: str | None) -> bool:
    """Whether ``code`` is a village's division code: 12 digits, not ending in ``000``."""
    text = code or ""
    return len(text) == 12 and text.isdigit() and not text.endswith("000")


def village_code_of(store: Store) -> str:
    """The 12-digit village code new households get (the profile's scope)."""
    code = str(store.default_scope or "")
    if not is_village_code(code):
        raise ValidationError("household.village_code", "本设备的范围不是一个村（须为 12 位村级代码），"
                              "不能在此登记新户", "this profile's scope is not a village")
    return code


def village_for_new_household(store: Store, typed: object = None) -> str:
    """The village a new household goes to: ``typed`` (a form's 村（居）代码, see
    :func:`checked_village_code`), the profile's own village when nothing was typed.
    ``ValidationError`` on ``household.village_code`` otherwise."""
    code = str(typed if typed is not None else "").strip()
    if not code:
        return village_code_of(store)
    return checked_village_code(store, code)


def checked_village_code(store: Store, code: str) -> str:
    """``code`` (a 村（居）代码 typed for a new household or a household moved) when it is a
    village's 12-digit code within this profile's scope that exists: the profile's own
    village, or a village of the vendored division edition or of the county's own place
    names (``registry.places``). ``ValidationError`` on ``household.village_code``
    otherwise, naming the code. Only local registrations and edits are checked: records
    synced from other devices are applied as they come."""
    if not is_village_code(code):
        raise ValidationError("household.village_code",
                              "村（居）代码须为 12 位村级行政区划代码（末 3 位不能是 000）",
                              "the village code must be a village's 12-digit division code"
                              " (not ending in 000)")
    if not _covers(store.default_scope, code):
        raise ValidationError("household.village_code",
                              f"村（居）代码 {code} 不在本设备的范围（{store.default_scope}）内，"
                              "不能在此登记该村的农户",
                              f"village code {code} is outside this device's scope"
                              f" ({store.default_scope}): its households cannot be registered here")
    if code != store.default_scope and not places_of(store).knows(code):
        raise ValidationError("household.village_code",
                              f"村（居）代码 {code} 不是已知的村：统计用区划代码中没有此村，"
                              "县里也未添加此村的地名；请核对村代码",
                              f"village code {code} is not a known village: the division codes"
                              " have no such village and the county has not added its name;"
                              " check the code")
    return code


def _covers(scope: str, code: str) -> bool:
    try:
        return in_scope(code, scope_prefix(scope))
    except ScopeError:
        return False


def next_household_no(store: Store, *, village_code: str) -> str:
    """The next 户编号 under ``village_code`` (see the module docstring)."""
    low, high = f"h:{village_code}", f"h:{village_code}" + "\uffff"
    last = 0
    for (key,) in store.db.execute(
            "SELECT key FROM search_key WHERE key >= ? AND key < ?", [low, high]):
        tail = key[len(low):]
        if tail.isdigit() and len(tail) == SEQUENCE_DIGITS:
            last = max(last, int(tail))
    if last + 1 >= 10 ** SEQUENCE_DIGITS:
        raise ValidationError("household.household_no", "本村户编号已用完", "no household number left")
    return f"{village_code}{last + 1:0{SEQUENCE_DIGITS}d}"


@dataclass(frozen=True, slots=True)
class Registered:
    """A new household and its head, written together."""

    household_id: str
    person_id: str
    household_no: str
    changes: Changes


def register_household(store: Store, checked: Checked, *,
                       extra: dict[str, Any] | None = None) -> Registered:
    """Create a household with ``checked`` as its 户主, in one write. Refused (nothing
    written) when the ID number is on file meanwhile. ``extra``: household properties
    (address, household_type ...)."""
    with store.transaction():
        if person_with_id(store, checked.id_number) is not None:
            raise ValidationError("person.id_number", "此身份证号已登记，请打开已有人员",
                                  "this ID number is already on file")
        code = village_code_of(store)
        number = next_household_no(store, village_code=code)
        household_id = new_id()
        changes = store.write([
            Create("household", {**(extra or {}), "household_no": number, "village_code": code,
                                 "head_name": checked.name}, entity_id=household_id),
            Create("person", {"name": checked.name, "id_number": checked.id_number,
                              "relation": HEAD_OF_HOUSEHOLD, "household_id": household_id})])
    return Registered(household_id, changes.created[1], number, changes)


def register_member(store: Store, checked: Checked, *, household_id: str, relation: str
                    ) -> Changes:
    """Add ``checked`` to an existing household with ``relation``; refused (nothing
    written) when the ID number is already on file."""
    with store.transaction():
        if person_with_id(store, checked.id_number) is not None:
            raise ValidationError("person.id_number", "此身份证号已登记，请打开已有人员",
                                  "this ID number is already on file")
        return store.write([Create("person", {
            "name": checked.name, "id_number": checked.id_number, "relation": relation,
            "household_id": household_id})])
