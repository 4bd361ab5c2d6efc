"""The claims ledger on a real encrypted profile: refusals name the rule and write nothing;
an override keeps its written reason with the claim."""

from __future__ import annotations

from datetime import date

import pytest
from bangfu_testdata import make_id

from registry.claims import (
    ONCE_A_YEAR,
    ONCE_PER_AGENCY,
    Claim,
    ClaimRefused,
    ClaimRule,
    Refusal,
    combine,
    duplicate_claims,
    ledger_check,
    record_claim,
)
from registry.errors import ValidationError

TRANSPORT, REWARD, EXPORT = ("one_time_transport_subsidy", "one_time_work_away_reward",
                             "labour_export_service_subsidy")
#: Seed 003 (一): transport once a year, not together with the work-away reward (2021);
#: labour-export service subsidy once per person per year for each agency.
RULES = {TRANSPORT: ClaimRule(ONCE_A_YEAR, frozenset({REWARD})), REWARD: ClaimRule(ONCE_A_YEAR),
         EXPORT: ClaimRule(ONCE_PER_AGENCY)}
CHECK = ledger_check(RULES)
DAY = date(2021, 7, 1)


def person(store):
    hh = store.create("household", {"household_no": "H1"})
    return store.create("person", {"household_id": hh, "name": "李四", "relation": "户主",
                                   "id_number": make_id()})


def grant(store, subject, rule=TRANSPORT, period="2021", **kw):
    return record_claim(store, rule_id=rule, subject_id=subject, amount=1000, period=period,
                        check=kw.pop("check", CHECK), granted_on=DAY, **kw)


def counts(store):
    return store.count("claim"), len(store.journal())


def test_a_claim_is_recorded_with_who_and_when(store):
    pid = person(store)
    claim = store.get(grant(store, pid))
    assert claim.entity_list == "claim" and claim.parent == pid and claim.scope
    assert claim.props == {"rule_id": TRANSPORT, "subject_id": pid, "amount": 1000,
                           "period": "2021", "year": "2021", "granted_by": "secretary",
                           "granted_on": "2021-07-01"}


def test_second_claim_in_a_year_refused_naming_the_rule_and_nothing_written(store):
    pid = person(store)
    first = grant(store, pid)
    before = counts(store)
    with pytest.raises(ClaimRefused) as info:
        grant(store, pid)
    assert counts(store) == before
    error = info.value
    assert error.field == f"claim.{TRANSPORT}" and TRANSPORT in error.message_zh
    assert "每人每年只能享受一次" in error.message_zh
    assert [(r.condition, r.claims) for r in error.refusals] == [(ONCE_A_YEAR, (first,))]
    assert grant(store, pid, period="2022")  # another year is allowed


def test_override_records_the_claim_with_its_reason(store):
    pid = person(store)
    grant(store, pid)
    claim_id = grant(store, pid, override_reason="县人社局批准：上次补贴退回后重新发放")
    props = store.get(claim_id).props
    assert props["override_reason"] == "县人社局批准：上次补贴退回后重新发放"
    assert props["overridden"] == [f"{TRANSPORT}:{ONCE_A_YEAR}"]
    assert duplicate_claims(store) == [sorted([claim_id, store.find("claim")[0].id])]


def test_once_per_person_per_year_per_agency(store):
    pid = person(store)
    agency = store.create("agency", {"name": "某劳务公司"})
    other = store.create("agency", {"name": "另一劳务公司"})
    grant(store, agency, rule=EXPORT, person_id=pid)
    with pytest.raises(ClaimRefused) as info:
        grant(store, agency, rule=EXPORT, person_id=pid)
    assert info.value.refusals[0].condition == ONCE_PER_AGENCY
    assert grant(store, other, rule=EXPORT, person_id=pid)
    assert grant(store, agency, rule=EXPORT, person_id=pid, period="2022")


def test_excluded_combination_is_refused_both_ways(store):
    a, b = person(store), person(store)
    grant(store, a, rule=REWARD)
    with pytest.raises(ClaimRefused) as info:
        grant(store, a, rule=TRANSPORT)
    assert [r.condition for r in info.value.refusals] == ["exclusion"]
    grant(store, b, rule=TRANSPORT)
    with pytest.raises(ClaimRefused):
        grant(store, b, rule=REWARD)
    assert grant(store, a, rule=TRANSPORT, period="2022")


def test_the_injected_eligibility_check_is_asked_first_and_can_refuse(store):
    pid = person(store)
    seen = []

    def engine(store_, claim):
        seen.append(claim)
        return [Refusal(claim.rule_id, "stable_months", "稳定就业不足3个月", "stable < 3 months")]

    before = counts(store)
    with pytest.raises(ClaimRefused) as info:
        grant(store, pid, check=combine(engine, CHECK))
    assert counts(store) == before and "稳定就业不足3个月" in info.value.message_zh
    assert seen == [Claim(TRANSPORT, pid, 1000, "2021", "secretary", DAY)]
    claim_id = grant(store, pid, check=combine(engine, CHECK), override_reason="经县里核实补录")
    assert store.get(claim_id).props["overridden"] == [f"{TRANSPORT}:stable_months"]


@pytest.mark.parametrize("change, field", [
    ({"period": "2021-13"}, "claim.period"),
    ({"amount": -1}, "claim.amount"),
    ({"amount": "1000"}, "claim.amount"),
    ({"rule": " "}, "claim.rule_id"),
    ({"subject": "no-such-id"}, "claim.subject_id"),
    ({"override_reason": " 好 "}, "claim.override_reason"),
])
def test_bad_input_is_named_and_changes_nothing(store, change, field):
    pid = person(store)
    before = counts(store)
    args = {"rule": TRANSPORT, "subject": pid, "period": "2021", "amount": 1000, **change}
    with pytest.raises(ValidationError) as info:
        record_claim(store, rule_id=args["rule"], subject_id=args["subject"],
                     amount=args["amount"], period=args["period"], check=CHECK,
                     override_reason=args.get("override_reason"))
    assert info.value.field == field and info.value.message_zh
    assert counts(store) == before


def test_amount_not_stated_is_recorded_as_none(store):
    pid = person(store)
    claim_id = record_claim(store, rule_id="work_for_training_subsidy", subject_id=pid,
                            amount=None, period="2021-06", check=CHECK)
    props = store.get(claim_id).props
    assert "amount" not in props and props["amount_not_stated"] is True
