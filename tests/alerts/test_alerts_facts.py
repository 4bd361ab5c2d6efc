"""The fast path (``visit_fact``, schema 5) gives exactly the alerts of the full scan of
every follow-up record, on a generated county profile with edits, deletes and merges;
and the triggers keep ``visit_fact`` equal to a fresh extraction after every kind of write."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date

import pytest
from fact_tables import assert_facts_fresh

from bench.alerts import generate, min_wage_of
from bench.store import COUNTY, new_store
from registry.alerts import alerts_for_store
from registry.county import merge_entities
from registry.store import Create, Delete, Update

PEOPLE = 1_500
AS_OF_DATES = (date(2026, 11, 22), date(2026, 11, 10), date(2026, 6, 25), date(2025, 12, 21))


def comparable(alerts):
    return sorted((a.kind, a.subject, a.source, json.dumps(a.facts, sort_keys=True,
                                                           ensure_ascii=False))
                  for a in alerts)


def both_paths(store, **kwargs):
    fast = alerts_for_store(store, min_wage_of=min_wage_of, **kwargs)
    scan = alerts_for_store(store, min_wage_of=min_wage_of, scan=True, **kwargs)
    return comparable(fast), comparable(scan)


def visits_by_person(store):
    rows = store.db.execute("SELECT parent, id, json_extract(props, '$.visit_date') FROM entity"
                            " WHERE list = 'visit' AND deleted = 0 ORDER BY 1, 3").fetchall()
    out: dict[str, list[str]] = {}
    for person, vid, _day in rows:
        out.setdefault(person, []).append(vid)
    return out


def edit_county(store, rng):
    """Edits, deletes, merges, late and odd follow-ups over the generated county."""
    visits = visits_by_person(store)
    numbers = dict(store.db.execute("SELECT id, json_extract(props, '$.id_number') FROM entity"
                                    " WHERE list = 'person'"))
    people = sorted(visits, key=numbers.__getitem__)  # ids are random: sort by synthetic data
    rng.shuffle(people)
    for pid in people[:40]:  # a correction on the day of the latest follow-up
        day = store.get(visits[pid][-1]).props["visit_date"]
        store.write([Create("visit", {"person_id": pid, "visit_date": day,
                                      "employment_status": "returned", "monthly_income": 0})])
    for pid in people[40:70]:  # the latest follow-up is deleted
        store.write([Delete(visits[pid][-1])])
    for pid in people[70:90]:  # every follow-up of this year is deleted
        store.write([Delete(v) for v in visits[pid][1:]])
    for pid in people[90:110]:  # a follow-up after the as-of date, one on the same day
        store.write([Create("visit", {"person_id": pid, "visit_date": "2026-11-28",
                                      "employment_status": "employed",
                                      "monthly_income": 2500})])
    for keep, drop in zip(people[110:130:2], people[111:131:2], strict=True):
        merge_entities(store, keep=keep, drop=drop)
    for pid in people[150:170]:  # people and households edited
        store.write([Update(pid, {"wants_work": False}),
                     Update(store.get(pid).parent, {"relocated": True})])
    for pid in people[130:150]:  # the month compared had a much higher income
        day = store.get(visits[pid][-2]).props["visit_date"]
        store.write([Create("visit", {"person_id": pid, "visit_date": day,
                                      "employment_status": "employed",
                                      "monthly_income": 99_999})])


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    store = new_store(tmp_path_factory.mktemp("county") / "profile")
    generate(store, PEOPLE)
    edit_county(store, random.Random(5))
    yield store
    store.close()


def test_triggers_keep_visit_facts_and_latest_equal_to_a_fresh_extraction(county):
    counts = assert_facts_fresh(county.db)
    assert counts["visit_fact"] > 5_000 and counts["visit_latest"] > 500
    assert counts["person_fact"] > 1_000 and counts["household_fact"] > 300
    merged = county.db.execute("SELECT count(*) FROM person_fact WHERE merged_into IS NOT NULL")
    assert merged.fetchone()[0] == 10


@pytest.mark.parametrize("as_of", AS_OF_DATES, ids=str)
def test_fast_path_and_full_scan_agree_over_the_county(county, as_of):
    fast, scan = both_paths(county, as_of=as_of, scope=COUNTY)
    assert fast == scan
    kinds = Counter(kind for kind, *_ in fast)
    assert kinds["zero_employment_household"] > 0
    if as_of == AS_OF_DATES[0]:
        assert kinds["income_drop_month_on_month"] > 0 and kinds["visit_overdue"] > 0


def test_fast_path_and_full_scan_agree_on_one_village_and_without_scope(county):
    village = county.db.execute("SELECT min(scope) FROM entity WHERE list = 'visit'").fetchone()[0]
    for scope in (village, None):
        fast, scan = both_paths(county, as_of=AS_OF_DATES[0], scope=scope)
        assert fast == scan and fast


def test_merged_and_returned_people_are_seen_through_the_facts(county):
    fast, _ = both_paths(county, as_of=AS_OF_DATES[0], scope=COUNTY)
    kinds = Counter(kind for kind, *_ in fast)
    assert kinds["returned_without_plan"] > 0
    merged = {r[0] for r in county.db.execute(
        "SELECT merged_into FROM entity WHERE list = 'person' AND merged_into IS NOT NULL")}
    assert len(merged) == 10
    overdue = {subject for kind, subject, *_ in fast if kind == "visit_overdue"}
    seen_through_dropped = {keep for keep, in county.db.execute(
        "SELECT e.merged_into FROM entity e JOIN visit_fact f ON f.person = e.id"
        " WHERE e.merged_into IS NOT NULL AND f.month = '2026-11' AND f.day <= '2026-11-22'")}
    assert seen_through_dropped  # the dropped record's follow-ups count for the kept one
    assert not seen_through_dropped & overdue


def test_id_numbers_checked_in_sql_flag_exactly_what_the_python_check_flags(store):
    from bangfu_testdata import make_id

    hh = store.create("household", {"household_no": "H1"})
    good = make_id(birth="19900101", seq="222")
    ending_x = next(make_id(seq=f"{n:03d}") for n in range(1000)
                    if make_id(seq=f"{n:03d}").endswith("X"))
    written = {}
    for label, number in (("good", good), ("x", ending_x), ("lower_x", ending_x.lower()),
                          ("card", good + "42"), ("checksum", good[:17] + "0" if good[17] != "0"
                                                  else good[:17] + "1"),
                          ("short", good[:15]), ("letters", "36113019900101A22X")):
        pid = store.create("person", {"household_id": hh, "name": "甲", "relation": "之子"})
        # a record from before the check existed: the value is set under the store's rules
        store.db.execute("UPDATE entity SET props = json_set(props, '$.id_number', ?)"
                         " WHERE id = ?", [number, pid])
        written[pid] = label
    fast, scan = both_paths(store, as_of=date(2026, 11, 22))
    assert fast == scan
    flagged = {written[subject]: json.loads(facts)["problem"]
               for kind, subject, _, facts in fast if kind == "national_check_id_number"}
    assert flagged == {"checksum": "checksum", "short": "length", "letters": "characters"}


def test_a_follow_up_counts_for_the_record_at_the_end_of_a_chain_of_merges(store):
    """A merged into B, then B into C: A's follow-up of the month is C's (the run followed
    one merge level, to B, itself merged away, so C was overdue)."""
    from bangfu_testdata import make_id

    hh = store.create("household", {"household_no": "3611301042010099", "head_name": "甲"})
    a, b, c = (store.create("person", {
        "household_id": hh, "name": "甲", "relation": relation, "labour_class": "普通劳动力",
        "id_number": make_id(seq=seq)}) for seq, relation in (("301", "之子"), ("302", "之子"),
                                                              ("303", "户主")))
    store.write([Create("visit", {"person_id": a, "visit_date": "2026-11-05",
                                  "employment_status": "employed", "monthly_income": 3000})])
    merge_entities(store, keep=b, drop=a)
    merge_entities(store, keep=c, drop=b)
    for scan in (False, True):
        found = alerts_for_store(store, as_of=date(2026, 11, 22), scan=scan)
        overdue = {x.subject for x in found if x.kind == "visit_overdue"}
        assert c not in overdue, "scan" if scan else "facts"
        assert not overdue & {a, b}


def test_graduate_services_are_counted_as_the_desk_counts_them(store):
    """The desk's 1311 counts referrals once per posting and each training sign-up; the
    alert counted every referral record and no sign-up, so the two disagreed."""
    from bangfu_testdata import make_id

    from registry import desk

    hh = store.create("household", {"household_no": "3611301042010098", "head_name": "乙"})
    pid = store.create("person", {"household_id": hh, "name": "乙", "relation": "户主",
                                  "labour_class": "普通劳动力", "id_number": make_id(seq="311")})
    job = store.create("job", {"employer": "某厂", "title": "普工"})
    store.write([
        Create("service", {"person_id": pid, "service_date": "2026-10-12", "wants_work": "1",
                           "career_guidance": 1, "internship_offers": 1}),
        *(Create("service", {"person_id": pid, "service_date": day, "services": ["referral"],
                             "job_id": job}) for day in ("2026-10-13", "2026-10-20")),
        Create("training", {"person_id": pid, "course": "电工", "signed_up": "2026-10-15"}),
        Create("visit", {"person_id": pid, "visit_date": "2026-11-05",
                         "employment_status": "unemployed", "services": ["referral"]}),
    ])
    panel = desk.person_panel(store, pid, today=date(2026, 11, 22))
    assert (panel.services_1311["referral"], panel.services_1311["training"]) == (2, 1)
    for scan in (False, True):
        found = [a for a in alerts_for_store(store, as_of=date(2026, 11, 22), scan=scan)
                 if a.kind == "graduate_services_missing" and a.subject == pid]
        assert [a.facts["missing"] for a in found] == [{"referral": 1}], scan
