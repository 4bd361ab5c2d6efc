"""The review fixes of the subsidy list and policy pages (issue 15), without Qt, on real
encrypted county profiles: a county saved with its 12-digit code, the export of one year
and one rule through the one audited export path, a minimum wage of another county refused,
an officer's amount under a stated cap."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from bangfu_testdata import PASSPHRASE
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

from registry import accounts, audit, county_subsidy
from registry.claims import record_claim
from registry.errors import ValidationError
from registry.policy.distribute import add_county_pack
from registry.profile import Profile

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def county12(tmp_path):
    """A county profile saved with the 12-digit code an officer may type."""
    store = county_store(tmp_path / "county12", scope=COUNTY + "000000")
    yield store
    store.close()


@pytest.fixture
def county(tmp_path):
    store = county_store(tmp_path / "county")
    yield store
    store.close()


def _claim(store, pid, *, rule_id=TRANSPORT, period="2026", amount=600):
    return record_claim(store, rule_id=rule_id, subject_id=pid, person_id=pid, amount=amount,
                        period=period, check=lambda _s, _c: [], granted_on=AS_OF)


def test_a_county_saved_with_its_12_digit_code_lists_its_villages(county12):
    ids = people(county12)
    add_county_pack(county12, pack_2026(), region=COUNTY)
    assert county_subsidy.villages(county12) == list(VILLAGES)
    found = county_subsidy.subsidy_list(county12, rule_id=TRANSPORT, period="2026", as_of=AS_OF)
    assert {c.name for c in found.candidates} == {"张三", "李四", "王五"}
    for _ in range(2):
        _claim(county12, ids["张三"])
    assert [d.name for d in county_subsidy.duplicates(county12)] == ["张三"]


def _rows(path):
    sheet = openpyxl.load_workbook(path).active
    return [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]]


def test_exporting_a_year_lists_that_year_and_that_rule_only(county, tmp_path):
    ids = people(county)
    pid = ids["张三"]
    for period in ("2024", "2025", "2026"):
        _claim(county, pid, period=period)
    _claim(county, pid, period="2026-03", rule_id=REWARD, amount=300)
    _claim(county, ids["李四"], period="2026-11")
    out = tmp_path / "year.xlsx"
    assert county_subsidy.export_list(county, out, period="2026", unmasked=False) == 3
    assert sorted((r[1], r[2]) for r in _rows(out)) == [
        (TRANSPORT, "2026"), (TRANSPORT, "2026-11"), (REWARD, "2026-03")]
    ruled = tmp_path / "rule.xlsx"
    assert county_subsidy.export_list(county, ruled, period="2026", unmasked=False,
                                      rule_id=TRANSPORT) == 2
    assert {r[1] for r in _rows(ruled)} == {TRANSPORT}
    month = tmp_path / "month.xlsx"
    assert county_subsidy.export_list(county, month, period="2026-11", unmasked=False,
                                      rule_id=TRANSPORT) == 2  # the month, and the year's
    entry = audit.entries(county, action="export")[-2]
    assert entry.detail["month"] == "2026" and entry.target == f"subsidy-list:{TRANSPORT}"
    assert entry.detail["format"] == "xlsx"  # written by county_ledgers.export_ledger


def test_an_export_refused_for_a_bad_period_is_audited_and_writes_nothing(county, tmp_path):
    people(county)
    out = tmp_path / "bad.xlsx"
    with pytest.raises(Exception) as info:
        county_subsidy.export_list(county, out, period="2026-13", unmasked=False)
    assert "YYYY" in getattr(info.value, "message_zh", "")
    assert not out.exists()
    assert [e.result for e in audit.entries(county, action="export")] == ["refused"]


def test_a_denied_unmasked_export_is_audited_once(county, tmp_path):
    people(county)
    county.set_meta(accounts.META_KEY, json.dumps({"roles": {county.user: accounts.CLERK}}))
    with pytest.raises(accounts.NotAllowed):
        county_subsidy.export_list(county, tmp_path / "f.xlsx", period="2026", unmasked=True)
    assert [e.result for e in audit.entries(county, action="export")] == ["denied"]


def test_the_cli_exports_one_year_of_one_rule_through_the_audited_path(tmp_path):
    store = county_store(tmp_path / "county")
    ids = people(store)
    for period in ("2025", "2026"):
        _claim(store, ids["张三"], period=period)
    _claim(store, ids["张三"], period="2026", rule_id=REWARD, amount=300)
    store.close()
    out = tmp_path / "list.csv"
    done = subprocess.run(
        [sys.executable, "-m", "registry.ledgers.cli", "export", "subsidy-list",
         "--profile", str(tmp_path / "county"), "--user", "county-officer", "--out", str(out),
         "--month", "2026", "--rule", TRANSPORT], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "BANGFU_PASSPHRASE": PASSPHRASE}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "已导出 1 行" in done.stdout
    store = Profile(tmp_path / "county").unlock("county-officer", PASSPHRASE)
    try:
        entry = audit.entries(store, action="export")[-1]
        assert entry.target == f"subsidy-list:{TRANSPORT}" and entry.detail["month"] == "2026"
        assert entry.detail["format"] == "csv"
    finally:
        store.close()


def test_a_minimum_wage_of_another_region_is_not_saved_as_this_countys(county):
    from datetime import date

    from registry import county_policy
    from registry.errors import ValidationError

    before = len(county.journal())
    for region in ("361102", "36", "361130104"):
        with pytest.raises(ValidationError) as info:
            county_policy.confirm_wage(county, amount=1850, valid_from=date(2024, 7, 1),
                                       source="赣人社发〔2024〕7号（合成）", region=region)
        assert info.value.field == "minimum_wage.region" and region in info.value.message_zh
    assert len(county.journal()) == before
    county_policy.confirm_wage(county, amount=1610, valid_from=date(2021, 4, 1),
                               source="赣人社发〔2021〕5号（合成）", region=COUNTY, today=AS_OF)
    assert len(county.journal()) > before


CAPPED = "wy2026_capped"


def capped_pack():
    """The county pack with a third rule stating only a cap (不超过 500 元)."""
    from county_subsidy_data import RULES

    rule = {**RULES[0], "id": CAPPED, "kind": "one_time_jobseeking_subsidy",
            "name_zh": "2026年务工补助（上限）", "name_en": "2026 capped subsidy",
            "amounts": [["", "不超过", 500, "人", ""]]}
    return pack_2026(rules=[*RULES, rule])


def test_a_cap_only_rule_is_granted_the_officers_amount_within_the_cap(county):
    ids = people(county)
    add_county_pack(county, capped_pack(), region=COUNTY)
    listed = {c.name: c for c in county_subsidy.subsidy_list(
        county, rule_id=CAPPED, period="2026", as_of=AS_OF).candidates}
    assert listed["张三"].amount is None and listed["张三"].cap == 500
    none = county_subsidy.grant_all(county, rule_id=CAPPED, period="2026", as_of=AS_OF,
                                    person_ids=[ids["张三"]])
    over = county_subsidy.grant_all(county, rule_id=CAPPED, period="2026", as_of=AS_OF,
                                    person_ids=[ids["张三"]], amount=650)
    assert none.granted == over.granted == ()
    assert none.refused[0].reasons_zh == ("此规则只规定上限（不超过 500 元），请填写实际发放金额",)
    assert over.refused[0].reasons_zh == ("发放金额 650 元超过此规则的上限 500 元",)
    assert county.find("claim") == []
    for bad in (0, -5, "abc", True):
        with pytest.raises(ValidationError) as info:
            county_subsidy.grant_all(county, rule_id=CAPPED, period="2026", as_of=AS_OF,
                                     person_ids=[ids["张三"]], amount=bad)
        assert info.value.field == "subsidy.amount"
    done = county_subsidy.grant_all(county, rule_id=CAPPED, period="2026", as_of=AS_OF,
                                    person_ids=[ids["张三"], ids["李四"]], amount=450)
    assert len(done.granted) == 2
    assert {county.get(c).props["amount"] for c in done.granted} == {450}
    stated = county_subsidy.grant_all(county, rule_id=TRANSPORT, period="2026", as_of=AS_OF,
                                      person_ids=[ids["张三"]], amount=100)
    assert county.get(stated.granted[0]).props["amount"] == 600  # the stated amount stands


# -- the county drive (docs/county-drive-findings.md) ------------------------------------

def test_a_grant_returns_its_rows_as_the_list_reads_them_after_the_write(county):
    """The page redraws a grant from what it returns: 已发放, the amount recorded (the
    officer's for a cap-only rule, not 不超过 500 元) and the conditions after the write
    (已享受过, not 尚未享受), the same rows as a list computed again."""
    ids = people(county)
    add_county_pack(county, capped_pack(), region=COUNTY)
    for rule_id, paid in ((CAPPED, 450.0), (TRANSPORT, 600.0)):
        done = county_subsidy.grant_all(county, rule_id=rule_id, period="2026", as_of=AS_OF,
                                        person_ids=[ids["张三"], ids["王五"]], amount=450)
        assert [r.name for r in done.refused] == ["王五"]  # undecided: no row returned
        (row,) = done.rows
        assert (row.name, row.status, row.claims, row.paid) == (
            "张三", "granted", done.granted, (paid,))
        assert "2026年已享受过一次（2026-11-22），每年限一次" in row.reasons_zh
        assert not any("尚未享受" in reason for reason in row.reasons_zh)
        listed = {c.name: c for c in county_subsidy.subsidy_list(
            county, rule_id=rule_id, period="2026", as_of=AS_OF).candidates}
        assert listed["张三"] == row


def test_the_totals_count_only_amounts_a_source_states(county):
    """金额合计 read 0 元 for a cap-only rule (and for one stating no amount): a cap is an
    upper bound, no amount is counted apart, and what was granted is what claims record."""
    ids = people(county)
    add_county_pack(county, capped_pack(), region=COUNTY)

    def sums(rule_id):
        return county_subsidy.totals(county_subsidy.subsidy_list(
            county, rule_id=rule_id, period="2026", as_of=AS_OF).candidates)

    assert sums(TRANSPORT) == county_subsidy.Totals(2, 1200.0, 0, 0, 0, 0.0, 0)
    assert sums(CAPPED) == county_subsidy.Totals(2, 1000.0, 2, 0, 0, 0.0, 0)
    assert sums(REWARD) == county_subsidy.Totals(3, 0.0, 0, 3, 0, 0.0, 0)
    county_subsidy.grant_all(county, rule_id=CAPPED, period="2026", as_of=AS_OF,
                             person_ids=[ids["张三"]], amount=450)
    county_subsidy.grant_all(county, rule_id=REWARD, period="2026", as_of=AS_OF,
                             person_ids=[ids["张三"]])
    assert sums(CAPPED) == county_subsidy.Totals(1, 500.0, 1, 0, 1, 450.0, 0)
    assert sums(REWARD) == county_subsidy.Totals(2, 0.0, 0, 2, 1, 0.0, 1)


def _candidate(amount=None, cap=None, *, stated=True, unit="元", status="eligible"):
    return county_subsidy.Candidate("p", "h", "某", "1", "361130104201", status, amount, cap,
                                    stated, unit, (), ())


def test_totals_add_up_only_amounts_of_one_unit_and_count_the_uncomputable_apart():
    """A monthly rate was added to once-off amounts as 元; a rule stating an amount this
    person's facts could not give (无法计算) was counted as 金额未规定."""
    monthly = county_subsidy.totals([_candidate(300, unit="元/月"), _candidate(None, 500,
                                                                             unit="元/月")])
    assert (monthly.unit, monthly.eligible_amount, monthly.capped) == ("元/月", 800.0, 1)
    mixed = county_subsidy.totals([_candidate(300, unit="元/月"), _candidate(600)])
    assert (mixed.unit, mixed.eligible_amount) == ("", 0.0)
    odd = county_subsidy.totals([_candidate(600), _candidate(), _candidate(stated=False)])
    assert (odd.eligible_amount, odd.uncomputed, odd.unstated, odd.unit) == (600.0, 1, 1, "元")
