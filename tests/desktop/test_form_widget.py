"""FormWidget behaviour: relevance, repeats, drafts, required marks, keyboard-only entry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPlainTextEdit

from desktop.background import BackgroundRunner
from desktop.forms import FormGateway, FormWidget
from desktop.forms.catalog import builtin_forms
from registry.submissions import list_drafts, load_draft, save_draft

SURVEY = [
    ["type", "name", "label::zh", "label::en", "appearance", "relevant", "repeat_count",
     "choice_filter", "required", "read_only", "default"],
    ["integer", "n", "子女人数", "Children", "", "", "", "", "", "", ""],
    ["begin_repeat", "kids", "子女", "Child", "", "", "${n}", "", "", "", ""],
    ["text", "kname", "子女姓名", "Child name", "", "", "", "", "", "", ""],
    ["end_repeat", "", "", "", "", "", "", "", "", "", ""],
    ["select_one region", "region", "区域", "Region", "", "", "", "", "", "", ""],
    ["select_one town", "town", "乡镇", "Town", "", "", "", "region=${region}", "", "", ""],
    ["begin_repeat", "families", "家庭", "Family", "", "", "", "", "", "", ""],
    ["text", "fname", "户名", "Family name", "", "", "", "", "", "", ""],
    ["begin_repeat", "people", "成员", "Person", "", "", "", "", "", "", ""],
    ["text", "pname", "成员姓名", "Person name", "", "", "", "", "", "", ""],
    ["end_repeat", "", "", "", "", "", "", "", "", "", ""],
    ["end_repeat", "", "", "", "", "", "", "", "", "", ""],
    ["text", "remarks", "备注", "Remarks", "multiline", "", "", "", "", "", ""],
    ["text", "code", "编码", "Code", "", "", "", "", "", "yes", "A1"],
    ["acknowledge", "ok", "已核实", "Checked", "", "", "", "", "yes", "", ""],
    ["note", "info", "请如实填写", "Fill in truthfully", "", "", "", "", "", "", ""],
]
CHOICES = [
    ["list_name", "name", "label::zh", "label::en", "region"],
    ["region", "n", "北区", "North", ""],
    ["region", "s", "南区", "South", ""],
    ["town", "t1", "甲镇", "Jia", "n"],
    ["town", "t2", "乙镇", "Yi", "n"],
    ["town", "t3", "丙镇", "Bing", "s"],
]


@pytest.fixture
def custom(open_form, write_form):
    return open_form(write_form(SURVEY, CHOICES))


def test_relevance_hides_and_shows_fields_and_pages(open_form):
    filler = open_form("household_registration")
    assert not filler.visible("site_name")
    filler.click("relocated", "是")
    assert filler.visible("site_name")
    filler.click("relocated", "否")
    assert not filler.visible("site_name")
    followup = open_form("employment_followup")
    work_page = [p.title for p in followup.widget.pages].index("务工信息")
    assert followup.widget.page_list.isRowHidden(work_page)
    followup.click("employment_status", "就业")
    assert not followup.widget.page_list.isRowHidden(work_page)
    assert not followup.visible("return_reason")


def test_only_the_paths_set_value_returns_are_redrawn(open_form, monkeypatch):
    filler = open_form("household_registration")
    redrawn: list[str] = []
    original = filler.widget.update_paths
    monkeypatch.setattr(filler.widget, "update_paths",
                        lambda paths: (redrawn.extend(paths), original(paths)))
    filler.click("relocated", "是")
    assert set(redrawn) == {"relocated", "site_name"}


def test_repeats_add_and_remove(open_form):
    filler = open_form("household_registration")
    filler.type("members[1]/full_name", "甲")
    filler.widget.builder.repeats["members"].add_button.click()
    assert filler.session.repeat_count("members") == 2
    assert QApplication.focusWidget() is filler.input("members[2]/full_name")
    filler.type("members[2]/full_name", "乙")
    assert filler.session.text("member_count") == "2"
    filler.widget.confirm_remove = lambda _path: True
    filler.widget.remove_repeat("members[1]")
    assert filler.session.repeat_count("members") == 1
    assert filler.input("members[1]/full_name").text() == "乙"
    assert "members[2]/full_name" not in filler.widget.builder.fields


def test_repeat_count_nested_repeats_and_choice_filter(custom):
    assert "kids[1]/kname" not in custom.widget.builder.fields
    custom.type("n", "3")
    assert [p for p in custom.widget.builder.fields if p.startswith("kids[")] == [
        "kids[1]/kname", "kids[2]/kname", "kids[3]/kname"]
    assert custom.widget.builder.repeats["kids"].add_button is None
    custom.click("region", "南区")
    assert [b.text() for b in custom.row("town").editor.buttons()] == ["丙镇"]
    custom.click("region", "北区")
    assert [b.text() for b in custom.row("town").editor.buttons()] == ["甲镇", "乙镇"]
    custom.widget.add_repeat("families[1]/people")
    custom.type("families[1]/people[2]/pname", "丁")
    assert custom.session.text("families[1]/people[2]/pname") == "丁"


def test_widgets_per_type(custom):
    assert isinstance(custom.input("remarks"), QPlainTextEdit)
    assert not custom.input("code").isEnabled() and custom.input("code").text() == "A1"
    assert isinstance(custom.row("info").label, QLabel) and custom.row("info").editor is None
    box = custom.input("ok")
    custom.qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert custom.session.text("ok") == "OK"
    custom.type("remarks", "line")
    custom.key(Qt.Key.Key_Return)
    assert custom.input("remarks").toPlainText() == "line\n"  # Enter stays in a text area


def test_required_mark_and_messages_after_submit(open_form):
    filler = open_form("household_registration")
    assert filler.row("head_name").required_marked and "*" in filler.row("head_name").label.text()
    assert not filler.row("phone").required_marked
    assert filler.message("head_name") == ""  # untouched: no message yet
    assert not filler.widget.submit()
    assert filler.message("village_code") == "此项必填"
    assert QApplication.focusWidget() is filler.input("village_code")


def test_comboboxes_for_many_choices(open_form):
    filler = open_form("household_registration")
    assert isinstance(filler.input("members[1]/relation"), QComboBox)
    assert len(filler.row("members[1]/sex").editor.buttons()) == 2


def test_draft_is_restored_after_closing(open_form, store, qtbot):
    filler = open_form("household_registration")
    filler.type("head_name", "王五")
    filler.click("category", "普通农户")
    filler.widget.add_repeat("members")
    filler.type("members[2]/birth_date", "20100315")
    qtbot.waitUntil(lambda: load_draft(store, filler.widget.draft_id) is not None, timeout=3000)
    filler.type("phone", "138")
    draft_id = filler.widget.draft_id
    filler.widget.close()  # saves what the timer has not saved yet
    assert load_draft(store, draft_id)["values"]["phone"] == "138"
    again = open_form("household_registration", draft_id=draft_id)
    assert again.input("head_name").text() == "王五"
    assert again.input("phone").text() == "138"
    assert again.button("category", "普通农户").isChecked()
    assert again.session.repeat_count("members") == 2
    assert again.input("members[2]/birth_date").iso() == "2010-03-15"
    assert again.session.to_draft() == filler.session.to_draft()


def test_a_draft_that_no_longer_fits_is_kept_and_typing_saves_a_new_one(open_form, store,
                                                                       qtbot):
    """A field renamed by an app update: the old answers are not overwritten by the
    first autosave of the blank form opened in their place."""
    filler = open_form("household_registration")
    filler.type("head_name", "王五")
    draft_id = filler.widget.draft_id
    filler.widget.close()
    old = load_draft(store, draft_id)
    old["values"]["head_name_before_update"] = old["values"].pop("head_name")
    save_draft(store, draft_id=draft_id, form_id=old["form_id"],
               form_version=old["version"], answers=old)

    again = open_form("household_registration", draft_id=draft_id)
    qtbot.waitUntil(lambda: again.widget.session is not None, timeout=3000)
    assert again.widget.banner.isVisible() and "原草稿已保留" in again.widget.banner.text()
    assert again.widget.draft_id != draft_id
    again.type("phone", "139")
    again.widget.close()  # saves what the timer has not saved yet
    assert load_draft(store, draft_id) == old  # the old answers are all still there
    assert load_draft(store, again.widget.draft_id)["values"]["phone"] == "139"
    assert {d["id"] for d in list_drafts(store)} == {draft_id, again.widget.draft_id}


def test_keyboard_only_entry_and_submit(open_form, store, qtbot):
    person = store.create("person", {"name": "赵六"})
    filler = open_form("public_welfare_post", values={"person_id": person})
    filler.focus("action")
    filler.key(Qt.Key.Key_Space)  # 上岗
    filler.key(Qt.Key.Key_Return)  # next page: 上岗
    assert filler.widget.stack.currentIndex() == 1
    filler.key(Qt.Key.Key_Down)  # post type combo: first choice
    for text in ("20260101", "20261231", "1200", "1900"):
        filler.key(Qt.Key.Key_Return)
        filler.qtbot.keyClicks(QApplication.focusWidget(), text)
    filler.key(Qt.Key.Key_Return)
    filler.key(Qt.Key.Key_Space)  # accident insurance: 是
    with qtbot.waitSignal(filler.widget.submitted):
        filler.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (post,) = store.find("post")
    assert post.props["post_type"] == "cleaning" and post.props["agreement_end"] == "2026-12-31"
    assert post.props["monthly_subsidy"] == 1200


def test_english_labels(open_form):
    filler = open_form("household_registration", language="en")
    assert "Head" in filler.row("head_name").label.text() or filler.row("head_name").label.text()
    assert filler.button("relocated", "Yes")


def test_background_gateway(store, qtbot):
    runner = BackgroundRunner(store)
    form = builtin_forms()[0]
    from forms.loader import load_form

    widget = FormWidget(load_form(form.path), store_gateway=FormGateway(runner))
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.ready, timeout=5000):
        pass
    assert widget.pages
    runner.wait()


def test_catalog_lists_builtin_forms_by_title():
    titles = [entry.title for entry in builtin_forms()]
    assert "农户信息登记" in titles and len(titles) == 8
