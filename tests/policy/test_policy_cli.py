"""The bangfu-policy CLI: every pack's case file passes; test can fail; check names
sheet, row and column of every problem of a broken workbook."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml
from policy_helpers import CASES, DELETE_SHEET, WUYUAN_2026_TRANSPORT, cli, county_pack, edited_pack

from registry.policy import BUILTIN_DIR

CASE_FILES = sorted(CASES.glob("*.yaml"))


def test_one_case_file_per_pack():
    assert [p.stem for p in CASE_FILES] == ["alerts", "deqin", "guizhou", "jiangxi", "national", "wuyuan"]
    assert len(list(BUILTIN_DIR.glob("*.xlsx"))) == 5


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_file_passes(path: Path):
    out = cli("test", path)
    lines = out.stdout.strip().splitlines()
    count = len(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert out.returncode == 0, out.stdout + out.stderr
    assert lines[-1] == f"{count} passed, 0 failed"
    assert len(lines) == count + 1


def test_a_wrong_expectation_fails(tmp_path: Path):
    cases = yaml.safe_load((CASES / "guizhou.yaml").read_text(encoding="utf-8"))[:2]
    cases[0]["expect"]["amount"] = 999
    cases[1]["expect"] = {"rule": "gz_jobseeking", "eligible": False, "failed": "first_time"}
    path = tmp_path / "wrong.yaml"
    path.write_text(yaml.safe_dump(cases, allow_unicode=True), encoding="utf-8")
    out = cli("test", path)
    lines = out.stdout.strip().splitlines()
    assert out.returncode == 1
    assert lines[-1] == "0 passed, 2 failed"
    assert lines[0].startswith("FAIL gz-jobseeking-other-province:") and "999" in lines[0]
    assert "实际 1000" in lines[0]


def test_explain_prints_reasons_and_source():
    out = cli("explain", CASES / "deqin.yaml")
    assert out.returncode == 0
    text = out.stdout
    assert "== dq-transport-with-work-away-reward-2021：德钦县（533422） 2021-07-01 person" in text
    assert "✗ exclusion: 已于2021-06-01享受一次性外出务工奖补，不得同时享受" in text
    assert "来源：003_c2b9e73cebc28653.txt 三（一）「对外出务工且稳定就业3个月以上的" in text
    assert "—— 被 dq_transport 取代" in text


def test_explain_says_first_when_no_pack_is_in_force(tmp_path: Path):
    path = tmp_path / "late.yaml"
    path.write_text(
        '- {id: late, region: "361130", as_of: 2026-11-30, person: {groups: [脱贫人口]},\n'
        '   expect: {rule: one_time_transport_subsidy, eligible: false, failed: validity},\n'
        '   source: "000: 政策执行期限截至2025年12月31日"}\n', encoding="utf-8")
    out = cli("explain", path)
    lines = out.stdout.splitlines()
    assert lines[1] == "!! 婺源县 2026-11-30：没有有效的政策包"
    assert any(line.startswith("[不符合] wy_transport") for line in lines)
    assert cli("test", path).returncode == 0


def test_county_pack_changes_the_answer_through_the_cli(tmp_path: Path):
    case = tmp_path / "wy2026.yaml"
    case.write_text(
        '- {id: wy2026, region: "361130104201", as_of: 2026-11-30,\n'
        '   person: {groups: [脱贫人口], work: {region: 省外, start: 2026-03-01}, claims: []},\n'
        '   expect: {rule: one_time_transport_subsidy, eligible: true, amount: 600},\n'
        '   source: "测试县2026年文件 一（一）: 600元"}\n', encoding="utf-8")
    before = cli("test", case)
    assert before.returncode == 1 and before.stdout.splitlines()[-1] == "0 passed, 1 failed"
    county = tmp_path / "county" / "wuyuan_2026.xlsx"
    county.parent.mkdir()
    county.write_bytes(county_pack(pack_id="wuyuan_2026", region="361130",
                                   issued=datetime(2026, 1, 5), rules=[WUYUAN_2026_TRANSPORT]))
    assert cli("check", county).returncode == 0
    after = cli("test", case, "--packs", BUILTIN_DIR, "--packs", county.parent)
    assert after.returncode == 0, after.stdout
    assert after.stdout.splitlines()[-1] == "1 passed, 0 failed"


def test_check_refuses_a_built_in_rule_id_for_an_overlapping_window(tmp_path: Path):
    """check did not look across packs: a county rule wy_transport from 2025-07-01 passed,
    beside the built-in wy_transport in force to 2025-12-31."""
    path = tmp_path / "wuyuan_2026.xlsx"
    path.write_bytes(county_pack(pack_id="wuyuan_2026", region="361130",
                                 issued=datetime(2026, 1, 5), rules=[
                                     {**WUYUAN_2026_TRANSPORT, "id": "wy_transport",
                                      "valid_from": datetime(2025, 7, 1)}]))
    out = cli("check", path)
    lines = out.stdout.strip().splitlines()
    assert out.returncode == 1, out.stdout
    assert lines[0].startswith("规则 第2行 A列（编号）：规则编号“wy_transport”已用于内置政策包"
                               "“wuyuan_2021”")
    assert "重叠" in lines[0] and lines[-1] == "1 个问题"


def test_a_rule_id_taken_over_for_a_later_window_is_noted_and_answers_by_its_id(tmp_path: Path):
    """A county wy_transport from 2026 checks with a note saying which rule answers when;
    a case naming wy_transport is answered by the county's rule, not the expired one."""
    county = tmp_path / "county" / "wuyuan_2026.xlsx"
    county.parent.mkdir()
    county.write_bytes(county_pack(pack_id="wuyuan_2026", region="361130",
                                   issued=datetime(2026, 1, 5),
                                   rules=[{**WUYUAN_2026_TRANSPORT, "id": "wy_transport"}]))
    out = cli("check", county)
    lines = out.stdout.strip().splitlines()
    assert out.returncode == 0, out.stdout
    assert lines[0].startswith("提示：规则 第2行 A列（编号）：规则编号“wy_transport”已用于内置政策包")
    assert "2026-01-01 至 2026-12-31 按本包的规则作答" in lines[0]
    assert lines[1].startswith("OK wuyuan_2026：1 条规则")
    case = tmp_path / "wy2026.yaml"
    case.write_text(
        '- {id: wy2026, region: "361130104201", as_of: 2026-11-30,\n'
        '   person: {groups: [脱贫人口], work: {region: 省外, start: 2026-03-01}, claims: []},\n'
        '   expect: {rule: wy_transport, eligible: true, amount: 600},\n'
        '   source: "测试县2026年文件 一（一）: 600元"}\n', encoding="utf-8")
    after = cli("test", case, "--packs", BUILTIN_DIR, "--packs", county.parent)
    assert after.returncode == 0, after.stdout


def test_check_builtin_packs_are_clean():
    for path in sorted(BUILTIN_DIR.glob("*.xlsx")):
        out = cli("check", path)
        assert out.returncode == 0, out.stdout
        assert out.stdout.startswith(f"OK {path.stem}：")


def _check(tmp_path: Path, data: bytes) -> tuple[int, list[str]]:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(data)
    out = cli("check", path)
    return out.returncode, out.stdout.strip().splitlines()


def test_check_names_sheet_row_and_column_of_each_problem(tmp_path: Path):
    data = edited_pack("deqin_2021", {
        ("规则", "G3"): "2021-13-01",            # 生效日期 of the second rule
        ("规则", "B4"): "made_up_subsidy",       # 类型
        ("规则", "I5"): "贫困户、外星人",          # 帮扶对象
        ("条件", "A2"): "no_such_rule",          # 规则 reference
        ("条件", "C3"): "三个月",                 # 取值 of an integer condition
        ("金额档次", "D2"): None,                # 定额 without an amount
        ("金额档次", "D9"): 800,                 # an amount invented for 未明确
        ("最低工资", "D2"): "两千",               # 月最低工资
    })
    code, lines = _check(tmp_path, data)
    assert code == 1
    assert lines[-1] == f"{len(lines) - 1} 个问题"
    expected = [
        "规则 第3行 G列（生效日期）：日期格式应为 YYYY-MM-DD",
        "规则 第4行 B列（类型）：未知的规则类型",
        "规则 第5行 I列（帮扶对象）：未知的帮扶对象“外星人”",
        "条件 第2行 A列（规则）：规则工作表中没有编号为“no_such_rule”的规则",
        "条件 第3行 C列（取值）：应为数字",
        "金额档次 第2行 D列（金额）：定额、不超过和工资比例须填写金额或比例",
        "金额档次 第9行 D列（金额）：“最低工资”和“未明确”不填金额（不得自行编造金额）",
        "最低工资 第2行 D列（月最低工资）：应为数字",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, lines)


def test_check_missing_sheet_and_column(tmp_path: Path):
    data = edited_pack("wuyuan_2021", {("金额档次", "A1"): DELETE_SHEET, ("规则", "O1"): "引文"})
    code, lines = _check(tmp_path, data)
    assert code == 1
    assert "金额档次 第1行：缺少此工作表" in lines
    assert any(line.startswith("规则 第1行 P列（原文）：缺少列“原文”") for line in lines)


def test_check_a_file_that_is_not_a_workbook(tmp_path: Path):
    code, lines = _check(tmp_path, b"not a zip at all")
    assert code == 1
    assert "不是有效的 Excel 工作簿" in lines[0]


def test_bad_case_file_is_named(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text('- {id: two, region: "533422", as_of: 2021-07-01, person: {}, post: {},\n'
                    '   expect: {rule: x}, source: s}\n', encoding="utf-8")
    out = cli("test", path)
    assert out.returncode == 2
    assert out.stdout.startswith("错误：bad.yaml[two].subject: 应有且只有一个对象")


def test_explain_in_english():
    out = cli("explain", CASES / "guizhou.yaml", "--lang", "en")
    assert out.returncode == 0
    assert "== gz-jobseeking-other-province: 纳雍县 (520525) 2022-04-01 person" in out.stdout
    assert "[eligible] gz_jobseeking One-time job-seeking subsidy for a first organised export" \
        in out.stdout
    assert "    amount: 1000 yuan" in out.stdout
    assert "✗ stable_months: worked 2 < 3 months" in out.stdout


def test_unknown_expectation_is_named(tmp_path: Path):
    path = tmp_path / "typo.yaml"
    path.write_text('- {id: typo, region: "533422", as_of: 2021-07-01, person: {},\n'
                    '   expect: {rule: dq_transport, eligible: false, faild: group}, source: s}\n',
                    encoding="utf-8")
    out = cli("test", path)
    assert out.returncode == 2
    assert out.stdout.startswith("错误：typo.yaml[typo].expect.faild: 不认识的期望项")
