"""The 预警 page on a real encrypted profile with synthetic data: the model (pytest-qt's
model tester), the kinds in words with their subjects, the kind filter, a double-click
opening the household, and a write that raises a new alert redrawing the page."""

from __future__ import annotations

from bangfu_testdata import TODAY
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from desktop.alerts_page import AlertsPage, AlertTableModel, KindRole, alert_filter, alert_rows
from desktop.background import BackgroundRunner, CollectionOp
from desktop.models import SortRole
from registry.demo import load_demo
from registry.store import Create


def with_duplicate(store):
    """Demo people, and one more person holding the first person's ID number."""
    load_demo(store, people=30, today=TODAY)
    first = store.find("person")[0]
    copy = {k: v for k, v in first.props.items() if k != "relation"}
    store.write([Create("person", {**copy, "name": "重复登记", "relation": "其他"},
                        scope=store.default_scope),
                 Create("post", {"person_id": first.id, "post_type": "cleaning",
                                 "agreement_start": "2026-01-01", "agreement_end": "2027-06-30",
                                 "monthly_subsidy": 800}, scope=store.default_scope)])
    return first


def test_model_passes_the_model_tester_and_sorts_on_native_values(qtmodeltester, store):
    load_demo(store, people=30, today=TODAY)
    model = AlertTableModel()
    model.set_rows(alert_rows(store, as_of=TODAY))
    assert model.rowCount() > 0
    qtmodeltester.check(model)
    kinds = {model.index(r, 0).data(KindRole) for r in range(model.rowCount())}
    assert "visit_overdue" in kinds
    keys = [model.index(r, 0).data(SortRole) for r in range(model.rowCount())]
    overdue = [k for r, k in enumerate(keys) if model.row_at(r).kind == "visit_overdue"]
    assert all(k.startswith("004 ") for k in overdue)  # the kind's rank in KINDS, then 户编号


def test_page_lists_alerts_in_words_filters_by_kind_and_opens_the_household(qtbot, store):
    first = with_duplicate(store)
    runner = BackgroundRunner(store)
    page = AlertsPage(runner, today=lambda: TODAY)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    model = page.model
    rows = [model.row_at(r) for r in range(model.rowCount())]
    overdue = next(r for r in rows if r.kind == "visit_overdue")
    person = runner.call(lambda s: s.get(overdue.subject_id))
    household = runner.call(lambda s: s.get(person.parent))
    assert (overdue.name, overdue.household_no) == (person.props["name"],
                                                    household.props["household_no"])
    index = rows.index(overdue)
    assert model.index(index, AlertTableModel.COL_KIND).data() == "本月未走访（已过20日）"
    assert model.index(index, AlertTableModel.COL_FACTS).data().startswith("2026-11 月尚未走访；上次走访：无")
    assert model.index(index, AlertTableModel.COL_SOURCE).data().startswith("001 七(二)")

    duplicate = next(r for r in rows if r.kind == "national_check_duplicate_id")
    number = first.props["id_number"]
    facts = model.index(rows.index(duplicate), AlertTableModel.COL_FACTS).data()
    assert facts == f"证件号 {number[:4]}{'*' * 10}{number[-4:]} 另有 1 人登记"
    shown = [model.index(r, c).data() for r in range(model.rowCount())
             for c in range(model.columnCount())]
    assert not any(number in text for text in shown)  # never the full ID number

    post = next(r for r in rows if r.kind == "post_agreement_over_1_year")
    assert (post.name, post.household_id) == (first.props["name"], first.parent)  # its holder
    assert model.index(rows.index(post), AlertTableModel.COL_FACTS).data() == (
        "协议 2026-01-01 至 2027-06-30，共 545 天")

    page.show_kind("national_check_duplicate_id")
    assert page.proxy.rowCount() == 2 and page.count.text() == "共 2 条预警"
    assert {page.proxy.index(r, 0).data(KindRole) for r in range(2)} == {
        "national_check_duplicate_id"}
    page.show_kind("")
    assert page.proxy.rowCount() == model.rowCount()

    page.show_kind("visit_overdue")
    with qtbot.waitSignal(page.open_household, timeout=2000) as opened:
        page.view.doubleClicked.emit(page.proxy.index(0, 1))
    top = model.row_at(page.proxy.mapToSource(page.proxy.index(0, 0)).row())
    subject = page.runner.call(lambda s: s.get(top.subject_id))
    assert opened.args == [subject.parent]

    before = model.rowCount()
    CollectionOp(runner, page, lambda s: s.write([Create(
        "person", {**{k: v for k, v in first.props.items() if k != "relation"},
                   "name": "再次登记", "relation": "其他"},
        scope=s.default_scope)])).run()
    qtbot.waitUntil(lambda: model.rowCount() > before, timeout=10_000)
    assert page.kind.currentData() == "visit_overdue"  # the filter stays as chosen
    page.close()
    page.deleteLater()  # with its timer, before the store closes
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    runner.wait()


def test_english_ui_shows_kinds_and_facts_in_english(store, english):
    load_demo(store, people=30, today=TODAY)
    model = AlertTableModel()
    model.set_rows(alert_rows(store, as_of=TODAY))
    row = next(r for r in range(model.rowCount()) if model.row_at(r).kind == "visit_overdue")
    assert model.index(row, AlertTableModel.COL_KIND).data() == (
        "Not visited this month (past the 20th)")
    assert model.index(row, AlertTableModel.COL_FACTS).data().startswith(
        "Not visited in 2026-11; last visit: none; ")
    assert model.headerData(AlertTableModel.COL_SOURCE, Qt.Orientation.Horizontal) == "Source"


def test_a_county_sized_alert_list_is_sorted_one_key_per_row(qtbot, store, monkeypatch):
    """A proxy sorting by comparing rows two at a time read ~28 keys a row (seconds frozen
    for the 5k-7k alerts of a county); the model sorts itself, one key per row."""
    load_demo(store, people=300, today=TODAY)
    rows = alert_rows(store, as_of=TODAY)
    runner = BackgroundRunner(store)
    page = AlertsPage(runner, today=lambda: TODAY)
    qtbot.addWidget(page)
    calls = []
    real = AlertTableModel.sort_key
    monkeypatch.setattr(AlertTableModel, "sort_key",
                        lambda self, row, column: calls.append(1) or real(self, row, column))
    page.model.set_rows(rows)
    page.view.sortByColumn(AlertTableModel.COL_HOUSEHOLD_NO, Qt.SortOrder.AscendingOrder)
    assert len(rows) > 50 and len(calls) <= 4 * len(rows)  # linear: a few keys a row
    shown = [page.proxy.index(r, AlertTableModel.COL_HOUSEHOLD_NO).data()
             for r in range(page.proxy.rowCount())]
    assert shown == sorted(shown)
    runner.wait()


def test_a_filter_the_frame_set_is_not_brought_back_by_a_later_reread(qtbot, store):
    """The dashboard opens the loaded page on one kind and village; the user then shows
    all of them and saves a record: the re-read keeps 全部, not the old filter."""
    first = with_duplicate(store)
    runner = BackgroundRunner(store)
    page = AlertsPage(runner, today=lambda: TODAY)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    model = page.model
    ((village, _count),) = model.villages()
    page.show_filter(alert_filter("visit_overdue", village))
    assert (page.kind.currentData(), page.village.currentData()) == ("visit_overdue", village)
    page.show_kind("")
    page.show_village("")
    before = model.rowCount()
    CollectionOp(runner, page, lambda s: s.write([Create(
        "person", {**{k: v for k, v in first.props.items() if k != "relation"},
                   "name": "再次登记", "relation": "其他"},
        scope=s.default_scope)])).run()
    qtbot.waitUntil(lambda: model.rowCount() > before, timeout=10_000)
    assert page.kind.currentData() == "" and (page.village.currentData() or "") == ""
    assert page.proxy.rowCount() == model.rowCount()
    page.close()
    page.deleteLater()  # with its timer, before the store closes
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    runner.wait()


def test_an_empty_list_of_facts_reads_as_none(qapp):
    """A post holder whose household is in no priority group read "所在户属于：" with nothing
    after it."""
    from desktop.alerts_page import AlertRow, describe

    row = AlertRow("post_holder_not_priority", "p1", "某人", "h1", "1", {"holder_groups": []})
    assert describe(row) == "所在户属于：无"
    row = AlertRow("post_holder_not_priority", "p1", "某人", "h1", "1",
                   {"holder_groups": ["易地搬迁人口", "监测对象"]})
    assert describe(row) == "所在户属于：易地搬迁人口、监测对象"


def test_a_village_without_a_name_reads_as_the_dashboard_reads_it(store):
    """361130100004 has no name in the edition: 概览 and 重复人员 read 紫阳镇未命名村（004）,
    the 预警, 冲突 and 本月走访 lists showed the 12 digits."""
    from desktop.alerts_page import AlertRow
    from registry.places import places_of

    model = AlertTableModel()
    model.set_rows([AlertRow("visit_overdue", "p1", "某人", "h1", "1", {}, village="361130100004")])
    model.set_places(places_of(store))
    assert model.index(0, AlertTableModel.COL_VILLAGE).data() == "紫阳镇未命名村（004）"


def test_a_run_reports_each_step_and_the_page_shows_them(qtbot, store):
    """At county scale the run takes seconds: the page shows its steps, not only 正在计算预警…"""
    from desktop.alerts_page import ROWS_STEPS

    with_duplicate(store)
    heard: list[tuple[int, int]] = []
    rows = alert_rows(store, as_of=TODAY, progress=lambda done, total: heard.append((done, total)))
    assert rows
    assert [done for done, _ in heard] == list(range(1, ROWS_STEPS + 1))
    assert {total for _, total in heard} == {ROWS_STEPS}

    page = AlertsPage(BackgroundRunner(store), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    assert page.steps.isVisible() and page.count.text() == "正在计算预警…"
    seen: list[int] = []
    page.steps.valueChanged.connect(seen.append)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    assert not page.steps.isVisible()
    assert seen and seen == sorted(seen) and seen[-1] == ROWS_STEPS
