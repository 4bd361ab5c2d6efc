"""Audit log, accounts and roles on real encrypted profiles (registry.audit, accounts)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from bangfu_testdata import PASSPHRASE, TODAY, make_id

from registry import accounts, audit
from registry.errors import UnknownUser, WrongPassphrase
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store

ROOT = Path(__file__).resolve().parents[2]
FAST = KdfParams.fast()
NAME, ID, PHONE = "欧阳测试", make_id(seq="777"), "13912345678"
CLERK_PASS = "Lu-Ru-2026x"


def add_person(store: Store) -> str:
    return store.create("person", {"name": NAME, "id_number": ID, "phone": PHONE})


def audit_text(store: Store) -> str:
    """Everything the audit list holds, as the journal stores it (what syncs)."""
    return json.dumps([c.value for c in store.journal() if c.entity_list == "audit"],
                      ensure_ascii=False)


def test_login_and_failed_unlocks_are_audited_at_the_next_unlock(profile: Profile,
                                                                   store: Store) -> None:
    store.close()
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            profile.unlock("secretary", "Wrong-pass-1")
    with pytest.raises(UnknownUser):
        profile.unlock("王小明", PASSPHRASE)
    assert len(profile.keyring().unaudited_failures()) == 3
    store = profile.unlock("secretary", PASSPHRASE)
    failed = audit.entries(store, action="unlock_failed")
    assert [(e.user, e.result) for e in failed] == [("secretary", "failed")] * 2 + [("", "failed")]
    assert failed[2].detail["known_user"] is False and "王小明" not in audit_text(store)
    assert all(e.detail["recorded_at_unlock"] for e in failed)
    login = audit.entries(store, action="login")
    assert [(e.user, e.device, e.result) for e in login] == [("secretary", store.device, "ok")]
    assert failed[0].at_ms <= login[0].at_ms
    assert profile.keyring().unaudited_failures() == []
    store.close()


def test_reveal_shows_the_full_number_only_to_a_role_allowed_and_records_it(
        profile: Profile, store: Store) -> None:
    person = add_person(store)
    assert accounts.role_of(store) == accounts.REVIEWER
    assert audit.reveal(store, entity_id=person, field="id_number") == ID
    assert audit.reveal(store, entity_id=person, field="phone") == PHONE
    accounts.add_user(store, user="clerk", passphrase=CLERK_PASS, role=accounts.CLERK, kdf=FAST)
    store.close()
    clerk = profile.unlock("clerk", CLERK_PASS)
    with pytest.raises(accounts.NotAllowed):
        audit.reveal(clerk, entity_id=person, field="id_number")
    reveals = audit.entries(clerk, action="reveal")
    assert [(e.user, e.result, e.detail["field"]) for e in reveals] == [
        ("secretary", "ok", "id_number"), ("secretary", "ok", "phone"),
        ("clerk", "denied", "id_number")]
    assert reveals[0].detail["masked"] == ID[:4] + "*" * 10 + ID[-4:]
    assert reveals[0].target == person
    text = audit_text(clerk)
    assert ID not in text and PHONE not in text and NAME not in text
    clerk.close()


def test_the_audit_refuses_full_numbers(store: Store) -> None:
    for bad in ({"note": ID}, {"n": f"tel {PHONE}"}, {"list": [ID.lower()]}):
        with pytest.raises(ValueError):
            audit.record(store, action="export", detail=bad)
    with pytest.raises(ValueError):
        audit.record(store, action="reveal", target=PHONE)
    with pytest.raises(ValueError):
        audit.record(store, action="no-such-action")
    assert audit.entries(store, action="export") == []


def test_audit_entries_never_change(store: Store) -> None:
    entry = audit.record(store, action="print", target="service_card", detail={"pages": 2})
    with pytest.raises(Exception, match="只能新增"):
        store.update(entry, {"result": "forged"})


def test_a_second_user_has_their_own_slot_and_role(profile: Profile, store: Store) -> None:
    person = add_person(store)
    accounts.add_user(store, user="clerk", passphrase=CLERK_PASS, kdf=FAST)
    assert accounts.users(store) == [("secretary", accounts.REVIEWER),
                                     ("clerk", accounts.CLERK)]
    with pytest.raises(accounts.NotAllowed):  # a reviewer cannot make a county admin
        accounts.add_user(store, user="boss", passphrase=CLERK_PASS, role=accounts.COUNTY_ADMIN)
    store.close()
    clerk = profile.unlock("clerk", CLERK_PASS)
    assert clerk.get(person).props["name"] == NAME and accounts.role_of(clerk) == accounts.CLERK
    with pytest.raises(accounts.NotAllowed):
        accounts.add_user(clerk, user="other", passphrase=CLERK_PASS)
    with pytest.raises(accounts.NotAllowed):
        accounts.remove_user(clerk, user="secretary")
    assert [e.result for e in audit.entries(clerk, action="role_change")] == ["denied"] * 3
    clerk.close()
    boss = profile.unlock("secretary", PASSPHRASE)
    accounts.remove_user(boss, user="clerk")
    assert profile.users() == ["secretary"]
    with pytest.raises(Exception, match="唯一"):
        accounts.remove_user(boss, user="secretary")
    actions = [(e.action, e.target) for e in audit.entries(boss)
               if e.action.startswith("user_")]
    assert actions == [("user_add", "clerk"), ("user_remove", "clerk")]
    boss.close()
    with pytest.raises(UnknownUser):
        profile.unlock("clerk", CLERK_PASS)


def test_the_role_that_counts_is_inside_the_encrypted_database(profile: Profile,
                                                               store: Store) -> None:
    accounts.add_user(store, user="clerk", passphrase=CLERK_PASS, kdf=FAST)
    store.close()
    doc = json.loads(profile.slots_path.read_text(encoding="utf-8"))
    for slot in doc["slots"]:
        if slot.get("user") == "clerk":
            slot["role"] = accounts.COUNTY_ADMIN  # an edited slot file
    profile.slots_path.write_text(json.dumps(doc), encoding="utf-8")
    clerk = profile.unlock("clerk", CLERK_PASS)
    assert profile.keyring().role_hint("clerk") == accounts.COUNTY_ADMIN
    assert accounts.role_of(clerk) == accounts.CLERK
    assert not accounts.may(accounts.role_of(clerk), "reveal")
    clerk.close()


def test_changing_a_passphrase_rewraps_and_does_not_reencrypt(profile: Profile,
                                                              store: Store) -> None:
    person = add_person(store)
    store.close()
    head = profile.db_path.read_bytes()[:4096]
    store = profile.unlock("secretary", PASSPHRASE)
    accounts.change_passphrase(store, old=PASSPHRASE, new="Neu-Pass-2027", kdf=FAST)
    store.close()
    assert profile.db_path.read_bytes()[:4096] == head  # same salt, same first page
    with pytest.raises(WrongPassphrase):
        profile.unlock("secretary", PASSPHRASE)
    store = profile.unlock("secretary", "Neu-Pass-2027")
    assert store.get(person).props["id_number"] == ID
    assert [e.target for e in audit.entries(store, action="passphrase_change")] == ["secretary"]
    store.close()


def test_a_profile_from_before_roles_gives_its_first_user_reviewer(profile: Profile,
                                                                   store: Store) -> None:
    store.set_meta(accounts.META_KEY, None)
    store.close()
    store = profile.unlock("secretary", PASSPHRASE)
    assert accounts.role_of(store) == accounts.REVIEWER
    store.close()


def test_audit_filters_and_exports(store: Store, tmp_path: Path) -> None:
    audit.record(store, action="print", target="service_card", detail={"pages": 3})
    audit.record(store, action="export", target="village-monthly",
                 detail={"rows": 12, "masked": True})
    assert [e.action for e in audit.read(store, action="export")] == ["export"]
    assert audit.read(store, user="nobody") == []
    assert len(audit.read(store, device=store.device)) == 2
    day = TODAY.isoformat()
    assert audit.read(store, until_ms=audit.day_start_ms("2000-01-01")) == []
    assert len(audit.read(store, since_ms=audit.day_start_ms("2000-01-01"))) == 2
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        audit.day_start_ms(day + "x")
    rows = audit.read(store)
    assert audit.export(store, rows, tmp_path / "a.csv") == 2
    lines = list(csv.reader((tmp_path / "a.csv").open(encoding="utf-8-sig")))
    assert lines[0] == list(audit.HEADERS) and lines[2][3] == "导出"
    assert (lines[1][6], lines[2][6]) == ("页数：3", "遮蔽：是；行数：12")  # words, not codes
    assert audit.export(store, rows, tmp_path / "a.xlsx") == 2
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert sheet.max_row == 3 and sheet.cell(2, 4).value == "打印"
    with pytest.raises(Exception, match=r"\.csv"):
        audit.export(store, rows, tmp_path / "a.txt")
    assert [e.detail["rows"] for e in audit.entries(store, action="audit_export")] == [2, 2]


def test_an_entrys_detail_reads_in_words() -> None:
    """The viewer showed role=county_admin and masked=True; rows=38: codes, not words."""
    assert audit.detail_text({"role": "county_admin", "masked": True, "rows": 38}) == (
        "遮蔽：是；角色：县级管理员；行数：38")
    assert audit.detail_text({"field": "id_number", "masked": "3611**********6113"}) == (
        "字段：身份证号；遮蔽：3611**********6113")
    assert audit.detail_text({"fields": ["name", "birth_date"], "new_key": 1}) == (
        "查重字段：name、birth_date；new_key：1")
    english = {"角色": "role", "县级管理员": "county administrator", "；": "; ", "：": ": "}
    assert audit.detail_text({"role": "county_admin"}, lambda w: english.get(w, w)) == (
        "role: county administrator")


def test_a_clerk_cannot_read_the_audit(profile: Profile, store: Store) -> None:
    accounts.add_user(store, user="clerk", passphrase=CLERK_PASS, kdf=FAST)
    store.close()
    clerk = profile.unlock("clerk", CLERK_PASS)
    with pytest.raises(accounts.NotAllowed):
        audit.read(clerk)
    clerk.close()


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=120)


def test_ledger_export_is_audited_and_unmasked_needs_a_role(profile: Profile, store: Store,
                                                            tmp_path: Path) -> None:
    add_person(store)
    accounts.add_user(store, user="clerk", passphrase=CLERK_PASS, kdf=FAST)
    store.close()
    common = ["--profile", str(profile.folder), "--out", str(tmp_path / "x.csv")]
    denied = run("registry.ledgers.cli", "export", "subsidy-list", *common, "--user", "clerk",
                 "--unmasked", env={"BANGFU_PASSPHRASE": CLERK_PASS})
    assert denied.returncode == 1 and "无权" in denied.stderr
    assert not (tmp_path / "x.csv").exists()
    done = run("registry.ledgers.cli", "export", "subsidy-list", *common, "--user", "secretary",
               "--unmasked", env={"BANGFU_PASSPHRASE": PASSPHRASE})
    assert done.returncode == 0, done.stderr
    store = profile.unlock("secretary", PASSPHRASE)
    exports = audit.entries(store, action="export")
    assert [(e.user, e.result, e.detail["masked"]) for e in exports] == [
        ("clerk", "denied", False), ("secretary", "ok", False)]
    assert exports[1].target == "subsidy-list" and isinstance(exports[1].detail["rows"], int)
    store.close()


def test_the_accounts_cli_adds_a_user_and_reads_the_audit(profile: Profile, store: Store,
                                                          tmp_path: Path) -> None:
    store.close()
    me = {"BANGFU_PASSPHRASE": PASSPHRASE}
    added = run("registry.accounts_cli", "add-user", "--profile", str(profile.folder),
                "--user", "secretary", "--name", "clerk", "--role", "clerk",
                env={**me, "BANGFU_NEW_PASSPHRASE": CLERK_PASS})
    assert added.returncode == 0, added.stderr
    listed = run("registry.accounts_cli", "users", "--profile", str(profile.folder),
                 "--user", "clerk", env={"BANGFU_PASSPHRASE": CLERK_PASS})
    assert listed.stdout.splitlines() == ["secretary\t审核员/第一书记（reviewer）",
                                          "clerk\t录入员（clerk）"]
    weak = run("registry.accounts_cli", "add-user", "--profile", str(profile.folder),
               "--user", "secretary", "--name", "x2", env={**me, "BANGFU_NEW_PASSPHRASE": "abc"})
    assert weak.returncode == 1 and "密码至少" in weak.stderr
    out = tmp_path / "audit.csv"
    read = run("registry.accounts_cli", "audit", "--profile", str(profile.folder),
               "--user", "secretary", "--action", "user_add", "--out", str(out), env=me)
    assert read.returncode == 0, read.stderr
    lines = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert len(lines) == 2 and lines[1][4] == "clerk"
    refused = run("registry.accounts_cli", "audit", "--profile", str(profile.folder),
                  "--user", "clerk", env={"BANGFU_PASSPHRASE": CLERK_PASS})
    assert refused.returncode == 1 and "无权" in refused.stderr
    bad = run("registry.accounts_cli", "users", "--profile", str(profile.folder),
              "--user", "secretary", env={"BANGFU_PASSPHRASE": "Wrong-pass-1"})
    assert bad.returncode == 2 and "密码错误" in bad.stderr


def test_county_resolutions_are_audited_without_their_values(store: Store) -> None:
    from registry.county import merge_entities, resolve_conflict, settle_delete

    keep, drop = add_person(store), store.create("person", {"name": "重复记录"})
    merge_entities(store, keep=keep, drop=drop)
    resolve_conflict(store, keep, "phone", "13711112222")
    settle_delete(store, keep, keep=True)
    done = [(e.action, e.target, e.detail) for e in audit.entries(store)
            if e.action in ("merge", "conflict_resolution")]
    assert done == [("merge", keep, {"dropped": drop}),
                    ("conflict_resolution", keep, {"prop": "phone"}),
                    ("conflict_resolution", keep, {"prop": "_deleted", "keep": True})]
    assert "13711112222" not in audit_text(store) and "重复记录" not in audit_text(store)
