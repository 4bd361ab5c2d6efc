"""Labour classes (劳动技能, national code table 100A14) and the rule that suggests one.

The suggestion is only a default for the form: the village cadre confirms or overrides it.
The whole rule is the frozen ``LabourRule`` below; change ``DEFAULT_RULE`` (or pass another
rule) rather than the code. The rule, applied in this order:

1. age < 16 (``min_working_age``), or in school -> 无劳动力;
2. age >= 65 (``max_age_with_capacity``) -> 无劳动力;
3. 患有大病 (``loss_health``) or a severe disability (level 一级 or 二级,
   ``severe_disability_levels``) -> 丧失劳动力;
4. 60 <= age < 65 (``upper_working_age``) -> 弱劳动力或半劳动力;
5. 16 <= age < 60: any other disability, or 长期慢性病 (``weak_health``)
   -> 弱劳动力或半劳动力; else 技能劳动力 if ``has_skill``, else 普通劳动力.

Checkers treat 16 <= age < 60 as working age; the older national system used 16-65, which is
why 60-64 still counts as weak or half labour here (docs/research.md; seed 001 names over-60s as
half or weak labour).

Inputs of ``suggest_labour_class``: ``health`` is one 健康状况 value, several joined by
``、`` ``,`` ``，`` ``;`` ``/`` or spaces, or an iterable of values (``registry.codes.HEALTH``);
``disabled`` is ``False``/``None``/``0`` (not disabled), ``True`` (disabled, level unknown:
treated as some capacity left) or the disability level 1-4 (1 most severe). A health value
of 残疾 with ``disabled`` false counts as ``disabled=True``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from registry.codes import HEALTH
from registry.errors import ValidationError

ORDINARY = "普通劳动力"
SKILLED = "技能劳动力"
WEAK_OR_HALF = "弱劳动力或半劳动力"
LOST = "丧失劳动力"
NONE = "无劳动力"

LABOUR_CLASSES: tuple[str, ...] = (ORDINARY, SKILLED, WEAK_OR_HALF, LOST, NONE)
"""劳动技能, national code table 100A14, in the national order. Source: docs/research.md."""

WITH_CAPACITY: tuple[str, ...] = (ORDINARY, SKILLED, WEAK_OR_HALF)
"""Classes with labour capacity: only these may carry work-away records."""

_HEALTH_SPLIT = re.compile(r"[、,，;；/\s]+")


@dataclass(frozen=True)
class LabourRule:
    """The thresholds and inputs of the labour-class suggestion (see the module docstring)."""

    min_working_age: int = 16
    upper_working_age: int = 60
    max_age_with_capacity: int = 65
    severe_disability_levels: frozenset[int] = frozenset({1, 2})
    loss_health: frozenset[str] = frozenset({"患有大病"})
    weak_health: frozenset[str] = frozenset({"长期慢性病"})
    disabled_health: str = "残疾"


DEFAULT_RULE = LabourRule()
"""The rule in force: working age 16-59, weak or half labour 60-64, none from 65."""


def age_on(birth_date: date, today: date) -> int:
    """Age in completed years (周岁) on ``today``; a 29 February birthday counts from 1 March.

    Raises ``ValueError`` if ``today`` is before ``birth_date``.
    """
    if today < birth_date:
        raise ValueError("today is before the birth date")
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def health_values(health: str | Iterable[str] | None, *, field: str = "health") -> tuple[str, ...]:
    """Split a health value (or values) into known 健康状况 labels.

    Raises ``ValidationError`` (field ``field``) for a label not in ``registry.codes.HEALTH``;
    the message lists the allowed labels but not the value given (health data is sensitive).
    """
    if health is None:
        return ()
    parts = _HEALTH_SPLIT.split(health) if isinstance(health, str) else list(health)
    values = tuple(part.strip() for part in parts if part and part.strip())
    if any(value not in HEALTH for value in values):
        raise ValidationError(
            field,
            "健康状况须为：" + "、".join(HEALTH) + "（可组合）",
            "Health must be one or more of: 健康, 长期慢性病, 患有大病, 残疾",
        )
    return values


def _disability_level(
    disabled: bool | int | None, health: tuple[str, ...], rule: LabourRule
) -> int | None:
    """Return None (not disabled), 0 (disabled, level unknown) or the level 1-4."""
    if disabled is True:
        return 0
    if disabled:
        if not 1 <= int(disabled) <= 4:
            raise ValueError("disability level must be 1 to 4")
        return int(disabled)
    return 0 if rule.disabled_health in health else None


def suggest_labour_class(
    *,
    birth_date: date,
    today: date,
    health: str | Iterable[str] | None,
    disabled: bool | int | None,
    has_skill: bool,
    in_school: bool = False,
    rule: LabourRule = DEFAULT_RULE,
    health_field: str = "health",
) -> str:
    """Suggest the 劳动技能 class of a person (one of ``LABOUR_CLASSES``).

    See the module docstring for the rule and the exact meaning of each input. Raises
    ``ValidationError`` (field ``health_field``) for an unknown health value, ``ValueError``
    for a disability level outside 1-4 or a birth date after ``today``.
    """
    age = age_on(birth_date, today)
    values = health_values(health, field=health_field)
    level = _disability_level(disabled, values, rule)
    if age < rule.min_working_age or in_school or age >= rule.max_age_with_capacity:
        return NONE
    if rule.loss_health.intersection(values) or level in rule.severe_disability_levels:
        return LOST
    if age >= rule.upper_working_age:
        return WEAK_OR_HALF
    if level is not None or rule.weak_health.intersection(values):
        return WEAK_OR_HALF
    return SKILLED if has_skill else ORDINARY
