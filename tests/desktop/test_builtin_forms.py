"""The built-in forms filled by typing and clicking, then what the registry stored."""

from __future__ import annotations

from datetime import datetime

from bangfu_testdata import PASSPHRASE, TODAY, VILLAGE, make_id
from formfill import Filler
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.background import BackgroundRunner
from desktop.forms import FormGateway, FormWidget
from desktop.forms.catalog import BUILTIN_DIR
from forms.loader import load_form
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.submissions import load_draft

HEAD_ID = make_id(birth="19850315", seq="123")  # male
DAUGHTER_ID = make_id(birth="20100315", seq="124")  # female
NOW = datetime(2026, 11, 22, 10, 0)  # the forms' clock (tests/desktop/conftest.py's)


def fill_household(filler, *, village: str = VILLAGE, head_id: str = HEAD_ID,
                   daughter_id: str = DAUGHTER_ID) -> None:
    filler.type("village_code", village)
    filler.type("head_name", "王五")
    filler.type("phone", "13800138000")
    filler.click("category", "脱贫不稳定户")
    filler.click("risks", "因病")
    filler.click("risks", "因务工就业不稳")
    filler.click("relocated", "否")
    fill_member(filler, 1, name="王五", id_number=head_id, sex="男", birth="19850315",
                relation="户主", labour="普通劳动力")
    filler.widget.add_repeat("members")
    fill_member(filler, 2, name="王小", id_number=daughter_id, sex="女", birth="20100315",
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
    assert household.props["household_no"] == VILLAGE + "0001" and household.scope == VILLAGE
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


def submit_refused(filler, store) -> str:
    """Submit with Ctrl+S, expecting a refusal that changes nothing; the banner's text."""
    before = (store.count("household"), store.count("person"), store.count("submission"))
    submitted = []
    filler.widget.submitted.connect(submitted.append)
    filler.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert submitted == [] and filler.widget.banner.isVisibleTo(filler.widget)
    assert (store.count("household"), store.count("person"), store.count("submission")) == before
    return filler.widget.banner.text()


def test_a_member_already_registered_is_refused_naming_the_member(open_form, store, qtbot):
    first = open_form("household_registration")
    fill_household(first)
    with qtbot.waitSignal(first.widget.submitted):
        first.widget.submit()
    again = open_form("household_registration")
    fill_household(again, head_id=make_id(birth="19850315", seq="155"))  # the daughter again
    banner = submit_refused(again, store)
    assert banner.startswith("家庭成员 2 的证件号码：此人（身份证 ") and "已登记" in banner
    assert DAUGHTER_ID[:4] in banner and DAUGHTER_ID[-4:] in banner
    assert DAUGHTER_ID not in banner and "王" not in banner
    assert QApplication.focusWidget() is again.input("members[2]/id_number")


def test_a_bad_id_checksum_names_the_member(open_form, store):
    wrong = DAUGHTER_ID[:17] + ("1" if DAUGHTER_ID[17] != "1" else "2")
    filler = open_form("household_registration")
    fill_household(filler, daughter_id=wrong)
    banner = submit_refused(filler, store)
    assert banner.startswith("家庭成员 2 的证件号码：") and "校验" in banner
    assert QApplication.focusWidget() is filler.input("members[2]/id_number")


def test_a_village_outside_the_profile_is_refused_at_the_village_code(open_form, store):
    filler = open_form("household_registration")
    fill_household(filler, village="361130104202")
    banner = submit_refused(filler, store)
    assert banner.startswith("村（居）代码 361130104202 不在本设备的范围")
    assert QApplication.focusWidget() is filler.input("village_code")


def test_a_bad_member_phone_says_why(open_form):
    filler = open_form("household_registration")
    filler.type("members[1]/member_phone", "1380013800")
    filler.type("phone", "1380013800")
    assert filler.message("members[1]/member_phone") == filler.message("phone") == (
        "手机号应为以1开头的11位数字")


def test_a_site_profile_of_the_county_registers_into_the_village_typed(qtbot, tmp_path):
    site = Profile(tmp_path / "site", today=lambda: TODAY).create(
        user="desk", passphrase=PASSPHRASE, scope="361130", kdf=KdfParams.fast())
    try:
        widget = FormWidget(load_form(BUILTIN_DIR / "household_registration.xlsx"),
                            store_gateway=FormGateway(BackgroundRunner(site, synchronous=True)),
                            clock=lambda: NOW)
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitUntil(lambda: bool(widget.pages))
        filler = Filler(qtbot, widget)
        fill_household(filler, village="361130100001")
        with qtbot.waitSignal(widget.submitted):
            widget.submit()
        (household,) = site.find("household")
        assert household.props["household_no"] == "3611301000010001"
        assert household.scope == "361130100001"
        assert {p.scope for p in site.find("person")} == {"361130100001"}
    finally:
        BackgroundRunner.stop_all()
        site.close()


def test_a_site_profile_refuses_a_village_no_table_names_at_the_village_code(qtbot, tmp_path):
    """The tester typed 361130104299 on the county's site profile: well formed, in the
    county, but no such village; the household was saved where no list could find it."""
    site = Profile(tmp_path / "site", today=lambda: TODAY).create(
        user="desk", passphrase=PASSPHRASE, scope="361130", kdf=KdfParams.fast())
    try:
        widget = FormWidget(load_form(BUILTIN_DIR / "household_registration.xlsx"),
                            store_gateway=FormGateway(BackgroundRunner(site, synchronous=True)),
                            clock=lambda: NOW)
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
        widget.activateWindow()
        qtbot.waitUntil(widget.isActiveWindow)
        filler = Filler(qtbot, widget)
        fill_household(filler, village="361130104299")
        banner = submit_refused(filler, site)
        assert banner.startswith("村（居）代码 361130104299 不是已知的村")
        assert QApplication.focusWidget() is filler.input("village_code")
        assert site.find("household") == [] and site.find("person") == []
    finally:
        BackgroundRunner.stop_all()
        site.close()
