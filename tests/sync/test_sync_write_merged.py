"""A county merge reaches a village laptop through the real county server on 127.0.0.1
(real encrypted profiles). When the record was merged into another village's record, the
laptop holds only the merged-away one: every write aimed at it is refused with a clear
message naming it masked, and nothing is written or pushed. When the kept record is in
the laptop's own village, writes follow the merge and reach the county on it."""

from __future__ import annotations

import pytest
from bangfu_testdata import TODAY, make_id
from store_replica import EncryptedReplica

from registry import desk
from registry.county import merge_entities, open_conflicts, resolve_conflict, settle_delete
from registry.errors import NotFound, ValidationError
from registry.store import Create
from registry.submissions import save_submission
from sync.client import SyncClient

COUNTY = "361130"
VILLAGE_A, VILLAGE_B = "361130104201", "361130104202"
NUMBER = make_id(birth="19790505", seq="717")


def device(server, tmp_path, name, scope, role="village"):
    rep = EncryptedReplica(name, scope, root=tmp_path)
    token = server.enrol(name, scope, role)
    return rep, SyncClient(server.url, token, rep)


def register(store, village: str, number: str, **props) -> str:
    hid = store.create("household", {"household_no": f"{village}{number}"}, scope=village)
    return store.write([Create("person", {"name": "韩磊", "relation": "户主", "id_number": NUMBER,
                                          "household_id": hid, **props},
                               scope=village)]).created[0]


def follow_up(person: str) -> dict:
    return {"form_id": "followup", "version": "1", "instance_id": "uuid:m1", "answers": {},
            "entities": [{"list_name": "visit", "action": "create", "entity_id": "v-m1",
                          "properties": {"person_id": person, "visit_date": "2026-11-20"}},
                         {"list_name": "person", "action": "update", "entity_id": person,
                          "properties": {"wished_place": "省外"}}]}


def test_writes_to_a_person_merged_into_another_village_are_refused(server, tmp_path):
    village, sync_v = device(server, tmp_path, "va", VILLAGE_A)
    county, sync_c = device(server, tmp_path, "vc", COUNTY, "county")
    mine = register(village.store, VILLAGE_A, "0001", phone="13800138000")
    sync_v.sync(), sync_c.sync()
    theirs = register(county.store, VILLAGE_B, "0001")
    merge_entities(county.store, keep=theirs, drop=mine)
    sync_c.sync(), sync_v.sync()
    store = village.store
    assert store.get(mine, follow_merges=False).merged_into == theirs
    with pytest.raises(NotFound):
        store.get(theirs)  # another village's record: not on this laptop
    before = len(store.journal())
    attempts = [
        lambda: store.update(mine, {"skill": "电焊"}),
        lambda: store.create("visit", {"person_id": mine, "visit_date": "2026-11-20"}),
        lambda: save_submission(store, follow_up(mine)),
        lambda: desk.record_service(store, person_id=mine, kinds=["guidance"], site="村委",
                                    today=TODAY),
        lambda: desk.ensure_service_code(store, mine),
        lambda: store.delete(mine),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        message = str(refused.value)
        assert "已被县里合并" in message, message
        assert NUMBER not in message and "韩磊" not in message and "13800138000" not in message
        assert f"{NUMBER[:4]}" in message and NUMBER[-4:] in message
    assert len(store.journal()) == before and store.find("submission") == []
    sync_v.sync(), sync_c.sync()
    assert county.store.find("visit") == [] and "skill" not in county.store.get(theirs).props


def test_writes_to_a_person_merged_within_the_village_follow_the_merge(server, tmp_path):
    village, sync_v = device(server, tmp_path, "vb", VILLAGE_A)
    county, sync_c = device(server, tmp_path, "vd", COUNTY, "county")
    keep = register(village.store, VILLAGE_A, "0001")
    drop = register(village.store, VILLAGE_A, "0002", phone="13800138000")
    sync_v.sync(), sync_c.sync()
    merge_entities(county.store, keep=keep, drop=drop)
    sync_c.sync(), sync_v.sync()
    save_submission(village.store, follow_up(drop))
    desk.record_service(village.store, person_id=drop, kinds=["guidance"], site="村委",
                        today=TODAY)
    sync_v.sync(), sync_c.sync()
    for store in (village.store, county.store):
        assert store.get("v-m1").parent == keep
        assert [s.parent for s in store.find("service")] == [keep]
        assert store.get(keep).props["wished_place"] == "省外"
        assert store.get(keep).props["phone"] == "13800138000"
        assert "wished_place" not in store.get(drop, follow_merges=False).props


def test_a_conflict_of_a_record_merged_since_is_settled_everywhere(server, tmp_path):
    a, sync_a = device(server, tmp_path, "ve", VILLAGE_A)
    b, sync_b = device(server, tmp_path, "vf", VILLAGE_A)
    county, sync_c = device(server, tmp_path, "vg", COUNTY, "county")
    keep = register(a.store, VILLAGE_A, "0001")
    drop = register(a.store, VILLAGE_A, "0002", phone="13800138000")
    sync_a.sync(), sync_b.sync()
    a.store.update(drop, {"phone": "13900139000"})
    b.store.update(drop, {"phone": "13700137000"})
    sync_a.sync(), sync_b.sync(), sync_a.sync(), sync_c.sync()
    (conflict,) = open_conflicts(county.store)
    assert conflict["entity"] == drop
    merge_entities(county.store, keep=keep, drop=drop)
    loser = conflict["losers"][0]["value"]
    with pytest.raises(ValidationError, match="只能选择保留"):
        settle_delete(county.store, drop, keep=False)
    resolve_conflict(county.store, drop, "phone", loser)
    sync_c.sync(), sync_a.sync(), sync_b.sync()
    for rep in (a, b, county):
        assert open_conflicts(rep.store) == []
        assert rep.state(drop, "phone").in_conflict is False
        assert rep.store.get(keep).props["phone"] == loser
        assert rep.store.get(drop).id == keep
        assert [e.id for e in rep.store.search(NUMBER[-6:])] == [keep]
