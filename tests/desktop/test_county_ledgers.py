"""The county 台账 page on a real encrypted county profile with real ledger files: the import
wizard step by step (every CSV encoding, .xlsx, mojibake, damaged text, refused rows, a
register changed since the dry run), the exports (masked by default, unmasked confirmed and
audited, denied to a clerk, the national findings with 仍然导出), the models, the mount."""

from __future__ import annotations

import csv
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, make_id
from county_ledger_files import (
    HEADERS,
    NAME_COLUMN,
    rows,
    village_rows,
    write_csv,
    write_damaged,
    write_mojibake,
    write_xlsx,
)
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from desktop import workspace
from desktop.background import BackgroundRunner, QueryOp
from desktop.county.ledgers import ImportWizard, LedgersPage, ReportModel
from desktop.county.ledgers_export import ExportDialog, FindingsModel
from desktop.households_page import HouseholdsPage
from registry import accounts, audit
from registry.county_ledgers import ReportLine
from registry.demo import load_demo
from registry.keyslots import KdfParams
from registry.ledgers.export_sheet import Table
from registry.ledgers.exports import check_national
from registry.places import full_name, place_name
from registry.profile import Profile
from registry.store import Create, Store

COUNTY = "361130"
VILLAGES = ("361130104201", "361130104202")
WAIT = 15_000


def county_profile(folder: Path, *, role: str = accounts.REVIEWER) -> Store:
    """A county-scope profile holding two synthetic villages."""
    profile = Profile(folder, today=lambda: TODAY)
    store = profile.create(user="county", passphrase=PASSPHRASE, scope=COUNTY,
                           kdf=KdfParams.fast(), role=role)
    for seed, village in enumerate(VILLAGES, start=1):
        load_demo(store, people=30, seed=seed, village=village, today=TODAY)
    return store


@pytest.fixture
def county(tmp_path: Path):
    store = county_profile(tmp_path / "county")
    yield store
    BackgroundRunner.stop_all()
    store.close()


def people(runner: BackgroundRunner) -> int:
    """People in the store, read through the runner (its DB thread may be busy)."""
    return runner.call(lambda store: store.db.execute(
        "SELECT count(*) FROM entity WHERE list = 'person'").fetchone()[0])


def journal(runner: BackgroundRunner) -> int:
    """Journal entries (audit left out), read through the runner."""
    return runner.call(lambda store: store.db.execute(
        "SELECT count(*) FROM journal WHERE list != 'audit'").fetchone()[0])


def open_wizard(qtbot, runner: BackgroundRunner, *, village: str = VILLAGES[0]) -> ImportWizard:
    """The wizard, its list of villages read, new households going to ``village``."""
    wizard = ImportWizard(runner)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.file_page.village.count() > 0, timeout=WAIT)
    wizard.file_page.village.setCurrentText(village)
    return wizard


def load(qtbot, wizard: ImportWizard, path: Path) -> None:
    wizard.file_page.load(path)
    qtbot.waitUntil(lambda: wizard.preview is not None or bool(wizard.file_page.error.text()),
                    timeout=WAIT)


def to_dry_run(qtbot, wizard: ImportWizard, path: Path) -> None:
    """Load ``path``, map 劳动力 to 姓名, and wait for the dry run."""
    load(qtbot, wizard, path)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    wizard.mapping_page.choose(NAME_COLUMN, "name")
    wizard.next()
    assert wizard.currentPage() is wizard.dry_run_page
    qtbot.waitUntil(lambda: wizard.dry is not None or bool(wizard.dry_run_page.error.text()),
                    timeout=WAIT)


def answer(button: str, seen: list[str]) -> None:
    """Click ``button`` of the message box about to open (modal), noting its text."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, click)


def test_models_pass_the_model_tester(qtmodeltester, county):
    model = ReportModel()
    model.set_lines([ReportLine(2, "create"), ReportLine(3, "refused", "月收入", "月收入不能为负数"),
                     ReportLine(9, "ignored")])
    qtmodeltester.check(model)
    assert [model.index(r, 1).data() for r in range(3)] == ["新增", "拒绝", "忽略（合计、填表人等）"]
    assert model.index(1, 3).data() == "月收入不能为负数"
    number = make_id(seq="901")
    county.write([Create("person", {"name": "甲", "id_number": number}, scope=VILLAGES[0]),
                  Create("person", {"name": "乙", "id_number": number}, scope=VILLAGES[0])])
    findings = FindingsModel()
    findings.set_findings(check_national(county))
    qtmodeltester.check(findings)
    shown = [findings.index(r, c).data() for r in range(findings.rowCount())
             for c in range(findings.columnCount())]
    assert any(str(text).startswith(number[:4] + "*") for text in shown)
    assert number not in shown  # never the full ID number


def test_wizard_imports_a_gbk_ledger_and_the_household_list_redraws(qtbot, county, tmp_path):
    runner = BackgroundRunner(county)
    households = HouseholdsPage(runner)
    qtbot.addWidget(households)
    households.show()
    qtbot.waitUntil(lambda: households.status.text().startswith("共"), timeout=WAIT)
    before_people, before_status = people(runner), households.status.text()
    path = write_csv(tmp_path / "台账.csv", rows(rare=False), encoding="gbk")
    wizard = open_wizard(qtbot, runner, village="")
    load(qtbot, wizard, path)
    page = wizard.file_page
    assert [page.village.itemData(i) for i in range(page.village.count())] == list(VILLAGES)
    qtbot.waitUntil(lambda: page.places is not None, timeout=WAIT)
    assert page.village.itemText(0) == f"{place_name(VILLAGES[0])}（{VILLAGES[0]}）"
    assert not page.isComplete()  # a county profile: the village of new households first
    page.village.setCurrentText("361131104201")
    assert page.village_problem.text() == "该村不在本档案的辖区内" and not page.isComplete()
    page.village.setCurrentText("361130104")
    assert page.village_problem.text().startswith("村代码应为12位数字")
    page.village.setCurrentText(VILLAGES[1])
    assert page.village_problem.text() == "" and page.isComplete()
    page.village.setCurrentIndex(0)  # chosen by name: the code is the village
    assert wizard.village == VILLAGES[0] and page.village_name.text() == full_name(VILLAGES[0])
    page.village.setCurrentText(VILLAGES[1])  # typed: the same
    assert page.encoding.text() == "文字编码：gb18030；表头在第 1 行"
    assert page.table.item(0, 3).text().startswith("3611*") and page.table.item(0, 2).text() == "张建国"
    wizard.next()
    mapping = wizard.mapping_page
    assert not mapping.isComplete()  # 劳动力 is not a known header: no 姓名 yet
    assert mapping.problems.text() == "必填字段“姓名”没有对应的列"
    assert mapping.combos[3].currentData() == "id_number"
    assert mapping.combos[3].currentText() == "证件号码"
    assert mapping.combos[0].itemText(1) == "姓名 *（必填）"
    mapping.choose(11, "id_number")  # 备注 as a second ID column: said, and blocked
    assert "都对应字段“证件号码”" in mapping.problems.text() and not mapping.isComplete()
    mapping.choose(11, "")
    mapping.choose(NAME_COLUMN, "name")
    assert mapping.isComplete() and mapping.problems.text() == ""
    wizard.next()
    dry = wizard.dry_run_page
    qtbot.waitUntil(lambda: wizard.dry is not None, timeout=WAIT)
    assert people(runner) == before_people  # the dry run wrote nothing
    assert dry.summary.text().startswith("共 4 行：新增 4，更新 0，无变化 0，拒绝 0")
    assert dry.model.rowCount() == 4 and not dry.skip.isVisible() and dry.isComplete()
    dry.save_report(tmp_path / "report.csv")
    qtbot.waitUntil(lambda: dry.saved.text() == "已导出 4 行报告", timeout=WAIT)
    with open(tmp_path / "report.csv", encoding="utf-8-sig", newline="") as report:
        assert [r[1].strip() for r in csv.reader(report)][1:] == ["新增"] * 4
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "导入"
    with qtbot.waitSignal(runner.changed, timeout=WAIT) as changed:
        wizard.next()
    assert "person" in changed.args[0].lists
    commit = wizard.commit_page
    qtbot.waitUntil(lambda: commit.done, timeout=WAIT)
    assert commit.status.text().startswith("已导入：新增 4 人，更新 0 人，新建 2 户")
    assert commit.status.text().endswith(f"新建的户归入 思口镇高枧村（{VILLAGES[1]}）。")
    assert people(runner) == before_people + 4
    imported = runner.call(lambda s: s.db.execute(
        "SELECT DISTINCT e.scope FROM entity e WHERE e.list IN ('person', 'household')"
        " AND json_extract(e.props, '$.household_no') IN ('H0101', 'H0102')"
        " OR e.parent IN (SELECT id FROM entity WHERE json_extract(props, '$.household_no')"
        " IN ('H0101', 'H0102'))").fetchall())
    assert imported == [(VILLAGES[1],)]  # the village's laptops will receive them
    qtbot.waitUntil(lambda: households.status.text() != before_status, timeout=WAIT)


@pytest.mark.parametrize(("encoding", "shown"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030")])
def test_every_csv_encoding_is_named_and_rare_names_survive(qtbot, county, tmp_path,
                                                            encoding, shown):
    path = write_csv(tmp_path / "ledger.csv", rows(), encoding=encoding)
    wizard = open_wizard(qtbot, BackgroundRunner(county))
    load(qtbot, wizard, path)
    assert wizard.file_page.encoding.text().startswith(f"文字编码：{shown}；")
    assert wizard.file_page.table.item(2, 2).text() == "刘䶮"


def test_xlsx_with_a_title_row_and_repaired_mojibake_are_said_plainly(qtbot, county, tmp_path):
    runner = BackgroundRunner(county)
    wizard = open_wizard(qtbot, runner)
    load(qtbot, wizard, write_xlsx(tmp_path / "l.xlsx", rows(), title="某村就业帮扶台账"))
    assert wizard.file_page.encoding.text() == "文字编码：xlsx，工作表“台账”；表头在第 2 行"
    assert wizard.file_page.repair.text() == ""
    load(qtbot, wizard, write_mojibake(tmp_path / "m.csv"))
    assert wizard.file_page.repair.text().startswith("已修复乱码：2 个单元格是 GBK 文字")
    assert wizard.file_page.table.item(3, 2).text() == "赵芳"


def test_damaged_text_is_refused_naming_where_and_nothing_goes_on(qtbot, county, tmp_path):
    runner = BackgroundRunner(county)
    wizard = open_wizard(qtbot, runner)
    before = journal(runner)
    load(qtbot, wizard, write_damaged(tmp_path / "d.csv"))
    error = wizard.file_page.error.text()
    assert error.startswith("文件被拒绝，未导入任何数据：") and "第 4 行第 C 列" in error
    assert "刘" not in error
    assert wizard.preview is None and not wizard.file_page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert journal(runner) == before


def test_county_headers_map_themselves_and_the_dry_run_says_how_work_place_is_read(
        qtbot, county, tmp_path):
    headers = [{"劳动力": "成员名字", "务工所在地": "务工地点", "务工时间（月）": "务工月份数"}.get(h, h)
               for h in HEADERS]
    data = rows(rare=False)
    data[1][7] = "浙江省宁波市"  # a place name among the 务工地域 words
    path = write_csv(tmp_path / "台账.csv", data, encoding="gbk", headers=headers)
    runner = BackgroundRunner(county)
    wizard = open_wizard(qtbot, runner)
    load(qtbot, wizard, path)
    wizard.next()
    mapping = wizard.mapping_page
    assert [mapping.combos[i].currentText() for i in (NAME_COLUMN, 7, 8)] == [
        "姓名 *（必填）", "务工所在地", "务工时间（月）"]
    assert mapping.isComplete() and mapping.combos[0].findText("是否户主") > 0
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry is not None, timeout=WAIT)
    dry = wizard.dry_run_page
    assert dry.summary.text().startswith("共 4 行：新增 4，更新 0，无变化 0，拒绝 0")
    assert dry.notes.text() == (
        "列“务工地点”对应“务工所在地”：其中 3 行填的是务工地域（县内、省内县外、省外、国外、其他），"
        "存为“务工地域”；其余 1 行（地名）存为“务工所在地”。如需改为别的字段，请修改列对应")
    assert dry.notes.isVisibleTo(wizard)
    wizard.back()
    mapping.choose(7, "work_region")  # the user decides: every value must be a 务工地域
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry is not None, timeout=WAIT)
    assert dry.notes.text() == "" and "拒绝 1" in dry.summary.text()
    assert not dry.notes.isVisibleTo(wizard)  # no empty band under the summary


def test_refused_rows_block_the_import_until_explicitly_left_out(qtbot, county, tmp_path):
    data = rows()
    data[3][9] = -5  # negative income, row 5
    runner = BackgroundRunner(county)
    wizard = open_wizard(qtbot, runner)
    before = people(runner)
    to_dry_run(qtbot, wizard, write_csv(tmp_path / "l.csv", data, encoding="utf-8-sig"))
    dry = wizard.dry_run_page
    assert "拒绝 1" in dry.summary.text() and not dry.isComplete()
    dry.only_refused.setChecked(True)
    assert dry.proxy.rowCount() == 1
    assert [dry.proxy.index(0, c).data() for c in range(4)] == [5, "拒绝", "月收入", "月收入不能为负数"]
    assert dry.skip.isVisibleTo(wizard) and dry.skip.text() == "跳过被拒绝的 1 行，只导入其余的行"
    dry.skip.setChecked(True)
    assert dry.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.commit_page.done, timeout=WAIT)
    assert "跳过被拒绝的 1 行" in wizard.commit_page.status.text()
    assert people(runner) == before + 3


def test_a_register_changed_since_the_dry_run_imports_nothing(qtbot, county, tmp_path):
    runner = BackgroundRunner(county)
    wizard = open_wizard(qtbot, runner)
    to_dry_run(qtbot, wizard, write_csv(tmp_path / "l.csv", rows(), encoding="utf-8"))
    runner.wait()
    runner.call(lambda s: s.write([Create("person", {"name": "张建国", "id_number": rows()[0][3]},
                                             scope=VILLAGES[0])]))  # a sync brought them meanwhile
    before = (people(runner), journal(runner))
    wizard.next()
    commit = wizard.commit_page
    qtbot.waitUntil(lambda: commit.error.text() != "", timeout=WAIT)
    assert commit.error.text().startswith("导入失败，未写入任何数据：")
    assert "重新试运行" in commit.error.text() and not commit.done
    assert (people(runner), journal(runner)) == before
    assert commit.again.isVisibleTo(wizard)
    commit.again.click()  # a new dry run, the mapping chosen by hand kept
    assert wizard.currentPage() is wizard.dry_run_page
    qtbot.waitUntil(lambda: wizard.dry is not None, timeout=WAIT)
    assert wizard.columns[NAME_COLUMN] == "name"
    assert wizard.dry_run_page.summary.text().startswith("共 4 行：新增 3，更新 1")
    wizard.next()
    qtbot.waitUntil(lambda: commit.done, timeout=WAIT)
    assert people(runner) == before[0] + 3


def test_a_multi_village_ledger_sends_each_household_to_its_village(qtbot, county, tmp_path):
    runner = BackgroundRunner(county)
    wizard = open_wizard(qtbot, runner, village=VILLAGES[0])
    outside = village_rows(VILLAGES[1], "361131104201")  # H0102: a village of another county
    to_dry_run(qtbot, wizard, write_csv(tmp_path / "l.csv", outside, encoding="utf-8"))
    dry = wizard.dry_run_page
    dry.only_refused.setChecked(True)
    assert [[dry.proxy.index(r, c).data() for c in range(3)] for r in range(dry.proxy.rowCount())
            ] == [[4, "拒绝", "户编号"], [5, "拒绝", "户编号"]]
    assert "361131104201 不在本档案的辖区内" in dry.proxy.index(0, 3).data()
    wizard.back()
    wizard.back()
    path = write_csv(tmp_path / "l.csv", village_rows(VILLAGES[1], VILLAGES[0]),
                     encoding="utf-8")
    to_dry_run(qtbot, wizard, path)
    assert dry.summary.text().startswith("共 4 行：新增 4，更新 0，无变化 0，拒绝 0")
    wizard.next()
    commit = wizard.commit_page
    qtbot.waitUntil(lambda: commit.done, timeout=WAIT)
    # each village by name with its code (place names read on the page's first show)
    qtbot.waitUntil(lambda: "、" in commit.status.text(), timeout=WAIT)
    went = commit.status.text().rsplit("新建的户归入 ", 1)[1]
    assert [part.rsplit("（", 1)[-1].rstrip("）。") for part in went.split("、")] == list(VILLAGES)
    scope_of = {h.props["household_no"]: h.scope
                for h in runner.call(lambda s: s.find("household"))}
    assert (scope_of[VILLAGES[1] + "9001"], scope_of[VILLAGES[0] + "9001"]) == VILLAGES[::-1]


def test_a_file_edited_after_the_dry_run_imports_nothing(qtbot, county, tmp_path):
    runner = BackgroundRunner(county)
    wizard = open_wizard(qtbot, runner)
    path = write_csv(tmp_path / "l.csv", rows(), encoding="utf-8")
    to_dry_run(qtbot, wizard, path)
    edited = rows()
    edited[2][9] = 9900  # another income: the same four new people, the same report
    write_csv(path, edited, encoding="utf-8")
    before = (people(runner), journal(runner))
    wizard.next()
    commit = wizard.commit_page
    qtbot.waitUntil(lambda: commit.error.text() != "", timeout=WAIT)
    assert "重新试运行" in commit.error.text() and not commit.done
    assert (people(runner), journal(runner)) == before


def open_export(qtbot, runner: BackgroundRunner, kind: str) -> ExportDialog:
    dialog = ExportDialog(runner, kind=kind, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.unmasked.toolTip() != "", timeout=WAIT)
    return dialog


def exports(runner: BackgroundRunner) -> list[audit.Entry]:
    """The audited exports, read through the runner (its DB thread owns the store)."""
    return runner.call(lambda store: audit.entries(store, action="export"))


def test_masked_export_by_default_and_audited(qtbot, county, tmp_path):
    dialog = open_export(qtbot, BackgroundRunner(county), "village-monthly")
    assert dialog.area.text() == COUNTY and dialog.month_text() == "2026-11"
    qtbot.waitUntil(lambda: dialog.area_name.text() == "婺源县", timeout=WAIT)
    dialog.area.setText("361130104")
    assert dialog.area_name.text() == "婺源县思口镇"
    dialog.area.setText(COUNTY)
    assert not dialog.unmasked.isChecked() and dialog.unmasked.isEnabled()
    assert not dialog.all_periods.isVisibleTo(dialog)
    out = tmp_path / "village.csv"
    with qtbot.waitSignal(dialog.exported, timeout=WAIT) as done:
        dialog.export_to(out)
    written = done.args[0]
    assert written.masked and int(written) > 0
    assert dialog.status.text() == f"已导出 {int(written)} 行（号码已遮蔽）：village.csv"
    numbers = [p.props["id_number"] for p in dialog.runner.call(lambda s: s.find("person"))
               if p.props.get("id_number")]
    text = out.read_text(encoding="utf-8-sig")
    assert not any(n in text for n in numbers)
    [entry] = exports(dialog.runner)
    assert (entry.target, entry.result, entry.detail["masked"], entry.detail["area"]) == (
        "village-monthly", "ok", True, COUNTY)


def test_unmasked_export_is_confirmed_then_audited_and_read_back(qtbot, county, tmp_path):
    dialog = open_export(qtbot, BackgroundRunner(county), "township-changes")
    dialog.unmasked.setChecked(True)
    seen: list[str] = []
    out = tmp_path / "changes.xlsx"
    answer("取消", seen)
    dialog.export_to(out)
    assert "记入审计日志" in seen[0] and dialog.status.text() == "已取消，未导出。"
    assert not out.exists() and exports(dialog.runner) == []
    answer("导出完整号码", seen)
    with qtbot.waitSignal(dialog.exported, timeout=WAIT) as done:
        dialog.export_to(out)
    assert not done.args[0].masked and out.exists()
    assert "含完整号码，已记入审计日志" in dialog.status.text()
    [entry] = exports(dialog.runner)
    assert (entry.action, entry.target, entry.result, entry.user) == (
        "export", "township-changes", "ok", "county")
    assert entry.detail["masked"] is False and entry.detail["month"] == "2026-11"
    assert entry.detail["format"] == "xlsx"


@pytest.mark.parametrize("kind", ["village-monthly", "national-persons"])
def test_an_area_outside_the_county_is_refused_and_writes_no_file(qtbot, county, tmp_path,
                                                                  kind):
    dialog = open_export(qtbot, BackgroundRunner(county), kind)
    dialog.area.setText("520525")
    folder = tmp_path / "exports"
    folder.mkdir()
    dialog.export_to(folder / "other.xlsx")
    qtbot.waitUntil(lambda: dialog.status.text().startswith("未导出："), timeout=WAIT)
    assert dialog.status.text() == (
        f"未导出：地区代码 520525 不在本档案的辖区（{COUNTY}）内，本档案没有该地区的数据，未导出；"
        "请填写本辖区或其下的行政区划代码")
    assert list(folder.iterdir()) == []
    assert [e.result for e in exports(dialog.runner)] == (
        ["refused"] if kind == "village-monthly" else [])  # the national one: at its check
    assert dialog.export_button.isEnabled() and not dialog.anyway.isVisibleTo(dialog)


def test_a_clerk_cannot_ask_for_full_numbers(qtbot, tmp_path):
    clerk = county_profile(tmp_path / "clerk", role=accounts.CLERK)
    try:
        dialog = open_export(qtbot, BackgroundRunner(clerk), "village-monthly")
        assert not dialog.unmasked.isEnabled()
        assert dialog.unmasked.toolTip() == "只有审核员/第一书记或县级管理员可以导出完整号码"
    finally:
        BackgroundRunner.stop_all()
        clerk.close()


def test_national_export_shows_the_findings_and_needs_export_anyway(qtbot, county, tmp_path):
    number = make_id(seq="902")
    county.write([Create("person", {"name": "甲", "id_number": number}, scope=VILLAGES[0]),
                  Create("person", {"name": "乙", "id_number": number}, scope=VILLAGES[1])])
    dialog = open_export(qtbot, BackgroundRunner(county), "national-persons")
    out = tmp_path / "national.xlsx"
    dialog.export_to(out)
    qtbot.waitUntil(lambda: dialog.anyway.isVisibleTo(dialog), timeout=WAIT)
    assert dialog.findings.rowCount() >= 2
    assert dialog.findings_label.text().startswith(f"发现 {dialog.findings.rowCount()} 条疑点数据")
    assert not out.exists() and exports(dialog.runner) == []
    with qtbot.waitSignal(dialog.exported, timeout=WAIT) as done:
        dialog.anyway.click()
    assert done.args[0].findings == dialog_findings(dialog.runner) and out.exists()
    [entry] = exports(dialog.runner)
    assert entry.detail["export_anyway"] is True and entry.detail["masked"] is True
    assert not dialog.anyway.isVisibleTo(dialog)


def test_export_anyway_only_for_the_parameters_checked(qtbot, county, tmp_path):
    number = make_id(seq="903")
    county.write([Create("person", {"name": "甲", "id_number": number}, scope=VILLAGES[0]),
                  Create("person", {"name": "乙", "id_number": number}, scope=VILLAGES[0])])
    dialog = open_export(qtbot, BackgroundRunner(county), "national-persons")
    out = tmp_path / "national.xlsx"
    for change in (lambda: dialog.area.setText(VILLAGES[1]),  # an area never checked
                   lambda: dialog.unmasked.setChecked(True),  # full numbers, never confirmed
                   lambda: dialog.month.setDate(dialog.month.date().addMonths(-1))):
        dialog.export_to(out)
        qtbot.waitUntil(lambda: dialog.anyway.isVisibleTo(dialog), timeout=WAIT)
        change()
        assert not dialog.anyway.isVisibleTo(dialog) and dialog.findings.rowCount() == 0
        dialog.anyway.click()  # a click that raced the change exports nothing
        assert not dialog.progress.isVisibleTo(dialog) and dialog.export_button.isEnabled()
        dialog.unmasked.setChecked(False)
        dialog.area.setText(COUNTY)
    assert not out.exists() and exports(dialog.runner) == []
    dialog.export_to(out)  # the parameters as checked: 仍然导出 exports them, audited
    qtbot.waitUntil(lambda: dialog.anyway.isVisibleTo(dialog), timeout=WAIT)
    with qtbot.waitSignal(dialog.exported, timeout=WAIT):
        dialog.anyway.click()
    [entry] = exports(dialog.runner)
    assert (entry.detail["area"], entry.detail["masked"], entry.detail["export_anyway"]) == (
        COUNTY, True, True)


def dialog_findings(runner: BackgroundRunner) -> int:
    """How many national-format findings the register has, read through the runner."""
    return runner.call(lambda store: len(check_national(store)))


def test_subsidy_list_may_take_every_period(qtbot, county, tmp_path):
    dialog = open_export(qtbot, BackgroundRunner(county), "subsidy-list")
    assert dialog.all_periods.isVisibleTo(dialog)
    dialog.all_periods.setChecked(True)
    assert dialog.month_text() is None and not dialog.month.isEnabled()
    with qtbot.waitSignal(dialog.exported, timeout=WAIT):
        dialog.export_to(tmp_path / "subsidy.csv")
    [entry] = exports(dialog.runner)
    assert entry.detail["month"] == "" and entry.target == "subsidy-list"


def this_changes_month() -> QDate:
    """The month whose 乡镇月度变动汇总 holds what is written now (the 21st of the month before
    to the 20th, China time): the profile's records were all created just now."""
    now = datetime.now(timezone(timedelta(hours=8)))
    month = QDate(now.year, now.month, 1)
    return month.addMonths(1) if now.day > 20 else month


def hold_export(monkeypatch, *, row: int) -> tuple[threading.Event, threading.Event]:
    """Hold the export on its thread as it is about to write data row ``row``: ``reached``
    is set then, and the export goes on once ``release`` is."""
    reached, release = threading.Event(), threading.Event()
    append = Table.append

    def held(table: Table, values) -> None:
        if table.rows + 1 == row:
            reached.set()
            assert release.wait(WAIT / 1000), "the test never released the export"
        append(table, values)

    monkeypatch.setattr(Table, "append", held)
    return reached, release


def test_the_db_thread_answers_while_a_township_export_runs(qtbot, county, tmp_path,
                                                            monkeypatch):
    """951,835 rows of 乡镇月度变动汇总 held the DB thread for minutes behind a busy dialog:
    the export reads on the read lane, says what it writes, and audits on the DB thread."""
    runner = BackgroundRunner(county)
    dialog = open_export(qtbot, runner, "township-changes")
    dialog.month.setDate(this_changes_month())
    reached, release = hold_export(monkeypatch, row=3)
    try:
        dialog.export_to(tmp_path / "changes.xlsx")
        assert reached.wait(WAIT / 1000)
        answered: list[int] = []
        QueryOp(runner, dialog, lambda store: store.count("person")).success(
            answered.append).run()
        qtbot.waitUntil(lambda: answered == [60], timeout=5000)  # the export still runs
        qtbot.waitUntil(lambda: dialog.status.text()
                        == "正在导出“乡镇月度变动汇总”：已写入 2 行…", timeout=WAIT)
        assert dialog.cancel_button.isVisible() and not dialog.export_button.isEnabled()
        assert exports(runner) == []  # audited once written, not before
    finally:
        release.set()
    with qtbot.waitSignal(dialog.exported, timeout=WAIT) as done:
        pass
    written = done.args[0]
    assert int(written) > 60 and not dialog.cancel_button.isVisibleTo(dialog)
    [entry] = exports(runner)
    assert (entry.result, entry.target, entry.detail["rows"]) == (
        "ok", "township-changes", int(written))


@pytest.mark.parametrize(("how", "name"), [
    ("button", "changes.xlsx"), ("button", "changes.csv"), ("close", "changes.xlsx")])
def test_a_cancelled_export_leaves_no_file_and_no_audit_entry(qtbot, county, tmp_path,
                                                              monkeypatch, how, name):
    runner = BackgroundRunner(county)
    dialog = open_export(qtbot, runner, "township-changes")
    dialog.month.setDate(this_changes_month())
    dialog.unmasked.setChecked(True)
    folder = tmp_path / "out"
    folder.mkdir()
    reached, release = hold_export(monkeypatch, row=3)
    answer("导出完整号码", [])
    try:
        dialog.export_to(folder / name)
        assert reached.wait(WAIT / 1000)
        if how == "button":
            dialog.cancel_button.click()
            assert dialog.status.text() == "正在取消导出…"
        else:
            dialog.close()
    finally:
        release.set()
    qtbot.waitUntil(lambda: dialog.status.text() == "已取消，未导出。", timeout=WAIT)
    assert list(folder.iterdir()) == []  # neither the file nor its temporary file
    assert exports(runner) == [] and dialog.export_button.isEnabled()
    assert not dialog.cancel_button.isVisibleTo(dialog)


def test_the_page_is_mounted_for_county_and_township_and_opens_its_dialogs(qtbot, county):
    for role in (workspace.COUNTY, workspace.TOWNSHIP):
        assert "ledgers" in [p.key for p in workspace.WORKSPACES[role]]
    assert "ledgers" not in [p.key for p in workspace.WORKSPACES[workspace.VILLAGE]]
    page = next(p for p in workspace.WORKSPACES[workspace.COUNTY] if p.key == "ledgers")
    assert page.shown_title() == "台账"
    widget = page.factory(BackgroundRunner(county), None)
    qtbot.addWidget(widget)
    assert isinstance(widget, LedgersPage)
    widget.export_buttons["national-persons"].click()
    assert widget.dialog is not None and widget.dialog.current_kind() == "national-persons"
    wizard = widget.start_import()
    assert wizard.currentPage() is wizard.file_page and not wizard.file_page.isComplete()
    assert widget.start_import() is wizard  # one at a time: the open one is raised
    wizard.close()
    assert widget.start_import() is not wizard
    widget.dialog.close()


def test_on_a_village_profile_new_households_stay_in_the_village(qtbot, store, tmp_path):
    from bangfu_testdata import VILLAGE

    wizard = ImportWizard(BackgroundRunner(store))
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.file_page
    qtbot.waitUntil(lambda: wizard.village == VILLAGE and page.places is not None, timeout=WAIT)
    assert page.village.currentText() == f"思口镇思溪村（{VILLAGE}）"
    assert page.village_name.text() == "婺源县思口镇思溪村"
    assert not page.village.isEnabled()
    load(qtbot, wizard, write_csv(tmp_path / "l.csv", rows(), encoding="utf-8"))
    assert page.isComplete()


def test_the_county_main_window_lists_and_shows_the_page(qtbot, county):
    from desktop.main_window import MainWindow

    runner = BackgroundRunner(county)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    titles = [window.nav.item(r).text() for r in range(window.nav.count())]
    assert "台账" in titles
    window.show_page("ledgers")
    assert window.current_key() == "ledgers" and isinstance(window.pages["ledgers"], LedgersPage)
    runner.wait()
    window.close()


def test_the_import_counts_rows_and_people_in_english(qtbot, county, tmp_path, english):
    """One refused row is "row", not "rows"; several added people are "people"."""
    data = rows()
    data[3][9] = -5  # negative income, row 5
    wizard = open_wizard(qtbot, BackgroundRunner(county))
    to_dry_run(qtbot, wizard, write_csv(tmp_path / "l.csv", data, encoding="utf-8-sig"))
    dry = wizard.dry_run_page
    assert dry.summary.text().startswith("4 rows: 3 to add, 0 to update, 0 unchanged, 1 refused")
    assert dry.skip.text() == "Skip the 1 refused row and import the others"
    dry.save_report(tmp_path / "report.csv")
    qtbot.waitUntil(lambda: dry.saved.text() == "Report of 4 lines saved", timeout=WAIT)
    dry.skip.setChecked(True)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.commit_page.done, timeout=WAIT)
    assert wizard.commit_page.status.text().startswith(
        "Imported: 3 people added, 0 updated; households created: ")
    assert "refused rows skipped: 1;" in wizard.commit_page.status.text()


def test_the_dry_run_total_counts_the_ignored_rows_too(qtbot, county):
    """The summary read "共 5 行：新增 2，…，拒绝 3，忽略 1": its parts added up to 6."""
    from desktop.county.ledgers_ops import DryRun

    wizard = open_wizard(qtbot, BackgroundRunner(county))
    summary = {"create": 2, "update": 0, "unchanged": 0, "refused": 3, "ignored": 1,
               "flagged": 0}
    wizard.dry_run_page._show(DryRun([], summary, [], "x"))
    assert wizard.dry_run_page.summary.text().startswith(
        "共 6 行：新增 2，更新 0，无变化 0，拒绝 3，忽略 1")
