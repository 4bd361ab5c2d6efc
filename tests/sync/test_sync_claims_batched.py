"""A claim granted on a village laptop to a record the county has merged away meanwhile,
through a real county server (SQLite and PostgreSQL): once it has synced, the county's
subsidy list marks the kept person as granted with it, the duplicates page's side view
lists it, and a bulk grant (the batched ledger check) refuses a second payment."""

from __future__ import annotations

from county_subsidy_data import AS_OF, COUNTY, TRANSPORT, pack_2026, person
from store_replica import EncryptedReplica

from registry.claims import ONCE_A_YEAR, ClaimRule, ledger_check, record_claim
from registry.county_duplicates import merge_people, person_side
from registry.county_subsidy import grant_all, subsidy_list
from registry.policy.distribute import add_county_pack
from sync.client import SyncClient

VILLAGE = "361130104201"


def device(server, tmp_path, name, scope, role="village"):
    rep = EncryptedReplica(name, scope, root=tmp_path)
    return rep, SyncClient(server.url, server.enrol(name, scope, role), rep)


def test_a_late_claim_on_a_merged_away_record_counts_for_the_kept_one(server, tmp_path):
    county, sync_c = device(server, tmp_path, "county-1", COUNTY, "county")
    village, sync_v = device(server, tmp_path, "village-1", VILLAGE)
    keep = person(village.store, VILLAGE, name="测试甲", seq=1)
    drop = person(village.store, VILLAGE, name="测试甲", seq=2)  # registered twice
    sync_v.sync()
    sync_c.sync()
    add_county_pack(county.store, pack_2026(), region=COUNTY)
    merge_people(county.store, keep=keep, drop=drop)
    sync_c.sync()

    late = record_claim(  # offline: the laptop has not pulled the merge
        village.store, rule_id=TRANSPORT, subject_id=drop, person_id=drop, amount=600,
        period="2026", check=ledger_check({TRANSPORT: ClaimRule(ONCE_A_YEAR)}),
        granted_on=AS_OF, frequency=ONCE_A_YEAR)
    sync_v.sync()
    sync_c.sync()

    assert county.store.get(late, follow_merges=False).props["person_id"] == drop
    listed = {c.person_id: c for c in subsidy_list(county.store, rule_id=TRANSPORT,
                                                   period="2026", as_of=AS_OF).candidates}
    assert (listed[keep].status, listed[keep].claims) == ("granted", (late,))
    assert [c.id for c in person_side(county.store, keep).claims] == [late]
    result = grant_all(county.store, rule_id=TRANSPORT, period="2026", as_of=AS_OF,
                       person_ids=[keep])
    assert result.granted == ()
    assert "每人每年只能享受一次，2026 年已登记过" in result.refused[0].reasons_zh
    assert county.store.count("claim") == 1
