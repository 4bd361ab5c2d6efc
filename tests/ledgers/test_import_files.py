"""Importing real ledger files: every CSV encoding, .xlsx by openpyxl, mojibake, damaged text."""

from __future__ import annotations

from pathlib import Path

import pytest
from bangfu_testdata import TODAY
from ledger_import_data import HEADERS, RARE_NAMES, counts, person_rows, write_csv, write_xlsx

from registry.ledgers.import_decoding import LedgerFileError, decode_bytes
from registry.ledgers.imports import (
    MERGE_CANDIDATE,
    ImportBlocked,
    commit_import,
    import_report,
    plan_import,
)
from registry.store import Store


def names(store: Store) -> list[str]:
    return [p.props["name"] for p in store.find("person")]


@pytest.mark.parametrize(("encoding", "reported", "rare"), [
    ("utf-8", "utf-8", True),
    ("utf-8-sig", "utf-8-sig", True),
    ("gb18030", "gb18030", True),
    ("gbk", "gb18030", False),  # GBK is read as its superset GB18030
])
def test_csv_in_every_encoding_is_imported(store: Store, tmp_path: Path, encoding: str,
                                           reported: str, rare: bool) -> None:
    path = write_csv(tmp_path / "ledger.csv", person_rows(rare=rare), encoding=encoding)
    if encoding == "gbk":
        with pytest.raises(UnicodeEncodeError):
            RARE_NAMES[1].encode("gbk")
    plan = plan_import(store, path, today=TODAY)
    report = import_report(plan, committed=False)
    assert (report["encoding"], report["rows"], report["create"], report["update"]) == \
        (reported, 5, 5, 0)
    assert report["refused"] == [] and report["repaired"] is None
    assert report["preview"] == HEADERS and report["header_row"] == 1
    assert counts(store) == (0, 0, 0)  # a dry run writes nothing
    result = commit_import(store, plan)
    assert (result.created, result.households_created) == (5, 2)
    assert sorted(names(store)) == sorted(r[2] for r in person_rows(rare=rare))
    households = {h.props["household_no"]: h.id for h in store.find("household")}
    members = {no: sorted(p.props["name"] for p in store.find("person", parent=hid))
               for no, hid in households.items()}
    assert members["H0001"] == sorted(r[2] for r in person_rows(rare=rare)[:3])
    head = store.get(households["H0001"])
    assert head.props["head_name"] == "张建国"


def test_rare_characters_survive_gb18030_and_are_searchable(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ledger.csv", person_rows(), encoding="gb18030")
    commit_import(store, plan_import(store, path, today=TODAY))
    assert [p.props["name"] for p in store.search("王𠀀明")] == ["王𠀀明"]
    assert "刘䶮" in names(store)


def test_xlsx_with_a_title_row_numbers_rows_as_excel_shows_them(store: Store,
                                                                tmp_path: Path) -> None:
    rows = person_rows()
    rows[1][3] = int(rows[1][3][:17] + "0")  # an ID stored as a number (row 4 in Excel)
    rows[4][10] = -300  # negative income (row 7)
    path = write_xlsx(tmp_path / "ledger.xlsx", rows, title="某村2026年11月就业帮扶台账")
    plan = plan_import(store, path, today=TODAY)
    report = import_report(plan, committed=False)
    assert (report["encoding"], report["header_row"], report["sheet"]) == ("xlsx", 2, "台账")
    assert [(p["row"], p["column"]) for p in report["refused"]] == [(4, "身份证号"), (7, "月收入")]
    assert "数字格式" in report["refused"][0]["problem"]
    assert report["refused"][1]["problem"] == "月收入不能为负数"
    assert (report["create"], report["refused_rows"]) == (3, 2)
    before = counts(store)
    with pytest.raises(ImportBlocked):
        commit_import(store, plan)
    assert counts(store) == before == (0, 0, 0)
    result = commit_import(store, plan, skip_refused=True)
    assert (result.created, result.skipped) == (3, 2)
    assert len(store.find("person")) == 3


def test_xlsx_dates_and_numbers_are_converted(store: Store, tmp_path: Path) -> None:
    from datetime import datetime

    headers = ["姓名", "出生日期", "性别", "务工时间（月）", "月收入", "户编号"]
    rows = [["孙丽", datetime(1990, 5, 6), "女", 7.0, 3000.5, "H9"],
            ["周强", "1988/2/3", "1", "11", "2,800元", "H9"]]
    path = write_xlsx(tmp_path / "dates.xlsx", rows, headers=headers)
    plan = plan_import(store, path, today=TODAY)
    assert plan.refused() == []
    commit_import(store, plan)
    people = {p.props["name"]: p.props for p in store.find("person")}
    assert people["孙丽"]["birth_date"] == "1990-05-06"
    assert (people["孙丽"]["months_worked"], people["孙丽"]["monthly_income"]) == (7, 3000.5)
    assert (people["周强"]["birth_date"], people["周强"]["sex"]) == ("1988-02-03", "男")
    assert people["周强"]["monthly_income"] == 2800


def mojibake(text: str) -> str:
    """GBK text shown as Latin-1 (how the second half of seed 000 looks)."""
    return text.encode("gbk").decode("latin-1")


def test_latin1_mojibake_is_repaired_and_said_so(store: Store, tmp_path: Path) -> None:
    rows = person_rows(rare=False)
    for row in rows[3:]:  # the second half is mojibake, like seed 000
        row[2], row[5] = mojibake(row[2]), mojibake(row[5])
        row[6] = mojibake(row[6])
    path = write_csv(tmp_path / "mojibake.csv", rows, encoding="utf-8")
    assert "Íõ" in path.read_text(encoding="utf-8")
    plan = plan_import(store, path, today=TODAY)
    report = import_report(plan, committed=False)
    assert report["encoding"] == "utf-8" and report["refused"] == []
    assert report["repaired"].startswith("6 个单元格") and "GBK" in report["repaired"]
    commit_import(store, plan)
    assert sorted(names(store)) == sorted(r[2] for r in person_rows(rare=False))
    people = {p.props["name"]: p.props for p in store.find("person")}
    assert people["王小明"]["relation"] == "户主"
    assert people["王小明"]["labour_class"] == "弱劳动力或半劳动力"


def test_mojibake_header_row_is_repaired_too(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "h.csv", person_rows(rare=False), encoding="utf-8",
                     headers=[mojibake(h) for h in HEADERS])
    plan = plan_import(store, path, today=TODAY)
    assert plan.headers == HEADERS and plan.count("create") == 5


@pytest.mark.parametrize(("damage", "where"), [
    (lambda s: s[:1] + "\ufffd", "U+FFFD"),
    (lambda s: s[:1] + "锟斤拷", "锟斤拷"),
    (lambda s: s.encode("gbk").decode("cp1252", errors="replace"), "cp1252 replace"),
    (lambda s: s.encode("gbk").decode("cp1252", errors="ignore"), "cp1252 lost byte"),
])
def test_damaged_text_refuses_the_whole_file(store: Store, tmp_path: Path, damage, where) -> None:
    rows = person_rows(rare=False)
    rows[3][2] = damage("王禎")  # 禎 is B5 9D in GBK: 0x9D is a cp1252 hole
    path = write_csv(tmp_path / "damaged.csv", rows, encoding="utf-8")
    before = counts(store)
    with pytest.raises(LedgerFileError) as caught:
        plan_import(store, path, today=TODAY)
    assert "第 5 行第 C 列" in caught.value.message_zh, where
    assert "王" not in caught.value.message_zh
    assert counts(store) == before


def test_unreadable_encoding_and_missing_name_column_are_refused(store: Store,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "nonames.csv"
    path.write_text("序号,月收入\n1,300\n", encoding="utf-8")
    with pytest.raises(LedgerFileError, match="姓名"):
        plan_import(store, path, today=TODAY)
    with pytest.raises(LedgerFileError, match="不支持的文件类型"):
        plan_import(store, tmp_path / "x.pdf", today=TODAY)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(LedgerFileError, match="已损坏"):
        plan_import(store, broken, today=TODAY)


def test_detection_order_prefers_utf8_then_gb18030() -> None:
    assert decode_bytes("姓名".encode()).encoding == "utf-8"
    assert decode_bytes("姓名".encode("utf-8-sig")).encoding == "utf-8-sig"
    assert decode_bytes("姓名".encode("gbk")).encoding == "gb18030"
    assert decode_bytes("姓名,刘䶮".encode("utf-16")).text == "姓名,刘䶮"


def test_merge_candidate_is_recorded_never_merged(store: Store, tmp_path: Path) -> None:
    existing = store.create("person", {"name": "钱多多", "birth_date": "1980-01-02"})
    headers = ["姓名", "出生日期", "性别"]
    path = write_csv(tmp_path / "m.csv", [["钱多多", "1980-01-02", "女"], ["钱多多", "1981-01-02", "女"]],
                     encoding="utf-8", headers=headers)
    plan = plan_import(store, path, today=TODAY)
    assert import_report(plan, committed=False)["merge_candidates"] == 1
    result = commit_import(store, plan)
    assert (result.created, result.updated, result.merge_candidates) == (2, 0, 1)
    assert len(store.find("person")) == 3
    (flag,) = store.find(MERGE_CANDIDATE)
    assert flag.props["candidates"] == [existing] and flag.props["source_row"] == 2
    assert store.get(flag.props["person_id"]).props["name"] == "钱多多"
    assert store.get(existing).merged_into is None
    assert any(c.entity_list == MERGE_CANDIDATE for c in store.journal())


def test_xls_is_read_with_xlrd(store: Store, tmp_path: Path) -> None:
    import xlwt  # test-only writer: xlrd reads .xls, nothing well kept writes it

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    rows = person_rows()
    rows[2][3] = 3.61130199805063e17  # an ID typed into Excel as a number
    for r, values in enumerate([HEADERS, *rows]):
        for c, value in enumerate(values):
            sheet.write(r, c, value)
    path = tmp_path / "ledger.xls"
    book.save(str(path))
    plan = plan_import(store, path, today=TODAY)
    report = import_report(plan, committed=False)
    assert (report["encoding"], report["sheet"], report["create"]) == ("xls", "台账", 4)
    assert [(p["row"], p["column"]) for p in report["refused"]] == [(4, "身份证号")]
    commit_import(store, plan, skip_refused=True)
    people = {p.props["name"]: p.props for p in store.find("person")}
    assert set(people) == {r[2] for r in rows} - {rows[2][2]}
    assert people["张建国"]["months_worked"] == 10 and people["王𠀀明"]["id_number"] == rows[3][3]


def test_two_header_rows_and_footer_lines(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["某村脱贫劳动力务工台账"])
    sheet.append(["序号", "姓名", "身份证号", "务工情况", None, None])
    sheet.append([None, None, None, "务工所在地", "务工时间（月）", "月收入"])
    sheet.merge_cells("D2:F2")
    for n, row in enumerate(person_rows()[:3], start=1):
        sheet.append([n, row[2], row[3], row[7], row[8], row[10]])
    sheet.append(["合计", None, None, None, 28, 11700])
    sheet.append(["填表人：", None, None, "审核人：", None, None])
    path = tmp_path / "two-level.xlsx"
    book.save(path)
    plan = plan_import(store, path, today=TODAY)
    report = import_report(plan, committed=False)
    assert (report["header_row"], report["create_rows"], report["ignored_rows"]) == \
        (2, [4, 5, 6], [7, 8])
    assert report["columns"] == {"姓名": "name", "身份证号": "id_number", "务工所在地": "work_region",
                                 "务工时间（月）": "months_worked", "月收入": "monthly_income"}
    commit_import(store, plan)
    people = {p.props["name"]: p.props for p in store.find("person")}
    assert people["张建国"]["months_worked"] == 10 and people["张建国"]["work_region"] == "省外"


# --- a county's own headers: 成员名字, 户主, 务工地点, 务工月份数 ---------------------------------

COUNTY_HEADERS = ["序号", "户编号", "户主", "成员名字", "身份证号", "与户主关系", "务工地点", "务工月份数",
                  "月收入"]


def county_rows(places: tuple[str, ...]) -> list[list]:
    """Four people of two households; 户主 repeated on every member's row, as county sheets
    do; ``places`` the 务工地点 of each."""
    people = person_rows(rare=False)
    chosen = [people[0], people[1], people[2], people[4]]
    heads = {"H0001": people[0][2], "H0002": people[3][2]}
    return [[n, p[1], heads[p[1]], p[2], p[3], p[5], place, p[8], p[10]]
            for n, (p, place) in enumerate(zip(chosen, places, strict=True), start=1)]


def write_county(path: Path, rows: list[list], *, headers: list[str] = COUNTY_HEADERS) -> Path:
    """The sheet as .xlsx (openpyxl) or as a GBK CSV, by the suffix of ``path``."""
    if path.suffix == ".xlsx":
        return write_xlsx(path, rows, headers=headers, title="某村脱贫劳动力台账")
    return write_csv(path, rows, encoding="gbk", headers=headers)


@pytest.mark.parametrize("name", ["county.xlsx", "county.csv"])
def test_county_headers_are_recognised_and_a_mixed_work_place_is_said(
        store: Store, tmp_path: Path, name: str) -> None:
    path = write_county(tmp_path / name, county_rows(("省外", "浙江省宁波市", "省内县外", "县内")))
    plan = plan_import(store, path, today=TODAY)
    report = import_report(plan, committed=False)
    assert report["columns"] == {
        "户编号": "household_no", "户主": "head_name", "成员名字": "name", "身份证号": "id_number",
        "与户主关系": "relation", "务工地点": "work_place", "务工月份数": "months_worked",
        "月收入": "monthly_income"}
    assert report["refused"] == [] and report["not_imported"] == ["序号"]
    assert report["notes"] == [
        "列“务工地点”对应“务工所在地”：其中 3 行填的是务工地域（县内、省内县外、省外、国外、其他），"
        "存为“务工地域”；其余 1 行（地名）存为“务工所在地”。如需改为别的字段，请修改列对应"]
    commit_import(store, plan)
    people = {p.props["name"]: p.props for p in store.find("person")}
    assert [(people[r[3]].get("work_region"), people[r[3]].get("work_place"),
             people[r[3]]["months_worked"]) for r in county_rows(("",) * 4)] == [
        ("省外", None, 10), (None, "浙江省宁波市", 6), ("省内县外", None, 12), ("县内", None, 8)]
    assert sorted(h.props["head_name"] for h in store.find("household")) == ["张建国", "王小明"]


@pytest.mark.parametrize("name", ["regions.xlsx", "regions.csv"])
def test_a_work_place_column_of_work_regions_maps_to_work_region(
        store: Store, tmp_path: Path, name: str) -> None:
    rows = county_rows(("省外", "县内", "省内县外", "县内"))
    rows.append(["合计", "", "", "", "", "", "", 36, 13500])
    plan = plan_import(store, write_county(tmp_path / name, rows), today=TODAY)
    report = import_report(plan, committed=False)
    assert report["columns"]["务工地点"] == "work_region" and report["notes"] == []
    assert (report["create"], report["refused"], report["ignored_rows"]) == (
        4, [], [plan.header_row + 5])
    commit_import(store, plan)
    assert sorted(p.props["work_region"] for p in store.find("person")) == [
        "县内", "县内", "省内县外", "省外"]


@pytest.mark.parametrize("name", ["heads.xlsx", "heads.csv"])
def test_a_head_column_of_yes_marks_is_read_as_is_head(store: Store, tmp_path: Path,
                                                       name: str) -> None:
    headers = ["户编号", "户主", "成员名字", "身份证号"]
    rows = [[r[1], "是" if r[5] == "户主" else "", r[2], r[3]] for r in person_rows(rare=False)]
    rows[1][1] = "否"
    plan = plan_import(store, write_county(tmp_path / name, rows, headers=headers), today=TODAY)
    report = import_report(plan, committed=False)
    assert report["columns"]["户主"] == "is_head" and report["refused"] == []
    commit_import(store, plan)
    relations = {p.props["name"]: p.props.get("relation") for p in store.find("person")}
    assert relations == {"张建国": "户主", "李秀英": None, "刘岩": None, "王小明": "户主", "赵芳": None}
    assert sorted(h.props["head_name"] for h in store.find("household")) == ["张建国", "王小明"]
    assert all("is_head" not in p.props for p in store.find("person"))


def test_is_head_contradicting_the_relation_and_marks_among_names_are_refused(
        store: Store, tmp_path: Path) -> None:
    headers = ["户编号", "是否户主", "户主", "姓名", "身份证号", "与户主关系"]
    people = person_rows(rare=False)
    rows = [[p[1], "√" if p[5] == "户主" else "×", people[0][2], p[2], p[3], p[5]]
            for p in people[:3]]
    rows[1][1] = "是"  # 李秀英, 配偶
    rows[2][2] = "是"  # a 户主 (name) column with a mark in it
    path = write_csv(tmp_path / "marks.csv", rows, encoding="utf-8-sig", headers=headers)
    report = import_report(plan_import(store, path, today=TODAY), committed=False)
    assert report["columns"]["是否户主"] == "is_head" and report["columns"]["户主"] == "head_name"
    assert report["refused"] == [
        {"row": 3, "column": "是否户主", "problem": "是否户主为“是”，但与户主关系为“配偶”，两者矛盾"},
        {"row": 4, "column": "户主",
         "problem": "户主姓名应为户主的姓名，这里填的是“是/否”一类的标记；如果该列表示本人是否户主，"
                    "请在列对应中把该列改为“是否户主”（命令行：--mapping 的 is_head）"}]
    assert report["create_rows"] == [2]


def test_a_head_column_of_marks_beside_a_head_name_column_is_read_as_is_head(
        store: Store, tmp_path: Path) -> None:
    """户主姓名 took the head's name: the 户主 column of 是/否 beside it was not imported."""
    headers = ["户编号", "户主姓名", "户主", "姓名", "身份证号"]
    people = person_rows(rare=False)
    rows = [[p[1], people[0][2] if p[1] == people[0][1] else people[3][2],
             "是" if p[5] == "户主" else "否", p[2], p[3]] for p in people]
    path = write_csv(tmp_path / "both.csv", rows, encoding="utf-8-sig", headers=headers)
    report = import_report(plan_import(store, path, today=TODAY), committed=False)
    assert report["columns"]["户主姓名"] == "head_name" and report["columns"]["户主"] == "is_head"
