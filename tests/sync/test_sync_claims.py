"""Two laptops grant the same subsidy offline: both claims sync through a real county
server, and the county (and each laptop after its next sync) sees a duplicate_claim
alert, never two silent payments."""

from __future__ import annotations

from datetime import date

import pytest
from store_replica import EncryptedReplica

from registry.alerts import alerts_for_store
from registry.claims import (
    ONCE_A_YEAR,
    ClaimRefused,
    ClaimRule,
    duplicate_claims,
    ledger_check,
    record_claim,
)
from sync.client import SyncClient

VILLAGE = "361130104201"
RULE = "one_time_transport_subsidy"
CHECK = ledger_check({RULE: ClaimRule(ONCE_A_YEAR)})


def device(server, tmp_path, name, scope, role):
    rep = EncryptedReplica(name, scope, root=tmp_path)
    return rep, SyncClient(server.url, server.enrol(name, scope, role), rep)


def grant(rep, pid):
    return record_claim(rep.store, rule_id=RULE, subject_id=pid, amount=1000, period="2021",
                        check=CHECK, granted_on=date(2021, 7, 1))


def test_the_same_claim_granted_offline_on_two_laptops_surfaces_at_the_county(server,
                                                                               tmp_path):
    a, sync_a = device(server, tmp_path, "la", VILLAGE, "village")
    b, sync_b = device(server, tmp_path, "lb", VILLAGE, "village")
    county, sync_c = device(server, tmp_path, "lc", "361130", "county")
    hh = a.store.create("household", {"household_no": "H1"})
    pid = a.store.create("person", {"household_id": hh, "name": "甲", "relation": "户主"})
    sync_a.sync(), sync_b.sync()
    # both offline: each laptop's own ledger allows the grant
    first, second = grant(a, pid), grant(b, pid)
    sync_a.sync(), sync_b.sync(), sync_c.sync()
    assert duplicate_claims(county.store) == [sorted([first, second])]
    found = [x for x in alerts_for_store(county.store, as_of=date(2021, 7, 5))
             if x.kind == "duplicate_claim"]
    assert {(x.subject, tuple(x.facts["others"])) for x in found} == {
        (first, (second,)), (second, (first,))}
    assert all(x.facts["rule"] == RULE and x.facts["period"] == "2021" for x in found)
    # once synced, a laptop refuses a third grant and sees the duplicate too
    sync_a.sync()
    assert duplicate_claims(a.store) == [sorted([first, second])]
    with pytest.raises(ClaimRefused):
        grant(a, pid)
