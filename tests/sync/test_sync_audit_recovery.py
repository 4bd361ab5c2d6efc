"""The audit trail reaches the county; the county recovery key recovers a profile whose only
user forgot the passphrase (real server, real profiles, real key files, the real CLIs)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from bangfu_testdata import PASSPHRASE, VILLAGE, make_id

from registry import audit
from registry.errors import WrongPassphrase
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.replica import StoreReplica
from sync.client import SyncClient
from sync.client.enrolment import connect
from sync.server.auth import create_enrolment

ROOT = Path(__file__).resolve().parents[2]
FAST = KdfParams.fast()
KEY_PASS = "Xian-Ji-Hui-Fu-2026"
NEW_PASS = "Xin-Mi-Ma-2027"
NAME, ID, PHONE = "司马测试", make_id(seq="555"), "13698765432"


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=120)


def init_key(server, out: Path) -> str:
    made = run("sync.server.cli", "recovery-key", "init", "--data", str(server.data),
               "--out", str(out), BANGFU_RECOVERY_PASSPHRASE=KEY_PASS)
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


def enrol(server, device: str, scope: str, role: str) -> str:
    """A token for ``device``, enrolled over HTTP with a fresh code."""
    code = create_enrolment(server.engine, name=device, role=role, scope=scope)
    return connect(server.url, code, device_id=device, scope=scope).token


def client(server, store, token: str) -> SyncClient:
    return SyncClient(server.url, token, StoreReplica(store), retries=3, backoff_s=0.05)


def test_the_recovery_key_is_made_once_and_served(server, tmp_path):
    assert requests.get(server.url + "/v1/recovery-key").json() == {"recovery_key": None}
    weak = run("sync.server.cli", "recovery-key", "init", "--data", str(server.data),
               "--out", str(tmp_path / "k.json"), BANGFU_RECOVERY_PASSPHRASE="Short-1a")
    assert weak.returncode == 2 and "12" in weak.stderr and not (tmp_path / "k.json").exists()
    public = init_key(server, tmp_path / "k.json")
    assert stat.S_IMODE((tmp_path / "k.json").stat().st_mode) == 0o600
    assert public not in (tmp_path / "k.json").read_text().split('"sealed"')[1]
    shown = run("sync.server.cli", "recovery-key", "show", "--data", str(server.data))
    assert shown.stdout.strip() == public
    assert requests.get(server.url + "/v1/recovery-key").json() == {"recovery_key": public}
    again = run("sync.server.cli", "recovery-key", "init", "--data", str(server.data),
                "--out", str(tmp_path / "k2.json"), BANGFU_RECOVERY_PASSPHRASE=KEY_PASS)
    assert again.returncode == 2 and "only once" in again.stderr
    code = create_enrolment(server.engine, name="d1", role="village", scope=VILLAGE)
    assert connect(server.url, code, device_id="d1", scope=VILLAGE).recovery_key == public


def test_a_session_is_audited_at_the_county_and_a_forgotten_passphrase_recovered(
        server, tmp_path):
    key_file = tmp_path / "county-recovery.json"
    public = init_key(server, key_file)
    village = Profile(tmp_path / "village")
    store = village.create(user="secretary", passphrase=PASSPHRASE, scope=VILLAGE, kdf=FAST,
                           device="dvillage")
    assert village.keyring().recovery_recipients() == []
    person = store.create("person", {"name": NAME, "id_number": ID, "phone": PHONE})
    assert audit.reveal(store, entity_id=person, field="id_number") == ID
    audit.record(store, action="export", target="village-monthly",
                 detail={"rows": 1, "masked": True})
    token = enrol(server, "dvillage", VILLAGE, "village")
    assert client(server, store, token).sync().pushed > 0
    assert village.keyring().recovery_recipients() == [public]  # the slot, at this sync
    synced = audit.entries(store, action="sync")
    assert [(e.result, e.detail["pulled"] >= 0) for e in synced] == [("ok", True)]
    assert StoreReplica(store).pending_count() == 0  # kept, but not a change to send yet
    client(server, store, token).sync()  # a second sync adds no second slot
    assert village.keyring().recovery_recipients() == [public]
    store.update(person, {"phone": "13600001111"})  # never synced
    unsynced = store.create("person", {"name": "未同步", "id_number": make_id(seq="556")})
    pending = StoreReplica(store).pending_count()
    store.close()

    # the only user forgot the passphrase: a county officer brings the key file
    forgot = run("registry.accounts_cli", "recover", "--profile", str(village.folder), "--key",
                 str(key_file), "--user", "secretary",
                 BANGFU_RECOVERY_PASSPHRASE="Wrong-Key-Pass-1", BANGFU_NEW_PASSPHRASE=NEW_PASS)
    assert forgot.returncode == 2 and "口令错误" in forgot.stderr
    done = run("registry.accounts_cli", "recover", "--profile", str(village.folder), "--key",
               str(key_file), "--user", "secretary",
               BANGFU_RECOVERY_PASSPHRASE=KEY_PASS, BANGFU_NEW_PASSPHRASE=NEW_PASS)
    assert done.returncode == 0, done.stderr
    with pytest.raises(WrongPassphrase):
        village.unlock("secretary", PASSPHRASE)
    store = village.unlock("secretary", NEW_PASS)
    assert store.get(person).props["phone"] == "13600001111"
    assert store.get(unsynced).props["name"] == "未同步"
    replica = StoreReplica(store)
    assert replica.pending_count() > pending  # the same changes, plus the recovery's audit
    recovered = audit.entries(store, action="passphrase_change")
    assert recovered[-1].detail["by"] == "county_recovery_key"
    assert client(server, store, token).sync().pushed > 0
    assert StoreReplica(store).pending_count() == 0
    store.close()

    county_store = Profile(tmp_path / "county").create(
        user="officer", passphrase=PASSPHRASE, scope="361130", kdf=FAST, device="dcounty")
    client(server, county_store, enrol(server, "dcounty", "361130", "county")).sync()
    trail = audit.read(county_store, device="dvillage")
    actions = {e.action for e in trail}
    assert {"reveal", "export", "sync", "recovery_slot", "recovery", "passphrase_change",
            "login"} <= actions, actions
    assert all(e.user == "secretary" for e in trail if e.action not in {"recovery",
                                                                         "passphrase_change"})
    assert {e.user for e in trail if e.action == "recovery"} == {"county recovery"}
    text = json.dumps([c.value for c in county_store.journal() if c.entity_list == "audit"],
                      ensure_ascii=False)
    assert ID not in text and PHONE not in text and NAME not in text
    county_store.close()


def test_failed_syncs_and_usb_bundles_are_audited(server, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from sync.client import SyncError
    from sync.client.usb import write_bundle
    from sync.server.keys import server_public_hex

    profile = Profile(tmp_path / "village")
    store = profile.create(user="secretary", passphrase=PASSPHRASE, scope=VILLAGE, kdf=FAST,
                           device="dusb")
    store.create("person", {"name": NAME, "id_number": ID})
    replica = StoreReplica(store)
    pending = replica.pending_count()
    count = write_bundle(replica, tmp_path / "b.bundle", server_key=server_public_hex(server.data),
                         signing_key=Ed25519PrivateKey.generate())
    assert count == pending == replica.pending_count()  # writing acknowledges nothing
    down = SyncClient(server.url, "not-a-token", replica, retries=0)
    with pytest.raises(SyncError):
        down.sync()
    kept = [(e.action, e.result) for e in audit.entries(store)]
    assert kept == [("usb_bundle", "ok"), ("sync", "failed")]
    assert audit.entries(store, action="usb_bundle")[0].detail["changes"] == count
    store.close()
    store = profile.unlock("secretary", PASSPHRASE)  # the login adds them to the synced list
    audited = {c.entity_id for c in store.journal() if c.entity_list == "audit"}
    assert len(audited) == 3 and all(not e.id.startswith("queued") for e in audit.entries(store))
    store.close()
