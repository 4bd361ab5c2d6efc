"""Ledger exports on a real encrypted profile of synthetic people, read back with openpyxl
and the csv module: the village monthly ledger, the national export and its checks, the
subsidy list, and bad arguments."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest
from bangfu_testdata import VILLAGE, make_id
from ledger_export_helpers import Clock, village_store

from registry.errors import ValidationError
from registry.labour import WITH_CAPACITY
from registry.ledgers import export_village, national
from registry.ledgers.export_sheet import CSV_TEXT_PREFIX
from registry.ledgers.exports import ExportRefused, check_national, write_export
from registry.store import Store

# The 47 headers of the national person export, in order, as docs/research.md lists them.
RESEARCH_HEADERS = [
    "省", "市", "县", "乡", "村", "户编号", "人口编号", "姓名", "性别", "出生日期", "证件类型",
    "证件号码", "民族", "户联系电话", "成员联系电话", "年度", "与户主关系", "文化程度", "在校生状况",
    "劳动技能", "务工时间（月）", "健康状况", "政治面貌", "务工企业名称", "是否享受低保",
    "是否参加城镇职工基本养老保险", "是否参加大病保险",
    "是否参加新型农村合作医疗（城乡居民基本医疗保险）", "是否参加城乡居民基本养老保险",
    "失学或辍学原因", "是否会讲普通话", "是否参加商业补充医疗保险", "是否国外务工", "产业分类",
    "是否接受大病医疗救助", "是否接受其他健康扶贫", "公益性岗位类型", "公益性岗位(月数)", "就业渠道",
    "残疾类别", "务工所在地", "户主姓名", "户主证件号码", "是否参加城镇职工基本医疗保险",
    "是否特困供养人员", "残疾证办证年度", "识别标准",
]  # fmt: skip
MASKED_ID = re.compile(r"^\d{4}\*{10}[\dX]{4}$")
MASKED_MOBILE = re.compile(r"^1\d{2}\*{4}\d{4}$")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = village_store(tmp_path / "profile", Clock())
    yield s
    s.close()


def sheet_rows(path: Path, sheet: int = 0) -> list[tuple]:
    workbook = openpyxl.load_workbook(path)
    return list(workbook.worksheets[sheet].iter_rows(values_only=True))


def labour_force(store: Store) -> list:
    return [p for p in store.find("person") if p.props.get("labour_class") in WITH_CAPACITY]


def column(rows: list[tuple], header: str) -> list:
    index = rows[1].index(header)
    return [row[index] for row in rows[2:]]


# --- village monthly ledger -----------------------------------------------------------------


def test_village_ledger_xlsx_has_title_frozen_header_widths_and_masked_ids(store, tmp_path):
    out = tmp_path / "village.xlsx"
    result = write_export(store, "village-monthly", out, month="2026-11", area=None,
                          unmasked=False)
    workforce = labour_force(store)
    assert 0 < len(workforce) < 300
    assert result == len(workforce)
    assert (result.kind, result.masked, result.month, result.paths) == (
        "village-monthly", True, "2026-11", (out,))
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["E"].width == 21
    title = sheet["A1"].value
    assert "村级劳动力月度台账" in title and VILLAGE in title and "2026-11" in title
    assert "导出时间" in title
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[1]) == list(export_village.HEADERS)
    assert len(rows) == 2 + len(workforce)
    ids = column(rows, "身份证号码")
    assert all(MASKED_ID.match(value) for value in ids)
    assert all(MASKED_MOBILE.match(v) for v in column(rows, "联系电话") if v)
    id_cells = [row[4] for row in sheet.iter_rows(min_row=3)]
    assert all(c.data_type == "s" and c.number_format == "@" for c in id_cells)
    assert sorted(column(rows, "姓名")) == sorted(p.props["name"] for p in workforce)


def test_village_ledger_unmasked_has_every_id_as_18_character_text(store, tmp_path):
    out = tmp_path / "village.xlsx"
    write_export(store, "village-monthly", out, month="2026-11", area=VILLAGE, unmasked=True)
    ids = column(sheet_rows(out), "身份证号码")
    assert all(isinstance(v, str) and len(v) == 18 for v in ids)
    assert sorted(ids) == sorted(p.props["id_number"] for p in labour_force(store))


def test_village_ledger_csv_is_utf8_with_bom_and_ids_stay_text(store, tmp_path):
    out = tmp_path / "village.csv"
    rows_written = write_export(store, "village-monthly", out, month="2026-11", area=None,
                                unmasked=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(export_village.HEADERS)
    assert len(rows) == 1 + rows_written
    ids = [row[4] for row in rows[1:]]
    assert all(v.startswith(CSV_TEXT_PREFIX) and len(v.strip()) == 18 for v in ids)
    assert sorted(v.strip() for v in ids) == sorted(p.props["id_number"]
                                                    for p in labour_force(store))


def _worker(store: Store, name: str, seq: str) -> str:
    household = store.create("household", {"household_no": f"{VILLAGE}9{seq}",
                                           "village_code": VILLAGE})
    return store.create("person", {"household_id": household, "name": name, "relation": "户主",
                                   "id_number": make_id(birth="19850315", seq=seq)})


def test_village_ledger_month_follows_visits_services_and_spells(store, tmp_path):
    visited = _worker(store, "测试甲", "111")
    store.create("visit", {"person_id": visited, "visit_date": "2026-10-12",
                           "employment_status": "unemployed", "needs": "referral"})
    store.create("visit", {"person_id": visited, "visit_date": "2026-11-08",
                           "employment_status": "employed", "channel": "away",
                           "work_place": "outside", "employer": "东莞市某电子厂",
                           "start_date": "2026-11-01", "months_worked": 2,
                           "monthly_income": 5200, "services": "policy referral",
                           "needs": "training"})
    store.create("service", {"person_id": visited, "service_date": "2026-11-15",
                             "services": "guidance referral"})
    spelled = _worker(store, "测试乙", "131")
    store.create("work_spell", {"person_id": spelled, "work_place": "province", "job": "普工",
                                "employer": "县工业园某厂", "start_date": "2026-03-01",
                                "end_date": "2026-06-30", "monthly_income": 3000})
    store.create("work_spell", {"person_id": spelled, "work_place": "county",
                                "employer": "镇上某合作社", "start_date": "2026-09-15",
                                "monthly_income": 3600})

    def row_of(name: str, month: str) -> dict:
        out = tmp_path / f"{month}.xlsx"
        write_export(store, "village-monthly", out, month=month, area=None, unmasked=False)
        rows = sheet_rows(out)
        (row,) = [r for r in rows[2:] if r[2] == name]
        return dict(zip(rows[1], row, strict=True))

    november = row_of("测试甲", "2026-11")
    assert (november["就业状态"], november["就业渠道"], november["务工地域"]) == (
        "就业", "外出务工", "省外")
    assert (november["务工企业名称"], november["务工开始日期"]) == ("东莞市某电子厂", "2026-11-01")
    assert (november["本年务工月数"], november["月收入（元）"]) == (2, 5200)
    assert november["本月服务"] == "政策宣传、职业介绍、职业指导"
    assert (november["就业需求"], november["最近走访日期"]) == ("技能培训", "2026-11-08")
    october = row_of("测试甲", "2026-10")
    assert (october["就业状态"], october["本月服务"], october["就业需求"]) == (
        "未就业", None, "职业介绍")
    assert october["最近走访日期"] == "2026-10-12"
    assert row_of("测试甲", "2026-09")["最近走访日期"] is None

    spell = row_of("测试乙", "2026-11")
    assert (spell["就业状态"], spell["务工地域"], spell["务工企业名称"]) == ("就业", "县内",
                                                                    "镇上某合作社")
    assert (spell["本年务工月数"], spell["月收入（元）"]) == (7, 3600)  # Mar-Jun, Sep-Nov
    july = row_of("测试乙", "2026-07")
    assert (july["就业状态"], july["务工企业名称"], july["本年务工月数"]) == (None, None, 4)
    may = row_of("测试乙", "2026-05")
    assert (may["岗位"], may["务工结束日期"], may["本年务工月数"]) == ("普工", "2026-06-30", 3)


def test_village_ledger_fills_what_an_employed_follow_up_leaves_out_from_the_record(
        store, tmp_path):
    """A follow-up saying 就业 with no place, employer or months left those columns blank
    although the person's record has them (the national export showed them); a follow-up
    saying 未就业 does not take them."""
    worker = _worker(store, "测试丙", "141")
    store.update(worker, {"work_region": "省外", "employer": "宁波某电子厂", "months_worked": 11,
                          "work_status": "自主外出务工"})
    store.create("visit", {"person_id": worker, "visit_date": "2026-11-08",
                           "employment_status": "employed"})
    idle = _worker(store, "测试丁", "151")
    store.update(idle, {"work_region": "省外", "employer": "某厂", "months_worked": 5})
    store.create("visit", {"person_id": idle, "visit_date": "2026-11-09",
                           "employment_status": "unemployed"})
    out = tmp_path / "11.xlsx"
    write_export(store, "village-monthly", out, month="2026-11", area=None, unmasked=False)
    rows = sheet_rows(out)
    by_name = {r[2]: dict(zip(rows[1], r, strict=True)) for r in rows[2:]}
    row = by_name["测试丙"]
    assert (row["就业状态"], row["就业渠道"], row["务工地域"]) == ("就业", "自主外出务工", "省外")
    assert (row["务工企业名称"], row["本年务工月数"]) == ("宁波某电子厂", 11)
    row = by_name["测试丁"]
    assert (row["就业状态"], row["务工地域"], row["务工企业名称"]) == ("未就业", None, None)


# --- national export and its checks ------------------------------------------------------------


def test_national_headers_are_the_47_of_research_in_order(store, tmp_path):
    assert list(national.NATIONAL_HEADERS) == RESEARCH_HEADERS and len(RESEARCH_HEADERS) == 47
    out = tmp_path / "national.xlsx"
    written = write_export(store, "national-persons", out, month="2026-11", area=None,
                           unmasked=True)
    assert written == store.count("person") == 300
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["人员信息", "疑点数据"]
    rows = list(workbook["人员信息"].iter_rows(values_only=True))
    assert list(rows[1]) == RESEARCH_HEADERS
    assert workbook["人员信息"].freeze_panes == "A3"
    ids = column(rows, "证件号码")
    assert all(isinstance(v, str) and len(v) == 18 for v in ids)
    assert sorted(ids) == sorted(p.props["id_number"] for p in store.find("person"))
    assert set(column(rows, "年度")) == {2026}
    assert set(column(rows, "村")) == {VILLAGE} and set(column(rows, "县")) == {VILLAGE[:6]}
    heads = {p.parent: p.props for p in store.find("person") if p.props["relation"] == "户主"}
    by_id = {p.props["id_number"]: p for p in store.find("person")}
    for row in rows[2:]:
        values = dict(zip(rows[1], row, strict=True))
        person = by_id[values["证件号码"]]
        head = heads[person.parent]
        assert (values["户主姓名"], values["户主证件号码"]) == (head["name"], head["id_number"])
        assert values["与户主关系"] == person.props["relation"]
        assert values["劳动技能"] == person.props["labour_class"]
        assert values["是否国外务工"] in ("是", "否")
    findings = list(workbook["疑点数据"].iter_rows(values_only=True))
    assert "疑点数据 0 条" in findings[0][0] and len(findings) == 2


def test_national_export_masks_ids_and_phones_by_default(store, tmp_path):
    out = tmp_path / "national.xlsx"
    write_export(store, "national-persons", out, month="2026-11", area=None, unmasked=False)
    rows = sheet_rows(out)
    for header in ("证件号码", "户主证件号码"):
        assert all(MASKED_ID.match(v) for v in column(rows, header))
    for header in ("户联系电话", "成员联系电话"):
        values = [v for v in column(rows, header) if v]
        assert values and all(MASKED_MOBILE.match(v) for v in values)


def _add_suspicious_records(store: Store) -> dict[str, str]:
    """A household without 户主, a 无劳动力 person with work away, work place without
    months, and a duplicate ID number. Returns the names and ID numbers used."""
    taken = store.find("person")[5].props["id_number"]
    no_head = store.create("household", {"household_no": f"{VILLAGE}9001",
                                         "village_code": VILLAGE})
    store.create("person", {"household_id": no_head, "name": "测试丙", "relation": "配偶",
                            "id_number": make_id(seq="124")})
    other = store.create("household", {"household_no": f"{VILLAGE}9002",
                                       "village_code": VILLAGE, "risks": ["因务工就业不稳"]})
    store.create("person", {"household_id": other, "name": "测试丁", "relation": "户主",
                            "id_number": make_id(seq="135"), "labour_class": "无劳动力",
                            "work_region": "省外", "months_worked": 6})
    store.create("person", {"household_id": other, "name": "测试戊", "relation": "之子",
                            "id_number": taken})
    return {"测试丙": make_id(seq="124"), "测试丁": make_id(seq="135"), "dup": taken}


def test_national_export_is_refused_when_checks_find_problems(store, tmp_path):
    used = _add_suspicious_records(store)
    out = tmp_path / "national.xlsx"
    with pytest.raises(ExportRefused) as refused:
        write_export(store, "national-persons", out, month="2026-11", area=None,
                     unmasked=False)
    rules = sorted(f.rule for f in refused.value.findings)
    assert rules == sorted(["户主", "劳动技能", "证件号码重复", "证件号码重复"])
    message = str(refused.value) + refused.value.message_en
    assert "4 条疑点数据" in message
    for secret in (*used.values(), "测试丙", "测试丁", "测试戊"):
        assert secret not in message
    assert list(tmp_path.iterdir()) == [tmp_path / "profile"]
    assert [f.rule for f in check_national(store)] == [f.rule for f in refused.value.findings]


def test_work_place_without_months_and_unstable_work_risk_are_findings(store):
    household = store.create("household", {"household_no": f"{VILLAGE}9003",
                                           "village_code": VILLAGE, "risks": ["因务工就业不稳"]})
    store.create("person", {"household_id": household, "name": "测试己", "relation": "户主",
                            "id_number": make_id(seq="155"), "work_region": "县内"})
    lonely = store.create("household", {"household_no": f"{VILLAGE}9004",
                                        "village_code": VILLAGE, "risks": ["因务工就业不稳"]})
    store.create("person", {"household_id": lonely, "name": "测试庚", "relation": "户主",
                            "id_number": make_id(seq="157")})
    problems = sorted((f.rule, f.problem) for f in check_national(store))
    assert problems == [("务工信息", "务工所在地与务工时间（月）须同时填写"),
                        ("致贫风险", "风险为“因务工就业不稳”，但家庭成员均无务工信息")]


def test_national_export_anyway_lists_findings_on_their_own_sheet(store, tmp_path):
    _add_suspicious_records(store)
    out = tmp_path / "national.xlsx"
    result = write_export(store, "national-persons", out, month="2026-11", area=None,
                          unmasked=False, export_anyway=True)
    assert result == 303 and result.findings == 4
    rows = sheet_rows(out, sheet=1)
    assert "疑点数据 4 条" in rows[0][0]
    assert list(rows[1]) == list(national.FINDING_HEADERS)
    assert sorted(r[1] for r in rows[2:]) == sorted(["户主", "劳动技能", "证件号码重复", "证件号码重复"])
    assert [r[0] for r in rows[2:]] == [1, 2, 3, 4]
    assert all(MASKED_ID.match(r[4]) for r in rows[2:])


def test_national_csv_export_anyway_writes_findings_beside_it(store, tmp_path):
    used = _add_suspicious_records(store)
    out = tmp_path / "national.csv"
    result = write_export(store, "national-persons", out, month="2026-11", area=None,
                          unmasked=True, export_anyway=True)
    beside = tmp_path / "national_疑点数据.csv"
    assert result.paths == (out, beside)
    with beside.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(national.FINDING_HEADERS) and len(rows) == 5
    assert CSV_TEXT_PREFIX + used["dup"] in [r[4] for r in rows]
    with out.open(encoding="utf-8-sig", newline="") as handle:
        people = list(csv.reader(handle))
    assert people[0] == RESEARCH_HEADERS and len(people) == 304


# --- subsidy list --------------------------------------------------------------------------------


def test_subsidy_list_without_claims_is_its_header_only(store, tmp_path):
    out = tmp_path / "subsidy.xlsx"
    assert write_export(store, "subsidy-list", out, month=None, area=None, unmasked=False) == 0
    rows = sheet_rows(out)
    assert len(rows) == 2 and rows[1][:3] == ("序号", "政策规则", "期间")


def test_subsidy_list_lists_claims_by_rule_and_period(store, tmp_path):
    people = store.find("person")[:4]
    claims = [("A-外出务工交通补贴", "2026", 500, people[2]), ("A-外出务工交通补贴", "2026", 300, people[0]),
              ("B-公益性岗位补贴", "2026-11", 800, people[1]), ("B-公益性岗位补贴", "2026-10", 800.5, people[3])]
    for rule, period, amount, person in claims:
        store.create("claim", {"rule_id": rule, "subject_id": person.id, "amount": amount,
                               "period": period, "granted_by": "county", "date": "2026-11-10"})
    out = tmp_path / "subsidy.csv"
    assert write_export(store, "subsidy-list", out, month=None, area=None, unmasked=True) == 4
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    assert [(r[1], r[2], r[8]) for r in rows] == [
        ("A-外出务工交通补贴", "2026", "300"), ("A-外出务工交通补贴", "2026", "500"),
        ("B-公益性岗位补贴", "2026-10", "800.5"), ("B-公益性岗位补贴", "2026-11", "800")]
    assert rows[0][6] == CSV_TEXT_PREFIX + people[0].props["id_number"]
    november = tmp_path / "november.xlsx"
    assert write_export(store, "subsidy-list", november, month="2026-11", area=None,
                        unmasked=False) == 3
    values = sheet_rows(november)[2:]
    assert [v[8] for v in values] == [300, 500, 800] and all(MASKED_ID.match(v[6]) for v in values)


def test_subsidy_list_names_a_packs_rule_beside_its_id(store, tmp_path):
    """The 政策规则 column read "wy_transport": a pack's rule is named, its id kept."""
    person = store.find("person")[0]
    for rule in ("wy_transport", "no_pack_has_this"):
        store.create("claim", {"rule_id": rule, "subject_id": person.id, "amount": 500,
                               "period": "2026", "granted_by": "county", "date": "2026-11-10"})
    out = tmp_path / "named.csv"
    assert write_export(store, "subsidy-list", out, month=None, area=None, unmasked=False) == 2
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rules = [r[1] for r in list(csv.reader(handle))[1:]]
    assert rules == ["no_pack_has_this", "跨省就业一次性交通补助（wy_transport）"]
    book = tmp_path / "named.xlsx"
    write_export(store, "subsidy-list", book, month=None, area=None, unmasked=False)
    title = sheet_rows(book)[0][0]
    assert "期间：全部期间" in title and "月份" not in title  # no month was asked


# --- bad arguments -------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "name", "month", "area", "field"), [
    ("village-ledger", "out.xlsx", "2026-11", None, "export.kind"),
    ("village-monthly", "out.xls", "2026-11", None, "export.out"),
    ("village-monthly", "out", "2026-11", None, "export.out"),
    ("village-monthly", "missing/out.csv", "2026-11", None, "export.out"),
    ("village-monthly", "out.xlsx", "2026-13", None, "export.month"),
    ("township-changes", "out.xlsx", "11/2026", None, "export.month"),
    ("national-persons", "out.xlsx", "2026-11", "36113", "export.area"),
])
def test_bad_arguments_are_named_and_nothing_is_written(store, tmp_path, kind, name, month,
                                                        area, field):
    with pytest.raises(ValidationError) as error:
        write_export(store, kind, tmp_path / name, month=month, area=area, unmasked=False)
    assert error.value.field == field and error.value.message_zh
    assert list(tmp_path.iterdir()) == [tmp_path / "profile"]


@pytest.mark.parametrize(("kind", "area"), [
    ("national-persons", "520525"), ("village-monthly", "361131"),
    ("subsidy-list", "361130104202"), ("township-changes", "520525000000")])
def test_an_area_outside_the_profile_is_refused_naming_it_and_nothing_is_written(
        store, tmp_path, kind, area):
    out = tmp_path / "other.xlsx"
    with pytest.raises(ValidationError) as error:
        write_export(store, kind, out, month="2026-11", area=area, unmasked=False)
    assert error.value.field == "export.area"
    assert error.value.message_zh.startswith(f"地区代码 {area} 不在本档案的辖区（{VILLAGE}）内")
    assert "未导出" in error.value.message_zh and area in error.value.message_en
    assert not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "profile"]
    with pytest.raises(ValidationError, match=area):
        check_national(store, area=area)


def test_an_area_around_the_profile_exports_the_profile(store, tmp_path):
    out = tmp_path / "province.xlsx"
    assert write_export(store, "village-monthly", out, month="2026-11", area="36",
                        unmasked=False) == len(labour_force(store))
    assert write_export(store, "village-monthly", out, month="2026-11", area=VILLAGE[:9],
                        unmasked=False) == len(labour_force(store))


# --- the file itself -----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_failed_export_leaves_no_file_and_a_finished_one_is_owner_only(tmp_path, suffix):
    from registry.ledgers.export_sheet import open_book

    out = tmp_path / f"ledger{suffix}"
    pending = []
    with pytest.raises(RuntimeError), open_book(out) as book:
        table = book.table("表", title="标题", headers=["甲"], widths=[10])
        table.append(["乙"])
        if book.xlsx:  # openpyxl keeps the rows of a write-only sheet in a temporary file
            pending.append(Path(book._workbook.worksheets[0]._writer.out))
            assert pending[0].exists()
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []
    assert not any(path.exists() for path in pending)
    out.write_text("old")
    with open_book(out) as book:
        book.table("表", title="标题", headers=["甲"], widths=[10]).append(["乙"])
    assert out.stat().st_mode & 0o777 == 0o600 and out.read_bytes() != b"old"
    assert list(tmp_path.iterdir()) == [out]
