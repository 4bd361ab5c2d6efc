"""概览: the dashboard's SQL aggregates over a small county whose every number is known."""

from __future__ import annotations

from datetime import date

import pytest
from bangfu_testdata import PASSPHRASE, make_id

from registry import county_dashboard as cd
from registry.claims import record_claim
from registry.county import merge_entities
from registry.errors import ValidationError
from registry.keyslots import KdfParams
from registry.store import Create
from sync.protocol import new_id

COUNTY = "361130"
V1, V2 = "361130104201", "361130104202"
TODAY = date(2026, 11, 22)


@pytest.fixture
def county(profile):
    """A county profile (scope 361130) with two villages (module docstring of the test)."""
    s = profile.create(user="county", passphrase=PASSPHRASE, scope=COUNTY, kdf=KdfParams.fast())
    yield s
    s.close()


def _person(name, hid, seq, **props):
    return {"name": name, "id_number": make_id(seq=seq), "relation": "户主",
            "household_id": hid, **props}


def _fill(store):
    """V1: a monitored household (a: away 省外, b: local 县内 not working) and 丧失劳动力 c;
    V2: d (灵活就业 县内). Follow-ups: a every month for 12 months, b in 2026-10 and
    2026-11 (two in November: the later one counts), d only in 2026-10."""
    h1, h2 = new_id(), new_id()
    p = {n: new_id() for n in "abcd"}
    store.write([
        Create("household", {"household_no": V1 + "0001", "head_name": "罗军浩",
                             "monitored": True}, scope=V1, entity_id=h1),
        Create("household", {"household_no": V2 + "0001", "head_name": "李四"},
               scope=V2, entity_id=h2),
        Create("person", _person("罗军浩", h1, "111", labour_class="普通劳动力",
                                 work_status="自主外出务工", work_region="省外"),
               entity_id=p["a"]),
        Create("person", _person("罗海", h1, "121", relation="之子", labour_class="技能劳动力",
                                 work_status="未就业"), entity_id=p["b"]),
        Create("person", _person("罗奶奶", h1, "131", relation="之母",
                                 labour_class="丧失劳动力"), entity_id=p["c"]),
        Create("person", _person("李四", h2, "141", labour_class="弱劳动力或半劳动力",
                                 work_status="灵活就业", work_region="县内"),
               entity_id=p["d"]),
    ])
    visits = [Create("visit", {"person_id": p["a"], "visit_date": f"{m}-10",
                               "employment_status": "employed", "monthly_income": 3000})
              for m in cd.months_to(TODAY)]
    visits += [
        Create("visit", {"person_id": p["b"], "visit_date": "2026-10-03",
                         "employment_status": "unemployed", "monthly_income": 0}),
        Create("visit", {"person_id": p["b"], "visit_date": "2026-11-02",
                         "employment_status": "unemployed", "monthly_income": 0}),
        Create("visit", {"person_id": p["b"], "visit_date": "2026-11-15",
                         "employment_status": "employed", "monthly_income": 1500}),
        Create("visit", {"person_id": p["d"], "visit_date": "2026-10-12",
                         "employment_status": "返乡"}),
    ]
    store.write(visits)
    return h1, h2, p


def test_months_are_the_twelve_ending_this_month():
    assert cd.months_to(TODAY) == tuple(
        ["2025-12"] + [f"2026-{m:02d}" for m in range(1, 12)])
    assert cd.months_to(date(2026, 1, 5), 3) == ("2025-11", "2025-12", "2026-01")


def test_labour_by_status_counts_followups_by_month(county):
    _fill(county)
    rows = cd.labour_by_status(county, scope=COUNTY, today=TODAY)
    by = {(r.month, r.status): r.people for r in rows}
    assert by[("2026-11", "employed")] == 2  # a, and b's later November follow-up
    assert by[("2026-11", "unemployed")] == 1  # b's earlier one counts too (人次)
    assert by[("2026-10", "employed")] == 1
    assert by[("2026-10", "unemployed")] == 1
    assert by[("2026-10", "returned")] == 1  # 返乡 is read as returned
    assert by[("2025-12", "employed")] == 1
    assert sum(r.people for r in rows) == 12 + 3 + 1
    assert cd.labour_by_status(county, scope=V2, today=TODAY) == [
        cd.StatusMonth("2026-10", "returned", 1)]


def test_place_and_channel_count_the_labour_force_only(county):
    _fill(county)
    places = cd.labour_by_place(county, scope=COUNTY)
    assert places == [cd.Count("县内", 1), cd.Count("省外", 1), cd.Count("", 1)]
    channels = cd.labour_by_channel(county, scope=COUNTY)
    assert channels == [cd.Count("灵活就业", 1), cd.Count("自主外出务工", 1)]
    assert cd.labour_by_place(county, scope=V2) == [cd.Count("县内", 1)]


def test_monitored_income_sums_members_of_monitored_households(county):
    _fill(county)
    income = {r.month: r for r in cd.monitored_income(county, scope=COUNTY, today=TODAY)}
    assert income["2026-11"].households == 1
    assert income["2026-11"].total == 3000 + 1500  # b's later follow-up
    assert income["2026-10"].total == 3000 + 0
    assert income["2026-01"].average == 3000
    assert len(income) == 12  # d's household is not monitored: no extra month, no income


def test_visit_completion_by_village(county):
    _fill(county)
    rows = cd.visit_completion(county, scope=COUNTY, today=TODAY)
    assert rows == [cd.VillageVisits(V1, 2, 2), cd.VillageVisits(V2, 1, 0)]
    assert rows[1].missing == 1
    board = cd.dashboard(county, scope=COUNTY, today=TODAY)
    assert board.deadline_passed
    assert not cd.Dashboard(today=date(2026, 11, 20), months=()).deadline_passed


def test_subsidies_by_rule_this_year(county):
    _h1, _h2, p = _fill(county)
    for person, rule, amount, period in ((p["a"], "transport", 500, "2026"),
                                         (p["d"], "transport", 300, "2026-03"),
                                         (p["b"], "training", None, "2026-05"),
                                         (p["b"], "training", 800, "2025-05")):
        record_claim(county, rule_id=rule, subject_id=person, amount=amount, period=period,
                     check=lambda _s, _c: [])
    rows = cd.subsidies_by_rule(county, scope=COUNTY, today=TODAY)
    assert rows == [cd.RuleTotal("transport", 2, 800.0), cd.RuleTotal("training", 1, 0.0)]
    behind = cd.people_behind(county, cd.Selection(cd.RULE, "transport"), scope=COUNTY,
                              today=TODAY)
    assert behind.total == 2
    assert sorted(r.name for r in behind.rows) == ["李四", "罗军浩"]


def test_a_merged_person_is_counted_once(county):
    h1, _h2, p = _fill(county)
    twin = new_id()
    county.write([Create("person", _person("罗海", h1, "121", relation="之子",
                                           labour_class="技能劳动力"), entity_id=twin)])
    assert sum(c.count for c in cd.labour_by_place(county, scope=COUNTY)) == 4
    merge_entities(county, keep=p["b"], drop=twin)
    assert sum(c.count for c in cd.labour_by_place(county, scope=COUNTY)) == 3


def test_people_behind_each_bar(county):
    h1, h2, p = _fill(county)
    status = cd.people_behind(county, cd.Selection(cd.STATUS, "returned", "2026-10"),
                              scope=COUNTY, today=TODAY)
    assert (status.total, [r.name for r in status.rows]) == (1, ["李四"])
    assert status.rows[0].household_id == h2
    place = cd.people_behind(county, cd.Selection(cd.PLACE, "省外"), scope=COUNTY, today=TODAY)
    assert [(r.name, r.household_no, r.village, r.detail) for r in place.rows] == [
        ("罗军浩", V1 + "0001", V1, "自主外出务工")]
    missing = cd.people_behind(county, cd.Selection(cd.VILLAGE, V2), scope=COUNTY, today=TODAY)
    assert [(r.name, r.detail) for r in missing.rows] == [("李四", "2026-10-12")]
    income = cd.people_behind(county, cd.Selection(cd.INCOME, "", "2026-11"), scope=COUNTY,
                              today=TODAY)
    assert sorted((r.name, r.detail) for r in income.rows) == [("罗军浩", "3000"),
                                                               ("罗海", "1500")]
    limited = cd.people_behind(county, cd.Selection(cd.STATUS, "employed", "2026-11"),
                               scope=COUNTY, today=TODAY, limit=1)
    assert (limited.total, len(limited.rows)) == (2, 1)


def test_alerts_by_village_and_kind(county):
    _fill(county)
    rows = cd.alerts_by_village(county, scope=COUNTY, today=TODAY)
    overdue = {r.village: r.count for r in rows if r.kind == "visit_overdue"}
    assert overdue == {V2: 1}  # d was not visited in November, and the 20th is past
    assert all(r.village in (V1, V2) for r in rows)


def test_bad_input_is_refused_in_chinese(county):
    with pytest.raises(ValidationError, match="行政区划代码"):
        cd.dashboard(county, scope="36113", today=TODAY)
    with pytest.raises(ValidationError, match="无此图表"):
        cd.people_behind(county, cd.Selection("nothing", ""), scope=COUNTY, today=TODAY)


def test_the_people_behind_a_status_bar_are_those_it_counts(county):
    _h1, _h2, p = _fill(county)
    # b had two follow-ups in November, one of each status: both bars list b
    for status in ("employed", "unemployed"):
        behind = cd.people_behind(county, cd.Selection(cd.STATUS, status, "2026-11"),
                                  scope=COUNTY, today=TODAY)
        assert "罗海" in [r.name for r in behind.rows]
    county.write([Create("visit", {"person_id": p["d"], "visit_date": "2026-11-04",
                                   "employment_status": "不详"})])
    unknown = cd.people_behind(county, cd.Selection(cd.STATUS, "", "2026-11"), scope=COUNTY,
                               today=TODAY)
    assert [r.name for r in unknown.rows] == ["李四"]
    by = {(r.month, r.status): r.people
          for r in cd.labour_by_status(county, scope=COUNTY, today=TODAY)}
    assert by[("2026-11", "")] == 1


def test_alert_counts_are_reused_until_a_record_is_written(county):
    _fill(county)
    cd.forget_alert_counts(county)
    assert cd.last_alert_counts(county, scope=COUNTY, today=TODAY) is None
    first = cd.alert_counts(county, scope=COUNTY, today=TODAY)
    assert first.current and first.counts == cd.alerts_by_village(
        county, scope=COUNTY, today=TODAY)
    assert first.counts  # the small county has alerts
    again = cd.alert_counts(county, scope=COUNTY, today=TODAY)
    assert again.computed_at == first.computed_at  # reused, not run again
    assert cd.last_alert_counts(county, scope=V2, today=TODAY) is None  # other scope: none
    person = county.db.execute("SELECT id FROM person_fact WHERE scope = ? LIMIT 1",
                               [V2]).fetchone()[0]
    county.create("visit", {"person_id": person, "visit_date": "2026-11-21",
                            "employment_status": "returned"}, scope=V2)
    stale = cd.last_alert_counts(county, scope=COUNTY, today=TODAY)
    assert stale is not None and not stale.current and stale.counts == first.counts
    fresh = cd.alert_counts(county, scope=COUNTY, today=TODAY)
    assert fresh.current and fresh.high_water > first.high_water
    assert fresh.counts == cd.alerts_by_village(county, scope=COUNTY, today=TODAY)
    assert fresh.counts != first.counts  # the new follow-up changed what is alerted


def test_trends_are_reused_until_a_record_is_written_or_the_counts_are_forgotten(county):
    _, _, p = _fill(county)
    first = cd.current_trends(county, scope=COUNTY, today=TODAY)
    assert first == cd.trends(county, scope=COUNTY, today=TODAY)  # the same numbers
    assert cd.current_trends(county, scope=COUNTY, today=TODAY, last=first) is first
    for scope, today in ((V1, TODAY), (COUNTY, date(2026, 11, 23)), (None, TODAY)):
        other = cd.current_trends(county, scope=scope, today=today, last=first)
        assert other is not first and other == cd.trends(county, scope=scope, today=today)
    county.create("visit", {"person_id": p["b"], "visit_date": "2026-11-20",
                            "employment_status": "unemployed", "monthly_income": 100}, scope=V1)
    fresh = cd.current_trends(county, scope=COUNTY, today=TODAY, last=first)
    assert fresh is not first and fresh == cd.trends(county, scope=COUNTY, today=TODAY)
    assert {r.month: r.total for r in fresh.income}["2026-11"] == 3000 + 100  # b's latest
    assert {r.month: r.total for r in first.income}["2026-11"] == 3000 + 1500
    cd.forget_alert_counts(county)  # what a scope rebuilt without a journal row calls
    assert cd.current_trends(county, scope=COUNTY, today=TODAY, last=fresh) is not fresh


def test_the_first_paint_is_reused_until_a_record_is_written(county):
    _, _, p = _fill(county)
    first = cd.current_dashboard(county, scope=COUNTY, today=TODAY)
    assert cd.current_dashboard(county, scope=COUNTY, today=TODAY, last=first) is first
    assert cd.current_dashboard(county, scope=V2, today=TODAY, last=first) is not first
    county.create("visit", {"person_id": p["d"], "visit_date": "2026-11-20",
                            "employment_status": "employed"}, scope=V2)
    fresh = cd.current_dashboard(county, scope=COUNTY, today=TODAY, last=first)
    assert fresh is not first and fresh == cd.dashboard(county, scope=COUNTY, today=TODAY)
    visited = {v.village: v.visited for v in fresh.visits}
    assert visited[V2] == {v.village: v.visited for v in first.visits}[V2] + 1
    assert fresh.mark.newer_than(first.mark) and not first.mark.newer_than(fresh.mark)
    assert fresh.mark.newer_than(None) and fresh.mark.newer_than(fresh.mark)
    # the numbers compare equal whatever state they were read at
    assert first == cd.Dashboard(**{**vars(first), "mark": None})


def test_the_last_alert_count_is_found_again_after_a_restart_and_never_synced(profile):
    store = profile.create(user="county", passphrase=PASSPHRASE, scope=COUNTY,
                           kdf=KdfParams.fast())
    _fill(store)
    first = cd.alert_counts(store, scope=COUNTY, today=TODAY)
    assert first.counts
    store.close()
    store = profile.unlock("county", PASSPHRASE)  # a restart (its login is audited)
    journal = store.db.execute("SELECT count(*) FROM journal").fetchone()[0]
    try:
        saved = cd.last_alert_counts(store, scope=COUNTY, today=TODAY)
        assert saved is not None and saved.current
        assert saved.counts == first.counts and saved.high_water == first.high_water
        assert saved.computed_at == first.computed_at.replace(microsecond=0)
        assert cd.alert_counts(store, scope=COUNTY, today=TODAY).computed_at == (
            saved.computed_at)  # reused: no run
        assert store.db.execute("SELECT count(*) FROM journal").fetchone()[0] == journal
        assert cd.last_alert_counts(store, scope=COUNTY, today=date(2026, 11, 23)) is None
        cd.alert_counts(store, scope=COUNTY, today=date(2026, 11, 23))  # saved, not journaled
        assert store.db.execute("SELECT count(*) FROM journal").fetchone()[0] == journal
        # a run of other alert queries (an app upgrade) is not reused
        store.db.execute("UPDATE alert_count_run SET fingerprint = 'older'")
        assert cd.last_alert_counts(store, scope=COUNTY, today=TODAY) is None
        cd.alert_counts(store, scope=COUNTY, today=TODAY)
        cd.forget_alert_counts(store)  # the bench's cold page: nothing remembered or saved
        assert cd.last_alert_counts(store, scope=COUNTY, today=TODAY) is None
        assert store.db.execute("SELECT count(*) FROM alert_count_run").fetchone()[0] == 0
    finally:
        store.close()


def test_a_rule_of_an_expired_pack_is_named_and_marked(county):
    """Claims of a built-in rule past its end (婺源 2021 pack, to 2025-12-31) are named from
    that pack, marked 已到期; a rule no pack has keeps its id; in force, no mark."""
    _h1, _h2, p = _fill(county)
    for rule, period in (("wy_transport", "2026"), ("wy_transport", "2025"),
                         ("no_pack_has_this", "2026")):
        record_claim(county, rule_id=rule, subject_id=p["a"], amount=500, period=period,
                     check=lambda _s, _c: [])
    named = {r.rule: r for r in cd.subsidies_by_rule(county, scope=COUNTY, today=TODAY)}
    assert named["wy_transport"].name() == "跨省就业一次性交通补助（已到期政策）"
    assert named["wy_transport"].name(english=True) == (
        "One-time transport subsidy for work outside Jiangxi (expired policy)")
    assert named["no_pack_has_this"].name() == "no_pack_has_this"
    assert named["no_pack_has_this"].name(english=True) == "no_pack_has_this"
    in_force = cd.subsidies_by_rule(county, scope=COUNTY, today=date(2025, 11, 22))
    assert [(r.rule, r.name()) for r in in_force] == [("wy_transport", "跨省就业一次性交通补助")]


def test_unknown_places_and_equal_channels_are_summed_not_overwritten():
    """A work place NULL and "" are both unknown, a channel stored as a number and as its
    text are one channel: each chart adds them up (as the list behind the bar finds them)."""
    rows = [cd.LabourRow(V1, None, "务工", 2, 0), cd.LabourRow(V1, "", "务工", 3, 1),
            cd.LabourRow(V1, "县内", 1, 4, 0), cd.LabourRow(V2, "县内", "1", 5, 2)]
    places = cd.labour_by_place(None, scope=COUNTY, rows=rows)  # type: ignore[arg-type]
    assert {p.key: p.count for p in places} == {cd.UNKNOWN: 5, "县内": 9}
    channels = cd.labour_by_channel(None, scope=COUNTY, rows=rows)  # type: ignore[arg-type]
    assert [(c.key, c.count) for c in channels] == [("1", 9), ("务工", 5)]
    visits = cd.visit_completion(None, scope=COUNTY, today=TODAY,  # type: ignore[arg-type]
                                 rows=rows)
    assert visits == [cd.VillageVisits(V1, 9, 1), cd.VillageVisits(V2, 5, 2)]
    unvisited = [row._replace(visited=None) for row in rows]  # read without a month
    with pytest.raises(ValueError, match="month"):
        cd.visit_completion(None, scope=COUNTY, today=TODAY,  # type: ignore[arg-type]
                            rows=unvisited)


def test_of_two_follow_ups_on_one_day_the_trend_and_its_list_count_the_later_written(county):
    """Both read each member's latest follow-up of the month (day, then id: ids grow with
    the time of writing), as the alert run does."""
    _h1, _h2, p = _fill(county)
    for income in (900, 700):  # the same day as b's 1500: 700 was written last
        county.write([Create("visit", {"person_id": p["b"], "visit_date": "2026-11-15",
                                       "employment_status": "employed",
                                       "monthly_income": income})])
    income = {r.month: r for r in cd.monitored_income(county, scope=COUNTY, today=TODAY)}
    assert income["2026-11"].total == 3000 + 700
    behind = cd.people_behind(county, cd.Selection(cd.INCOME, "", "2026-11"), scope=COUNTY,
                              today=TODAY)
    assert sorted((r.name, r.detail) for r in behind.rows) == [("罗军浩", "3000"),
                                                               ("罗海", "700")]
