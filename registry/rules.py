"""Field rules applied on every local write: normalise, derive, refuse bad values.

Rules are pure: they take the properties an entity would have after the write
and return them normalised (an ID number upper-cased, sex and birth date derived
from it, a phone number cleaned, a labour class suggested) or raise
``ValidationError`` naming the field. Rules that need other records (one 户主 per
household) live in the store, which can query.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from registry.errors import ValidationError
from registry.idnumber import parse_id_number
from registry.labour import LABOUR_CLASSES, suggest_labour_class
from registry.phone import parse_phone
from registry.service_code import parse_service_code

#: The property that links a record to the record it belongs to.
PARENT_PROP: dict[str, str] = {
    "person": "household_id",
    "work_spell": "person_id",
    "visit": "person_id",
    "service": "person_id",
    "training": "person_id",
    "post": "person_id",
    "claim": "subject_id",
}

HEAD_OF_HOUSEHOLD = "户主"


class ContradictsIdNumber(ValidationError):
    """A sex or birth date given beside an ID number that says otherwise: the write is
    refused (nothing is filled in from the ID number); ``field`` is ``person.sex`` or
    ``person.birth_date``."""

Normaliser = Callable[[dict[str, Any], date], dict[str, Any]]


def parent_of(entity_list: str, props: Mapping[str, Any]) -> str | None:
    """The id of the record this one belongs to (a person's household ...), if any."""
    prop = PARENT_PROP.get(entity_list)
    value = props.get(prop) if prop else None
    return str(value) if value else None


def normalise(entity_list: str, props: Mapping[str, Any], *, today: date) -> dict[str, Any]:
    """Return ``props`` normalised for ``entity_list``; raise ``ValidationError`` if invalid."""
    clean = {key: _strip(value) for key, value in props.items()}
    _check_keys(entity_list, clean)
    rule = _NORMALISERS.get(entity_list)
    return rule(clean, today) if rule else clean


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _check_keys(entity_list: str, props: Mapping[str, Any]) -> None:
    for key in props:
        if not isinstance(key, str) or not key or key.startswith("_"):
            raise ValidationError(f"{entity_list}.{key}", "属性名无效", "invalid property name")


def _person(props: dict[str, Any], today: date) -> dict[str, Any]:
    if not props.get("name"):
        raise ValidationError("person.name", "姓名不能为空", "name is required")
    if props.get("id_number"):
        _apply_id_number(props, today)
    if props.get("phone"):
        props["phone"] = parse_phone(str(props["phone"]), field="person.phone")
    if props.get("service_code"):
        props["service_code"] = _service_code(props["service_code"])
    _apply_labour_class(props, today)
    return props


def _apply_id_number(props: dict[str, Any], today: date) -> None:
    info = parse_id_number(str(props["id_number"]), today=today, field="person.id_number")
    props["id_number"] = info.number
    derived = {"sex": info.sex, "birth_date": info.birth_date.isoformat()}
    for key, value in derived.items():
        given = props.get(key)
        if given and given != value:
            raise ContradictsIdNumber(
                f"person.{key}",
                "与身份证号不符，请核对证件后改正",
                "does not match the ID number; check the ID card and correct it",
            )
        props[key] = value


def _apply_labour_class(props: dict[str, Any], today: date) -> None:
    given = props.get("labour_class")
    if given:
        if given not in LABOUR_CLASSES:
            raise ValidationError(
                "person.labour_class",
                "劳动技能须为：" + "、".join(LABOUR_CLASSES),
                "labour class must be one of the five national values",
            )
        return
    birth = props.get("birth_date")
    if not birth:
        return
    try:
        born = date.fromisoformat(str(birth))
    except ValueError:
        raise ValidationError("person.birth_date", "出生日期格式应为 YYYY-MM-DD",
                              "birth date must be YYYY-MM-DD") from None
    props["labour_class"] = suggest_labour_class(
        birth_date=born,
        today=today,
        health=str(props.get("health") or "健康"),
        disabled=_disability_level(props.get("disability")),
        has_skill=bool(props.get("skill")),
        in_school=bool(props.get("in_school")),
        health_field="person.health",
    )
    props["labour_class_suggested"] = True


_LEVEL_WORDS = {"一级": 1, "二级": 2, "三级": 3, "四级": 4}


def _disability_level(value: Any) -> bool | int:
    """``"肢体三级"`` -> 3; another non-empty value -> True (level unknown); empty -> False."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return value
    text = str(value or "")
    for word, level in _LEVEL_WORDS.items():
        if word in text:
            return level
    return bool(value)


def _household(props: dict[str, Any], today: date) -> dict[str, Any]:
    if props.get("phone"):
        props["phone"] = parse_phone(str(props["phone"]), field="household.phone")
    return props


def _service_code(value: Any) -> str:
    code = parse_service_code(str(value))
    if code is None:
        raise ValidationError("person.service_code", "服务码格式或校验位不正确",
                              "not a valid service code (shape or check character)")
    return code


def _export_batch(props: dict[str, Any], today: date) -> dict[str, Any]:
    """An organised export (点对点): workers to one employer, on a date, by a transport."""
    for key, words in (("employer", "用工单位"), ("depart_date", "出发日期"),
                       ("transport", "交通方式")):
        if not props.get(key):
            raise ValidationError(f"export_batch.{key}", f"{words}不能为空", f"{key} is required")
    try:
        date.fromisoformat(str(props["depart_date"]))
    except ValueError:
        raise ValidationError("export_batch.depart_date", "出发日期格式应为 YYYY-MM-DD",
                              "departure date must be YYYY-MM-DD") from None
    people = props.get("person_ids")
    if not isinstance(people, list) or not people or not all(
            isinstance(p, str) and p for p in people):
        raise ValidationError("export_batch.person_ids", "输出批次至少要有一名务工人员",
                              "a batch needs at least one worker")
    props["person_ids"] = list(dict.fromkeys(people))
    return props


_NORMALISERS: dict[str, Normaliser] = {"person": _person, "household": _household,
                                       "export_batch": _export_batch}


def merge_for_update(existing: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """The properties after an update: ``new`` over ``existing``.

    A suggested labour class is suggested again (age and health may have changed)
    unless the update sets one, which then counts as chosen by a person.
    """
    merged = {**existing, **new}
    if "labour_class" in new:
        merged["labour_class_suggested"] = False
    elif existing.get("labour_class_suggested"):
        merged.pop("labour_class", None)
    return merged
