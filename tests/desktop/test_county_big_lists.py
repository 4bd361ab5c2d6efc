"""A county-sized 补贴名单 on a real encrypted county profile: 选中全部“符合” and the
reselection after 重新生成 select thousands of rows in one selection call (row by row froze
the GUI for minutes), the list is ordered with one key per row (not the proxy's ~28 data()
calls a row), the name filter waits for a pause in typing, and money is shown as a plain
number with thousands separators, never 3.995e+06."""

from __future__ import annotations

from dataclasses import replace

import pytest
from county_subsidy_data import AS_OF, COUNTY, TRANSPORT, county_store, pack_2026, people
from PySide6.QtCore import Qt

from desktop.background import BackgroundRunner
from desktop.county.subsidy_page import StatusRole, SubsidyPage, SubsidyTableModel
from desktop.models import SortRole
from desktop.text import yuan
from registry.county_subsidy import ELIGIBLE, UNDECIDED, Candidate
from registry.policy.distribute import add_county_pack

ROWS = 3000


@pytest.fixture
def county(tmp_path):
    store = county_store(tmp_path / "county")
    people(store)
    add_county_pack(store, pack_2026(), region=COUNTY)
    yield store
    BackgroundRunner.stop_all()
    store.close()


def candidate(n: int) -> Candidate:
    """A synthetic person: two in three eligible (1,000 元 each), the rest undecided."""
    eligible = n % 3 != 2
    return Candidate(
        person_id=f"p{n:05d}", household_id=f"h{n:05d}", name=f"测试{n:05d}",
        household_no=f"HH{n:05d}", village=f"3611301042{n % 7:02d}",
        status=ELIGIBLE if eligible else UNDECIDED, amount=1000.0 if eligible else None,
        cap=None, amount_stated=True, unit="元", reasons_zh=("测试",), reasons_en=("test",))


@pytest.fixture
def page(qtbot, county):
    shown = SubsidyPage(BackgroundRunner(county), today=lambda: AS_OF)
    qtbot.addWidget(shown)
    shown.resize(1100, 700)
    shown.show()
    qtbot.waitUntil(lambda: shown.rule.count() == 2, timeout=10_000)
    shown.rule.setCurrentIndex(shown.rule.findData(TRANSPORT))
    shown.compute_list()
    qtbot.waitUntil(lambda: shown.current is not None and not shown.bar.isVisible(),
                    timeout=10_000)
    shown._show_list(replace(shown.current, candidates=tuple(map(candidate, range(ROWS)))))
    return shown


def selection_signals(page) -> list[object]:
    """Every selectionChanged of the page's list, from now on."""
    seen: list[object] = []
    page.view.selectionModel().selectionChanged.connect(lambda *args: seen.append(args))
    return seen


def test_select_all_eligible_is_one_selection_call(page):
    eligible = sum(1 for n in range(ROWS) if n % 3 != 2)
    page.view.selectRow(ROWS - 1)
    seen = selection_signals(page)
    page.select_all_eligible()
    assert len(seen) == 1
    assert len(page.selected()) == eligible
    assert {c.status for c in page.selected()} == {ELIGIBLE}
    assert page.grant_button.text() == f"发放选中（{eligible} 人）"


def test_select_all_eligible_keeps_to_the_shown_rows(page, qtbot):
    page.village.setCurrentIndex(page.village.findData("361130104203"))
    seen = selection_signals(page)
    page.select_all_eligible()
    assert len(seen) == 1
    expected = {f"p{n:05d}" for n in range(ROWS) if n % 3 != 2 and n % 7 == 3}
    assert {c.person_id for c in page.selected()} == expected


def test_reselection_after_regenerating_is_one_selection_call(page):
    """Scattered people (every fifth row, in the shown order) are selected again at once."""
    shown = [page.proxy.index(r, 0) for r in range(0, page.proxy.rowCount(), 5)]
    wanted = {page.model.row_at(page.proxy.mapToSource(i).row()).person_id for i in shown}
    page._reselect = wanted
    found = page.current
    seen = selection_signals(page)
    page._show_list(found)
    assert len(seen) == 1
    assert {c.person_id for c in page.selected()} == wanted


def test_typing_in_the_name_filter_filters_once_after_a_pause(page, qtbot, monkeypatch):
    calls = []
    set_filter = page.proxy.set_filter
    monkeypatch.setattr(page.proxy, "set_filter",
                        lambda **kw: (calls.append(kw["text"]), set_filter(**kw))[1])
    qtbot.keyClicks(page.search, "HH0001")
    assert calls == []
    qtbot.waitUntil(lambda: calls == ["HH0001"])
    assert page.proxy.rowCount() == 10
    qtbot.wait(400)
    assert calls == ["HH0001"]


def test_the_total_is_a_plain_number_with_separators(page):
    eligible = sum(1 for n in range(ROWS) if n % 3 != 2)
    assert f"金额合计 {eligible * 1000:,} 元" in page.count.text()
    assert "e+" not in page.count.text()


@pytest.mark.parametrize(("value", "text"), [
    (3995000.0, "3,995,000"), (3.995e6, "3,995,000"), (1234.5, "1,234.5"), (600, "600"),
    (0.0, "0"), (1234567.891, "1,234,567.89"), (12.05, "12.05"), (1e7, "10,000,000"),
])
def test_yuan_is_plain_with_thousands_separators(value, text):
    assert yuan(value) == text


def test_a_county_list_is_ordered_with_one_key_per_row(page, monkeypatch):
    """The proxy's comparisons read data() ~28 times a row; the model reads one key a row."""
    keys = []
    sort_key = page.model._sort_key
    monkeypatch.setattr(page.model, "_sort_key", lambda row, column: (
        keys.append(column), sort_key(row, column))[1])
    page._show_list(page.current)
    assert len(keys) == ROWS
    statuses = [page.proxy.index(r, 0).data(StatusRole) for r in range(page.proxy.rowCount())]
    assert statuses == sorted(statuses, key=[ELIGIBLE, UNDECIDED].index)


def test_sorting_by_a_header_reorders_and_keeps_the_selection(page, qtbot):
    page.status.setCurrentIndex(page.status.findData(ELIGIBLE))
    page.select_all_eligible()
    chosen = {c.person_id for c in page.selected()}
    page.view.sortByColumn(SubsidyTableModel.COL_NAME, Qt.SortOrder.DescendingOrder)
    names = [page.proxy.index(r, SubsidyTableModel.COL_NAME).data()
             for r in range(page.proxy.rowCount())]
    assert names == sorted(names, reverse=True) and len(names) == len(chosen)
    assert {c.person_id for c in page.selected()} == chosen
    page.status.setCurrentIndex(0)
    amounts = [page.proxy.index(r, SubsidyTableModel.COL_AMOUNT).data(SortRole)
               for r in range(page.proxy.rowCount())]
    page.view.sortByColumn(SubsidyTableModel.COL_AMOUNT, Qt.SortOrder.AscendingOrder)
    ordered = [page.proxy.index(r, SubsidyTableModel.COL_AMOUNT).data(SortRole)
               for r in range(page.proxy.rowCount())]
    assert ordered == sorted(amounts)
