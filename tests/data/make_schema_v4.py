"""Made tests/data/schema_v4.db once, with schema 4 (the last schema without ``visit_fact``).

Kept for the record; do not re-run on a released fixture. The file is encrypted with
the test key in schema_v4.json and holds synthetic people only: one household whose
members have follow-ups over two years (one deleted, one correction on the same day,
one with services, one dated after the others), and a person merged into another, all
written through ``Store.write`` as field work at schema 4 would leave them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent))

from bangfu_testdata import make_id  # noqa: E402

from registry.county import merge_entities  # noqa: E402
from registry.db import open_encrypted  # noqa: E402
from registry.migrations import migrate  # noqa: E402
from registry.store import Create, Store  # noqa: E402

KEY = bytes.fromhex("5c" * 32)
VILLAGE = "361130104201"
IDS = (make_id(birth="19850315", seq="123"), make_id(birth="19900101", seq="222"),
       make_id(birth="20040303", seq="451"))


def visit(pid: str, day: str, status: str, income: int, **more: object) -> Create:
    return Create("visit", {"person_id": pid, "visit_date": day, "employment_status": status,
                            "monthly_income": income, **more})


def main() -> None:
    path = HERE / "schema_v4.db"
    conn = open_encrypted(path, KEY)
    migrate(conn, target=4)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [("device", "dfixturev4"),
                                                         ("scope", VILLAGE)])
    store = Store(conn, user="fixture", device="dfixturev4", default_scope=VILLAGE)
    hh = store.create("household", {"household_no": "H4", "relocated": True})
    head, wife, twin = (store.create("person", {
        "household_id": hh, "name": name, "relation": relation, "id_number": number,
        "labour_class": "普通劳动力", "wants_work": True})
        for name, relation, number in (("张三", "户主", IDS[0]), ("曾小红", "配偶", IDS[1]),
                                       ("张三", "之子", IDS[2])))
    store.write([visit(head, "2025-10-08", "employed", 4000),
                 visit(head, "2026-09-12", "employed", 4200),
                 visit(head, "2026-10-09", "employed", 1000),
                 visit(wife, "2026-09-15", "unemployed", 0, services=["referral"]),
                 visit(wife, "2026-10-15", "unemployed", 0),
                 visit(twin, "2026-10-03", "employed", 3000),
                 visit(twin, "2026-12-01", "returned", 0)])
    deleted = store.create("visit", {"person_id": wife, "visit_date": "2026-11-02",
                                     "employment_status": "employed", "monthly_income": 2800})
    store.delete(deleted)
    store.write([visit(head, "2026-10-09", "returned", 0)])  # a correction, same day
    merge_entities(store, keep=head, drop=twin)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    (HERE / "schema_v4.json").write_text(json.dumps({"key_hex": KEY.hex(), "schema": 4}))


if __name__ == "__main__":
    main()
