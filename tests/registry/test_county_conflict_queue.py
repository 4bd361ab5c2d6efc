"""The conflict queue's pure part: real encrypted profiles exchanging real change sets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bangfu_testdata import TODAY, VILLAGE
from county_conflict_data import (
    OTHER_VILLAGE,
    Clock,
    conflicted,
    exchange,
    form_edit,
    open_store,
    person,
)

from registry.county import resolve_conflict, settle_delete
from registry.county_conflicts import (
    ConflictFilter,
    conflict_filters,
    conflict_page,
    open_conflict,
    open_conflict_count,
    parse_typed,
    value_sources,
)
from registry.errors import NotFound, ValidationError
from registry.store import Store
from registry.submissions import save_submission


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2026, 11, 1))


@pytest.fixture
def county(tmp_path: Path, clock: Clock) -> Store:
    s = open_store(tmp_path, "county", scope="361130", user="county-officer",
                   device="county-pc", clock=clock)
    yield s
    s.close()


@pytest.fixture
def laptop(tmp_path: Path, clock: Clock) -> Store:
    s = open_store(tmp_path, "laptop", scope="361130", user="desk-wang", device="laptop-b",
                   clock=clock)
    yield s
    s.close()



def test_a_conflict_lists_every_value_with_who_when_and_where_from(county, laptop, clock):
    pid = conflicted(county, laptop)
    page = conflict_page(county, today=date(2026, 11, 1))
    assert page.total == 1
    (row,) = page.rows
    assert (row.entity_id, row.prop, row.kind, row.scope) == (pid, "monthly_income", "edit",
                                                               VILLAGE)
    assert row.label == "李四" and row.household_no == "H-123"
    by_value = {v.value: v for v in row.values}
    assert set(by_value) == {4200, 3900}
    assert sum(v.winner for v in row.values) == 1
    assert (by_value[4200].user, by_value[4200].device) == ("desk-wang", "laptop-b")
    assert (by_value[3900].user, by_value[3900].device) == ("county-officer", "county-pc")
    assert by_value[3900].entered_ms > by_value[4200].entered_ms
    assert row.newest_ms == by_value[3900].entered_ms and row.age_days == 0
    assert by_value[3900].entered.date() == date(2026, 11, 1)
    sources = value_sources(county, row)
    assert set(sources) == {by_value[4200].change_id}  # the county typed its value directly
    source = sources[by_value[4200].change_id]
    assert (source.form_id, source.form_version, source.instance_id) == (
        "followup", "2026110101", f"uuid:{pid}")
    assert county.get(source.submission_id).entity_list == "submission"


def test_the_submission_is_found_on_the_device_that_made_it_too(county, laptop, clock):
    pid = person(county)
    exchange(county, laptop)
    county.update(pid, {"phone": "13900139000"})
    form_edit(laptop, pid, {"phone": "13700137000"})
    exchange(county, laptop)
    (row,) = conflict_page(laptop, today=date(2026, 11, 1)).rows
    sources = value_sources(laptop, row)
    (mine,) = [v for v in row.values if v.device == "laptop-b"]
    assert list(sources) == [mine.change_id]


def test_filters_by_village_property_and_age_page_and_count(county, laptop, clock):
    old = conflicted(county, laptop, seq="101")
    clock.days(10)
    in_other = conflicted(county, laptop, seq="102", village=OTHER_VILLAGE)
    clock.days(5)
    pid = person(county, seq="103")
    exchange(county, laptop)
    laptop.update(pid, {"phone": "13700137000"})
    county.update(pid, {"phone": "13900139000"})
    exchange(laptop, county)
    today = date(2026, 11, 16)

    every = conflict_page(county, today=today)
    assert [r.entity_id for r in every.rows] == [old, in_other, pid]  # longest waiting first
    assert [r.age_days for r in every.rows] == [15, 5, 0]
    assert every.total == 3 == open_conflict_count(county)

    village = conflict_page(county, filters=ConflictFilter(village=OTHER_VILLAGE), today=today)
    assert [r.entity_id for r in village.rows] == [in_other] and village.total == 1
    county_wide = conflict_page(county, filters=ConflictFilter(village="3611301042"), today=today)
    assert county_wide.total == 3
    phone = conflict_page(county, filters=ConflictFilter(prop="phone"), today=today)
    assert [r.entity_id for r in phone.rows] == [pid]
    aged = conflict_page(county, filters=ConflictFilter(min_age_days=5), today=today)
    assert [r.entity_id for r in aged.rows] == [old, in_other]
    recent = conflict_page(county, filters=ConflictFilter(max_age_days=5), today=today)
    assert [r.entity_id for r in recent.rows] == [in_other, pid]
    window = conflict_page(county, filters=ConflictFilter(min_age_days=1, max_age_days=14),
                           today=today)
    assert [r.entity_id for r in window.rows] == [in_other]

    second = conflict_page(county, today=today, limit=2, offset=2)
    assert [r.entity_id for r in second.rows] == [pid] and second.total == 3
    assert conflict_page(county, today=today, limit=2, offset=4).total == 3

    props, villages = conflict_filters(county)
    assert props == {"monthly_income": 2, "phone": 1}
    assert villages == {VILLAGE: 2, OTHER_VILLAGE: 1}


def test_a_bad_village_filter_is_refused_naming_it(county):
    with pytest.raises(ValidationError) as err:
        conflict_page(county, filters=ConflictFilter(village="3611%"), today=TODAY)
    assert err.value.field == "village"


def test_a_resolution_closes_the_conflict_for_both_devices(county, laptop, clock):
    pid = conflicted(county, laptop)
    (row,) = conflict_page(county, today=TODAY).rows
    resolve_conflict(county, pid, "monthly_income", parse_typed(row, " 4000 "))
    assert conflict_page(county, today=TODAY).total == 0
    with pytest.raises(NotFound):
        open_conflict(county, row.conflict_id, today=TODAY)
    exchange(county, laptop)
    assert laptop.get(pid).props["monthly_income"] == 4000
    assert conflict_page(laptop, today=TODAY).total == 0


def test_a_delete_conflict_is_kind_delete_and_settles_by_keep(county, laptop, clock):
    pid = person(county)
    exchange(county, laptop)
    county.update(pid, {"phone": "13900139000"})
    laptop.delete(pid)
    exchange(laptop, county)
    (row,) = conflict_page(county, today=TODAY).rows
    assert row.kind == "delete" and row.entity_id == pid
    edit = next(v for v in row.values if v.winner)
    assert (edit.prop, edit.value, edit.device) == ("phone", "13900139000", "county-pc")
    assert [v.value for v in row.values if not v.winner] == [True]
    assert open_conflict(county, row.conflict_id, today=TODAY) == row
    settle_delete(county, pid, keep=True)
    assert conflict_page(county, today=TODAY).total == 0
    assert not county.get(pid).deleted


def test_a_typed_value_takes_the_type_of_the_values(county, laptop, clock):
    conflicted(county, laptop)
    (row,) = conflict_page(county, today=TODAY).rows
    assert parse_typed(row, "4100") == 4100
    assert parse_typed(row, "3,500") == parse_typed(row, "３５００") == 3500
    for bad in ("四千", "", "  ", "1,2", "3500,5", "1_000"):  # "1,2" would have read 12
        with pytest.raises(ValidationError) as err:
            parse_typed(row, bad)
        assert err.value.field == "person.monthly_income"
        assert "4" not in err.value.message_zh
    # refused as the ledger import refuses them: nan, inf and 1e400 were stored as nothing
    # and -500 or 1e9 as they were, each behind 已采用新值
    for bad, said in (("-500", "不能为负数"), ("1e9", "超过 100 万元"), ("nan", "无穷大或非数字"),
                      ("inf", "无穷大或非数字"), ("1e400", "无穷大或非数字")):
        with pytest.raises(ValidationError) as err:
            parse_typed(row, bad)
        assert err.value.field == "person.monthly_income" and said in err.value.message_zh


def test_a_delete_conflict_settled_by_delete_deletes_and_closes(county, laptop, clock):
    pid = person(county)
    exchange(county, laptop)
    county.update(pid, {"phone": "13900139000"})
    laptop.delete(pid)
    exchange(laptop, county)
    settle_delete(county, pid, keep=False)
    assert conflict_page(county, today=TODAY).total == 0
    assert county.get(pid).deleted
    exchange(county, laptop)
    assert laptop.get(pid).deleted and conflict_page(laptop, today=TODAY).total == 0


def test_a_status_set_by_a_follow_up_comes_from_its_submission(county, laptop, clock):
    pid = person(county)
    exchange(county, laptop)
    for store, channel in ((laptop, "away"), (county, "workshop")):
        save_submission(store, {
            "form_id": "employment_followup", "version": "2024110101",
            "instance_id": f"uuid:{store.device}", "answers": {"channel": channel},
            "entities": [{"list_name": "visit", "action": "create", "entity_id": f"v-{channel}",
                          "properties": {"person_id": pid, "visit_date": "2026-11-01",
                                         "employment_status": "employed",
                                         "channel": channel}}]})
    exchange(laptop, county)
    (row,) = conflict_page(county, today=TODAY).rows
    assert row.prop == "work_status"
    sources = value_sources(county, row)
    assert {s.instance_id for s in sources.values()} == {"uuid:laptop-b", "uuid:county-pc"}
    for value in row.values:
        assert sources[value.change_id].instance_id == f"uuid:{value.device}"


def test_a_conflict_stamped_after_today_is_still_listed(county, laptop, clock):
    """A laptop whose calendar lags China's (UTC after 16:00) or a device clock ahead:
    the newest version is later than the end of ``today``, and the queue still lists it."""
    clock.days(3)
    ahead = conflicted(county, laptop, seq="104")
    today = date(2026, 11, 2)  # the versions are stamped on 11-04 (China time)
    page = conflict_page(county, today=today)
    assert [r.entity_id for r in page.rows] == [ahead] and page.total == 1
    assert page.rows[0].age_days == 0
    assert conflict_page(county, filters=ConflictFilter(min_age_days=1), today=today).total == 0
