"""alerts_for_store on real encrypted profiles: the same alerts as the case file, and the
store's own facts (no visit recorded this month, duplicates across households, scope)."""

from __future__ import annotations

from datetime import date

import pytest
from alert_cases import load_cases, min_wage_of
from bangfu_testdata import TODAY, VILLAGE, make_id
from case_store import Untranslatable, write_case

from registry.alerts import SOURCES, alerts_for_case, alerts_for_store, services_missing
from registry.demo import load_demo
from registry.errors import ValidationError
from registry.labour import WITH_CAPACITY

CASES = load_cases()
#: Cases the store cannot hold as such (it refuses them on write, or treats the fact as known).
UNTRANSLATABLE = {"national_id_bad_checksum", "national_id_wrong_length",
                  "national_two_heads", "returned_plan_unknown", "issue_example_person"}


def _case_kinds(case):
    if "alerts" in case["expect"]:
        return {a.kind for a in alerts_for_case(case, min_wage_of=min_wage_of)}
    return {"graduate_services_missing"} if services_missing(case) else set()


def _as_of(case):
    value = case["as_of"]
    return value if isinstance(value, date) else date.fromisoformat(value)


def test_store_finds_what_the_cases_find(store):
    written, skipped = [], set()
    for number, case in enumerate(CASES, start=1):
        try:
            written.append((case, write_case(store, case, number=number)))
        except (Untranslatable, ValidationError):
            skipped.add(case["id"])
    assert skipped == UNTRANSLATABLE
    for case, village in written:
        found = alerts_for_store(store, as_of=_as_of(case), scope=village,
                                 min_wage_of=min_wage_of)
        assert {a.kind for a in found} == _case_kinds(case), case["id"]
        assert all(a.source == SOURCES[a.kind] for a in found)
        if case["expect"].get("missing"):
            (graduate,) = found
            assert graduate.facts["missing"] == case["expect"]["missing"]


def labour_person(store, hh, **props):
    base = {"household_id": hh, "name": "王五", "relation": "户主", "labour_class": "普通劳动力"}
    return store.create("person", {**base, **props})


def test_no_visit_recorded_this_month_is_overdue_after_the_20th(store):
    hh = store.create("household", {"household_no": "H1"})
    pid = labour_person(store, hh)
    visited = labour_person(store, store.create("household", {"household_no": "H2"}))
    store.create("visit", {"person_id": visited, "visit_date": "2026-11-03"})
    on_20th = alerts_for_store(store, as_of=date(2026, 11, 20))
    assert [a for a in on_20th if a.kind == "visit_overdue"] == []
    overdue = [a for a in alerts_for_store(store, as_of=TODAY) if a.kind == "visit_overdue"]
    assert [(a.subject, a.facts["last_visit"]) for a in overdue] == [(pid, None)]


def test_duplicate_ids_across_households_and_masked_facts(store):
    number = make_id()
    a = labour_person(store, store.create("household", {"household_no": "H1"}), id_number=number)
    b = labour_person(store, store.create("household", {"household_no": "H2"}), id_number=number)
    dups = [x for x in alerts_for_store(store, as_of=date(2026, 11, 5))
            if x.kind == "national_check_duplicate_id"]
    assert {(x.subject, tuple(x.facts["others"])) for x in dups} == {(a, (b,)), (b, (a,))}
    assert number[4:14] not in repr(dups) and dups[0].facts["id_number"] == "3611**********" + number[-4:]


def test_scope_limits_the_records_read(store):
    other = "361130104202"
    store.write([])
    for scope in (VILLAGE, other):
        hh = store.create("household", {"household_no": scope}, scope=scope)
        store.create("person", {"household_id": hh, "name": "赵六", "relation": "户主",
                                "labour_class": "普通劳动力"}, scope=scope)
    everywhere = alerts_for_store(store, as_of=TODAY)
    here = alerts_for_store(store, as_of=TODAY, scope=VILLAGE)
    county = alerts_for_store(store, as_of=TODAY, scope="361130")
    assert len(everywhere) == len(county) == 2 * len(here) and here
    with pytest.raises(ValidationError) as info:
        alerts_for_store(store, as_of=TODAY, scope="36113x")
    assert info.value.field == "alerts.scope"


def test_demo_village_overdue_visits_match_a_count_by_hand(store):
    load_demo(store, people=300, today=TODAY)
    people = store.find("person")
    visited = people[::3]
    store.write([])
    for person in visited:
        store.create("visit", {"person_id": person.id, "visit_date": "2026-11-10",
                               "employment_status": "employed", "monthly_income": 3000})
    journal = len(store.journal())
    found = alerts_for_store(store, as_of=TODAY)
    overdue = {a.subject for a in found if a.kind == "visit_overdue"}
    by_hand = {p.id for p in people[1::3] + people[2::3]
               if p.props.get("labour_class") in WITH_CAPACITY}
    assert overdue == by_hand and overdue
    assert len(store.journal()) == journal  # reading wrote nothing
    temp = store.db.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0]
    assert temp == 0


def test_follow_up_values_in_every_stored_form(store):
    """Incomes stored as text or numbers, a follow-up with only a month, a service list that
    is empty or not: read alike (string reading of the props, JSON where it does not fit)."""
    hh = store.create("household", {"household_no": "H1"})
    a = store.create("person", {"household_id": hh, "name": "甲"})
    b = store.create("person", {"household_id": hh, "name": "乙"})
    back = labour_person(store, store.create("household", {"household_no": "H2"}))
    store.write([])
    for pid, before, now in ((a, "3000", 1000.0), (b, 2000, "500.5")):
        store.create("visit", {"person_id": pid, "month": "2026-10",
                               "employment_status": "就业", "monthly_income": before})
        store.create("visit", {"person_id": pid, "visit_date": "2026-11-05",
                               "employment_status": "employed", "monthly_income": now})
    store.create("visit", {"person_id": back, "visit_date": "2026-11-02",
                           "employment_status": "returned", "services": []})
    found = alerts_for_store(store, as_of=date(2026, 11, 10))
    (drop,) = [x for x in found if x.kind == "income_drop_month_on_month"]
    assert drop.subject == hh and drop.facts["income"] == 1500.5
    assert drop.facts["compared_income"] == 5000.0
    assert [x.subject for x in found if x.kind == "returned_without_plan"] == [back]
    store.create("visit", {"person_id": back, "visit_date": "2026-11-06",
                           "employment_status": "returned", "services": ["referral"]})
    later = alerts_for_store(store, as_of=date(2026, 11, 10))
    assert [x for x in later if x.kind == "returned_without_plan"] == []
