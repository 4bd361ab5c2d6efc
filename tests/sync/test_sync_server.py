"""The county server over real HTTP: enrolment, push, pull, snapshot, digest, flags."""

from __future__ import annotations

import gzip
import json

import requests

from sync.protocol import (
    BATCH_MEDIA_TYPE,
    Change,
    encode_batch,
    make_batch,
    new_id,
)

V1, V2 = "330102001001", "330102001002"
DAY_MS = 86_400_000


def _post(server, token, batch_or_bytes):
    body = batch_or_bytes if isinstance(batch_or_bytes, bytes) else encode_batch(batch_or_bytes)
    return requests.post(server.url + "/v1/push", data=body, timeout=10, headers={
        "Authorization": f"Bearer {token}", "Content-Type": BATCH_MEDIA_TYPE})


def test_two_devices_sync_and_conflict(server):
    a, ca = server.replica("dev-a", V1)
    b, cb = server.replica("dev-b", V1)
    first = a.edit("h1", "size", 3)
    assert ca.sync().pushed == 1
    rb = cb.sync()
    assert rb.pulled == 1 and rb.checked and not rb.repaired
    a.edit("h1", "size", 4)
    b.edit("h1", "size", 5)
    ca.sync()
    rb = cb.sync()
    assert rb.conflicts and rb.conflicts[0]["kind"] == "edit"
    ra2 = ca.sync()
    assert ra2.checked and not ra2.repaired
    assert a.snapshot_state() == b.snapshot_state()
    assert a.state("h1", "size").in_conflict
    assert first.change_id not in a.state("h1", "size").head_ids


def test_new_device_bootstraps_from_snapshot(server):
    a, ca = server.replica("dev-a", V1)
    for i in range(30):
        a.edit(f"h{i}", "size", i)
    ca.sync()
    c, cc = server.replica("dev-c", "330102001000", role="township")
    result = cc.sync()
    assert result.checked and not result.repaired
    assert c.snapshot_state() == a.snapshot_state()


def test_scope_is_enforced_both_ways(server):
    a, ca = server.replica("dev-a", V1)
    b, cb = server.replica("dev-b", V2)
    a.edit("h1", "size", 1)
    ca.sync()
    assert cb.sync().pulled == 0 and b.snapshot_state() == {}
    token = server.enrol("dev-x", V2)
    foreign = Change(new_id(), "h9", "household", "size", 1, None,
                     "0000000000000001:0000:dev-x", "dev-x", "u", V1)
    reply = _post(server, token, make_batch([foreign], device="dev-x"))
    assert reply.status_code == 403
    assert requests.get(server.url + "/v1/snapshot", headers={
        "Authorization": f"Bearer {token}"}, timeout=10).json()["changes"] == []


def test_batch_is_idempotent_and_id_reuse_refused(server):
    token = server.enrol("dev-a", V1)
    ch = [Change(new_id(), "h1", "household", "size", i, None,
                 f"000000000000000{i}:0000:dev-a", "dev-a", "u", V1) for i in range(1, 3)]
    batch = make_batch(ch[:1], device="dev-a")
    first = _post(server, token, batch).json()
    again = _post(server, token, batch).json()
    assert first["accepted"] == 1 and again["replayed"] and again["accepted"] == 1
    env = json.loads(gzip.decompress(encode_batch(make_batch(ch[1:], device="dev-a"))))
    env["batch_id"] = batch.batch_id
    assert _post(server, token, gzip.compress(json.dumps(env).encode())).status_code == 409
    pulled = requests.get(server.url + "/v1/pull", headers={
        "Authorization": f"Bearer {token}"}, timeout=10).json()
    assert len(pulled["changes"]) == 1


def test_revoked_token_refused(server):
    from sync.server.auth import revoke

    a, ca = server.replica("dev-a", V1)
    a.edit("h1", "size", 1)
    revoke(server.engine, device_id="dev-a")
    result = None
    try:
        result = ca.sync()
    except Exception as exc:  # noqa: BLE001
        assert getattr(exc, "kind", None) == "auth"
    assert result is None


def test_enrolment_code_is_one_time(server):
    from sync.client import SyncError, enroll
    from sync.server.auth import create_enrolment

    code = create_enrolment(server.engine, name="n", role="village", scope=V1)
    enroll(server.url, code=code, device_id="dev-1")
    try:
        enroll(server.url, code=code, device_id="dev-2")
        raise AssertionError("code reused")
    except SyncError as exc:
        assert exc.status == 403


def test_flags_clock_ahead_and_duplicate_id_numbers(server):
    a, ca = server.replica("dev-a", V1, clock_offset_ms=30 * DAY_MS)
    b, cb = server.replica("dev-b", V1)
    a.edit("p1", "id_number", "33010219800101001x", entity_list="person")
    b.edit("p2", "id_number", "33010219800101001X", entity_list="person")
    kinds_a = {f["kind"] for f in ca.sync().flagged}
    flagged_b = cb.sync().flagged
    assert kinds_a == {"clock_ahead"}
    dup = [f for f in flagged_b if f["kind"] == "duplicate_id_number"]
    assert dup and dup[0]["detail"] == {"entities": ["p1"]}
    assert "33010219800101001" not in json.dumps(flagged_b)


def test_openapi_docs(server):
    assert requests.get(server.url + "/docs", timeout=10).status_code == 200
    paths = requests.get(server.url + "/openapi.json", timeout=10).json()["paths"]
    assert {"/v1/push", "/v1/pull", "/v1/snapshot", "/v1/digest", "/v1/enroll"} <= set(paths)
