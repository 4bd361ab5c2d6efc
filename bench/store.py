"""Store benchmark: ``python -m bench.store [--people 300000] [--ratio-people 30000] [--small]``.

``--small`` runs the sizes of ``SMALL`` (2,000 people: seconds) for CI's check.

Prints one JSON object per line: {"metric", "value", "unit", ...}.

- ``insert_per_s``: people per second written through the journaled path
  (validation, entity row, one journal entry per property, search keys), in
  batches of one village's households, on the whole load.
- ``insert_ratio``: that rate over the rate of a raw SQLCipher ``executemany``
  of exactly the rows the journaled path wrote (entity, journal and search-key
  rows, same schema, same transaction size), measured in the same run on the
  first ``--ratio-people``. It is the cost of the path itself over the I/O.
- ``insert_ratio_bare``: the same path rate over raw inserts of bare person
  rows (one row per person, no journal, no keys): what journaling costs in all.
- ``demo_generate_per_s``: synthetic people per second made by ``registry.demo_data``
  (the whole load), against ``insert_per_s`` of the same run (ratio = generating over
  saving; it replaced a timed unit test).
- ``save_p95_ms``: one person saved and committed (entity + journal + fsync).
- ``search_p95_ms_name``, ``search_p95_ms_pinyin``, ``search_p95_ms_idtail``: search
  latency on the full load (by name, a pinyin prefix, the last digits of an ID number).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin

from registry.db import Connection, open_encrypted
from registry.demo import household_ops
from registry.demo_data import HouseholdRecord, generate_village
from registry.keyslots import KdfParams
from registry.migrations import migrate
from registry.profile import Profile
from registry.store import Create, Store

METRICS = ("insert_ratio", "insert_ratio_bare", "insert_per_s", "demo_generate_per_s",
           "save_p95_ms",
           "search_p95_ms_name", "search_p95_ms_pinyin", "search_p95_ms_idtail")
SMALL = {"people": 2000, "ratio_people": 1000, "samples": 40}
TODAY = date(2026, 11, 22)
COUNTY = "361130"
VILLAGE_PEOPLE = 1000


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    """Print one metric as a JSON line."""
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra},
                     ensure_ascii=False), flush=True)


def villages(total: int) -> list[tuple[str, list[HouseholdRecord]]]:
    """Synthetic villages of one county, ``VILLAGE_PEOPLE`` people each."""
    used: set[str] = set()
    out = []
    for n in range(0, total, VILLAGE_PEOPLE):
        # village numbers from 001: "000" is the township itself (bench.ledgers too)
        code = f"{COUNTY}{100 + n // 100_000:03d}{n // VILLAGE_PEOPLE % 999 + 1:03d}"
        people = min(VILLAGE_PEOPLE, total - n)
        out.append((code, generate_village(seed=n, people=people, village_code=code,
                                           today=TODAY, used_ids=used)))
    return out


def new_store(folder: Path) -> Store:
    return Profile(folder, today=lambda: TODAY).create(
        user="bench", passphrase="Bench-2026", scope=COUNTY, kdf=KdfParams.fast())


def load(store: Store, data: list[tuple[str, list[HouseholdRecord]]]) -> float:
    """Write every village through the journaled path; return seconds taken."""
    start = time.perf_counter()
    for code, households in data:
        store.write(household_ops(households, scope=code))
    return time.perf_counter() - start


def written_rows(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the journaled path wrote, table by table, in write order."""
    tables = {"entity": "rowid", "journal": "seq", "search_key": "entity_id"}
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY {o}").fetchall()
            for t, o in tables.items()}


def raw_insert(folder: Path, rows: dict[str, list[tuple[Any, ...]]], batches: int) -> float:
    """executemany the same rows into a fresh encrypted file, ``batches`` transactions."""
    conn = open_encrypted(folder / "raw.db", bytes(range(32)))
    migrate(conn)
    start = time.perf_counter()
    for part in range(batches):
        conn.execute("BEGIN IMMEDIATE")
        for table, table_rows in rows.items():
            chunk = table_rows[part::batches]
            if chunk:
                marks = ",".join("?" * len(chunk[0]))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", chunk)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def raw_bare_people(folder: Path, data: list[tuple[str, list[HouseholdRecord]]]) -> float:
    """executemany one bare row per person (props as JSON), one transaction per village."""
    conn = open_encrypted(folder / "bare.db", bytes(range(1, 33)))
    conn.execute("CREATE TABLE person (id TEXT PRIMARY KEY, household TEXT, props TEXT)")
    start = time.perf_counter()
    for n, (_, households) in enumerate(data):
        rows = [(f"{n}-{h}-{m}", str(h), json.dumps(p.props, ensure_ascii=False))
                for h, hh in enumerate(households) for m, p in enumerate(hh.members)]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO person VALUES (?, ?, ?)", rows)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def measure_ratio(tmp: Path, data: list[tuple[str, list[HouseholdRecord]]]) -> None:
    people = sum(len(h.members) for _, hs in data for h in hs)
    store = new_store(tmp / "ratio")
    path_s = load(store, data)
    rows = written_rows(store.db.conn)
    store.close()
    raw_s = raw_insert(tmp, rows, batches=len(data))
    bare_s = raw_bare_people(tmp, data)
    emit("insert_ratio", raw_s / path_s, "ratio", people=people,
         path_per_s=round(people / path_s), raw_same_rows_per_s=round(people / raw_s),
         rows_per_person=round(sum(map(len, rows.values())) / people, 1))
    emit("insert_ratio_bare", bare_s / path_s, "ratio", raw_bare_per_s=round(people / bare_s))


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def measure_save(store: Store, household_id: str, samples: int) -> None:
    times = []
    for n in range(samples):
        start = time.perf_counter()
        store.write([Create("person", {"household_id": household_id, "name": f"测试{n}",
                                       "relation": "其他", "phone": "13800138000"})])
        times.append((time.perf_counter() - start) * 1000)
    emit("save_p95_ms", p95(times), "ms", samples=samples, median=round(statistics.median(times), 3))


def measure_search(store: Store, rng: random.Random, queries: int) -> None:
    # Only people with an ID number: the ones measure_save adds have none (nor may others).
    people = store.db.conn.execute(
        "SELECT props FROM entity WHERE list = 'person'"
        " AND json_extract(props, '$.id_number') IS NOT NULL ORDER BY random() LIMIT ?",
        (queries,)).fetchall()
    sample = [json.loads(p[0]) for p in people]
    kinds = {
        "name": lambda p: p["name"],
        "pinyin": lambda p: "".join(lazy_pinyin(p["name"]))[: rng.randint(4, 10)],
        "idtail": lambda p: p["id_number"][-rng.randint(4, 8):],
    }
    for kind, make_query in kinds.items():
        times, hits = [], 0
        for props in sample:
            query = make_query(props)
            start = time.perf_counter()
            found = store.search(query, limit=50)
            times.append((time.perf_counter() - start) * 1000)
            hits += bool(found)
        emit(f"search_p95_ms_{kind}", p95(times), "ms", queries=len(sample),
             found_share=round(hits / len(sample), 3))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store")
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--ratio-people", type=int, default=30_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--small", action="store_true", help=f"sizes {SMALL} (seconds)")
    args = parser.parse_args(argv)
    if args.small:
        vars(args).update(SMALL)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        started = time.perf_counter()
        data = villages(args.people)
        generate_s = time.perf_counter() - started
        ratio_villages = max(1, args.ratio_people // VILLAGE_PEOPLE)
        measure_ratio(tmp, data[:ratio_villages])
        store = new_store(tmp / "full")
        seconds = load(store, data)
        emit("insert_per_s", args.people / seconds, "people/s", people=args.people,
             seconds=round(seconds, 1))
        emit("demo_generate_per_s", args.people / generate_s, "people/s", people=args.people,
             baseline=round(args.people / seconds), ratio=round(seconds / generate_s, 2),
             baseline_is="insert_per_s: the same people saved into the store (generating "
                         "should never be what a demo or a bench waits for: ratio > 1)")
        measure_save(store, store.find("household", limit=1)[0].id, args.samples)
        measure_search(store, rng, args.samples)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
