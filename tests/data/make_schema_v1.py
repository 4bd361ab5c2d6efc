"""Made tests/data/schema_v1.db once, with schema 1 (the first released schema).

Kept for the record; do not re-run on a released fixture. The file is encrypted
with the test key in schema_v1.json and holds synthetic people only.
"""

from __future__ import annotations

import json
from pathlib import Path

from registry.db import open_encrypted
from registry.migrations import migrate

HERE = Path(__file__).parent
KEY = bytes.fromhex("5b" * 32)
PEOPLE = [("e1", "张三", "361130198503151237"), ("e2", "曾小红", "36113019900101222X")]


def main() -> None:
    path = HERE / "schema_v1.db"
    conn = open_encrypted(path, KEY)
    migrate(conn, target=1)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [("device", "dfixturev1"),
                                                         ("scope", "361130104201")])
    for n, (eid, name, id_number) in enumerate(PEOPLE):
        props = {"name": name, "id_number": id_number}
        hlc = f"{1_763_000_000_000 + n:016d}:0000:dfixturev1"
        set_id = f"s{eid}"
        versions = {p: f"{set_id}.{p}" for p in props}
        conn.execute("INSERT INTO entity (id, list, scope, props, versions, created_hlc,"
                     " updated_hlc) VALUES (?, 'person', '361130104201', ?, ?, ?, ?)",
                     (eid, json.dumps(props, ensure_ascii=False), json.dumps(versions), hlc, hlc))
        packed = {p: [v, None] for p, v in props.items()}
        conn.execute("INSERT INTO journal (set_id, entity_id, list, changes, hlc, device, user,"
                     " scope, origin) VALUES (?, ?, 'person', ?, ?, 'dfixturev1', 'fixture',"
                     " '361130104201', 0)", (set_id, eid, json.dumps(packed, ensure_ascii=False), hlc))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    (HERE / "schema_v1.json").write_text(json.dumps({"key_hex": KEY.hex(), "schema": 1}))


if __name__ == "__main__":
    main()
