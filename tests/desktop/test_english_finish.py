"""Small English-UI fixes left by the 50k drive (docs/drive-fix-findings.md): counts take
the English singular ("1 person", not "1 people"), stored words on the desk panel and the
work-list filters are shown by their English label, and a profile that is not a village's
says before any search that a new household needs a village profile. The Chinese UI stays
as it was."""

from __future__ import annotations

from typing import Any

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, make_id
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.audit_viewer import AuditDialog
from desktop.background import BackgroundRunner
from desktop.desk import DeskPage
from desktop.households_page import HouseholdsPage
from desktop.main_window import MainWindow
from desktop.register_dialog import RegisterDialog
from desktop.worklist_page import WorklistPage
from registry import audit
from registry.keyslots import KdfParams
from registry.store import Store

WAIT_MS = 10_000
LUO = make_id(birth="19860315", seq="622")  # 2nd-last digit even: 女


@pytest.fixture
def one_person(store: Store) -> Store:
    """One household of one person (a woman, ordinary labour, not employed)."""
    household = store.create("household", {"household_no": "361130104201001",
                                           "head_name": "罗海燕"})
    store.create("person", {"household_id": household, "name": "罗海燕", "relation": "户主",
                            "id_number": LUO, "sex": "女", "labour_class": "普通劳动力",
                            "work_status": "未就业"})
    return store


@pytest.fixture
def runner(one_person: Store):
    runner = BackgroundRunner(one_person)
    yield runner
    runner.wait()


def _households_status(qtbot: Any, runner: BackgroundRunner) -> str:
    page = HouseholdsPage(runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: bool(page.status.text()), timeout=WAIT_MS)
    return page.status.text()


def _worklist(qtbot: Any, runner: BackgroundRunner) -> WorklistPage:
    page = WorklistPage(runner, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: bool(page.total.text()) and page.labour_box.count() > 1,
                    timeout=WAIT_MS)
    return page


def _desk(qtbot: Any, runner: BackgroundRunner, text: str) -> DeskPage:
    page = DeskPage(runner, site="城东安置点", today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.lookup_box.setFocus()
    QTest.keyClicks(page.lookup_box, text)
    QTest.keyClick(page.lookup_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.person_fields["name"].text() == "罗海燕", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(page.hits.text()), timeout=WAIT_MS)
    return page


def test_one_of_a_kind_is_counted_in_the_singular_in_english(qtbot, runner, english):
    assert _households_status(qtbot, runner) == "1 household, 1 person"
    assert _worklist(qtbot, runner).total.text() == "1 person"
    assert _desk(qtbot, runner, LUO).hits.text() == "1 person · 0 households"
    window = MainWindow(runner)
    qtbot.addWidget(window)
    assert window.drafts.hint_text(1).startswith("1 unfinished draft:")
    assert window.drafts.hint_text(3).startswith("3 unfinished drafts:")


def test_several_are_counted_in_the_plural_in_english(qtbot, one_person, english):
    household = one_person.create("household", {"household_no": "361130104201002"})
    for seq, name in (("631", "张三"), ("641", "李四")):
        one_person.create("person", {"household_id": household, "name": name,
                                     "id_number": make_id(birth="19900101", seq=seq),
                                     "labour_class": "普通劳动力"})
    runner = BackgroundRunner(one_person)
    try:
        assert _households_status(qtbot, runner) == "2 households, 3 people"
        assert _worklist(qtbot, runner).total.text() == "3 people"
    finally:
        runner.wait()


def test_the_chinese_counts_are_unchanged(qtbot, runner):
    assert _households_status(qtbot, runner) == "共 1 户，1 人"
    assert _worklist(qtbot, runner).total.text() == "共 1 人"
    assert _desk(qtbot, runner, LUO).hits.text() == "人 1 · 户 0"
    window = MainWindow(runner)
    qtbot.addWidget(window)
    assert window.drafts.hint_text(2) == "有 2 份未完成的草稿，可在“草稿”中继续填写"


def test_the_desk_panel_shows_stored_words_in_english(qtbot, runner, english):
    page = _desk(qtbot, runner, LUO)
    basics = page.person_fields["basics"].text()
    assert basics.startswith("Female · ") and basics.endswith(" · Ordinary labour")
    assert page.person_fields["work"].text() == "Not employed"
    assert runner.call(lambda s: s.get(page._person.id).props["sex"]) == "女"  # stored as is


def test_the_desk_panel_in_chinese_is_unchanged(qtbot, runner):
    page = _desk(qtbot, runner, LUO)
    basics = page.person_fields["basics"].text()
    assert basics.startswith("女 · ") and basics.endswith(" · 普通劳动力")
    assert page.person_fields["work"].text() == "未就业"


def test_the_work_list_filters_show_english_words_and_filter_by_the_stored_one(
        qtbot, runner, english):
    page = _worklist(qtbot, runner)
    labour = {page.labour_box.itemText(i): page.labour_box.itemData(i)
              for i in range(page.labour_box.count())}
    work = {page.work_box.itemText(i): page.work_box.itemData(i)
            for i in range(page.work_box.count())}
    assert labour["Ordinary labour"] == "普通劳动力" and work["Not employed"] == "未就业"
    page.work_box.setCurrentIndex(page.work_box.findData("未就业"))
    assert page.filter().work_status == "未就业"


@pytest.mark.parametrize("scope", ["361130", "361130104"])  # a county's, a township's
def test_a_profile_that_is_not_a_village_says_so_before_the_search(qtbot, profile, scope):
    store = profile.create(user="county", passphrase=PASSPHRASE, scope=scope,
                           kdf=KdfParams.fast())
    runner = BackgroundRunner(store)
    try:
        dialog = RegisterDialog(runner)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.scope_note.isVisible() and "新建农户需要村级档案" in dialog.scope_note.text()
        assert dialog.register_button.toolTip() == "新建农户需要村级档案"
        dialog.id_number.setText(make_id(birth="19900101", seq="651"))
        dialog.name.setText("王五")
        dialog.search_button.click()
        qtbot.waitUntil(lambda: "由身份证号得出" in dialog.result.text(), timeout=WAIT_MS)
        assert "本档案不能登记" in dialog.result.text()
        assert not dialog.register_button.isEnabled()
        dialog.register()  # even if asked: nothing is written
        runner.wait()
        assert runner.call(lambda s: s.find("household")) == []
    finally:
        runner.wait()
        BackgroundRunner.stop_all()
        store.close()


def test_a_village_profile_shows_no_scope_note(qtbot, runner):
    dialog = RegisterDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.scope_note.isVisible() and dialog.register_button.toolTip() == ""
    dialog.id_number.setText(make_id(birth="19900101", seq="651"))
    dialog.name.setText("王五")
    dialog.search_button.click()
    qtbot.waitUntil(dialog.register_button.isEnabled, timeout=WAIT_MS)


def _required(count: int) -> list[list[str]]:
    return [["type", "name", "label::zh", "label::en", "required"],
            *(["text", f"t{n}", f"项目{n}", f"Item {n}", "yes"] for n in range(count))]


@pytest.mark.parametrize(("count", "english_text"), [
    (1, "1 answer still needs to be filled in or corrected"),
    (2, "2 answers still need to be filled in or corrected")])
def test_a_form_counts_what_is_missing_in_english(open_form, write_form, english, count,
                                                  english_text):
    filler = open_form(write_form(_required(count)), language="en")
    assert not filler.widget.submit()
    assert filler.widget.banner.text() == english_text


def test_a_form_counts_what_is_missing_in_chinese(open_form, write_form):
    filler = open_form(write_form(_required(1)))
    assert not filler.widget.submit()
    assert filler.widget.banner.text() == "还有 1 处需要填写或修改"


def test_the_audit_log_counts_its_entries_in_english(qtbot, runner, english, tmp_path):
    runner.call(lambda s: audit.record(s, action="export", target="ledger",
                                       detail={"rows": 12, "masked": True}))
    viewer = AuditDialog(runner)
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: bool(viewer.status.text()), timeout=WAIT_MS)
    assert viewer.status.text() == "1 entry"
    viewer.export_to(tmp_path / "audit.csv")
    qtbot.waitUntil(lambda: viewer.status.text().startswith("Exported"), timeout=WAIT_MS)
    assert viewer.status.text() == "Exported 1 entry to audit.csv"
    runner.call(lambda s: audit.record(s, action="export", target="ledger",
                                       detail={"rows": 1, "masked": True}))
    viewer.reload()
    qtbot.waitUntil(lambda: viewer.status.text().endswith("entries"), timeout=WAIT_MS)
    assert viewer.status.text() == f"{viewer.model.rowCount()} entries"


@pytest.mark.parametrize(("count", "start"), [
    (1, "Exported the changes of 1 record to village.bundle."),
    (7, "Exported the changes of 7 records to village.bundle."),
    (0, "Exported the audit log to village.bundle.")])
def test_the_usb_export_line_counts_in_english(qtbot, runner, english, count, start, tmp_path):
    """The status-bar line after 导出U盘数据包 (the export itself: tests/desktop/test_connect.py)."""
    from desktop.ops import Bundle

    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.sync_menu._exported(tmp_path / "village.bundle", Bundle(count, count + 3))
    assert window.statusBar().currentMessage().startswith(start)


def test_a_members_relation_is_chosen_in_english_and_stored_as_the_national_word(
        qtbot, runner, english):
    """The relation list read 配偶, 之子 … in the English UI, and the dialog saved the shown
    text: translated, it would have stored "Spouse"."""
    household = runner.call(lambda s: s.find("household"))[0].id
    dialog = RegisterDialog(runner, household_id=household)
    qtbot.addWidget(dialog)
    shown = [dialog.relation.itemText(i) for i in range(dialog.relation.count())]
    assert "Spouse" in shown and "配偶" not in shown
    dialog.relation.setCurrentIndex(shown.index("Spouse"))
    dialog.id_number.setText(make_id(birth="19850101", seq="242"))
    dialog.name.setText("王芳")
    dialog.search_button.click()
    qtbot.waitUntil(dialog.register_button.isEnabled, timeout=WAIT_MS)
    dialog.register_button.click()
    qtbot.waitUntil(lambda: len(runner.call(lambda s: s.find("person"))) == 2, timeout=WAIT_MS)
    added = next(p for p in runner.call(lambda s: s.find("person")) if p.props["name"] == "王芳")
    assert added.props["relation"] == "配偶"
