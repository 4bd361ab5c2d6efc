"""Facts of people built from a real encrypted store, and evaluated against the packs."""

from __future__ import annotations

from datetime import date

from bangfu_testdata import VILLAGE, make_id

from registry.policy import evaluate, load_packs
from registry.policy.facts import groups_of, people_facts, post_facts
from registry.store import Create

PACKS = load_packs()


def _household(store, **props):
    hid = store.create("household", {"household_no": VILLAGE + "0001", "village_code": VILLAGE,
                                     **props})
    return hid


def test_facts_from_store_drive_eligibility(store):
    hid = _household(store, household_type="脱贫户", poverty_status="低保脱贫户", relocated=False)
    pid = store.create("person", {"household_id": hid, "name": "测试甲",
                                  "id_number": make_id(seq="101"), "relation": "户主",
                                  "labour_class": "普通劳动力"})
    store.write([
        Create("visit", {"person_id": pid, "visit_date": "2022-04-18", "employment_status": "employed",
                         "channel": "away", "work_place": "outside", "start_date": "2022-01-10",
                         "months_worked": 3, "monthly_income": 5200, "organised_export": "1"}),
        Create("training", {"person_id": pid, "training_type": "farming", "course": "茶叶种植",
                            "start_date": "2022-03-01", "end_date": "2022-03-10", "days": 10}),
    ])
    facts = people_facts(store)[pid]
    assert facts["groups"] == ["脱贫人口", "农村低收入人口"]
    assert facts["work"] == {"region": "省外", "start": "2022-01-10", "months": 3}
    assert facts["organised_export"] is True and facts["claims"] == []
    assert facts["training"]["kind"] == "农业种植养殖培训" and facts["last_visit"] == "2022-04-18"
    e = evaluate(facts, as_of=date(2022, 5, 1), region=VILLAGE, packs=PACKS)
    assert e.answer("one_time_transport_subsidy").rule.id == "wy_transport"
    assert e.answer("wy_transport").eligible is True
    assert e.answer("wy_training_living").eligible is True
    guizhou = evaluate(facts, as_of=date(2022, 5, 1), region="520525", packs=PACKS)
    assert guizhou.answer("gz_training_living").amount == 400


def test_nothing_recorded_is_a_fact(store):
    hid = _household(store, household_type="普通农户", relocated=True)
    pid = store.create("person", {"household_id": hid, "name": "测试乙",
                                  "id_number": make_id(seq="103"), "relation": "户主"})
    facts = people_facts(store, person_ids=[pid])[pid]
    assert facts["groups"] == ["易地搬迁人口"]
    assert facts["training"] is None and facts["work"] is None and facts["claims"] == []
    e = evaluate(facts, as_of=date(2022, 5, 1), region="533422", packs=PACKS)
    assert e.answer("dq_training_living").failed == ("in_training",)
    assert e.answer("dq_transport").eligible is None  # where they work is not recorded


def test_groups_from_form_codes_and_demo_words():
    assert groups_of({"category": "100A03002"}) == ["监测对象"]
    assert groups_of({"category": "100A03001", "poverty_attribute": "dibao", "relocated": "1"}) == [
        "脱贫人口", "监测对象", "农村低收入人口", "易地搬迁人口"]
    assert groups_of({"household_type": "普通农户", "monitored": False}) == []


def test_post_facts_from_store(store):
    hid = _household(store, household_type="脱贫户")
    pid = store.create("person", {"household_id": hid, "name": "测试丙",
                                  "id_number": make_id(birth="19580304", seq="105"),
                                  "relation": "户主", "labour_class": "弱劳动力或半劳动力"})
    post = store.create("post", {"person_id": pid, "post_type": "cleaning",
                                 "agreement_start": "2022-01-01", "agreement_end": "2022-12-31",
                                 "monthly_subsidy": 1200, "accident_insurance": "1"})
    facts = post_facts(store)[post]
    assert facts["holder_labour"] == "弱劳动力或半劳动力"
    e = evaluate({"post": facts}, as_of=date(2022, 6, 1), region=VILLAGE, packs=PACKS)
    assert e.subject == "post"
    assert e.answer("jx_post_subsidy").cap == 1610 and e.answer("wy_post_subsidy").eligible is True
    store.update(post, {"exit_date": "2022-05-15", "exit_reason": "found_job"})
    later = evaluate(post_facts(store)[post], as_of=date(2022, 6, 1), region=VILLAGE,
                     packs=PACKS, kind="post")
    assert later.answer("wy_post_subsidy").failed == ("on_post",)


def test_a_recorded_claim_is_a_fact_the_rules_read(store):
    """A claim from the claims ledger (registry.claims) counts for "once a year"."""
    from registry.claims import record_claim

    hid = _household(store, household_type="脱贫户", relocated=False)
    pid = store.create("person", {"household_id": hid, "name": "测试丙",
                                  "id_number": make_id(seq="105"), "relation": "户主",
                                  "labour_class": "普通劳动力"})
    store.write([Create("visit", {"person_id": pid, "visit_date": "2022-04-18",
                                  "employment_status": "employed", "channel": "away",
                                  "work_place": "outside", "start_date": "2022-01-10",
                                  "months_worked": 3, "monthly_income": 5200})])
    before = evaluate(people_facts(store)[pid], as_of=date(2022, 5, 1), region="533422",
                      packs=PACKS).answer("dq_transport")
    assert "once_a_year" not in before.failed
    record_claim(store, rule_id="dq_transport", rule_kind="one_time_transport_subsidy",
                 subject_id=pid, amount=None, period="2022", check=lambda _s, _c: [],
                 granted_on=date(2022, 4, 20))
    facts = people_facts(store)[pid]
    assert facts["claims"] == [{"rule": "one_time_transport_subsidy", "date": "2022-04-20"}]
    after = evaluate(facts, as_of=date(2022, 5, 1), region="533422", packs=PACKS)
    assert after.answer("dq_transport").eligible is False
    assert "once_a_year" in after.answer("dq_transport").failed


def test_a_follow_up_without_a_place_leaves_the_persons_work_region(store):
    """A follow-up saying 就业 without 务工地 hid the person's 务工地域 (省外): the transport
    rule listed everyone as 未记录务工地域 on a county replica."""
    hid = _household(store, household_type="脱贫户")
    pid = store.create("person", {"household_id": hid, "name": "测试乙", "relation": "户主",
                                  "id_number": make_id(seq="102"), "labour_class": "普通劳动力",
                                  "work_region": "省外", "months_worked": 7})
    store.create("visit", {"person_id": pid, "visit_date": "2022-04-18",
                           "employment_status": "employed", "channel": "away"})
    assert people_facts(store)[pid]["work"] == {"region": "省外", "start": None, "months": 7}
    store.create("visit", {"person_id": pid, "visit_date": "2022-04-20",
                           "employment_status": "employed", "work_place": "county",
                           "months_worked": 2})
    assert people_facts(store)[pid]["work"] == {"region": "县内", "start": None, "months": 2}
