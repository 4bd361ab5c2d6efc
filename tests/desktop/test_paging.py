"""Lists page in SQL: the household model holds only the pages read; forms read only the
person they are about."""

from __future__ import annotations

from bangfu_testdata import TODAY
from PySide6.QtCore import Qt

from desktop.background import BackgroundRunner
from desktop.forms.catalog import BUILTIN_DIR
from desktop.forms.dialog import open_form_dialog
from desktop.main_window import MainWindow
from desktop.models import HouseholdTableModel
from registry.demo import load_demo
from registry.views import household_rows


def paged_model(store, asked):
    """A model whose pages are read at once from the store (no widget, no thread)."""
    model = HouseholdTableModel()

    def fetch(offset, order, descending):
        asked.append((offset, order, descending))
        model.add_page(offset, household_rows(store, limit=model.PAGE, offset=offset,
                                              order=order, descending=descending))

    model._fetch = fetch
    return model


def test_the_household_model_fetches_pages_and_sorts_in_sql(qtmodeltester, store):
    load_demo(store, people=900, today=TODAY)
    total = store.count("household")
    assert total > HouseholdTableModel.PAGE
    asked = []
    model = paged_model(store, asked)
    model.request(0)
    assert model.rowCount() == model.PAGE and model.canFetchMore()
    model.sort(HouseholdTableModel.COL_MEMBERS, Qt.SortOrder.DescendingOrder)
    assert asked[-1] == (0, "members", True) and model.rowCount() == model.PAGE
    sizes = [model.row_at(r).members for r in range(model.rowCount())]
    assert sizes == sorted(sizes, reverse=True)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total and not model.canFetchMore()
    assert asked[-1] == (model.PAGE, "members", True)
    assert len({model.row_at(r).id for r in range(total)}) == total
    qtmodeltester.check(model)


def test_a_stale_page_is_dropped(qtmodeltester, store):
    load_demo(store, people=900, today=TODAY)
    model = HouseholdTableModel(fetch=lambda *_args: None)
    model.add_page(0, household_rows(store, limit=model.PAGE))
    model.request(model.PAGE)
    model.add_page(0, household_rows(store, limit=model.PAGE, order="members"))  # re-sorted
    model.add_page(model.PAGE, household_rows(store, limit=model.PAGE, offset=model.PAGE))
    assert model.rowCount() == model.PAGE
    qtmodeltester.check(model)


def test_a_small_complete_list_sorts_in_place(qtmodeltester, store):
    load_demo(store, people=60, today=TODAY)
    asked = []
    model = paged_model(store, asked)
    model.request(0)
    assert not model.canFetchMore()
    model.sort(HouseholdTableModel.COL_MEMBERS, Qt.SortOrder.AscendingOrder)
    sizes = [model.row_at(r).members for r in range(model.rowCount())]
    assert sizes == sorted(sizes) and len(asked) == 1
    qtmodeltester.check(model)


def test_the_window_shows_one_page_and_scrolling_reads_the_next(qtbot, store):
    load_demo(store, people=900, today=TODAY)
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.households.rowCount() == HouseholdTableModel.PAGE,
                    timeout=5000)
    qtbot.waitUntil(lambda: "户" in window.status.text(), timeout=5000)
    assert f"共 {runner.call(lambda s: s.count('household'))} 户" in window.status.text()
    window.household_view.scrollToBottom()
    qtbot.waitUntil(lambda: window.households.rowCount() > HouseholdTableModel.PAGE,
                    timeout=5000)
    runner.wait()


def test_the_followup_form_reads_only_the_selected_person(qtbot, store):
    load_demo(store, people=40, today=TODAY)
    person = store.find("person", limit=3)[2]
    store.update(person.id, {"monthly_income": 3000})
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    dialog = open_form_dialog(window, BUILTIN_DIR / "employment_followup.xlsx", runner=runner,
                              values={"person_id": person.id},
                              on_submitted=lambda _changes: None)
    qtbot.waitUntil(lambda: dialog.form_widget.session is not None, timeout=5000)
    lists = dialog.form_widget._entity_lists
    assert [row["name"] for row in lists["person"]] == [person.id]
    assert dialog.form_widget.session.state("last_income").text == "3000"
    dialog.reject()
    runner.wait()


def test_the_people_and_drafts_models_pass_the_model_tester(qtmodeltester, store):
    from desktop.drafts import DraftTableModel
    from desktop.models import PersonTableModel
    from desktop.ops import DraftRow

    load_demo(store, people=12, today=TODAY)
    people = PersonTableModel()
    people.set_rows(store.find("person"))
    qtmodeltester.check(people)
    drafts = DraftTableModel()
    drafts.set_rows([DraftRow("d1", "employment_followup", "月度就业跟踪", None, 1_700_000_000_000, 3)])
    qtmodeltester.check(drafts)
    assert drafts.index(0, 0).data() == "月度就业跟踪"
