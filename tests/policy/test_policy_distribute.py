"""Publishing county packs on a real encrypted county profile: checked as `bangfu-policy
check` does, refused whole with every problem named, chunked under the sync value limit,
replaced by a later issue, withdrawn, and skipped on load when the bytes were tampered with.
(Sync to village devices: tests/sync/test_sync_policy_packs.py.)"""

from __future__ import annotations

import base64
import io
import logging
import os
import random
import subprocess
import sys
from datetime import date, datetime

import openpyxl
import pytest
from bangfu_testdata import PASSPHRASE
from policy_helpers import ROOT, WUYUAN_2026_TRANSPORT, county_pack

from registry.errors import ValidationError
from registry.keyslots import KdfParams
from registry.policy import PackError, evaluate, load_packs, packs_for
from registry.policy.distribute import (
    CHUNK_CHARS,
    POLICY_PACK_LIST,
    add_county_pack,
    check_county_pack,
    county_packs,
    withdraw_county_pack,
)
from registry.profile import Profile
from registry.store import Update
from sync.protocol import MAX_VALUE_BYTES, canonical_json

COUNTY = "361130"
VILLAGE = "361130104201"
PERSON = {"groups": ["脱贫人口"], "work": {"region": "省外", "start": date(2026, 3, 1)},
          "claims": []}
AS_OF = date(2026, 11, 30)


def pack_2026(*, issued: datetime = datetime(2026, 1, 5), amount: int = 600,
              pack_region: str = COUNTY, note: str = "", **rule) -> bytes:
    rules = [{**WUYUAN_2026_TRANSPORT, "amounts": [["", "定额", amount, "人", ""]], **rule}]
    data = county_pack(pack_id="wuyuan_2026", region=pack_region, issued=issued, rules=rules)
    if not note:
        return data
    book = openpyxl.load_workbook(io.BytesIO(data))
    for start in range(0, len(note), 30_000):  # a cell holds at most 32767 characters
        book["说明"].append(["附注", note[start:start + 30_000]])
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


@pytest.fixture
def county(tmp_path):
    store = Profile(tmp_path / "county").create(user="county-officer", passphrase=PASSPHRASE,
                                                scope=COUNTY, kdf=KdfParams.fast())
    yield store
    store.close()


@pytest.fixture
def village(tmp_path):
    store = Profile(tmp_path / "village").create(user="secretary", passphrase=PASSPHRASE,
                                                 scope=VILLAGE, kdf=KdfParams.fast())
    yield store
    store.close()


def transport(packs, region=VILLAGE):
    return evaluate(PERSON, as_of=AS_OF, region=region, packs=packs).answer(
        "one_time_transport_subsidy")


def test_a_published_pack_changes_the_county_answers(county):
    before = evaluate(PERSON, as_of=AS_OF, region=VILLAGE, packs=packs_for(county))
    assert before.notice_zh == "婺源县 2026-11-30：没有有效的政策包"
    entity_id = add_county_pack(county, pack_2026(), region=COUNTY)
    entity = county.get(entity_id)
    assert entity.entity_list == POLICY_PACK_LIST and entity.scope == COUNTY
    assert {k: entity.props[k] for k in ("pack_id", "region", "issued", "valid_from",
                                         "valid_to", "added_by", "chunks")} == {
        "pack_id": "wuyuan_2026", "region": COUNTY, "issued": "2026-01-05",
        "valid_from": "2026-01-01", "valid_to": "2026-12-31", "added_by": "county-officer",
        "chunks": 1}
    assert [c.pack.id for c in county_packs(county)] == ["wuyuan_2026"]
    answer = transport(packs_for(county))
    assert (answer.rule.id, answer.eligible, answer.amount) == ("wy2026_transport", True, 600)


def test_a_bad_pack_is_refused_with_every_problem_named_and_nothing_written(county):
    bad = pack_2026(valid_from="2026-13-01", kind="no_such_kind")
    with pytest.raises(PackError) as caught:
        add_county_pack(county, bad, region=COUNTY)
    where = {(p.sheet, p.row, p.column) for p in caught.value.problems}
    assert {("规则", 2, "B"), ("规则", 2, "G")} <= where
    assert county.journal() == [] and county.count(POLICY_PACK_LIST) == 0


def test_a_pack_for_regions_outside_the_county_is_refused(county):
    elsewhere = pack_2026(pack_region="全国", region="533422")
    with pytest.raises(PackError) as caught:
        add_county_pack(county, elsewhere, region=COUNTY)
    texts = [str(p) for p in caught.value.problems]
    assert any(t.startswith("说明 第6行 B列（内容）：地区“全国”不在发布范围") for t in texts)
    assert any(t.startswith("规则 第2行 F列（地区）：地区“533422”不在发布范围") for t in texts)
    with pytest.raises(ValidationError, match="不在本县"):
        add_county_pack(county, pack_2026(), region="533422")
    assert county.journal() == []


def test_only_a_county_profile_publishes(village):
    with pytest.raises(ValidationError) as caught:
        add_county_pack(village, pack_2026(), region=VILLAGE)
    assert "只有县级档案" in caught.value.message_zh
    assert village.journal() == []


def test_replacing_needs_a_later_issue_and_withdrawing_deletes(county):
    first = add_county_pack(county, pack_2026(), region=COUNTY)
    for data in (pack_2026(), pack_2026(amount=700)):  # same bytes; same issue date
        with pytest.raises(ValidationError):
            add_county_pack(county, data, region=COUNTY)
    written = len(county.journal())
    with pytest.raises(ValidationError, match="须先撤回"):  # a scope cannot change
        add_county_pack(county, pack_2026(issued=datetime(2026, 3, 1), pack_region="361130104"),
                        region="361130104")
    assert len(county.journal()) == written
    again = add_county_pack(county, pack_2026(issued=datetime(2026, 3, 1), amount=700),
                            region=COUNTY)
    assert again == first and transport(packs_for(county)).amount == 700
    assert withdraw_county_pack(county, "wuyuan_2026") == first
    assert county_packs(county) == [] and county.get(first).deleted
    with pytest.raises(ValidationError, match="没有已发布"):
        withdraw_county_pack(county, "wuyuan_2026")


def test_a_big_pack_is_cut_into_chunks_under_the_sync_value_limit(county):
    noise = "".join(random.Random(7).choices("abcdefghijklmnopqrstuvwxyz0123456789", k=200_000))
    data = pack_2026(note=noise)
    entity = county.get(add_county_pack(county, data, region=COUNTY))
    chunks = entity.props["chunks"]
    assert chunks >= 3 and len(entity.props["data_0"]) == CHUNK_CHARS
    assert all(len(canonical_json(entity.props[f"data_{i}"]).encode()) < MAX_VALUE_BYTES
               for i in range(chunks))
    assert [c.pack.digest for c in county_packs(county)] == [entity.props["sha256"]]
    smaller = add_county_pack(county, pack_2026(issued=datetime(2026, 2, 1)), region=COUNTY)
    props = county.get(smaller).props
    assert props["chunks"] == 1 and props.get("data_1") is None and props.get("data_2") is None
    assert transport(packs_for(county)).amount == 600


def test_a_tampered_pack_is_skipped_on_load_naming_the_pack_not_its_content(county, caplog):
    entity_id = add_county_pack(county, pack_2026(), region=COUNTY)
    other = base64.b64encode(pack_2026(amount=9999)).decode()
    county.write([Update(entity_id, {"data_0": other})])  # bytes changed, sha256 not
    with caplog.at_level(logging.WARNING, logger="registry.policy.distribute"):
        assert county_packs(county) == []
        packs = packs_for(county)
    assert [p.id for p in packs] == [p.id for p in load_packs()]
    assert "wuyuan_2026" in caplog.text and "SHA-256" in caplog.text
    assert "9999" not in caplog.text and other[:40] not in caplog.text
    assert transport(packs).eligible is False


def run_cli(*args, env_pass=PASSPHRASE):
    env = {**os.environ, "BANGFU_PASSPHRASE": env_pass}
    return subprocess.run([sys.executable, "-m", "registry.policy", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=env)


def test_publish_and_withdraw_commands(tmp_path):
    folder = tmp_path / "county-cli"
    Profile(folder).create(user="officer", passphrase=PASSPHRASE, scope=COUNTY,
                           kdf=KdfParams.fast()).close()
    good, bad = tmp_path / "wuyuan_2026.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(pack_2026())
    bad.write_bytes(pack_2026(valid_from="2026-13-01"))
    out = run_cli("publish", bad, "--profile", folder, "--user", "officer")
    assert out.returncode == 1 and "规则 第2行 G列（生效日期）" in out.stdout
    assert "1 个问题，未发布" in out.stdout
    out = run_cli("publish", good, "--profile", folder, "--user", "officer", env_pass="wrong")
    assert out.returncode == 2 and "无法打开档案" in out.stderr
    out = run_cli("publish", good, "--profile", folder, "--user", "officer")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "已发布 wuyuan_2026：1 条规则" in out.stdout
    out = run_cli("publish", good, "--profile", folder, "--user", "officer", "--region", "533422")
    assert out.returncode == 1 and "不在本县" in out.stdout
    store = Profile(folder).unlock("officer", PASSPHRASE)
    try:
        assert [c.pack.id for c in county_packs(store)] == ["wuyuan_2026"]
    finally:
        store.close()
    out = run_cli("withdraw", "wuyuan_2026", "--profile", folder, "--user", "officer")
    assert out.returncode == 0 and "已撤回 wuyuan_2026" in out.stdout
    store = Profile(folder).unlock("officer", PASSPHRASE)
    try:
        assert county_packs(store) == []
    finally:
        store.close()


def test_publish_refuses_an_ambiguous_rule_id_and_notes_a_taken_over_one(tmp_path):
    """publish names the built-in rule whose id a county rule reuses: refused when both
    would be in force (2025-07-01 on), published with a note when the county's starts
    after the built-in one ended."""
    folder = tmp_path / "county-cli"
    Profile(folder).create(user="officer", passphrase=PASSPHRASE, scope=COUNTY,
                           kdf=KdfParams.fast()).close()
    clash, later = tmp_path / "clash.xlsx", tmp_path / "later.xlsx"
    clash.write_bytes(pack_2026(id="wy_transport", valid_from=datetime(2025, 7, 1)))
    later.write_bytes(pack_2026(id="wy_transport"))
    out = run_cli("publish", clash, "--profile", folder, "--user", "officer")
    assert out.returncode == 1 and "1 个问题，未发布" in out.stdout
    assert "规则编号“wy_transport”已用于内置政策包“wuyuan_2021”" in out.stdout
    out = run_cli("publish", later, "--profile", folder, "--user", "officer")
    assert out.returncode == 0, out.stdout + out.stderr
    first, second = out.stdout.strip().splitlines()
    assert first.startswith("提示：规则 第2行 A列（编号）：规则编号“wy_transport”")
    assert second.startswith("已发布 wuyuan_2026：1 条规则")


def test_a_rule_id_reused_for_another_kind_is_refused_whatever_the_windows(county):
    """A county rule of another kind under a built-in rule's id passed with a note when
    the windows were apart; both rules stay in force (each governs its kind), and an
    answer asked for by the id could be the expired built-in one."""
    data = pack_2026(id="wy_transport", kind="training_living_allowance")
    with pytest.raises(PackError) as caught:
        check_county_pack(county, data, region=COUNTY)
    assert "另一类规则" in str(caught.value) and "wy_transport" in str(caught.value)
