"""A registered member's name, ID number and relation corrected where the mistake is seen."""

from __future__ import annotations

import pytest
from bangfu_testdata import TODAY, make_id

from registry.errors import ValidationError
from registry.member_fix import MemberFix, correct_member
from registry.register import check_new_person, register_household, register_member


def _household(store):
    made = register_household(store, check_new_person(
        store, id_number=make_id(seq="211"), name="罗军浩", today=TODAY))
    wife = register_member(store, check_new_person(
        store, id_number=make_id(birth="19880101", seq="222"), name="王兰琳", today=TODAY),
        household_id=made.household_id, relation="之女")  # the wrong relation
    return made, wife.created[0]


def _journal_rows(store) -> int:
    return store.db.execute("SELECT count(*) FROM journal").fetchone()[0]


def test_a_wrong_relation_and_id_number_are_corrected_and_only_they_are_written(store):
    made, wife = _household(store)
    versions = store.get(wife).versions
    right = make_id(birth="19890704", seq="242")  # 4: even, a woman
    changes = correct_member(store, wife, MemberFix("王兰琳", right, "配偶"), today=TODAY)
    person = store.get(wife)
    assert person.props["relation"] == "配偶" and person.props["id_number"] == right
    assert (person.props["birth_date"], person.props["sex"]) == ("1989-07-04", "女")
    assert changes.updated == (wife,)
    rewritten = {prop for prop, change in person.versions.items() if versions.get(prop) != change}
    assert rewritten == {"relation", "id_number", "birth_date"}  # 女 before and after
    assert check_new_person(store, id_number=right, name="王兰琳", today=TODAY).existing.id == wife
    before = _journal_rows(store)
    assert not correct_member(store, wife, MemberFix(" 王兰琳 ", "", "配偶"), today=TODAY)
    assert _journal_rows(store) == before  # nothing differs: nothing written


def test_the_heads_name_follows_to_the_household(store):
    made, _wife = _household(store)
    correct_member(store, made.person_id, MemberFix("罗俊浩", "", "户主"), today=TODAY)
    assert store.get(made.household_id).props["head_name"] == "罗俊浩"
    assert store.get(made.person_id).props["name"] == "罗俊浩"


def test_a_new_head_after_the_old_head_is_corrected(store):
    made, wife = _household(store)
    with pytest.raises(ValidationError) as refused:
        correct_member(store, wife, MemberFix("王兰琳", "", "户主"), today=TODAY)
    assert refused.value.field == "person.relation"
    assert store.get(wife).props["relation"] == "之女"  # nothing written
    correct_member(store, made.person_id, MemberFix("罗军浩", "", "配偶"), today=TODAY)
    correct_member(store, wife, MemberFix("王兰琳", "", "户主"), today=TODAY)
    assert store.get(made.household_id).props["head_name"] == "王兰琳"


@pytest.mark.parametrize(("fix", "field"), [
    (MemberFix("  ", "", "配偶"), "person.name"),
    (MemberFix("王兰琳", "", "妻子"), "person.relation"),
    (MemberFix("王兰琳", "12345", "配偶"), "person.id_number"),
    (MemberFix("王兰琳", make_id(seq="211"), "配偶"), "person.id_number"),  # the head's
])
def test_bad_input_is_named_and_nothing_is_written(store, fix, field):
    _made, wife = _household(store)
    before, record = _journal_rows(store), store.get(wife)
    with pytest.raises(ValidationError) as refused:
        correct_member(store, wife, fix, today=TODAY)
    assert refused.value.field == field
    assert _journal_rows(store) == before and store.get(wife).props == record.props
    message = refused.value.message_zh + refused.value.message_en
    assert make_id(seq="211") not in message and "罗军浩" not in message


def test_a_household_is_not_a_person(store):
    made, _wife = _household(store)
    with pytest.raises(ValidationError) as refused:
        correct_member(store, made.household_id, MemberFix("罗军浩", "", "户主"), today=TODAY)
    assert refused.value.field == "person"


def test_a_relation_not_in_the_national_list_may_be_kept_but_not_given(store):
    """A ledger import keeps 与户主关系 as typed (长子): correcting the name alone must not
    force the relation to change, nor turn the member into a head."""
    made, _wife = _household(store)
    son = store.create("person", {"household_id": made.household_id, "name": "罗晓",
                                  "relation": "长子"})
    correct_member(store, son, MemberFix("罗小", "", "长子"), today=TODAY)
    assert store.get(son).props["relation"] == "长子" and store.get(son).props["name"] == "罗小"
    with pytest.raises(ValidationError) as refused:
        correct_member(store, son, MemberFix("罗小", "", "大儿子"), today=TODAY)
    assert refused.value.field == "person.relation"
    correct_member(store, son, MemberFix("罗小", "", "之子"), today=TODAY)
    assert store.get(son).props["relation"] == "之子"
