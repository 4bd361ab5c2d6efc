"""Subsidy lists and policy administration on a real encrypted county profile, without Qt:
who is eligible (and why), bulk grants through the claims ledger with their refusals,
duplicate claims, the audited export, packs in force, checked packs, minimum wages."""

from __future__ import annotations

import json
from datetime import date, datetime

import openpyxl
import pytest
from county_subsidy_data import (
    AS_OF,
    COUNTY,
    REWARD,
    TRANSPORT,
    VILLAGES,
    county_store,
    pack_2026,
    people,
)

from registry import accounts, audit, county_policy, county_subsidy
from registry.claims import record_claim
from registry.errors import ValidationError
from registry.policy import PackError, minimum_wage_of, packs_for
from registry.policy.distribute import add_county_pack, county_packs


@pytest.fixture
def county(tmp_path):
    store = county_store(tmp_path / "county")
    yield store
    store.close()


@pytest.fixture
def ids(county):
    return people(county)


@pytest.fixture
def published(county, ids):
    add_county_pack(county, pack_2026(), region=COUNTY)
    return ids


def as_role(store, role):
    """The profile's user gets ``role`` (kept in the encrypted settings, as accounts does)."""
    store.set_meta(accounts.META_KEY, json.dumps({"roles": {store.user: role}}))
    assert accounts.role_of(store) == role


def by_name(found):
    return {c.name: c for c in found}


def test_no_pack_in_force_is_said_as_the_engine_says_it(county):
    found = county_subsidy.person_rules(packs_for(county), region=COUNTY, as_of=AS_OF)
    assert found.rules == ()
    assert found.notice_zh == "婺源县 2026-11-22：没有有效的政策包"


def test_rules_in_force_come_from_the_published_pack(county, published):
    found = county_subsidy.person_rules(packs_for(county), region=COUNTY, as_of=AS_OF)
    assert [r.rule_id for r in found.rules] == [TRANSPORT, REWARD] and not found.notice_zh
    assert county_subsidy.person_rules(packs_for(county), region=COUNTY,
                                       as_of=date(2027, 1, 1)).rules == ()


def test_the_list_holds_the_eligible_and_undecided_with_amount_and_reasons(county, published):
    progress = []
    result = county_subsidy.subsidy_list(county, rule_id=TRANSPORT, period="2026", as_of=AS_OF,
                                         progress=lambda done, total: progress.append((done, total)))
    rows = by_name(result.candidates)
    assert set(rows) == {"张三", "李四", "王五"}  # 赵六 (no group) and 孙七 (县内) are not
    assert rows["张三"].status == "eligible" and rows["张三"].amount == 600
    assert "已稳定就业8个月（要求3个月以上）" in rows["张三"].reasons_zh
    assert rows["李四"].village == VILLAGES[1]
    assert rows["王五"].status == "undecided"
    assert rows["王五"].reasons_zh[0] == "未知：未记录务工开始日期或月数"
    assert progress == [(1, 2), (2, 2)]


def test_an_amount_the_source_does_not_state_is_none(county, published):
    rows = by_name(county_subsidy.subsidy_list(county, rule_id=REWARD, period="2026",
                                               as_of=AS_OF).candidates)
    assert rows["张三"].amount is None and rows["张三"].amount_stated is False


def test_bad_period_or_rule_is_named(county, published):
    with pytest.raises(ValidationError) as info:
        county_subsidy.subsidy_list(county, rule_id=TRANSPORT, period="2026-13", as_of=AS_OF)
    assert info.value.field == "subsidy.period"
    with pytest.raises(ValidationError) as info:
        county_subsidy.subsidy_list(county, rule_id="no_such_rule", period="2026", as_of=AS_OF)
    assert info.value.field == "subsidy.rule" and "no_such_rule" in info.value.message_zh


def test_bulk_grant_records_the_eligible_and_lists_each_refusal(county, published):
    ids = published
    before = len(county.journal())
    steps = []
    result = county_subsidy.grant_all(
        county, rule_id=TRANSPORT, period="2026", as_of=AS_OF,
        person_ids=[ids["张三"], ids["王五"], ids["赵六"], ids["李四"]],
        progress=lambda done, total: steps.append(done))
    assert len(result.granted) == 2 and steps == [1, 2, 3, 4]
    refused = {r.name: r for r in result.refused}
    assert set(refused) == {"王五", "赵六"}
    assert refused["王五"].reasons_zh == ("未知：未记录务工开始日期或月数",)
    assert refused["赵六"].reasons_zh == ("不属于脱贫人口、监测对象",)
    claim = county.get(result.granted[0]).props
    assert claim["rule_id"] == TRANSPORT and claim["amount"] == 600 and claim["period"] == "2026"
    assert claim["granted_by"] == "county-officer" and claim["rule_kind"] == \
        "one_time_transport_subsidy"
    assert claim["frequency"] == "once_a_year"  # its duplicates are compared by year
    assert result.changes.created == result.granted and "claim" in result.changes.lists
    assert len(county.journal()) - before == len(result.changes.change_ids)
    rows = by_name(county_subsidy.subsidy_list(county, rule_id=TRANSPORT, period="2026",
                                               as_of=AS_OF).candidates)
    assert rows["张三"].status == "granted" and len(rows["张三"].claims) == 1


def test_a_second_grant_in_the_year_is_refused_and_writes_nothing(county, published):
    ids = published
    county_subsidy.grant_all(county, rule_id=TRANSPORT, period="2026", as_of=AS_OF,
                             person_ids=[ids["张三"]])
    count = county.count("claim")
    result = county_subsidy.grant_all(county, rule_id=TRANSPORT, period="2026", as_of=AS_OF,
                                      person_ids=[ids["张三"]])
    assert result.granted == () and county.count("claim") == count
    assert any("每人每年只能享受一次" in r for r in result.refused[0].reasons_zh)
    assert not result.changes


def test_an_unstated_amount_is_granted_without_inventing_one(county, published):
    result = county_subsidy.grant_all(county, rule_id=REWARD, period="2026-11", as_of=AS_OF,
                                      person_ids=[published["李四"]])
    props = county.get(result.granted[0]).props
    assert "amount" not in props and props["amount_not_stated"] is True


def test_a_claim_recorded_twice_is_listed_as_a_duplicate(county, published):
    pid = published["张三"]
    for _ in range(2):  # two laptops offline: neither saw the other's claim
        record_claim(county, rule_id=TRANSPORT, subject_id=pid, person_id=pid, amount=600,
                     period="2026", check=lambda _s, _c: [], granted_on=AS_OF)
    found = county_subsidy.duplicates(county)
    assert len(found) == 1
    dup = found[0]
    assert (dup.rule_id, dup.period, dup.name) == (TRANSPORT, "2026", "张三")
    assert (dup.rule_name_zh, dup.rule_name_en) == ("2026年跨省务工一次性交通补助",
                                                    "2026 inter-province transport subsidy")
    assert len(dup.claim_ids) == 2 and dup.granted[0] == "county-officer 2026-11-22"
    assert county_subsidy.duplicates(county, scope=VILLAGES[1]) == []


def test_export_is_masked_for_a_clerk_and_an_unmasked_one_is_refused_and_audited(
        county, published, tmp_path):
    county_subsidy.grant_all(county, rule_id=TRANSPORT, period="2026", as_of=AS_OF,
                             person_ids=[published["张三"]])
    as_role(county, accounts.CLERK)
    out = tmp_path / "list.xlsx"
    assert county_subsidy.export_list(county, out, period="2026", unmasked=False) == 1
    cells = [c for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True)
             for c in row if c]
    assert any("*" in str(c) and str(c).startswith("3611") for c in cells)
    with pytest.raises(accounts.NotAllowed):
        county_subsidy.export_list(county, tmp_path / "full.xlsx", period="2026",
                                   unmasked=True)
    assert not (tmp_path / "full.xlsx").exists()
    entries = audit.entries(county, action="export")
    assert [e.result for e in entries] == ["ok", "denied"]


def test_export_unmasked_for_a_county_admin(county, published, tmp_path):
    county_subsidy.grant_all(county, rule_id=TRANSPORT, period="2026", as_of=AS_OF,
                             person_ids=[published["张三"]])
    as_role(county, accounts.COUNTY_ADMIN)
    out = tmp_path / "full.xlsx"
    county_subsidy.export_list(county, out, period="2026", unmasked=True)
    person = county.get(published["张三"]).props
    cells = [str(c) for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True)
             for c in row if c]
    assert person["id_number"] in cells
    assert "2026-11-22" in cells  # the day it was granted (the claims ledger's granted_on)
    entry = audit.entries(county, action="export")[-1]
    assert entry.result == "ok" and entry.detail["masked"] is False


# -- policy administration ----------------------------------------------------------------

def test_packs_in_force_list_region_validity_source_and_rules(county, published):
    found = county_policy.packs_in_force(packs_for(county), county_packs(county), region=COUNTY,
                                         as_of=AS_OF)
    rows = {p.pack_id: p for p in found.packs}
    assert {"national_2021", "jiangxi_2020", "wuyuan_2021", "wuyuan_2026"} <= set(rows)
    assert "guizhou_2022" not in rows and not found.notice_zh
    mine = rows["wuyuan_2026"]
    assert (mine.rules, mine.rules_in_force, mine.region_names) == (2, 2, ("婺源县",))
    assert (mine.valid_from, mine.valid_to) == (date(2026, 1, 1), date(2026, 12, 31))
    assert mine.added_by == "county-officer" and mine.origin != county_policy.BUILTIN
    assert rows["wuyuan_2021"].origin == county_policy.BUILTIN
    assert rows["wuyuan_2021"].rules_in_force == 0
    later = county_policy.packs_in_force(packs_for(county), region=COUNTY, as_of=date(2027, 3, 1))
    assert later.notice_zh == "婺源县 2027-03-01：没有有效的政策包"


def test_a_bad_pack_is_refused_by_sheet_row_and_column_and_nothing_is_written(county, tmp_path):
    bad = pack_2026(rules=[{**pack_rule(), "kind": "no_such_kind"}])
    path = tmp_path / "bad.xlsx"
    path.write_bytes(bad)
    before = (len(county.journal()), county.count("policy_pack"))
    with pytest.raises(PackError) as info:
        county_policy.check_file(county, path)
    problem = info.value.problems[0]
    assert (problem.sheet, problem.row, problem.header) == ("规则", 2, "类型")
    with pytest.raises(PackError):
        county_policy.publish_file(county, path)
    assert (len(county.journal()), county.count("policy_pack")) == before


def test_a_pack_for_another_county_is_refused(county):
    with pytest.raises(PackError) as info:
        county_policy.check_file(county, pack_2026(region="361102"))
    assert "不在发布范围" in info.value.problems[0].message_zh


def test_check_then_publish_then_withdraw(county):
    checked = county_policy.check_file(county, pack_2026())
    assert checked.pack.id == "wuyuan_2026" and checked.notes == ()
    assert county.count("policy_pack") == 0
    county_policy.publish_file(county, pack_2026())
    assert [c.pack.id for c in county_packs(county)] == ["wuyuan_2026"]
    county_policy.withdraw(county, "wuyuan_2026")
    assert county_packs(county) == []


def test_a_rule_id_reused_from_a_built_in_pack_for_an_overlapping_window_is_refused(county):
    """wy_transport is the built-in wuyuan_2021's rule (婺源县, 2021-10-16 to 2025-12-31): a
    county rule of that id from 2025-07-01 would be in force beside it, and a claim, which
    records only the rule id, could not tell which. Before, 检查 passed it silently."""
    reused = pack_2026(rules=[{**pack_rule(), "id": "wy_transport",
                               "valid_from": datetime(2025, 7, 1)}])
    before = (len(county.journal()), county.count("policy_pack"))
    with pytest.raises(PackError) as info:
        county_policy.check_file(county, reused)
    [problem] = info.value.problems
    assert (problem.sheet, problem.row, problem.column, problem.header) == ("规则", 2, "A", "编号")
    assert "规则编号“wy_transport”已用于内置政策包“wuyuan_2021”" in problem.message_zh
    assert "有效期（2021-10-16 至 2025-12-31）与本规则（2025-07-01 至 2026-12-31）重叠" in \
        problem.message_zh
    assert "分不清是哪一条" in problem.message_zh and "2025-12-31 之后" in problem.message_zh
    with pytest.raises(PackError):
        county_policy.publish_file(county, reused)
    assert (len(county.journal()), county.count("policy_pack")) == before


def test_a_rule_id_taken_over_for_a_later_window_is_published_with_a_note(county, ids):
    """A county rule taking over wy_transport from 2026 (the built-in one ended 2025-12-31):
    the check says which rule answers when; published, the county's rule is the one the
    subsidy list and an answer by that id use."""
    taken = pack_2026(rules=[{**pack_rule(), "id": "wy_transport"}])
    checked = county_policy.check_file(county, taken)
    [note] = checked.notes
    assert (note.sheet, note.row, note.column) == ("规则", 2, "A")
    assert "内置政策包“wuyuan_2021”" in note.message_zh
    assert ("2026-01-01 至 2026-12-31 按本包的规则作答，2021-10-16 至 2025-12-31 按内置政策包的"
            "规则作答") in note.message_zh
    county_policy.publish_file(county, taken)
    rules = county_subsidy.person_rules(packs_for(county), region=COUNTY, as_of=AS_OF).rules
    assert [(r.rule_id, r.pack_id) for r in rules] == [("wy_transport", "wuyuan_2026")]
    found = by_name(county_subsidy.subsidy_list(county, rule_id="wy_transport", period="2026",
                                                as_of=AS_OF).candidates)
    assert found["张三"].status == county_subsidy.ELIGIBLE and found["张三"].amount == 600


def test_a_rule_id_of_the_countys_other_published_pack_is_refused(county):
    county_policy.publish_file(county, pack_2026())
    with pytest.raises(PackError) as info:
        county_policy.check_file(county, pack_2026(pack_id="wuyuan_2026b"))
    messages = [p.message_zh for p in info.value.problems]
    assert len(messages) == 2
    assert f"规则编号“{TRANSPORT}”已用于本县已发布的政策包“wuyuan_2026”" in messages[0]
    # the same pack id replaces the published pack: its own rules are no clash
    later = county_policy.check_file(county, pack_2026(issued=datetime(2026, 3, 1)))
    assert later.notes == ()


def test_a_built_in_pack_is_not_published_again(county):
    from registry.policy import BUILTIN_DIR

    with pytest.raises(PackError) as info:
        county_policy.check_file(county, BUILTIN_DIR / "wuyuan_2021.xlsx")
    [problem] = info.value.problems
    assert problem.sheet == "说明" and "与内置政策包“wuyuan_2021”内容完全相同" in problem.message_zh


def test_minimum_wage_confirmed_then_corrected_is_what_the_engine_uses(county):
    village = VILLAGES[0]
    rows = county_policy.wage_rows(packs_for(county), region=COUNTY, as_of=AS_OF)
    assert [r.wage.amount for r in rows if r.applies] == [1610]
    county_policy.confirm_wage(county, amount=1610, valid_from=date(2021, 4, 1), tier="三类",
                               source="赣人社发〔2021〕5号（合成）", today=AS_OF)
    applied = [r for r in county_policy.wage_rows(packs_for(county), region=COUNTY, as_of=AS_OF)
               if r.applies][0]
    assert (applied.wage.confirmed_by, applied.wage.confirmed_on) == ("county-officer", AS_OF)
    county_policy.confirm_wage(county, amount=1850, valid_from=date(2024, 7, 1), tier="三类",
                               source="赣人社发〔2024〕7号（合成）", today=AS_OF)
    assert minimum_wage_of(packs_for(county))(village, AS_OF) == 1850
    assert minimum_wage_of(packs_for(county))(village, date(2024, 1, 1)) == 1610
    wages = [c for c in county_packs(county) if c.pack.id == "wages_361130"]
    assert len(wages) == 1 and len(wages[0].pack.minimum_wages) == 2


def test_a_bad_wage_is_named_and_nothing_is_written(county):
    before = len(county.journal())
    for kwargs, field in (({"amount": 50}, "minimum_wage.amount"),
                          ({"source": "无"}, "minimum_wage.source"),
                          ({"valid_to": date(2020, 1, 1)}, "minimum_wage.valid_to")):
        args = {"amount": 1850, "valid_from": date(2024, 7, 1), "source": "赣人社发〔2024〕7号",
                **kwargs}
        with pytest.raises(ValidationError) as info:
            county_policy.confirm_wage(county, **args)
        assert info.value.field == field
    assert len(county.journal()) == before


def pack_rule():
    from county_subsidy_data import RULES

    return dict(RULES[0])


def test_the_subsidy_and_policy_pages_read_the_same_rules_in_force(county, published):
    for day in (AS_OF, date(2027, 3, 1)):
        rules = county_subsidy.person_rules(packs_for(county), region=COUNTY, as_of=day)
        packs = county_policy.packs_in_force(packs_for(county), region=COUNTY, as_of=day)
        assert (rules.notice_zh, rules.notice_en) == (packs.notice_zh, packs.notice_en)
