"""The township's summary of a month's changes, read from the journal of a real profile whose
clock the test sets: the window (21st of the month before to the 20th), old and new values,
new and deleted records, records of a person under that person, masking."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from bangfu_testdata import VILLAGE, make_id
from ledger_export_helpers import DEMO_PEOPLE, Clock, village_store

from registry.ledgers import export_changes
from registry.ledgers.export_sheet import CSV_TEXT_PREFIX
from registry.ledgers.exports import write_export
from registry.store import Store


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    s = village_store(tmp_path / "profile", clock)  # written on 2026-10-05
    yield s
    s.close()


def summary(store: Store, path: Path, month: str, *, unmasked: bool = False) -> list[dict]:
    count = write_export(store, "township-changes", path, month=month, area=None,
                         unmasked=unmasked)
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert list(rows[1]) == list(export_changes.HEADERS) and len(rows) == 2 + count
    return [dict(zip(rows[1], row, strict=True)) for row in rows[2:]]


def workers(store: Store) -> list:
    return [p for p in store.find("person")
            if p.props.get("employer") and p.props["relation"] != "户主"]


def test_the_month_of_the_first_load_lists_everyone_as_new(store, tmp_path):
    rows = summary(store, tmp_path / "october.xlsx", "2026-10")
    kinds = [(r["对象"], r["变动类型"]) for r in rows]
    assert kinds.count(("人员", "新增")) == DEMO_PEOPLE
    assert kinds.count(("家庭", "新增")) == store.count("household") == len(kinds) - DEMO_PEOPLE
    assert {r["录入省级系统截止日期"] for r in rows} == {"2026-10-25"}
    assert {r["录入人"] for r in rows} == {"secretary"}
    first = rows[0]
    assert first["对象"] == "家庭" and first["户编号"] == f"{VILLAGE}0001"
    title = openpyxl.load_workbook(tmp_path / "october.xlsx").worksheets[0]["A1"].value
    assert "2026-09-21至2026-10-20" in title and "2026-10-25前录入省级系统" in title


def test_changes_of_the_window_with_old_and_new_values(store, clock, tmp_path):
    changed, visited, deleted, back, late = workers(store)[:5]
    clock.set(2026, 11, 3)
    store.update(changed.id, {"employer": "县城新华电子有限公司", "monthly_income": 4321})
    household = store.create("household", {"household_no": f"{VILLAGE}9001",
                                           "village_code": VILLAGE, "head_name": "测试甲"})
    newcomer = make_id(seq="111")
    store.create("person", {"household_id": household, "name": "测试甲", "relation": "户主",
                            "id_number": newcomer, "phone": "13912345678"})
    store.create("visit", {"person_id": visited.id, "visit_date": "2026-11-03",
                           "employment_status": "employed", "work_place": "outside",
                           "services": "policy referral"})
    store.delete(deleted.id)
    store.update(back.id, {"employer": "某临时单位"})
    clock.set(2026, 11, 20, hour=23)
    store.update(back.id, {"employer": back.props["employer"]})
    clock.set(2026, 11, 21, hour=0)
    store.update(late.id, {"monthly_income": 1234})

    rows = summary(store, tmp_path / "november.xlsx", "2026-11")
    assert len(rows) == 6
    by_name: dict[str, list[dict]] = {}
    for row in rows:
        by_name.setdefault(row["姓名"], []).append(row)
    assert back.props["name"] not in by_name and late.props["name"] not in by_name

    edits = {r["变动项目"]: (r["变动类型"], r["原值"], r["新值"])
             for r in by_name[changed.props["name"]] if r["身份证号码"] is not None}
    assert edits == {
        "务工企业名称": ("修改", changed.props["employer"], "县城新华电子有限公司"),
        "月收入（元）": ("修改", changed.props["monthly_income"], 4321),
    }
    newcomer_rows = by_name["测试甲"]
    assert [(r["对象"], r["变动类型"]) for r in newcomer_rows] == [("家庭", "新增"), ("人员", "新增")]
    person_row = newcomer_rows[1]
    assert person_row["身份证号码"] == newcomer[:4] + "*" * 10 + newcomer[-4:]
    assert newcomer not in person_row["新值"] and "13912345678" not in person_row["新值"]
    assert "139****5678" in person_row["新值"] and "与户主关系：户主" in person_row["新值"]
    (visit_row,) = [r for r in by_name[visited.props["name"]] if r["对象"] == "走访记录"]
    assert visit_row["变动类型"] == "新增" and visit_row["户编号"] == visited_household(store,
                                                                                   visited)
    assert "就业状态：就业" in visit_row["新值"] and "服务内容：政策宣传、职业介绍" in visit_row["新值"]
    (gone,) = by_name[deleted.props["name"]]
    assert (gone["对象"], gone["变动类型"]) == ("人员", "删除")
    assert {r["变动时间"][:10] for r in rows} == {"2026-11-03"}

    december = summary(store, tmp_path / "december.xlsx", "2026-12")
    assert [(r["姓名"], r["变动项目"], r["原值"], r["新值"]) for r in december] == [
        (late.props["name"], "月收入（元）", late.props["monthly_income"], 1234)]


def visited_household(store: Store, person) -> str:
    return store.get(person.parent).props["household_no"]


def test_unmasked_csv_summary_shows_full_numbers_as_text(store, clock, tmp_path):
    person = workers(store)[0]
    clock.set(2026, 11, 2)
    store.update(person.id, {"phone": "13800138000"})
    out = tmp_path / "changes.csv"
    assert write_export(store, "township-changes", out, month="2026-11", area=None,
                        unmasked=True) == 1
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle))
    values = dict(zip(header, row, strict=True))
    assert values["身份证号码"] == CSV_TEXT_PREFIX + person.props["id_number"]
    assert (values["变动项目"], values["原值"], values["新值"]) == (
        "联系电话", person.props.get("phone") or "", "13800138000")
