"""The outside probe's findings (issue 16, item 4): each one refused or bounded, with
nothing stored from a refused request. Real servers over HTTP, SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import requests
from bangfu_testdata import make_id
from sqlalchemy import insert
from sync_replica import ReferenceReplica

from sync.client import SyncClient
from sync.protocol import (
    BATCH_FORMAT,
    BATCH_MEDIA_TYPE,
    MAX_VALUE_DEPTH,
    canonical_json,
    encode_batch,
    make_batch,
    new_id,
)
from sync.server.db import flags
from sync.server.hub import Hub

ROOT = Path(__file__).resolve().parents[2]
V1, V2, COUNTY = "330102001001", "330102001002", "330102"


def _headers(token):
    return {"Authorization": f"Bearer {token}", "Content-Type": BATCH_MEDIA_TYPE}


def _push(server, token, body):
    data = body if isinstance(body, bytes) else encode_batch(body)
    return requests.post(server.url + "/v1/push", data=data, headers=_headers(token),
                         timeout=10)


def _raw_body(device, sets_text):
    """A well-sealed batch whose sets are given as JSON text (any value, any depth)."""
    checksum = hashlib.sha256(sets_text.encode()).hexdigest()
    envelope = (f'{{"batch_id":"{new_id()}","checksum":"{checksum}","device":"{device}",'
                f'"format":"{BATCH_FORMAT}","sets":{sets_text}}}')
    return gzip.compress(envelope.encode())


def _wire(rep, entity, props):
    return {"id": new_id(), "entity": entity, "list": "household",
            "hlc": rep.clock.tick().encode(), "device": rep.device_id(), "user": "u",
            "scope": rep.scope(), "props": props}


def _pulled(server, token):
    reply = requests.get(server.url + "/v1/pull", headers=_headers(token), timeout=10)
    return reply.json()["changes"]


# -- 1. duplicate ID numbers across villages ------------------------------------------
def test_duplicate_id_elsewhere_is_told_but_not_named_and_recorded(server):
    number = make_id("330102", "19800101", "001")
    a, sync_a = server.replica("da", V1)
    token_db = server.enrol("db", V2)
    b = ReferenceReplica("db", V2)
    sync_b = SyncClient(server.url, token_db, b)
    token_b = server.enrol("db-raw", V2)
    a.edit("p-a", "id_number", number, entity_list="person")
    a.edit("p-a", "name", "甲", entity_list="person")
    assert not sync_a.sync().flagged
    b.edit("p-b", "id_number", number.lower(), entity_list="person")
    flagged = sync_b.sync().flagged
    (dup,) = [f for f in flagged if f["kind"] == "duplicate_id_number"]
    assert dup["entity_id"] == "p-b" and dup["detail"] == {"entities": [], "elsewhere": True}
    listed = requests.get(server.url + "/v1/flags", headers=_headers(token_db),
                          timeout=10).json()
    assert [f["detail"] for f in listed] == [{"entities": [], "elsewhere": True}]
    for answer in (flagged, listed):
        assert "p-a" not in json.dumps(answer) and V1 not in json.dumps(answer)
    # a number nobody else holds: no answer at all, and nothing recorded for it
    rep = ReferenceReplica("db-raw", V2)
    lone = rep.edit("p-c", "id_number", make_id("330102", "19900101", "002"),
                    entity_list="person")
    assert _push(server, token_b, make_batch([lone], device="db-raw")).json()["flags"] == []
    # the answer that told db is recorded, with the number masked
    (told,) = Hub(server.engine).disclosures()
    assert (told["device_id"], told["entity_id"], told["scope"]) == ("db", "p-b", V2)
    assert told["id_masked"] == number[:4] + "*" * 10 + number[-4:]
    out = subprocess.run([sys.executable, "-m", "sync.server.cli", "disclosures", "--data",
                          str(server.data), "--device", "db"]
                         + (["--db", server.db] if server.db else []),
                         cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    (line,) = out.stdout.splitlines()
    assert json.loads(line)["id_masked"] == told["id_masked"] and number not in out.stdout
    # the county sees both records
    county = server.enrol("dc", COUNTY, "county")
    seen = requests.get(server.url + "/v1/flags", headers=_headers(county), timeout=10).json()
    (dup,) = [f for f in seen if f["kind"] == "duplicate_id_number"]
    assert (dup["entity_id"], dup["detail"]) == ("p-b", {"entities": ["p-a"]})


def test_duplicate_id_in_the_same_village_still_names_the_other_record(server):
    number = make_id("330102", "19800101", "003")
    a, sync_a = server.replica("da", V1)
    b, sync_b = server.replica("db", V1)
    a.edit("p-a", "id_number", number, entity_list="person")
    sync_a.sync()
    b.edit("p-b", "id_number", number, entity_list="person")
    (dup,) = sync_b.sync().flagged
    assert dup["detail"] == {"entities": ["p-a"]}
    assert Hub(server.engine).disclosures() == []


# -- 2. bad inputs that gave 500 ---------------------------------------------------------
def test_cursor_and_flags_beyond_64_bits_are_refused(server):
    token = server.enrol("da", V1)
    for path, name in (("/v1/pull", "cursor"), ("/v1/flags", "after")):
        for value in (2**63, 2**64 + 5, 10**30):
            reply = requests.get(server.url + path, params={name: value},
                                 headers=_headers(token), timeout=10)
            assert reply.status_code == 422, (path, value, reply.text[:200])
            assert name in reply.text
        ok = requests.get(server.url + path, params={name: 2**63 - 1},
                          headers=_headers(token), timeout=10)
        assert ok.status_code == 200


def test_values_nested_too_deep_are_refused_and_nothing_stored(server):
    token = server.enrol("da", V1)
    rep = ReferenceReplica("da", V1)
    for depth in (MAX_VALUE_DEPTH + 1, 300, 1000):
        text = canonical_json([_wire(rep, "h1", {"size": ["@", None]})])
        text = text.replace('"@"', "[" * depth + "1" + "]" * depth)
        reply = _push(server, token, _raw_body("da", text))
        assert reply.status_code == 400, (depth, reply.text[:200])
        assert "nested deeper" in reply.json()["detail"]
    assert _pulled(server, token) == []
    text = canonical_json([_wire(rep, "h1", {"size": ["@", None]})])
    ok = _push(server, token, _raw_body("da", text.replace(
        '"@"', "[" * MAX_VALUE_DEPTH + "1" + "]" * MAX_VALUE_DEPTH)))
    assert ok.status_code == 200 and ok.json()["accepted"] == 1


def test_one_explicit_change_id_for_two_changes_is_refused(server):
    token = server.enrol("da", V1)
    rep = ReferenceReplica("da", V1)
    first = rep.edit("h1", "size", 1)
    assert _push(server, token, make_batch([first], device="da")).json()["accepted"] == 1
    same = "x" + new_id()
    # in one batch: two entities
    text = canonical_json([_wire(rep, "h1", {"size": [2, first.change_id, {"id": same}]}),
                           _wire(rep, "h2", {"size": [3, first.change_id, {"id": same}]})])
    reply = _push(server, token, _raw_body("da", text))
    assert reply.status_code == 422 and "change id" in reply.json()["detail"]
    # in one set: two properties (the second was silently taken as known)
    text = canonical_json([_wire(rep, "h1", {"size": [2, first.change_id, {"id": same}],
                                             "color": [2, first.change_id, {"id": same}]})])
    assert _push(server, token, _raw_body("da", text)).status_code == 422
    assert len(_pulled(server, token)) == 1
    # across two batches: the same id and base again, for another entity
    text = canonical_json([_wire(rep, "h1", {"size": [2, first.change_id, {"id": same}]})])
    assert _push(server, token, _raw_body("da", text)).status_code == 200
    text = canonical_json([_wire(rep, "h3", {"size": [4, first.change_id, {"id": same}]})])
    reply = _push(server, token, _raw_body("da", text))
    assert reply.status_code == 422 and "already used" in reply.json()["detail"]
    assert sorted(c["entity"] for c in _pulled(server, token)) == ["h1", "h1"]


def test_flags_stored_before_scopes_were_kept_are_shown_by_scope_too(server):
    """A duplicate flag an older server stored names every entity; /flags now looks up
    their scopes and shows a village only its own."""
    number = make_id("330102", "19800101", "004")
    a, sync_a = server.replica("da", V1)
    a.edit("p-a", "id_number", number, entity_list="person")
    sync_a.sync()
    token_b = server.enrol("db", V2)
    with server.engine.begin() as conn:
        conn.execute(insert(flags).values(
            kind="duplicate_id_number", change_id="c1", entity_id="p-b", scope=V2,
            detail=canonical_json({"entities": ["p-a", "gone"]}), created_ms=1))
    shown = requests.get(server.url + "/v1/flags", headers=_headers(token_b),
                         timeout=10).json()
    assert [f["detail"] for f in shown] == [{"entities": [], "elsewhere": True}]
    county = server.enrol("dc", COUNTY, "county")
    seen = requests.get(server.url + "/v1/flags", headers=_headers(county), timeout=10).json()
    assert [f["detail"] for f in seen] == [{"entities": ["p-a"], "elsewhere": True}]
