"""Operations: backup while serving, restore from an older backup (and the devices'
repair), every refusal; /metrics; JSON log lines without personal data; readers in
one snapshot."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from county_server import ROOT, Server, free_port
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import insert
from store_replica import EncryptedReplica
from test_sync_store_replica import client_for, load_village

from registry.store import Update
from sync.client import SyncClient, enroll
from sync.server.apply import top_seq
from sync.server.auth import create_enrolment
from sync.server.cipher import connect_raw
from sync.server.db import change_sets, database_url, open_engine
from sync.server.locking import read_transaction

VILLAGE = "361130104201"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sync.server.cli", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _reopen(server: Server) -> None:
    server.engine.dispose()
    server.engine = open_engine(database_url(server.data, server.db))


def test_backup_while_serving_then_restore_an_older_one_and_the_devices_repair(tmp_path):
    server = Server(tmp_path / "server", None)
    server.start()
    try:
        village = EncryptedReplica("dops", VILLAGE, root=tmp_path)
        load_village(village, VILLAGE, people=6, seed=5)
        client = client_for(server, village, "village")
        assert client.sync().checked
        saved = tmp_path / "backups" / "server-day1.db"
        saved.parent.mkdir()
        out = _cli("backup", "--data", server.data, "--out", saved)  # while it serves
        assert out.returncode == 0, out.stderr
        summary = json.loads(out.stdout)
        assert summary["schema"] == "4" and summary["change_sets"] > 0
        assert saved.stat().st_mode & 0o777 == 0o600
        person = village.store.find("person")[0]
        village.store.write([Update(person.id, {"monthly_income": 4321})])
        load_village(village, VILLAGE, people=4, seed=6)
        people = village.store.count("person")
        sent = client.sync()
        assert sent.pushed > 0 and village.pending_count() == 0  # acknowledged
        live = server.data / "server.db"
        rows_now = _rows(live)

        refused = _cli("restore", "--data", server.data, "--from", saved)
        assert refused.returncode == 2 and "stop it first" in refused.stderr
        assert _rows(live) == rows_now  # nothing changed

        server.kill()
        out = _cli("restore", "--data", server.data, "--from", saved)
        assert out.returncode == 0, out.stderr
        restored = json.loads(out.stdout)
        assert restored["change_sets"] == summary["change_sets"] < rows_now
        kept = [p for p in restored["kept_aside"] if p.endswith("server.db")]
        # the replaced database is kept
        assert kept and _rows_at(kept[0], server.data / "server_db.key") == rows_now
        _reopen(server)
        server.start()
        village.store.write([Update(person.id, {"skill": "电工"})])  # pushed before the resend
        progress: list[tuple[int, int | None]] = []
        client.progress = lambda phase, done, total: progress.append(
            (done, total)) if phase == "push" else None
        again = client.sync()
        assert again.resent > 0 and again.checked and not again.repaired
        assert progress and all(done <= total for done, total in progress)  # each push its own
        assert village.store.count("person") == people
        fresh = EncryptedReplica("dfresh", VILLAGE, root=tmp_path)
        assert client_for(server, fresh, "village").sync().checked
        assert fresh.scope_digest() == village.scope_digest()  # every acknowledged change
        assert fresh.store.get(person.id).props["monthly_income"] == 4321
        assert client.sync().resent == 0
    finally:
        server.kill()
        server.engine.dispose()


def _rows(path) -> int:
    return _rows_at(str(path), Path(path).parent / "server_db.key")


def _rows_at(path: str, key_file: Path) -> int:
    conn = connect_raw(Path(path), key_file)
    try:
        return conn.execute("SELECT count(*) FROM change_sets").fetchone()[0]
    finally:
        conn.close()


def test_backup_and_restore_refusals_change_nothing(tmp_path):
    data = tmp_path / "server"
    data.mkdir()
    engine = open_engine(database_url(data, None))  # a live database, one row
    with engine.begin() as conn:
        conn.execute(insert(change_sets).values(set_id="s", entity_id="e", scope=VILLAGE,
                                                changes=1, body="{}", batch_id="b",
                                                received_ms=1))
    engine.dispose()
    live = data / "server.db"
    before = _digest(live)
    not_db = tmp_path / "notes.txt"
    not_db.write_text("我的备份\n")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    old = tmp_path / "old.db"
    assert _cli("backup", "--data", data, "--out", old).returncode == 0
    conn = connect_raw(old, data / "server_db.key")  # the backup keeps the server's key
    with conn:
        conn.execute("UPDATE server_info SET value = '2' WHERE key = 'schema'")
    conn.close()
    cases = [
        (("restore", "--from", not_db), "not an SQLite database"),
        (("restore", "--from", other), "not a Bangfu server database (no table"),
        (("restore", "--from", old), "schema 2; this server reads 3, 4"),
        (("restore", "--from", tmp_path / "missing.db"), "no such file"),
        (("backup", "--out", old), "the file exists"),
        (("backup", "--out", tmp_path / "x.db", "--db", "postgresql://u@h/bangfu"),
         "use `pg_dump -Fc"),
        (("restore", "--from", old, "--db", "postgresql://u@h/bangfu"), "use `pg_restore"),
    ]
    for args, message in cases:
        out = _cli(args[0], "--data", data, *args[1:])
        assert out.returncode == 2 and message in out.stderr, (args, out.stderr)
        assert _digest(live) == before
        assert not (data / "replaced").exists()
    assert not (tmp_path / "x.db").exists()
    empty = tmp_path / "empty"
    out = _cli("backup", "--data", empty, "--out", tmp_path / "y.db")
    assert out.returncode == 2 and "no server database there" in out.stderr


def _metric(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v
                                           for k, v in labels.items()):
                total += sample.value
    return total


def test_metrics_and_json_logs_without_personal_data(tmp_path):
    data, port = tmp_path / "server", free_port()
    data.mkdir()
    log = tmp_path / "server.log"
    url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "serve", "--data",
                                 str(data), "--port", str(port), "--log-level", "info"],
                                cwd=ROOT, stderr=err)
    engine = open_engine(database_url(data, None))
    try:
        _wait_up(url, proc)
        village = EncryptedReplica("dlog", VILLAGE, root=tmp_path)
        load_village(village, VILLAGE, people=8, seed=9)
        code = create_enrolment(engine, name="王秀英的笔记本", role="village", scope=VILLAGE)
        token = enroll(url, code=code, device_id="dlog")["token"]
        client = SyncClient(url, token, village, batch_size=25)
        result = client.sync()
        assert result.pushed > 25 and result.checked
        assert requests.get(url + "/v1/pull", timeout=10,
                            headers={"Authorization": "Bearer wrong"}).status_code == 401
        text = requests.get(url + "/metrics", timeout=10).text
    finally:
        proc.terminate()
        proc.wait(30)
        engine.dispose()
    batches = _metric(text, "bangfu_batches_total")
    assert batches >= 2  # the client cut the push into batches of about 25 changes
    assert _metric(text, "bangfu_http_requests_total", route="/v1/push", method="POST",
                   status="200") == batches
    assert _metric(text, "bangfu_http_requests_total", route="/v1/pull", status="401") == 1
    assert _metric(text, "bangfu_batch_apply_seconds_count") == batches
    assert _metric(text, "bangfu_changes_stored_total") == result.pushed
    assert _metric(text, "bangfu_change_set_rows") > 0
    assert _metric(text, "bangfu_devices_enrolled") == 1
    assert _metric(text, "bangfu_devices_seen_1d") == 1
    assert _metric(text, "bangfu_http_request_duration_seconds_count", route="/v1/digest") >= 1

    raw = log.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in raw.splitlines()]  # every line is one JSON object
    pushes = [r for r in lines if r.get("route") == "/v1/push"]
    assert len(pushes) == batches and all(r["status"] == 200 and r["ms"] >= 0 for r in pushes)
    assert {"ts", "level", "logger", "msg"} <= set(pushes[0])
    assert any(r.get("route") == "/v1/pull" and r["status"] == 401 for r in lines)
    secrets = [token, code, "王秀英"]
    for person in village.store.find("person"):
        secrets += [v for k in ("name", "id_number", "phone")
                    if isinstance(v := person.props.get(k), str) and v]
    assert len(secrets) > 10
    leaked = [s for s in secrets if s in raw]
    assert not leaked, f"{len(leaked)} personal values or secrets in the log"


def _wait_up(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/v1/health", timeout=1)
            return
        except requests.ConnectionError:
            assert proc.poll() is None, "the server stopped"
            time.sleep(0.1)
    raise AssertionError("server did not start")


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_reader_sees_one_snapshot_while_a_writer_commits(kind, tmp_path, request):
    db = request.getfixturevalue("postgres").new_database() if kind == "postgres" else None
    engine = open_engine(database_url(tmp_path, db))

    def add(n: int) -> None:
        with engine.begin() as conn:
            conn.execute(insert(change_sets).values(
                set_id=f"s{n}", entity_id=f"e{n}", scope=VILLAGE, changes=1, body="{}",
                batch_id="b", received_ms=1))

    try:
        add(1)
        with read_transaction(engine) as reader:
            first = top_seq(reader)
            add(2)  # committed by another connection meanwhile
            assert top_seq(reader) == first  # the reader's snapshot holds
        with read_transaction(engine) as reader:
            assert top_seq(reader) > first
    finally:
        engine.dispose()


def test_a_logged_exception_keeps_its_type_and_frames_but_not_its_message():
    import io
    import logging

    from sync.server.logs import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("bangfu.test-exc")
    logger.addHandler(handler)
    secret = "330102199001011234 王秀英 13800138000"
    try:
        raise ValueError(f"[parameters: ({secret!r},)]")  # as a database error quotes them
    except ValueError:
        logger.error("Exception in ASGI application\n%s", secret, exc_info=True)
    finally:
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert line["exc_type"] == "ValueError" and line["msg"] == "Exception in ASGI application"
    assert any("test_sync_ops.py" in f for f in line["frames"])
    assert "3301021990" not in stream.getvalue() and "王秀英" not in stream.getvalue()
