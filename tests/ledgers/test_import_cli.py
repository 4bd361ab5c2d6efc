"""``bangfu-ledger import`` as a subprocess on a real encrypted profile (BANGFU_PASSPHRASE)."""

from __future__ import annotations

import json
from pathlib import Path

from bangfu_testdata import PASSPHRASE
from ledger_import_data import counts, person_rows, run, write_csv, write_xlsx

from registry.profile import Profile
from registry.store import Store


def state(profile: Profile) -> tuple[tuple[int, int, int], int]:
    store = profile.unlock("secretary", PASSPHRASE)
    try:
        return counts(store), len(store.find("person"))
    finally:
        store.close()


def assert_nothing_personal(output: str) -> None:
    for row in person_rows():
        assert row[2] not in output and row[3][-8:] not in output
        assert not row[11] or row[11][-4:] not in output


def test_dry_run_then_commit_with_json(profile: Profile, store: Store, tmp_path: Path) -> None:
    store.close()
    path = write_csv(tmp_path / "ledger.csv", person_rows(), encoding="gb18030")
    common = ["import", str(path), "--profile", str(profile.folder), "--user", "secretary"]
    dry = run(*common, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert {k: report[k] for k in ("encoding", "repaired", "rows", "create", "update", "refused",
                                   "committed")} == {
        "encoding": "gb18030", "repaired": None, "rows": 5, "create": 5, "update": 0,
        "refused": [], "committed": False}
    assert state(profile) == ((0, 0, 0), 0)
    done = run(*common, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["committed"] is True
    assert state(profile)[1] == 5
    again = json.loads(run(*common, "--json", "--dry-run").stdout)
    assert (again["create"], again["update"]) == (0, 5)
    for output in (dry.stdout, dry.stderr, done.stdout, done.stderr):
        assert_nothing_personal(output)


def test_refused_rows_block_unless_skipped(profile: Profile, store: Store, tmp_path: Path) -> None:
    store.close()
    rows = person_rows()
    rows[1][3] = 1.10105e17  # typed into Excel as a number
    rows[3][8] = 13
    rows[0][7] = "广东省深圳市"  # a place among 务工地域 words: said as a note
    path = write_xlsx(tmp_path / "ledger.xlsx", rows)
    common = ["import", str(path), "--profile", str(profile.folder), "--user", "secretary"]
    before = state(profile)
    blocked = run(*common, "--json")
    assert blocked.returncode == 1
    report = json.loads(blocked.stdout)
    assert [(p["row"], p["column"]) for p in report["refused"]] == [(3, "身份证号"), (5, "务工时间（月）")]
    assert report["committed"] is False and state(profile) == before
    text = run(*common)
    assert text.returncode == 1 and "第 3 行，列“身份证号”" in text.stdout
    assert "未导入任何数据" in text.stdout and "新增：第 2、4、6 行" in text.stdout
    assert "说明：列“务工所在地”对应“务工所在地”：其中 3 行填的是务工地域" in text.stdout
    assert report["notes"] == [text.stdout.split("说明：")[1].splitlines()[0]]
    assert report["create_rows"] == [2, 4, 6]
    skipped = run(*common, "--json", "--skip-refused")
    assert skipped.returncode == 0 and json.loads(skipped.stdout)["committed"] is True
    assert state(profile)[1] == 3
    for output in (blocked.stdout, text.stdout, skipped.stdout, blocked.stderr):
        assert_nothing_personal(output)


def test_wrong_passphrase_exits_2_and_changes_nothing(profile: Profile, store: Store,
                                                      tmp_path: Path) -> None:
    store.close()
    path = write_csv(tmp_path / "ledger.csv", person_rows(), encoding="utf-8")
    before = state(profile)
    out = run("import", str(path), "--profile", str(profile.folder), "--user", "secretary",
              "--json", passphrase="Wrong-Pass-1")
    assert out.returncode == 2 and out.stdout == ""
    assert "密码错误" in out.stderr
    assert state(profile) == before


def test_damaged_file_is_refused_whole(profile: Profile, store: Store, tmp_path: Path) -> None:
    store.close()
    rows = person_rows()
    rows[2][2] = "刘锟斤拷"
    path = write_csv(tmp_path / "ledger.csv", rows, encoding="utf-8")
    out = run("import", str(path), "--profile", str(profile.folder), "--user", "secretary",
              "--json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["committed"] is False and "第 4 行第 C 列" in report["error"]
    assert "整个文件未导入" in out.stderr
    assert state(profile) == ((0, 0, 0), 0)


def test_help_documents_the_passphrase_variable_and_month_is_checked(tmp_path: Path) -> None:
    out = run("import", "--help")
    assert out.returncode == 0 and "BANGFU_PASSPHRASE" in out.stdout
    assert "--passphrase" not in out.stdout
    bad = run("export", "village-monthly", "--profile", str(tmp_path), "--user", "x", "--out",
              str(tmp_path / "o.xlsx"), "--month", "2026-13")
    assert bad.returncode == 2 and "YYYY-MM" in bad.stderr
    missing = run("import", str(tmp_path / "x.csv"), "--profile", str(tmp_path / "none"),
                  "--user", "x")
    assert missing.returncode == 2 and "没有档案" in missing.stderr


def test_a_county_profile_needs_the_village_of_old_household_numbers(tmp_path: Path) -> None:
    from bangfu_testdata import TODAY, VILLAGE

    from registry.keyslots import KdfParams

    county = Profile(tmp_path / "county", today=lambda: TODAY)
    county.create(user="county", passphrase=PASSPHRASE, scope="361130",
                  kdf=KdfParams.fast()).close()
    path = write_csv(tmp_path / "ledger.csv", person_rows(), encoding="utf-8")  # H0001, H0002
    common = ["import", str(path), "--profile", str(county.folder), "--user", "county", "--json"]
    refused = run(*common)
    assert refused.returncode == 1, refused.stderr
    problems = json.loads(refused.stdout)["refused"]
    assert {p["column"] for p in problems} == {"户编号"} and len(problems) == 5
    assert "--village" in problems[0]["problem"]
    outside = run(*common, "--village", "361131104201")
    assert outside.returncode == 1 and "不是本档案辖区内的村" in outside.stderr
    done = run(*common, "--village", VILLAGE)
    assert done.returncode == 0 and json.loads(done.stdout)["committed"] is True, done.stderr
    store = county.unlock("county", PASSPHRASE)
    try:
        assert {e.scope for lst in ("household", "person") for e in store.find(lst)} == {VILLAGE}
    finally:
        store.close()
