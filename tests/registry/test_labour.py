"""Labour classes (100A14) and the documented suggestion rule."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.codes import HEALTH
from registry.errors import ValidationError
from registry.labour import (
    DEFAULT_RULE,
    LABOUR_CLASSES,
    LOST,
    NONE,
    ORDINARY,
    SKILLED,
    WEAK_OR_HALF,
    WITH_CAPACITY,
    age_on,
    health_values,
    suggest_labour_class,
)

TODAY = date(2026, 11, 22)


def born_aged(age: int) -> date:
    """A birth date giving exactly ``age`` on TODAY (birthday was yesterday)."""
    return date(TODAY.year - age, TODAY.month, TODAY.day - 1)


def suggest(age: int, health="健康", disabled=False, has_skill=False, in_school=False) -> str:
    return suggest_labour_class(
        birth_date=born_aged(age),
        today=TODAY,
        health=health,
        disabled=disabled,
        has_skill=has_skill,
        in_school=in_school,
    )


def test_the_five_national_classes_in_order() -> None:
    assert LABOUR_CLASSES == (
        "普通劳动力",
        "技能劳动力",
        "弱劳动力或半劳动力",
        "丧失劳动力",
        "无劳动力",
    )
    assert (ORDINARY, SKILLED, WEAK_OR_HALF, LOST, NONE) == LABOUR_CLASSES
    assert set(WITH_CAPACITY) == {ORDINARY, SKILLED, WEAK_OR_HALF}


# --- age ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [
        (date(1990, 5, 10), date(2026, 5, 9), 35),
        (date(1990, 5, 10), date(2026, 5, 10), 36),
        (date(1990, 5, 10), date(2026, 5, 11), 36),
        (date(2000, 2, 29), date(2026, 2, 28), 25),  # not yet: counts from 1 March
        (date(2000, 2, 29), date(2026, 3, 1), 26),
        (date(2000, 2, 29), date(2028, 2, 29), 28),
        (date(2026, 11, 22), date(2026, 11, 22), 0),
        (date(1900, 1, 1), date(2026, 11, 22), 126),
    ],
)
def test_age_on(born: date, today: date, age: int) -> None:
    assert age_on(born, today) == age


def test_age_on_refuses_a_future_birth() -> None:
    with pytest.raises(ValueError):
        age_on(date(2026, 11, 23), TODAY)


@given(st.dates(max_value=TODAY), st.dates(max_value=TODAY))
def test_age_on_is_whole_years(a: date, b: date) -> None:
    born, today = min(a, b), max(a, b)
    age = age_on(born, today)
    assert age >= 0
    assert age in (today.year - born.year, today.year - born.year - 1)


# --- the rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "kwargs", "expected"),
    [
        (0, {}, NONE),
        (15, {"has_skill": True}, NONE),
        (16, {}, ORDINARY),
        (16, {"in_school": True}, NONE),
        (20, {"in_school": True, "has_skill": True}, NONE),
        (30, {}, ORDINARY),
        (30, {"has_skill": True}, SKILLED),
        (59, {"has_skill": True}, SKILLED),
        (59, {}, ORDINARY),
        (60, {}, WEAK_OR_HALF),
        (60, {"has_skill": True}, WEAK_OR_HALF),
        (64, {}, WEAK_OR_HALF),
        (65, {}, NONE),
        (90, {"has_skill": True}, NONE),
        # health
        (40, {"health": "长期慢性病"}, WEAK_OR_HALF),
        (40, {"health": "长期慢性病", "has_skill": True}, WEAK_OR_HALF),
        (40, {"health": "患有大病"}, LOST),
        (40, {"health": "长期慢性病、患有大病"}, LOST),
        (62, {"health": "患有大病"}, LOST),
        (70, {"health": "患有大病"}, NONE),
        (10, {"health": "患有大病"}, NONE),
        # disability
        (40, {"disabled": True}, WEAK_OR_HALF),
        (40, {"disabled": 4}, WEAK_OR_HALF),
        (40, {"disabled": 3, "has_skill": True}, WEAK_OR_HALF),
        (40, {"disabled": 2}, LOST),
        (40, {"disabled": 1}, LOST),
        (62, {"disabled": 1}, LOST),
        (40, {"health": "残疾"}, WEAK_OR_HALF),
        (40, {"health": "残疾", "disabled": 1}, LOST),
        (40, {"disabled": None}, ORDINARY),
        (40, {"disabled": 0}, ORDINARY),
        (12, {"disabled": 1}, NONE),
    ],
)
def test_rule(age: int, kwargs: dict, expected: str) -> None:
    assert suggest(age, **kwargs) == expected


@pytest.mark.parametrize(
    "health",
    ["长期慢性病,残疾", "长期慢性病，残疾", "长期慢性病 残疾", "长期慢性病/残疾",
     ["长期慢性病", "残疾"], ("残疾",), "残疾；长期慢性病"],
)  # fmt: skip
def test_combined_health_forms(health) -> None:
    assert suggest(40, health=health) == WEAK_OR_HALF


@pytest.mark.parametrize("health", [None, "", [], "健康"])
def test_no_health_given_counts_as_healthy(health) -> None:
    assert suggest(40, health=health) == ORDINARY


def test_birthdays_at_the_boundaries() -> None:
    def on(today: date) -> str:
        return suggest_labour_class(
            birth_date=date(2010, 6, 1), today=today, health="健康", disabled=False,
            has_skill=False,
        )  # fmt: skip

    assert on(date(2026, 5, 31)) == NONE
    assert on(date(2026, 6, 1)) == ORDINARY


def test_unknown_health_is_a_validation_error_without_the_value() -> None:
    with pytest.raises(ValidationError) as caught:
        suggest_labour_class(
            birth_date=born_aged(40), today=TODAY, health="艾滋病", disabled=False,
            has_skill=False, health_field="person.health",
        )  # fmt: skip
    assert caught.value.field == "person.health"
    assert "艾滋病" not in str(caught.value) + caught.value.message_en
    with pytest.raises(ValidationError):
        health_values(["健康", "良好"])


def test_bad_disability_level() -> None:
    with pytest.raises(ValueError):
        suggest(40, disabled=5)


def test_rule_is_data() -> None:
    older = dataclasses.replace(DEFAULT_RULE, upper_working_age=65, max_age_with_capacity=70)
    kwargs = {"today": TODAY, "health": "健康", "disabled": False, "has_skill": False}
    assert suggest_labour_class(birth_date=born_aged(62), **kwargs) == WEAK_OR_HALF
    assert suggest_labour_class(birth_date=born_aged(62), rule=older, **kwargs) == ORDINARY
    assert suggest_labour_class(birth_date=born_aged(67), rule=older, **kwargs) == WEAK_OR_HALF
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_RULE.min_working_age = 18  # type: ignore[misc]


@given(
    age=st.integers(min_value=0, max_value=110),
    health=st.lists(st.sampled_from(HEALTH), max_size=3),
    disabled=st.one_of(st.none(), st.booleans(), st.integers(min_value=1, max_value=4)),
    has_skill=st.booleans(),
    in_school=st.booleans(),
)
def test_always_one_of_the_five(age, health, disabled, has_skill, in_school) -> None:
    result = suggest(age, health, disabled, has_skill, in_school)
    assert result in LABOUR_CLASSES
    if age < 16 or age >= 65 or in_school:
        assert result == NONE
    if result == SKILLED:
        assert has_skill and 16 <= age < 60
    if result in (ORDINARY, SKILLED):
        assert not disabled and "残疾" not in health and "长期慢性病" not in health
    if "患有大病" in health and 16 <= age < 65 and not in_school:
        assert result == LOST
