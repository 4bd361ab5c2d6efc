"""The household page's data: members with their last visit, records newest first, claims,
alerts of the household, and what the policy rules say each member may claim, with reasons."""

from __future__ import annotations

from datetime import date

from bangfu_testdata import VILLAGE, make_id

from registry.household_file import household_file, record_day
from registry.store import Create
from sync.protocol import new_id


def _household(store):
    household, head, son = new_id(), new_id(), new_id()
    store.write([
        Create("household", {"household_no": VILLAGE + "0001", "village_code": VILLAGE,
                             "household_type": "脱贫户", "relocated": True},
               entity_id=household),
        Create("person", {"name": "罗军浩", "id_number": make_id(seq="311"), "relation": "户主",
                          "household_id": household, "labour_class": "普通劳动力"},
               entity_id=head),
        Create("person", {"name": "罗海", "id_number": make_id(birth="20000101", seq="321"),
                          "relation": "之子", "household_id": household,
                          "labour_class": "技能劳动力", "work_status": "自主外出务工",
                          "work_region": "省外"}, entity_id=son),
        Create("visit", {"person_id": son, "visit_date": "2024-05-03",
                         "employment_status": "employed"}),
        Create("visit", {"person_id": son, "visit_date": "2024-04-02",
                         "employment_status": "returned"}),
        Create("service", {"person_id": head, "service_date": "2024-05-20"}),
        Create("training", {"person_id": head, "start_date": "2024-05-21", "course": "电工"}),
        Create("claim", {"subject_id": head, "rule": "transport", "period": "2024",
                         "granted_on": "2024-03-01"}),
    ])
    return household, head, son


def test_members_records_and_claims(store):
    household, head, son = _household(store)
    page = household_file(store, household, today=date(2024, 6, 1), packs=[])
    assert [m.person.props["name"] for m in page.members] == ["罗军浩", "罗海"]
    assert {m.id: m.last_visit for m in page.members} == {head: "", son: "2024-05-03"}
    assert [v.props["visit_date"] for v in page.visits] == ["2024-05-03", "2024-04-02"]
    assert [e.entity_list for e in page.services] == ["training", "service"]
    assert [c.props["rule"] for c in page.claims] == ["transport"]
    assert page.name_of(son) == "罗海" and page.name_of(household) == ""


def test_eligibility_with_reasons_from_the_shipped_packs(store):
    household, head, son = _household(store)
    page = household_file(store, household, today=date(2024, 6, 1))
    assert page.policy_notice_zh == ""
    mine = [e for e in page.eligibility if e.person_id == son]
    assert mine and {e.person_id for e in page.eligibility} <= {head, son}
    assert all(e.source for e in page.eligibility)
    refused = [e for e in page.eligibility if e.eligible is False]
    assert refused and all(e.reasons_zh and e.reasons_en for e in refused)
    # no pack is in force in 2030: the page says so instead of inventing answers
    later = household_file(store, household, today=date(2030, 1, 10))
    assert later.eligibility == [] and "没有有效的政策包" in later.policy_notice_zh


def test_alerts_of_the_household_only(store):
    household, _head, son = _household(store)
    other = new_id()
    store.write([Create("household", {"household_no": VILLAGE + "0002"}, entity_id=other),
                 Create("person", {"name": "李四", "id_number": make_id(seq="331"),
                                   "relation": "户主", "household_id": other,
                                   "labour_class": "普通劳动力"})])
    page = household_file(store, household, today=date(2024, 6, 25), packs=[])
    subjects = {a.subject for a in page.alerts}
    assert subjects and subjects <= {household, son, *(m.id for m in page.members)}
    assert "visit_overdue" in {a.kind for a in page.alerts}


def test_records_of_people_merged_into_a_member_are_the_members(store):
    """After the county merged a duplicate (kept: the one in this household) the kept
    person's page showed no 上次走访 and none of the follow-ups, services or claims of the
    record merged into it, though the merge keeps them."""
    from registry.county_duplicates import merge_people

    household, head, son = _household(store)
    other, twin, older = new_id(), new_id(), new_id()
    store.write([
        Create("household", {"household_no": VILLAGE + "0002", "village_code": VILLAGE},
               entity_id=other),
        Create("person", {"name": "罗海", "id_number": make_id(birth="20000101", seq="321"),
                          "relation": "户主", "household_id": other}, entity_id=twin),
        Create("person", {"name": "罗海", "relation": "之子", "household_id": other},
               entity_id=older),
        Create("visit", {"person_id": twin, "visit_date": "2024-05-28",
                         "employment_status": "employed"}),
        Create("visit", {"person_id": older, "visit_date": "2024-05-29",
                         "employment_status": "employed"}),
        Create("service", {"person_id": older, "service_date": "2024-05-30"}),
    ])
    merge_people(store, keep=twin, drop=older)  # a chain: older into twin, twin into son
    merge_people(store, keep=son, drop=twin)
    page = household_file(store, household, today=date(2024, 6, 1), packs=[])
    assert {m.id: m.last_visit for m in page.members} == {head: "", son: "2024-05-29"}
    assert [v.props["visit_date"] for v in page.visits] == [
        "2024-05-29", "2024-05-28", "2024-05-03", "2024-04-02"]
    assert page.services[0].props["service_date"] == "2024-05-30"
    assert page.name_of(older) == page.name_of(twin) == "罗海"
    assert page.member_id(older) == page.member_id(twin) == son
    # the merged records' follow-ups (就业, May) go on with the member's own (就业, May 3)
    assert [(s.person_id, s.start, s.end, s.followups) for s in page.spells] == [
        (son, "2024-05", "2024-05", 3)]


def test_the_work_history_is_read_from_the_members_follow_ups(store):
    """务工记录 was always empty (nothing writes ``work_spell`` records): the follow-ups'
    work is the members' spells, newest first; a spell on file is listed too."""
    household, head, son = _household(store)
    store.write([
        Create("visit", {"person_id": son, "visit_date": "2024-06-04",
                         "employment_status": "employed", "work_place": "outside",
                         "employer": "深圳某厂", "monthly_income": 5200}),
        Create("visit", {"person_id": head, "visit_date": "2024-06-05",
                         "employment_status": "employed", "work_place": "county",
                         "channel": "post", "monthly_income": 800}),
        Create("work_spell", {"person_id": head, "start_date": "2023-03-01",
                              "end_date": "2023-12-31", "employer": "县城某超市"}),
    ])
    page = household_file(store, household, today=date(2024, 7, 1), packs=[])
    assert [(s.person_id, s.start, s.end, s.work_place, s.employer, s.monthly_income,
             s.source) for s in page.spells] == [
        (head, "2024-06", "2024-06", "county", "", 800, "visit"),
        (son, "2024-05", "2024-06", "outside", "深圳某厂", 5200, "visit"),
        (head, "2023-03-01", "2023-12-31", "", "县城某超市", None, "work_spell")]


def test_a_training_signed_up_at_the_desk_is_listed_by_its_sign_up_day(store):
    """The desk's sign-up (dated ``signed_up``) was listed with an empty date, last."""
    from registry import desk
    from registry.household_file import record_day

    household, head, _son = _household(store)
    desk.record_training(store, person_id=head, course="电工上岗", training_type="skill",
                         today=date(2024, 5, 25))
    page = household_file(store, household, today=date(2024, 6, 1), packs=[])
    assert [record_day(e) for e in page.services] == ["2024-05-25", "2024-05-21", "2024-05-20"]
    assert page.services[0].props["course"] == "电工上岗"


def test_the_head_is_listed_first_then_by_relation_and_birth_date(store):
    """Members were listed in the order they reached the laptop (a synced household: by
    name), so the 户主 was not first."""
    household = new_id()
    store.write([
        Create("household", {"household_no": VILLAGE + "0003", "village_code": VILLAGE},
               entity_id=household),
        *(Create("person", {"name": name, "relation": relation, "birth_date": born,
                            "household_id": household})
          for name, relation, born in (("艾小妹", "之女", "2006-01-01"),
                                       ("白二子", "之子", "2004-05-01"),
                                       ("陈大子", "之子", "2001-03-01"),
                                       ("戴某", "其他", ""),
                                       ("冯妻", "配偶", "1978-02-02"),
                                       ("郭户主", "户主", "1975-01-01"))),
    ])
    page = household_file(store, household, today=date(2024, 6, 1), packs=[])
    assert [m.person.props["name"] for m in page.members] == [
        "郭户主", "冯妻", "陈大子", "白二子", "艾小妹", "戴某"]


def test_services_given_during_a_follow_up_are_listed_with_the_services(store):
    """The follow-up's 本次提供的服务 answer was on no tab: 服务与培训 showed only the
    service records."""
    household, head, son = _household(store)
    store.write([Create("visit", {"person_id": son, "visit_date": "2024-05-25",
                                  "employment_status": "employed",
                                  "services": ["policy", "referral"]})])
    page = household_file(store, household, today=date(2024, 6, 1), packs=[])
    assert [(e.entity_list, record_day(e)) for e in page.services] == [
        ("visit", "2024-05-25"), ("training", "2024-05-21"), ("service", "2024-05-20")]
    assert page.services[0].props["services"] == ["policy", "referral"]
    assert len(page.visits) == 3  # still a follow-up on 走访 too
