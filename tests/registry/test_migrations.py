from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from registry.db import integrity_problems, open_encrypted
from registry.errors import SchemaTooNew
from registry.migrations import LATEST, migrate, schema_version
from registry.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"


def open_fixture(tmp_path: Path, name: str):
    shutil.copy(DATA / f"{name}.db", tmp_path / "old.db")
    key = bytes.fromhex(json.loads((DATA / f"{name}.json").read_text())["key_hex"])
    return open_encrypted(tmp_path / "old.db", key)


def test_schema_v1_file_upgrades_to_latest(tmp_path):
    conn = open_fixture(tmp_path, "schema_v1")
    assert schema_version(conn) == 1
    assert migrate(conn) == list(range(2, LATEST + 1))
    assert schema_version(conn) == LATEST
    assert integrity_problems(conn) == []
    store = Store(conn, user="u", device="dfixturev1")
    assert [e.props["name"] for e in store.search("zs")] == ["张三"]
    assert [e.props["name"] for e in store.search("曾")] == ["曾小红"]
    assert len(store.journal()) == 4
    store.create("person", {"name": "新人", "relation": "之女"})
    assert store.journal()[-1].stamp > store.journal(entity_id="e2")[-1].stamp
    store.close()


def test_migrating_twice_changes_nothing(tmp_path):
    conn = open_fixture(tmp_path, "schema_v1")
    migrate(conn)
    assert migrate(conn) == []
    conn.close()


def test_a_newer_file_is_refused(tmp_path):
    conn = open_fixture(tmp_path, "schema_v1")
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(SchemaTooNew):
        migrate(conn)
    conn.close()


def test_failed_step_leaves_the_old_version(tmp_path, monkeypatch):
    conn = open_fixture(tmp_path, "schema_v1")
    import registry.migrations as m

    def broken(c):
        c.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(m, "MIGRATIONS", [m.MIGRATIONS[0], broken])
    with pytest.raises(RuntimeError):
        m.migrate(conn, target=2)
    assert schema_version(conn) == 1
    assert "half_done" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
