"""A member's work history read from their follow-ups (the household page's 务工记录 was always
empty: nothing writes ``work_spell`` records, while every monthly follow-up records where the
person works). No widgets, no store: follow-ups as the form saves them."""

from __future__ import annotations

from datetime import date

from registry.store import Entity
from registry.work_history import (
    FROM_FOLLOWUPS,
    FROM_RECORD,
    is_employed,
    recorded_spell,
    work_spells,
)

HEAD, SON = "p-head", "p-son"


def _visit(person: str, day: str, status: str = "employed", **props: object) -> Entity:
    return Entity(f"v-{person}-{day}", "visit", "361130104201", person,
                  {"person_id": person, "visit_date": day, "employment_status": status, **props},
                  {}, False, None)


def _spell_record(person: str, **props: object) -> Entity:
    return Entity("s-1", "work_spell", "361130104201", person, {"person_id": person, **props},
                  {}, False, None)


def _rows(spells) -> list[tuple]:
    return [(s.person_id, s.start, s.end, s.work_place, s.employer, s.monthly_income,
             s.followups) for s in spells]


def test_consecutive_followups_at_the_same_work_are_one_spell_newest_first():
    shenzhen = {"work_place": "outside", "channel": "away", "employer": "深圳某电子厂"}
    visits = [
        _visit(SON, "2026-03-10", **shenzhen, monthly_income=4800, start_date="2026-02-20"),
        _visit(SON, "2026-05-12", **shenzhen, monthly_income=5200),
        _visit(SON, "2026-04-11", **shenzhen, monthly_income=5000),  # any order
        _visit(SON, "2026-06-09", "returned", return_reason="care"),
        _visit(SON, "2026-08-15", work_place="county", channel="workshop", employer="帮扶车间",
               monthly_income=2600),
        _visit(SON, "2026-09-14", work_place="county", channel="workshop", employer="帮扶车间",
               monthly_income=2800),
        _visit(HEAD, "2026-09-01", work_place="county", channel="post", monthly_income=800),
    ]
    assert _rows(work_spells(visits)) == [
        (HEAD, "2026-09", "2026-09", "county", "", 800, 1),  # ended as late, began later
        (SON, "2026-08", "2026-09", "county", "帮扶车间", 2800, 2),
        (SON, "2026-02", "2026-05", "outside", "深圳某电子厂", 5200, 3),  # since 开始日期
    ]
    assert {s.source for s in work_spells(visits)} == {FROM_FOLLOWUPS}


def test_a_new_place_or_employer_starts_a_new_spell_a_blank_answer_does_not():
    visits = [
        _visit(SON, "2026-01-05", work_place="province", channel="firm", employer="南昌某厂",
               monthly_income=4000),
        _visit(SON, "2026-02-05", work_place="", channel="firm", employer="",
               monthly_income=""),  # left blank this time: the same job, income kept
        _visit(SON, "2026-03-05", work_place="province", channel="firm", employer="九江某厂"),
        _visit(SON, "2026-04-05", work_place="outside", channel="firm", employer="九江某厂"),
    ]
    spells = work_spells(visits)
    assert _rows(spells) == [
        (SON, "2026-04", "2026-04", "outside", "九江某厂", None, 1),
        (SON, "2026-03", "2026-03", "province", "九江某厂", None, 1),
        (SON, "2026-01", "2026-02", "province", "南昌某厂", 4000, 2),
    ]
    assert spells[-1].id == "v-p-son-2026-02-05"  # the spell's latest follow-up


def test_a_start_after_the_last_follow_up_is_a_new_job_and_a_blank_status_ends_nothing():
    """Review: a new job at the same factory after a gap joined the old spell; a follow-up
    with no status recorded ended the spell."""
    visits = [
        _visit(SON, "2026-01-05", work_place="outside", employer="东莞某厂", channel="away"),
        _visit(SON, "2026-02-05", "", work_place="outside"),  # no status recorded
        _visit(SON, "2026-03-05", work_place="outside", employer="东莞某厂", channel="away"),
        _visit(SON, "2026-07-05", work_place="outside", employer="东莞某厂", channel="away",
               start_date="2026-06-20"),  # back at the same factory after months away
    ]
    assert _rows(work_spells(visits)) == [
        (SON, "2026-06", "2026-07", "outside", "东莞某厂", None, 1),
        (SON, "2026-01", "2026-03", "outside", "东莞某厂", None, 2),
    ]


def test_not_working_follow_ups_make_no_spell_and_undated_ones_are_left_out():
    visits = [_visit(SON, "2026-01-05", "unemployed"), _visit(SON, "2026-02-05", "at_home"),
              _visit(SON, "", work_place="county")]
    assert work_spells(visits) == []
    assert is_employed({"employment_status": "就业"})  # an older record's word
    assert not is_employed({"employment_status": "returned"}) and not is_employed({})


def test_followups_of_a_record_merged_into_a_member_are_the_members():
    visits = [_visit("p-twin", "2026-01-05", work_place="county", employer="帮扶车间"),
              _visit(SON, "2026-02-05", work_place="county", employer="帮扶车间")]
    spells = work_spells(visits, member_of={"p-twin": SON})
    assert _rows(spells) == [(SON, "2026-01", "2026-02", "county", "帮扶车间", None, 2)]


def test_work_spell_records_are_listed_beside_the_followups():
    record = _spell_record(HEAD, start_date="2026-03-01", employer="深圳某厂",
                           monthly_income="4800.5")
    older = _spell_record(SON, start="2024-01-01", end="2024-12-31", region="浙江省")
    spells = work_spells([_visit(SON, "2026-06-01", work_place="county")], [record, older])
    assert [(s.person_id, s.source) for s in spells] == [
        (HEAD, FROM_RECORD), (SON, FROM_FOLLOWUPS), (SON, FROM_RECORD)]  # no end: going on
    assert (spells[0].start, spells[0].end, spells[0].monthly_income) == ("2026-03-01", "",
                                                                          "4800.5")
    assert recorded_spell(older).work_place == "浙江省"


def test_two_years_of_monthly_followups_of_a_household_are_quick():
    """A household: a handful of members, up to 24 follow-ups each."""
    import time

    visits = [_visit(f"p-{n}", date(2025 + m // 12, m % 12 + 1, 5).isoformat(),
                     work_place="outside" if m < 12 else "county", employer=f"厂{m // 6}",
                     monthly_income=3000 + m)
              for n in range(6) for m in range(24)]
    started = time.perf_counter()
    spells = work_spells(visits)
    assert time.perf_counter() - started < 0.05
    assert len(spells) == 6 * 4 and spells[0].end == "2026-12"
