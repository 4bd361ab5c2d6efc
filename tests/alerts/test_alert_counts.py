"""The count-only path of the alert run (``alert_counts_for_store``, the dashboard's
"alerts by village and kind") counts exactly what ``alerts_for_store`` finds, kind by kind
and village by village: on a generated county with edits, deletes and merges, and on the
hand-made cases of every kind, for dates before and after the 20th and across month and
year boundaries."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date

import pytest
from alert_cases import load_cases, min_wage_of
from bangfu_testdata import PASSPHRASE
from case_store import Untranslatable, write_case
from test_alerts_facts import edit_county

from bench.alerts import generate
from bench.store import COUNTY, new_store
from registry.alerts import KINDS, alert_counts_for_store, alerts_for_store
from registry.errors import ValidationError
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Create, Delete
from sync.protocol import scope_prefix

PEOPLE = 1_500
#: Before and after the 20th, the last and first day of a month, a year's turn.
DATES = (date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 30), date(2026, 12, 1),
         date(2026, 10, 31), date(2026, 1, 1), date(2025, 12, 31))


def counted_by_hand(store, **kwargs) -> Counter:
    """The reference: every alert of the full run, by its subject record's scope and kind."""
    found = alerts_for_store(store, **kwargs)
    subjects = json.dumps(sorted({a.subject for a in found}))
    village = dict(store.db.execute(
        "SELECT s.value, e.scope FROM json_each(?) s JOIN entity e ON e.id = s.value",
        (subjects,)))
    return Counter((str(village.get(a.subject, "")), a.kind) for a in found)


def assert_same_counts(store, **kwargs) -> Counter:
    expected = counted_by_hand(store, **kwargs)
    got = Counter(alert_counts_for_store(store, **kwargs))
    for kind in KINDS:  # kind by kind first: a drifting kind is named in the failure
        assert ({k: n for k, n in got.items() if k[1] == kind}
                == {k: n for k, n in expected.items() if k[1] == kind}), kind
    assert got == expected
    return got


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    store = new_store(tmp_path_factory.mktemp("county") / "profile")
    generate(store, PEOPLE)
    edit_county(store, random.Random(7))
    _odd_records(store)
    yield store
    store.close()


def _odd_records(store) -> None:
    """A household deleted under its members, a person with no household, a post of a
    deleted person: subjects whose village must still be found."""
    hid, pid = store.db.execute(
        "SELECT parent, id FROM person_fact WHERE merged_into IS NULL AND parent IS NOT NULL"
        " ORDER BY id LIMIT 1").fetchone()
    scope = store.get(pid).scope
    store.write([Delete(hid)])
    store.write([Create("person", {"name": "独立人", "relation": "户主",
                                   "labour_class": "普通劳动力"}, scope=scope)])
    post = store.write([Create("post", {"person_id": pid, "agreement_start": "2026-01-01",
                                        "agreement_end": "2027-03-01",
                                        "monthly_subsidy": 2000})]).created[0]
    assert store.get(post) is not None


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_counts_equal_the_full_run_over_the_county(county, as_of):
    got = assert_same_counts(county, as_of=as_of, scope=COUNTY, min_wage_of=min_wage_of)
    assert len({village for village, _ in got}) > 1
    if as_of == date(2026, 11, 21):
        kinds = {kind for _, kind in got}
        assert {"visit_overdue", "zero_employment_household", "income_drop_month_on_month",
                "returned_without_plan", "graduate_services_missing"} <= kinds, kinds


def test_counts_equal_the_full_run_in_one_village_and_without_scope(county):
    village = county.db.execute("SELECT min(scope) FROM person_fact").fetchone()[0]
    for scope in (village, None):
        got = assert_same_counts(county, as_of=date(2026, 11, 22), scope=scope)
        assert got
    inside = {v for v, _ in alert_counts_for_store(county, as_of=date(2026, 11, 22),
                                                   scope=village)}
    assert inside and all(v.startswith(scope_prefix(village)) for v in inside)


def test_counts_leave_no_scratch_table_behind(county):
    alert_counts_for_store(county, as_of=date(2026, 11, 22), scope=COUNTY)
    left = county.db.execute("SELECT name FROM temp.sqlite_master WHERE type = 'table'")
    assert not left.fetchall()


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    """Every hand-made case of issue 11 the store can hold, each in its own village."""
    profile = Profile(tmp_path_factory.mktemp("cases") / "profile", today=lambda: DATES[0])
    store = profile.create(user="county", passphrase=PASSPHRASE, scope=COUNTY[:2],
                           kdf=KdfParams.fast())
    for number, case in enumerate(load_cases(), start=1):
        try:
            write_case(store, case, number=number)
        except (Untranslatable, ValidationError):
            continue
    yield store
    store.close()


CASE_DATES = (date(2021, 7, 1), date(2021, 12, 5), date(2022, 7, 1), date(2026, 9, 20),
              date(2026, 10, 25), date(2026, 11, 10), date(2026, 11, 25))


@pytest.mark.parametrize("as_of", (*CASE_DATES, *DATES), ids=str)
def test_counts_equal_the_full_run_over_the_hand_made_cases(cases, as_of):
    assert_same_counts(cases, as_of=as_of, min_wage_of=min_wage_of)


def test_the_hand_made_cases_raise_nearly_every_kind(cases):
    seen = set()
    for as_of in (*CASE_DATES, *DATES):
        seen |= {kind for _, kind in alert_counts_for_store(cases, as_of=as_of,
                                                             min_wage_of=min_wage_of)}
    assert len(seen) >= len(KINDS) - 4, sorted(set(KINDS) - seen)


def test_each_person_keeps_the_village_as_a_small_integer_that_reads_back(county):
    """``a_person.village`` is the scope after the run's prefix, as an integer (a few bytes
    instead of 12 characters of text), and reads back as the person's scope exactly."""
    from registry.alerts.store import _TEMP_TABLES, _VILLAGE_TEXT, _extract, _params

    village = county.db.execute("SELECT min(scope) FROM person_fact").fetchone()[0]
    for scope in (COUNTY, village[:9], village, None):
        params = {**_params(date(2026, 11, 22), scope), "via": "facts"}
        with county.transaction() as conn:
            try:
                _extract(conn, params)
                rows = conn.execute(
                    f"SELECT typeof(a.village), {_VILLAGE_TEXT}, f.scope FROM a_person a"
                    " JOIN person_fact f ON f.id = a.id", params).fetchall()
            finally:
                for table in _TEMP_TABLES:
                    conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
        assert len(rows) > (10 if scope == village else 500), scope
        assert {kind for kind, _, _ in rows} == {"integer"}
        assert all(back == kept for _, back, kept in rows), scope


@pytest.mark.parametrize(("scope", "prefix", "code", "back"), [
    ("361130100001", "361130", 1100001, "361130100001"),
    ("361130001001", "361130001", 1001, "361130001001"),
    ("361130001001", "", 1361130001001, "361130001001"),
    ("361130", "361130", 1, "361130"),
    ("3611x0001001", "3611", None, None),
    ("361130" + "1" * 20, "", None, None),
])
def test_the_village_code_is_exact_or_left_out(scope, prefix, code, back):
    """Leading zeros after the prefix survive; a scope that is not all digits after it, or
    too long for an integer, has no code (its hit's village is read from ``person_fact``)."""
    import sqlite3

    from registry.alerts.store import _VILLAGE_CODE, _VILLAGE_TEXT

    db = sqlite3.connect(":memory:")
    params = {"prefix": prefix, "village_at": len(prefix) + 1}
    db.execute("CREATE TABLE p (scope TEXT)")
    db.execute("INSERT INTO p VALUES (?)", (scope,))
    got = db.execute(f"SELECT {_VILLAGE_CODE} FROM p", params).fetchone()[0]
    assert got == code
    text = db.execute(f"SELECT {_VILLAGE_TEXT} FROM (SELECT :code AS village) a",
                      {**params, "code": got}).fetchone()[0]
    assert text == back


def test_each_person_keeps_only_a_capable_labour_class_as_its_place(county):
    """``a_person.labour`` is the place of the class in ``WITH_CAPACITY`` (one byte), NULL
    for every other class, and reads back as the person's class."""
    from registry.alerts.store import _TEMP_TABLES, _extract, _params
    from registry.labour import WITH_CAPACITY

    params = {**_params(date(2026, 11, 22), COUNTY), "via": "facts"}
    with county.transaction() as conn:
        try:
            _extract(conn, params)
            rows = conn.execute("SELECT a.labour, f.labour_class FROM a_person a"
                                " JOIN person_fact f ON f.id = a.id").fetchall()
        finally:
            for table in _TEMP_TABLES:
                conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    assert {code for code, _ in rows} == {None, *range(1, len(WITH_CAPACITY) + 1)}
    for code, kept in rows:
        assert (WITH_CAPACITY[code - 1] if code else None) == (
            kept if kept in WITH_CAPACITY else None)
