"""The desk's registry part: service codes, job matching, lookups and records (real store)."""

from __future__ import annotations

import random
from datetime import date

import pytest
from bangfu_testdata import TODAY, make_id

from registry import desk
from registry.errors import ValidationError
from registry.job_match import rank_jobs, score_job
from registry.service_code import (
    LENGTH,
    check_char,
    looks_like_service_code,
    new_service_code,
    parse_service_code,
)
from registry.store import Store


def test_service_code_shape_and_check_character() -> None:
    codes = {new_service_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == LENGTH and code.startswith("BF")
        assert parse_service_code(code) == code
        assert parse_service_code(code.lower()) == code
        assert parse_service_code(f" {code[:6]}-{code[6:]} ") == code


def test_every_single_typo_and_swap_is_caught() -> None:
    rng = random.Random(7)
    code = new_service_code(choice=rng.choice)
    body = code[2:-1]
    for index in range(len(body)):
        for char in "23456789ABCDEFGHJKMNPQRSTVWXY":  # Z and 2 differ by 29 (see docstring)
            if char != body[index] and {char, body[index]} != {"2", "Z"}:
                typo = body[:index] + char + body[index + 1:]
                assert check_char(typo) != code[-1]
    swapped = body[1] + body[0] + body[2:]
    if swapped != body and {body[0], body[1]} != {"2", "Z"}:
        assert parse_service_code("BF" + swapped + code[-1]) is None


def test_a_code_never_holds_the_id_number_or_name() -> None:
    code = new_service_code(choice=random.Random(1).choice)
    assert not any(ch.isdigit() and ch in "01" for ch in code)
    assert looks_like_service_code(code) and not looks_like_service_code(make_id())
    assert parse_service_code(make_id()) is None


def _person(store: Store, name: str, **props: object) -> str:
    household = store.create("household", {"household_no": f"36113010420100{len(name)}",
                                           "relocated": True, "relocation_site": "城东安置点"})
    return store.create("person", {"household_id": household, "name": name,
                                   "relation": "户主", **props})


def test_code_generated_once_and_found_exactly(store: Store) -> None:
    person = _person(store, "罗海", id_number=make_id(seq="611"))
    code, changes = desk.ensure_service_code(store, person)
    assert changes.updated == (person,)
    again, nothing = desk.ensure_service_code(store, person)
    assert again == code and not nothing
    found = desk.lookup(store, code.lower())
    assert found.opened == person and found.people[0].name == "罗海"
    assert found.people[0].household_head == "罗海"


def test_a_used_code_is_drawn_again(store: Store) -> None:
    first, second = _person(store, "罗海"), _person(store, "张三丰")
    taken, _ = desk.ensure_service_code(store, first)
    drawn = iter([taken, new_service_code()])
    code, _ = desk.ensure_service_code(store, second, new_code=lambda: next(drawn))
    assert code != taken and desk.find_by_service_code(store, code).id == second


def test_bad_and_unknown_codes_are_named(store: Store) -> None:
    code = new_service_code()
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert desk.lookup(store, wrong).problem == "bad_code"
    assert desk.lookup(store, code).problem == "unknown_code"
    with pytest.raises(ValidationError) as caught:
        store.create("person", {"name": "王五", "service_code": wrong})
    assert caught.value.field == "person.service_code"


def test_lookup_by_name_pinyin_and_full_id(store: Store) -> None:
    number = make_id(seq="611")
    person = _person(store, "罗海", id_number=number)
    assert [p.id for p in desk.lookup(store, "luohai").people] == [person]
    assert desk.lookup(store, "罗海").opened is None
    by_id = desk.lookup(store, number)
    assert by_id.opened == person and number not in repr(by_id)


def test_panel_and_graduate_1311(store: Store) -> None:
    person = _person(store, "罗海", id_number=make_id(birth="20030315", seq="611"),
                     skill="电工", wished_place="county")
    store.create("service", {"person_id": person, "service_date": "2026-10-01",
                             "wants_work": "1", "career_guidance": 1, "job_referrals": 1})
    desk.record_service(store, person_id=person, kinds=["referral", "policy"],
                        site="城东安置点", today=TODAY)
    panel = desk.person_panel(store, person, today=TODAY)
    assert panel.graduate and panel.age == 23 and panel.relocated
    assert panel.services_1311 == {"guidance": 1, "referral": 2, "training": 0, "internship": 0}
    assert panel.masked_id.startswith("3611") and "*" in panel.masked_id


def test_records_refuse_bad_input_and_write_nothing(store: Store) -> None:
    person = _person(store, "罗海")
    before = len(store.journal())
    with pytest.raises(ValidationError):
        desk.record_service(store, person_id=person, kinds=[], site="s", today=TODAY)
    with pytest.raises(ValidationError):
        desk.record_service(store, person_id="nobody", kinds=["policy"], site="s", today=TODAY)
    with pytest.raises(ValidationError) as caught:
        desk.record_export_batch(store, person_ids=[person], employer="厂", depart_date="2026-13-01",
                                 transport="大巴", site="s")
    assert caught.value.field == "export_batch.depart_date"
    with pytest.raises(ValidationError) as caught:
        desk.record_export_batch(store, person_ids=[], employer="厂", depart_date="2026-12-01",
                                 transport="大巴", site="s")
    assert caught.value.field == "export_batch.person_ids"
    assert len(store.journal()) == before


def test_referral_training_and_export_batch(store: Store) -> None:
    one, two = _person(store, "罗海"), _person(store, "张三丰")
    job = store.create("job", {"employer": "婺源县某茶业", "job_title": "包装工",
                               "work_place": "county", "openings": 5, "salary_min": 2800,
                               "valid_until": "2026-12-31"})
    desk.record_referral(store, person_id=one, job_id=job, site="城东安置点", today=TODAY)
    (service,) = store.find("service", parent=one)
    assert service.props["services"] == ["referral"] and service.props["job_id"] == job
    assert service.props["referred_employer"] == "婺源县某茶业"
    desk.record_training(store, person_id=one, course="电工上岗", training_type="skill",
                         today=TODAY)
    assert store.find("training", parent=one)[0].props["course"] == "电工上岗"
    changes = desk.record_export_batch(store, person_ids=[one, two, one], employer="某电子厂",
                                       depart_date="2026-12-01", transport="包车", site="城东安置点")
    (batch,) = desk.export_batches(store)
    assert batch.id == changes.created[0] and batch.props["person_ids"] == [one, two]


def test_job_scores() -> None:
    today = date(2026, 11, 22)
    person = {"skill": "电工", "wished_place": "县内", "expected_wage": 3000}
    best = {"job_title": "维修电工", "work_place": "county", "salary_max": 3500,
            "valid_until": "2026-12-31"}
    far = {"job_title": "包装工", "work_place": "outside", "salary_min": 2000}
    assert score_job(person, best, today=today).score == 100
    assert score_job(person, far, today=today).score == 13
    assert score_job(person, {**best, "valid_until": "2026-11-01"}, today=today) is None
    assert score_job(person, {**best, "openings": 0}, today=today) is None
    ranked = rank_jobs(person, [("far", far), ("best", best)], today=today)
    assert [m.job_id for m in ranked] == ["best", "far"]
    half = score_job({"skill": "电焊工"}, {"job_title": "焊工学徒"}, today=today)
    assert dict(half.reasons)["skill"] == 25


def test_a_household_hit_lists_its_members(store: Store) -> None:
    head = _person(store, "罗海")
    household = store.get(head).parent
    child = store.create("person", {"household_id": household, "name": "罗小海", "relation": "子"})
    found = desk.lookup(store, store.get(household).props["household_no"])
    assert [h.kind for h in found.households] == ["household"] and not found.people
    members = desk.household_members(store, household)
    assert [p.id for p in members.people] == [head, child]
    assert all(p.household_head == "罗海" for p in members.people)


def _graduate(store: Store) -> str:
    return _person(store, "罗海", id_number=make_id(birth="20030315", seq="611"),
                   graduate_unemployed=True)


def _job(store: Store, title: str) -> str:
    return store.create("job", {"employer": "婺源县某茶业", "job_title": title,
                                "work_place": "county", "openings": 5,
                                "valid_until": "2026-12-31"})


def test_a_posting_referred_again_is_refused_and_counts_once(store: Store) -> None:
    """推荐所选岗位 clicked three times on one posting made 推荐 3/3 ✓: the 1311 asks for
    referrals to three postings."""
    person, job, other = _graduate(store), _job(store, "包装工"), _job(store, "采茶工")
    desk.record_referral(store, person_id=person, job_id=job, site="城东安置点", today=TODAY)
    before = len(store.journal())
    with pytest.raises(ValidationError) as caught:
        desk.record_referral(store, person_id=person, job_id=job, site="城东安置点",
                             today=TODAY)
    assert caught.value.field == "service.job_id"
    assert "2026-11-22" in caught.value.message_zh and "推荐过" in caught.value.message_zh
    assert len(store.journal()) == before
    desk.record_referral(store, person_id=person, job_id=other, site="城东安置点", today=TODAY)
    panel = desk.person_panel(store, person, today=TODAY)
    assert panel.services_1311["referral"] == 2
    # the same posting referred on two laptops (each refused nothing: they had not synced)
    store.create("service", {"person_id": person, "service_date": "2026-11-23",
                             "services": ["referral"], "job_id": job, "source": "desk"})
    desk.record_service(store, person_id=person, kinds=["referral"], site="s", today=TODAY)
    panel = desk.person_panel(store, person, today=TODAY)
    assert panel.services_1311["referral"] == 3  # two postings and one toggled referral


def test_a_training_sign_up_counts_as_the_1311_training(store: Store) -> None:
    """The 培训报名 box's sign-up left 培训 0/1 ✗ while the toggle counted."""
    person = _graduate(store)
    assert desk.person_panel(store, person, today=TODAY).services_1311["training"] == 0
    desk.record_training(store, person_id=person, course="电工上岗", training_type="skill",
                         today=TODAY)
    assert desk.person_panel(store, person, today=TODAY).services_1311["training"] == 1


def test_full_width_digits_letters_and_codes_are_looked_up(store: Store) -> None:
    """An input method types ３０６２４６ and ＢＦ…: nothing was found."""
    number = make_id(seq="611")
    person = _person(store, "罗海", id_number=number)
    code, _ = desk.ensure_service_code(store, person)
    wide = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
    assert [p.id for p in desk.lookup(store, number[-6:].translate(wide)).people] == [person]
    assert desk.lookup(store, number.translate(wide)).opened == person
    assert desk.lookup(store, code.translate(wide)).opened == person
    assert desk.lookup(store, code.lower().translate(wide)).opened == person
    assert [p.id for p in desk.lookup(store, "ｌｕｏｈａｉ").people] == [person]
    assert [p.id for p in desk.lookup(store, "ＬＨ").people] == [person]
