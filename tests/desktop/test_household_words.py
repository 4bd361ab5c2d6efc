"""The household page shows the built-in forms' answers as words, not choice names: a
follow-up's work place 省外 (it showed "outside"), its needs 职业介绍、技能培训 ("referral、
training"), a service's 政策宣传、职业指导; and in the English UI the stored words too
(relation, sex, labour class, work status, household type, follow-up status)."""

from __future__ import annotations

from datetime import date

import pytest
from bangfu_testdata import make_id
from PySide6.QtCore import Qt

from desktop.background import BackgroundRunner
from desktop.household_page import HouseholdPage
from desktop.models import IdRole


@pytest.fixture
def household(store) -> str:
    household = store.create("household", {"household_no": "361130104201001",
                                           "head_name": "罗海", "household_type": "脱贫户"})
    head = store.create("person", {"household_id": household, "name": "罗海", "relation": "户主",
                                   "sex": "男", "labour_class": "普通劳动力",
                                   "work_status": "自主外出务工",
                                   "id_number": make_id(birth="19820315", seq="611")})
    store.create("visit", {"person_id": head, "visit_date": "2026-11-10",
                           "employment_status": "employed", "channel": "away",
                           "work_place": "outside", "needs": "referral training"})
    store.create("service", {"person_id": head, "service_date": "2026-11-12",
                             "services": ["policy", "guidance"]})
    store.create("visit", {"person_id": head, "visit_date": "2026-10-10",
                           "employment_status": "employed", "work_place": "广东省 深圳市"})
    return household


def _page(qtbot, store, household: str) -> tuple[HouseholdPage, BackgroundRunner]:
    runner = BackgroundRunner(store)
    page = HouseholdPage(runner)
    qtbot.addWidget(page)
    page.show()
    page.show_household(household)
    qtbot.waitUntil(lambda: page.file is not None and page.visits.rowCount() == 2
                    and page.services.rowCount() == 1, timeout=5000)
    return page, runner


def _row(model, row: int = 0) -> dict[str, str]:
    return {model.headerData(c, Qt.Orientation.Horizontal): model.index(row, c).data()
            for c in range(model.columnCount())}


def test_answers_read_as_words_in_chinese(qtbot, store, household):
    page, runner = _page(qtbot, store, household)
    visit = _row(page.visits)
    assert visit["务工地"] == "省外" and visit["需求"] == "职业介绍、技能培训"
    assert _row(page.visits, 1)["务工地"] == "广东省 深圳市"  # typed: as it is, not split"
    assert visit["就业状况"] == "就业" and visit["就业渠道"] == "自主外出务工"
    assert _row(page.services)["内容"] == "政策宣传、职业指导"
    member = _row(page.members)
    assert (member["与户主关系"], member["性别"], member["劳动技能"], member["务工状态"]) == (
        "户主", "男", "普通劳动力", "自主外出务工")
    runner.wait()


def test_answers_and_stored_words_read_in_english(qtbot, english, store, household):
    page, runner = _page(qtbot, store, household)
    visit = _row(page.visits)
    assert visit["Work place"] == "Other province"
    assert visit["Needs"] == "Job referral, Training"
    assert (visit["Employment status"], visit["Channel"]) == ("Employed", "Work away, self-arranged")
    assert _row(page.services)["Content"] == "Policy briefing, Career guidance"
    member = _row(page.members)
    assert (member["Relation to head"], member["Sex"], member["Labour class"], member["Work status"]) == (
        "Head", "Male", "Ordinary labour", "Work away, self-arranged")
    tags = [w.text() for w in page.findChildren(type(page.title), "tag")]
    assert "Lifted-out household" in tags
    runner.wait()


def test_a_training_signed_up_at_the_desk_shows_its_day(qtbot, store, household):
    """The desk's training sign-up was listed under 服务与培训 with an empty 日期."""
    from registry import desk

    head = store.find("person", parent=household)[0].id
    desk.record_training(store, person_id=head, course="电工上岗培训", training_type="skill",
                         today=date(2026, 11, 20))
    runner = BackgroundRunner(store)
    page = HouseholdPage(runner)
    qtbot.addWidget(page)
    page.show()
    page.show_household(household)
    qtbot.waitUntil(lambda: page.services.rowCount() == 2, timeout=5000)
    rows = [_row(page.services, r) for r in range(2)]
    assert [(r["日期"], r["内容"]) for r in rows] == [("2026-11-20", "电工上岗培训"),
                                                    ("2026-11-12", "政策宣传、职业指导")]
    runner.wait()


def test_alerts_read_as_the_alerts_page_names_them_in_columns_wide_enough(qtbot, store,
                                                                          household):
    """预警 showed the raw kind national_check_duplicate_id where the 预警 page says
    证件号码重复, and its columns were cut to 本… and 冯… (sized before the alerts came)."""
    head = store.find("person", parent=household)[0]
    store.create("person", {"household_id": household, "name": "冯家重复登记人",
                            "relation": "之子", "id_number": head.props["id_number"]})
    page, runner = _page(qtbot, store, household)
    qtbot.waitUntil(lambda: page.alerts.rowCount() > 0, timeout=10_000)
    kinds = {page.alerts.row_at(r).kind: _row(page.alerts, r)["预警"]
             for r in range(page.alerts.rowCount())}
    assert kinds["national_check_duplicate_id"] == "证件号码重复"
    view = next(v for v in page.views if v.model() is page.alerts)
    for column in range(page.alerts.columnCount() - 1):  # the last one stretches
        assert view.columnWidth(column) >= view.sizeHintForColumn(column), column
    from desktop.alerts_page import kind_label  # one set of words for both pages

    assert all(text == kind_label(kind) and text != kind for kind, text in kinds.items())
    runner.wait()


def test_money_work_spells_and_follow_up_services(qtbot, store, household):
    """月收入 showed 5200.0; 务工记录 was empty with no word although the member works away;
    服务与培训 left out the services given during a follow-up."""
    head = store.find("person", parent=household)[0].id
    store.create("visit", {"person_id": head, "visit_date": "2026-11-15",
                           "employment_status": "employed", "monthly_income": 5200.0,
                           "services": ["policy", "referral"]})
    runner = BackgroundRunner(store)
    page = HouseholdPage(runner)
    qtbot.addWidget(page)
    page.show()
    page.show_household(household)
    qtbot.waitUntil(lambda: page.file is not None and page.visits.rowCount() == 3, timeout=5000)
    assert _row(page.visits)["月收入"] == "5,200"
    assert _row(page.spells)["月收入"] == "5,200" and page.spells_note.isHidden()
    services = [_row(page.services, r) for r in range(page.services.rowCount())]
    assert [(r["类别"], r["日期"], r["内容"]) for r in services] == [
        ("走访时服务", "2026-11-15", "政策宣传、职业介绍"),
        ("就业服务", "2026-11-12", "政策宣传、职业指导")]
    runner.wait()


def test_a_work_spell_on_file_is_listed_beside_the_follow_ups(qtbot, store, household):
    head = store.find("person", parent=household)[0].id
    store.create("work_spell", {"person_id": head, "start_date": "2026-03-01",
                                "employer": "深圳某厂", "monthly_income": "4800.5"})
    page, runner = _page(qtbot, store, household)
    qtbot.waitUntil(lambda: page.spells.rowCount() == 3, timeout=5000)
    rows = [_row(page.spells, r) for r in range(3)]
    assert [(r["开始"], r["结束"], r["单位"], r["月收入"], r["来源"]) for r in rows] == [
        ("2026-03-01", "", "深圳某厂", "4,800.5", "务工记录"),  # no end: still going on
        ("2026-11", "2026-11", "", "", "走访 1 次"), ("2026-10", "2026-10", "", "", "走访 1 次")]
    assert page.spells_note.isHidden()
    runner.wait()


def test_the_work_tab_shows_each_members_spells_from_the_follow_ups(qtbot, store, household):
    """务工记录 always said 尚无务工记录 though every follow-up records the work: a member's
    follow-ups at the same place and employer are one row, a change of work another, newest
    first; choosing a row chooses its member."""
    head = store.find("person", parent=household)[0].id
    son = store.create("person", {"household_id": household, "name": "罗小海", "relation": "之子",
                                  "birth_date": "2002-05-01"})
    for day, place, employer, income in (("2026-04-08", "county", "帮扶车间", 2600),
                                         ("2026-05-09", "county", "帮扶车间", 2800),
                                         ("2026-07-11", "outside", "东莞某电子厂", 5600)):
        store.create("visit", {"person_id": son, "visit_date": day, "channel": "workshop"
                               if place == "county" else "away", "employment_status": "employed",
                               "work_place": place, "employer": employer,
                               "monthly_income": income})
    store.create("visit", {"person_id": son, "visit_date": "2026-06-10",
                           "employment_status": "returned", "return_reason": "care"})
    runner = BackgroundRunner(store)
    page = HouseholdPage(runner)
    qtbot.addWidget(page)
    page.show()
    page.show_household(household)
    qtbot.waitUntil(lambda: page.spells.rowCount() == 4, timeout=5000)
    page.tabs.setCurrentIndex(1)
    assert page.tabs.tabText(1) == "务工记录" and page.spell_view.isVisible()
    rows = [_row(page.spells, r) for r in range(4)]
    assert [(r["姓名"], r["开始"], r["结束"], r["务工地"], r["就业渠道"], r["单位"], r["月收入"],
             r["来源"]) for r in rows] == [
        ("罗海", "2026-11", "2026-11", "省外", "自主外出务工", "", "", "走访 1 次"),
        ("罗海", "2026-10", "2026-10", "广东省 深圳市", "", "", "", "走访 1 次"),  # typed
        ("罗小海", "2026-07", "2026-07", "省外", "自主外出务工", "东莞某电子厂", "5,600", "走访 1 次"),
        ("罗小海", "2026-04", "2026-05", "县内", "就业帮扶车间", "帮扶车间", "2,800", "走访 2 次")]
    assert page.spells_note.isHidden()
    page.spell_view.selectRow(3)
    assert page.selected_member().id == son
    page.spell_view.selectRow(0)
    assert page.selected_member().id == head
    runner.wait()


def test_with_no_follow_up_saying_employed_the_work_tab_says_why_it_is_empty(qtbot, store):
    household = store.create("household", {"household_no": "361130104201002",
                                           "head_name": "王大"})
    head = store.create("person", {"household_id": household, "name": "王大",
                                   "relation": "户主", "work_status": "在家"})
    store.create("visit", {"person_id": head, "visit_date": "2026-11-10",
                           "employment_status": "at_home", "return_reason": "care"})
    runner = BackgroundRunner(store)
    page = HouseholdPage(runner)
    qtbot.addWidget(page)
    page.show()
    page.show_household(household)
    qtbot.waitUntil(lambda: page.file is not None and page.visits.rowCount() == 1,
                    timeout=5000)
    assert page.spells.rowCount() == 0 and not page.spells_note.isHidden()
    note = page.spells_note.text()
    assert note.startswith("尚无务工记录") and "王大：在家" in note
    runner.wait()


def test_the_work_spells_model_passes_the_model_tester(qtbot, qtmodeltester, store, household):
    from registry.household_file import household_file

    page = HouseholdPage(BackgroundRunner(store))
    qtbot.addWidget(page)
    file = household_file(store, household, today=date(2026, 12, 1), with_alerts=False,
                          packs=[])
    page.file = file
    page.spells.set_rows(file.spells)
    qtmodeltester.check(page.spells)
    assert page.spells.rowCount() == 2  # 省外, then (a month before) typed 广东省 深圳市
    assert page.spells.index(0, 0).data() == "罗海"
    assert page.spells.index(0, 0).data(IdRole) == file.spells[0].id


def test_the_head_is_the_first_member(qtbot, store, household):
    """Members were listed in arrival order (by name after a sync): the 户主 not first."""
    for name, relation, born in (("艾小妹", "之女", "2006-01-01"), ("白妻", "配偶", "1984-02-02")):
        store.create("person", {"household_id": household, "name": name, "relation": relation,
                                "birth_date": born})
    page, runner = _page(qtbot, store, household)
    assert [_row(page.members, r)["姓名"] for r in range(page.members.rowCount())] == [
        "罗海", "白妻", "艾小妹"]
    assert page.selected_member().props["name"] == "罗海"
    runner.wait()
