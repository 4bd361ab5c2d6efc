"""The connection settings the schema's triggers rely on hold from the moment a store is
opened, not only after something first touches the lazily made ``Store.db``."""

from __future__ import annotations

import json

from bangfu_testdata import PASSPHRASE, VILLAGE, make_id

from registry.db import open_encrypted
from registry.keyslots import KdfParams


def _pragma(conn, name):
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_open_encrypted_turns_recursive_triggers_on(tmp_path):
    conn = open_encrypted(tmp_path / "x.db", b"k" * 32)
    try:
        assert _pragma(conn, "recursive_triggers") == 1
    finally:
        conn.close()


def test_replacing_a_visit_with_an_earlier_date_rebuilds_latest_without_touching_db(profile):
    profile.create(user="secretary", passphrase=PASSPHRASE, scope=VILLAGE,
                   kdf=KdfParams.fast()).close()
    store = profile.unlock("secretary", PASSPHRASE)
    try:
        assert store._db is None  # the unlock path has not made the sqlite_utils wrapper
        with store.transaction() as conn:
            assert _pragma(conn, "recursive_triggers") == 1
        hh = store.create("household", {"household_no": "H1", "village_code": VILLAGE})
        pid = store.create("person", {"household_id": hh, "name": "张三",
                                      "id_number": make_id(), "relation": "户主"})
        early = store.create("visit", {"person_id": pid, "visit_date": "2026-10-05"})
        late = store.create("visit", {"person_id": pid, "visit_date": "2026-11-03"})
        assert store._db is None
        # what sync's apply does (registry/replica.py): INSERT OR REPLACE the entity row,
        # here moving the later follow-up's date before the other one
        with store.transaction() as conn:
            row = conn.execute("SELECT id, list, scope, parent, props, versions, deleted,"
                               " merged_into, created_hlc, updated_hlc FROM entity WHERE id = ?",
                               [late]).fetchone()
            props = {**json.loads(row[4]), "visit_date": "2026-09-01"}
            conn.execute("INSERT OR REPLACE INTO entity (id, list, scope, parent, props,"
                         " versions, deleted, merged_into, created_hlc, updated_hlc)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         [row[0], row[1], row[2], row[3], json.dumps(props), *row[5:]])
            latest = conn.execute("SELECT id, day FROM visit_latest WHERE person = ?",
                                  [pid]).fetchone()
        assert tuple(latest) == (early, "2026-10-05")
    finally:
        store.close()
