"""Each person's latest follow-up of each month (``visit_month_latest``, schema 11) is kept
equal to the records by its triggers, and the alert run that reads it (the household income
comparison) finds exactly what the full scan of the records finds: on a generated county
with edits, deletes, merges, late, out-of-scope and moved follow-ups, at dates before and
after the 20th, across month and year boundaries."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest
from fact_tables import MONITORED_LATEST_BY_DAY_THEN_ID, assert_facts_fresh
from test_alerts_facts import both_paths, edit_county, visits_by_person

from bench.alerts import generate
from bench.store import COUNTY, new_store
from registry.alerts import alerts_for_store
from registry.county import merge_entities
from registry.store import Create, Delete

PEOPLE = 1_500  # two villages
#: Before and after the 20th, around the follow-ups written after the date (the 28th), the
#: last and first day of a month, a year's turn.
DATES = (date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 27), date(2026, 11, 28),
         date(2026, 11, 30), date(2026, 12, 1), date(2026, 10, 31), date(2026, 1, 1))
INCOME_KINDS = ("income_drop_month_on_month", "income_drop_year_on_year")


def _move(store, visit_id: str, day: str) -> None:
    """A follow-up's date changed as a synced change or a settled conflict changes it (the
    store refuses to edit a follow-up locally: they are append-only): the record itself is
    updated, and the triggers on ``entity`` keep the facts."""
    store.db.execute("UPDATE entity SET props = json_set(props, '$.visit_date', ?)"
                     " WHERE id = ?", (day, visit_id))


def _month_edits(store, rng) -> None:
    """Follow-ups moved to another month, recorded in another village, and a merged-away
    person's latest follow-up deleted after the merge."""
    visits = visits_by_person(store)
    numbers = dict(store.db.execute("SELECT id, json_extract(props, '$.id_number') FROM entity"
                                    " WHERE list = 'person'"))
    # ids are random: sort by the synthetic data, so every run edits the same people
    people = sorted((p for p in visits if len(visits[p]) >= 2), key=numbers.__getitem__)
    rng.shuffle(people)
    villages = sorted({r[0] for r in store.db.execute(
        "SELECT scope FROM entity WHERE list = 'person'")})
    for pid in people[:25]:  # this month's latest follow-up edited back into last month
        _move(store, visits[pid][-1], "2026-10-29")
    for pid in people[25:40]:  # last month's follow-up edited forward into this month
        _move(store, visits[pid][-2], "2026-11-26")
    for pid in people[40:55]:  # a later follow-up of the month recorded in another village
        scope = store.get(pid).scope
        other = next(v for v in villages if v != scope)
        store.write([Create("visit", {"person_id": pid, "visit_date": "2026-11-19",
                                      "employment_status": "employed", "monthly_income": 8888},
                            scope=other)])
    for keep, drop in zip(people[55:65:2], people[56:66:2], strict=True):
        merge_entities(store, keep=keep, drop=drop)
        store.write([Delete(visits[drop][-1])])  # the dropped record's latest, withdrawn


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    store = new_store(tmp_path_factory.mktemp("county") / "profile")
    generate(store, PEOPLE)
    edit_county(store, random.Random(9))
    _month_edits(store, random.Random(13))
    yield store
    store.close()


def test_the_triggers_keep_each_months_latest_follow_up_equal_to_the_records(county):
    counts = assert_facts_fresh(county.db)
    assert counts["visit_month_latest"] > 3_000
    # one row per person and month that has a follow-up: fewer than the follow-ups, as
    # the corrections on the same day and the follow-ups after the 28th add a second one
    assert counts["visit_month_latest"] < counts["visit_fact"]


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_fast_and_scan_agree_at_each_date(county, as_of):
    fast, scan = both_paths(county, as_of=as_of, scope=COUNTY)
    assert fast == scan
    if as_of.day >= 20 and as_of.month == 11:
        assert Counter(kind for kind, *_ in fast)["income_drop_month_on_month"] > 0


def test_fast_and_scan_agree_on_a_village_with_follow_ups_recorded_elsewhere(county):
    away = county.db.execute(
        "SELECT f.scope FROM visit_fact f JOIN entity p ON p.id = f.person"
        " WHERE f.scope <> p.scope AND f.day = '2026-11-19' LIMIT 1").fetchone()
    assert away  # the run on that village sees the person's own follow-ups only
    home = county.db.execute(
        "SELECT p.scope FROM visit_fact f JOIN entity p ON p.id = f.person"
        " WHERE f.scope <> p.scope AND f.day = '2026-11-19' LIMIT 1").fetchone()
    for scope in (away[0], home[0], None):
        for as_of in (date(2026, 11, 22), date(2026, 12, 1)):
            fast, scan = both_paths(county, as_of=as_of, scope=scope)
            assert fast == scan and fast


def test_the_income_comparison_reads_the_month_latest_table(tmp_path):
    """A stored row changed behind the triggers' back changes the fast path's answer (and
    not the scan's): the fast path reads ``visit_month_latest``, so the drift tests above
    are about the table the run reads."""
    store = new_store(tmp_path / "profile")
    generate(store, 300)
    as_of = date(2026, 11, 22)

    def drops(**kw):
        return sorted(a.subject for a in alerts_for_store(store, as_of=as_of, scope=COUNTY, **kw)
                      if a.kind == INCOME_KINDS[0])

    before = drops()
    assert before == drops(scan=True)
    store.db.execute("UPDATE visit_month_latest SET income = 0"
                     " WHERE month = '2026-11' AND income > 0")
    assert len(drops()) > len(before)
    assert drops(scan=True) == before
    store.close()


def incomes(store, *, as_of: date, scope: str | None, via: str) -> list[tuple]:
    """The run's income of each person of the scope in each month compared (``a_income``
    joined to ``a_person``), extracted by one path (``scan``: from the records)."""
    from registry.alerts.store import _TEMP_TABLES, _extract, _params

    params = {**_params(as_of, scope), "via": via}
    with store.transaction() as conn:
        try:
            _extract(conn, params)
            return sorted(conn.execute("SELECT i.month, i.person, i.income FROM a_income i"
                                       " JOIN a_person p ON p.id = i.person").fetchall())
        finally:
            for table in _TEMP_TABLES:
                conn.execute(f"DROP TABLE IF EXISTS temp.{table}")


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_each_persons_income_of_the_months_compared_is_the_records(county, as_of):
    village = county.db.execute("SELECT min(scope) FROM entity WHERE list = 'visit'").fetchone()[0]
    for scope in (COUNTY, village):
        fast = incomes(county, as_of=as_of, scope=scope, via="facts")
        assert fast == incomes(county, as_of=as_of, scope=scope, via="scan")
        assert len(fast) > 500


@pytest.mark.parametrize("today", (date(2026, 11, 22), date(2026, 12, 1), date(2026, 10, 31)),
                         ids=str)
def test_the_monitored_income_trend_is_the_follow_ups_latest_of_each_month(county, today):
    from registry.county_dashboard import _params, monitored_income

    village = county.db.execute("SELECT min(scope) FROM entity WHERE list = 'visit'").fetchone()[0]
    for scope in (COUNTY, village):
        trend = [(r.month, r.households, r.total)
                 for r in monitored_income(county, scope=scope, today=today)]
        reference = [(month, households, float(total or 0)) for month, households, total
                     in county.db.execute(MONITORED_LATEST_BY_DAY_THEN_ID, _params(scope, today))]
        assert trend == reference
        assert len(trend) >= 10 and all(households > 0 for _m, households, _t in trend)


#: The first paint's labour-force reads as they were before one pass gave all three charts
#: (the reference): the labour force by work place and status, and by village with this
#: month's follow-ups.
_LABOUR_BEFORE = """SELECT work_region, work_status, count(*) FROM person_fact
WHERE merged_into IS NULL AND labour_class IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力')
  AND scope GLOB :scope GROUP BY work_region, work_status"""
_VISITS_BEFORE = """SELECT p.scope, count(*), count(l.person) FROM person_fact p
LEFT JOIN visit_latest l ON l.person = p.id AND l.day >= :month_start
WHERE p.merged_into IS NULL AND p.labour_class IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力')
  AND p.scope GLOB :scope GROUP BY p.scope ORDER BY p.scope"""


@pytest.mark.parametrize("today", (date(2026, 11, 22), date(2026, 12, 1)), ids=str)
def test_the_first_paints_one_pass_counts_what_the_separate_reads_counted(county, today):
    import registry.county_dashboard as cd

    village = county.db.execute("SELECT min(scope) FROM entity WHERE list = 'visit'").fetchone()[0]
    for scope in (COUNTY, village):
        params = cd._params(scope, today)
        board = cd.dashboard(county, scope=scope, today=today)
        labour = county.db.execute(_LABOUR_BEFORE, params).fetchall()
        rows = [cd.LabourRow("", place, channel, n, None) for place, channel, n in labour]
        assert board.places == cd.labour_by_place(county, scope=scope, rows=rows)
        assert board.channels == cd.labour_by_channel(county, scope=scope, rows=rows)
        assert board.visits == [cd.VillageVisits(*row) for row in
                                county.db.execute(_VISITS_BEFORE, params)]
        assert board.labour_force() > 100 and any(v.visited for v in board.visits) == (
            today.month == 11)
