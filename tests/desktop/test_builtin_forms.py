"""The built-in forms filled by typing and clicking, then what the registry stored."""

from __future__ import annotations

from bangfu_testdata import make_id
from PySide6.QtCore import Qt

from registry.submissions import load_draft

HEAD_ID = make_id(birth="19850315", seq="123")  # male
DAUGHTER_ID = make_id(birth="20100315", seq="124")  # female


def fill_household(filler) -> None:
    filler.type("village_code", "361130104201")
    filler.type("head_name", "王五")
    filler.type("phone", "13800138000")
    filler.click("category", "脱贫不稳定户")
    filler.click("risks", "因病")
    filler.click("risks", "因务工就业不稳")
    filler.click("relocated", "否")
    fill_member(filler, 1, name="王五", id_number=HEAD_ID, sex="男", birth="19850315",
                relation="户主", labour="普通劳动力")
    filler.widget.add_repeat("members")
    fill_member(filler, 2, name="王小", id_number=DAUGHTER_ID, sex="女", birth="20100315",
                relation="之女", labour="无劳动力")
    filler.click("members[2]/in_school", "是")


def fill_member(filler, index: int, *, name: str, id_number: str, sex: str, birth: str,
                relation: str, labour: str) -> None:
    path = f"members[{index}]"
    filler.type(f"{path}/full_name", name)
    filler.type(f"{path}/id_number", id_number)
    filler.click(f"{path}/sex", sex)
    filler.type(f"{path}/birth_date", birth)
    filler.choose(f"{path}/relation", relation)
    filler.click(f"{path}/health", "健康")
    filler.click(f"{path}/labour_class", labour)


def test_household_registration_with_two_members_is_stored(open_form, store, qtbot):
    filler = open_form("household_registration")
    fill_household(filler)
    assert filler.session.text("members[1]/birth_date") == "1985-03-15"
    assert filler.session.validate() == []
    with qtbot.waitSignal(filler.widget.submitted) as signal:
        filler.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert signal.args[0].created
    (household,) = store.find("household")
    assert household.props["head_name"] == "王五"
    assert household.props["household_type"] == "100A03001"
    assert household.props["risks"] == ["因病", "因务工就业不稳"]
    people = {p.props["name"]: p for p in store.find("person")}
    assert set(people) == {"王五", "王小"}
    assert people["王五"].props["id_number"] == HEAD_ID and people["王五"].props["relation"] == "户主"
    assert people["王小"].props["sex"] == "女" and people["王小"].parent == household.id
    (record,) = store.find("submission")
    assert record.props["answers"]["members"][1]["full_name"] == "王小"
    assert {c.entity_id for c in store.journal()} >= {household.id, *(p.id for p in people.values())}
    assert load_draft(store, filler.widget.draft_id) is None


def test_employment_followup_warns_on_income_drop_and_still_submits(open_form, store, qtbot):
    person = store.create("person", {"name": "李四", "id_number": HEAD_ID, "monthly_income": 4000})
    filler = open_form("employment_followup", values={"person_id": person})
    assert filler.session.text("last_income") == "4000"
    filler.click("employment_status", "就业")
    assert filler.visible("work/channel")
    filler.choose("work/channel", "本地企业")
    filler.click("work/work_place", "县内")
    filler.type("work/months_worked", "6")
    filler.type("work/monthly_income", "1500")
    assert filler.warning("work/monthly_income")
    assert filler.message("work/monthly_income") == ""
    with qtbot.waitSignal(filler.widget.submitted):
        assert filler.widget.submit()
    (visit,) = store.find("visit")
    assert visit.props["monthly_income"] == 1500 and visit.props["person_id"] == person
    assert visit.props["employment_status"] == "employed"


def test_public_welfare_agreement_longer_than_a_year_is_refused(open_form, store):
    person = store.create("person", {"name": "赵六", "id_number": HEAD_ID})
    filler = open_form("public_welfare_post", values={"person_id": person})
    filler.click("action", "上岗")
    filler.choose("appointment/post_type", "保洁")
    filler.type("appointment/agreement_start", "20260101")
    filler.type("appointment/agreement_end", "20270601")
    filler.type("appointment/monthly_subsidy", "1200")
    filler.type("appointment/minimum_wage", "1900")
    filler.click("appointment/accident_insurance", "是")
    assert filler.message("appointment/agreement_end")  # inline, as soon as it is typed
    assert not filler.widget.submit()
    assert store.find("post") == [] and store.find("submission") == []
    end = filler.row("appointment/agreement_end")
    assert end.editor.widget.hasFocus()
    assert filler.widget.banner.isVisibleTo(filler.widget)
    assert filler.message("appointment/monthly_subsidy") == ""  # 1200 <= 1900 once wage typed
