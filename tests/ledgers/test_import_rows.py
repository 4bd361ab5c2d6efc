"""The dry run row by row: Excel-mangled IDs, legacy IDs, duplicates, impossible values;
updates by ID number, households by 户编号, remembered and overridden column mappings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bangfu_testdata import TODAY, make_id
from ledger_import_data import HEADERS, counts, person_rows, write_csv, write_xlsx

from registry.idnumber import upgrade_legacy_id
from registry.ledgers.import_decoding import LedgerFileError
from registry.ledgers.import_mapping import template_key
from registry.ledgers.imports import ImportBlocked, commit_import, import_report, plan_import
from registry.store import Create, Store


def refused(report: dict) -> list[tuple[int, str]]:
    return [(p["row"], p["column"]) for p in report["refused"]]


def test_mangled_ids_and_impossible_values_are_refused_by_row_and_column(
        store: Store, tmp_path: Path) -> None:
    rows = person_rows() + [
        [6, "H0003", "吴一", "3.61130198501E+17", "男", "户主", "", "", "", "", "", ""],
        [7, "H0003", "吴二", make_id(birth="19850102", seq="661")[:15] + "000", "男", "之子",
         "", "", "", "", "", ""],
        [8, "H0003", "吴三", "361130850103123", "男", "之子", "", "", "", "", "", ""],
        [9, "H0003", "吴四", make_id(birth="19850104", seq="881")[:17] + "0", "男", "之子",
         "", "", "", "", "", ""],
        [10, "H0004", "郑五", make_id(birth="19850105", seq="991"), "男", "户主", "", "县内", 13,
         "", "", ""],
        [11, "H0004", "郑六", make_id(birth="19850106", seq="992"), "女", "配偶", "", "县内", 3,
         "", "-1", ""],
        [12, "H0004", "郑七", "361130198501061234.0", "女", "之女", "", "", "", "", "", ""],
    ]
    bad_check = rows[8][3]
    if bad_check[-1] == make_id(birth="19850104", seq="881")[-1]:
        rows[8][3] = bad_check[:17] + "1"
    path = write_csv(tmp_path / "ledger.csv", rows, encoding="gb18030")
    plan = plan_import(store, path, today=TODAY)
    report = import_report(plan, committed=False)
    assert refused(report) == [(7, "身份证号"), (8, "身份证号"), (9, "身份证号"), (10, "身份证号"),
                               (11, "务工时间（月）"), (12, "月收入"), (13, "身份证号")]
    problems = {p["row"]: p["problem"] for p in report["refused"]}
    assert "科学计数法" in problems[7]
    assert "000" in problems[8]
    assert "15位" in problems[9] and "未自动转换" in problems[9]
    assert upgrade_legacy_id("361130850103123")[-1] in problems[9]
    assert "校验位" in problems[10]
    assert "12" in problems[11]
    assert problems[12] == "月收入不能为负数"
    assert (report["rows"], report["create"], report["refused_rows"]) == (12, 5, 7)
    text = json.dumps(report, ensure_ascii=False)
    for row in rows:
        assert str(row[3])[-8:] not in text and row[2] not in text


def test_a_refused_import_writes_nothing(store: Store, tmp_path: Path) -> None:
    rows = person_rows()
    rows[2][8] = 14
    path = write_csv(tmp_path / "ledger.csv", rows, encoding="utf-8-sig")
    store.create("person", {"name": "已有的人"})
    before = counts(store)
    plan = plan_import(store, path, today=TODAY)
    with pytest.raises(ImportBlocked, match="--skip-refused") as blocked:
        commit_import(store, plan)
    assert blocked.value.message_en == "1 row refused; nothing imported"
    assert counts(store) == before
    assert store.meta(template_key(plan.headers)) is None


def test_duplicate_id_in_the_file_refuses_every_copy(store: Store, tmp_path: Path) -> None:
    rows = person_rows()
    rows[4][3] = rows[1][3]
    rows[4][4] = "女"
    path = write_csv(tmp_path / "dup.csv", rows, encoding="utf-8")
    report = import_report(plan_import(store, path, today=TODAY), committed=False)
    assert refused(report) == [(3, "身份证号"), (6, "身份证号")]
    assert [p["problem"] for p in report["refused"]] == [
        "证件号码与第 6 行重复（同一文件中一人只能出现一次）",
        "证件号码与第 3 行重复（同一文件中一人只能出现一次）"]


def test_sex_contradicting_the_id_and_bad_labour_class_name_their_columns(
        store: Store, tmp_path: Path) -> None:
    rows = person_rows()
    rows[0][4] = "女"
    rows[1][6] = "强劳力"
    rows[2][11] = "12345"
    path = write_csv(tmp_path / "r.csv", rows, encoding="utf-8")
    plan = plan_import(store, path, today=TODAY)
    report = import_report(plan, committed=False)
    assert refused(report) == [(2, "性别"), (3, "劳动技能"), (4, "联系电话")]
    assert report["refused"][0]["problem"] == (
        "“性别”列的性别与“身份证号”列的证件号码不符，该行被拒绝，不导入（不会按证件号码自动改正）；"
        "请核对证件后改正性别或证件号码")
    assert 2 not in report["create_rows"] + report["update_rows"]
    result = commit_import(store, plan, skip_refused=True)  # as the report says: not imported
    assert result.skipped == 3 and rows[0][2] not in {p.props["name"]
                                                      for p in store.find("person")}


def test_a_birth_date_contradicting_the_id_refuses_the_row_in_an_xlsx(
        store: Store, tmp_path: Path) -> None:
    headers = ["姓名", "身份证号", "出生日期", "性别"]
    data = [["张建国", make_id(birth="19700102", seq="111"), "1970-01-03", "男"],
            ["李秀英", make_id(birth="19720304", seq="222"), "1972年3月4日", "女"]]
    path = write_xlsx(tmp_path / "b.xlsx", data, headers=headers)
    report = import_report(plan_import(store, path, today=TODAY), committed=False)
    assert report["refused"] == [{
        "row": 2, "column": "出生日期",
        "problem": "“出生日期”列的出生日期与“身份证号”列的证件号码不符，该行被拒绝，不导入"
                   "（不会按证件号码自动改正）；请核对证件后改正出生日期或证件号码"}]
    assert report["create_rows"] == [3]


def test_two_heads_in_one_household_are_refused(store: Store, tmp_path: Path) -> None:
    rows = person_rows()
    rows[1][5] = "户主"
    path = write_csv(tmp_path / "heads.csv", rows, encoding="utf-8")
    report = import_report(plan_import(store, path, today=TODAY), committed=False)
    assert refused(report) == [(2, "与户主关系"), (3, "与户主关系")]
    assert "第 3 行也是户主" in report["refused"][0]["problem"]


def test_same_id_updates_the_person_and_households_are_reused(store: Store,
                                                               tmp_path: Path) -> None:
    path = write_csv(tmp_path / "first.csv", person_rows(), encoding="utf-8")
    commit_import(store, plan_import(store, path, today=TODAY))
    first_ids = {p.props["id_number"]: p.id for p in store.find("person")}
    household = store.find("household")[0]
    rows = person_rows()
    rows[0][8], rows[0][10] = 11, 4800
    newcomer = [6, "H0001", "张小宝", make_id(birth="20150102", seq="117"), "男", "之孙子", "",
                "", "", "", "", ""]
    path = write_csv(tmp_path / "second.csv", rows + [newcomer], encoding="utf-8")
    plan = plan_import(store, path, today=TODAY)
    report = import_report(plan, committed=False)
    assert (report["create"], report["update"], report["refused"]) == (1, 5, [])
    result = commit_import(store, plan)
    assert (result.created, result.updated, result.households_created) == (1, 5, 0)
    assert len(store.find("household")) == 2
    head = store.get(first_ids[person_rows()[0][3]])
    assert (head.props["months_worked"], head.props["monthly_income"]) == (11, 4800)
    assert head.parent == household.id
    assert {p.props["name"] for p in store.find("person", parent=household.id)} >= {"张小宝"}
    updates = store.journal(entity_id=head.id)
    last = {c.prop for c in updates if c.hlc == updates[-1].hlc}
    assert {"months_worked", "monthly_income"} <= last and not last & {"name", "id_number"}


def test_existing_household_keeps_its_head(store: Store, tmp_path: Path) -> None:
    hid = store.create("household", {"household_no": "H0001"})
    store.write([Create("person", {"name": "原户主", "relation": "户主", "household_id": hid})])
    path = write_csv(tmp_path / "h.csv", person_rows(), encoding="utf-8")
    plan = plan_import(store, path, today=TODAY)
    report = import_report(plan, committed=False)
    assert refused(report) == [(2, "与户主关系")]
    result = commit_import(store, plan, skip_refused=True)
    assert (result.created, result.households_created) == (4, 1)
    assert len(store.find("person", parent=hid)) == 3


def test_mapping_file_overrides_and_is_remembered_per_template(store: Store,
                                                                tmp_path: Path) -> None:
    headers = ["户号", "劳动力", "公民身份号码", "在外月数", "备注"]
    rows = [["H1", "冯一", make_id(birth="19900101", seq="121"), 5, "x"],
            ["H1", "冯二", make_id(birth="19920202", seq="222"), 13, "y"]]
    path = write_csv(tmp_path / "custom.csv", rows, encoding="utf-8", headers=headers)
    with pytest.raises(LedgerFileError, match="姓名"):
        plan_import(store, path, today=TODAY)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"劳动力": "name", "在外月数": "months_worked"},
                                  ensure_ascii=False), encoding="utf-8")
    plan = plan_import(store, path, mapping_file=mapping, today=TODAY)
    report = import_report(plan, committed=False)
    assert report["columns"] == {"户号": "household_no", "劳动力": "name",
                                 "公民身份号码": "id_number", "在外月数": "months_worked"}
    assert report["not_imported"] == ["备注"] and refused(report) == [(3, "在外月数")]
    commit_import(store, plan, skip_refused=True)
    again = write_csv(tmp_path / "next-month.csv", [["H2", "褚三", "", 4, ""]], encoding="gbk",
                      headers=headers)
    plan = plan_import(store, again, today=TODAY)
    assert plan.mapping == {0: "household_no", 1: "name", 2: "id_number", 3: "months_worked"}
    commit_import(store, plan)
    assert {p.props["name"]: p.props.get("months_worked") for p in store.find("person")} == \
        {"冯一": 5, "褚三": 4}


@pytest.mark.parametrize(("content", "message"), [
    ("not json", "JSON"),
    ('{"姓名": "nom"}', "字段“nom”不存在"),
    ('{"没有这列": "name"}', "“没有这列” 在表头中不存在"),
    ('{"联系电话": "name", "姓名": "name"}', "两列都对应字段“姓名”"),
])
def test_bad_mapping_files_are_refused(store: Store, tmp_path: Path, content: str,
                                       message: str) -> None:
    path = write_csv(tmp_path / "l.csv", person_rows(), encoding="utf-8")
    mapping = tmp_path / "m.json"
    mapping.write_text(content, encoding="utf-8")
    with pytest.raises(LedgerFileError) as caught:
        plan_import(store, path, mapping_file=mapping, today=TODAY)
    assert message in caught.value.message_zh


def test_headers_of_the_national_export_are_recognised(store: Store, tmp_path: Path) -> None:
    national = ["省", "市", "县", "乡", "村", "户编号", "人口编号", "姓名", "性别", "出生日期", "证件类型",
                "证件号码", "民族", "户联系电话", "成员联系电话", "年度", "与户主关系", "文化程度",
                "在校生状况", "劳动技能", "务工时间（月）", "健康状况", "政治面貌", "务工企业名称"]
    row = ["江西省", "上饶市", "婺源县", "某镇", "某村", "N1", "P1", "卫东", "男", "1985-03-15", "身份证",
           make_id(), "汉族", "0793-7345678", "13800138000", "2026", "户主", "初中", "非在校生",
           "普通劳动力", 9, "健康", "群众", "某公司"]
    path = write_csv(tmp_path / "national.csv", [row], encoding="utf-8-sig", headers=national)
    plan = plan_import(store, path, today=TODAY)
    assert plan.refused() == []
    commit_import(store, plan)
    (person,) = store.find("person")
    assert (person.props["phone"], person.props["education"]) == ("13800138000", "初中")
    assert store.get(person.parent).props["phone"] == "0793-7345678"


def test_headers_are_found_below_title_rows(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    lines = ["某村就业帮扶台账,,", "填报单位：某村,,", ",".join(HEADERS)]
    lines += [",".join(str(c) for c in r) for r in person_rows()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = plan_import(store, path, today=TODAY)
    assert plan.header_row == 3 and [r.row for r in plan.rows] == [4, 5, 6, 7, 8]


def test_an_override_replaces_the_guessed_column(store: Store, tmp_path: Path) -> None:
    headers = ["姓名", "曾用名", "月收入"]
    path = write_csv(tmp_path / "o.csv", [["陈新", "陈旧", 100]], encoding="utf-8", headers=headers)
    mapping = tmp_path / "m.json"
    mapping.write_text('{"曾用名": "name", "姓名": null}', encoding="utf-8")
    plan = plan_import(store, path, mapping_file=mapping, today=TODAY)
    assert plan.mapping == {1: "name", 2: "monthly_income"}
    commit_import(store, plan)
    assert [p.props["name"] for p in store.find("person")] == ["陈旧"]


def test_a_disability_card_number_is_kept_on_update(store: Store, tmp_path: Path) -> None:
    number = make_id(birth="19800101", seq="771")
    pid = store.create("person", {"name": "蒋残", "id_number": number + "43"})
    path = write_csv(tmp_path / "d.csv", [["蒋残", number, 6]], encoding="utf-8",
                     headers=["姓名", "身份证号", "务工时间（月）"])
    plan = plan_import(store, path, today=TODAY)
    assert [r.action for r in plan.rows] == ["update"]
    commit_import(store, plan)
    assert store.get(pid).props["id_number"] == number + "43"
    assert store.get(pid).props["months_worked"] == 6


def test_latin_letters_are_not_taken_for_mojibake(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", [["Café Müller", "男"]], encoding="utf-8",
                     headers=["姓名", "性别"])
    plan = plan_import(store, path, today=TODAY)
    assert (plan.repaired, plan.count("create")) == (0, 1)


def test_merge_candidate_rows_are_listed_by_number(store: Store, tmp_path: Path) -> None:
    store.create("person", {"name": "韩梅", "id_number": make_id(birth="19790203", seq="162")})
    rows = [["韩梅", "", "1979-02-03"], ["韩梅", "", "1979-02-04"], ["韩梅", "", "1979-02-03"]]
    path = write_csv(tmp_path / "c.csv", rows, encoding="utf-8", headers=["姓名", "身份证号", "出生日期"])
    report = import_report(plan_import(store, path, today=TODAY), committed=False)
    assert (report["create"], report["merge_candidate_rows"]) == (3, [2, 4])


def test_importing_the_same_ledger_again_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "same.csv", person_rows(), encoding="utf-8")
    commit_import(store, plan_import(store, path, today=TODAY))
    before = counts(store)
    plan = plan_import(store, path, today=TODAY)
    report = import_report(plan, committed=False)
    assert (report["update"], report["unchanged"]) == (5, 5)
    assert (report["update_rows"], report["create_rows"]) == ([2, 3, 4, 5, 6], [])
    result = commit_import(store, plan)
    assert result.updated == 5 and not result.changes
    assert counts(store) == before
