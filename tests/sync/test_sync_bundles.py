"""USB bundles: sealed to the server, signed by the device, imported like a push."""

from __future__ import annotations

import subprocess
import sys

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sync_replica import ReferenceReplica

from sync.client import SyncClient, enroll
from sync.client.usb import signing_public_hex, write_bundle
from sync.protocol import BundleError
from sync.server.auth import create_enrolment
from sync.server.bundles import import_bundle
from sync.server.hub import Hub

V1 = "330102001001"


def _device(server, device_id):
    key = Ed25519PrivateKey.generate()
    code = create_enrolment(server.engine, name=device_id, role="village", scope=V1)
    reply = enroll(server.url, code=code, device_id=device_id,
                   sign_key=signing_public_hex(key))
    return key, reply


def test_bundle_roundtrip_idempotent_and_then_online_sync(server, tmp_path):
    key, reply = _device(server, "dev-a")
    assert reply["server_key"]
    rep = ReferenceReplica("dev-a", V1)
    for i in range(12):
        rep.edit(f"h{i}", "size", i)
    path = tmp_path / "a.bundle"
    assert write_bundle(rep, path, server_key=reply["server_key"], signing_key=key,
                        batch_size=5) == 12
    cmd = [sys.executable, "-m", "sync.server.cli", "import-bundle", "--data",
           str(server.data), str(path)] + (["--db", server.db] if server.db else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    assert '"accepted": 12' in out
    acks = import_bundle(Hub(server.engine), server.data, path.read_bytes())
    assert all(a.get("replayed") for a in acks)
    result = SyncClient(server.url, reply["token"], rep).sync()
    assert result.checked and not result.repaired and not rep.pending_changes(1)
    pulled = requests.get(server.url + "/v1/pull", timeout=10, headers={
        "Authorization": f"Bearer {reply['token']}"}).json()["changes"]
    assert len(pulled) == 12


def test_tampered_or_foreign_bundles_are_refused(server, tmp_path):
    key, reply = _device(server, "dev-a")
    rep = ReferenceReplica("dev-a", V1)
    rep.edit("h1", "size", 1)
    path = tmp_path / "a.bundle"
    write_bundle(rep, path, server_key=reply["server_key"], signing_key=key)
    data = path.read_bytes()
    hub = Hub(server.engine)
    damaged = data[:-10] + bytes(b ^ 1 for b in data[-10:])
    with pytest.raises(BundleError):
        import_bundle(hub, server.data, damaged)
    write_bundle(rep, path, server_key=reply["server_key"],
                 signing_key=Ed25519PrivateKey.generate())
    with pytest.raises(BundleError):
        import_bundle(hub, server.data, path.read_bytes())
    other = tmp_path / "other"
    other.mkdir()
    with pytest.raises(BundleError):
        import_bundle(hub, other, data)
    with pytest.raises(BundleError):
        import_bundle(hub, server.data, b"not a bundle")
