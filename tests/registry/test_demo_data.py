"""The synthetic village generator: deterministic, plausible, and clean under the checks."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from registry.codes import (
    EDUCATION,
    EMPLOYMENT_CHANNELS,
    HEALTH,
    HEALTH_SEPARATOR,
    HOUSEHOLD_TYPES,
    LOCAL_RISKS,
    MAX_RISKS_PER_HOUSEHOLD,
    POVERTY_STATUS,
    RELATIONS,
    RISKS,
    WORK_REGIONS,
    is_monitored_type,
)
from registry.demo_data import HouseholdRecord, generate_village
from registry.idnumber import parse_id_number
from registry.labour import LABOUR_CLASSES, WITH_CAPACITY, age_on, suggest_labour_class
from registry.phone import parse_phone

TODAY = date(2026, 11, 22)
DEQIN = "533422101001"  # 德钦县: python-stdnum accepts this region for every birth year
WUYUAN = "361130104201"  # 婺源县: 361130 only since 2000 in python-stdnum

HOUSEHOLD_KEYS = {
    "household_no", "head_name", "village_code", "address", "household_type",
    "poverty_status", "relocated", "relocation_site", "monitored", "risks", "phone",
}  # fmt: skip
PERSON_KEYS = {
    "household_id", "name", "id_number", "sex", "birth_date", "phone", "relation",
    "ethnicity", "education", "health", "disability", "labour_class", "skill", "in_school",
    "work_status", "work_region", "employer", "months_worked", "monthly_income",
}  # fmt: skip
WORK_KEYS = ("work_region", "employer", "months_worked", "monthly_income")


@pytest.fixture(scope="module")
def village() -> list[HouseholdRecord]:
    return generate_village(seed=7, people=4000, village_code=DEQIN, today=TODAY)


@pytest.fixture(scope="module")
def people(village: list[HouseholdRecord]) -> list[dict]:
    return [member.props for household in village for member in household.members]


def born(person: dict) -> date:
    return date.fromisoformat(person["birth_date"])


def age(person: dict, today: date = TODAY) -> int:
    return age_on(born(person), today)


# --- shape and determinism -----------------------------------------------------------------


def test_exact_number_of_people(village: list[HouseholdRecord]) -> None:
    assert sum(len(h.members) for h in village) == 4000
    assert all(h.members for h in village)


@pytest.mark.parametrize("count", [0, 1, 2, 7, 13])
def test_small_counts(count: int) -> None:
    households = generate_village(seed=1, people=count, village_code=DEQIN, today=TODAY)
    assert sum(len(h.members) for h in households) == count
    for household in households:
        assert household.members[0].props["relation"] == "户主"


def test_keys_and_json(village: list[HouseholdRecord]) -> None:
    for household in village:
        assert set(household.props) == HOUSEHOLD_KEYS
        for member in household.members:
            assert set(member.props) == PERSON_KEYS
            assert member.props["household_id"] is None
    json.dumps([[h.props, [m.props for m in h.members]] for h in village], ensure_ascii=False)


def test_deterministic_for_a_seed() -> None:
    def dump(seed: int) -> str:
        households = generate_village(seed=seed, people=500, village_code=DEQIN, today=TODAY)
        return json.dumps([[h.props, [m.props for m in h.members]] for h in households])

    assert dump(3) == dump(3)
    assert dump(3) != dump(4)


def test_different_villages_differ() -> None:
    a = generate_village(seed=3, people=200, village_code=DEQIN, today=TODAY)
    b = generate_village(seed=3, people=200, village_code="533422101002", today=TODAY)
    assert [m.props["name"] for h in a for m in h.members] != [
        m.props["name"] for h in b for m in h.members
    ]


@pytest.mark.parametrize(
    "code", ["53342210100", "5334221010011", "53342210100A", "５３３４２２１０１００１"]
)
def test_village_code_must_be_12_digits(code: str) -> None:
    with pytest.raises(ValueError):
        generate_village(seed=1, people=10, village_code=code, today=TODAY)


def test_negative_people() -> None:
    with pytest.raises(ValueError):
        generate_village(seed=1, people=-1, village_code=DEQIN, today=TODAY)


# --- ID numbers ----------------------------------------------------------------------------


def test_id_numbers_valid_by_stdnum_and_consistent(people: list[dict]) -> None:
    for person in people:
        number = person["id_number"]
        assert ric.validate(number) == number
        assert number[:6] == DEQIN[:6]
        assert ric.get_birth_date(number) == born(person)
        assert (int(number[16]) % 2 == 1) == (person["sex"] == "男")
        info = parse_id_number(number, today=TODAY)
        assert (info.sex, info.birth_date.isoformat()) == (person["sex"], person["birth_date"])


def test_id_numbers_unique(people: list[dict]) -> None:
    numbers = [p["id_number"] for p in people]
    assert len(set(numbers)) == len(numbers)


def test_wuyuan_ids_pass_our_parser_and_stdnum_except_the_region_period() -> None:
    households = generate_village(seed=2, people=800, village_code=WUYUAN, today=TODAY)
    for person in (m.props for h in households for m in h.members):
        number = person["id_number"]
        info = parse_id_number(number, today=TODAY)
        assert info.region_code == "361130"
        assert ric.calc_check_digit(number) == number[-1]
        if born(person).year >= 2000:
            assert ric.is_valid(number)
        else:
            assert not info.region_in_force_at_birth
            with pytest.raises(StdnumError):
                ric.validate(number)


def test_shared_used_ids_keep_a_county_unique() -> None:
    taken: set[str] = set()
    numbers = []
    for n in range(1, 6):
        households = generate_village(
            seed=1, people=3000, village_code=f"533422101{n:03d}", today=TODAY, used_ids=taken
        )
        numbers += [m.props["id_number"] for h in households for m in h.members]
    assert len(numbers) == len(set(numbers)) == 15000
    assert len(taken) == 15000


# --- households and relations --------------------------------------------------------------


def test_one_head_at_most_one_spouse_of_the_other_sex(village: list[HouseholdRecord]) -> None:
    for household in village:
        relations = Counter(m.props["relation"] for m in household.members)
        assert relations["户主"] == 1
        assert household.members[0].props["relation"] == "户主"
        assert relations["配偶"] <= 1
        assert set(relations) <= set(RELATIONS)
        head = household.members[0].props
        assert household.props["head_name"] == head["name"]
        for member in household.members:
            if member.props["relation"] == "配偶":
                assert member.props["sex"] != head["sex"]


def test_relations_have_plausible_ages_and_sexes(village: list[HouseholdRecord]) -> None:
    for household in village:
        head = household.members[0].props
        for member in (m.props for m in household.members[1:]):
            relation, sex = member["relation"], member["sex"]
            if relation in ("之子", "之孙子", "之父"):
                assert sex == "男"
            if relation in ("之女", "之孙女", "之母", "之儿媳"):
                assert sex == "女"
            if relation in ("之子", "之女"):
                assert age(head) - age(member) >= 18
            if relation in ("之孙子", "之孙女"):
                assert age(head) - age(member) >= 36
            if relation in ("之父", "之母"):
                assert age(member) - age(head) >= 18
            if relation == "配偶":
                assert age(member) >= 18


def test_ages_sensible(people: list[dict]) -> None:
    ages = [age(p) for p in people]
    assert min(ages) >= 0
    assert max(ages) <= 95
    assert all(age(h) >= 20 for h in people if h["relation"] == "户主")
    assert 25 <= sum(ages) / len(ages) <= 55


def test_household_numbers_unique_and_in_the_village(village: list[HouseholdRecord]) -> None:
    numbers = [h.props["household_no"] for h in village]
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith(DEQIN) for n in numbers)
    assert all(h.props["village_code"] == DEQIN for h in village)
    assert all(h.props["address"] for h in village)


def test_household_types_and_monitoring(village: list[HouseholdRecord]) -> None:
    types = Counter(h.props["household_type"] for h in village)
    assert set(types) <= set(HOUSEHOLD_TYPES)
    assert {"100A03001", "100A03002", "100A03003"} <= set(types)
    for household in village:
        props = household.props
        assert props["monitored"] == is_monitored_type(props["household_type"])
        assert props["poverty_status"] in (None, *POVERTY_STATUS)
        if props["household_type"] in ("100A03002", "普通农户"):
            assert props["poverty_status"] is None
        if props["household_type"] in ("100A03001", "脱贫户"):
            assert props["poverty_status"] in POVERTY_STATUS
    monitored = sum(h.props["monitored"] for h in village)
    assert 0.05 < monitored / len(village) < 0.25


def test_risks(village: list[HouseholdRecord]) -> None:
    for household in village:
        risks = household.props["risks"]
        assert isinstance(risks, list)
        assert len(risks) <= MAX_RISKS_PER_HOUSEHOLD
        assert len(set(risks)) == len(risks)
        assert set(risks) <= set(RISKS) | set(LOCAL_RISKS)
        if household.props["monitored"]:
            assert risks
        else:
            assert risks == []
        members = [m.props for m in household.members]
        if "因务工就业不稳" in risks:
            assert any(m["work_region"] for m in members)
        if "因残" in risks:
            assert any(m["disability"] for m in members)
        if "因学" in risks:
            assert any(m["in_school"] for m in members)


def test_relocation(village: list[HouseholdRecord]) -> None:
    relocated = [h for h in village if h.props["relocated"]]
    assert 0.05 < len(relocated) / len(village) < 0.25
    for household in village:
        site = household.props["relocation_site"]
        assert (site is not None) == household.props["relocated"]
        if site:
            assert household.props["address"].startswith(site)
    assert 1 <= len({h.props["relocation_site"] for h in relocated}) <= 2


def test_household_phone_is_a_member_phone(village: list[HouseholdRecord]) -> None:
    for household in village:
        phones = {m.props["phone"] for m in household.members if m.props["phone"]}
        assert household.props["phone"] in (phones or {None})


# --- people --------------------------------------------------------------------------------


def test_names(people: list[dict]) -> None:
    for person in people:
        assert 2 <= len(person["name"]) <= 6
        assert all("\u4e00" <= char <= "\u9fff" for char in person["name"])
    surnames = Counter(p["name"][0] for p in people)
    assert len(surnames) >= 30  # many surnames, a few clans dominate
    assert surnames.most_common(1)[0][1] < len(people) / 3


def test_phones_valid(people: list[dict]) -> None:
    phones = [p["phone"] for p in people if p["phone"]]
    assert len(phones) > len(people) / 2
    for phone in phones:
        assert parse_phone(phone) == phone
    assert all(p["phone"] is None for p in people if age(p) < 16)


def test_codes_from_the_national_lists(people: list[dict]) -> None:
    for person in people:
        assert person["education"] in (None, *EDUCATION)
        assert person["labour_class"] in LABOUR_CLASSES
        states = person["health"].split(HEALTH_SEPARATOR)
        assert set(states) <= set(HEALTH)
        assert (person["disability"] is not None) == ("残疾" in states)
        assert person["work_status"] in (None, "未就业", *EMPLOYMENT_CHANNELS)
        assert person["work_region"] in (None, *WORK_REGIONS)
        assert person["ethnicity"].endswith("族")
        assert isinstance(person["in_school"], bool)


def test_education_fits_age(people: list[dict]) -> None:
    for person in people:
        if age(person) < 6:
            assert person["education"] is None and not person["in_school"]
        if person["education"] in ("大专", "本科及以上"):
            assert age(person) >= 18


def test_labour_class_is_the_suggestion(people: list[dict]) -> None:
    for person in people:
        level = None
        if person["disability"]:
            level = "一二三四".index(person["disability"][-2]) + 1
        assert person["labour_class"] == suggest_labour_class(
            birth_date=born(person),
            today=TODAY,
            health=person["health"],
            disabled=level,
            has_skill=person["skill"] is not None,
            in_school=person["in_school"],
        )
    classes = Counter(p["labour_class"] for p in people)
    assert set(classes) == set(LABOUR_CLASSES)


def test_work_information_consistent(people: list[dict]) -> None:
    for person in people:
        working = person["work_status"] not in (None, "未就业")
        if person["labour_class"] not in WITH_CAPACITY or person["in_school"]:
            assert person["work_status"] is None
        if not working:
            assert all(person[key] is None for key in WORK_KEYS)
            continue
        # place and months together; months 0-12; income positive
        assert person["work_region"] is not None
        assert 1 <= person["months_worked"] <= 12
        assert person["monthly_income"] > 0
        if person["work_status"] in ("有组织劳务输出", "自主外出务工"):
            assert person["work_region"] != "县内"
    workers = [p for p in people if p["work_status"] not in (None, "未就业")]
    assert len(workers) > len(people) / 5
    assert len({p["work_region"] for p in workers}) >= 3
    assert all(p["employer"] for p in workers if p["work_status"] == "乡村公益性岗位")


def test_some_zero_employment_households(village: list[HouseholdRecord]) -> None:
    zero = 0
    for household in village:
        capable = [m.props for m in household.members if m.props["work_status"] is not None]
        if capable and all(p["work_status"] == "未就业" for p in capable):
            zero += 1
    assert 0.02 < zero / len(village) < 0.35


# --- robustness and speed -------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    people=st.integers(min_value=1, max_value=60),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
)
def test_any_seed_and_date(seed: int, people: int, today: date) -> None:
    households = generate_village(seed=seed, people=people, village_code=DEQIN, today=today)
    members = [m.props for h in households for m in h.members]
    assert len(members) == people
    for person in members:
        assert ric.is_valid(person["id_number"])
        assert born(person) <= today
        assert 0 <= age(person, today) <= 95
        parse_id_number(person["id_number"], today=today)
    for household in households:
        assert [m.props["relation"] for m in household.members].count("户主") == 1
