"""The 补贴名单 and 政策 pages on a real encrypted county profile with synthetic people and
a real county pack workbook: the list model (pytest-qt's model tester), the list computed
off the GUI thread with its reasons, a bulk grant with its refusals, duplicates surfacing,
the audited export, and the policy page's packs, a bad pack refused by sheet/row/column
with nothing written, publish, withdraw and a corrected minimum wage."""

from __future__ import annotations

import json
from datetime import date, datetime

import openpyxl
import pytest
from county_subsidy_data import (
    AS_OF,
    COUNTY,
    REWARD,
    RULES,
    TRANSPORT,
    county_store,
    pack_2026,
    people,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.background import BackgroundRunner
from desktop.county.policy_page import PolicyPage
from desktop.county.subsidy_page import (
    GrantResultDialog,
    StatusRole,
    SubsidyPage,
    SubsidyTableModel,
)
from desktop.models import SortRole
from desktop.workspace import COUNTY as COUNTY_ROLE
from desktop.workspace import POLICY, SUBSIDY, TOWNSHIP, WORKSPACES
from registry import accounts, audit
from registry.claims import record_claim
from registry.county_subsidy import subsidy_list
from registry.policy import BUILTIN_DIR, minimum_wage_of, packs_for
from registry.policy.distribute import add_county_pack, county_packs


@pytest.fixture
def county(tmp_path):
    store = county_store(tmp_path / "county")
    yield store
    BackgroundRunner.stop_all()
    store.close()


@pytest.fixture
def ids(county):
    found = people(county)
    add_county_pack(county, pack_2026(), region=COUNTY)
    return found


def open_page(qtbot, county):
    page = SubsidyPage(BackgroundRunner(county), today=lambda: AS_OF)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.rule.count() == 2, timeout=10_000)
    return page


def computed(qtbot, page, rule_id=TRANSPORT):
    page.rule.setCurrentIndex(page.rule.findData(rule_id))
    page.current = None
    page.compute_list()
    qtbot.waitUntil(lambda: page.current is not None and not page.bar.isVisible(),
                    timeout=10_000)
    return page


def rows_by_name(page):
    return {page.model.row_at(r).name: r for r in range(page.model.rowCount())}


def test_both_pages_are_mounted_for_the_county_only():
    assert SUBSIDY in WORKSPACES[COUNTY_ROLE] and POLICY in WORKSPACES[COUNTY_ROLE]
    assert SUBSIDY not in WORKSPACES[TOWNSHIP] and POLICY not in WORKSPACES[TOWNSHIP]


def test_a_county_window_shows_both_pages(qtbot, county, ids):
    from desktop.main_window import MainWindow

    window = MainWindow(BackgroundRunner(county))
    qtbot.addWidget(window)
    window.show()
    assert {"subsidy", "policy"} <= set(window.pages)
    window.show_page("subsidy")
    page = window.pages["subsidy"]
    qtbot.waitUntil(lambda: page.rule.count() == 2, timeout=10_000)
    window.show_page("policy")
    qtbot.waitUntil(lambda: window.pages["policy"].packs.rowCount() > 0, timeout=10_000)


def test_model_passes_the_model_tester_and_sorts_on_native_values(qtmodeltester, county, ids):
    model = SubsidyTableModel()
    model.set_rows(subsidy_list(county, rule_id=TRANSPORT, period="2026", as_of=AS_OF).candidates)
    assert model.rowCount() == 3
    qtmodeltester.check(model)
    amounts = [model.index(r, SubsidyTableModel.COL_AMOUNT).data(SortRole) for r in range(3)]
    assert amounts == [600.0, 600.0, 600.0]
    assert {model.index(r, 0).data(StatusRole) for r in range(3)} == {"eligible", "undecided"}


def test_no_pack_in_force_is_said_plainly(qtbot, county):
    people(county)
    page = SubsidyPage(BackgroundRunner(county), today=lambda: AS_OF)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.notice.text() != "", timeout=10_000)
    said, todo = page.notice.text().split("\n")
    assert said == "婺源县 2026-11-22：没有有效的政策包"
    assert "“政策”页" in todo and "载入县级政策包…" in todo and "评估日期" in todo
    assert page.rule.count() == 0 and not page.compute.isEnabled()


def test_list_shows_amount_reasons_and_filters(qtbot, county, ids):
    page = computed(qtbot, open_page(qtbot, county))
    rows = rows_by_name(page)
    assert set(rows) == {"张三", "李四", "王五"}
    cell = page.model.index(rows["张三"], SubsidyTableModel.COL_REASONS).data()
    assert "属于脱贫人口" in cell and "已稳定就业8个月（要求3个月以上）" in cell
    assert page.model.index(rows["张三"], SubsidyTableModel.COL_AMOUNT).data() == "600 元"
    assert page.model.index(rows["王五"], 0).data() == "待核实（事实不全）"
    assert page.count.text() == "显示 3 人；符合 2 人，金额合计 1,200 元"
    page.status.setCurrentIndex(page.status.findData("eligible"))
    assert page.proxy.rowCount() == 2
    village = page.model.index(rows["张三"], SubsidyTableModel.COL_VILLAGE)
    qtbot.waitUntil(lambda: village.data().endswith("村"), timeout=10_000)  # names read
    assert village.data().startswith("思口镇") and village.data(
        Qt.ItemDataRole.ToolTipRole).startswith("婺源县思口镇")
    other = page.village.findData("361130104202")
    assert page.village.itemText(other) == "思口镇高枧村"
    assert page.village.itemData(other, Qt.ItemDataRole.ToolTipRole).endswith("\n361130104202")
    page.village.setCurrentIndex(other)
    assert page.proxy.rowCount() == 1
    page.status.setCurrentIndex(0)
    page.village.setCurrentIndex(0)
    page.search.setText("王五")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)
    with qtbot.waitSignal(page.open_household) as opened:
        page.view.doubleClicked.emit(page.proxy.index(0, 1))
    assert opened.args == [page.runner.call(lambda s: s.get(ids["王五"])).parent]
    computed(qtbot, page, REWARD)
    unstated = page.model.index(0, SubsidyTableModel.COL_AMOUNT).data()
    assert unstated == "金额未规定"


def test_the_list_is_read_village_by_village_and_can_be_stopped(qtbot, county, ids):
    page = open_page(qtbot, county)
    seen = []
    page.bar.valueChanged.connect(lambda value: seen.append((value, page.bar.maximum())))
    computed(qtbot, page)
    assert (1, 2) in seen and len(page.current.candidates) == 3
    page.current = None
    page.compute_list()
    assert page.stop.isVisible()
    page.stop_computing()
    page.runner.wait()
    qtbot.wait(200)
    assert page.current is None and page.count.text() == "已停止" and not page.bar.isVisible()
    assert page.compute.isEnabled()


def test_a_bad_period_is_named_and_nothing_is_listed(qtbot, county, ids, monkeypatch):
    from desktop import background

    shown = []
    monkeypatch.setattr(background, "show_error", lambda _parent, exc: shown.append(exc))
    page = open_page(qtbot, county)
    page.period.setText("2026-13")
    page.compute_list()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0].field == "subsidy.period" and page.current is None
    assert not page.bar.isVisible() and page.compute.isEnabled()


def test_bulk_grant_records_claims_and_lists_refusals(qtbot, county, ids):
    page = computed(qtbot, open_page(qtbot, county))
    page.search.setText("")
    page.view.selectAll()
    assert len(page.selected()) == 3 and page.grant_button.text() == "发放选中（3 人）"
    with qtbot.waitSignal(page.granted, timeout=10_000) as signal:
        page.grant([c.person_id for c in page.selected()])
    result = signal.args[0]
    assert len(result.granted) == 2 and [r.name for r in result.refused] == ["王五"]
    dialog = page.result_dialog
    assert isinstance(dialog, GrantResultDialog) and dialog.isVisible()
    assert dialog.summary.text() == "已登记 2 人；未登记 1 人（原因见下表）。"
    assert dialog.table.item(0, 2).text() == "未知：未记录务工开始日期或月数"
    claims = {c.props["person_id"]: c.props
              for c in page.runner.call(lambda s: s.find("claim"))}
    assert set(claims) == {ids["张三"], ids["李四"]}
    assert all(c["amount"] == 600 and c["period"] == "2026" for c in claims.values())
    # the broadcast re-reads the list: both now granted
    qtbot.waitUntil(lambda: sum(page.model.row_at(r).status == "granted"
                                for r in range(page.model.rowCount())) == 2, timeout=10_000)


def _recorded_twice(qtbot, county, pid: str) -> SubsidyPage:
    """The page, once it lists ``pid``'s transport claim recorded twice."""
    for _ in range(2):
        record_claim(county, rule_id=TRANSPORT, subject_id=pid, person_id=pid, amount=600,
                     period="2026", check=lambda _s, _c: [], granted_on=AS_OF)
    page = open_page(qtbot, county)
    qtbot.waitUntil(lambda: page.duplicates.rowCount() == 1, timeout=10_000)
    return page


def test_a_claim_recorded_twice_surfaces_on_the_page(qtbot, county, ids):
    page = _recorded_twice(qtbot, county, ids["李四"])
    assert page.duplicates.item(0, 0).text() == "2026年跨省务工一次性交通补助"  # as the list
    assert page.duplicates.item(0, 0).toolTip() == TRANSPORT
    assert page.duplicates.item(0, 2).text() == "李四"
    assert page.duplicates.item(0, 4).text().startswith("2 条：county-officer 2026-11-22")
    assert page.duplicate_box.title().startswith("重复登记 1 组")
    computed(qtbot, page)
    row = rows_by_name(page)["李四"]
    assert page.model.index(row, 0).data() == "已发放（2 条登记）"


def test_export_masked_and_unmasked_only_for_a_role_that_may(qtbot, county, ids, tmp_path,
                                                              monkeypatch):
    from desktop import background
    from registry.county_subsidy import grant_all

    shown = []
    monkeypatch.setattr(background, "show_error", lambda _parent, exc: shown.append(exc))
    grant_all(county, rule_id=TRANSPORT, period="2026", as_of=AS_OF, person_ids=[ids["张三"]])
    county.set_meta(accounts.META_KEY, json.dumps({"roles": {county.user: accounts.CLERK}}))
    page = open_page(qtbot, county)
    qtbot.waitUntil(lambda: page.role == accounts.CLERK, timeout=10_000)
    assert not page.export_full.isEnabled()
    out = tmp_path / "masked.xlsx"
    page.export_to(out, unmasked=False)
    qtbot.waitUntil(lambda: page.count.text().startswith("已导出 1 行"), timeout=10_000)
    number = page.runner.call(lambda s: s.get(ids["张三"])).props["id_number"]
    cells = [str(c) for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True)
             for c in row if c]
    assert number not in cells and f"{number[:4]}{'*' * 10}{number[-4:]}" in cells
    page.export_to(tmp_path / "full.xlsx", unmasked=True)  # refused even if called
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert isinstance(shown[0], accounts.NotAllowed)
    exported = page.runner.call(lambda s: audit.entries(s, action="export"))
    assert [e.result for e in exported] == ["ok", "denied"]
    assert not (tmp_path / "full.xlsx").exists()


# -- 政策 -------------------------------------------------------------------------------

def open_policy(qtbot, county):
    page = PolicyPage(BackgroundRunner(county), today=lambda: AS_OF)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitUntil(lambda: page.packs.rowCount() > 0, timeout=10_000)
    return page


def pack_ids(page):
    return [page.packs.item(r, 0).data(256) for r in range(page.packs.rowCount())]


def test_policy_page_lists_packs_and_says_when_none_is_in_force(qtbot, county):
    page = open_policy(qtbot, county)
    assert set(pack_ids(page)) == {"jiangxi_2020", "national_2021", "wuyuan_2021"}
    assert page.notice.text() == "婺源县 2026-11-22：没有有效的政策包"
    row = pack_ids(page).index("wuyuan_2021")
    assert page.packs.item(row, 4).text() == "0/3"
    assert page.packs.item(row, 5).text() == "内置：婺源县就业局（2021-10-16）"
    page.as_of.setDate(date(2022, 6, 1))
    qtbot.waitUntil(lambda: page.notice.text() == "", timeout=10_000)
    assert page.packs.item(pack_ids(page).index("wuyuan_2021"), 4).text() == "3/3"
    page.region.setText("婺源")
    page.reload()
    assert page.notice.text() == "地区代码应为 2 至 12 位数字（行政区划代码）"
    page.region.setText("52")  # Guizhou: its own pack, not Jiangxi's
    page.reload()
    qtbot.waitUntil(lambda: "guizhou_2022" in pack_ids(page), timeout=10_000)
    assert "wuyuan_2021" not in pack_ids(page)


def test_a_bad_pack_is_refused_by_sheet_row_column_and_nothing_is_written(qtbot, county,
                                                                          tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(pack_2026(rules=[{**RULES[0], "kind": "no_such_kind"}]))
    before = (len(county.journal()), county.count("policy_pack"))
    page = open_policy(qtbot, county)
    page.check_file(bad)
    qtbot.waitUntil(lambda: page.problem_table.rowCount() > 0, timeout=10_000)
    assert page.check_text.text().startswith("发现 1 个问题，未发布")
    cells = [page.problem_table.item(0, c).text() for c in range(4)]
    assert cells == ["规则", "2", "B", "类型"]
    assert not page.publish.isVisible() and page.checked is None
    assert (len(county.journal()), county.count("policy_pack")) == before


def test_the_shipped_packs_check_as_publishing_would(qtbot, county):
    page = open_policy(qtbot, county)
    page.check_file(BUILTIN_DIR / "wuyuan_2021.xlsx")  # the county's own: every device has it
    qtbot.waitUntil(lambda: page.problem_table.rowCount() > 0, timeout=10_000)
    assert "与内置政策包“wuyuan_2021”内容完全相同" in page.problem_table.item(0, 4).text()
    assert page.checked is None and not page.publish.isVisible()
    page.check_file(BUILTIN_DIR / "jiangxi_2020.xlsx")  # the province's: outside the county
    qtbot.waitUntil(lambda: "不在发布范围（361130）之内" in page.problem_table.item(0, 4).text(),
                    timeout=10_000)
    assert page.problem_table.item(0, 0).text() == "说明"
    assert page.checked is None and county.count("policy_pack") == 0


def test_check_publish_then_withdraw_a_county_pack(qtbot, county, tmp_path):
    good = tmp_path / "wuyuan_2026.xlsx"
    good.write_bytes(pack_2026())
    page = open_policy(qtbot, county)
    page.check_file(good)
    qtbot.waitUntil(lambda: page.checked is not None, timeout=10_000)
    assert "检查通过" in page.check_text.text() and county.count("policy_pack") == 0
    assert page.publish.isVisible()
    page.publish_checked()
    qtbot.waitUntil(lambda: "wuyuan_2026" in pack_ids(page), timeout=10_000)
    row = pack_ids(page).index("wuyuan_2026")
    assert page.packs.item(row, 4).text() == "2/2"
    assert page.packs.item(row, 5).text().startswith("县级发布：county-officer")
    assert page.notice.text() == ""
    page.packs.selectRow(row)
    assert page.withdraw.isEnabled()
    page.withdraw_pack("wuyuan_2026")
    qtbot.waitUntil(lambda: "wuyuan_2026" not in pack_ids(page), timeout=10_000)
    assert county_packs(county) == []


def test_a_reused_built_in_rule_id_is_refused_or_noted_by_its_window(qtbot, county, tmp_path):
    """wy_transport is the built-in wuyuan_2021's (to 2025-12-31). From 2025-07-01 the two
    would be in force together: refused at 规则/编号, naming the pack and the windows (before,
    检查通过). From 2026-01-01 it takes over: 检查通过, with a note saying what will happen."""
    clash, later = tmp_path / "clash.xlsx", tmp_path / "later.xlsx"
    clash.write_bytes(pack_2026(rules=[{**RULES[0], "id": "wy_transport",
                                        "valid_from": datetime(2025, 7, 1)}, RULES[1]]))
    later.write_bytes(pack_2026(rules=[{**RULES[0], "id": "wy_transport"}, RULES[1]]))
    page = open_policy(qtbot, county)
    page.check_file(clash)
    qtbot.waitUntil(lambda: page.problem_table.rowCount() > 0, timeout=10_000)
    assert page.check_text.text().startswith("发现 1 个问题，未发布")
    cells = [page.problem_table.item(0, c).text() for c in range(5)]
    assert cells[:4] == ["规则", "2", "A", "编号"]
    assert "规则编号“wy_transport”已用于内置政策包“wuyuan_2021”" in cells[4]
    assert "（2021-10-16 至 2025-12-31）与本规则（2025-07-01 至 2026-12-31）重叠" in cells[4]
    assert page.checked is None and not page.publish.isVisible()
    page.check_file(later)
    qtbot.waitUntil(lambda: page.checked is not None, timeout=10_000)
    assert "检查通过" in page.check_text.text()
    assert "另有 1 条提示（不影响发布）" in page.check_text.text()
    assert page.problem_table.isVisible() and page.problem_table.rowCount() == 1
    assert page.problem_table.horizontalHeaderItem(4).text() == "提示"
    assert "2026-01-01 至 2026-12-31 按本包的规则作答" in page.problem_table.item(0, 4).text()
    assert page.publish.isVisible() and page.publish.isEnabled()
    assert county.count("policy_pack") == 0


def test_the_withdraw_question_tells_two_packs_of_one_title_apart(qtbot, county, monkeypatch):
    """Two published packs share the title 婺源县2026年就业帮扶补贴（合成）: the question
    named only the title. It names the id, region, window and issue date too."""
    add_county_pack(county, pack_2026(), region=COUNTY)
    second = [{**rule, "id": rule["id"] + "_h2", "valid_from": datetime(2026, 7, 1)}
              for rule in RULES]
    add_county_pack(county, pack_2026(pack_id="wuyuan_2026h2", issued=datetime(2026, 6, 20),
                                      rules=second), region=COUNTY)
    page = open_policy(qtbot, county)
    qtbot.waitUntil(lambda: "wuyuan_2026h2" in pack_ids(page), timeout=10_000)
    asked = []
    monkeypatch.setattr("desktop.county.policy_page.QMessageBox.question",
                        lambda _parent, _title, text: asked.append(text)
                        or QMessageBox.StandardButton.No)
    for pack_id in ("wuyuan_2026", "wuyuan_2026h2"):
        page.packs.selectRow(pack_ids(page).index(pack_id))
        page.withdraw.click()
    first, second_text = asked
    assert first.startswith("撤回县级政策包“婺源县2026年就业帮扶补贴（合成）”？")
    assert "编号：wuyuan_2026\n" in first and "适用地区：婺源县" in first
    assert "有效期：2026-01-01 至 2026-12-31" in first
    assert "发布日期（版本）：2026-01-05；county-officer 于 2026-" in first
    assert "编号：wuyuan_2026h2" in second_text and "有效期：2026-07-01 至 2026-12-31" in second_text
    assert "发布日期（版本）：2026-06-20" in second_text
    assert len(county_packs(county)) == 2  # answered No: nothing withdrawn


def test_minimum_wage_confirmed_and_corrected(qtbot, county):
    page = open_policy(qtbot, county)
    qtbot.waitUntil(lambda: page.wage_table.rowCount() > 0, timeout=10_000)
    county_row = next(r for r, w in enumerate(page.wages) if w.wage.region == COUNTY)
    assert page.wage_table.item(county_row, 0).text() == "婺源县（现行）"
    assert page.wage_table.item(county_row, 5).text() == "未确认"
    province_row = next(r for r, w in enumerate(page.wages) if w.wage.region == "36")
    page.wage_table.selectRow(province_row)
    assert not page.confirm.isEnabled()
    page.wage_table.selectRow(county_row)
    assert page.confirm.isEnabled()
    page.confirm_selected()
    qtbot.waitUntil(lambda: any(w.wage.confirmed_by for w in page.wages), timeout=10_000)
    applied = next(w for w in page.wages if w.applies)
    assert (applied.wage.amount, applied.wage.confirmed_by, applied.wage.confirmed_on) == (
        1610, "county-officer", AS_OF)
    page.record_wage(amount=1850, valid_from=date(2024, 7, 1), source="赣人社发〔2024〕7号（合成）",
                     tier="三类")
    qtbot.waitUntil(lambda: next(w for w in page.wages if w.applies).wage.amount == 1850,
                    timeout=10_000)
    assert minimum_wage_of(packs_for(county))("361130104201", AS_OF) == 1850


def test_a_claim_recorded_twice_is_counted_in_english(qtbot, county, ids, english):
    page = _recorded_twice(qtbot, county, ids["李四"])
    assert page.duplicates.item(0, 4).text().startswith("2 claims: county-officer 2026-11-22")
    assert page.duplicate_box.title() == (
        "1 duplicate claim group (one rule, one person, one period recorded more than once)")


def test_amounts_and_claim_counts_read_in_english(english):
    """金额未规定, 不超过 …, 无法计算 and （n 条登记） were passed to a helper lupdate cannot
    read, so they were never in the .ts file and stayed Chinese in the English UI."""
    from desktop.county.subsidy_page import SubsidyTableModel, money
    from registry.county_subsidy import GRANTED, Candidate

    def one(**kw):
        base = {"person_id": "p", "household_id": "h", "name": "n", "household_no": "1",
                "village": "361130104201", "status": GRANTED, "amount": None, "cap": None,
                "amount_stated": True, "unit": "元", "reasons_zh": (), "reasons_en": ()}
        return Candidate(**{**base, **kw})

    assert money(one(amount_stated=False)) == "Amount not stated"
    assert money(one(cap=500.0)) == "Up to 500 yuan"
    assert money(one()) == "Cannot be computed"
    model = SubsidyTableModel()
    model.set_rows([one(amount=600.0, claims=("c1", "c2"))])
    assert model.index(0, SubsidyTableModel.COL_STATUS).data().endswith(" (2 claims)")
