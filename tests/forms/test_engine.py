"""The form session: state, incremental recompute, repeats, validation, drafts, submission."""

from __future__ import annotations

import json

import pytest

from forms.errors import FormError
from forms.graph import build_graph

SURVEY = [
    ["type", "name", "label::zh", "label::en", "required", "relevant", "constraint",
     "constraint_message::zh", "constraint_message::en", "calculation", "warning", "warning_message::zh",
     "warning_message::en", "default", "choice_filter", "save_to", "repeat_count", "read_only"],
    ["text", "hh_name", "户主", "Head", "yes", "", "string-length(.) >= 2", "至少两个字", "two characters",
     "", "", "", "", "", "", "", "", ""],
    ["integer", "income", "本月收入", "Income", "", "", ". >= 0", "不能为负", "not negative",
     "", "${income} >= ${last_income} div 2", "收入下降超过一半", "income fell by more than half", "", "", "", "", ""],
    ["integer", "last_income", "上月收入", "Last month", "", "", "", "", "", "", "", "", "", "3000", "", "", "", ""],
    ["calculate", "double", "", "", "", "", "", "", "", "${income} * 2", "", "", "", "", "", "", "", ""],
    ["calculate", "quad", "", "", "", "", "", "", "", "${double} * 2", "", "", "", "", "", "", "", ""],
    ["select_one place", "place", "务工地", "Place", "", "${income} > 0", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["select_one town", "town", "乡镇", "Town", "", "", "", "", "", "", "", "", "", "", "county = ${place}", "", "", ""],
    ["text", "unrelated", "无关", "Other", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["begin_repeat", "members", "成员", "Members", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["text", "name", "姓名", "Name", "yes", "", "", "", "", "", "", "", "", "", "", "person_name", "", ""],
    ["integer", "age", "年龄", "Age", "", "", ". < 120", "", "", "", "", "", "", "", "", "age", "", ""],
    ["calculate", "older", "", "", "", "", "", "", "", "${age} + 1", "", "", "", "", "", "", "", ""],
    ["text", "adult_note", "成年", "Adult", "", "${age} >= 18", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["end_repeat", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["calculate", "total_age", "", "", "", "", "", "", "", "sum(${age})", "", "", "", "", "", "", "", ""],
    ["calculate", "n_members", "", "", "", "", "", "", "", "count(${members})", "", "", "", "", "", "", "", ""],
]
CHOICES = [
    ["list_name", "name", "label::zh", "label::en", "county"],
    ["place", "in", "县内", "In county", ""],
    ["place", "out", "省外", "Other province", ""],
    ["town", "t1", "镇一", "Town 1", "in"],
    ["town", "t2", "镇二", "Town 2", "in"],
    ["town", "t3", "镇三", "Town 3", "out"],
]
SETTINGS = [["form_id", "version", "form_title", "default_language"], ["followup", "3", "随访", "zh"]]
ENTITIES = [["list_name", "label"], ["person", "${name}"]]


@pytest.fixture
def session(make_session):
    return make_session(SURVEY, choices=CHOICES, settings=SETTINGS, entities=ENTITIES)


def test_initial_state(session) -> None:
    assert session.value("last_income") == 3000  # literal default
    assert session.repeat_count("members") == 1
    assert session.state("place").relevant is False
    assert session.state("hh_name").required is True
    assert session.expression_errors() == []


def test_calculations_chain_and_relevance(session) -> None:
    session.set_value("income", 1000)
    assert session.value("double") == "2000" and session.value("quad") == "4000"
    assert session.state("place").relevant is True
    session.set_value("income", "")
    assert session.text("quad") == ""  # NaN is stored as empty
    assert session.state("place").relevant is False


def test_set_value_reports_what_changed(session) -> None:
    changed = session.set_value("income", 10)
    assert {"income", "double", "quad", "place"} <= set(changed)
    assert "unrelated" not in changed


def test_only_dependents_are_recomputed(session) -> None:
    before = session.evaluations
    session.set_value("unrelated", "x")
    assert session.evaluations == before  # nothing reads it
    before = session.evaluations
    session.set_value("income", 100)
    # constraint, warning of income; double; quad; relevant of place; choice filter of town
    # does not depend on income directly (it reads place) and place did not change value.
    assert session.evaluations - before == 5


def test_recompute_scoped_to_repeat_instance(session) -> None:
    session.add_repeat("members")
    session.add_repeat("members")
    session.set_value("members[1]/age", 1)
    session.set_value("members[3]/age", 2)
    before = session.evaluations
    session.set_value("members[2]/age", 30)
    evaluated = session.evaluations - before
    # age constraint + older + adult_note relevance in instance 2 only, plus the two
    # aggregates outside the repeat (total_age, n_members)
    assert evaluated == 5
    assert session.value("members[2]/older") == "31"
    assert session.value("members[1]/older") == "2"
    assert session.value("total_age") == "33"
    assert session.state("members[2]/adult_note").relevant is True
    assert session.state("members[1]/adult_note").relevant is False


def test_incremental_equals_full_recompute(session) -> None:
    session.add_repeat("members")
    for path, value in [("income", 500), ("members[1]/age", 20), ("members[2]/age", 3), ("place", "in")]:
        session.set_value(path, value)
    incremental = [(s.path, s.text, s.relevant, s.valid, s.choices) for s in session.fields()]
    session.recompute_all()
    assert [(s.path, s.text, s.relevant, s.valid, s.choices) for s in session.fields()] == incremental
    session.naive_recompute()
    assert [(s.path, s.text, s.relevant, s.valid, s.choices) for s in session.fields()] == incremental


def test_repeat_add_remove_updates_aggregates(session) -> None:
    session.set_value("members[1]/age", 10)
    path = session.add_repeat("members")
    assert path == "members[2]"
    session.set_value("members[2]/age", 5)
    assert session.value("total_age") == "15" and session.value("n_members") == "2"
    session.remove_repeat("members[1]")
    assert session.value("total_age") == "5" and session.value("n_members") == "1"
    assert session.value("members[1]/age") == 5


def test_choice_filter(session) -> None:
    session.set_value("income", 1)
    session.set_value("place", "in")
    assert [c.name for c in session.state("town").choices] == ["t1", "t2"]
    session.set_value("place", "out")
    assert [c.name for c in session.state("town").choices] == ["t3"]


def test_validation_messages(session) -> None:
    session.set_value("hh_name", "王")
    session.set_value("income", -5)
    session.set_value("members[1]/age", "abc")
    issues = {i.path: i for i in session.validate()}
    assert issues["hh_name"].message_zh == "至少两个字" and issues["hh_name"].message_en == "two characters"
    assert issues["income"].message_en == "not negative"
    assert issues["members[1]/age"].kind == "type"
    assert issues["members[1]/name"].kind == "required"
    assert "place" not in issues  # not relevant


def test_warning_is_soft(session) -> None:
    session.set_value("hh_name", "王五")
    session.set_value("members[1]/name", "王五")
    session.set_value("income", 1000)
    warnings = session.warnings()
    assert [w.path for w in warnings] == ["income"]
    assert warnings[0].message_zh == "收入下降超过一半"
    assert session.validate() == []
    session.submission()  # allowed
    session.set_value("income", 2000)
    assert session.warnings() == []


def test_draft_round_trip(session, make_form) -> None:
    session.add_repeat("members")
    session.set_value("income", "12a")  # typed, not yet valid: kept exactly
    session.set_value("last_income", "")  # a cleared default stays cleared
    session.set_value("members[2]/name", "李四")
    draft = session.to_draft()
    assert json.loads(json.dumps(draft)) == draft
    restored = type(session).from_draft(session.form, draft)
    assert restored.to_draft() == draft
    assert restored.text("income") == "12a" and restored.value("last_income") is None
    assert restored.value("members[2]/name") == "李四"


def test_draft_for_another_form_is_refused(session, make_form) -> None:
    other = make_form([["type", "name", "label"], ["text", "a", "A"]])
    with pytest.raises(FormError):
        type(session).from_draft(other, session.to_draft())


def test_submission_with_entities_per_repeat_instance(session) -> None:
    session.set_value("hh_name", "王五")
    session.set_value("income", 2000)
    session.set_value("members[1]/name", "王五")
    session.set_value("members[1]/age", 40)
    session.add_repeat("members")
    session.set_value("members[2]/name", "王小")
    submission = session.submission()
    data = submission.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["form_id"] == "followup" and data["version"] == "3"
    assert data["answers"]["members"][0] == {"name": "王五", "age": 40, "older": "41", "adult_note": None}
    ops = submission.entities
    assert [(op.list_name, op.action, op.label) for op in ops] == [
        ("person", "create", "王五"), ("person", "create", "王小")
    ]
    assert ops[0].properties == {"person_name": "王五", "age": 40}
    assert ops[1].properties == {"person_name": "王小", "age": None}
    assert ops[0].entity_id != ops[1].entity_id
    assert session.submission().entities[0].entity_id == ops[0].entity_id  # stable


def test_invalid_submission_is_refused(session) -> None:
    with pytest.raises(FormError, match="hh_name"):
        session.submission()


def test_update_form_uses_base_version(make_session) -> None:
    session = make_session(
        [["type", "name", "label", "save_to"],
         ["select_one_from_file people.csv", "who", "Who", ""],
         ["integer", "income", "Income", "income"]],
        entities=[["list_name", "entity_id", "label"], ["person", "${who}", "${who}"]],
        entity_lists={"person": [{"name": "p1", "label": "张三", "income": 3000, "__version": 4}]},
    )
    session.set_value("who", "p1")
    session.set_value("income", 1000)
    op = session.submission().entities[0]
    assert (op.action, op.entity_id, op.base_version, op.properties) == ("update", "p1", 4, {"income": 1000})
    op = session.submission(base_versions={"p1": 7}).entities[0]
    assert op.base_version == 7


def test_entity_lookup_and_trigger(make_session) -> None:
    survey = [
        ["type", "name", "label", "calculation", "trigger"],
        ["text", "who", "Who", "", ""],
        ["calculate", "last", "", "instance('person')/root/item[name=${who}]/income", ""],
        ["integer", "copied", "Copied", "${last} + 1", "${who}"],
    ]
    session = make_session(survey, entity_lists={"person": [{"name": "p1", "income": 3000}]})
    session.set_value("who", "p1")
    assert session.value("last") == "3000" and session.value("copied") == 3001
    session.set_value("copied", 5)  # user may overwrite a triggered value
    assert session.value("copied") == 5


def test_repeat_count(make_session) -> None:
    survey = [
        ["type", "name", "label", "repeat_count", "calculation"],
        ["integer", "n", "N", "", ""],
        ["begin_repeat", "kids", "Kids", "${n}", ""],
        ["integer", "age", "Age", "", ""],
        ["calculate", "pos", "", "", "position(..)"],
        ["end_repeat", "", "", "", ""],
        ["calculate", "count_kids", "", "", "count(${kids})"],
    ]
    session = make_session(survey)
    assert session.repeat_count("kids") == 0
    session.set_value("n", 3)
    assert session.repeat_count("kids") == 3 and session.value("count_kids") == "3"
    assert session.value("kids[3]/pos") == "3"
    session.set_value("n", 1)
    assert session.repeat_count("kids") == 1 and session.value("count_kids") == "1"


def test_nested_repeats_contextualise(make_session) -> None:
    survey = [
        ["type", "name", "label", "calculation"],
        ["begin_repeat", "hh", "Household", ""],
        ["integer", "base", "Base", ""],
        ["begin_repeat", "mem", "Member", ""],
        ["integer", "x", "X", ""],
        ["calculate", "y", "", "${x} + ${base}"],
        ["end_repeat", "", "", ""],
        ["calculate", "hh_sum", "", "sum(${y})"],
        ["end_repeat", "", "", ""],
    ]
    session = make_session(survey)
    session.add_repeat("hh")
    session.add_repeat("hh[2]/mem")
    session.set_value("hh[1]/base", 100)
    session.set_value("hh[2]/base", 10)
    session.set_value("hh[2]/mem[1]/x", 1)
    session.set_value("hh[2]/mem[2]/x", 2)
    assert session.value("hh[2]/mem[2]/y") == "12"
    assert session.value("hh[2]/hh_sum") == "23"
    assert session.value("hh[1]/hh_sum") is None  # its one y is empty: NaN, stored as ''
    assert session.value("hh[2]/mem[1]/y") == "11"


def test_group_relevance_propagates(make_session) -> None:
    survey = [
        ["type", "name", "label", "relevant"],
        ["integer", "age", "Age", ""],
        ["begin_group", "work", "Work", "${age} >= 16"],
        ["text", "employer", "Employer", ""],
        ["text", "job", "Job", "${employer} != ''"],
        ["end_group", "", "", ""],
    ]
    session = make_session(survey)
    session.set_value("work/employer", "厂")
    assert not session.state("work/employer").relevant and not session.state("work/job").relevant
    session.set_value("age", 20)
    assert session.state("work/employer").relevant and session.state("work/job").relevant
    session.set_value("age", 10)
    assert "work" not in session.submission(check=False).answers


def test_graph_is_topological(session) -> None:
    graph = build_graph(session.form)
    position = {(c.element.name, c.kind): c.index for c in graph.order}
    assert position[("double", "calculation")] < position[("quad", "calculation")]
