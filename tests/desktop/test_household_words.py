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
