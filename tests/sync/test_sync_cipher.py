"""The server's SQLite database is encrypted at rest with SQLCipher (issue 16, item 4;
docs/server-security.md): no personal data readable in its files, a plaintext database
refused with the command that encrypts it, that command tested on a real one."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from bangfu_testdata import make_id
from sync_replica import ReferenceReplica

from sync.client import SyncClient
from sync.server.cipher import KEY_FILE, DatabaseKeyError, is_plaintext
from sync.server.db import database_url, open_engine

V1 = "330102001001"
ROOT = Path(__file__).resolve().parents[2]
NUMBER = make_id("330102", "19800101", "001")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "sync.server.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _record_person(server, device="da"):
    token = server.enrol(device, V1)
    rep = ReferenceReplica(device, V1)
    rep.edit("p1", "id_number", NUMBER, entity_list="person")
    rep.edit("p1", "name", "王小明", entity_list="person")
    assert SyncClient(server.url, token, rep).sync().checked
    return rep, token


def _bytes_of(folder):
    return b"".join(p.read_bytes() for p in sorted(folder.glob("server.db*")))


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def servers(server_class):
    """``start(folder, db=None)``: a started server, stopped after the test."""
    made = []

    def start(folder, db=None):
        made.append(server_class(folder, db))
        made[-1].start()
        return made[-1]

    yield start
    for srv in made:
        srv.kill()
        srv.engine.dispose()


def test_the_database_files_hold_no_readable_personal_data(servers, tmp_path):
    server = servers(tmp_path / "server")
    _record_person(server)
    server.kill()
    data = _bytes_of(server.data)
    assert NUMBER.encode() not in data and "王小明".encode() not in data
    assert b"SQLite format 3" not in data and b"change_sets" not in data
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(server.data / "server.db").execute(
            "SELECT count(*) FROM sqlite_master").fetchone()
    key = server.data / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_text().strip()) == 64


def test_a_plaintext_database_is_refused_then_encrypted_by_the_named_command(servers,
                                                                             tmp_path):
    folder = tmp_path / "server"
    plain = servers(folder, f"sqlite:///{folder / 'server.db'}")  # as an older server made it
    rep, token = _record_person(plain)
    plain.kill()
    plain.engine.dispose()
    db = folder / "server.db"
    assert is_plaintext(db) and NUMBER.encode() in _bytes_of(folder)
    before = _digest(db)
    refused = _cli("enroll", "--data", str(folder), "--name", "n", "--role", "village",
                   "--scope", V1)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "not encrypted" in refused.stderr
    assert f"bangfu-server encrypt-db --data {folder}" in refused.stderr
    assert _digest(db) == before and not (folder / KEY_FILE).exists()
    with pytest.raises(DatabaseKeyError):
        open_engine(database_url(folder, None))
    done = _cli("encrypt-db", "--data", str(folder))
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["rows"]
    assert rows["change_sets"] == 2 and rows["devices"] == 1
    assert not is_plaintext(db) and NUMBER.encode() not in _bytes_of(folder)
    assert sorted(p.name for p in folder.glob("server.db*")) == ["server.db"]
    again = _cli("encrypt-db", "--data", str(folder))
    assert again.returncode == 2 and "not a plaintext" in again.stderr
    server = servers(folder)  # the same folder, now on SQLCipher: everything kept
    reader, client = server.replica("dr", V1)
    assert client.sync().checked and reader.snapshot_state() == rep.snapshot_state()
    digest = requests.get(server.url + "/v1/digest", timeout=10,  # the old token works
                          headers={"Authorization": f"Bearer {token}"})
    assert digest.status_code == 200 and digest.json()["count"] == 2


def test_a_missing_or_wrong_key_file_is_refused_and_changes_nothing(tmp_path):
    folder = tmp_path / "server"
    assert _cli("enroll", "--data", str(folder), "--name", "n", "--role", "village",
                "--scope", V1).returncode == 0
    db, key = folder / "server.db", folder / KEY_FILE
    before, saved = _digest(db), key.read_text()
    key.unlink()
    out = _cli("server-key", "--data", str(folder))
    assert out.returncode == 2 and "key file" in out.stderr and "missing" in out.stderr
    assert not key.exists() and _digest(db) == before  # no new key made over old data
    key.write_text("ab" * 32 + "\n")
    out = _cli("server-key", "--data", str(folder))
    assert out.returncode == 2 and "cannot be read with the key" in out.stderr
    assert "Traceback" not in out.stderr and "hmac" not in out.stderr
    key.write_text(saved)
    assert _cli("server-key", "--data", str(folder)).returncode == 0


def test_the_key_file_can_live_outside_the_data_folder(servers, tmp_path):
    elsewhere = tmp_path / "usb" / "county.key"
    elsewhere.parent.mkdir()
    out = _cli("enroll", "--data", str(tmp_path / "server"), "--db-key", str(elsewhere),
               "--name", "n", "--role", "village", "--scope", V1)
    assert out.returncode == 0, out.stderr
    assert elsewhere.exists() and not (tmp_path / "server" / KEY_FILE).exists()
    out = _cli("server-key", "--data", str(tmp_path / "server"))
    assert out.returncode == 2 and "missing" in out.stderr
    out = _cli("server-key", "--data", str(tmp_path / "server"), "--db-key", str(elsewhere))
    assert out.returncode == 0
