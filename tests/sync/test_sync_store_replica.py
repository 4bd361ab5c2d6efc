"""The encrypted store behind the real client and server: scopes, acks, digest, repair."""

from __future__ import annotations

import threading

from bangfu_testdata import TODAY
from store_replica import EncryptedReplica

from registry.demo import household_ops
from registry.demo_data import generate_village
from registry.store import Update
from sync.client import SyncClient


def load_village(replica, code, people=12, seed=1):
    households = generate_village(seed=seed, people=people, village_code=code, today=TODAY)
    replica.store.write(household_ops(households, scope=code))


def client_for(server, replica, role):
    token = server.enrol(replica.device_id(), replica.store.default_scope, role)
    return SyncClient(server.url, token, replica, batch_size=40, pull_limit=25, snapshot_limit=7)


def test_county_device_digest_matches_the_server_without_repair(server, tmp_path):
    county = EncryptedReplica("dcounty", "361130", root=tmp_path)
    load_village(county, "361130104201", seed=1)
    load_village(county, "361130104202", seed=2)
    client = client_for(server, county, "county")
    first = client.sync()
    assert first.pushed > 0 and not first.repaired
    again = client.sync()
    assert again.checked and not again.repaired and again.pushed == 0


def test_village_device_pulls_only_its_village_and_matches(server, tmp_path):
    county = EncryptedReplica("dcounty2", "361130", root=tmp_path)
    load_village(county, "361130104201", seed=3)
    load_village(county, "361130104202", seed=4)
    client_for(server, county, "county").sync()
    village = EncryptedReplica("dvillage", "361130104201", root=tmp_path)
    result = client_for(server, village, "village").sync()
    assert result.checked and not result.repaired
    scopes = {s for (s,) in village.store.db.execute("SELECT DISTINCT scope FROM entity")}
    assert scopes == {"361130104201"}
    assert village.store.count("person") == 12
    village_person = county.store.find("person", scope="361130104201")[0]
    assert [e.id for e in village.store.search(village_person.props["id_number"][-6:])] == [
        village_person.id]


def test_acknowledgement_is_per_change_set_and_survives_partial_acks(tmp_path):
    replica = EncryptedReplica("dack", "361130104201", root=tmp_path)
    load_village(replica, "361130104201", people=3)
    first = replica.pending_sets(1)[0]
    props = list(first.props)
    siblings = first.change_ids()
    replica.mark_acknowledged([first.only(props[:1])])
    assert replica.pending_changes(10**6)[0].change_id == siblings[1]
    # Sent again with a property acknowledged before: only what was sent is marked.
    replica.mark_acknowledged([first.only(props[:2])])
    assert replica.pending_changes(10**6)[0].change_id == siblings[2]
    replica.mark_acknowledged([first.only(props[2:])])
    assert all(c.change_id not in siblings for c in replica.pending_changes(10**6))
    replica.mark_acknowledged(replica.pending_sets(10**6))
    assert replica.pending_changes(1) == [] and replica.pending_count() == 0
    person = replica.store.find("person")[0]
    replica.store.write([Update(person.id, {"monthly_income": 1234})])
    (change,) = replica.pending_changes(10)
    assert change.prop == "monthly_income" and change.base is None


def test_digest_cache_follows_every_change(tmp_path):
    replica = EncryptedReplica("ddigest", "361130104201", root=tmp_path)
    load_village(replica, "361130104201", people=3)
    first = replica.scope_digest()
    assert replica.scope_digest() == first  # served from the cache
    person = replica.store.find("person")[0]
    replica.store.update(person.id, {"monthly_income": 99})
    second = replica.scope_digest()
    assert second != first
    replica.store.set_meta("scope_digest_cache", None)
    assert replica.scope_digest() == second  # recomputed from scratch, same answer


def test_pending_sets_pass_over_the_sets_in_flight(tmp_path):
    replica = EncryptedReplica("dskip", "361130104201", root=tmp_path)
    load_village(replica, "361130104201", people=4)
    everything = replica.pending_sets(10**6)
    in_flight = replica.pending_sets(20)
    rest = replica.pending_sets(10**6, skip={s.set_id for s in in_flight})
    assert [s.set_id for s in in_flight + rest] == [s.set_id for s in everything]


def test_push_overlaps_one_batch_and_sends_each_set_once(server, tmp_path):
    county = EncryptedReplica("dpipe", "361130", root=tmp_path)
    load_village(county, "361130104201", people=30)
    client = client_for(server, county, "county")
    calls = {"open": 0, "most": 0, "sets": [], "known": 0}
    lock = threading.Lock()
    send = client._push_batch

    def counted(batch, body):
        with lock:
            calls["open"] += 1
            calls["most"] = max(calls["most"], calls["open"])
            calls["sets"] += [s.set_id for s in batch.sets]
        try:
            ack = send(batch, body)
            calls["known"] += ack["known"]
            return ack
        finally:
            with lock:
                calls["open"] -= 1

    client._push_batch = counted
    total = county.pending_count()
    result = client.sync()
    assert result.pushed == total and county.pending_count() == 0
    assert calls["most"] == 1 and calls["known"] == 0
    assert len(calls["sets"]) == len(set(calls["sets"])) > 30
    assert result.checked and not result.repaired


def test_cancel_during_a_pipelined_push_keeps_what_was_acknowledged(server, tmp_path):
    county = EncryptedReplica("dpipecancel", "361130", root=tmp_path)
    load_village(county, "361130104201", people=30)
    client = client_for(server, county, "county")
    total = county.pending_count()
    client.progress = lambda phase, _done, _total: client.cancel.set() if phase == "push" else None
    first = client.sync()
    assert first.cancelled and 0 < first.pushed < total
    assert county.pending_count() == total - first.pushed
    client.cancel.clear()
    client.progress = lambda *_: None
    second = client.sync()
    assert first.pushed + second.pushed == total and second.checked and not second.repaired


def test_a_server_restored_from_an_older_backup_gets_back_what_it_lost(server, tmp_path):
    village = EncryptedReplica("drestore", "361130104201", root=tmp_path)
    load_village(village, "361130104201", people=6, seed=5)
    client = client_for(server, village, "village")
    assert client.sync().checked
    saved = server.backup()
    person = village.store.find("person")[0]
    village.store.write([Update(person.id, {"monthly_income": 4321})])
    load_village(village, "361130104201", people=4, seed=6)
    people = village.store.count("person")
    sent = client.sync()
    assert sent.pushed > 0 and village.pending_count() == 0  # acknowledged by the server...
    server.restore(saved)  # ...which is then put back to the day before
    again = client.sync()
    assert again.resent > 0 and again.checked and not again.repaired
    records = village.store.db.execute(  # the summary's 重新上传 N 条 counts records
        "SELECT count(DISTINCT entity_id) FROM journal WHERE origin = 0"
        " AND list NOT IN ('submission', 'audit')").fetchone()[0]
    assert 0 < again.resent_records == records < again.resent
    assert village.store.get(person.id).props["monthly_income"] == 4321
    assert village.store.count("person") == people  # nothing disappeared from the device
    fresh = EncryptedReplica("dfresh", "361130104201", root=tmp_path)
    assert client_for(server, fresh, "village").sync().checked
    assert fresh.scope_digest() == village.scope_digest()  # and the server holds it all again
    assert fresh.store.get(person.id).props["monthly_income"] == 4321
    assert client.sync().resent == 0  # once caught up, nothing is sent twice


def test_a_device_whose_state_differs_from_the_server_is_repaired(server, tmp_path):
    village = EncryptedReplica("drepair", "361130104201", root=tmp_path)
    load_village(village, "361130104201", people=5, seed=7)
    client = client_for(server, village, "village")
    assert client.sync().checked
    person = village.store.find("person")[0]
    with village.store.transaction() as conn:  # the device's state damaged behind its back
        conn.execute("DELETE FROM entity WHERE id = ?", (person.id,))
        conn.execute("DELETE FROM meta WHERE key = 'scope_digest_cache'")
    result = client.sync()
    assert result.resent > 0 and result.repaired
    assert village.store.get(person.id).props == person.props
    assert client.sync().checked and not client.sync().repaired
