"""A county pack published at the county reaches the village laptops under it through a
real county server (SQLite and PostgreSQL) and changes their answers offline; a
replacement and a withdrawal follow; a village cannot publish; other villages' and the
county's other records stay where they were; a tampered pack is ignored on load."""

from __future__ import annotations

import base64
import logging
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from store_replica import EncryptedReplica

from registry.errors import ValidationError
from registry.policy import evaluate, packs_for
from registry.policy.distribute import (
    POLICY_PACK_LIST,
    add_county_pack,
    county_packs,
    withdraw_county_pack,
)
from registry.policy.facts import people_facts
from registry.store import Create
from sync.client import SyncClient, SyncError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "policy"))
from policy_helpers import WUYUAN_2026_TRANSPORT, county_pack  # noqa: E402

COUNTY = "361130"
VILLAGE = "361130104201"
NEIGHBOUR = "361130104202"
OTHER_COUNTY_VILLAGE = "361129100201"
PERSON = {"groups": ["脱贫人口"], "work": {"region": "省外", "start": date(2026, 3, 1)},
          "claims": []}
AS_OF = date(2026, 11, 30)


def pack_2026(*, issued=datetime(2026, 1, 5), amount=600) -> bytes:
    rule = {**WUYUAN_2026_TRANSPORT, "amounts": [["", "定额", amount, "人", ""]]}
    return county_pack(pack_id="wuyuan_2026", region=COUNTY, issued=issued, rules=[rule])


def device(server, tmp_path, name, scope, role="village", **client):
    rep = EncryptedReplica(name, scope, root=tmp_path)
    return rep, SyncClient(server.url, server.enrol(name, scope, role), rep, **client)


def answer_of(store, region, facts=None):
    return evaluate(facts or PERSON, as_of=AS_OF, region=region, packs=packs_for(store))


def worker_away(store):
    """A lifted-out-of-poverty worker recorded on the laptop: at work outside the province
    since 2026-03-01 (synthetic); the id of the person."""
    hid = store.create("household", {"household_no": VILLAGE + "0001", "village_code": VILLAGE,
                                     "household_type": "脱贫户"})
    pid = store.create("person", {"household_id": hid, "name": "测试甲", "relation": "户主",
                                  "labour_class": "普通劳动力"})
    store.create("visit", {"person_id": pid, "visit_date": "2026-04-18",
                           "employment_status": "employed", "channel": "away",
                           "work_place": "outside", "start_date": "2026-03-01",
                           "months_worked": 8})
    return pid


def stored_packs(server):
    with server.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT count(*) FROM states WHERE list = 'policy_pack'").scalar()


def test_a_county_pack_reaches_the_villages_under_it_and_changes_their_answers(server,
                                                                               tmp_path):
    county, sync_c = device(server, tmp_path, "county-1", COUNTY, "county")
    village, sync_v = device(server, tmp_path, "village-1", VILLAGE)
    other, sync_o = device(server, tmp_path, "other-1", OTHER_COUNTY_VILLAGE)
    hh = county.store.create("household", {"household_no": "COUNTY-ONLY"}, scope=COUNTY)
    pid = worker_away(village.store)
    sync_v.sync(), sync_o.sync()
    facts = people_facts(village.store)[pid]  # the laptop's own records, offline
    before = answer_of(village.store, VILLAGE, facts)
    assert before.notice_zh == "婺源县 2026-11-30：没有有效的政策包"
    assert before.answer("one_time_transport_subsidy").eligible is False

    entity_id = add_county_pack(county.store, pack_2026(), region=COUNTY)
    assert sync_c.sync().pushed > 0
    result = sync_v.sync()
    assert not result.repaired and result.checked  # digests unchanged by handed-down packs
    after = answer_of(village.store, VILLAGE, facts)
    answer = after.answer("one_time_transport_subsidy")
    assert not after.notice_zh
    assert (answer.rule.id, answer.eligible, answer.amount) == ("wy2026_transport", True, 600)
    # only the pack came down: not the county's other records, not to another county
    assert [e.id for e in village.store.find(POLICY_PACK_LIST)] == [entity_id]
    assert hh not in {e.id for e in village.store.find("household")}
    sync_o.sync()
    assert other.store.find(POLICY_PACK_LIST) == [] and hh not in {
        e.id for e in other.store.find("household")}

    # a village laptop may not edit or delete what the county handed down
    with pytest.raises(ValidationError, match="只读"):
        village.store.delete(entity_id)

    # replaced by a later issue, then withdrawn: both follow by sync
    add_county_pack(county.store, pack_2026(issued=datetime(2026, 6, 1), amount=800),
                    region=COUNTY)
    sync_c.sync(), sync_v.sync()
    assert answer_of(village.store, VILLAGE).answer("one_time_transport_subsidy").amount == 800
    withdraw_county_pack(county.store, "wuyuan_2026")
    sync_c.sync()
    assert sync_v.sync().checked
    assert county_packs(village.store) == []
    assert answer_of(village.store, VILLAGE).notice_zh == "婺源县 2026-11-30：没有有效的政策包"


def test_a_device_enrolled_later_gets_the_pack_in_its_first_snapshot(server, tmp_path):
    county, sync_c = device(server, tmp_path, "county-2", COUNTY, "county")
    add_county_pack(county.store, pack_2026(), region=COUNTY)
    sync_c.sync()
    late, sync_l = device(server, tmp_path, "late-1", NEIGHBOUR,
                          snapshot_limit=1)  # one entity per snapshot page
    result = sync_l.sync()
    assert result.checked and not result.repaired
    answer = answer_of(late.store, NEIGHBOUR).answer("one_time_transport_subsidy")
    assert (answer.eligible, answer.amount) == (True, 600)


def test_a_village_device_cannot_publish_a_pack(server, tmp_path):
    village, sync_v = device(server, tmp_path, "village-3", VILLAGE)
    with pytest.raises(ValidationError, match="只有县级档案"):
        add_county_pack(village.store, pack_2026(), region=VILLAGE)
    # a modified laptop writing the entity anyway: the server refuses the whole batch
    data = pack_2026()
    village.store.write([Create(POLICY_PACK_LIST, {
        "pack_id": "wuyuan_2026", "sha256": "0" * 64, "chunks": 1,
        "data_0": base64.b64encode(data).decode()}, scope=VILLAGE)])
    with pytest.raises(SyncError) as caught:
        sync_v.sync()
    assert caught.value.status == 403 and "policy_pack" in str(caught.value)
    assert stored_packs(server) == 0
    # nor may a site device (a job-service site within the village's scope)
    site, sync_s = device(server, tmp_path, "site-3", VILLAGE, "site")
    site.store.write([Create(POLICY_PACK_LIST, {"pack_id": "wuyuan_2026", "chunks": 0},
                             scope=VILLAGE)])
    with pytest.raises(SyncError) as caught:
        sync_s.sync()
    assert caught.value.status == 403 and "policy_pack" in str(caught.value)
    assert stored_packs(server) == 0


def test_a_tampered_pack_is_ignored_by_the_village(server, tmp_path, caplog):
    county, sync_c = device(server, tmp_path, "county-4", COUNTY, "county")
    village, sync_v = device(server, tmp_path, "village-4", VILLAGE)
    good = pack_2026()
    county.store.write([Create(POLICY_PACK_LIST, {
        "pack_id": "wuyuan_2026", "region": COUNTY, "sha256": "ab" * 32, "chunks": 1,
        "data_0": base64.b64encode(good).decode()}, scope=COUNTY)])
    sync_c.sync(), sync_v.sync()
    assert len(village.store.find(POLICY_PACK_LIST)) == 1  # received ...
    with caplog.at_level(logging.WARNING, logger="registry.policy.distribute"):
        evaluation = answer_of(village.store, VILLAGE)  # ... but not answered from
    assert evaluation.notice_zh == "婺源县 2026-11-30：没有有效的政策包"
    assert "wuyuan_2026" in caplog.text and "SHA-256" in caplog.text


def test_pull_pages_interleave_handed_down_sets_without_skipping_any(server, tmp_path):
    county, sync_c = device(server, tmp_path, "county-5", COUNTY, "county")
    writer, sync_w = device(server, tmp_path, "writer-5", VILLAGE)
    reader, sync_r = device(server, tmp_path, "reader-5", VILLAGE, pull_limit=1)
    sync_r.sync()  # bootstrapped while the server was empty: all that follows comes by pull
    made = []
    for step in range(3):
        made += [writer.store.create("household", {"household_no": f"H{step}{i}"})
                 for i in range(2)]
        sync_w.sync()
        add_county_pack(county.store, pack_2026(issued=datetime(2026, 1, 5 + step),
                                                amount=600 + step), region=COUNTY)
        sync_c.sync()
    result = sync_r.sync()
    assert result.checked and not result.repaired
    assert sorted(e.id for e in reader.store.find("household")) == sorted(made)
    answer = answer_of(reader.store, VILLAGE).answer("one_time_transport_subsidy")
    assert (answer.eligible, answer.amount) == (True, 602)


def test_ancestor_scopes_and_who_may_write():
    from sync.protocol.reach import ancestor_scopes, may_write

    assert ancestor_scopes(VILLAGE) == ("36", "360000000000", "3611", "361100000000", "361130",
                                        "361130000000", "361130104", "361130104000")
    assert ancestor_scopes(COUNTY) == ("36", "360000000000", "3611", "361100000000")
    assert ancestor_scopes("36") == ()
    assert may_write(POLICY_PACK_LIST, "county") and may_write("household", "village")
    assert not any(may_write(POLICY_PACK_LIST, role) for role in ("village", "site", "township"))


def test_a_scope_repair_keeps_the_handed_down_pack(server, tmp_path):
    county, sync_c = device(server, tmp_path, "county-6", COUNTY, "county")
    village, sync_v = device(server, tmp_path, "village-6", VILLAGE)
    worker_away(village.store)
    add_county_pack(county.store, pack_2026(), region=COUNTY)
    sync_c.sync(), sync_v.sync()
    sync_v._replace(sync_v._snapshot())  # what a digest mismatch leads to
    assert [c.pack.id for c in county_packs(village.store)] == ["wuyuan_2026"]
    result = sync_v.sync()
    assert result.checked and not result.repaired
