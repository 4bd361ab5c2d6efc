"""The case file tests/policy/cases/alerts.yaml, checked through alerts_for_case directly."""

from __future__ import annotations

from datetime import date

import pytest
from alert_cases import load_cases, min_wage_of

from registry.alerts import KINDS, NATIONAL_CHECKS, SOURCES, alerts_for_case, services_missing
from registry.errors import ValidationError

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    assert case.get("source"), "every case cites its source"
    expect = case["expect"]
    if "alerts" in expect:
        found = alerts_for_case(case, min_wage_of=min_wage_of)
        assert sorted(a.kind for a in found) == sorted(expect["alerts"])
        assert all(a.source == SOURCES[a.kind] and a.subject == case["id"] for a in found)
    if "missing" in expect:
        assert services_missing(case) == expect["missing"]


def test_every_kind_is_raised_by_some_case():
    raised = {k for c in CASES for k in c["expect"].get("alerts", ())}
    assert set(KINDS) - raised == {"duplicate_claim"}  # a store-level alert (claims ledger)
    assert len(NATIONAL_CHECKS) == 8 and all(k.startswith("national_check_") for k in NATIONAL_CHECKS)


def test_facts_are_masked_and_explain_the_alert():
    case = {"id": "dup", "as_of": date(2026, 11, 10), "household": {"members": [
        {"relation": "户主", "id_number": "361130198503151234"},
        {"relation": "之子", "id_number": "361130198503151234"}]}}
    (found,) = alerts_for_case(case, min_wage_of=min_wage_of)
    assert found.facts == {"id_number": "3611**********1234", "count": 2}
    assert "198503151" not in repr(found)


def test_income_share_is_configurable():
    case = {"id": "c", "as_of": "2026-10-31",
            "household": {"income_by_month": {"2026-09": 1000, "2026-10": 750}}}
    assert alerts_for_case(case, min_wage_of=min_wage_of) == []
    (found,) = alerts_for_case(case, min_wage_of=min_wage_of, drop_share=0.2)
    assert (found.kind, found.subject) == ("income_drop_month_on_month", "c")
    assert found.facts["compared_income"] == 1000 and found.facts["income"] == 750


@pytest.mark.parametrize("case, where", [
    ({"id": "x", "as_of": "2026-11-10"}, "case x"),
    ({"id": "x", "as_of": "2026-11-10", "person": {}, "post": {}}, "case x"),
    ({"id": "x", "as_of": "2026-13-40", "person": {}}, "case x.as_of"),
    ({"id": "x", "as_of": "2026-11-10", "person": "张三"}, "case x.person"),
])
def test_bad_cases_are_named(case, where):
    with pytest.raises(ValidationError) as info:
        alerts_for_case(case, min_wage_of=min_wage_of)
    assert info.value.field == where and info.value.message_zh


@pytest.mark.parametrize("share", [0, 1, 1.5, -0.2, "0.5", True])
def test_a_bad_income_share_is_refused(share):
    case = {"id": "c", "as_of": "2026-10-31", "household": {}}
    with pytest.raises(ValidationError) as info:
        alerts_for_case(case, min_wage_of=min_wage_of, drop_share=share)
    assert info.value.field == "alerts.drop_share"
