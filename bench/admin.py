"""County admin benchmark: ``python -m bench.admin [--devices 400] [--batches 200000] [--small]``.

``--small`` runs the sizes of ``SMALL`` (40 devices, 4,000 batches: seconds) for CI's check.

A county server database on SQLite with ``--devices`` village laptops, ``--batches``
pushed batches spread over them (a year of daily syncs for 400 laptops is about
150k) and a flag for every hundredth batch. Prints one JSON object per line:
{"metric", "value", "unit", ...}.

- ``admin_list_ms``: median time of the admin's device list
  (:func:`sync.server.admin_store.list_devices`) over the whole county, without HTTP.
- ``admin_list_floor_ms``: median time, in the same run, of the bare SQL the list
  cannot do without: every device row and one ``GROUP BY`` pass over ``batches`` for
  each device's last batch time (sqlite3, no Python logic, no JSON).
- ``admin_list_ratio``: ``admin_list_ms`` over ``admin_list_floor_ms``.
- ``admin_list_ms_unindexed``: ``admin_list_ms`` again with the server's index on
  ``batches(device_id, committed_ms)`` dropped: what the index saves.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sync.server.admin_store import list_devices
from sync.server.auth import Device
from sync.server.cipher import connect_raw
from sync.server.db import batches, database_url, devices, flags, open_engine
from sync.server.sql import insert_many

METRICS = ("admin_list_ms", "admin_list_floor_ms", "admin_list_ratio", "admin_list_ms_unindexed")
SMALL = {"devices": 40, "batches": 4000, "samples": 5}
COUNTY = "361130"
DAY_MS = 86_400_000


def _emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra},
                     ensure_ascii=False))


def _fill(engine: Any, *, devices_n: int, batches_n: int) -> None:
    """Devices in villages of the county, batches spread over them, a few flags."""
    villages = [f"{COUNTY}{100 + i // 10:03d}{200 + i % 10:03d}" for i in range(devices_n)]
    with engine.begin() as conn:
        insert_many(conn, devices, [
            {"device_id": f"lap-{i}", "name": f"笔记本{i}", "role": "village",
             "prefix": villages[i], "token_hash": f"{i:064x}", "sign_key": None,
             "revoked": False, "enrolled_ms": 0} for i in range(devices_n)])
        rows = []
        for n in range(batches_n):
            ack = {"batch_id": f"b{n}", "committed": True, "accepted": 40, "changes": 40}
            rows.append({"batch_id": f"b{n}", "device_id": f"lap-{n % devices_n}",
                         "checksum": "0" * 64, "ack": json.dumps(ack),
                         "committed_ms": n * (365 * DAY_MS // max(batches_n, 1))})
        insert_many(conn, batches, rows)
        insert_many(conn, flags, [
            {"kind": "clock_ahead", "change_id": f"c{n}", "entity_id": f"e{n}",
             "scope": villages[n % devices_n], "detail": "{}", "created_ms": 0}
            for n in range(0, batches_n, 100)])


def _median_ms(run: Any, samples: int) -> float:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(*, devices_n: int, batches_n: int, samples: int) -> None:
    """Build the database, time the list, its floor, and the list with the index."""
    with tempfile.TemporaryDirectory(prefix="bangfu-bench-admin-") as tmp:
        engine = open_engine(database_url(Path(tmp), None))
        _fill(engine, devices_n=devices_n, batches_n=batches_n)
        admin = Device("admin", "管理员", "admin", COUNTY, None)
        listed = len(list_devices(engine, admin))
        size = {"devices": listed, "batches": batches_n}
        listing = _median_ms(lambda: list_devices(engine, admin), samples)
        raw = connect_raw(Path(tmp) / "server.db")

        def floor() -> None:
            raw.execute("SELECT * FROM devices").fetchall()
            raw.execute("SELECT device_id, max(committed_ms) FROM batches"
                        " GROUP BY device_id").fetchall()

        floor_ms = _median_ms(floor, samples)
        raw.execute("DROP INDEX ix_batches_device_committed")
        raw.commit()
        unindexed = _median_ms(lambda: list_devices(engine, admin), samples)
        raw.close()
        engine.dispose()
    _emit("admin_list_ms", listing, "ms", **size)
    _emit("admin_list_floor_ms", floor_ms, "ms", **size)
    _emit("admin_list_ratio", listing / floor_ms, "x", **size)
    _emit("admin_list_ms_unindexed", unindexed, "ms", **size)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark from the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.admin")
    parser.add_argument("--devices", type=int, default=400)
    parser.add_argument("--batches", type=int, default=200_000)
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--small", action="store_true", help=f"sizes {SMALL} (seconds)")
    args = parser.parse_args(argv)
    if args.small:
        args.devices, args.batches, args.samples = (SMALL["devices"], SMALL["batches"],
                                                    SMALL["samples"])
    run(devices_n=args.devices, batches_n=args.batches, samples=args.samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
