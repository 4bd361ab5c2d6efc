"""The ``bangfu-server`` command line, and the import rules of ``sync``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from sync_replica import ReferenceReplica

from sync.client import SyncClient, SyncError, enroll
from sync.server.cipher import connect_raw
from sync.server.db import SchemaMismatch, database_url, open_engine

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "sync.server.cli", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_cli_enroll_and_revoke(server):
    db = ["--db", server.db] if server.db else []
    out = _cli("enroll", "--data", str(server.data), *db, "--name", "village-laptop-7",
               "--role", "village", "--scope", "330102001001")
    assert out.returncode == 0, out.stderr
    token = enroll(server.url, code=out.stdout.strip(), device_id="dev-7")["token"]
    rep = ReferenceReplica("dev-7", "330102001001")
    rep.edit("h1", "size", 1)
    assert SyncClient(server.url, token, rep).sync().pushed == 1
    assert _cli("revoke", "--data", str(server.data), *db, "--name", "village-laptop-7"
                ).returncode == 0
    rep.edit("h1", "size", 2)
    try:
        SyncClient(server.url, token, rep, retries=0).sync()
        raise AssertionError("revoked token accepted")
    except SyncError as exc:
        assert exc.kind == "auth"
    bad = _cli("enroll", "--data", str(server.data), *db, "--name", "x", "--role", "village",
               "--scope", "33x")
    assert bad.returncode == 2 and "scope" in bad.stderr


def test_a_database_of_another_schema_is_refused_and_left_as_it_was(tmp_path):
    db = tmp_path / "server.db"
    with connect_raw(db) as conn:  # the layout of the previous server version
        conn.execute("CREATE TABLE states (entity_id TEXT PRIMARY KEY, heads TEXT, lines TEXT)")
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    with connect_raw(db) as conn:
        before = conn.execute(schema).fetchall()
    out = _cli("enroll", "--data", str(tmp_path), "--name", "x", "--role", "village",
               "--scope", "330102001001")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "schema older than 3" in out.stderr and "move it aside" in out.stderr
    with connect_raw(db) as conn:
        assert conn.execute(schema).fetchall() == before  # no table made or changed
    with pytest.raises(SchemaMismatch):
        open_engine(database_url(tmp_path, None))
    fresh = tmp_path / "new"
    fresh.mkdir()
    open_engine(database_url(fresh, None)).dispose()
    open_engine(database_url(fresh, None)).dispose()  # its own schema: opens again


def test_a_schema_3_database_is_upgraded_in_place_keeping_its_rows(tmp_path):
    open_engine(database_url(tmp_path, None)).dispose()
    db = tmp_path / "server.db"
    with connect_raw(db) as conn:  # back to the layout of schema 3
        conn.execute("DROP INDEX ix_states_scope_entity")
        conn.execute("CREATE INDEX ix_states_scope ON states (scope)")
        conn.execute("INSERT INTO states VALUES ('e1', 'person', '330102001001', NULL, 1,"
                     " 'd', 1, 0)")
        conn.execute("UPDATE server_info SET value = '3' WHERE key = 'schema'")
    open_engine(database_url(tmp_path, None)).dispose()
    with connect_raw(db) as conn:
        indexes = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'states'")}
        assert "ix_states_scope_entity" in indexes and "ix_states_scope" not in indexes
        assert conn.execute("SELECT value FROM server_info").fetchone() == ("4",)
        assert conn.execute("SELECT entity_id FROM states").fetchall() == [("e1",)]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_sync_import_rules():
    for path in (ROOT / "sync").rglob("*.py"):
        names = _imports(path)
        assert not any(n.split(".")[0] in {"PySide6", "desktop", "registry", "forms"}
                       for n in names), path
        part = path.relative_to(ROOT / "sync").parts[0]
        if part in ("client", "server"):
            own = {n for n in names if n.startswith("sync.")}
            assert all(n == "sync.protocol" or n.startswith(f"sync.{part}") for n in own), path


def test_sync_does_not_load_qt():
    code = ("import sys, sync.protocol, sync.client, sync.server.app, sync.server.cli;"
            "assert 'PySide6' not in sys.modules")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
