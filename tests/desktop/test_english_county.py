"""The county pages in the English UI: ASCII brackets and separators instead of the
full-width （）、；, and stored Chinese words (work region, tier, group, relation, kind)
shown by their English label — display only, the stored values stay as they are."""

from __future__ import annotations

import pytest
from county_subsidy_data import AS_OF, COUNTY, county_store, pack_2026, people
from PySide6.QtCore import QCoreApplication, Qt

from desktop.background import BackgroundRunner
from desktop.county.conflicts import shown_value
from desktop.county.duplicates import COMPARED, ComparisonModel
from desktop.county.policy_page import PolicyPage
from desktop.county.subsidy_page import SubsidyPage, SubsidyTableModel, rule_name
from desktop.i18n import LANGUAGE_PROPERTY
from desktop.models import PersonTableModel, SortRole
from desktop.places import label
from desktop.text import bracketed, clauses, listed, word
from registry.county_conflicts import ConflictValue
from registry.county_duplicates import PersonSide
from registry.county_subsidy import DuplicateClaim
from registry.places import PlaceNames
from registry.policy.distribute import add_county_pack
from registry.store import Entity

FULL_WIDTH = set("（）、；")


@pytest.fixture
def county(tmp_path):
    store = county_store(tmp_path / "county")
    yield store
    BackgroundRunner.stop_all()
    store.close()


def test_punctuation_and_words_follow_the_ui_language(qapp):
    assert bracketed("思口镇思溪村", "361130104201") == "思口镇思溪村（361130104201）"
    assert (listed(["甲", "乙"]), clauses(["a", "b"]), word("省外")) == ("甲、乙", "a；b", "省外")


def test_english_punctuation_and_words(english):
    assert bracketed("思口镇思溪村", "361130104201") == "思口镇思溪村 (361130104201)"
    assert (listed(["甲", "乙"]), clauses(["a", "b"])) == ("甲, 乙", "a; b")
    assert [word(w) for w in ("省外", "三类", "脱贫人口", "之子", "村委会", "全国")] == [
        "Other province", "Class 3", "Lifted out of poverty", "Son", "Village committee",
        "Nationwide"]
    assert word("某个新词") == "某个新词"  # no label: the stored word as it is
    places = PlaceNames()
    assert label(places, "361130104201") == f"{places.name('361130104201')} (361130104201)"


def test_a_conflicting_stored_word_is_shown_in_english(english):
    value = ConflictValue("c1", "本地企业或园区", "u", "d", 0, True, "work_status")
    assert shown_value(value, kind="edit") == "Local firm or industrial park"
    assert value.value == "本地企业或园区"


def test_duplicates_compare_words_and_members_in_english(english):
    side = PersonSide("p1", "周海明", "3611**********3358", "男", "1969-07-11", "361130104201",
                      "户主", "h1", "3611301042010001", "周海明",
                      (("夏秀美", "配偶"), ("周斌", "之子")), 1, "2026-11-03", ())
    model = ComparisonModel()
    model.set_pair((side, side))
    shown = {model.headerData(r, Qt.Orientation.Vertical): model.index(r, 0).data()
             for r in range(len(COMPARED))}
    assert (shown["Sex"], shown["Relation to head"]) == ("Male", "Head")
    assert shown["Other members"] == "夏秀美 (Spouse), 周斌 (Son)"


def _cells(table, skip: tuple[int, ...] = ()) -> list[str]:
    return [table.item(r, c).text() for r in range(table.rowCount())
            for c in range(table.columnCount()) if c not in skip and table.item(r, c)]


def test_policy_page_in_english_has_no_full_width_brackets(qtbot, county, english):
    page = PolicyPage(BackgroundRunner(county), today=lambda: AS_OF)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.packs.rowCount() > 0 and page.wage_table.rowCount() > 0,
                    timeout=10_000)
    packs = {page.packs.item(r, 0).data(256): r for r in range(page.packs.rowCount())}
    wuyuan = packs["wuyuan_2021"]
    assert page.packs.item(wuyuan, 0).text().endswith(" (wuyuan_2021)")
    assert page.packs.item(wuyuan, 1).text() == "Wuyuan County"
    assert page.packs.item(packs["national_2021"], 1).text() == "Nationwide"
    assert page.packs.item(packs["jiangxi_2020"], 1).text() == "Jiangxi"
    # the source columns quote documents word for word; every other cell is English
    for text in (*_cells(page.packs, skip=(5,)), *_cells(page.wage_table, skip=(7,))):
        assert not FULL_WIDTH & set(text), text
    tiers = {page.wage_table.item(r, 1).text() for r in range(page.wage_table.rowCount())}
    assert {"Class 1", "Class 2", "Class 3"} <= tiers


def test_subsidy_grounds_name_groups_and_regions_in_english(qtbot, county, english):
    ids = people(county)
    add_county_pack(county, pack_2026(), region=COUNTY)
    page = SubsidyPage(BackgroundRunner(county), today=lambda: AS_OF)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.rule.count() == 2, timeout=10_000)
    page.compute_list()
    qtbot.waitUntil(lambda: page.current is not None and not page.bar.isVisible(),
                    timeout=10_000)
    row = next(r for r in range(page.model.rowCount())
               if page.model.row_at(r).person_id == ids["张三"])
    grounds = page.model.index(row, SubsidyTableModel.COL_REASONS).data()
    assert "in group Lifted out of poverty" in grounds
    assert "work region Other province is allowed" in grounds
    assert not FULL_WIDTH & set(grounds) and "至" not in grounds


def test_list_columns_of_stored_words_show_english_and_sort_on_the_stored_word(english):
    person = Entity("p1", "person", "361130104201", "h1", {
        "name": "李志", "sex": "男", "relation": "之子", "labour_class": "普通劳动力",
        "work_status": "自主外出务工"}, {}, False, None)
    model = PersonTableModel()
    model.set_rows([person])
    shown = [model.index(0, c).data() for c in (PersonTableModel.COL_NAME,
                                                 PersonTableModel.COL_SEX,
                                                 PersonTableModel.COL_RELATION,
                                                 PersonTableModel.COL_LABOUR,
                                                 PersonTableModel.COL_WORK)]
    assert shown == ["李志", "Male", "Son", "Ordinary labour", "Work away, self-arranged"]
    assert model.index(0, PersonTableModel.COL_SEX).data(SortRole) == "男"
    assert person.props["relation"] == "之子"  # display only


def test_a_duplicate_claim_names_its_rule_in_the_ui_language(qapp):
    named = DuplicateClaim("wy2026_transport", "2026", "p", "张三", "0001", ("a", "b"), (),
                           "2026年跨省务工一次性交通补助", "2026 inter-province transport subsidy")
    assert rule_name(named) == "2026年跨省务工一次性交通补助"
    qapp.setProperty(LANGUAGE_PROPERTY, "en")
    try:
        assert rule_name(named) == "2026 inter-province transport subsidy"
        unknown = DuplicateClaim("gone_rule", "2026", "p", "张三", "0001", ("a", "b"), ())
        assert rule_name(unknown) == "gone_rule"  # no pack has it: its id
    finally:
        qapp.setProperty(LANGUAGE_PROPERTY, None)


@pytest.mark.parametrize(("context", "source", "one", "three"), [
    ("DevicesPage", "共 %n 台设备，%1 台超过 %2 天未同步（%3 读取）",
     "1 device, %1 not synced", "3 devices, %1 not synced"),
    ("ExportDialog", "已导出 %n 行（%1）：%2", "1 row exported (%1)", "3 rows exported (%1)"),
    ("ExportDialog", "发现 %n 条疑点数据，尚未导出。请先核实更正；确需导出请点“仍然导出”，疑点将另列一表（疑点数据）。",
     "1 finding of the national checks", "3 findings of the national checks"),
    ("FilePage", "已修复乱码：%n 个单元格是 GBK 文字被当作 Latin-1/cp1252 读取后的乱码，已还原为中文，请核对预览。",
     "Garbled text repaired: 1 cell was GBK", "Garbled text repaired: 3 cells were GBK"),
    ("LedgersPage", "上次导入：新增 %n 人，更新 %1 人", "Last import: 1 person added, %1 updated",
     "Last import: 3 people added, %1 updated"),
    ("SubsidyPage", "正在计算名单… %1/%n 个村", "Building the list… %1/1 village",
     "Building the list… %1/3 villages"),
    ("SubsidyPage", "已导出 %n 行到 %1", "Exported 1 row to %1", "Exported 3 rows to %1"),
])
def test_county_counts_have_a_singular_and_a_plural_in_english(english, context, source, one,
                                                                three):
    """Counts on the county pages that a test does not reach through a page (a devices page
    needs the county server; an export, a repaired file, a 100-village list take long)."""
    assert QCoreApplication.translate(context, source, "", 1).startswith(one)
    assert QCoreApplication.translate(context, source, "", 3).startswith(three)
