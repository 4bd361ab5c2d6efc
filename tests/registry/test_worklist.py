"""本月走访: states, order, filters, paging and progress computed in SQL; follow-ups move it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, make_id

from forms.engine import FormSession
from forms.loader import load_form
from registry import submissions
from registry.alerts import alert_counts_for_store, alerts_for_store
from registry.errors import ValidationError
from registry.store import Create
from registry.worklist import (
    DUE,
    NOT_REQUIRED,
    OVERDUE,
    VISITED,
    Progress,
    WorkFilter,
    alerted_people,
    filter_choices,
    forget,
    people_with_alerts,
    progress,
    status_after_followup,
    work_count,
    work_rows,
)
from sync.protocol import new_id


def _village(store):
    """Two households: 1组 (three people of whom one is 丧失劳动力, one a child), 2组 (one)."""
    h1, h2 = new_id(), new_id()
    p = {n: new_id() for n in ("a", "b", "c", "d", "kid")}
    store.write([
        Create("household", {"household_no": "3611301042010001", "address": "1组5号",
                             "head_name": "罗军浩"}, entity_id=h1),
        Create("household", {"household_no": "3611301042010002", "address": "2组12号",
                             "head_name": "李四"}, entity_id=h2),
        Create("person", {"name": "罗军浩", "id_number": make_id(seq="111"), "relation": "户主",
                          "household_id": h1, "labour_class": "普通劳动力",
                          "work_status": "自主外出务工"}, entity_id=p["a"]),
        Create("person", {"name": "罗海", "id_number": make_id(seq="121"), "relation": "之子",
                          "household_id": h1, "labour_class": "技能劳动力"}, entity_id=p["b"]),
        Create("person", {"name": "罗奶奶", "id_number": make_id(birth="19500101", seq="122"),
                          "relation": "之母", "household_id": h1, "labour_class": "丧失劳动力"},
               entity_id=p["c"]),
        Create("person", {"name": "罗小", "id_number": make_id(birth="20180101", seq="131"),
                          "relation": "之孙子", "household_id": h1}, entity_id=p["kid"]),
        Create("person", {"name": "李四", "id_number": make_id(seq="141"), "relation": "户主",
                          "household_id": h2, "labour_class": "弱劳动力或半劳动力"},
               entity_id=p["d"]),
    ])
    return h1, h2, p


def _followup(store, person_id, *, day="2026-11-05", status="employed", channel="away"):
    submissions.save_submission(store, {
        "form_id": "employment_followup", "version": "1", "instance_id": "uuid:" + new_id(),
        "answers": {}, "entities": [{
            "list_name": "visit", "action": "create", "entity_id": new_id(),
            "properties": {"visit_date": day, "person_id": person_id,
                           "employment_status": status, "channel": channel}}]})


def test_states_and_overdue_first_after_the_20th(store):
    _h1, _h2, p = _village(store)
    _followup(store, p["a"])
    _followup(store, p["b"], day="2026-10-18")  # last month: does not count
    rows = work_rows(store, today=TODAY)
    assert [(r.name, r.state) for r in rows] == [
        ("罗海", OVERDUE), ("李四", OVERDUE), ("罗军浩", VISITED), ("罗奶奶", NOT_REQUIRED)]
    assert rows[0].last_visit == "2026-10-18" and rows[0].group == "1组"
    assert rows[0].head_name == "罗军浩"
    assert progress(store, today=TODAY) == Progress(1, 3, 2, 0, 1)
    early = work_rows(store, today=date(2026, 11, 10))
    assert {r.state for r in early} == {DUE, VISITED, NOT_REQUIRED}
    assert progress(store, today=date(2026, 11, 10)) == Progress(1, 3, 0, 2, 1)
    # next month nobody has been visited yet
    assert progress(store, today=date(2026, 12, 3)).visited == 0


def test_a_followup_updates_the_persons_status_and_moves_the_list(store):
    _h1, _h2, p = _village(store)
    assert work_count(store, today=TODAY, wanted=WorkFilter(state=OVERDUE)) == 3
    _followup(store, p["d"], status="returned", channel="")
    person = store.get(p["d"])
    assert person.props["employment_status"] == "返乡" and person.props["work_status"] == "返乡"
    assert work_count(store, today=TODAY, wanted=WorkFilter(state=OVERDUE)) == 2
    _followup(store, p["b"], channel="workshop")
    assert store.get(p["b"]).props["work_status"] == "就业帮扶车间"
    assert progress(store, today=TODAY).visited == 2


def test_filters_and_paging_in_sql(store):
    _h1, _h2, p = _village(store)
    assert [r.name for r in work_rows(store, today=TODAY, wanted=WorkFilter(group="2组"))] == [
        "李四"]
    assert [r.name for r in work_rows(
        store, today=TODAY, wanted=WorkFilter(labour_class="技能劳动力"))] == ["罗海"]
    assert [r.name for r in work_rows(
        store, today=TODAY, wanted=WorkFilter(work_status="自主外出务工"))] == ["罗军浩"]
    assert [r.name for r in work_rows(store, today=TODAY, wanted=WorkFilter(text="罗"))] == [
        "罗军浩", "罗海", "罗奶奶"]
    alerted = people_with_alerts(store, [_h2])  # a household alert concerns its members
    assert alerted == {p["d"]}
    assert [r.name for r in work_rows(
        store, today=TODAY, wanted=WorkFilter(alert_ids=alerted))] == ["李四"]
    assert work_rows(store, today=TODAY, wanted=WorkFilter(alert_ids=frozenset())) == []
    pages = [work_rows(store, today=TODAY, limit=2, offset=o) for o in (0, 2, 4)]
    assert [len(x) for x in pages] == [2, 2, 0]
    assert [r.id for x in pages for r in x] == [r.id for r in work_rows(store, today=TODAY)]
    choices = filter_choices(store, today=TODAY)
    assert choices["group"] == ["1组", "2组"]
    assert "丧失劳动力" in choices["labour_class"] and "无劳动力" not in choices["labour_class"]


def test_scope_narrows_the_list(store):
    _village(store)
    assert work_count(store, today=TODAY, scope="361130104201") == 4
    assert work_count(store, today=TODAY, scope="361130104202") == 0


def test_status_after_followup_words():
    assert status_after_followup({"employment_status": "employed", "channel": "firm"}) == {
        "employment_status": "就业", "work_status": "本地企业或园区"}
    assert status_after_followup({"employment_status": "at_home"})["work_status"] == "在家"
    assert status_after_followup({}) == {}


def test_village_filter_in_sql(store):
    """Two villages both with a 1组: the 村（居） filter keeps one village's people only."""
    _village(store)  # 361130104201
    other, h3 = "361130104202", new_id()
    store.write([
        Create("household", {"household_no": "3611301042020001", "address": "1组3号",
                             "head_name": "王五"}, scope=other, entity_id=h3),
        Create("person", {"name": "王五", "id_number": make_id(seq="151"), "relation": "户主",
                          "household_id": h3, "labour_class": "普通劳动力"}, scope=other)])
    everyone = work_rows(store, today=TODAY, scope="361130104")
    assert len(everyone) == 5
    assert {r.village for r in everyone} == {"361130104201", other}
    only = work_rows(store, today=TODAY, scope="361130104", wanted=WorkFilter(village=other))
    assert [(r.name, r.group, r.village) for r in only] == [("王五", "1组", other)]
    same_group = WorkFilter(village="361130104201", group="1组")
    assert work_count(store, today=TODAY, scope="361130104", wanted=same_group) == 3
    assert filter_choices(store, today=TODAY, scope="361130104")["village"] == [
        "361130104201", other]


def test_village_filter_rejects_a_non_code(store):
    _village(store)
    with pytest.raises(ValidationError) as caught:
        work_rows(store, today=TODAY, wanted=WorkFilter(village="1*"))
    assert "村（居）" in str(caught.value)


def _scratch_builds(store, action):
    """How many times ``action`` built the scratch tables (statements traced on the
    store's connection)."""
    built = []
    store._conn.set_trace_callback(
        lambda sql: built.append(sql) if "CREATE TEMP TABLE w_list" in sql else None)
    try:
        action()
    finally:
        store._conn.set_trace_callback(None)
    return len(built)


def test_next_pages_and_filters_reuse_the_list_until_something_is_written(store):
    _h1, _h2, p = _village(store)
    first = work_rows(store, today=TODAY, limit=2)
    assert _scratch_builds(store, lambda: work_rows(store, today=TODAY, limit=2, offset=2)) == 0
    assert _scratch_builds(store, lambda: work_rows(
        store, today=TODAY, wanted=WorkFilter(group="2组"))) == 0
    # another scope, another month or a write rebuilds it
    assert _scratch_builds(store, lambda: work_rows(store, today=TODAY,
                                                    scope="361130104202")) == 1
    assert _scratch_builds(store, lambda: work_rows(store, today=date(2026, 10, 5))) == 1
    assert _scratch_builds(store, lambda: work_rows(store, today=TODAY)) == 1
    forget(store)  # the page let go of it: its memory is freed, the next read rebuilds
    assert store._conn.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0
    assert _scratch_builds(store, lambda: work_rows(store, today=TODAY)) == 1
    _followup(store, first[0].id)
    rows = []
    assert _scratch_builds(store, lambda: rows.extend(work_rows(store, today=TODAY))) == 1
    assert {r.id: r.state for r in rows}[first[0].id] == VISITED


def test_a_write_from_another_connection_is_seen(store, profile):
    _h1, _h2, p = _village(store)
    assert {r.id: r.state for r in work_rows(store, today=TODAY)}[p["d"]] == OVERDUE
    other = profile.unlock("secretary", PASSPHRASE)
    try:
        _followup(other, p["d"])
    finally:
        other.close()
    assert {r.id: r.state for r in work_rows(store, today=TODAY)}[p["d"]] == VISITED
    assert progress(store, today=TODAY).visited == 1


def test_on_the_read_lane_an_alert_run_keeps_the_list(store):
    """The read lane cannot write the profile: its own temp-table work (an alert run's
    scratch tables) leaves the work list's tables in place; a commit of the writer
    still rebuilds them."""
    _h1, _h2, p = _village(store)
    reader = store.reader()
    subjects = []

    def pages_around_an_alert_run():
        work_rows(reader, today=TODAY, limit=2)
        subjects.extend(a.subject for a in alerts_for_store(
            reader, as_of=TODAY, scope=store.default_scope))
        work_rows(reader, today=TODAY, limit=2, offset=2)
        alert_counts_for_store(reader, as_of=TODAY, scope=store.default_scope)
        work_rows(reader, today=TODAY, wanted=WorkFilter(
            alert_ids=people_with_alerts(reader, subjects)))

    assert _scratch_builds(reader, pages_around_an_alert_run) == 1
    assert subjects  # the alert run did build its scratch tables on this connection
    _followup(store, p["d"])
    rows = []
    assert _scratch_builds(reader, lambda: rows.extend(work_rows(reader, today=TODAY))) == 1
    assert {r.id: r.state for r in rows}[p["d"]] == VISITED


def test_on_the_writer_an_alert_run_still_rebuilds_the_list(store):
    """The writer keeps counting its own changes (``data_version`` does not see them)."""
    _village(store)
    work_rows(store, today=TODAY)
    alerts_for_store(store, as_of=TODAY, scope=store.default_scope)
    assert _scratch_builds(store, lambda: work_rows(store, today=TODAY)) == 1


def test_the_people_with_alerts_are_kept_until_a_write(store, monkeypatch):
    """仅有预警的 ran a whole alert run for each page of the list (seconds at a county)."""
    from registry import worklist

    _h1, _h2, ids = _village(store)
    runs = []
    real = worklist.alerts_for_store
    monkeypatch.setattr(worklist, "alerts_for_store",
                        lambda *a, **k: runs.append(k["as_of"]) or real(*a, **k))
    expected = people_with_alerts(store, [a.subject for a in real(store, as_of=TODAY)])
    first = alerted_people(store, today=TODAY)
    assert first == expected and first
    assert alerted_people(store, today=TODAY) == first and len(runs) == 1  # kept
    assert alerted_people(store, today=date(2026, 12, 21)) is not None and len(runs) == 2
    assert alerted_people(store, today=TODAY) == first and len(runs) == 3  # another day
    store.update(ids["d"], {"phone": "13800138000"})  # a write: found again
    alerted_people(store, today=TODAY)
    assert len(runs) == 4


def test_the_alert_filter_takes_more_people_than_sqlite_has_variables(store):
    """The ids were one SQL variable each: seconds a page at 12k people, and past the
    driver's 250,000 variables ("too many SQL variables") the list could not be read."""
    _h1, _h2, ids = _village(store)
    many = frozenset({ids["d"], ids["a"], *(f"x{n}" for n in range(260_000))})
    names = [r.name for r in work_rows(store, today=TODAY, wanted=WorkFilter(alert_ids=many))]
    assert sorted(names) == sorted(["李四", "罗军浩"])
    fewer = frozenset({ids["a"]})  # another set: the table holds it instead
    assert [r.name for r in work_rows(store, today=TODAY,
                                      wanted=WorkFilter(alert_ids=fewer))] == ["罗军浩"]
    forget(store)
    assert [r.name for r in work_rows(store, today=TODAY,
                                      wanted=WorkFilter(alert_ids=fewer))] == ["罗军浩"]


def test_the_kept_people_survive_a_page_read_and_not_a_write_during_the_run(store,
                                                                              monkeypatch):
    """Kept across the list's own reads (on the writer they moved ``total_changes``: every
    page ran the alerts again); not kept when a record was written during the run (its
    answer may be of before the write)."""
    from registry import worklist

    _h1, _h2, ids = _village(store)
    runs = []
    real = worklist.alerts_for_store

    def counted(*args, **kwargs):
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(worklist, "alerts_for_store", counted)
    alerted = alerted_people(store, today=TODAY)
    work_rows(store, today=TODAY, wanted=WorkFilter(alert_ids=alerted))
    assert alerted_people(store, today=TODAY) == alerted and len(runs) == 1

    def writing(*args, **kwargs):  # a sync commits while the run reads
        found = counted(*args, **kwargs)
        store.update(ids["d"], {"phone": "13800138001"})
        return found

    monkeypatch.setattr(worklist, "alerts_for_store", writing)
    store.update(ids["a"], {"phone": "13800138002"})
    alerted_people(store, today=TODAY)
    monkeypatch.setattr(worklist, "alerts_for_store", counted)
    alerted_people(store, today=TODAY)
    assert len(runs) == 3  # the answer of the run written under was not kept


def test_a_failed_read_leaves_no_false_note_of_the_tables(store):
    """A read that fails after the alert table was filled is rolled back: the table holds
    the set of before, and the next read with the new set must not take it as filled."""
    _h1, _h2, ids = _village(store)
    both = frozenset({ids["a"], ids["d"]})
    assert len(work_rows(store, today=TODAY, wanted=WorkFilter(alert_ids=both))) == 2
    one = frozenset({ids["a"]})
    with pytest.raises(ValidationError):
        work_rows(store, today=TODAY, wanted=WorkFilter(alert_ids=one, village="abc"))
    assert [r.name for r in work_rows(store, today=TODAY,
                                      wanted=WorkFilter(alert_ids=one))] == ["罗军浩"]


# -- what the real follow-up form sets on its person ------------------------------------

BUILTIN = Path(__file__).resolve().parents[2] / "forms" / "builtin"


def _followup_session(store, person_id: str, answers: dict) -> FormSession:
    """The built-in 月度就业跟踪 for ``person_id`` as the app opens it (the person's record
    from the store as ``instance('person')``), answered with ``answers``."""
    person = store.get(person_id)
    session = FormSession(load_form(BUILTIN / "employment_followup.xlsx"), language="zh",
                          clock=lambda: datetime(2026, 11, 22, 10, 0),
                          entity_lists={"person": [{**person.props, "name": person.id}]})
    session.set_value("person_id", person_id)
    for path, value in answers.items():
        session.set_value(path, value)
    assert session.validate() == [], session.validate()
    return session


def _record(store, session: FormSession) -> None:
    submissions.save_submission(store, session.submission().to_dict())


AWAY = {"employment_status": "employed", "work/channel": "away", "work/work_place": "outside",
        "work/months_worked": 6, "work/monthly_income": 5200}


def test_an_organised_export_stays_organised_after_a_followup(store):
    """The tester: 外出务工 + 省外 + 是否有组织劳务输出 = 是 turned 有组织劳务输出 into
    自主外出务工."""
    _h1, _h2, p = _village(store)
    store.update(p["a"], {"work_status": "有组织劳务输出"})
    _record(store, _followup_session(store, p["a"], {**AWAY, "work/organised_export": "1"}))
    assert store.get(p["a"]).props["work_status"] == "有组织劳务输出"
    rows = {r.name: r for r in work_rows(store, today=TODAY)}
    assert rows["罗军浩"].work_status == "有组织劳务输出"
    _record(store, _followup_session(store, p["b"], {**AWAY, "work/organised_export": "0"}))
    assert store.get(p["b"]).props["work_status"] == "自主外出务工"


def test_status_after_followup_reads_the_organised_export_answer():
    away = {"employment_status": "employed", "channel": "away"}
    assert status_after_followup({**away, "organised_export": "1"})["work_status"] == "有组织劳务输出"
    assert status_after_followup({**away, "organised_export": "0"})["work_status"] == "自主外出务工"
    assert status_after_followup(away)["work_status"] == "自主外出务工"
    assert status_after_followup({"employment_status": "employed", "channel": "firm",
                                  "organised_export": "1"})["work_status"] == "本地企业或园区"


def test_the_income_warning_compares_with_the_last_followups_income(store):
    """The tester: 800 recorded this month, a new follow-up with 3000 still warned
    "收入比上月下降超过一半" against the registration's 7950."""
    _h1, _h2, p = _village(store)
    store.update(p["b"], {"monthly_income": 7950})
    low = _followup_session(store, p["b"], {**AWAY, "work/monthly_income": 800})
    assert [w.path for w in low.warnings()] == ["work/monthly_income"]  # 800 < 7950 / 2
    _record(store, low)
    again = _followup_session(store, p["b"], {**AWAY, "work/monthly_income": 3000})
    assert again.warnings() == [] and again.text("last_income") == "800"
    assert store.get(p["b"]).props["monthly_income"] == 800  # the latest known income
    _record(store, again)
    lower = _followup_session(store, p["b"], {**AWAY, "work/monthly_income": 1000})
    assert [w.path for w in lower.warnings()] == ["work/monthly_income"]  # 1000 < 3000 / 2


def test_a_followup_not_at_work_leaves_no_work_income(store):
    _h1, _h2, p = _village(store)
    store.update(p["d"], {"monthly_income": 4000})
    _record(store, _followup_session(store, p["d"], {"employment_status": "returned",
                                                     "return_reason": "care"}))
    props = store.get(p["d"]).props
    assert (props["work_status"], props["monthly_income"]) == ("返乡", 0)
    back = _followup_session(store, p["d"], {**AWAY, "work/monthly_income": 1500})
    assert back.warnings() == []  # back at work: no fall from the 0 of the month at home


def test_a_followup_recorded_late_for_an_earlier_day_leaves_the_person_as_the_later_one(store):
    _h1, _h2, p = _village(store)
    _followup(store, p["b"], day="2026-11-10", channel="workshop")
    late = _followup_session(store, p["b"], {**AWAY, "visit_date": "2026-10-12",
                                             "work/monthly_income": 900})
    _record(store, late)
    props = store.get(p["b"]).props
    assert props["work_status"] == "就业帮扶车间" and "monthly_income" not in props
    assert len(store.find("visit", parent=p["b"])) == 2


def test_an_older_registration_s_choice_name_shows_as_its_word(store):
    """劳动力信息登记 stored ``unemployed`` before it stored 未就业: the list shows the word
    and its filter finds both."""
    _h1, _h2, p = _village(store)
    store.update(p["b"], {"employment_status": "unemployed"})
    store.update(p["d"], {"employment_status": "未就业"})
    rows = {r.name: r for r in work_rows(store, today=TODAY)}
    assert rows["罗海"].work_status == rows["李四"].work_status == "未就业"
    assert "unemployed" not in filter_choices(store, today=TODAY)["work_status"]
    assert [r.name for r in work_rows(
        store, today=TODAY, wanted=WorkFilter(work_status="未就业"))] == ["罗海", "李四"]
