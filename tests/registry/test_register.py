"""Register only after a search: an ID on file stops it; 户编号 from the village code."""

from __future__ import annotations

from datetime import date

import pytest
from bangfu_testdata import TODAY, VILLAGE, make_id

from registry.errors import ValidationError
from registry.register import (
    check_new_person,
    next_household_no,
    register_household,
    register_member,
)


def test_a_new_household_gets_the_next_number_and_its_head_from_the_id(store):
    checked = check_new_person(store, id_number=make_id(birth="19850315", seq="124"),
                               name=" 罗海 ", today=TODAY)
    assert checked.existing is None and checked.name == "罗海"
    assert (checked.birth_date, checked.sex) == (date(1985, 3, 15), "女")
    first = register_household(store, checked, extra={"address": "3组7号"})
    assert first.household_no == VILLAGE + "0001"
    household, head = store.get(first.household_id), store.get(first.person_id)
    assert household.props["household_no"] == VILLAGE + "0001"
    assert household.props["address"] == "3组7号"
    assert head.parent == first.household_id and head.props["relation"] == "户主"
    assert head.props["birth_date"] == "1985-03-15" and head.props["sex"] == "女"
    assert next_household_no(store, village_code=VILLAGE) == VILLAGE + "0002"
    assert set(first.changes.lists) == {"household", "person"}


def test_the_sequence_follows_the_highest_number_on_file(store):
    store.create("household", {"household_no": VILLAGE + "0041"})
    store.create("household", {"household_no": VILLAGE + "0007"})
    store.create("household", {"household_no": "361130104202" + "0099"})  # another village
    assert next_household_no(store, village_code=VILLAGE) == VILLAGE + "0042"


def test_an_id_number_on_file_stops_the_registration(store):
    number = make_id(seq="135")
    made = register_household(store, check_new_person(store, id_number=number, name="李四",
                                                      today=TODAY))
    again = check_new_person(store, id_number=number.lower(), name="李思", today=TODAY)
    assert again.existing is not None and again.existing.id == made.person_id
    before = store.count("household"), store.count("person")
    with pytest.raises(ValidationError) as refused:
        register_household(store, again)
    assert refused.value.field == "person.id_number"
    with pytest.raises(ValidationError):
        register_member(store, again, household_id=made.household_id, relation="配偶")
    assert (store.count("household"), store.count("person")) == before
    assert number not in str(refused.value)


def test_a_member_joins_an_existing_household(store):
    made = register_household(store, check_new_person(store, id_number=make_id(seq="151"),
                                                      name="王五", today=TODAY))
    spouse = check_new_person(store, id_number=make_id(seq="162"), name="赵六", today=TODAY)
    changes = register_member(store, spouse, household_id=made.household_id, relation="配偶")
    assert store.get(changes.created[0]).parent == made.household_id


def _wrong_check(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


@pytest.mark.parametrize(("number", "name", "field"), [
    (_wrong_check(make_id(seq="181")), "罗海", "person.id_number"),
    ("12345", "罗海", "person.id_number"),
    (make_id(seq="171"), "  ", "person.name"),
])
def test_bad_input_is_named(store, number, name, field):
    with pytest.raises(ValidationError) as refused:
        check_new_person(store, id_number=number, name=name, today=TODAY)
    assert refused.value.field == field


def test_only_a_village_profile_registers_households(tmp_path):
    from bangfu_testdata import PASSPHRASE

    from registry.keyslots import KdfParams
    from registry.profile import Profile

    township = Profile(tmp_path / "township", today=lambda: TODAY).create(
        user="zhen", passphrase=PASSPHRASE, scope="361130104", kdf=KdfParams.fast())
    try:
        checked = check_new_person(township, id_number=make_id(seq="191"), name="周七",
                                   today=TODAY)
        with pytest.raises(ValidationError) as refused:
            register_household(township, checked)
        assert refused.value.field == "household.village_code"
        assert township.count("household") == 0 and township.count("person") == 0
    finally:
        township.close()


def test_a_form_places_a_new_household_in_a_village_of_the_profile(store, tmp_path):
    from bangfu_testdata import PASSPHRASE

    from registry.keyslots import KdfParams
    from registry.profile import Profile
    from registry.register import village_for_new_household

    assert village_for_new_household(store, None) == VILLAGE  # a village profile's own
    assert village_for_new_household(store, f" {VILLAGE} ") == VILLAGE
    township = Profile(tmp_path / "township", today=lambda: TODAY).create(
        user="zhen", passphrase=PASSPHRASE, scope="361130104", kdf=KdfParams.fast())
    try:
        assert village_for_new_household(township, "361130104202") == "361130104202"
        for code in ("361130105001", "361130104000", "3611301042", "361130104299", "", None):
            with pytest.raises(ValidationError) as refused:
                village_for_new_household(township, code)
            assert refused.value.field == "household.village_code"
    finally:
        township.close()
