"""The county 台账 page's pure part: preview, mapping checks, dry run report, checked commit,
audited exports, on real encrypted profiles and real files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, VILLAGE, make_id
from county_ledger_files import (
    HEADERS,
    NAME_COLUMN,
    rows,
    write_csv,
    write_damaged,
    write_mojibake,
    write_xlsx,
)
from county_ledger_files import (
    village_rows as two_villages,
)

from registry import accounts, audit
from registry.county_ledgers import (
    check_village,
    commit_checked,
    dry_run,
    export_ledger,
    fingerprint,
    mapping_problems,
    preview_file,
    report_lines,
    summary,
    villages,
    write_report,
)
from registry.demo import load_demo
from registry.keyslots import KdfParams
from registry.ledgers.export_sheet import ExportCancelled, ExportWatch
from registry.ledgers.exports import ExportRefused
from registry.ledgers.import_decoding import LedgerFileError
from registry.profile import Profile
from registry.store import Create, Store


def counts(store: Store) -> tuple[int, int]:
    """Entity and journal rows outside the audit: what a refused import must not change."""
    return tuple(store.db.execute(f"SELECT count(*) FROM {t} WHERE list != 'audit'").fetchone()[0]
                 for t in ("entity", "journal"))  # type: ignore[return-value]


def mapped(preview_mapping: dict[int, str]) -> dict[int, str]:
    """The guessed mapping plus 劳动力 -> name (the step the wizard's user does)."""
    return {**preview_mapping, NAME_COLUMN: "name"}


@pytest.mark.parametrize(("encoding", "reported", "rare"), [
    ("utf-8", "utf-8", True), ("utf-8-sig", "utf-8-sig", True),
    ("gb18030", "gb18030", True), ("gbk", "gb18030", False),
])
def test_preview_names_the_encoding_and_masks_numbers(store: Store, tmp_path: Path,
                                                      encoding: str, reported: str,
                                                      rare: bool) -> None:
    path = write_csv(tmp_path / "ledger.csv", rows(rare=rare), encoding=encoding)
    preview = preview_file(store, path)
    assert (preview.encoding, preview.header_row, preview.headers) == (reported, 1, HEADERS)
    assert preview.repair_note is None
    assert "name" not in preview.mapping.values()  # 劳动力 is not a known header
    assert preview.mapping[3] == "id_number" and 11 not in preview.mapping  # 备注 not mapped
    first = preview.sample[0]
    assert first[2] == "张建国" and first[3] == "3611**********" + rows()[0][3][-4:]
    assert first[10] == "138****8001"
    assert len(preview.sample) == 4


def test_preview_masks_id_and_phone_columns_whole_but_not_household_numbers(
        store: Store, tmp_path: Path) -> None:
    data = rows(rare=False)
    data[0][1] = "361130104201001"  # a 15-digit 户编号 stays readable
    data[0][3] = data[0][3][:6] + data[0][3][8:17]  # a legacy 15-digit ID, masked whole
    data[0][11] = "另见 13900139003"  # a mobile number in a column mapped to nothing
    preview = preview_file(store, write_csv(tmp_path / "l.csv", data, encoding="utf-8"))
    first = preview.sample[0]
    assert first[1] == "361130104201001"
    assert first[3] == data[0][3][:3] + "*" * 9 + data[0][3][-3:]
    assert first[11] == "另见 139****9003"


def test_preview_of_xlsx_finds_the_header_below_a_title(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ledger.xlsx", rows(), title="某村2026年11月就业帮扶台账")
    preview = preview_file(store, path)
    assert (preview.encoding, preview.sheet, preview.header_row) == ("xlsx", "台账", 2)
    assert preview.sample[2][2] == "刘䶮"


def test_mojibake_is_repaired_and_said_plainly(store: Store, tmp_path: Path) -> None:
    preview = preview_file(store, write_mojibake(tmp_path / "m.csv"))
    assert preview.repair_note is not None and preview.repair_note.startswith("2 个单元格")
    assert [r[2] for r in preview.sample[2:]] == ["刘岩", "赵芳"]


def test_damaged_text_is_refused_naming_row_and_column(store: Store, tmp_path: Path) -> None:
    with pytest.raises(LedgerFileError) as caught:
        preview_file(store, write_damaged(tmp_path / "d.csv"))
    assert "第 4 行第 C 列" in caught.value.message_zh
    assert "刘" not in caught.value.message_zh


def test_mapping_problems_name_the_columns() -> None:
    assert mapping_problems(HEADERS, {3: "id_number"}) == ["必填字段“姓名”没有对应的列"]
    twice = mapping_problems(HEADERS, {2: "name", 3: "id_number", 11: "id_number"})
    assert twice == ["列“身份证号”和列“备注”都对应字段“证件号码”，一个字段只能对应一列"]
    assert mapping_problems(HEADERS, {2: "name"}) == []
    assert "字段“nickname”不存在" in mapping_problems(HEADERS, {2: "name", 4: "nickname"})[0]
    assert mapping_problems(HEADERS, {2: "name", 40: "phone"}) == ["第 41 列不在表头范围内"]


def test_the_dry_run_refuses_a_mapping_with_the_words_of_the_mapping_step(
        store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ledger.csv", rows(), encoding="utf-8")
    columns = {2: "name", 3: "id_number", 11: "id_number", 4: "nickname"}
    with pytest.raises(LedgerFileError) as caught:
        dry_run(store, path, columns=columns, today=TODAY)
    for problem in mapping_problems(HEADERS, columns):  # every problem, as the wizard says it
        assert problem in caught.value.message_zh


def test_the_preview_guesses_from_the_values_what_a_column_means(store: Store,
                                                                tmp_path: Path) -> None:
    headers = [{"劳动力": "成员名字", "与户主关系": "户主", "务工所在地": "务工地点"}.get(h, h)
               for h in HEADERS]
    data = rows()
    for row in data:
        row[5] = "是" if row[5] == "户主" else ""
    path = write_csv(tmp_path / "l.csv", data, encoding="utf-8", headers=headers)
    preview = preview_file(store, path)
    assert [preview.mapping.get(i) for i in (NAME_COLUMN, 5, 7)] == [
        "name", "is_head", "work_region"]
    plan = dry_run(store, path, columns=preview.mapping, village=VILLAGE, today=TODAY)
    assert summary(plan)["create"] == 4 and plan.notes() == []


def test_without_a_name_column_the_dry_run_is_refused(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ledger.csv", rows(), encoding="utf-8")
    with pytest.raises(LedgerFileError, match="姓名"):
        dry_run(store, path, columns=preview_file(store, path).mapping, today=TODAY)


def test_dry_run_report_lists_rows_and_refusals_and_writes_nothing(store: Store,
                                                                   tmp_path: Path) -> None:
    data = rows()
    data[1][3] = data[1][3][:-1] + ("0" if data[1][3][-1] != "0" else "1")  # bad check digit
    data[3][9] = -5  # negative income
    data.append(["合计", "", "", "", "", "", "", "", "", 13500, "", ""])
    path = write_csv(tmp_path / "ledger.csv", data, encoding="gb18030")
    columns = mapped(preview_file(store, path).mapping)
    before = counts(store)
    plan = dry_run(store, path, columns=columns, today=TODAY)
    assert counts(store) == before
    lines = report_lines(plan)
    assert [(x.row, x.action, x.column) for x in lines] == [
        (2, "create", ""), (3, "refused", "身份证号"), (4, "create", ""),
        (5, "refused", "月收入"), (6, "ignored", "")]
    assert summary(plan) == {"create": 2, "update": 0, "unchanged": 0, "refused": 2,
                             "ignored": 1, "flagged": 0}
    out = write_report(lines, tmp_path / "report.csv", title="试运行")
    with open(tmp_path / "report.csv", encoding="utf-8-sig", newline="") as f:
        written = list(csv.reader(f))
    assert out == 5 and written[0] == ["行号", "处理", "列", "问题"]
    assert [c.strip() for c in written[2][:3]] == ["3", "拒绝", "身份证号"]
    assert written[4][3].strip() == "月收入不能为负数"
    text = (tmp_path / "report.csv").read_text(encoding="utf-8-sig")
    assert data[1][3] not in text and "李秀英" not in text
    write_report(lines, tmp_path / "report.xlsx", title="试运行")
    assert (tmp_path / "report.xlsx").stat().st_size > 0


def test_commit_checked_writes_once_and_a_second_import_changes_nothing(
        store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ledger.csv", rows(), encoding="utf-8-sig")
    columns = mapped(preview_file(store, path).mapping)
    plan = dry_run(store, path, columns=columns, today=TODAY)
    result = commit_checked(store, path, columns=columns, expected=fingerprint(plan),
                            today=TODAY)
    assert (result.created, result.households_created) == (4, 2)
    assert sorted(p.props["name"] for p in store.find("person")) == sorted(
        r[2] for r in rows())
    assert "person" in result.changes.lists
    again = dry_run(store, path, columns=columns, today=TODAY)
    assert summary(again)["unchanged"] == 4
    assert {x.action for x in report_lines(again)} == {"unchanged"}
    # the mapping was remembered for this template: the next preview maps 劳动力 itself
    assert preview_file(store, path).mapping[NAME_COLUMN] == "name"


def test_commit_refuses_when_the_register_changed_since_the_dry_run(
        store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ledger.csv", rows(), encoding="utf-8")
    columns = mapped(preview_file(store, path).mapping)
    seen = fingerprint(dry_run(store, path, columns=columns, today=TODAY))
    store.write([Create("person", {"name": "张建国", "id_number": rows()[0][3]},
                        scope=VILLAGE)])  # a sync brought this person meanwhile
    before = counts(store)
    with pytest.raises(LedgerFileError, match="重新试运行"):
        commit_checked(store, path, columns=columns, expected=seen, today=TODAY)
    assert counts(store) == before


def test_refused_rows_block_the_commit_unless_left_out(store: Store, tmp_path: Path) -> None:
    data = rows()
    data[3][9] = -5
    path = write_csv(tmp_path / "ledger.csv", data, encoding="utf-8")
    columns = mapped(preview_file(store, path).mapping)
    seen = fingerprint(dry_run(store, path, columns=columns, today=TODAY))
    with pytest.raises(LedgerFileError, match="3 行|1 行"):
        commit_checked(store, path, columns=columns, expected=seen, today=TODAY)
    assert counts(store) == (0, 0)
    result = commit_checked(store, path, columns=columns, expected=seen, skip_refused=True,
                            today=TODAY)
    assert (result.created, result.skipped) == (3, 1)


def exports(store: Store) -> list[audit.Entry]:
    return audit.entries(store, action="export")


def test_masked_export_is_audited_without_personal_data(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ledger.csv", rows(), encoding="utf-8")
    columns = mapped(preview_file(store, path).mapping)
    commit_checked(store, path, columns=columns,
                   expected=fingerprint(dry_run(store, path, columns=columns, today=TODAY)),
                   today=TODAY)
    out = tmp_path / "张建国村台账.csv"
    written = export_ledger(store, "village-monthly", out=out, month="2026-11", area=None)
    assert int(written) == 4 and written.masked
    text = out.read_text(encoding="utf-8-sig")
    assert rows()[0][3] not in text and "3611**********" in text
    [entry] = exports(store)
    assert (entry.target, entry.result, entry.detail["masked"], entry.detail["rows"]) == (
        "village-monthly", "ok", True, 4)
    assert "张" not in str(entry.detail) and entry.detail["format"] == "csv"


def test_unmasked_export_by_a_reviewer_is_audited(store: Store, tmp_path: Path) -> None:
    store.write([Create("person", {"name": "张建国", "id_number": make_id(seq="777")},
                        scope=VILLAGE)])
    out = tmp_path / "national.xlsx"
    written = export_ledger(store, "national-persons", out=out, month="2026-11", area=None,
                            unmasked=True, export_anyway=True)
    assert not written.masked
    [entry] = exports(store)
    assert (entry.result, entry.detail["masked"], entry.detail["export_anyway"],
            entry.user) == ("ok", False, True, "secretary")


def test_unmasked_export_by_a_clerk_is_denied_audited_and_writes_nothing(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "clerk", today=lambda: TODAY)
    clerk = profile.create(user="clerk", passphrase=PASSPHRASE, scope=VILLAGE,
                           kdf=KdfParams.fast(), role=accounts.CLERK)
    try:
        out = tmp_path / "village.csv"
        with pytest.raises(accounts.NotAllowed):
            export_ledger(clerk, "village-monthly", out=out, month="2026-11", area=None,
                          unmasked=True)
        assert not out.exists()
        [entry] = exports(clerk)
        assert (entry.result, entry.detail["masked"]) == ("denied", False)
    finally:
        clerk.close()


def test_national_export_with_findings_is_refused_and_audited(store: Store,
                                                               tmp_path: Path) -> None:
    number = make_id(seq="888")
    store.write([Create("person", {"name": "甲", "id_number": number}, scope=VILLAGE),
                 Create("person", {"name": "乙", "id_number": number}, scope=VILLAGE)])
    out = tmp_path / "national.csv"
    with pytest.raises(ExportRefused):
        export_ledger(store, "national-persons", out=out, month="2026-11", area=None)
    assert not out.exists()
    assert [e.result for e in exports(store)] == ["refused"]


def test_an_export_of_an_area_outside_the_profile_is_refused_and_audited(
        store: Store, tmp_path: Path) -> None:
    from registry.errors import ValidationError

    out = tmp_path / "other.csv"
    with pytest.raises(ValidationError, match="地区代码 361131 不在本档案的辖区"):
        export_ledger(store, "village-monthly", out=out, month="2026-11", area="361131")
    assert not out.exists()
    [entry] = exports(store)
    assert (entry.result, entry.detail["area"]) == ("refused", "361131")


def test_an_export_read_on_the_reader_writes_its_audit_entries_on_the_store(
        store: Store, tmp_path: Path) -> None:
    """The desktop reads an export on the read lane: the reader refuses writes, so each audit
    entry (done, refused) goes through ``on_writer`` to the main store, after the file."""
    load_demo(store, people=20, seed=3, village=VILLAGE, today=TODAY)
    reader = store.reader()
    assert reader is not None and reader is not store
    out = tmp_path / "out" / "village.xlsx"
    out.parent.mkdir()
    handed: list[Store] = []

    def on_writer(write):
        assert out.exists()  # the file is in place before it is audited
        handed.append(store)
        return write(store)

    written = export_ledger(reader, "village-monthly", out=out, month="2026-11", area=None,
                            unmasked=True, on_writer=on_writer)
    number = make_id(seq="889")
    store.write([Create("person", {"name": "甲", "id_number": number}, scope=VILLAGE),
                 Create("person", {"name": "乙", "id_number": number}, scope=VILLAGE)])
    refused = tmp_path / "out" / "national.csv"
    with pytest.raises(ExportRefused):
        export_ledger(reader, "national-persons", out=refused, month="2026-11", area=None,
                      on_writer=lambda write: write(store))
    assert [(e.result, e.detail["masked"], e.detail.get("rows")) for e in exports(store)] == [
        ("ok", False, int(written)), ("refused", True, None)]
    assert handed == [store] and int(written) > 0 and not refused.exists()


def test_a_clerk_denied_on_the_reader_is_audited_on_the_store(tmp_path: Path) -> None:
    clerk = Profile(tmp_path / "clerk", today=lambda: TODAY).create(
        user="clerk", passphrase=PASSPHRASE, scope=VILLAGE, kdf=KdfParams.fast(),
        role=accounts.CLERK)
    try:
        out = tmp_path / "village.csv"
        with pytest.raises(accounts.NotAllowed):
            export_ledger(clerk.reader(), "village-monthly", out=out, month="2026-11",
                          area=None, unmasked=True, on_writer=lambda write: write(clerk))
        assert not out.exists()
        assert [e.result for e in exports(clerk)] == ["denied"]
    finally:
        clerk.close()


class CancelAt(ExportWatch):
    """A watch whose user clicks 取消导出 as row ``at`` is written."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at = at

    def wrote(self, rows: int) -> None:
        if rows == self.at:
            self.cancel()
        super().wrote(rows)


@pytest.mark.parametrize(("kind", "name"), [
    ("village-monthly", "village.xlsx"), ("village-monthly", "village.csv"),
    ("national-persons", "national.csv"),  # two files: the people and the findings
])
def test_a_cancelled_export_leaves_no_file_and_no_audit_entry(
        store: Store, tmp_path: Path, kind: str, name: str) -> None:
    load_demo(store, people=20, seed=4, village=VILLAGE, today=TODAY)
    folder = tmp_path / "out"
    folder.mkdir()
    watch = CancelAt(3)
    with pytest.raises(ExportCancelled):
        export_ledger(store.reader(), kind, out=folder / name, month="2026-11", area=None,
                      export_anyway=True, watch=watch, on_writer=lambda write: write(store))
    assert list(folder.iterdir()) == [] and exports(store) == []  # no .part file either
    assert (watch.rows, watch.saving) == (3, False)
    done = ExportWatch()
    written = export_ledger(store, kind, out=folder / name, month="2026-11", area=None,
                            export_anyway=True, watch=done)
    assert done.saving and done.rows == int(written) + written.findings  # every table's rows
    assert [e.result for e in exports(store)] == ["ok"]


def test_new_households_go_to_the_village_chosen_within_the_profile(tmp_path: Path) -> None:
    from registry.errors import ValidationError

    county = Profile(tmp_path / "county", today=lambda: TODAY).create(
        user="county", passphrase=PASSPHRASE, scope="361130", kdf=KdfParams.fast())
    try:
        assert villages(county) == []
        with pytest.raises(ValidationError, match="不在本档案的辖区内"):
            check_village(county, "361131104201")
        with pytest.raises(ValidationError, match="12位数字"):
            check_village(county, "361130104000")
        path = write_csv(tmp_path / "ledger.csv", rows(), encoding="utf-8")
        columns = mapped(preview_file(county, path).mapping)
        seen = fingerprint(dry_run(county, path, columns=columns, village=VILLAGE, today=TODAY))
        with pytest.raises(ValidationError):
            commit_checked(county, path, columns=columns, expected=seen, village="36113010420",
                           today=TODAY)
        assert counts(county) == (0, 0)
        commit_checked(county, path, columns=columns, expected=seen, village=VILLAGE,
                       today=TODAY)
        scopes = {e.scope for lst in ("household", "person") for e in county.find(lst)}
        assert scopes == {VILLAGE} and villages(county) == [VILLAGE]
    finally:
        county.close()


def test_a_village_profile_lists_its_own_village(store: Store) -> None:
    assert villages(store) == [VILLAGE]
    assert check_village(store, VILLAGE) == VILLAGE
    with pytest.raises(Exception, match="不在本档案的辖区内"):
        check_village(store, "361130104202")


def test_commit_refuses_a_file_edited_to_the_same_counts_since_the_dry_run(
        store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ledger.csv", rows(), encoding="utf-8")
    columns = mapped(preview_file(store, path).mapping)
    plan = dry_run(store, path, columns=columns, today=TODAY)
    seen = fingerprint(plan)
    edited = rows()
    edited[0][9] = 9900  # another income: still four new people in two households
    write_csv(path, edited, encoding="utf-8")
    again = dry_run(store, path, columns=columns, today=TODAY)
    assert summary(again) == summary(plan) and report_lines(again) == report_lines(plan)
    with pytest.raises(LedgerFileError, match="重新试运行"):
        commit_checked(store, path, columns=columns, expected=seen, today=TODAY)
    assert counts(store) == (0, 0)
    write_csv(path, rows(), encoding="utf-8")  # the very file the user saw imports
    assert commit_checked(store, path, columns=columns, expected=seen, today=TODAY).created == 4


def test_commit_refuses_when_a_refusal_changed_reason_with_the_same_counts(
        store: Store, tmp_path: Path) -> None:
    data = rows()
    data[3][9] = -5  # row 5 refused for its income
    path = write_csv(tmp_path / "ledger.csv", data, encoding="utf-8")
    columns = mapped(preview_file(store, path).mapping)
    plan = dry_run(store, path, columns=columns, today=TODAY)
    data[3][9], data[3][8] = 1800, 13  # now refused for 13 months: same counts, other reason
    write_csv(path, data, encoding="utf-8")
    again = dry_run(store, path, columns=columns, today=TODAY)
    assert summary(again) == summary(plan) and report_lines(again) != report_lines(plan)
    with pytest.raises(LedgerFileError, match="重新试运行"):
        commit_checked(store, path, columns=columns, expected=fingerprint(plan),
                       skip_refused=True, today=TODAY)
    assert counts(store) == (0, 0)


SECOND = "361130104202"


def village_rows() -> list[list[object]]:
    """The four people, household H0101 numbered in village A, H0102 in village B."""
    return two_villages(VILLAGE, SECOND, seq="0001")


def test_a_multi_village_ledger_puts_each_household_in_its_own_village(tmp_path: Path) -> None:
    county = Profile(tmp_path / "county", today=lambda: TODAY).create(
        user="county", passphrase=PASSPHRASE, scope="361130", kdf=KdfParams.fast())
    try:
        path = write_csv(tmp_path / "ledger.csv", village_rows(), encoding="utf-8")
        columns = mapped(preview_file(county, path).mapping)
        plan = dry_run(county, path, columns=columns, village=VILLAGE, today=TODAY)
        assert summary(plan)["create"] == 4
        commit_checked(county, path, columns=columns, expected=fingerprint(plan),
                       village=VILLAGE, today=TODAY)
        scope_of = {h.props["household_no"]: h.scope for h in county.find("household")}
        assert scope_of == {VILLAGE + "0001": VILLAGE, SECOND + "0001": SECOND}
        people = {p.props["name"]: p.scope for p in county.find("person")}
        assert people["赵芳"] == SECOND and people["张建国"] == VILLAGE
        assert villages(county) == [VILLAGE, SECOND]
    finally:
        county.close()


def test_a_household_of_a_village_outside_the_profile_is_refused_by_row_and_column(
        store: Store, tmp_path: Path) -> None:
    data = village_rows()  # the village profile VILLAGE: H0102's 户编号 names village B
    path = write_csv(tmp_path / "ledger.csv", data, encoding="utf-8")
    columns = mapped(preview_file(store, path).mapping)
    plan = dry_run(store, path, columns=columns, today=TODAY)
    refused = [(x.row, x.column) for x in report_lines(plan) if x.action == "refused"]
    assert refused == [(4, "户编号"), (5, "户编号")]
    assert all(SECOND in x.problem and "不在本档案的辖区内" in x.problem
               for x in report_lines(plan) if x.action == "refused")
    with pytest.raises(LedgerFileError):
        commit_checked(store, path, columns=columns, expected=fingerprint(plan), today=TODAY)
    assert counts(store) == (0, 0)


def test_a_county_profile_refuses_households_of_no_known_village(tmp_path: Path) -> None:
    county = Profile(tmp_path / "county", today=lambda: TODAY).create(
        user="county", passphrase=PASSPHRASE, scope="361130", kdf=KdfParams.fast())
    try:
        path = write_csv(tmp_path / "ledger.csv", rows(), encoding="utf-8")  # H0101, H0102
        columns = mapped(preview_file(county, path).mapping)
        plan = dry_run(county, path, columns=columns, today=TODAY)
        assert {(x.action, x.column) for x in report_lines(plan)} == {("refused", "户编号")}
        assert "无法确定该户属于哪个村" in report_lines(plan)[0].problem
        with pytest.raises(LedgerFileError, match="不是本档案辖区内的村"):
            dry_run(county, path, columns=columns, village="361131104201", today=TODAY)
    finally:
        county.close()


def test_a_county_ledger_naming_a_village_no_one_knows_is_refused_until_the_county_adds_it(
        tmp_path: Path) -> None:
    """A 户编号 of the county whose village is in neither the division codes nor the county's
    own place names put a household in a village nobody could find."""
    from registry.places import set_place_name

    unknown = "361130104299"  # well formed, in the county, no such village
    county = Profile(tmp_path / "county", today=lambda: TODAY).create(
        user="county", passphrase=PASSPHRASE, scope="361130", kdf=KdfParams.fast())
    try:
        path = write_csv(tmp_path / "ledger.csv", two_villages(VILLAGE, unknown, seq="0001"),
                         encoding="utf-8")
        columns = mapped(preview_file(county, path).mapping)
        plan = dry_run(county, path, columns=columns, today=TODAY)
        refused = [x for x in report_lines(plan) if x.action == "refused"]
        assert [(x.row, x.column) for x in refused] == [(4, "户编号"), (5, "户编号")]
        assert all(unknown in x.problem and "不是已知的村" in x.problem for x in refused)
        with pytest.raises(LedgerFileError, match="不是已知的村"):
            dry_run(county, path, columns=columns, village=unknown, today=TODAY)
        set_place_name(county, unknown, "新建安置社区")  # the county adds the village
        plan = dry_run(county, path, columns=columns, today=TODAY)
        assert summary(plan)["create"] == 4
    finally:
        county.close()
