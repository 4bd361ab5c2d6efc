"""Thousands of alerts on the 预警 page of a real encrypted profile arrive without the proxy
sorting them by comparisons (~28 data() calls a row): the model orders them with one key
per row, kinds in order, and a header click re-sorts in the model keeping the selection."""

from __future__ import annotations

from dataclasses import replace

from bangfu_testdata import TODAY
from PySide6.QtCore import Qt

from desktop.alerts_page import AlertsPage, AlertTableModel
from desktop.background import BackgroundRunner
from desktop.models import SortRole
from registry.demo import load_demo

ROWS = 3000


def open_with_many(qtbot, store):
    """The page, its real alerts read, then ROWS synthetic copies of them shown."""
    load_demo(store, people=30, today=TODAY)
    page = AlertsPage(BackgroundRunner(store), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    real = [page.model.row_at(r) for r in range(page.model.rowCount())]
    many = [replace(real[n % len(real)], name=f"测试{n:05d}", household_no=f"HH{n:05d}")
            for n in range(ROWS)]
    return page, many


def sort_keys(page, column):
    return [page.proxy.index(r, column).data(SortRole) for r in range(page.proxy.rowCount())]


def test_many_alerts_are_ordered_with_one_key_per_row(qtbot, store, monkeypatch):
    page, many = open_with_many(qtbot, store)
    keys = []
    sort_key = page.model.sort_key
    monkeypatch.setattr(page.model, "sort_key", lambda row, column: (
        keys.append(column), sort_key(row, column))[1])
    page._show(many)
    assert len(keys) == ROWS and set(keys) == {AlertTableModel.COL_KIND}
    assert page.proxy.rowCount() == ROWS
    shown = sort_keys(page, AlertTableModel.COL_KIND)
    assert shown == sorted(shown)
    BackgroundRunner.stop_all()


def test_a_header_click_sorts_in_the_model_and_keeps_the_selection(qtbot, store):
    page, many = open_with_many(qtbot, store)
    page._show(many)
    page.view.selectRow(10)
    chosen = page.model.row_at(page.proxy.mapToSource(page.proxy.index(10, 0)).row())
    page.view.sortByColumn(AlertTableModel.COL_HOUSEHOLD_NO, Qt.SortOrder.DescendingOrder)
    shown = sort_keys(page, AlertTableModel.COL_HOUSEHOLD_NO)
    assert shown == sorted(shown, reverse=True) and len(shown) == ROWS
    [selected] = page.view.selectionModel().selectedRows()
    assert page.model.row_at(page.proxy.mapToSource(selected).row()) is chosen
    kind = page.model.row_at(0).kind
    page.show_kind(kind)
    assert {page.model.row_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).kind
            for r in range(page.proxy.rowCount())} == {kind}
    BackgroundRunner.stop_all()
