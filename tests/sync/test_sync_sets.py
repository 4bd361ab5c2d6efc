"""Change sets end to end: stored and served whole, fast paths that stay the merge rule."""

from __future__ import annotations

import gc
import threading

import requests
from sqlalchemy import select
from sync_replica import ReferenceReplica, state_of

from sync.protocol import (
    BATCH_MEDIA_TYPE,
    ChangeSet,
    encode_batch,
    make_batch,
    new_id,
    paused_gc,
    sets_of,
)
from sync.server.db import change_sets, states

V1 = "330102001001"


def _post(server, token, batch):
    return requests.post(server.url + "/v1/push", data=encode_batch(batch), timeout=10,
                         headers={"Authorization": f"Bearer {token}",
                                  "Content-Type": BATCH_MEDIA_TYPE})


def _get(server, token, path, **params):
    return requests.get(server.url + path, params=params, timeout=10,
                        headers={"Authorization": f"Bearer {token}"}).json()


def _creating_set(device, entity, props, hlc):
    return ChangeSet(new_id(), entity, "household", hlc, device, "u", V1,
                     {p: [v, None] for p, v in props.items()})


def test_pull_and_snapshot_serve_the_same_changes_as_sets_and_as_changes(server):
    a, ca = server.replica("dev-a", V1)
    for n in range(3):
        a.edit(f"h{n}", "size", n)
        a.edit(f"h{n}", "size", n + 10)
    ca.sync()
    token = server.enrol("dev-r", V1)
    flat = _get(server, token, "/v1/pull")
    grouped = _get(server, token, "/v1/pull", format="sets")
    as_changes = [c.to_dict() for s in grouped["sets"]
                  for c in ChangeSet(s["id"], s["entity"], s["list"], s["hlc"], s["device"],
                                     s["user"], s["scope"], s["props"]).changes()]
    assert flat["changes"] == as_changes and len(as_changes) == 6
    assert flat["cursor"] == grouped["cursor"]
    snap_sets = _get(server, token, "/v1/snapshot", format="sets")
    snap_flat = _get(server, token, "/v1/snapshot")
    assert len(snap_sets["sets"]) == len(snap_flat["changes"]) == 3  # one current edit each
    assert snap_sets["digest"] == snap_flat["digest"]


def test_a_set_id_reused_for_another_entity_is_refused_and_nothing_is_stored(server):
    token = server.enrol("dev-a", V1)
    first = _creating_set("dev-a", "h1", {"size": 1}, "0000000000000001:0000:dev-a")
    assert _post(server, token, make_batch([first], device="dev-a")).status_code == 200
    thief = ChangeSet(first.set_id, "h2", "household", "0000000000000002:0000:dev-a", "dev-a",
                      "u", V1, {"size": [2, None]})
    reply = _post(server, token, make_batch([thief], device="dev-a"))
    assert reply.status_code == 422 and "another entity" in reply.json()["detail"]
    pulled = _get(server, token, "/v1/pull", format="sets")
    assert [s["entity"] for s in pulled["sets"]] == ["h1"]
    # Within one batch too: the second use is refused with the first, nothing stored.
    made = _creating_set("dev-a", "h3", {"size": 3}, "0000000000000003:0000:dev-a")
    again = ChangeSet(made.set_id, "h4", "household", "0000000000000004:0000:dev-a", "dev-a",
                      "u", V1, {"size": [4, None]})
    reply = _post(server, token, make_batch([made, again], device="dev-a"))
    assert reply.status_code == 422 and "another entity" in reply.json()["detail"]
    pulled = _get(server, token, "/v1/pull", format="sets")
    assert [s["entity"] for s in pulled["sets"]] == ["h1"]


def test_creating_sets_take_the_fast_path_yet_merge_like_single_changes(server):
    """A creating set stored as it came must leave the state the merge rule gives:
    with a later edit in the same batch, a concurrent creation elsewhere, and a replay."""
    token = server.enrol("dev-a", V1)
    a, b = ReferenceReplica("dev-a", V1), ReferenceReplica("dev-a", V1)
    made = [a.edit("h1", p, v) for p, v in (("size", 3), ("head", "x"), ("size", 4))]
    other = b.edit("h1", "size", 9)  # concurrent with the creation: a conflict
    batch = make_batch(sets_of([*made, other]), device="dev-a")
    ack = _post(server, token, batch).json()
    assert (ack["accepted"], ack["known"]) == (4, 0) and len(ack["conflicts"]) == 1
    assert _post(server, token, batch).json()["replayed"]
    reader, client = server.replica("dev-r", V1)
    assert client.sync().checked
    assert reader.snapshot_state() == state_of([*made, other])


def test_a_created_entity_keeps_no_copy_of_its_set_until_it_is_edited(server):
    """A new entity's state row points at its creating set; snapshots serve that set's
    stored body as it is, and the first edit turns the row into explicit heads."""
    token = server.enrol("dev-a", V1)
    made = _creating_set("dev-a", "h1", {"size": 1, "head": "x"}, "0000000000000001:0000:dev-a")
    assert _post(server, token, make_batch([made], device="dev-a")).status_code == 200
    with server.engine.connect() as conn:
        row = conn.execute(select(states.c.heads, states.c.origin, states.c.props)).one()
        origin = conn.execute(select(change_sets.c.seq, change_sets.c.body).where(
            change_sets.c.set_id == made.set_id)).one()
    assert row.heads is None and row.origin == origin.seq and row.props == 2
    snap = requests.get(server.url + "/v1/snapshot", params={"format": "sets"}, timeout=10,
                        headers={"Authorization": f"Bearer {token}"}).text
    assert origin.body in snap
    edit = ChangeSet(new_id(), "h1", "household", "0000000000000002:0000:dev-a", "dev-a", "u",
                     V1, {"size": [2, made.change_id("size")]})
    assert _post(server, token, make_batch([edit], device="dev-a")).status_code == 200
    with server.engine.connect() as conn:
        row = conn.execute(select(states.c.heads, states.c.origin)).one()
    assert row.heads is not None and row.origin is None
    sets = _get(server, token, "/v1/snapshot", format="sets")["sets"]
    assert sorted((s["id"], sorted(s["props"])) for s in sets) == sorted(
        [(made.set_id, ["head"]), (edit.set_id, ["size"])])
    reader, client = server.replica("dev-r", V1)
    assert client.sync().checked and not client.sync().repaired
    assert reader.snapshot_state()[("h1", "size")] == (edit.change_id("size"),)


def test_paused_gc_nests_across_threads_and_always_restores():
    assert gc.isenabled()
    inside = threading.Event()
    leave = threading.Event()

    def worker():
        with paused_gc():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=worker)
    with paused_gc():
        assert not gc.isenabled()
        thread.start()
        inside.wait(5)
    assert not gc.isenabled()  # the worker still holds it
    leave.set()
    thread.join(5)
    assert gc.isenabled()
    try:
        with paused_gc():
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert gc.isenabled()
