"""Claims of a person registered twice, then merged (``registry.county.merge_entities``),
on real encrypted profiles: the once-a-year rule sees the claims of every record merged
into the kept one (however they were recorded), the merge re-points the claims' person
counted (a journaled change, so it syncs), and two grants made before the merge -- on
one device or on two laptops that had not seen each other -- surface as duplicates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bangfu_testdata import make_id
from county_conflict_data import Clock, exchange, open_store

from registry.alerts import alert_counts_for_store, alerts_for_store
from registry.claims import (
    ONCE_A_YEAR,
    ClaimRefused,
    ClaimRule,
    claims_of,
    duplicate_claims,
    ledger_check,
    record_claim,
)
from registry.county import merge_entities
from registry.errors import ValidationError
from registry.store import Create, Store

NUMBER = make_id(birth="19800202", seq="321")
TRANSPORT = "one_time_transport_subsidy"
CHECK = ledger_check({TRANSPORT: ClaimRule(ONCE_A_YEAR)})
COUNTY, VILLAGE = "361130", "361130104201"


def person(store: Store, *, entity_id: str | None = None, scope: str | None = None) -> str:
    """One more record of the same (synthetic) person."""
    return store.write([Create("person", {"name": "周强", "id_number": NUMBER},
                               entity_id=entity_id, scope=scope)]).created[0]


def grant(store: Store, pid: str, *, month: int = 3, override: str | None = None) -> str:
    """The once-a-year transport subsidy, as grant_all records it (subject = person)."""
    return record_claim(store, rule_id=TRANSPORT, subject_id=pid, person_id=pid, amount=500,
                        period="2026", check=CHECK, granted_on=date(2026, month, 1),
                        override_reason=override)


@pytest.mark.parametrize("via", ["kept", "dropped"])
def test_a_claim_of_the_merged_away_record_blocks_a_second_grant(store, via):
    keep, drop = person(store), person(store)
    first = grant(store, drop)
    merge_entities(store, keep=keep, drop=drop)
    before = len(store.find("claim"))
    with pytest.raises(ClaimRefused) as refused:
        grant(store, keep if via == "kept" else drop, month=4)
    assert refused.value.refusals[0].claims == (first,)
    assert len(store.find("claim")) == before
    assert [c["id"] for c in claims_of(store, person_id=keep, year="2026")] == [first]
    assert [c["id"] for c in claims_of(store, person_id=drop, year="2026")] == [first]


def test_the_merge_repoints_the_person_counted_in_a_journaled_change(store):
    keep, drop = person(store), person(store)
    agency = store.create("household", {"household_no": "H-agency"})  # any other subject
    own = grant(store, drop)
    placed = record_claim(store, rule_id="job_placement", subject_id=agency, person_id=drop,
                          amount=300, period="2026", check=CHECK, granted_on=date(2026, 3, 2))
    merge_entities(store, keep=keep, drop=drop)
    assert store.get(own).props["subject_id"] == keep
    assert store.get(own).props["person_id"] == keep
    assert store.get(placed).props["person_id"] == keep
    assert store.get(placed).props["subject_id"] == agency
    for claim in (own, placed):
        journaled = [c for c in store.journal(entity_id=claim) if c.prop == "person_id"]
        assert journaled[-1].value == keep


def test_two_grants_made_before_the_merge_are_duplicates_after_it(store):
    keep, drop = person(store), person(store)
    first, second = grant(store, keep), grant(store, drop)
    assert duplicate_claims(store) == []  # two records: nothing known yet
    merge_entities(store, keep=keep, drop=drop)
    assert duplicate_claims(store) == [sorted([first, second])]


def test_a_grant_to_a_merged_away_record_arriving_after_the_merge_counts(tmp_path: Path):
    """A laptop that had not pulled the merges grants to the oldest record of a chain
    (c merged into b, b into a): the county's ledger and duplicate check find it on a."""
    clock = Clock(date(2026, 11, 1))
    county = open_store(tmp_path, "county", scope=COUNTY, user="county-officer",
                        device="county-pc", clock=clock)
    laptop = open_store(tmp_path, "laptop", scope=VILLAGE, user="desk-wang",
                        device="laptop-b", clock=clock)
    a, b, c = (person(county, entity_id=f"p-{n}", scope=VILLAGE) for n in "abc")
    exchange(county, laptop)
    late = grant(laptop, c)  # offline: the laptop still sees c as a live record
    merge_entities(county, keep=b, drop=c)
    merge_entities(county, keep=a, drop=b)
    first = grant(county, a)
    exchange(laptop, county)
    assert county.get(late, follow_merges=False).props["person_id"] == c  # as sent
    assert {x["id"] for x in claims_of(county, person_id=a, year="2026")} == {late, first}
    assert duplicate_claims(county) == [sorted([first, late])]
    alerts = [x for x in alerts_for_store(county, as_of=date(2026, 11, 5))
              if x.kind == "duplicate_claim"]
    assert {(x.subject, tuple(x.facts["others"])) for x in alerts} == {
        (first, (late,)), (late, (first,))}
    with pytest.raises(ClaimRefused):
        grant(county, c, month=5)
    exchange(county, laptop)
    assert duplicate_claims(laptop) == [sorted([first, late])]
    with pytest.raises(ClaimRefused):
        grant(laptop, a, month=6)
    county.close(), laptop.close()


@pytest.mark.parametrize("frequency", [ONCE_A_YEAR, None])
def test_a_once_a_year_rule_granted_in_two_months_on_two_laptops(tmp_path: Path, frequency):
    """Offline, two laptops grant a once-a-year rule for 2026-03 and 2026-05: one year's
    two payments, a duplicate at the county (alerts, full and count-only, included). A rule
    without a yearly frequency may be paid each month: those are not duplicates."""
    clock = Clock(date(2026, 11, 1))
    county = open_store(tmp_path, "county", scope=COUNTY, user="county-officer",
                        device="county-pc", clock=clock)
    laptop = open_store(tmp_path, "laptop", scope=VILLAGE, user="desk-wang",
                        device="laptop-b", clock=clock)
    pid = person(county, scope=VILLAGE)
    exchange(county, laptop)
    ids = [record_claim(store, rule_id=TRANSPORT, subject_id=pid, person_id=pid, amount=500,
                        period=f"2026-0{month}", check=CHECK, granted_on=date(2026, month, 1),
                        frequency=frequency)
           for store, month in ((county, 3), (laptop, 5))]
    exchange(laptop, county)
    assert {c["id"] for c in claims_of(county, person_id=pid, year="2026")} == set(ids)
    expected = [sorted(ids)] if frequency else []
    assert duplicate_claims(county) == expected
    as_of = date(2026, 11, 5)
    alerts = [x for x in alerts_for_store(county, as_of=as_of) if x.kind == "duplicate_claim"]
    assert sorted(x.subject for x in alerts) == sorted(expected[0] if expected else [])
    counts = alert_counts_for_store(county, as_of=as_of)
    assert sum(n for (_, kind), n in counts.items() if kind == "duplicate_claim") == len(alerts)
    county.close(), laptop.close()


def test_an_unknown_frequency_is_refused_and_writes_nothing(store):
    pid = person(store)
    with pytest.raises(ValidationError) as refused:
        record_claim(store, rule_id=TRANSPORT, subject_id=pid, amount=500, period="2026",
                     check=CHECK, frequency="twice_a_day")
    assert refused.value.field == "claim.frequency"
    assert store.find("claim") == []
