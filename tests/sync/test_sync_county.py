"""County-side resolution is itself a change that syncs back to every device."""

from __future__ import annotations

from bangfu_testdata import make_id
from store_replica import EncryptedReplica

from registry.county import (
    duplicate_id_numbers,
    merge_entities,
    open_conflicts,
    resolve_conflict,
    settle_delete,
)
from registry.store import Create
from sync.client import SyncClient

VILLAGE = "361130104201"


def device(server, tmp_path, name, scope, role):
    rep = EncryptedReplica(name, scope, root=tmp_path)
    token = server.enrol(name, scope, role)
    return rep, SyncClient(server.url, token, rep)


def test_a_conflict_resolved_at_county_reaches_every_device(server, tmp_path):
    a, sync_a = device(server, tmp_path, "da", VILLAGE, "village")
    b, sync_b = device(server, tmp_path, "db", VILLAGE, "village")
    county, sync_c = device(server, tmp_path, "dc", "361130", "county")
    pid = a.store.create("person", {"name": "甲", "phone": "13800138000"})
    sync_a.sync()
    sync_b.sync()
    a.store.update(pid, {"phone": "13900139000"})
    b.store.update(pid, {"phone": "13700137000"})
    sync_a.sync(), sync_b.sync(), sync_a.sync(), sync_c.sync()
    (conflict,) = open_conflicts(county.store)
    assert conflict["prop"] == "phone" and len(conflict["losers"]) == 1
    loser = conflict["losers"][0]["value"]
    resolve_conflict(county.store, pid, "phone", loser)
    sync_c.sync(), sync_a.sync(), sync_b.sync()
    for rep in (a, b, county):
        assert rep.store.get(pid).props["phone"] == loser
        assert rep.state(pid, "phone").in_conflict is False
        assert open_conflicts(rep.store) == []
    values = {c.value for c in a.store.journal(entity_id=pid) if c.prop == "phone"}
    assert values == {"13800138000", "13900139000", "13700137000"}  # nothing dropped
    # the county bootstrapped from a snapshot: it holds both sides of the conflict
    county_values = {c.value for c in county.store.journal(entity_id=pid) if c.prop == "phone"}
    assert {"13900139000", "13700137000"} <= county_values


def test_choosing_the_current_winner_still_settles(server, tmp_path):
    a, sync_a = device(server, tmp_path, "da2", VILLAGE, "village")
    b, sync_b = device(server, tmp_path, "db2", VILLAGE, "village")
    pid = a.store.create("person", {"name": "乙"})
    sync_a.sync(), sync_b.sync()
    a.store.update(pid, {"note": "甲说"})
    b.store.update(pid, {"note": "乙说"})
    sync_a.sync(), sync_b.sync(), sync_a.sync()
    winner = a.store.get(pid).props["note"]
    resolve_conflict(a.store, pid, "note", winner)
    sync_a.sync(), sync_b.sync()
    assert b.state(pid, "note").head_ids == a.state(pid, "note").head_ids
    assert len(a.state(pid, "note").heads) == 1 and b.store.get(pid).props["note"] == winner


def test_delete_conflict_kept_by_county(server, tmp_path):
    a, sync_a = device(server, tmp_path, "da3", VILLAGE, "village")
    b, sync_b = device(server, tmp_path, "db3", VILLAGE, "village")
    pid = a.store.create("person", {"name": "丙"})
    sync_a.sync(), sync_b.sync()
    a.store.delete(pid)
    b.store.update(pid, {"phone": "13800138000"})
    sync_a.sync(), sync_b.sync(), sync_a.sync()
    assert not a.store.get(pid).deleted  # the delete never saw the edit: it loses
    assert any(c["prop"] == "_deleted" for c in open_conflicts(a.store))
    settle_delete(a.store, pid, keep=True)
    sync_a.sync(), sync_b.sync()
    assert open_conflicts(a.store) == [] and open_conflicts(b.store) == []
    assert not b.store.get(pid).deleted and b.store.get(pid).props["phone"] == "13800138000"


def test_duplicates_merged_at_county_redirect_everywhere(server, tmp_path):
    county, sync_c = device(server, tmp_path, "dc4", "361130", "county")
    other, sync_o = device(server, tmp_path, "do4", "361130", "county")
    id_number = make_id()
    h1 = county.store.create("household", {"household_no": "H1"}, scope=VILLAGE)
    h2 = county.store.create("household", {"household_no": "H2"}, scope="361130104202")
    p1, p2 = county.store.write([
        Create("person", {"name": "丁", "id_number": id_number, "household_id": h1}),
        Create("person", {"name": "丁", "id_number": id_number, "household_id": h2,
                          "phone": "13800138000"})]).created
    visit = county.store.create("visit", {"person_id": p2, "month": "2026-11"})
    spell = county.store.create("work_spell", {"person_id": p2, "employer": "某厂"})
    assert duplicate_id_numbers(county.store) == [sorted([p1, p2])]
    merge_entities(county.store, keep=p1, drop=p2)
    assert duplicate_id_numbers(county.store) == []
    sync_c.sync(), sync_o.sync()
    for rep in (county, other):
        assert rep.store.get(p2).id == p1
        assert rep.store.get(p1).props["phone"] == "13800138000"
        assert rep.store.get(rep.store.get(visit).props["person_id"]).id == p1
        assert [e.id for e in rep.store.search(id_number[-6:])] == [p1]
        assert rep.store.get(spell).props["person_id"] == p1
