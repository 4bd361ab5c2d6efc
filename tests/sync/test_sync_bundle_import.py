"""``bangfu-server import-bundle`` (issue 16, item 4): regular files only, size capped,
replays reported as replays, a bundle applied whole or not at all. Real bundle files,
real servers (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sync_replica import ReferenceReplica

from sync.client import SyncClient, enroll
from sync.client.usb import signing_public_hex, write_bundle
from sync.server.auth import create_enrolment
from sync.server.bundles import MAX_BUNDLE_BYTES

V1 = "330102001001"
ROOT = Path(__file__).resolve().parents[2]


def _device(server, device_id):
    key = Ed25519PrivateKey.generate()
    code = create_enrolment(server.engine, name=device_id, role="village", scope=V1)
    reply = enroll(server.url, code=code, device_id=device_id,
                   sign_key=signing_public_hex(key))
    return key, reply


def _import(server, path):
    cmd = [sys.executable, "-m", "sync.server.cli", "import-bundle", "--data",
           str(server.data), str(path)] + (["--db", server.db] if server.db else [])
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=ROOT)


def _pulled(server, token):
    return requests.get(server.url + "/v1/pull", timeout=10, headers={
        "Authorization": f"Bearer {token}"}).json()["changes"]


def test_a_bundle_imported_again_is_reported_as_replayed(server, tmp_path):
    key, reply = _device(server, "dev-a")
    rep = ReferenceReplica("dev-a", V1)
    for i in range(7):
        rep.edit(f"h{i}", "size", i)
    path = tmp_path / "a.bundle"
    write_bundle(rep, path, server_key=reply["server_key"], signing_key=key, batch_size=3)
    first = _import(server, path)
    assert first.returncode == 0, first.stderr
    done = json.loads(first.stdout)
    assert (done["batches"], done["accepted"], done["replayed"]) == (3, 7, 0)
    again = json.loads(_import(server, path).stdout)
    assert (again["batches"], again["accepted"], again["replayed"]) == (3, 0, 3)
    assert all(r["replayed"] and r["accepted"] == 0 for r in again["results"])
    assert len(_pulled(server, reply["token"])) == 7


def test_a_bundle_with_a_refused_batch_stores_nothing_and_names_it(server, tmp_path):
    key, reply = _device(server, "dev-a")
    other = server.enrol("dev-o", V1)
    online = ReferenceReplica("dev-o", V1)
    online.edit("h1", "size", 1)
    assert SyncClient(server.url, other, online).sync().checked
    rep = ReferenceReplica("dev-a", V1)  # has not seen h1: records it as a person
    for i in range(2, 6):
        rep.edit(f"h{i}", "size", i)
    rep.edit("h1", "name", "x", entity_list="person")
    path = tmp_path / "a.bundle"
    write_bundle(rep, path, server_key=reply["server_key"], signing_key=key, batch_size=2)
    out = _import(server, path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "batch 3 of 3" in out.stderr and "nothing" in out.stderr
    assert [c["entity"] for c in _pulled(server, other)] == ["h1"]


def test_only_regular_files_of_bounded_size_are_read(server, tmp_path):
    fifo = tmp_path / "pipe.bundle"
    os.mkfifo(fifo)
    out = _import(server, fifo)  # would wait for a writer forever if opened blindly
    assert out.returncode == 2 and "not a regular file" in out.stderr
    out = _import(server, tmp_path)
    assert out.returncode == 2 and "not a regular file" in out.stderr
    huge = tmp_path / "huge.bundle"
    with huge.open("wb") as f:
        f.truncate(MAX_BUNDLE_BYTES + 1)  # sparse: nothing is written or read
    out = _import(server, huge)
    assert out.returncode == 2 and "more than" in out.stderr
    out = _import(server, tmp_path / "missing.bundle")
    assert out.returncode == 2 and "cannot be opened" in out.stderr
