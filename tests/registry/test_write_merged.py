"""Writes aimed at a merged-away record, on a real encrypted profile with a real merge
(``registry.county.merge_entities``): they land on the record it was merged into, never
on the merged-away id; a delete of a merged-away id is refused (it would delete the
surviving record). The out-of-scope case (merged into another village's record) needs a
sync: ``tests/sync/test_sync_write_merged.py``."""

from __future__ import annotations

from datetime import date

import pytest
from bangfu_testdata import TODAY, make_id

from registry import desk
from registry.claims import ONCE_A_YEAR, ClaimRefused, ClaimRule, ledger_check, record_claim
from registry.county import merge_entities
from registry.errors import ValidationError
from registry.register import check_new_person, register_member
from registry.store import Store
from registry.submissions import save_submission

NUMBER = make_id(birth="19800202", seq="321")
TRANSPORT = "one_time_transport_subsidy"
CHECK = ledger_check({TRANSPORT: ClaimRule(ONCE_A_YEAR)})


def two_records(store: Store) -> tuple[str, str, str, str]:
    """One person registered twice in two households, then merged (drop into keep):
    (keep household, keep person, drop household, drop person)."""
    keep_hh = store.create("household", {"household_no": "H1"})
    drop_hh = store.create("household", {"household_no": "H2"})
    keep = store.create("person", {"household_id": keep_hh, "name": "周强", "relation": "户主",
                                   "id_number": NUMBER})
    drop = store.create("person", {"household_id": drop_hh, "name": "周强", "relation": "户主",
                                   "id_number": NUMBER, "phone": "13800138000"})
    merge_entities(store, keep=keep, drop=drop)
    return keep_hh, keep, drop_hh, drop


def unchanged(store: Store, entity_id: str) -> tuple[int, dict]:
    """The journal length of a record and its stored props, to check nothing was written."""
    return len(store.journal(entity_id=entity_id)), store.get(entity_id,
                                                              follow_merges=False).props


def test_an_update_of_a_merged_away_id_lands_on_the_kept_record(store):
    _, keep, _, drop = two_records(store)
    before = unchanged(store, drop)
    changes = store.update(drop, {"skill": "电焊"})
    assert changes.updated == (keep,)
    assert store.get(keep).props["skill"] == "电焊"
    assert unchanged(store, drop) == before


def test_a_follow_up_created_for_a_merged_away_person_belongs_to_the_kept_one(store):
    _, keep, _, drop = two_records(store)
    visit = store.create("visit", {"person_id": drop, "visit_date": "2026-11-20"})
    assert store.get(visit).props["person_id"] == keep and store.get(visit).parent == keep
    assert [v.id for v in store.find("visit", parent=keep)] == [visit]
    assert store.find("visit", parent=drop) == []


def test_a_follow_up_form_saved_for_a_merged_away_person(store):
    _, keep, _, drop = two_records(store)
    save_submission(store, {
        "form_id": "followup", "version": "1", "instance_id": "uuid:f1", "answers": {},
        "entities": [{"list_name": "visit", "action": "create", "entity_id": "v1",
                      "properties": {"person_id": drop, "visit_date": "2026-11-20"}},
                     {"list_name": "person", "action": "update", "entity_id": drop,
                      "properties": {"wished_place": "省外"}}]})
    assert store.get("v1").parent == keep
    assert store.get(keep).props["wished_place"] == "省外"
    assert "wished_place" not in store.get(drop, follow_merges=False).props


def test_a_desk_service_and_training_are_recorded_for_the_kept_person(store):
    _, keep, _, drop = two_records(store)
    desk.record_service(store, person_id=drop, kinds=["guidance"], site="县人社局",
                        today=TODAY)
    desk.record_training(store, person_id=drop, course="电工", training_type="技能培训",
                         today=TODAY)
    desk.record_export_batch(store, person_ids=[drop], employer="某厂", depart_date="2026-12-01",
                             transport="包车", site="县人社局")
    assert [s.parent for s in store.find("service")] == [keep]
    assert [t.parent for t in store.find("training")] == [keep]
    assert store.find("export_batch")[0].props["person_ids"] == [keep]
    code, _ = desk.ensure_service_code(store, drop)
    assert store.get(keep).props["service_code"] == code


def test_a_member_registered_into_a_merged_away_household_joins_the_kept_one(store):
    store.create("household", {"household_no": "H9"})
    keep_hh = store.create("household", {"household_no": "H1"})
    drop_hh = store.create("household", {"household_no": "H2"})
    merge_entities(store, keep=keep_hh, drop=drop_hh)
    checked = check_new_person(store, id_number=make_id(birth="20100101", seq="555"),
                               name="周小明", today=TODAY)
    changes = register_member(store, checked, household_id=drop_hh, relation="子")
    person = store.get(changes.created[0])
    assert person.parent == keep_hh and person.props["household_id"] == keep_hh


def test_a_claim_for_a_merged_away_person_sees_the_kept_persons_claims(store):
    _, keep, _, drop = two_records(store)
    first = record_claim(store, rule_id=TRANSPORT, subject_id=keep, amount=500, period="2026",
                         check=CHECK, granted_on=date(2026, 3, 1))
    before = store.count("claim"), len(store.journal())
    with pytest.raises(ClaimRefused) as refused:
        record_claim(store, rule_id=TRANSPORT, subject_id=drop, amount=500, period="2026",
                     check=CHECK, granted_on=date(2026, 4, 1))
    assert refused.value.refusals[0].claims == (first,)
    assert (store.count("claim"), len(store.journal())) == before
    override = record_claim(store, rule_id=TRANSPORT, subject_id=drop, amount=500,
                            period="2026", check=CHECK, granted_on=date(2026, 4, 1),
                            override_reason="外出务工两次，经县局批准补发")
    assert store.get(override).props["subject_id"] == keep


def test_deleting_a_merged_away_id_is_refused_and_the_kept_record_lives(store):
    _, keep, _, drop = two_records(store)
    before = len(store.journal())
    with pytest.raises(ValidationError) as refused:
        store.delete(drop)
    message = str(refused.value)
    assert "已被县里合并" in message and "不能删除" in message
    assert NUMBER not in message and "周强" not in message
    assert NUMBER[:4] in message and NUMBER[-4:] in message
    assert not store.get(keep).deleted and len(store.journal()) == before


def test_a_merged_away_record_is_not_merged_again(store):
    _, keep, _, drop = two_records(store)
    third = store.create("person", {"name": "周强", "id_number": NUMBER})
    before = len(store.journal())
    with pytest.raises(ValidationError, match="已被合并或删除"):
        merge_entities(store, keep=third, drop=drop)
    assert store.get(drop).id == keep and len(store.journal()) == before
