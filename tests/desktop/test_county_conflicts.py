"""The 冲突 page on a real encrypted county profile whose conflicts came from a second real
profile's change sets: the models (pytest-qt's model tester), the values side by side with
who, when and the form, the filters and paging, resolving by choosing, by typing (a wrong
value refused naming the field), a delete settled, and the list redrawn from the Changes;
ID versions masked alike show where they differ, and a reviewer reveals each version's
full value (audited; a clerk is refused, audited too)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bangfu_testdata import make_id
from county_conflict_data import (
    OTHER_VILLAGE,
    Clock,
    conflicted,
    exchange,
    open_store,
    person,
)
from PySide6.QtCore import Qt

from desktop import background as ops
from desktop.background import BackgroundRunner
from desktop.county import conflicts as page_module
from desktop.county.conflicts import ConflictsPage, ConflictTableModel, ValuesModel
from desktop.i18n import LANGUAGE_PROPERTY, install_translator
from desktop.workspace import COUNTY, WORKSPACES
from registry import accounts, audit
from registry.county import resolve_conflict
from registry.county_conflicts import (
    conflict_page,
    differing_positions,
    reveal_version,
    value_sources,
)
from registry.errors import NotFound, ValidationError
from registry.idnumber import parse_id_number
from registry.masking import mask_id
from registry.places import set_place_name
from registry.store import Store

WAIT_MS = 10_000
TODAY = date(2026, 11, 16)


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2026, 11, 1))


@pytest.fixture
def county(tmp_path: Path, clock: Clock) -> Store:
    s = open_store(tmp_path, "county", scope="361130", user="county-officer",
                   device="county-pc", clock=clock)
    yield s
    BackgroundRunner.stop_all()
    s.close()


@pytest.fixture
def laptop(tmp_path: Path, clock: Clock) -> Store:
    s = open_store(tmp_path, "laptop", scope="361130", user="desk-wang", device="laptop-b",
                   clock=clock)
    yield s
    s.close()


@pytest.fixture
def three(county: Store, laptop: Store, clock: Clock) -> dict[str, str]:
    """An income conflict 15 days old, one in another village 5 days old, a phone one today."""
    old = conflicted(county, laptop, seq="101")
    clock.days(10)
    other = conflicted(county, laptop, seq="102", village=OTHER_VILLAGE, name="王五")
    clock.days(5)
    pid = person(county, seq="103", name="赵六")
    exchange(county, laptop)
    laptop.update(pid, {"phone": "13700137000"})
    county.update(pid, {"phone": "13900139000"})
    exchange(laptop, county)
    return {"old": old, "other": other, "phone": pid}


def open_page(qtbot: Any, county: Store) -> ConflictsPage:
    page = ConflictsPage(BackgroundRunner(county), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.count.text() != "", timeout=WAIT_MS)
    return page


def income(page: ConflictsPage, pid: str) -> object:
    """A person's income, read on the page's DB thread (the store has one connection)."""
    return page.runner.call(lambda s: s.get(pid).props["monthly_income"])


def test_models_pass_the_model_tester(qtmodeltester, county, three):
    rows = conflict_page(county, today=TODAY).rows
    table = ConflictTableModel()
    table.set_rows(rows)
    qtmodeltester.check(table)
    assert table.index(0, ConflictTableModel.COL_AGE).data() == "15 天"
    values = ValuesModel()
    values.set_conflict(rows[0])
    values.set_sources(value_sources(county, rows[0]))
    qtmodeltester.check(values)
    assert values.columnCount() == 2 and values.rowCount() == 7
    values.set_conflict(None)
    qtmodeltester.check(values)


def test_the_page_is_mounted_in_the_county_workspace():
    assert "conflicts" in [p.key for p in WORKSPACES[COUNTY]]


def test_values_side_by_side_with_who_when_and_the_form(qtbot, county, three):
    page = open_page(qtbot, county)
    assert page.count.text() == "共 3 条冲突，第 1–3 条"
    assert page.model.rowCount() == 3
    first = page.model.row_at(0)
    assert first.entity_id == three["old"]  # longest waiting first
    qtbot.waitUntil(lambda: page.model.index(0, 0).data() == "思口镇思溪村", timeout=WAIT_MS)
    cells = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert cells[:4] == ["思口镇思溪村", "李四", "H-101", "月收入（元）"]
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == (
        "婺源县思口镇思溪村\n361130104201")
    assert set(cells[4].split(" / ")) == {"4200", "3900"} and cells[6] == "15 天"
    values = page.values
    qtbot.waitUntil(lambda: values.index(ValuesModel.ROW_FORM, 0).data() != "", timeout=WAIT_MS)
    by_device = {values.value_at(c).device: c for c in range(values.columnCount())}
    laptop_col, county_col = by_device["laptop-b"], by_device["county-pc"]

    def fact(row: int, col: int) -> str:
        return values.index(row, col).data()

    assert fact(ValuesModel.ROW_VALUE, laptop_col) == "4200"
    assert fact(ValuesModel.ROW_USER, laptop_col) == "desk-wang"
    assert fact(ValuesModel.ROW_WHEN, laptop_col).startswith("2026-11-01 10:00")
    qtbot.waitUntil(lambda: fact(ValuesModel.ROW_FORM, laptop_col) == "followup（版本 2026110101）",
                    timeout=WAIT_MS)
    assert fact(ValuesModel.ROW_SUBMISSION, laptop_col) == "uuid:p-101"
    assert fact(ValuesModel.ROW_FORM, county_col) == "直接修改（无表单）"
    assert {fact(ValuesModel.ROW_STATE, c) for c in (0, 1)} == {"当前采用", "未采用"}

    page.prop.setCurrentIndex(page.prop.findData("phone"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    assert page.model.row_at(0).entity_id == three["phone"]
    shown = page.model.index(0, ConflictTableModel.COL_VALUES).data()
    assert set(shown.split(" / ")) == {"137****7000", "139****9000"}  # masked
    page.prop.setCurrentIndex(0)
    page.village.setCurrentIndex(page.village.findData(OTHER_VILLAGE))
    qtbot.waitUntil(lambda: [page.model.row_at(r).entity_id for r in range(
        page.model.rowCount())] == [three["other"]], timeout=WAIT_MS)
    page.village.setCurrentIndex(0)
    page.age.setCurrentIndex(2)  # 超过 7 天
    qtbot.waitUntil(lambda: [page.model.row_at(r).entity_id for r in range(
        page.model.rowCount())] == [three["old"]], timeout=WAIT_MS)
    page.age.setCurrentIndex(1)  # 3 天内
    qtbot.waitUntil(lambda: [page.model.row_at(r).entity_id for r in range(
        page.model.rowCount())] == [three["phone"]], timeout=WAIT_MS)


def test_villages_by_name_and_fields_in_the_ui_language(qtbot, qapp, county, three):
    """The 村 column, its filter and the title name the village (a county override wins,
    redrawn when it is written); the 字段 column is in English in the English UI."""
    page = open_page(qtbot, county)
    qtbot.waitUntil(lambda: page.model.index(0, 0).data() == "思口镇思溪村", timeout=WAIT_MS)
    texts = [page.village.itemText(i) for i in range(page.village.count())]
    assert {"思口镇思溪村（2）", "思口镇高枧村（1）"} <= set(texts)
    other = page.village.findData(OTHER_VILLAGE)
    assert page.village.itemData(other, Qt.ItemDataRole.ToolTipRole) == (
        f"婺源县思口镇高枧村\n{OTHER_VILLAGE}")
    assert "思口镇思溪村" in page.title.text() and "361130104201" not in page.title.text()

    ops.CollectionOp(page.runner, page, lambda store: set_place_name(
        store, "361130104201", "思溪新村")).run()
    qtbot.waitUntil(lambda: page.model.index(0, 0).data() == "思口镇思溪新村", timeout=WAIT_MS)
    assert "思口镇思溪新村（2）" in [page.village.itemText(i) for i in range(page.village.count())]

    translator = install_translator(qapp, "en")
    qapp.setProperty(LANGUAGE_PROPERTY, "en")
    try:
        assert page_module.prop_label("monthly_income") == "Monthly income (yuan)"
        assert page.model.index(0, ConflictTableModel.COL_PROP).data() == "Monthly income (yuan)"
        assert page_module.prop_label("not_a_known_prop") == "not_a_known_prop"
    finally:
        qapp.setProperty(LANGUAGE_PROPERTY, "zh_CN")
        if translator is not None:
            qapp.removeTranslator(translator)


def test_names_are_read_only_once_the_page_is_first_shown(qtbot, county, three):
    """A workspace builds every page at start-up: a hidden page reads no names (the edition
    is loaded on the first show, on the DB thread)."""
    page = ConflictsPage(BackgroundRunner(county), today=lambda: TODAY)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=WAIT_MS)
    qtbot.wait(200)
    assert page.places.places is None and page.model.index(0, 0).data() == "361130104201"
    page.show()
    qtbot.waitUntil(lambda: page.model.index(0, 0).data() == "思口镇思溪村", timeout=WAIT_MS)


def test_paging(qtbot, county, three, monkeypatch):
    monkeypatch.setattr(page_module, "PAGE_SIZE", 2)
    page = open_page(qtbot, county)
    assert page.model.rowCount() == 2 and page.count.text() == "共 3 条冲突，第 1–2 条"
    assert not page.previous.isEnabled() and page.next.isEnabled()
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.count.text() == "共 3 条冲突，第 3–3 条", timeout=WAIT_MS)
    assert page.model.row_at(0).entity_id == three["phone"]
    assert page.previous.isEnabled() and not page.next.isEnabled()


def test_choose_a_value_resolves_audits_redraws_and_syncs_back(qtbot, county, laptop, three):
    page = open_page(qtbot, county)
    losing = next(c for c in range(page.values.columnCount())
                  if not page.values.value_at(c).winner)
    chosen = page.values.value_at(losing).value
    page.values_view.selectColumn(losing)
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=WAIT_MS)
    assert page.notice.text() == "已采用所选的值。"
    assert three["old"] not in {page.model.row_at(r).entity_id for r in range(2)}
    assert income(page, three["old"]) == chosen
    (entry,) = page.runner.call(lambda s: audit.entries(s, action="conflict_resolution"))
    assert entry.target == three["old"]
    page.runner.call(lambda s: exchange(s, laptop))
    assert laptop.get(three["old"]).props["monthly_income"] == chosen
    assert three["old"] not in {r.entity_id for r in conflict_page(laptop, today=TODAY).rows}


def test_the_next_conflict_is_shown_as_soon_as_one_is_settled(qtbot, county, three):
    """Choosing right after a resolution, before the list is read again, settles the
    conflict shown next (it said 该冲突已由他人处理 of the one just settled)."""
    page = open_page(qtbot, county)
    first = page.values.conflict
    page.values_view.selectColumn(0)
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    assert not page.choose_button.isEnabled()  # until the write has ended: no second click
    qtbot.waitUntil(lambda: page.notice.text() == "已采用所选的值。", timeout=WAIT_MS)
    second = page.values.conflict
    assert second is not None and second.conflict_id != first.conflict_id
    assert page.model.row_of(first.conflict_id) == -1 and page.choose_button.isEnabled()
    page.notice.clear()
    page.values_view.selectColumn(0)
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    assert page.notice.text() == "已采用所选的值。"
    assert page.model.row_of(second.conflict_id) == -1


def test_a_typed_value_is_checked_naming_the_field(qtbot, county, three):
    page = open_page(qtbot, county)
    before = income(page, three["old"])
    page.new_value.setText("四千二")  # typed by an IME: QTest cannot type Chinese
    qtbot.mouseClick(page.type_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=WAIT_MS)
    assert page.message.text() == "月收入（元）：应为数字（未作任何修改）"
    assert income(page, three["old"]) == before
    assert page.model.rowCount() == 3
    page.new_value.clear()
    qtbot.keyClicks(page.new_value, "4100")
    qtbot.keyClick(page.new_value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=WAIT_MS)
    assert income(page, three["old"]) == 4100


def test_a_delete_conflict_is_settled_by_delete(qtbot, county, laptop):
    pid = person(county)
    exchange(county, laptop)
    county.update(pid, {"phone": "13900139000"})
    laptop.delete(pid)
    exchange(laptop, county)
    page = open_page(qtbot, county)
    assert page.model.index(0, ConflictTableModel.COL_PROP).data() == "删除还是保留记录"
    assert page.keep_button.isVisibleTo(page) and page.delete_button.isVisibleTo(page)
    assert not page.choose_button.isVisibleTo(page)
    values = {page.values.index(0, c).data() for c in range(page.values.columnCount())}
    assert values == {"联系电话：139****9000", "删除该记录"}
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=WAIT_MS)
    assert page.notice.text() == "已删除该记录。" and page.title.text() == "没有待处理的冲突。"
    assert page.count.text() == "没有符合条件的冲突"  # not "共 0 条冲突，第 0–0 条"
    assert page.runner.call(lambda s: s.get(pid).deleted)
    page.runner.call(lambda s: exchange(s, laptop))
    assert laptop.get(pid).deleted


def test_a_conflict_settled_meanwhile_is_not_resolved_again(qtbot, county, three):
    page = open_page(qtbot, county)
    shown = page.values.conflict
    assert shown is not None and shown.entity_id == three["old"]
    # a sync settles it on the DB thread before the officer clicks (no broadcast yet)
    page.runner.call(lambda s: resolve_conflict(s, three["old"], "monthly_income", 5000))
    page.values_view.selectColumn(0)
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=WAIT_MS)
    assert page.notice.text() == "该冲突已由他人处理。"
    assert income(page, three["old"]) == 5000


def twin_ids() -> tuple[str, str]:
    """Two valid ID numbers masked alike: a typo in the region's masked digits (the same
    birth date and sex), the same last four characters."""
    by_last: dict[str, str] = {}
    for region in range(361100, 361200):
        number = make_id(region=str(region), seq="104")
        try:
            parse_id_number(number, today=TODAY)
        except ValidationError:  # not a known county
            continue
        if number[-4:] in by_last:
            return by_last[number[-4:]], number
        by_last[number[-4:]] = number
    raise AssertionError("no twin found")


@pytest.fixture
def id_conflict(county: Store, laptop: Store) -> tuple[str, str, str]:
    """An ID number conflict whose two versions mask alike: (person, laptop's, county's)."""
    ours, theirs = twin_ids()
    pid = person(county, seq="104", name="孙七")
    exchange(county, laptop)
    laptop.update(pid, {"id_number": theirs})
    county.update(pid, {"id_number": ours})
    exchange(laptop, county)
    return pid, theirs, ours


def test_id_versions_masked_alike_show_where_they_differ(qtbot, county, id_conflict):
    pid, theirs, ours = id_conflict
    assert mask_id(theirs) == mask_id(ours) and theirs != ours
    differ = "、".join(str(i + 1) for i in range(18) if theirs[i] != ours[i])
    page = open_page(qtbot, county)
    assert page.model.row_at(0).entity_id == pid
    values = page.values
    cells = {values.index(ValuesModel.ROW_VALUE, c).data() for c in range(2)}
    assert cells == {f"{mask_id(ours)}（第 {differ} 位不同）"}
    assert differ and all(14 >= int(p) >= 5 for p in differ.split("、"))  # masked digits
    assert theirs not in str(cells) and ours not in str(cells)


def test_a_reviewer_reveals_each_version_audited(qtbot, county, id_conflict):
    pid, theirs, ours = id_conflict
    page = open_page(qtbot, county)
    qtbot.waitUntil(page.reveal_button.isEnabled, timeout=WAIT_MS)  # a reviewer may
    values = page.values
    column = {values.value_at(c).value: c for c in range(2)}
    page.values_view.selectColumn(column[theirs])
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: values.index(ValuesModel.ROW_VALUE, column[theirs]).data()
                    == theirs, timeout=WAIT_MS)
    assert values.index(ValuesModel.ROW_VALUE, column[ours]).data().startswith(mask_id(ours))
    assert page.reveal_button.text() == "隐藏完整值"
    page.reveal_version(column[ours])  # the other version: its own audited reveal
    qtbot.waitUntil(lambda: values.index(ValuesModel.ROW_VALUE, column[ours]).data() == ours,
                    timeout=WAIT_MS)
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)  # 隐藏完整值
    assert values.index(ValuesModel.ROW_VALUE, column[theirs]).data().startswith(
        mask_id(theirs))
    entries = page.runner.call(lambda s: audit.entries(s, action="reveal"))
    assert [(e.target, e.result, e.detail["field"], e.detail["masked"]) for e in entries] == [
        (pid, "ok", "id_number", mask_id(theirs)), (pid, "ok", "id_number", mask_id(ours))]
    assert sorted(e.detail["conflict_version"] for e in entries) == [1, 2]


def test_a_clerk_cannot_reveal_a_version_and_the_refusal_is_audited(qtbot, county,
                                                                     id_conflict):
    pid, theirs, _ours = id_conflict
    county.set_meta(accounts.META_KEY, json.dumps({"roles": {county.user: accounts.CLERK}}))
    page = open_page(qtbot, county)
    qtbot.waitUntil(lambda: page.role == accounts.CLERK, timeout=WAIT_MS)
    assert page.reveal_button.isVisible() and not page.reveal_button.isEnabled()
    assert "只有审核员" in page.reveal_button.toolTip()
    column = next(c for c in range(2) if page.values.value_at(c).value == theirs)
    page.reveal_version(column)  # even if asked directly: refused on the DB thread
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=WAIT_MS)
    assert "无权" in page.message.text()
    assert theirs not in page.values.index(ValuesModel.ROW_VALUE, column).data()
    entries = page.runner.call(lambda s: audit.entries(s, action="reveal"))
    assert [(e.target, e.result) for e in entries] == [(pid, "denied")]


def test_reveal_version_refuses_other_fields(county, three):
    row = next(r for r in conflict_page(county, today=TODAY).rows if r.prop == "monthly_income")
    with pytest.raises(ValidationError):
        reveal_version(county, conflict_id=row.conflict_id, change_id=row.values[0].change_id)
    with pytest.raises(NotFound):
        reveal_version(county, conflict_id="no-such", change_id="x")
    assert audit.entries(county, action="reveal") == []


def test_differing_positions():
    assert differing_positions(["13800138000", "13800183000"]) == (7, 8)
    assert differing_positions(["abc", "abcd", "abc"]) == (4,)
    assert differing_positions(["same"]) == () and differing_positions([]) == ()


def test_the_conflicts_are_counted_in_english(qtbot, county, three, english):
    """Three conflicts, then one (the other village's): "conflicts", then "conflict"."""
    page = open_page(qtbot, county)
    assert page.count.text() == "3 conflicts, showing 1–3"
    page.village.setCurrentIndex(page.village.findData(OTHER_VILLAGE))
    qtbot.waitUntil(lambda: page.count.text() == "1 conflict, showing 1–1", timeout=WAIT_MS)


def test_a_conflict_settled_while_another_is_open_leaves_the_list_too(qtbot, county, three):
    """The officer opened another conflict while the resolution was written: the settled
    one stayed in the list until it was read again, and could be chosen once more."""
    page = open_page(qtbot, county)
    first = page.values.conflict
    page.values_view.selectColumn(0)
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    other = next(r for r in page.model.rows() if r.conflict_id != first.conflict_id)
    page.view.selectRow(page.model.row_of(other.conflict_id))  # before the write's answer
    qtbot.waitUntil(lambda: page.notice.text() == "已采用所选的值。", timeout=WAIT_MS)
    assert page.model.row_of(first.conflict_id) == -1
    assert page.values.conflict == other and page.choose_button.isEnabled()
    assert page.count.text() == "共 2 条冲突，第 1–2 条"
