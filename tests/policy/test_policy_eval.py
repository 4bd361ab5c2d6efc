"""Eligibility: precedence, validity, the "no pack in force" answer, county packs, minimum
wages with a county's correction, and every rule citing its seed word for word."""

from __future__ import annotations

import importlib.util
import io
import re
from datetime import date, datetime

import openpyxl
import pytest
import yaml
from policy_helpers import ROOT, SEEDS, WUYUAN_2026_TRANSPORT, county_pack

from registry.policy import (
    BUILTIN_DIR,
    PackError,
    evaluate,
    load_pack,
    load_packs,
    minimum_wage_of,
    minimum_wage_row,
    rules_in_force,
)

PACKS = load_packs()
PERSON = {"groups": ["脱贫人口"], "work": {"region": "省外", "start": date(2022, 2, 1)},
          "claims": []}


def test_packs_load_with_their_digest():
    assert [p.id for p in PACKS] == ["deqin_2021", "guizhou_2022", "jiangxi_2020",
                                     "national_2021", "wuyuan_2021"]
    for pack in PACKS:
        assert len(pack.digest) == 64 and all(r.source.quote for r in pack.rules)


def test_narrower_region_governs():
    e = evaluate(PERSON, as_of=date(2022, 6, 1), region="361130104201", packs=PACKS)
    assert e.answer("one_time_transport_subsidy").rule.id == "wy_transport"
    assert e.answer("n004_transport").superseded_by == "wy_transport"
    assert not e.notice_zh


def test_a_rule_in_force_governs_an_expired_narrower_one():
    e = evaluate(PERSON, as_of=date(2021, 8, 1), region="361130", packs=PACKS)
    governing = e.answer("one_time_transport_subsidy")
    assert governing.rule.id == "n004_transport" and governing.eligible is True
    assert e.answer("wy_transport").failed == ("validity",)


def test_later_issue_governs_at_the_same_region():
    county = load_pack(county_pack(pack_id="wuyuan_2026", region="361130",
                                   issued=datetime(2026, 1, 5), rules=[
                                       {**WUYUAN_2026_TRANSPORT, "valid_from": datetime(2025, 1, 1)}]))
    e = evaluate(PERSON, as_of=date(2025, 6, 1), region="361130", packs=[*PACKS, county])
    assert e.answer("one_time_transport_subsidy").rule.id == "wy2026_transport"
    assert e.answer("wy_transport").superseded_by == "wy2026_transport"
    e = evaluate(PERSON, as_of=date(2025, 6, 1), region="361130", packs=[county, *PACKS])
    assert e.answer("one_time_transport_subsidy").rule.id == "wy2026_transport"


def test_region_outside_a_rule_list_fails_region():
    e = evaluate({"groups": ["脱贫人口"], "first_time": True, "organised_export": True,
                  "work": {"region": "省外", "start": date(2022, 3, 1)}},
                 as_of=date(2022, 4, 1), region="520102", packs=PACKS)
    assert e.answer("gz_jobseeking").failed == ("region",)
    assert e.answer("one_time_jobseeking_subsidy").rule.id == "gz_jobseeking"


def test_no_pack_in_force_is_said_first_and_answers_stay():
    e = evaluate(PERSON, as_of=date(2026, 11, 30), region="361130", packs=PACKS)
    assert e.notice_zh == "婺源县 2026-11-30：没有有效的政策包"
    assert e.notice_en == "婺源县 2026-11-30: no policy pack in force"
    assert e.answers and all(a.eligible is False and "validity" in a.failed for a in e.answers)
    validity = e.answer("wy_transport").conditions[0]
    assert validity.reason_zh == "2026-11-30 不在有效期（2021-10-16 至 2025-12-31）内"


def test_historic_date_has_no_notice():
    e = evaluate(PERSON, as_of=date(2025, 12, 31), region="361130", packs=PACKS)
    assert not e.notice_zh and e.answer("wy_transport").eligible is True


def test_county_pack_adds_a_2026_rule_and_changes_the_answer():
    county = load_pack(county_pack(pack_id="wuyuan_2026", region="361130",
                                   issued=datetime(2026, 1, 5), rules=[WUYUAN_2026_TRANSPORT]))
    person = {**PERSON, "work": {"region": "省外", "start": date(2026, 3, 1)}}
    before = evaluate(person, as_of=date(2026, 11, 30), region="361130104201", packs=PACKS)
    after = evaluate(person, as_of=date(2026, 11, 30), region="361130104201",
                     packs=[*PACKS, county])
    assert before.answer("one_time_transport_subsidy").eligible is False
    answer = after.answer("one_time_transport_subsidy")
    assert (answer.rule.id, answer.eligible, answer.amount) == ("wy2026_transport", True, 600)
    assert not after.notice_zh
    claimed = {**person, "claims": [{"rule": "one_time_transport_subsidy", "date": "2026-04-01"}]}
    again = evaluate(claimed, as_of=date(2026, 11, 30), region="361130", packs=[*PACKS, county])
    assert again.answer("one_time_transport_subsidy").failed == ("once_a_year",)
    elsewhere = evaluate(person, as_of=date(2026, 11, 30), region="533422", packs=[*PACKS, county])
    assert elsewhere.notice_zh == "德钦县 2026-11-30：没有有效的政策包"


def test_a_county_pack_may_reuse_a_built_in_rule_id():
    """Precedence is by position: a county copy of wy_transport governs, the built-in one
    is superseded (before, both were marked superseded and nothing applied)."""
    reused = {**WUYUAN_2026_TRANSPORT, "id": "wy_transport"}
    county = load_pack(county_pack(pack_id="wuyuan_2026", region="361130",
                                   issued=datetime(2026, 1, 5), rules=[reused]))
    person = {**PERSON, "work": {"region": "省外", "start": date(2026, 3, 1)}}
    e = evaluate(person, as_of=date(2026, 11, 30), region="361130104201",
                 packs=[*PACKS, county])
    answer = e.answer("one_time_transport_subsidy")
    assert (answer.rule.id, answer.eligible, answer.amount) == ("wy_transport", True, 600)
    assert answer.superseded_by is None
    assert e.answer("wy_transport") is answer  # by its id too: not the expired built-in one


def test_unknown_fact_neither_fires_nor_passes():
    e = evaluate({"groups": ["脱贫人口"]}, as_of=date(2021, 7, 1), region="533422", packs=PACKS)
    answer = e.answer("dq_transport")
    assert answer.eligible is None
    assert set(answer.unknown) == {"once_a_year", "exclusion", "work_region", "stable_months"}
    assert answer.failed == ()


def test_minimum_wage_lookup_and_county_correction():
    wage_of = minimum_wage_of(PACKS)
    assert wage_of("361130104201", date(2022, 1, 1)) == 1610
    assert wage_of("361130", date(2021, 3, 1)) is None  # before 2021-04-01
    assert wage_of("360121", date(2022, 1, 1)) is None  # province tiers alone do not say
    assert wage_of("533422", date(2025, 1, 1)) == 1920
    correction = load_pack(county_pack(
        pack_id="wuyuan_wage", region="361130", issued=datetime(2026, 2, 1), rules=[],
        wages=[["361130", "婺源县", "三类", 1850, datetime(2021, 4, 1), None,
                "县人社局核实：婺源县适用二档（合成测试数据）", "县人社局 张工", datetime(2026, 2, 1)]]))
    both = [*PACKS, correction]
    assert minimum_wage_of(both)("361130", date(2022, 1, 1)) == 1850
    row = minimum_wage_row(both, "361130", as_of=date(2022, 1, 1))
    assert (row.confirmed_by, row.confirmed_on) == ("县人社局 张工", date(2026, 2, 1))
    post = {"agreement": {"start": date(2022, 1, 1), "end": date(2022, 12, 31)}}
    e = evaluate(post, as_of=date(2022, 6, 1), region="361130", packs=both, kind="post")
    assert e.answer("jx_post_subsidy").cap == 1850


def test_labels_rename_a_group_per_pack():
    wuyuan = next(p for p in PACKS if p.id == "wuyuan_2021")
    assert wuyuan.labels["监测对象"][0] == "监测帮扶对象"
    e = evaluate({"groups": ["监测对象"], "work": {"region": "省外"}}, as_of=date(2022, 6, 1),
                 region="361130", packs=PACKS)
    assert e.answer("wy_transport").conditions[2].reason_zh == "属于监测帮扶对象"
    renamed = load_pack(county_pack(
        pack_id="renamed", region="361130", issued=datetime(2026, 1, 5),
        rules=[{**WUYUAN_2026_TRANSPORT, "groups": "脱贫人口、防止返贫致贫对象"}],
        labels=[["监测对象", "防止返贫致贫对象", "People at risk of (re)falling into poverty"]]))
    assert renamed.rules[0].groups == ("脱贫人口", "监测对象")
    e = evaluate({"groups": ["监测对象"], "work": {"region": "省外"}}, as_of=date(2026, 6, 1),
                 region="361130", packs=[renamed])
    assert e.answer("wy2026_transport").conditions[2].reason_zh == "属于防止返贫致贫对象"


def test_unknown_group_word_is_refused_without_a_label():
    with pytest.raises(PackError) as info:
        load_pack(county_pack(pack_id="renamed", region="361130", issued=datetime(2026, 1, 5),
                              rules=[{**WUYUAN_2026_TRANSPORT, "groups": "防止返贫致贫对象"}]))
    assert "规则 第2行 I列（帮扶对象）：未知的帮扶对象“防止返贫致贫对象”" in str(info.value.problems[0])


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.id)
def test_every_rule_quotes_its_seed_word_for_word(pack):
    for rule in pack.rules:
        seed = _normal((SEEDS / rule.source.seed).read_text(encoding="utf-8"))
        for part in rule.source.quote.split("……"):
            assert _normal(part) in seed, (rule.id, part)


def test_amounts_come_from_the_quoted_words():
    for pack in PACKS:
        for rule in pack.rules:
            for tier in rule.tiers:
                if tier.basis in ("fixed", "cap"):
                    shown = f"{tier.value:g}"
                    words = rule.source.quote
                    assert shown in words or f"{tier.value / 10000:g}万" in words, (rule.id, shown)


def _cells(data: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_packs_are_generated_from_their_sources():
    """Every shipped workbook holds exactly what its YAML source builds (cell for cell: the
    bytes also depend on whether openpyxl writes with lxml)."""
    spec = importlib.util.spec_from_file_location("build_policies",
                                                  ROOT / "tools" / "build_policies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for source in sorted((ROOT / "tools" / "policies").glob("*.yaml")):
        data = module.workbook_bytes(yaml.safe_load(source.read_text(encoding="utf-8")))
        pack = load_pack(data)
        assert _cells((BUILTIN_DIR / f"{pack.id}.xlsx").read_bytes()) == _cells(data), source.name


def test_no_shipped_pack_cites_a_developer_document():
    """A source, note or list the county sees on 政策 (最低工资/来源, 地区/来源, 说明) names
    the public document, never "见 docs/research.md", which no county user can open."""
    for path in sorted(BUILTIN_DIR.glob("*.xlsx")):
        for sheet, rows in _cells(path.read_bytes()).items():
            for row in rows:
                for value in row:
                    assert not re.search(r"docs/|research\.md", str(value or "")), (
                        path.name, sheet, value)


def test_tiers_by_destination_name_a_province_before_its_region():
    rule = {**WUYUAN_2026_TRANSPORT, "id": "gs_transport", "tier_by": "务工目的地",
            "groups": "脱贫人口", "frequency": "", "conditions": [["stable_months", 3, ""]],
            "quote": "省外600元，四川、陕西400元，省内县外300元（合成，形如甘人社通〔2024〕155号）",
            "amounts": [["四川", "定额", 400, "人", ""], ["陕西", "定额", 400, "人", ""],
                        ["省外", "定额", 600, "人", ""], ["省内县外", "定额", 300, "人", ""]]}
    pack = load_pack(county_pack(pack_id="tiers", region="62", issued=datetime(2026, 1, 5),
                                 rules=[rule]))

    def amount(province, region):
        work = {"region": region, "province": province, "start": date(2026, 1, 1)}
        e = evaluate({"groups": ["脱贫人口"], "work": work}, as_of=date(2026, 6, 1),
                     region="620102", packs=[pack])
        return e.answer("gs_transport").amount, e.answer("gs_transport").failed
    assert amount("四川", "省外") == (400, ())
    assert amount("广东", "省外") == (600, ())
    assert amount(None, "省外") == (600, ())
    assert amount("甘肃", "省内县外") == (300, ())
    assert amount("甘肃", "县内") == (None, ("work_region",))



def test_rules_in_force_are_the_governing_rules_of_that_day():
    found = rules_in_force(PACKS, region="361130", as_of=date(2021, 8, 1))
    ids = [r.id for r in found.rules]
    assert "n004_transport" in ids and "wy_transport" not in ids  # expired county rule
    assert len({r.kind for r in found.rules}) == len(ids) and not found.notice_zh
    assert all(r.in_force(date(2021, 8, 1)) and r.covers("361130") for r in found.rules)
    later = rules_in_force(PACKS, region="361130", as_of=date(2022, 6, 1))
    assert "wy_transport" in [r.id for r in later.rules]
    assert "n004_transport" not in [r.id for r in later.rules]  # superseded by the county's


def test_no_rule_in_force_gives_the_engines_notice():
    found = rules_in_force(PACKS, region="361130", as_of=date(2026, 11, 30))
    assert found.rules == ()
    assert found.notice_zh == "婺源县 2026-11-30：没有有效的政策包"
    assert found.notice_en == "婺源县 2026-11-30: no policy pack in force"
