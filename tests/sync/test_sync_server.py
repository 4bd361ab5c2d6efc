"""The county server over real HTTP: enrolment, push, pull, snapshot, digest, flags."""

from __future__ import annotations

import gzip
import json

import requests
from sync_replica import ReferenceReplica, state_of

from sync.protocol import (
    BATCH_MEDIA_TYPE,
    Change,
    encode_batch,
    make_batch,
    new_id,
    scope_digest,
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
    phases = []
    cc.progress = lambda phase, _done, total: phases.append((phase, total))
    result = cc.sync()
    assert result.checked and not result.repaired
    assert c.snapshot_state() == a.snapshot_state()
    assert phases[0] == ("bootstrap", 30) and "repair" not in {p for p, _ in phases}


def _snapshot_queries(client):
    """Record the query of every snapshot request the client sends."""
    queries, call = [], client.http.call

    def recorded(method, path, **kwargs):
        if path == "/snapshot":
            queries.append(dict(kwargs.get("params") or {}))
        return call(method, path, **kwargs)

    client.http.call = recorded
    return queries


def test_bootstrap_pages_through_every_village_with_pushes_between_pages(server):
    a, ca = server.replica("dev-a", V1)
    b, cb = server.replica("dev-b", V2)
    for i in range(9):
        a.edit(f"a{i}", "size", i)
    for i in range(8):
        b.edit(f"b{i}", "size", i)
    ca.sync(), cb.sync()
    c, cc = server.replica("dev-c", "330102001000", role="township")
    cc.snapshot_limit = 3
    queries = _snapshot_queries(cc)
    reports = []

    def between_pages(phase, done, total):
        reports.append((phase, done, total))
        if phase == "bootstrap" and len(reports) == 1:  # others push while c pages
            a.edit("a0", "size", 100)
            a.edit("a-new", "size", 1)
            b.delete("b7")
            ca.sync(), cb.sync()

    cc.progress = between_pages
    result = cc.sync()
    assert result.checked and not result.repaired
    assert len(queries) == 6 and queries[0]["after"] == ""  # 17 entities, 3 a page
    # "a-new" sorts into the page already read: the pull after the pages brings it
    assert [r for r in reports if r[0] == "bootstrap"][-1] == ("bootstrap", 17, 18)
    ca.sync(), cb.sync()
    assert c.scope_digest() == state_digest(a, b)
    assert c.state("a0", "size").winner.value == 100 and c.view("b7").deleted


def state_digest(*replicas):
    """The scope digest of the union of the replicas' current versions."""
    return scope_digest((e, p, st.head_ids) for rep in replicas
                        for (e, p), st in rep.heads.items() if st.heads)


def test_a_cut_bootstrap_resumes_at_the_page_after_the_last_applied(server):
    a, ca = server.replica("dev-a", V1)
    for i in range(10):
        a.edit(f"h{i}", "size", i)
    ca.sync()
    c, cc = server.replica("dev-c", V1)
    cc.snapshot_limit = 3
    pages = []
    cc.progress = lambda phase, done, _t: (pages.append(done), cc.cancel.set()) \
        if phase == "bootstrap" and len(pages) == 1 else pages.append(done)
    first = cc.sync()
    assert first.cancelled and c.get_cursor() is None
    mark = c.get_bootstrap()
    assert mark is not None and first.pulled == 6
    cc.cancel.clear()
    cc.progress = lambda *_: None
    queries = _snapshot_queries(cc)
    second = cc.sync()
    assert queries[0]["after"] == mark[1] and len(queries) == 2  # pages 3 and 4 only
    assert second.checked and not second.repaired and c.get_bootstrap() is None
    assert c.snapshot_state() == a.snapshot_state()


def test_a_snapshot_page_key_is_checked(server):
    _a, ca = server.replica("dev-a", V1)
    for after in ("nonsense", "33:", ":e1", "3301020010019999:e1"):
        reply = requests.get(server.url + "/v1/snapshot", timeout=10, headers=ca.http.headers,
                             params={"limit": 5, "after": after})
        assert reply.status_code == 422, after
    ok = requests.get(server.url + "/v1/snapshot", timeout=10, headers=ca.http.headers,
                      params={"limit": 5, "after": V1 + ":zz"})
    assert ok.status_code == 200 and ok.json()["next"] is None


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


def test_one_batch_merges_in_order_like_single_pushes(server):
    """Lookups and writes are set-wise per batch; the result is that of applying the
    changes one by one: reordered, duplicated, superseding and conflicting changes,
    and duplicate ID numbers, all inside one batch."""
    token = server.enrol("dev-a", V1)
    a, b = ReferenceReplica("dev-a", V1), ReferenceReplica("dev-a", V1)
    c1 = a.edit("h1", "size", 1)
    c2 = a.edit("h1", "size", 2)
    c3 = b.edit("h1", "size", 3)  # concurrent with c1/c2: a conflict
    p1 = a.edit("p1", "id_number", "33010219800101001x", entity_list="person")
    p2 = a.edit("p2", "id_number", "33010219800101001X", entity_list="person")
    first = _post(server, token, make_batch([c1], device="dev-a")).json()
    assert first["accepted"] == 1
    ack = _post(server, token, make_batch([c2, c1, c3, c2, p1, p2, c3],
                                          device="dev-a")).json()
    assert (ack["accepted"], ack["known"], ack["superseded"]) == (4, 3, 0)
    (conflict,) = ack["conflicts"]
    assert conflict["entity"] == "h1" and {conflict["winner"]["id"],
                                           conflict["losers"][0]["id"]} == {c2.change_id,
                                                                            c3.change_id}
    dup = [f for f in ack["flags"] if f["kind"] == "duplicate_id_number"]
    assert [(f["entity_id"], f["detail"]) for f in dup] == [("p2", {"entities": ["p1"]})]
    a.apply_remote([c3])
    late = a.edit("h1", "size", 5, settle=True)
    ack = _post(server, token, make_batch([late, c1], device="dev-a")).json()
    assert (ack["accepted"], ack["known"], ack["conflicts"]) == (1, 1, [])
    reader, client = server.replica("dev-r", V1)
    assert client.sync().checked
    assert reader.snapshot_state() == state_of([c1, c2, c3, p1, p2, late])
    headers = {"Authorization": f"Bearer {token}"}
    snap = requests.get(server.url + "/v1/snapshot", headers=headers, timeout=10).json()
    digest = requests.get(server.url + "/v1/digest", headers=headers, timeout=10).json()
    assert snap["digest"] == [digest["count"], digest["hash"]] and digest["count"] == 3
    assert snap["cursor"] == digest["cursor"] and snap["scope"] == V1


def test_superseded_change_arriving_in_the_same_batch_after_its_replacement(server):
    token = server.enrol("dev-a", V1)
    a = ReferenceReplica("dev-a", V1)
    c1, c2 = a.edit("h1", "size", 1), a.edit("h1", "size", 2)
    ack = _post(server, token, make_batch([c2, c1], device="dev-a")).json()
    assert (ack["accepted"], ack["superseded"]) == (1, 1)
    pulled = requests.get(server.url + "/v1/pull", params={"limit": 1}, timeout=10, headers={
        "Authorization": f"Bearer {token}"}).json()
    assert [c["id"] for c in pulled["changes"]] == [c2.change_id] and pulled["more"]
    snap = requests.get(server.url + "/v1/snapshot", timeout=10, headers={
        "Authorization": f"Bearer {token}"}).json()
    assert [c["id"] for c in snap["changes"]] == [c2.change_id]


def test_scope_prefix_filters_match_startswith(server):
    """Equality for villages and LIKE plus an index range otherwise: the same rows."""
    from sqlalchemy import insert, select

    from sync.server.db import states
    from sync.server.sql import in_prefix

    scopes = ["33", "3301", "330199", "330199999", "330199999999", "330200000000", "339999",
              "399999999999", "40", "99", "999999999999", "330102001001", "330102001"]
    with server.engine.begin() as conn:
        conn.execute(insert(states), [{"entity_id": f"e{i}", "list": "household", "scope": s,
                                       "heads": "{}", "digest": "", "props": 0,
                                       "contested": False} for i, s in enumerate(scopes)])
        for prefix in ("3", "33", "3301", "330199", "330199999", "339999", "39", "9", "99",
                       "999999999", "330102001001", "330199999999", "999999999999"):
            for ranged in (True, False):
                got = set(conn.execute(select(states.c.scope).where(
                    in_prefix(states.c.scope, prefix, ranged=ranged))).scalars())
                assert got == {s for s in scopes if s.startswith(prefix)}, (prefix, ranged)


def test_client_cuts_batches_to_the_byte_budget(server):
    a, ca = server.replica("dev-a", V1)
    for i in range(20):
        a.edit(f"h{i}", "note", "x" * 400)
    ca.batch_bytes = 2000  # about three of these changes
    batches = []
    ca.progress = lambda phase, done, _total: batches.append(done) if phase == "push" else None
    result = ca.sync()
    assert result.pushed == 20 and result.checked and not a.pending_changes(1)
    assert len(batches) == 7 and batches[-1] == 20
    b, cb = server.replica("dev-b", V1)
    assert cb.sync().checked and b.snapshot_state() == a.snapshot_state()


def test_a_page_without_a_valid_cursor_is_refused_and_nothing_is_applied():
    from sync.client import SyncClient, SyncError

    rep = ReferenceReplica("dev-bad", V1)
    client = SyncClient("http://127.0.0.1:9", "token", rep, retries=0)
    good = {"sets": [], "next": None, "total": 0, "scope": V1}
    for cursor in (None, "7", -1, True):
        client.http.call = lambda *_a, _c=cursor, **_k: {**good, "cursor": _c}
        try:
            client.sync()
        except SyncError as exc:
            assert exc.kind == "server" and "cursor" in str(exc)
        else:
            raise AssertionError(f"cursor {cursor!r} accepted")
        assert rep.get_cursor() is None and rep.get_bootstrap() is None
