"""The claims of a person, one definition for every reader, on real encrypted profiles:

- the duplicates page's side-by-side claims (``county_duplicates.person_side``) follow
  merge chains as the once-a-year check does (``registry.claims.claims_of``);
- a bulk grant's batched ledger check (``ledger_check(batched=True)``: the year's claims
  read once, then each person in memory) refuses exactly what one ``claims_of`` query per
  claim refuses -- already claimed, claims recorded twice, exclusions, per-agency counts,
  merged chains, claims pulled from a laptop, deleted claims -- including after writes
  made between two checks.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bangfu_testdata import make_id
from county_conflict_data import Clock, exchange, open_store
from county_subsidy_data import AS_OF, COUNTY, TRANSPORT, VILLAGES, county_store, pack_2026, people

from registry import county_subsidy
from registry.claims import (
    _CLAIM_ROWS,
    _THESE_CLAIMS,
    ONCE_A_YEAR,
    ONCE_PER_AGENCY,
    Claim,
    ClaimRefused,
    ClaimRule,
    Refusal,
    claims_of,
    ledger_check,
    record_claim,
)
from registry.county import merge_entities
from registry.county_duplicates import person_side
from registry.policy.distribute import add_county_pack
from registry.store import Create, Store

VILLAGE = "361130104201"
YEARLY, AGENCY, EXCLUDING = "transport", "placement", "exclusive_reward"
RULES = {YEARLY: ClaimRule(ONCE_A_YEAR), AGENCY: ClaimRule(ONCE_PER_AGENCY),
         EXCLUDING: ClaimRule(ONCE_A_YEAR, frozenset({YEARLY}))}


def someone(store: Store, name: str, *, entity_id: str | None = None) -> str:
    """A person record (synthetic ID number)."""
    return store.write([Create("person", {"name": name, "id_number": make_id(seq="456")},
                               entity_id=entity_id, scope=VILLAGE)]).created[0]


class Twin:
    """A check that runs the batched and the per-claim ledger check on the same state,
    keeps both answers and returns the per-claim one (what was refused before)."""

    def __init__(self) -> None:
        self.plain = ledger_check(RULES)
        self.batched = ledger_check(RULES, batched=True)
        self.answers: list[tuple[str, list[Refusal], list[Refusal]]] = []

    def __call__(self, store: Store, claim: Claim) -> list[Refusal]:
        plain = self.plain(store, claim)
        self.answers.append((claim.person, plain, self.batched(store, claim)))
        return plain


def grant(store: Store, check, pid: str, *, rule: str = YEARLY, period: str = "2026",
          subject: str | None = None, override: str | None = None) -> str | None:
    """Record a claim; its id, or None when refused."""
    try:
        return record_claim(store, rule_id=rule, subject_id=subject or pid, person_id=pid,
                            amount=500, period=period, check=check, override_reason=override,
                            granted_on=date(2026, 4, 1), frequency=RULES[rule].frequency)
    except ClaimRefused:
        return None


def test_person_side_shows_the_claims_of_a_merged_chain(tmp_path: Path):
    """c merged into b, b into a; a laptop that had not pulled the merges granted to c:
    the side-by-side view of a shows a's, b's (re-pointed) and c's (as sent) claims, of
    every year, as the once-a-year check counts them."""
    clock = Clock(date(2026, 11, 1))
    county = open_store(tmp_path, "county", scope=COUNTY, user="county-officer",
                        device="county-pc", clock=clock)
    laptop = open_store(tmp_path, "laptop", scope=VILLAGE, user="desk-wang",
                        device="laptop-b", clock=clock)
    a, b, c = (someone(county, "周强", entity_id=f"p-{n}") for n in "abc")
    exchange(county, laptop)
    late = grant(laptop, lambda _s, _c: [], c)
    last_year = grant(county, lambda _s, _c: [], b, period="2025")
    merge_entities(county, keep=b, drop=c)
    merge_entities(county, keep=a, drop=b)
    own = grant(county, lambda _s, _c: [], a, rule=AGENCY, period="2026-10")
    exchange(laptop, county)
    assert county.get(late, follow_merges=False).props["person_id"] == c  # never rewritten

    shown = person_side(county, a).claims
    assert [(x.id, x.period) for x in shown] == [(last_year, "2025"), (late, "2026"),
                                                 (own, "2026-10")]
    assert {x["id"] for x in claims_of(county, person_id=c, year="2026")} == {late, own}
    assert {x.id for x in shown} == {x["id"] for x in claims_of(county, person_id=a)}
    assert person_side(county, a).claims == person_side(county, a).claims  # read-only
    county.close(), laptop.close()


def test_the_batched_check_refuses_what_the_per_claim_check_refuses(tmp_path: Path):
    clock = Clock(date(2026, 11, 1))
    county = open_store(tmp_path, "county", scope=COUNTY, user="county-officer",
                        device="county-pc", clock=clock)
    laptop = open_store(tmp_path, "laptop", scope=VILLAGE, user="desk-wang",
                        device="laptop-b", clock=clock)
    twin = Twin()
    p1, p2, p3, p4, p5, p6 = (someone(county, f"人员{i}") for i in range(6))
    agency_a = county.create("household", {"household_no": "H-A"}, scope=VILLAGE)
    agency_b = county.create("household", {"household_no": "H-B"}, scope=VILLAGE)
    exchange(county, laptop)

    first = grant(county, twin, p1)
    assert grant(county, twin, p1) is None  # already claimed
    double = grant(county, twin, p1, override="两台电脑离线各登记一次")
    assert grant(county, twin, p1, rule=EXCLUDING) is None  # excluded, by both claims
    assert grant(county, twin, p1, period="2025") is not None  # another year
    assert grant(county, twin, p2, rule=AGENCY, subject=agency_a) is not None
    assert grant(county, twin, p2, rule=AGENCY, subject=agency_a) is None
    assert grant(county, twin, p2, rule=AGENCY, subject=agency_b) is not None
    assert grant(county, twin, p3) is not None
    merge_entities(county, keep=p4, drop=p3)  # a person changed: the book reads again
    assert grant(county, twin, p4) is None
    assert grant(county, twin, p6) is not None
    merge_entities(county, keep=p5, drop=p6)
    merge_entities(county, keep=p4, drop=p5)  # a chain: p6 into p5, p5 into p4
    assert grant(county, twin, p6) is None and grant(county, twin, p5) is None
    late = grant(laptop, lambda _s, _c: [], p2)  # offline, before the merges
    exchange(laptop, county)  # a claim pulled between two checks
    assert grant(county, twin, p2) is None
    county.delete(late)  # a claim deleted between two checks
    assert grant(county, twin, p2) is not None

    refusals = [(person, [r.condition for r in plain]) for person, plain, _ in twin.answers]
    assert refusals[:4] == [(p1, []), (p1, [ONCE_A_YEAR]), (p1, [ONCE_A_YEAR]),
                            (p1, ["exclusion", "exclusion"])]
    assert twin.answers[3][1][0].claims == (first,) and twin.answers[3][1][1].claims == (double,)
    assert [r.claims for r in twin.answers[12][1]] == [
        tuple(x["id"] for x in claims_of(county, person_id=p4, year="2026"))]
    assert len(twin.answers[12][1][0].claims) == 2  # p3's and p6's, both merged into p4
    assert sum(1 for _, plain, _ in twin.answers if plain) == 8
    for person, plain, batched in twin.answers:
        assert batched == plain, person
    county.close(), laptop.close()


def test_the_batched_check_reads_a_claim_changed_by_hand_between_checks(tmp_path: Path):
    """A claim whose period moves to another year no longer counts, for both checks."""
    store = county_store(tmp_path / "county")
    twin = Twin()
    pid = someone(store, "郑伟")
    claim = grant(store, twin, pid)
    store.update(claim, {"period": "2025", "year": "2025"})
    assert grant(store, twin, pid) is not None
    store.update(claim, {"period": "2026", "year": "2026"})
    assert grant(store, twin, pid) is None
    assert [bool(p) for _, p, _ in twin.answers] == [False, False, True]
    assert all(b == p for _, p, b in twin.answers)
    store.close()


@pytest.fixture
def county(tmp_path):
    store = county_store(tmp_path / "county")
    add_county_pack(store, pack_2026(), region=COUNTY)
    yield store
    store.close()


def test_a_bulk_grant_refuses_the_already_granted_the_listed_twice_and_merged(county):
    ids = people(county)
    zhang, li = ids["张三"], ids["李四"]
    twin = county.create("person", {"name": "张三", "household_id": county.get(zhang).parent,
                                    "id_number": make_id(seq="901")}, scope=VILLAGES[0])
    earlier = record_claim(county, rule_id=TRANSPORT, subject_id=twin, person_id=twin,
                           amount=600, period="2026", check=lambda _s, _c: [],
                           granted_on=AS_OF, frequency=ONCE_A_YEAR)
    merge_entities(county, keep=zhang, drop=twin)  # registered twice, granted on the twin
    result = county_subsidy.grant_all(county, rule_id=TRANSPORT, period="2026", as_of=AS_OF,
                                      person_ids=[zhang, li, li])
    assert len(result.granted) == 1 and county.get(result.granted[0]).props["person_id"] == li
    assert [(r.person_id, r.reasons_zh) for r in result.refused] == [
        (zhang, ("2026年已享受过一次（2026-11-22），每年限一次", "每人每年只能享受一次，2026 年已登记过")),
        (li, ("每人每年只能享受一次，2026 年已登记过",))]  # the engine's facts predate the grant
    assert [c["id"] for c in claims_of(county, person_id=zhang, year="2026")] == [earlier]


def test_the_book_reads_the_claims_written_since_by_their_ids(tmp_path: Path):
    """Catching up after each grant reads the new claims by id, not the year again."""
    store = county_store(tmp_path / "county")
    plan = " ".join(row[-1] for row in store.db.execute(
        "EXPLAIN QUERY PLAN " + _CLAIM_ROWS.format(source=_THESE_CLAIMS, person="1"),
        {"year": "2026", "person": None, "ids": "[]"}))
    assert "SEARCH x USING INDEX sqlite_autoindex_entity_1 (id=?)" in plan
    assert "entity_list" not in plan and "SCAN x" not in plan
    store.close()
