from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from registry.alerts.facts import id_number_problem
from registry.db import integrity_problems, open_encrypted
from registry.errors import SchemaTooNew
from registry.migrations import LATEST, migrate, schema_version
from registry.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"


def open_fixture(tmp_path: Path, name: str):
    shutil.copy(DATA / f"{name}.db", tmp_path / "old.db")
    key = bytes.fromhex(json.loads((DATA / f"{name}.json").read_text())["key_hex"])
    return open_encrypted(tmp_path / "old.db", key)


def test_schema_v1_file_upgrades_to_latest(tmp_path):
    conn = open_fixture(tmp_path, "schema_v1")
    assert schema_version(conn) == 1
    assert migrate(conn) == list(range(2, LATEST + 1))
    assert schema_version(conn) == LATEST
    assert integrity_problems(conn) == []
    store = Store(conn, user="u", device="dfixturev1")
    assert [e.props["name"] for e in store.search("zs")] == ["张三"]
    assert [e.props["name"] for e in store.search("曾")] == ["曾小红"]
    assert len(store.journal()) == 4
    store.create("person", {"name": "新人", "relation": "之女"})
    assert store.journal()[-1].stamp > store.journal(entity_id="e2")[-1].stamp
    store.close()


def test_migrating_twice_changes_nothing(tmp_path):
    conn = open_fixture(tmp_path, "schema_v1")
    migrate(conn)
    assert migrate(conn) == []
    conn.close()


def test_a_newer_file_is_refused(tmp_path):
    conn = open_fixture(tmp_path, "schema_v1")
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(SchemaTooNew):
        migrate(conn)
    conn.close()


def test_failed_step_leaves_the_old_version(tmp_path, monkeypatch):
    conn = open_fixture(tmp_path, "schema_v1")
    import registry.migrations as m

    def broken(c):
        c.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(m, "MIGRATIONS", [m.MIGRATIONS[0], broken])
    with pytest.raises(RuntimeError):
        m.migrate(conn, target=2)
    assert schema_version(conn) == 1
    assert "half_done" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()


def test_schema_v4_file_gets_its_visit_facts_backfilled(tmp_path):
    from datetime import date

    from registry.alerts import alerts_for_store
    from registry.migrations import _V5_FACTS, _V5_LIVE

    conn = open_fixture(tmp_path, "schema_v4")
    assert schema_version(conn) == 4
    assert "visit_fact" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert migrate(conn) == list(range(5, LATEST + 1))
    assert integrity_problems(conn) == []
    stored = sorted(conn.execute("SELECT * FROM visit_fact").fetchall())
    fresh = sorted(conn.execute(_V5_FACTS.format(source=f"entity WHERE {_V5_LIVE}")).fetchall())
    assert stored == fresh
    assert len(stored) == 8  # nine follow-ups written, one deleted
    assert sorted((day, status, income) for _, _, _, day, _, status, income, *_ in stored
                  if day == "2026-10-09") == [("2026-10-09", "employed", 1000.0),
                                             ("2026-10-09", "returned", 0.0)]
    assert [(served, services) for *_, served, services in stored if served] == [
        (1, '["referral"]')]
    assert conn.execute("SELECT count(*), count(merged_into), min(relation = '户主')"
                        " FROM person_fact").fetchone() == (3, 1, 0)
    assert conn.execute("SELECT relocated FROM household_fact").fetchall() == [(1,)]
    latest = dict(conn.execute("SELECT person, day || ' ' || status FROM visit_latest"))
    assert sorted(latest.values()) == ["2026-10-09 returned", "2026-10-15 unemployed",
                                       "2026-12-01 returned"]
    store = Store(conn, user="u", device="dfixturev4", default_scope="361130104201")
    for as_of, kinds in ((date(2026, 11, 22), {"visit_overdue", "returned_without_plan"}),
                         (date(2026, 10, 25), {"income_drop_month_on_month",
                                               "income_drop_year_on_year"})):
        fast = alerts_for_store(store, as_of=as_of)
        assert sorted(map(repr, fast)) == sorted(map(repr, alerts_for_store(
            store, as_of=as_of, scan=True)))
        assert {a.kind for a in fast} >= kinds
    person = conn.execute("SELECT person FROM visit_fact LIMIT 1").fetchone()[0]
    new = store.create("visit", {"person_id": person, "visit_date": "2026-11-20",
                                 "employment_status": "employed", "monthly_income": 3000})
    assert conn.execute("SELECT month, status, income, served FROM visit_fact WHERE id = ?",
                        [new]).fetchone() == ("2026-11", "employed", 3000.0, 0)
    assert conn.execute("SELECT id FROM visit_latest WHERE person = ?", [person]).fetchone() == (
        new,)
    store.delete(new)
    assert conn.execute("SELECT count(*) FROM visit_fact WHERE id = ?", [new]).fetchone()[0] == 0
    assert conn.execute("SELECT day || ' ' || status FROM visit_latest WHERE person = ?",
                        [person]).fetchone()[0] == latest[person]
    store.close()


def test_schema_v4_file_gets_the_journal_stamp_index(tmp_path):
    conn = open_fixture(tmp_path, "schema_v4")
    plan = " ".join(str(r) for r in conn.execute("EXPLAIN QUERY PLAN SELECT max(hlc) FROM journal"))
    assert "journal_hlc" not in plan  # the old file reads every journal row
    last = conn.execute("SELECT hlc FROM journal ORDER BY hlc DESC LIMIT 1").fetchone()[0]
    assert 7 in migrate(conn)
    assert integrity_problems(conn) == []
    plan = " ".join(str(r) for r in conn.execute("EXPLAIN QUERY PLAN SELECT max(hlc) FROM journal"))
    assert "journal_hlc" in plan
    store = Store(conn, user="u", device="dfixturev7")
    new = store.create("person", {"name": "新人", "relation": "之女"})
    stamp = store.journal(entity_id=new)[-1].stamp
    assert stamp.encode() > last  # newer than every stamp of the file
    assert conn.execute("SELECT max(hlc) FROM journal").fetchone()[0] == stamp.encode()
    store.close()


def test_old_file_gets_its_month_status_summary_backfilled_and_kept(tmp_path):
    from registry.migrations import MONTH_STATUS_FRESH, MONTH_STATUS_SCHEMA

    conn = open_fixture(tmp_path, "schema_v4")
    migrate(conn, target=MONTH_STATUS_SCHEMA - 1)
    assert "visit_month_status" not in {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert migrate(conn) == list(range(MONTH_STATUS_SCHEMA, LATEST + 1))
    assert integrity_problems(conn) == []

    def summary():
        return sorted(conn.execute("SELECT * FROM visit_month_status").fetchall())

    backfilled = summary()
    assert backfilled == sorted(conn.execute(MONTH_STATUS_FRESH).fetchall())
    assert sum(n for *_, n in backfilled) == conn.execute(
        "SELECT count(*) FROM visit_fact WHERE person IS NOT NULL AND month IS NOT NULL"
    ).fetchone()[0] > 0
    store = Store(conn, user="u", device="dfixturev4", default_scope="361130104201")
    person, scope = conn.execute("SELECT person, scope FROM visit_fact LIMIT 1").fetchone()
    new = store.create("visit", {"person_id": person, "visit_date": "2031-01-05",
                                 "employment_status": "employed"})
    assert conn.execute("SELECT status, followups FROM visit_month_status"
                        " WHERE month = '2031-01'").fetchall() == [("employed", 1)]
    again = [store.create("visit", {"person_id": person, "visit_date": f"2031-01-{day}",
                                    "employment_status": "returned"}) for day in ("06", "07")]
    assert conn.execute("SELECT status, followups FROM visit_month_status"
                        " WHERE month = '2031-01' ORDER BY status").fetchall() == [
        ("employed", 1), ("returned", 2)]
    for visit in (new, *again):
        store.delete(visit)
    assert summary() == backfilled
    store.close()


def test_old_file_gets_the_covering_person_index_of_the_income_trend(tmp_path):
    from fact_tables import MONITORED_LATEST_BY_DAY_THEN_ID

    from registry import county_dashboard as cd
    from registry.migrations import DASHBOARD_SCHEMA

    conn = open_fixture(tmp_path, "schema_v4")
    migrate(conn, target=DASHBOARD_SCHEMA - 1)
    params = cd._params("361130", date(2026, 11, 22))

    def plan():
        return " ".join(str(r) for r in conn.execute(
            "EXPLAIN QUERY PLAN " + MONITORED_LATEST_BY_DAY_THEN_ID, params))

    def monitored():  # the trend as read at schema 9 (it reads visit_month_latest since 12)
        return conn.execute(MONITORED_LATEST_BY_DAY_THEN_ID, params).fetchall()

    def columns():
        return [r[2] for r in conn.execute("PRAGMA index_info(visit_fact_person)")]

    assert "COVERING INDEX visit_fact_person" not in plan()
    store = Store(conn, user="u", device="dfixturev9", default_scope="361130104201")
    conn.execute("UPDATE household_fact SET monitored = 1")  # the fixture has none monitored
    before = monitored()
    assert before
    assert migrate(conn) == list(range(DASHBOARD_SCHEMA, LATEST + 1))
    assert integrity_problems(conn) == []
    assert columns() == ["person", "day", "id", "scope", "status", "income"]
    assert "COVERING INDEX visit_fact_person" in plan()
    from registry.alerts.store import _ID_SUSPECT

    suspects = " ".join(str(r) for r in conn.execute(
        "EXPLAIN QUERY PLAN " + _ID_SUSPECT["facts"], {"scope": "*"}))
    assert "person_fact_id_suspect" in suspects
    # odd numbers as a sync could bring them (the store refuses them on write): the index
    # itself is what is checked here, so the fact rows are set directly
    odd = ["36113019900101123", "3611301990010112345", "36113019900101123x", 3611301990010112]
    people = [r[0] for r in conn.execute("SELECT id FROM person_fact WHERE merged_into IS NULL"
                                         " ORDER BY id LIMIT 4")]
    assert people
    for pid, number in zip(people, odd, strict=False):
        conn.execute("UPDATE person_fact SET id_number = ? WHERE id = ?", (number, pid))
    found = dict(conn.execute(_ID_SUSPECT["facts"], {"scope": "*"}))
    assert set(people) <= set(found)
    for pid, number in conn.execute("SELECT id, id_number FROM person_fact"
                                    " WHERE merged_into IS NULL AND id_number IS NOT NULL"):
        assert pid in found or id_number_problem(str(number)) is None, number
    assert monitored() == before
    person = conn.execute("SELECT person FROM visit_latest LIMIT 1").fetchone()[0]
    new = store.create("visit", {"person_id": person, "visit_date": "2031-01-05",
                                 "employment_status": "employed", "monthly_income": 4200})
    assert conn.execute("SELECT income FROM visit_fact INDEXED BY visit_fact_person"
                        " WHERE person = ? AND day = '2031-01-05'", (person,)).fetchall() == [
        (4200.0,)]
    store.delete(new)  # the latest-follow-up trigger still finds the one before by this index
    assert conn.execute("SELECT day < '2031' FROM visit_latest WHERE person = ?",
                        (person,)).fetchone() == (1,)


def test_old_file_counts_its_live_records_from_the_live_index(tmp_path):
    from registry.migrations import LIVE_LISTS_SCHEMA

    conn = open_fixture(tmp_path, "schema_v4")
    count = ("SELECT count(*) FROM entity WHERE list = 'person' AND deleted = 0"
             " AND merged_into IS NULL")
    before = conn.execute(count).fetchone()[0]
    assert before > 0
    assert LIVE_LISTS_SCHEMA in migrate(conn)
    assert integrity_problems(conn) == []
    plan = " ".join(str(r) for r in conn.execute("EXPLAIN QUERY PLAN " + count))
    assert "COVERING INDEX entity_live" in plan  # the records themselves are not read
    store = Store(conn, user="u", device="dfixturev9")
    assert store.count("person") == before
    households = store.count("household")
    household = store.create("household", {"household_no": "H9", "village_code": "x"})
    person = store.create("person", {"household_id": household, "name": "新人",
                                      "relation": "户主"})
    assert (store.count("person"), store.count("household")) == (before + 1, households + 1)
    store.delete(person)
    assert store.count("person") == before
    store.close()


def test_old_file_gets_each_months_latest_follow_up_and_the_alert_run_indexes(tmp_path):
    from registry.alerts.store import _DUPLICATES, _GRADUATE_VISITS, _MERGED
    from registry.migrations import ALERT_RUN_SCHEMA, MONTH_LATEST_FRESH

    conn = open_fixture(tmp_path, "schema_v4")
    migrate(conn, target=ALERT_RUN_SCHEMA - 1)
    params = {"scope": "361130*"}

    def plan(sql):
        return " ".join(str(r) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))

    def stored():
        return sorted(conn.execute("SELECT * FROM visit_month_latest").fetchall())

    def fresh():
        return sorted(conn.execute(MONTH_LATEST_FRESH).fetchall())

    assert "TEMP B-TREE FOR GROUP BY" in plan(_DUPLICATES)
    served = ("WITH g AS (SELECT person FROM visit_fact), a_merged AS"
              " (SELECT person AS id, person AS merged FROM visit_fact) "
              + _GRADUATE_VISITS["facts"])
    params.update({"as_of": "2026-11-22"})
    assert "COVERING INDEX visit_fact_served" not in plan(served)
    duplicates = sorted(conn.execute(_DUPLICATES, params).fetchall())
    assert migrate(conn) == list(range(ALERT_RUN_SCHEMA, LATEST + 1))
    assert integrity_problems(conn) == []
    # the duplicate-ID check reads its index in order (no sort, no record read); the merged
    # people are listed from their own small index
    assert "COVERING INDEX person_fact_id_group" in plan(_DUPLICATES)
    assert "TEMP B-TREE" not in plan(_DUPLICATES)
    assert sorted(conn.execute(_DUPLICATES, params).fetchall()) == duplicates
    assert "person_fact_merged" in plan(_MERGED[1].split("a_merged", 1)[1])
    assert plan(served).count("COVERING INDEX visit_fact_served") == 2
    backfilled = stored()
    assert backfilled == fresh() and len(backfilled) > 0
    # the triggers: a later follow-up of the month replaces the row, an earlier one does
    # not, a deleted latest gives way to the one before, a follow-up moved to another month
    # leaves the first month's row to the month's others
    store = Store(conn, user="u", device="dfixturev11", default_scope="361130104201")
    person = conn.execute("SELECT person FROM visit_latest LIMIT 1").fetchone()[0]

    def row(month):
        return conn.execute("SELECT day, status, income FROM visit_month_latest"
                            " WHERE month = ? AND person = ?", (month, person)).fetchall()

    def visit(day, status, income):
        return store.create("visit", {"person_id": person, "visit_date": day,
                                      "employment_status": status, "monthly_income": income})

    first = visit("2031-01-10", "employed", 3100)
    assert row("2031-01") == [("2031-01-10", "employed", 3100.0)]
    later = visit("2031-01-20", "unemployed", 0)
    visit("2031-01-05", "employed", 2900)
    assert row("2031-01") == [("2031-01-20", "unemployed", 0.0)]
    store.delete(later)
    assert row("2031-01") == [("2031-01-10", "employed", 3100.0)]
    assert stored() == fresh()
    conn.execute("UPDATE entity SET props = json_set(props, '$.visit_date', '2031-02-01')"
                 " WHERE id = ?", (first,))  # as a synced change could move it
    assert row("2031-01") == [("2031-01-05", "employed", 2900.0)]
    assert row("2031-02") == [("2031-02-01", "employed", 3100.0)]
    assert stored() == fresh()
    store.close()


def test_old_file_gets_the_income_trends_covering_indexes(tmp_path):
    from fact_tables import MONITORED_LATEST_BY_DAY_THEN_ID

    import registry.county_dashboard as cd
    from registry.migrations import DASHBOARD_READS_SCHEMA

    conn = open_fixture(tmp_path, "schema_v4")
    migrate(conn, target=DASHBOARD_READS_SCHEMA - 1)
    store = Store(conn, user="u", device="dfixturev12", default_scope="361130104201")
    today = date(2026, 11, 22)
    params = cd._params("361130", today)
    conn.execute("UPDATE household_fact SET monitored = 1")  # the fixture has none monitored

    def plan(sql):
        return " ".join(str(r) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))

    before = conn.execute(MONITORED_LATEST_BY_DAY_THEN_ID, params).fetchall()
    with pytest.raises(Exception, match="no such index"):
        cd.monitored_income(store, scope="361130", today=today)
    assert migrate(conn) == list(range(DASHBOARD_READS_SCHEMA, LATEST + 1))
    assert integrity_problems(conn) == []
    assert "COVERING INDEX person_fact_parent" in plan(cd._MONITORED)
    assert "COVERING INDEX visit_month_latest_person" in plan(cd._MONITORED)
    # the alert run's read of every person of the scope reads the table, not the partial
    # index with a lookup per person
    from registry.alerts import store as alert_run

    facts = {**alert_run._params(today, "361130"), "via": "facts"}
    for statement in [*alert_run._MERGED, *alert_run._FACTS_LAST, alert_run._PERSON_TABLE]:
        conn.execute(statement, facts)
    every = " ".join(str(r) for r in conn.execute("EXPLAIN QUERY PLAN "
                                                  + alert_run._FACTS_PERSON, facts))
    for table in alert_run._TEMP_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    assert "SCAN p" in every and "person_fact_parent" not in every
    trend = [(m.month, m.households, m.total)
             for m in cd.monitored_income(store, scope="361130", today=today)]
    assert trend == [(month, n, float(total)) for month, n, total in before]
    assert trend and sum(n for _m, n, _t in trend) > 0
    store.close()
