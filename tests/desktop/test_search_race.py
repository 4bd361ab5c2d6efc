"""农户 search: an older request's answer never replaces a newer one's.

The DB thread is held by a blocking op while the user clears the box and types the next
query, so the empty search's household page (and the first household's members it asks
for) are answered around the newer search, every time: the race the 50k county profile
showed by hand (clear, type 王 within 0.3 s: the first household's members shown).
"""

from __future__ import annotations

import threading

import pytest
from bangfu_testdata import TODAY

from desktop.background import BackgroundRunner
from desktop.households_page import HouseholdsPage
from desktop.ops import ANY_LIST
from registry.demo import load_demo
from registry.store import Changes


def _idle(qtbot, runner: BackgroundRunner) -> None:
    """Wait until every queued op has been answered, the answers' follow-ups too."""
    for _ in range(3):  # an answer may queue a further op (the members of row 0)
        qtbot.waitUntil(lambda: not runner._pending, timeout=20000)
        qtbot.wait(50)
    assert not runner._pending


@pytest.fixture
def page(store, qtbot):
    load_demo(store, people=300, today=TODAY)
    runner = BackgroundRunner(store)
    widget = HouseholdsPage(runner)
    qtbot.addWidget(widget)
    _idle(qtbot, runner)
    assert widget.people.rowCount() > 0  # the first household's members
    return widget


def _hold_db_thread(runner: BackgroundRunner) -> threading.Event:
    """Queue an op that blocks the DB thread until the returned event is set."""
    gate = threading.Event()
    runner.submit_store_work(lambda _store: gate.wait(20), lambda _ok, _value: None)
    return gate


def _type(page: HouseholdsPage, text: str) -> None:
    """Set the box and run its search now (as the debounce timer would, later)."""
    page.search.setText(text)
    page._search_timer.stop()
    page.run_search()


def _clear_then_type(qtbot, page: HouseholdsPage, text: str) -> None:
    gate = _hold_db_thread(page.runner)
    _type(page, "")  # the clear button: the whole list is read again
    _type(page, text)  # the next query, typed before that answer came
    gate.set()
    _idle(qtbot, page.runner)


def _a_surname_outside_the_first_household(page: HouseholdsPage) -> str:
    first = {p.props["name"][0] for p in page.people.rows()}
    _type(page, "")
    names = [p.props["name"] for p in page.runner.call(lambda s: s.find("person"))]
    return next(name[0] for name in names if name[0] not in first)


def test_clear_then_type_shows_the_new_search_not_the_first_household(page, qtbot):
    first_household = {p.id for p in page.people.rows()}
    surname = _a_surname_outside_the_first_household(page)
    _idle(qtbot, page.runner)
    _type(page, "不存在的人")  # some earlier search, then the clear button
    _idle(qtbot, page.runner)
    expected = {e.id for e in page.runner.call(lambda s: s.search(surname, limit=200))
                if e.entity_list == "person"}
    assert expected

    _clear_then_type(qtbot, page, surname)

    shown = page.people.rows()
    assert {p.id for p in shown} == expected
    assert not {p.id for p in shown} & first_household
    assert all(p.props["name"].startswith(surname) for p in shown)


def test_a_search_that_finds_nobody_says_so_and_shows_nobody(page, qtbot):
    _clear_then_type(qtbot, page, "不存在的人")

    assert page.people.rowCount() == 0
    assert "没有找到" in page.status.text()

    _clear_then_type(qtbot, page, "")  # cleared again: the counts come back
    assert page.status.text().startswith("共")
    assert page.people.rowCount() > 0


def test_a_sync_that_pulled_changes_reads_the_search_again_not_the_whole_list(page, qtbot):
    surname = _a_surname_outside_the_first_household(page)
    _idle(qtbot, page.runner)
    _type(page, surname)
    _idle(qtbot, page.runner)
    found = {p.id for p in page.people.rows()}
    assert found and all(p.props["name"].startswith(surname) for p in page.people.rows())

    page.runner.broadcast(Changes(lists=frozenset({ANY_LIST})))  # as a sync that pulled
    _idle(qtbot, page.runner)

    assert {p.id for p in page.people.rows()} == found
    assert page.status.text().startswith("共")


def test_a_search_shows_the_households_of_the_people_found_and_their_numbers(page, qtbot):
    """The list above showed the households of before the search; the people found had no
    户编号. Now the households are theirs and each person shows the number."""
    from desktop.models import PersonTableModel

    surname = _a_surname_outside_the_first_household(page)
    _idle(qtbot, page.runner)
    before = {page.households.row_at(r).id for r in range(page.households.rowCount())}
    _type(page, surname)
    _idle(qtbot, page.runner)
    people = page.people.rows()
    assert people and all(p.props["name"].startswith(surname) for p in people)
    theirs = {p.props["household_id"] for p in people}
    shown = {page.households.row_at(r).id: page.households.row_at(r).household_no
             for r in range(page.households.rowCount())}
    assert set(shown) == theirs and set(shown) != before
    column = PersonTableModel.COL_HOUSEHOLD
    assert not page.people_view.isColumnHidden(column)
    numbers = {page.people.index(r, column).data() for r in range(page.people.rowCount())}
    assert numbers == {shown[h] for h in theirs} and "" not in numbers

    _type(page, "不存在的人")  # nobody: no households either
    _idle(qtbot, page.runner)
    assert page.households.rowCount() == 0

    _type(page, "")  # the whole list and a household's members: no 户编号 column
    _idle(qtbot, page.runner)
    assert page.households.rowCount() > 0 and page.people.rowCount() > 0
    assert page.people_view.isColumnHidden(column)
