"""Security: 1,000 fuzzed payloads answered 4xx with nothing stored; tokens and scope."""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
import random

import requests
from sync_replica import ReferenceReplica

from sync.protocol import (
    BATCH_FORMAT_V1,
    BATCH_MEDIA_TYPE,
    BatchError,
    canonical_json,
    decode_batch,
    encode_batch,
    make_batch,
)

V1 = "330102001001"

BAD_VALUES = [None, "", 0, -1, 1.5, True, [], {}, "x" * 5000, "330102001002",
              "0000000000000001:0000:other", "not:a:stamp", {"$ne": 1}, ["a"], "\u0000",
              "../../etc", "33010200100", "3301020010011"]
FIELDS = ["id", "entity", "list", "prop", "base", "hlc", "device", "user", "scope", "seen",
          "resolves"]


def _envelope(rep):
    changes = [rep.edit(f"h{i}", "size", i) for i in range(3)]
    batch = make_batch(changes, device="dev-a")
    return json.loads(gzip.decompress(encode_batch(batch, format=BATCH_FORMAT_V1)))


def _set_envelope():
    """A format-3 envelope: two change sets of three properties each."""
    from sync.protocol import Change, new_id

    changes = [Change(f"{sid}.p{i}", f"h{n}", "household", f"p{i}", i, None,
                      f"000000000000000{n + 1}:0000:dev-a", "dev-a", "u", V1)
               for n, sid in enumerate((new_id(), new_id())) for i in range(3)]
    return json.loads(gzip.decompress(encode_batch(make_batch(changes, device="dev-a"))))


def _reseal(env, rng):
    if rng.random() < 0.8:  # usually keep the checksum right, to reach deeper checks
        import hashlib

        body = canonical_json(env.get("changes")) if isinstance(env, dict) else ""
        if isinstance(env, dict):
            env["checksum"] = hashlib.sha256(body.encode()).hexdigest()
    return gzip.compress(json.dumps(env).encode())


def _mutate(env, rng):
    env = copy.deepcopy(env)
    kind = rng.randrange(9)
    change = rng.choice(env["changes"])
    if kind == 0:
        del change[rng.choice([f for f in FIELDS if f in change and f not in ("base",)])]
        return _reseal(env, rng)
    if kind == 1:
        change[rng.choice([f for f in FIELDS if f not in ("base", "user", "prop")])] = (
            rng.choice(BAD_VALUES))
        if change.get("scope") == V1 and change.get("device") == "dev-a":
            change["hlc"] = "garbage"
        return _reseal(env, rng)
    if kind == 2:
        key = rng.choice(["format", "batch_id", "device", "changes"])
        env[key] = rng.choice([None, 1, "", [], {}, "x" * 100] + (
            ["dev-b"] if key == "device" else []))  # any short string is a valid batch id
        return _reseal(env, rng)
    if kind == 3:
        env["changes"] = rng.choice([None, "x", [1, 2], [[]], [None]])
        return _reseal(env, rng)
    if kind == 4:
        raw = bytearray(encode_batch_bytes(env))
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        return bytes(raw)
    if kind == 5:
        raw = encode_batch_bytes(env)
        return raw[: rng.randrange(len(raw))]
    if kind == 6:
        return rng.randbytes(rng.randint(0, 300))
    if kind == 7:
        return gzip.compress(rng.choice([b"[]", b"null", b"{}", b'{"format":1}', b"\xff\xfe"]))
    change["value"] = {"deep": "x" * 70_000}
    return _reseal(env, rng)


def encode_batch_bytes(env):
    return gzip.compress(json.dumps(env).encode())


def test_fuzzed_payloads_are_refused_and_store_nothing(server):
    token = server.enrol("dev-a", V1)
    server.enrol("dev-b", V1)
    env = _envelope(ReferenceReplica("dev-a", V1))
    rng = random.Random(20240611)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": BATCH_MEDIA_TYPE}
    session = requests.Session()
    statuses = {}
    for _ in range(1000):
        body = _mutate(env, rng)
        reply = session.post(server.url + "/v1/push", data=body, headers=headers, timeout=10)
        statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1
        assert 400 <= reply.status_code < 500, (reply.status_code, reply.text[:200])
    assert session.get(server.url + "/v1/health", timeout=5).status_code == 200
    pulled = session.get(server.url + "/v1/pull", headers=headers, timeout=5).json()
    assert pulled["changes"] == []
    assert set(statuses) <= {400, 403, 409, 413, 422}


def _mutate_sets(env, rng):
    env = copy.deepcopy(env)
    group = rng.choice(env["sets"])
    entry = group["props"][rng.choice(sorted(group["props"]))]
    kind = rng.randrange(6)
    if kind == 0:
        group[rng.choice(["id", "entity", "list", "hlc", "user", "scope", "device",
                          "props", "seen", "extra"])] = rng.choice(BAD_VALUES)
    elif kind == 1:
        del group[rng.choice([k for k in group if k != "props"])]
    elif kind == 2:
        entry[rng.randrange(len(entry))] = rng.choice(BAD_VALUES)
    elif kind == 3:
        entry.append(rng.choice([{}, {"id": None}, {"x": 1}, {"seen": 1}, [], "x",
                                 {"r": [""]}, {"r": "x"}]))
    elif kind == 4:
        group["props"] = rng.choice([[], None, {}, {"p": []}, {"p": [1]}, "x",
                                     {"": [1, None]}, [[1, 2, 3]]])
    else:
        env["sets"] = rng.choice([[], None, "x", [None], [{}], [{"props": []}]])
    if rng.random() < 0.8 and isinstance(env.get("sets"), list):
        # keep the checksum right where the sets still decode, to reach deeper checks
        env["checksum"] = hashlib.sha256(canonical_json(env["sets"]).encode()).hexdigest()
    data = gzip.compress(json.dumps(env).encode())
    try:
        decode_batch(data)
    except BatchError:
        return data
    group["hlc"] = "garbage"  # the mutation left a valid batch: break it for sure
    return gzip.compress(json.dumps(env).encode())


def test_fuzzed_grouped_payloads_are_refused_and_store_nothing(server):
    token = server.enrol("dev-a", V1)
    env = _set_envelope()
    rng = random.Random(20260611)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": BATCH_MEDIA_TYPE}
    session = requests.Session()
    statuses = {}
    for _ in range(300):
        reply = session.post(server.url + "/v1/push", data=_mutate_sets(env, rng),
                             headers=headers, timeout=10)
        statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1
        assert 400 <= reply.status_code < 500, (reply.status_code, reply.text[:200])
    pulled = session.get(server.url + "/v1/pull", headers=headers, timeout=5).json()
    assert pulled["changes"] == []
    assert set(statuses) <= {400, 403, 422}


def test_requests_without_valid_token_are_refused(server):
    for auth in (None, "Bearer nope", "Basic abc", "Bearer "):
        headers = {"Authorization": auth} if auth else {}
        for path in ("/v1/pull", "/v1/snapshot", "/v1/digest"):
            reply = requests.get(server.url + path, headers=headers, timeout=5)
            assert reply.status_code == 401
    reply = requests.post(server.url + "/v1/push", data=b"x", timeout=5)
    assert reply.status_code == 401


def test_device_cannot_push_as_another_device(server):
    token_b = server.enrol("dev-b", V1)
    rep = ReferenceReplica("dev-a", V1)
    batch = make_batch([rep.edit("h1", "size", 1)], device="dev-a")
    reply = requests.post(server.url + "/v1/push", data=encode_batch(batch), timeout=5,
                          headers={"Authorization": f"Bearer {token_b}"})
    assert reply.status_code == 403
