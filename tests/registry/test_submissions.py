from __future__ import annotations

from pathlib import Path

import pytest
from bangfu_testdata import make_id

from forms.engine import FormSession
from forms.loader import load_form
from registry.errors import ValidationError
from registry.submissions import (
    delete_draft,
    draft_summaries,
    list_drafts,
    load_draft,
    save_draft,
    save_submission,
)

BUILTIN = Path(__file__).resolve().parents[2] / "forms" / "builtin"


def submission(household_ops: list[dict]) -> dict:
    return {"form_id": "household_registration", "version": "2026110101",
            "instance_id": "uuid:1", "answers": {"household_no": "H1"},
            "entities": household_ops}


def test_submission_creates_linked_entities_and_an_immutable_record(store):
    ops = [{"list_name": "household", "action": "create", "entity_id": "h1", "label": "H1",
            "properties": {"household_no": "H1"}},
           {"list_name": "person", "action": "create", "entity_id": "p1", "label": "张三",
            "properties": {"full_name": "张三", "id_number": make_id(), "relation": "户主"}}]
    changes = save_submission(store, submission(ops))
    assert set(changes.created) >= {"h1", "p1"}
    person = store.get("p1")
    assert person.props["name"] == "张三" and person.parent == "h1"
    (record,) = store.find("submission")
    assert record.props["form_id"] == "household_registration"
    assert record.props["entity_ids"] == ["h1", "p1"]
    with pytest.raises(ValidationError):
        store.update(record.id, {"answers": {}})


def test_a_bad_entity_rolls_back_the_whole_submission(store):
    ops = [{"list_name": "household", "action": "create", "entity_id": "h1",
            "properties": {"household_no": "H1"}, "label": None},
           {"list_name": "person", "action": "create", "entity_id": "p1", "label": None,
            "properties": {"full_name": "张三", "id_number": "1.10105E+17"}}]
    save_draft(store, draft_id="d1", form_id="f", form_version="1", answers={"a": 1})
    with pytest.raises(ValidationError) as err:
        save_submission(store, submission(ops), draft_id="d1")
    assert err.value.field == "person.id_number"
    assert store.find("household") == [] and store.find("submission") == []
    assert load_draft(store, "d1") == {"a": 1}


def test_drafts_round_trip_and_are_removed_on_submit(store):
    save_draft(store, draft_id="d1", form_id="f", form_version="1", answers={"x": "甲"})
    save_draft(store, draft_id="d1", form_id="f", form_version="1", answers={"x": "乙"})
    assert load_draft(store, "d1") == {"x": "乙"}
    assert [d["id"] for d in list_drafts(store)] == ["d1"]
    ops = [{"list_name": "household", "action": "create", "entity_id": "h9",
            "properties": {"household_no": "H9"}, "label": None}]
    save_submission(store, submission(ops), draft_id="d1")
    assert load_draft(store, "d1") is None
    delete_draft(store, "nothing")


def test_builtin_household_form_saves_through_the_registry(store):
    form = load_form(BUILTIN / "household_registration.xlsx")
    session = FormSession(form, language="zh")
    required = [s for s in session.fields() if s.required]
    assert required, "the form has required fields"
    record = session.to_draft()
    save_draft(store, draft_id="d2", form_id=form.form_id, form_version=form.version,
               answers=record)
    restored = FormSession.from_draft(form, load_draft(store, "d2"), language="zh")
    assert restored.to_draft() == record


def test_draft_summaries_count_answered_questions_and_carry_no_answers(store):
    household = {"format": 1, "values": {
        "head_name": "王五", "phone": "", "members[1]/full_name": "王五",
        "members[2]/full_name": "  ", "members[2]/age": "16", "member_count": "2"}}
    save_draft(store, draft_id="old", form_id="household_registration", form_version="1",
               answers=household, updated_ms=1_000_000)
    save_draft(store, draft_id="new", form_id="other", form_version="3",
               answers={"values": {"a": "1", "b": "x y", "c": ""}}, updated_ms=2_000_000)
    save_draft(store, draft_id="odd", form_id="other", form_version="3",
               answers=["not", "a", "dict"])  # saved now: the newest
    questions = {"household_registration": {"head_name", "phone", "members/full_name"}}
    summaries = draft_summaries(store, questions)
    assert [(s.id, s.answered) for s in summaries] == [("odd", 0), ("new", 2), ("old", 2)]
    assert summaries[2].updated_ms == 1_000_000 and summaries[2].form_version == "1"
    assert [s.answered for s in draft_summaries(store)] == [0, 2, 4]  # no filter: every answer
    assert "王五" not in repr(summaries)
    delete_draft(store, "odd")
    assert [s.id for s in draft_summaries(store)] == ["new", "old"]
