from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from bangfu_testdata import TODAY, make_id

from forms.engine import FormSession
from forms.loader import load_form
from forms.submission import field_path
from registry.errors import ValidationError
from registry.masking import mask_id
from registry.submissions import (
    EntityRefused,
    delete_draft,
    draft_summaries,
    list_drafts,
    load_draft,
    person_draft,
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


def test_a_draft_for_a_person_says_whom_and_is_found_again(store):
    """Three follow-up drafts read "月度就业跟踪" alike: a summary now names the person its
    ``person_id`` answer is for, with their head and 户编号, from the registry (never typed
    text, never an ID number); ``person_draft`` finds a person's draft of a form again."""
    household = store.create("household", {"household_no": "361130104201001",
                                           "head_name": "罗军浩"})
    son = store.create("person", {"household_id": household, "name": "罗海", "relation": "之子",
                                  "id_number": make_id(seq="321")})
    other = store.create("person", {"name": "李四", "relation": "户主"})
    for draft_id, person, when in (("d-son-old", son, 1_000), ("d-other", other, 2_000),
                                   ("d-son", son, 3_000)):
        save_draft(store, draft_id=draft_id, form_id="employment_followup", form_version="1",
                   answers={"values": {"person_id": person, "visit_date": "2026-11-20"}},
                   updated_ms=when)
    save_draft(store, draft_id="d-service", form_id="relocation_service", form_version="1",
               answers={"values": {"person_id": son}}, updated_ms=4_000)
    save_draft(store, draft_id="d-new", form_id="household_registration", form_version="1",
               answers={"values": {"head_name": "王五"}}, updated_ms=5_000)
    whom = {s.id: s.for_whom for s in draft_summaries(store)}
    assert (whom["d-son"].name, whom["d-son"].head_name, whom["d-son"].household_no) == (
        "罗海", "罗军浩", "361130104201001")
    assert (whom["d-other"].name, whom["d-other"].head_name) == ("李四", "")
    assert whom["d-new"].person_id == "" and whom["d-new"].name == ""  # typed names stay out
    assert make_id(seq="321") not in repr(whom) and "王五" not in repr(whom)

    assert person_draft(store, "employment_followup", son) == "d-son"  # the newest
    assert person_draft(store, "relocation_service", son) == "d-service"
    assert person_draft(store, "employment_followup", "nobody") is None
    store.delete(son)
    gone = {s.id: s.for_whom for s in draft_summaries(store)}["d-son"]
    assert gone.person_id == son and gone.name == ""  # removed since: no name, no error


# -- the household registration form: village, 户编号, duplicate ID numbers ----------------

SITE_COUNTY = "361130"  # a relocation-site profile whose scope is the county
NEW_VILLAGE = "361130100001"


def household_form(village_code: str, *members: tuple[str, str, str]) -> dict:
    """The built-in 农户信息登记 filled in (members: name, ID number, relation code), as
    the form widget submits it."""
    session = FormSession(load_form(BUILTIN / "household_registration.xlsx"), language="zh",
                          clock=lambda: datetime(2026, 11, 22, 10, 0))
    answers: dict[str, object] = {"village_code": village_code, "head_name": members[0][0],
                                  "category": "ordinary", "relocated": "0"}
    for index, (name, number, relation) in enumerate(members, start=1):
        if index > 1:
            session.add_repeat("members")
        path = f"members[{index}]"
        answers.update({f"{path}/full_name": name, f"{path}/id_number": number,
                        f"{path}/sex": "1" if int(number[16]) % 2 else "2",
                        f"{path}/birth_date": f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
                        f"{path}/relation": relation, f"{path}/health": ["healthy"],
                        f"{path}/labour_class": "ordinary"})
    for path, value in answers.items():
        session.set_value(path, value)
    assert session.validate() == [], session.validate()
    return session.submission().to_dict()


@pytest.fixture
def site_store(tmp_path):
    """A relocation-site profile whose scope is the county (as the tester's)."""
    from bangfu_testdata import PASSPHRASE, TODAY

    from registry.keyslots import KdfParams
    from registry.profile import Profile

    store = Profile(tmp_path / "site", today=lambda: TODAY).create(
        user="desk", passphrase=PASSPHRASE, scope=SITE_COUNTY, kdf=KdfParams.fast())
    yield store
    store.close()


def test_a_household_registered_on_a_county_profile_goes_to_the_village_typed(site_store):
    save_submission(site_store, household_form(NEW_VILLAGE, ("王五", make_id(seq="201"), "01"),
                                               ("王小", make_id(seq="202"), "04")))
    save_submission(site_store, household_form(NEW_VILLAGE, ("李四", make_id(seq="203"), "01")))
    first, second = sorted(site_store.find("household"), key=lambda h: h.props["household_no"])
    assert first.props["household_no"] == NEW_VILLAGE + "0001"
    assert second.props["household_no"] == NEW_VILLAGE + "0002"
    assert first.props["village_code"] == NEW_VILLAGE and first.scope == NEW_VILLAGE
    members = site_store.find("person", parent=first.id)
    assert len(members) == 2 and {m.scope for m in members} == {NEW_VILLAGE}


@pytest.mark.parametrize("village_code", ["361131100001",  # another county
                                          "361130100000"])  # a township's code, not a village
def test_a_village_code_outside_the_profile_or_not_a_village_is_refused(site_store, village_code):
    save_draft(site_store, draft_id="d1", form_id="household_registration", form_version="1",
               answers={"a": 1})
    with pytest.raises(EntityRefused) as refused:
        save_submission(site_store, household_form(village_code, ("王五", make_id(seq="211"), "01")),
                        draft_id="d1")
    assert refused.value.field == "household.village_code"
    assert (refused.value.source_path, refused.value.prop) == ("", "village_code")
    assert "村（居）代码" in refused.value.message_zh
    assert site_store.find("household") == [] and site_store.find("person") == []
    assert site_store.find("submission") == [] and load_draft(site_store, "d1") == {"a": 1}


UNKNOWN_VILLAGE = "361130104299"  # well formed, in the county, in no division table


def test_a_village_code_in_no_division_table_is_refused(site_store):
    """The tester registered a household on the county profile under 361130104299: the
    form took it and the household sat in a village no list could name."""
    save_draft(site_store, draft_id="d1", form_id="household_registration", form_version="1",
               answers={"a": 1})
    with pytest.raises(EntityRefused) as refused:
        save_submission(site_store, household_form(UNKNOWN_VILLAGE,
                                                   ("王五", make_id(seq="261"), "01")),
                        draft_id="d1")
    error = refused.value
    assert error.field == "household.village_code"
    assert (error.list_name, error.source_path, error.prop) == ("household", "", "village_code")
    assert "村（居）代码" in error.message_zh and UNKNOWN_VILLAGE in error.message_zh
    assert "不是已知的村" in error.message_zh and "王五" not in error.message_zh
    assert site_store.find("household") == [] and site_store.find("person") == []
    assert site_store.find("submission") == [] and load_draft(site_store, "d1") == {"a": 1}


def test_a_village_the_county_added_by_name_is_accepted(site_store):
    from registry.places import set_place_name

    set_place_name(site_store, UNKNOWN_VILLAGE, "新安村")
    save_submission(site_store, household_form(UNKNOWN_VILLAGE, ("王五", make_id(seq="262"), "01")))
    (household,) = site_store.find("household")
    assert household.props["village_code"] == UNKNOWN_VILLAGE and household.scope == UNKNOWN_VILLAGE


def test_a_village_profile_registers_in_its_own_village_though_no_table_names_it(tmp_path):
    """A village laptop enrolled for a village the edition lacks keeps registering there."""
    from bangfu_testdata import PASSPHRASE

    from registry.keyslots import KdfParams
    from registry.profile import Profile

    village = Profile(tmp_path / "new-village", today=lambda: TODAY).create(
        user="cun", passphrase=PASSPHRASE, scope=UNKNOWN_VILLAGE, kdf=KdfParams.fast())
    try:
        save_submission(village, household_form(UNKNOWN_VILLAGE, ("王五", make_id(seq="263"), "01")))
        assert [h.scope for h in village.find("household")] == [UNKNOWN_VILLAGE]
    finally:
        village.close()


def test_a_household_synced_from_an_unknown_village_is_kept_and_can_be_edited(site_store, tmp_path):
    """Sync never loses a household typed in a village: the check is for local writes only;
    editing such a household without moving it is not refused either."""
    from bangfu_testdata import PASSPHRASE

    from registry.keyslots import KdfParams
    from registry.profile import Profile
    from registry.replica import StoreReplica

    village = Profile(tmp_path / "new-village", today=lambda: TODAY).create(
        user="cun", passphrase=PASSPHRASE, scope=UNKNOWN_VILLAGE, kdf=KdfParams.fast())
    try:
        save_submission(village, household_form(UNKNOWN_VILLAGE, ("王五", make_id(seq="264"), "01")))
        StoreReplica(site_store).apply_remote(StoreReplica(village).pending_sets(10**6))
    finally:
        village.close()
    (household,) = site_store.find("household")
    assert household.scope == UNKNOWN_VILLAGE and site_store.count("person") == 1
    save_submission(site_store, household_move(household.id, UNKNOWN_VILLAGE, phone="13800138000"))
    assert site_store.get(household.id).props["phone"] == "13800138000"


def household_move(household_id: str, village_code: str, **props: str) -> dict:
    """A form's update of a household's 村（居）代码 (and ``props``)."""
    return {"form_id": "household_edit", "version": "1", "instance_id": f"uuid:{village_code}",
            "answers": {}, "entities": [{
                "list_name": "household", "action": "update", "entity_id": household_id,
                "label": None, "properties": {"village_code": village_code, **props}}]}


def test_an_imported_household_of_an_unknown_village_can_be_edited_in_place(site_store):
    """A ledger import writes a household under its village (its scope) with no
    village_code: editing it with its own village is no move (review)."""
    from registry.store import Create

    household = site_store.write([Create("household", {"household_no": UNKNOWN_VILLAGE + "0001",
                                                       "head_name": "王五"},
                                         scope=UNKNOWN_VILLAGE)]).created[0]
    save_submission(site_store, household_move(household, UNKNOWN_VILLAGE, phone="13800138000"))
    assert site_store.get(household).props["phone"] == "13800138000"


def test_moving_a_household_to_an_unknown_village_is_refused(site_store):
    save_submission(site_store, household_form(NEW_VILLAGE, ("王五", make_id(seq="265"), "01")))
    (household,) = site_store.find("household")
    with pytest.raises(EntityRefused) as refused:
        save_submission(site_store, household_move(household.id, UNKNOWN_VILLAGE))
    assert refused.value.field == "household.village_code"
    assert (refused.value.source_path, refused.value.prop) == ("", "village_code")
    assert UNKNOWN_VILLAGE in refused.value.message_zh
    assert site_store.get(household.id).props["village_code"] == NEW_VILLAGE
    assert site_store.count("submission") == 1
    save_submission(site_store, household_move(household.id, "361130104202"))
    assert site_store.get(household.id).props["village_code"] == "361130104202"


def test_a_village_profile_numbers_its_households_and_refuses_another_village(store):
    from bangfu_testdata import VILLAGE

    save_submission(store, household_form(VILLAGE, ("王五", make_id(seq="221"), "01")))
    (household,) = store.find("household")
    assert household.props["household_no"] == VILLAGE + "0001" and household.scope == VILLAGE
    with pytest.raises(EntityRefused) as refused:
        save_submission(store, household_form("361130104202", ("李四", make_id(seq="222"), "01")))
    assert refused.value.field == "household.village_code" and "361130104202" in str(refused.value)
    assert store.count("household") == 1 and store.count("person") == 1


def test_an_id_number_on_file_refuses_the_whole_submission(store):
    from bangfu_testdata import VILLAGE

    number = make_id(seq="231")
    save_submission(store, household_form(VILLAGE, ("王五", number, "01")))
    before = (store.count("household"), store.count("person"), store.count("submission"))
    again = household_form(VILLAGE, ("李四", make_id(seq="232"), "01"),
                           ("王武", number.lower() if number[-1] == "X" else number, "02"))
    with pytest.raises(EntityRefused) as refused:
        save_submission(store, again)
    error = refused.value
    assert error.field == "person.id_number"
    assert (error.list_name, error.source_path, error.prop) == ("person", "members[2]", "id_number")
    assert "已登记" in error.message_zh and mask_id(number) in error.message_zh
    assert number not in str(error) + error.message_en and "王" not in error.message_zh
    assert (store.count("household"), store.count("person"), store.count("submission")) == before


def test_one_id_number_given_twice_in_a_submission_is_refused(store):
    from bangfu_testdata import VILLAGE

    number = make_id(seq="241")
    with pytest.raises(EntityRefused) as refused:
        save_submission(store, household_form(VILLAGE, ("王五", number, "01"),
                                              ("王武", number, "03")))
    assert refused.value.source_path == "members[2]" and "另一名成员" in refused.value.message_zh
    assert number not in refused.value.message_zh
    assert store.count("household") == 0 and store.count("person") == 0


def test_a_bad_id_checksum_names_the_members_question(store):
    from bangfu_testdata import VILLAGE

    good = make_id(seq="251")
    wrong = make_id(seq="252")
    wrong = wrong[:17] + ("1" if wrong[17] != "1" else "2")
    with pytest.raises(EntityRefused) as refused:
        save_submission(store, household_form(VILLAGE, ("王五", good, "01"), ("王小", wrong, "04")))
    error = refused.value
    assert (error.field, error.source_path, error.prop) == ("person.id_number", "members[2]",
                                                            "id_number")
    form = load_form(BUILTIN / "household_registration.xlsx")
    assert field_path(form, error.list_name, error.source_path, error.prop) == "members[2]/id_number"
    assert field_path(form, "household", "", "village_code") == "village_code"
    assert store.count("person") == 0


# -- forms about a person: 劳动力信息登记's words, nobody's records ------------------------


def _person(store, **props) -> str:
    from registry.store import Create
    from sync.protocol import new_id

    household, person = new_id(), new_id()
    store.write([Create("household", {"household_no": "3611301042010001", "head_name": "王大"},
                        entity_id=household),
                 Create("person", {"name": "王兰琳", "id_number": make_id(seq="322"),
                                   "relation": "之女", "household_id": household,
                                   "labour_class": "普通劳动力", **props}, entity_id=person)])
    return person


def labour_form(store, person_id: str | None, answers: dict) -> dict:
    """The built-in 劳动力信息登记 answered for ``person_id`` as the form widget submits it."""
    rows = []
    if person_id:
        rows = [{**store.get(person_id).props, "name": person_id}]
    session = FormSession(load_form(BUILTIN / "labour_force_registration.xlsx"), language="zh",
                          entity_lists={"person": rows})
    for path, value in {"person_id": person_id or "", "labour_class": "ordinary",
                        "health": ["healthy"], "wish_work_away": "0", **answers}.items():
        session.set_value(path, value)
    assert session.validate() == [], session.validate()
    return session.submission().to_dict()


def test_the_labour_registration_stores_the_words_a_followup_stores(store):
    """The tester: 就业状态 was stored as "unemployed", 未就业原因 as "illness", and the work
    list showed "unemployed" in 务工状态."""
    from registry.worklist import work_rows

    person = _person(store, work_status="自主外出务工")
    save_submission(store, labour_form(store, person, {"employment_status": "unemployed",
                                                       "not_working_reason": "illness"}))
    props = store.get(person).props
    assert (props["employment_status"], props["not_working_reason"]) == ("未就业", "生病")
    assert props["work_status"] == "未就业"  # the list shows the registered status
    (row,) = work_rows(store, today=TODAY)
    assert row.work_status == "未就业"


@pytest.mark.parametrize(("before", "after"), [("有组织劳务输出", "有组织劳务输出"),
                                               ("未就业", "就业"), (None, "就业")],
                         ids=["a channel is kept", "not working before", "no status before"])
def test_registered_at_work_keeps_a_known_channel(store, before, after):
    person = _person(store, **({"work_status": before} if before else {}))
    save_submission(store, labour_form(store, person, {"employment_status": "employed"}))
    props = store.get(person).props
    assert props["employment_status"] == "就业" and props["work_status"] == after


def test_a_record_about_nobody_is_refused(store):
    """A follow-up opened with no one selected saved a visit of nobody's."""
    session = FormSession(load_form(BUILTIN / "employment_followup.xlsx"), language="zh",
                          clock=lambda: datetime(2026, 11, 22, 10, 0))
    for path, value in {"employment_status": "unemployed", "return_reason": "care"}.items():
        session.set_value(path, value)
    assert session.validate() == []
    save_draft(store, draft_id="d1", form_id="employment_followup", form_version="1",
               answers={"a": 1})
    with pytest.raises(EntityRefused) as refused:
        save_submission(store, session.submission().to_dict(), draft_id="d1")
    assert refused.value.field == "visit.person_id" and "选中此人" in refused.value.message_zh
    assert store.find("visit") == [] and store.find("submission") == []
    assert load_draft(store, "d1") == {"a": 1}


def test_the_household_form_asks_the_village_group_and_the_work_list_filters_by_it(store):
    """农户信息登记 had no 村民小组: a household registered by form fell out of the work
    list's group filter."""
    from registry.worklist import WorkFilter, work_view

    session = FormSession(load_form(BUILTIN / "household_registration.xlsx"), language="zh",
                          clock=lambda: datetime(2026, 11, 22, 10, 0))
    number = make_id(seq="611")
    for path, value in {"village_code": "361130104201", "village_group": " 3组 ",
                        "head_name": "王五", "category": "ordinary", "relocated": "0",
                        "members[1]/full_name": "王五", "members[1]/id_number": number,
                        "members[1]/sex": "1", "members[1]/birth_date": "1985-03-15",
                        "members[1]/relation": "01", "members[1]/health": ["healthy"],
                        "members[1]/labour_class": "ordinary"}.items():
        session.set_value(path, value)
    assert session.validate() == [], session.validate()
    assert session.form.by_name("village_group").label("zh") == "村民小组"
    save_submission(store, session.submission().to_dict())
    (household,) = store.find("household")
    assert household.props["village_group"] == "3组"
    view = work_view(store, today=TODAY, wanted=WorkFilter(group="3组"))
    assert view.choices["group"] == ["3组"] and view.total == 1
