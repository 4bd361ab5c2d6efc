"""The subsidy list and minimum wage of the county workspace travel through a real county
server: a person a village laptop recorded appears on the county's list, the county's
grant and its corrected minimum wage reach the village, whose own answer then says the
subsidy was claimed this year."""

from __future__ import annotations

from datetime import date

from county_subsidy_data import AS_OF, COUNTY, TRANSPORT, pack_2026, person
from store_replica import EncryptedReplica

from registry.county_policy import confirm_wage
from registry.county_subsidy import grant_all, subsidy_list
from registry.policy import evaluate, minimum_wage_of, packs_for
from registry.policy.distribute import add_county_pack
from registry.policy.facts import people_facts
from sync.client import SyncClient

VILLAGE = "361130104201"


def device(server, tmp_path, name, scope, role="village"):
    rep = EncryptedReplica(name, scope, root=tmp_path)
    return rep, SyncClient(server.url, server.enrol(name, scope, role), rep)


def test_a_grant_and_a_corrected_wage_reach_the_village(server, tmp_path):
    county, sync_c = device(server, tmp_path, "county-1", COUNTY, "county")
    village, sync_v = device(server, tmp_path, "village-1", VILLAGE)
    pid = person(village.store, VILLAGE, name="测试甲", seq=1)
    sync_v.sync()
    sync_c.sync()
    add_county_pack(county.store, pack_2026(), region=COUNTY)

    listed = subsidy_list(county.store, rule_id=TRANSPORT, period="2026", as_of=AS_OF)
    assert [(c.person_id, c.status, c.amount) for c in listed.candidates] == [
        (pid, "eligible", 600)]
    result = grant_all(county.store, rule_id=TRANSPORT, period="2026", as_of=AS_OF,
                       person_ids=[pid])
    assert len(result.granted) == 1 and not result.refused
    confirm_wage(county.store, amount=1850, valid_from=date(2024, 7, 1),
                 source="赣人社发〔2024〕7号（合成）", today=AS_OF)
    assert sync_c.sync().pushed > 0

    sync_v.sync()
    claims = village.store.find("claim")
    assert [(c.id, c.props["rule_id"], c.props["amount"]) for c in claims] == [
        (result.granted[0], TRANSPORT, 600)]
    packs = packs_for(village.store)
    assert minimum_wage_of(packs)(VILLAGE, AS_OF) == 1850
    answer = evaluate(people_facts(village.store)[pid], as_of=AS_OF, region=VILLAGE,
                      packs=packs).answer(TRANSPORT)
    assert answer.eligible is False and "once_a_year" in answer.failed
