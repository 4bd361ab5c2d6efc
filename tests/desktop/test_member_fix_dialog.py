"""更正成员信息 on the household page: a village user puts right a member's relation and ID
number; a refusal names the field and writes nothing."""

from __future__ import annotations

import shiboken6
from bangfu_testdata import TODAY, make_id
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.background import BackgroundRunner
from desktop.household_page import HouseholdPage

HEAD_ID = make_id(birth="19820315", seq="611")


def _household(store) -> tuple[str, str]:
    household = store.create("household", {"household_no": "361130104201001",
                                           "head_name": "罗海", "household_type": "脱贫户"})
    store.create("person", {"household_id": household, "name": "罗海", "relation": "户主",
                            "id_number": HEAD_ID})
    wife = store.create("person", {"household_id": household, "name": "王兰琳",
                                   "relation": "之女",
                                   "id_number": make_id(birth="19880101", seq="622")})
    return household, wife


def _page(qtbot, store, household: str, members: int = 2
          ) -> tuple[HouseholdPage, BackgroundRunner]:
    runner = BackgroundRunner(store)
    page = HouseholdPage(runner, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    page.show_household(household)
    qtbot.waitUntil(lambda: page.file is not None and page.members.rowCount() == members,
                    timeout=5000)
    return page, runner


def _select(page: HouseholdPage, person_id: str) -> None:
    rows = [m.person.id for m in page.file.members]
    page.member_view.selectRow(rows.index(person_id))


def _closed(dialog) -> bool:
    """Closed (the dialog deletes itself on close)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def test_the_selected_member_is_corrected_and_the_page_redraws(qtbot, store):
    household, wife = _household(store)
    page, runner = _page(qtbot, store, household)
    _select(page, wife)
    dialog = page.fix_member()
    assert dialog.name.text() == "王兰琳" and dialog.relation.currentData() == "之女"
    assert dialog.id_number.text() == ""  # never shown whole: typed anew or kept
    assert "3611" in dialog.id_number.placeholderText()
    assert make_id(birth="19880101", seq="622") not in dialog.id_number.placeholderText()
    dialog.relation.setCurrentIndex(dialog.relation.findData("配偶"))
    right = make_id(birth="19890704", seq="642")
    dialog.id_number.setText(right)
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=5000)
    person = runner.call(lambda s: s.get(wife))
    assert (person.props["relation"], person.props["id_number"]) == ("配偶", right)
    qtbot.waitUntil(lambda: any(m.person.props.get("relation") == "配偶"
                                for m in page.file.members), timeout=5000)
    runner.wait()


def test_a_refusal_names_the_field_and_writes_nothing(qtbot, store):
    household, wife = _household(store)
    page, runner = _page(qtbot, store, household)
    _select(page, wife)
    dialog = page.fix_member()
    before = runner.call(lambda s: s.get(wife).props)
    dialog.id_number.setText(HEAD_ID)  # the head's number
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: "另一人员" in dialog.problem.text(), timeout=5000)
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert HEAD_ID not in dialog.problem.text() and "罗海" not in dialog.problem.text()
    dialog.id_number.clear()
    dialog.relation.setCurrentIndex(dialog.relation.findData("户主"))  # a second head
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: "户主" in dialog.problem.text(), timeout=5000)
    assert runner.call(lambda s: s.get(wife).props) == before
    dialog.reject()


def test_an_imported_relation_shows_as_it_is_and_is_kept(qtbot, store):
    """A relation a ledger kept as typed (长子) showed as 户主, the first of the list: saving
    a name made the member a head, or was refused as a second head."""
    household, _wife = _household(store)
    son = store.create("person", {"household_id": household, "name": "罗晓", "relation": "长子"})
    page, runner = _page(qtbot, store, household, members=3)
    _select(page, son)
    dialog = page.fix_member()
    assert dialog.relation.currentData() == "长子" and "长子" in dialog.relation.currentText()
    dialog.name.setText("罗小")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=5000)
    person = runner.call(lambda s: s.get(son))
    assert (person.props["name"], person.props["relation"]) == ("罗小", "长子")
    assert runner.call(lambda s: s.get(household)).props["head_name"] == "罗海"
