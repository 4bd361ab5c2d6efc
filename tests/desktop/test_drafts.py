"""The 草稿 list: a closed form is listed, reopened with its answers, submitted or deleted."""

from __future__ import annotations

import re

from bangfu_testdata import PASSPHRASE, make_id
from formfill import Filler, shown_form
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from desktop.background import BackgroundRunner
from desktop.drafts import DraftsDialog, DraftTableModel
from desktop.forms import FormDialog
from desktop.forms.catalog import BUILTIN_DIR
from desktop.household_page import HouseholdPage
from desktop.idle_lock import IdleLock
from desktop.main_window import MainWindow
from desktop.unlock import UnlockDialog
from forms.engine import FormSession
from forms.loader import load_form
from registry.submissions import list_drafts, load_draft, save_draft

HEAD_ID = make_id(birth="19850315", seq="123")
PHONE = "13800138000"


def main_window(qtbot, store) -> tuple[MainWindow, BackgroundRunner]:
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    runner.wait()
    return window, runner


def hint_shown(window: MainWindow) -> str:
    """The drafts hint in the status bar, if it is shown."""
    hint = window.drafts.hint
    return hint.text() if hint.isVisibleTo(window) else ""


def menu_action(window: MainWindow, text: str):
    return next(a for a in window.menuBar().actions() if a.text() == text)


def open_filler(qtbot, dialog: FormDialog) -> Filler:
    """A Filler for a form dialog once its form is built and the dialog has the focus."""
    qtbot.waitUntil(lambda: bool(dialog.form_widget.pages), timeout=5000)
    QApplication.processEvents()  # widgets added to the shown dialog are shown by a posted call
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    return Filler(qtbot, dialog.form_widget)


def new_household_form(qtbot, window: MainWindow) -> FormDialog:
    menu = menu_action(window, "新建表单").menu()
    menu.aboutToShow.emit()
    next(a for a in menu.actions() if a.text() == "农户信息登记").trigger()
    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, FormDialog) and w.isVisible())


def drafts_dialog(qtbot, window: MainWindow, runner: BackgroundRunner, rows: int) -> DraftsDialog:
    menu_action(window, "草稿").trigger()
    dialog = window.findChild(DraftsDialog)
    qtbot.waitExposed(dialog)
    runner.wait()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == rows, timeout=5000)
    return dialog


def shown_text(model: DraftTableModel) -> str:
    return " ".join(str(model.index(r, c).data()) for r in range(model.rowCount())
                    for c in range(model.columnCount()))


def answer_confirmation(qtbot, button: str, seen: list[str]) -> None:
    """Click ``button`` in the message box that is about to open (modal), noting its text."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, click)


def test_closed_form_is_listed_reopened_restored_and_submitted(qtbot, store, profile):
    window, runner = main_window(qtbot, store)
    assert not window.drafts.hint.isVisibleTo(window)  # no drafts: no hint
    filler = open_filler(qtbot, new_household_form(qtbot, window))
    filler.type("village_code", "361130104201")
    filler.type("head_name", "王五")
    filler.type("phone", PHONE)
    filler.click("category", "脱贫不稳定户")
    filler.type("members[1]/full_name", "王五")
    filler.type("members[1]/id_number", HEAD_ID)
    draft_id = filler.widget.draft_id
    filler.widget.window().close()  # the worker closes the form: what was typed stays a draft
    runner.wait()
    assert runner.call(lambda s: load_draft(s, draft_id))["values"]["head_name"] == "王五"

    dialog = drafts_dialog(qtbot, window, runner, rows=1)
    assert hint_shown(window) == "有 1 份未完成的草稿，可在“草稿”中继续填写"
    model = dialog.model
    assert model.index(0, model.COL_FORM).data() == "农户信息登记"
    assert model.index(0, model.COL_ANSWERED).data() == "6"
    assert len(model.index(0, model.COL_SAVED).data()) == len("2026-11-22 14:05")
    shown = shown_text(model)
    assert "王" not in shown and HEAD_ID[-4:] not in shown and PHONE[-4:] not in shown

    view = dialog.view
    cell = view.visualRect(view.model().index(0, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    reopened = next(w for w in window.findChildren(FormDialog) if w.isVisible())
    again = open_filler(qtbot, reopened)
    assert again.widget.draft_id == draft_id and again.widget.status.text() == "已恢复草稿"
    assert again.input("head_name").text() == "王五"
    assert again.input("phone").text() == PHONE
    assert again.button("category", "脱贫不稳定户").isChecked()
    assert again.input("members[1]/id_number").text() == HEAD_ID
    assert dialog.open_selected() is reopened  # the same draft is not opened twice

    again.click("risks", "因病")
    again.click("relocated", "否")
    qtbot.waitUntil(lambda: "relocated" in str(runner.call(lambda s: load_draft(s, draft_id))), timeout=3000)
    runner.wait()
    assert [d["id"] for d in runner.call(list_drafts)] == [draft_id]  # autosaves into the same draft
    again.click("members[1]/sex", "男")
    again.type("members[1]/birth_date", "19850315")
    again.choose("members[1]/relation", "户主")
    again.click("members[1]/health", "健康")
    again.click("members[1]/labour_class", "普通劳动力")
    assert again.session.validate() == []
    with qtbot.waitSignal(reopened.accepted, timeout=5000):
        again.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    runner.wait()

    assert runner.call(lambda s: load_draft(s, draft_id)) is None and runner.call(list_drafts) == []
    (household,) = runner.call(lambda s: s.find("household"))
    assert household.props["head_name"] == "王五" and household.props["risks"] == ["因病"]
    (person,) = runner.call(lambda s: s.find("person"))
    assert person.props["id_number"] == HEAD_ID and person.parent == household.id
    (record,) = runner.call(lambda s: s.find("submission"))
    assert record.props["answers"]["phone"] == PHONE
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0 and dialog.empty.isVisible(),
                    timeout=5000)
    qtbot.waitUntil(lambda: window.households.rowCount() == 1, timeout=5000)
    assert hint_shown(window) == ""  # no drafts left: the hint is gone
    for path in profile.folder.iterdir():  # the encrypted store: nothing readable on disk
        data = path.read_bytes()
        assert "王五".encode() not in data and HEAD_ID.encode() not in data
    runner.wait()


def saved_draft(store, draft_id: str, **values: str) -> None:
    form = load_form(BUILTIN_DIR / "household_registration.xlsx")
    session = FormSession(form, language="zh")
    for path, value in values.items():
        session.set_value(path, value)
    save_draft(store, draft_id=draft_id, form_id=form.form_id, form_version=form.version,
               answers=session.to_draft())


def test_deleting_a_draft_asks_first_and_updates_the_hint(qtbot, store):
    saved_draft(store, "keep", head_name="李四")
    saved_draft(store, "discard", head_name="赵六", phone=PHONE)
    window, runner = main_window(qtbot, store)
    qtbot.waitUntil(lambda: hint_shown(window) == "有 2 份未完成的草稿，可在“草稿”中继续填写",
                    timeout=5000)
    dialog = drafts_dialog(qtbot, window, runner, rows=2)
    ids = [dialog.model.row_at(r).id for r in range(2)]
    dialog.view.selectRow(dialog.view.model().mapFromSource(
        dialog.model.index(ids.index("discard"), 0)).row())
    assert dialog.selected().id == "discard"

    seen: list[str] = []
    answer_confirmation(qtbot, "取消", seen)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    runner.wait()
    assert seen == ["确认删除？"]
    assert {d["id"] for d in runner.call(list_drafts)} == {"keep", "discard"}  # cancelled: kept

    answer_confirmation(qtbot, "删除", seen)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    runner.wait()
    assert seen == ["确认删除？", "确认删除？"]
    assert [d["id"] for d in runner.call(list_drafts)] == ["keep"]
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    assert dialog.model.row_at(0).id == "keep"
    qtbot.waitUntil(lambda: hint_shown(window) == "有 1 份未完成的草稿，可在“草稿”中继续填写",
                    timeout=5000)
    runner.wait()


def test_a_draft_open_in_a_form_cannot_be_deleted(qtbot, store, monkeypatch):
    saved_draft(store, "open", head_name="李四")
    window, runner = main_window(qtbot, store)
    dialog = drafts_dialog(qtbot, window, runner, rows=1)
    dialog.view.selectRow(0)
    form = dialog.open_selected()
    qtbot.waitUntil(lambda: form.form_widget.session is not None, timeout=5000)
    assert form.form_widget.session.text("head_name") == "李四"
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    monkeypatch.setattr(dialog, "confirm_delete", lambda _row: True)
    dialog.delete_selected()
    runner.wait()
    assert told and runner.call(lambda s: load_draft(s, "open")) is not None
    form.close()
    runner.wait()


def test_unlocking_after_the_idle_lock_shows_the_hint_again(qtbot, store, profile):
    saved_draft(store, "d1", head_name="李四")
    window, runner = main_window(qtbot, store)
    hint = "有 1 份未完成的草稿，可在“草稿”中继续填写"
    qtbot.waitUntil(lambda: hint_shown(window) == hint, timeout=5000)
    window.drafts.hint.hide()
    lock = IdleLock(window, lambda u, p: profile.keyring().unlock(u, p), store.user,
                    idle_ms=60000)
    lock.unlocked.connect(window.drafts.announce)
    lock.lock()
    unlock = window.findChild(UnlockDialog)
    unlock.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(lock.unlocked, timeout=3000):
        unlock.try_unlock()
    runner.wait()
    qtbot.waitUntil(lambda: hint_shown(window) == hint, timeout=5000)


def followup_draft(store, draft_id: str, person_id: str, updated_ms: int) -> None:
    """A follow-up draft for ``person_id`` with every required answer given (在家, 务农)."""
    form = load_form(BUILTIN_DIR / "employment_followup.xlsx")
    session = FormSession(form, language="zh")
    for path, value in (("person_id", person_id), ("employment_status", "at_home"),
                        ("return_reason", "farming")):
        session.set_value(path, value)
    save_draft(store, draft_id=draft_id, form_id=form.form_id, form_version=form.version,
               answers=session.to_draft(), updated_ms=updated_ms)


def two_households(store) -> dict[str, str]:
    """罗军浩's household (his son 罗海) and 李四's; the people's ids by name."""
    luo = store.create("household", {"household_no": "361130104201001", "head_name": "罗军浩"})
    li = store.create("household", {"household_no": "361130104201002", "head_name": "李四"})
    people = {name: store.create("person", {"household_id": household, "name": name,
                                            "relation": relation, "id_number": number})
              for name, relation, household, number in (
                  ("罗军浩", "户主", luo, make_id(birth="19750101", seq="311")),
                  ("罗海", "之子", luo, make_id(birth="20000101", seq="321")),
                  ("李四", "户主", li, make_id(birth="19800704", seq="331")))}
    return {**people, "luo": luo}


def confirmations() -> list[str]:
    return [w.text() for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "confirmation" and w.isVisible()]


def test_follow_up_drafts_say_whom_they_are_for_and_a_reopened_one_confirms(qtbot, store):
    """Three follow-up drafts were three identical 月度就业跟踪 rows; reopened, one had lost
    its 为 X（户主 Y） 填写 line, and its submit showed no confirmation."""
    people = two_households(store)
    followup_draft(store, "luo-hai", people["罗海"], 3_000_000)
    followup_draft(store, "luo-head", people["罗军浩"], 2_000_000)
    followup_draft(store, "li", people["李四"], 1_000_000)
    saved_draft(store, "new-household", head_name="王五")
    window, runner = main_window(qtbot, store)
    dialog = drafts_dialog(qtbot, window, runner, rows=4)
    model = dialog.model
    whom = {model.row_at(r).id: (model.index(r, model.COL_FORM).data(),
                                 model.index(r, model.COL_WHOM).data(),
                                 model.index(r, model.COL_HOUSEHOLD).data())
            for r in range(model.rowCount())}
    assert whom == {"luo-hai": ("月度就业跟踪", "罗海（户主 罗军浩）", "361130104201001"),
                    "luo-head": ("月度就业跟踪", "罗军浩（户主 罗军浩）", "361130104201001"),
                    "li": ("月度就业跟踪", "李四（户主 李四）", "361130104201002"),
                    "new-household": ("农户信息登记", "", "")}
    shown = shown_text(model)
    assert not any(make_id(birth=b, seq=s)[-4:] in shown
                   for b, s in (("19750101", "311"), ("20000101", "321"), ("19800704", "331")))
    assert "王五" not in shown  # what was typed stays out of the list

    row = [model.row_at(r).id for r in range(model.rowCount())].index("luo-hai")
    dialog.view.selectRow(dialog.view.model().mapFromSource(model.index(row, 0)).row())
    form = dialog.open_selected()
    assert re.fullmatch(r"为 罗海（户主 罗军浩） 填写（继续 \d{4}-\d\d-\d\d 保存的未提交草稿）",
                        form.findChild(QLabel, "form_for").text())
    assert form.windowTitle() == "月度就业跟踪"  # no name in the taskbar
    filler = open_filler(qtbot, form)
    assert filler.widget.draft_id == "luo-hai" and filler.widget.status.text() == "已恢复草稿"
    with qtbot.waitSignal(form.accepted, timeout=5000):
        assert filler.widget.submit()
    runner.wait()
    qtbot.waitUntil(lambda: bool(confirmations()), timeout=3000)
    assert confirmations() == ["已保存：月度就业跟踪（罗海（户主 罗军浩））"]
    assert {d["id"] for d in runner.call(list_drafts)} == {"luo-head", "li", "new-household"}
    (visit,) = runner.call(lambda s: s.find("visit"))
    assert visit.parent == people["罗海"]

    # a draft for no one (a new household) reopens without a name, and confirms too
    dialog = drafts_dialog(qtbot, window, runner, rows=3)
    row = [model.row_at(r).id for r in range(model.rowCount())].index("new-household")
    dialog.view.selectRow(dialog.view.model().mapFromSource(model.index(row, 0)).row())
    form = dialog.open_selected()
    assert re.fullmatch(r"继续填写 \d{4}-\d\d-\d\d 保存的未提交草稿",
                        form.findChild(QLabel, "form_for").text())
    form.reject()
    runner.wait()


def test_a_form_opened_for_a_person_with_a_draft_goes_on_with_the_draft(qtbot, store):
    """走访登记 for a person who had a draft opened an empty form beside the old draft (which
    could later be submitted over the newer answers): it now reopens the draft, and a second
    click raises the form already open."""
    people = two_households(store)
    followup_draft(store, "luo-hai", people["罗海"], 3_000_000)
    runner = BackgroundRunner(store)
    page = HouseholdPage(runner)
    qtbot.addWidget(page)
    page.show()
    page.show_household(people["luo"])
    qtbot.waitUntil(lambda: page.file is not None and page.members.rowCount() == 2,
                    timeout=5000)
    page.member_view.selectRow([m.id for m in page.file.members].index(people["罗海"]))
    page.followup_button.click()
    form = shown_form(qtbot)
    qtbot.waitUntil(lambda: form.form_widget.session is not None, timeout=5000)
    assert form.form_widget.draft_id == "luo-hai"
    assert form.form_widget.session.text("employment_status") == "at_home"
    assert re.fullmatch(r"为 罗海（户主 罗军浩） 填写（继续 \d{4}-\d\d-\d\d 保存的未提交草稿）",
                        form.findChild(QLabel, "form_for").text())

    page.followup_button.click()  # again: the same form, raised
    runner.wait()
    QApplication.processEvents()
    assert [w for w in QApplication.topLevelWidgets()
            if isinstance(w, FormDialog) and w.isVisible()] == [form]
    form.reject()
    runner.wait()
    assert [d["id"] for d in runner.call(list_drafts)] == ["luo-hai"]  # no second draft

    # the head has no draft: a new form, named for him
    page.member_view.selectRow([m.id for m in page.file.members].index(people["罗军浩"]))
    page.followup_button.click()
    fresh = shown_form(qtbot)
    qtbot.waitUntil(lambda: fresh.form_widget.session is not None, timeout=5000)
    assert fresh.form_widget.draft_id != "luo-hai"
    assert fresh.form_widget.session.text("employment_status") == ""
    assert fresh.findChild(QLabel, "form_for").text() == "为 罗军浩（户主 罗军浩） 填写"
    fresh.reject()
    runner.wait()
