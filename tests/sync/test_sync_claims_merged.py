"""One person registered twice, each record granted the once-a-year subsidy on a different
laptop, offline; the county merges the two records before one laptop has pushed. Through
the real county server on 127.0.0.1 (real encrypted profiles), both claims count for the
kept record: the county and the laptops see one duplicate_claim group (alerted), and
refuse a third grant to either id."""

from __future__ import annotations

from datetime import date

import pytest
from bangfu_testdata import make_id
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
from registry.county import merge_entities
from sync.client import SyncClient

VILLAGE = "361130104201"
RULE = "one_time_transport_subsidy"
CHECK = ledger_check({RULE: ClaimRule(ONCE_A_YEAR)})
NUMBER = make_id(birth="19810303", seq="515")


def device(server, tmp_path, name, scope, role):
    rep = EncryptedReplica(name, scope, root=tmp_path)
    return rep, SyncClient(server.url, server.enrol(name, scope, role), rep)


def grant(rep, pid, month=7):
    return record_claim(rep.store, rule_id=RULE, subject_id=pid, person_id=pid, amount=1000,
                        period="2021", check=CHECK, granted_on=date(2021, month, 1))


def test_claims_granted_to_two_records_before_their_merge_surface(server, tmp_path):
    a, sync_a = device(server, tmp_path, "la", VILLAGE, "village")
    b, sync_b = device(server, tmp_path, "lb", VILLAGE, "village")
    county, sync_c = device(server, tmp_path, "lc", "361130", "county")
    keep = a.store.create("person", {"name": "甲", "id_number": NUMBER})
    drop = a.store.create("person", {"name": "甲", "id_number": NUMBER})
    sync_a.sync(), sync_b.sync(), sync_c.sync()
    first = grant(a, keep)
    late = grant(b, drop)  # offline, on a laptop that will push after the merge
    sync_a.sync(), sync_c.sync()
    merge_entities(county.store, keep=keep, drop=drop)
    sync_c.sync(), sync_b.sync(), sync_c.sync(), sync_a.sync()
    assert county.store.get(late).props["person_id"] == drop  # as granted, before the merge
    for rep in (county, a, b):
        assert duplicate_claims(rep.store) == [sorted([first, late])]
    found = [x for x in alerts_for_store(county.store, as_of=date(2021, 7, 5))
             if x.kind == "duplicate_claim"]
    assert {x.subject for x in found} == {first, late}
    for rep, pid in ((a, drop), (b, keep), (county, drop)):
        with pytest.raises(ClaimRefused):
            grant(rep, pid, month=8)
