"""Scale benchmark: ``python -m bench.scale [--devices 200] [--changes 1000] [--small]``
and ``python -m bench.scale --province [--people 100000] [--counties 10] [--small]``.

A real PostgreSQL (started here, or ``--db URL`` of an empty database you give) and
a real ``bangfu-server serve --workers N`` for N in ``--workers`` (1, 2, 4). Each
device is one village; all devices sync at once: push their ``--changes`` changes
(made and encoded before the clock starts, so the client's own work is not
measured), pull their scope from cursor 0 to the end, and fetch the digest.
Prints JSON lines {"metric", "value", "unit", ...} for each worker count:

- ``scale_p95_sync_s``: 95th percentile of one device's whole sync;
- ``scale_lost``: changes acknowledged that the server does not hold (must be 0);
- ``scale_changes_per_s``: changes pushed by all devices over the wall time of the round;
- ``scale_ratio_to_1_worker``: that throughput over the throughput with 1 worker, measured
  in the same run (the baseline).

A machine with fewer cores than workers cannot show a gain: the figures say what
this machine does, with ``cores`` in each line.

``--province``: a province on one PostgreSQL database (``--counties`` counties of
``--people`` people, 10 x 100,000 by default) and a county laptop's first sync of its
own county. The first county (361130) is written through a real encrypted profile and pushed by its
device over HTTP; the other counties are the same sets with new ids, division codes and device
(every 32-hex id mapped through SHA-256, so references stay consistent), stored as
batches of their own county devices through the server's push path in this process
(``Hub.push`` of each batch, what the HTTP handler calls after decoding: the same rows,
without the HTTP round trip; ``tests/sync/test_sync_province_direct.py``). Then a fresh
county profile of the first county syncs over HTTP (snapshot pages, pull, digest
check) with ``serve --workers 1``. ``--keep DIR`` keeps the PostgreSQL cluster and
the province in ``DIR`` (``DIR/province.json`` records its sizes) and reuses them
when run again at the same sizes:

- ``province_load_s``: writing the first county and pushing every county (the generation);
- ``province_first_sync_s``: the laptop's first sync of its county in the province;
- ``province_first_sync_peak_rss_mib``: how much the laptop process's peak resident
  memory grew during that sync (Linux);
- ``province_alone_first_sync_s``: the same first sync from a database holding only
  that county (the baseline, same run), and ``province_first_sync_ratio``: province
  over alone (how much the other counties cost a county's first sync).

``--small`` runs both parts at seconds' sizes (8 devices; 10 counties of 200 people).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import text

from bench._province import measure_province
from bench.store import emit
from sync.client import enroll
from sync.protocol import (
    BATCH_MEDIA_TYPE,
    Change,
    HybridClock,
    encode_batch,
    make_batch,
    new_id,
)
from sync.server.auth import create_enrolment
from sync.server.db import database_url, open_engine

METRICS = ("scale_p95_sync_s", "scale_lost", "scale_changes_per_s", "scale_ratio_to_1_worker",
           "province_load_s", "province_first_sync_s", "province_first_sync_peak_rss_mib",
           "province_alone_first_sync_s", "province_first_sync_ratio")
COUNTY = "361130"
PROPS = ("size", "income", "phone_ok", "note")
ROOT = Path(__file__).resolve().parents[1]
#: Seconds a server may take to answer its first request (workers start slowly on a
#: loaded machine: 60 was too short for 2 workers at a load average of 13).
START_S = 300


def start_postgres(root: Path) -> tuple[int, Path]:
    """A throwaway PostgreSQL cluster under ``root``; its port and binaries."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not bins:
        raise SystemExit("bench.scale: PostgreSQL is not installed (or give --db URL)")
    bin_dir, data = bins[-1].parent, root / "pg"
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    if not (data / "PG_VERSION").exists():  # a kept cluster (--keep) is started again
        subprocess.run([*as_pg, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8"], check=True, capture_output=True,
                       env=env)
    subprocess.run([*as_pg, str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l",
                    str(root / "pg.log"), "-o", f"-h 127.0.0.1 -p {port} -k {root} -F",
                    "start"], check=True, capture_output=True, env=env)
    return port, bin_dir


def stop_postgres(root: Path, bin_dir: Path) -> None:
    """Stop the cluster :func:`start_postgres` made."""
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*as_pg, str(bin_dir / "pg_ctl"), "-D", str(root / "pg"), "-m", "fast",
                    "stop"], capture_output=True)


def new_database(port: int, name: str, *, fresh: bool = True) -> str:
    """Create an empty database (``fresh=False``: keep it if it exists); its URL."""
    return _database_on(f"postgresql://postgres@127.0.0.1:{port}/postgres", name, fresh=fresh)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    """``bangfu-server serve --workers N`` as a subprocess."""

    def __init__(self, data: Path, db: str, workers: int) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sync.server.cli", "serve", "--data", str(data), "--db", db,
             "--port", str(self.port), "--workers", str(workers)],
            cwd=ROOT, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + START_S
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/v1/health", timeout=1)
                return
            except requests.ConnectionError:
                if self.proc.poll() is not None:
                    raise SystemExit("bench.scale: the server did not start") from None
                time.sleep(0.1)
        raise SystemExit(f"bench.scale: the server did not answer within {START_S} s")

    def stop(self) -> None:
        """Stop the server and its workers."""
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def device_batches(n: int, *, changes: int, batch: int) -> tuple[str, str, list[bytes]]:
    """Device ``n``'s id, village and encoded batches of ``changes`` new changes."""
    device, scope = f"sd{n}", f"{COUNTY}3{n // 1000:02d}{n % 1000:03d}"
    clock = HybridClock(device)
    made = [Change(new_id(), f"{device}-h{i // len(PROPS)}", "household",
                   PROPS[i % len(PROPS)], i, None, clock.tick().encode(), device, "bench", scope)
            for i in range(changes)]
    return device, scope, [encode_batch(make_batch(made[i:i + batch], device=device))
                           for i in range(0, changes, batch)]


def sync_device(url: str, token: str, *, bodies: list[bytes]) -> tuple[float, int]:
    """Push the batches, pull the scope to its end, fetch the digest; (seconds, acked)."""
    session = requests.Session()
    auth = {"Authorization": f"Bearer {token}"}
    start = time.perf_counter()
    acked = 0
    for body in bodies:
        reply = session.post(url + "/v1/push", data=body, timeout=300,
                             headers={**auth, "Content-Type": BATCH_MEDIA_TYPE})
        reply.raise_for_status()
        ack = reply.json()
        acked += ack["accepted"] + ack["known"] + ack["superseded"]
    cursor, more = 0, True
    while more:
        page = session.get(url + "/v1/pull", params={"cursor": cursor, "limit": 2000,
                                                     "format": "sets"},
                           headers=auth, timeout=300).json()
        cursor, more = page["cursor"], page["more"]
    session.get(url + "/v1/digest", headers=auth, timeout=300).raise_for_status()
    return time.perf_counter() - start, acked


def measure(root: Path, db: str, *, workers: int,
            devices: list[tuple[str, str, list[bytes]]], concurrency: int) -> dict[str, Any]:
    """One round against ``workers`` workers on the empty database ``db``."""
    engine = open_engine(database_url(root, db))
    server = Serve(root / f"data-{workers}", db, workers)
    try:
        tokens = []
        for device, scope, _ in devices:
            code = create_enrolment(engine, name=device, role="village", scope=scope)
            tokens.append(enroll(server.url, code=code, device_id=device)["token"])
        gate = threading.Barrier(min(concurrency, len(devices)))

        def one(i: int) -> tuple[float, int]:
            if i < gate.parties:
                gate.wait()
            return sync_device(server.url, tokens[i], bodies=devices[i][2])

        start = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            results = list(pool.map(one, range(len(devices))))
        wall = time.perf_counter() - start
        with engine.connect() as conn:
            held = int(conn.execute(text("SELECT coalesce(sum(changes), 0) FROM change_sets"))
                       .scalar())
    finally:
        server.stop()
        engine.dispose()
    times = [t for t, _ in results]
    acked = sum(a for _, a in results)
    p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 20 else max(times)
    return {"p95": p95, "lost": max(0, acked - held), "per_s": acked / wall, "wall": wall,
            "acked": acked}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; JSON lines on stdout."""
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--changes", type=int, default=1000, help="changes per device")
    parser.add_argument("--batch", type=int, default=500, help="changes per pushed batch")
    parser.add_argument("--workers", default="1,2,4", help="worker counts, 1 first")
    parser.add_argument("--concurrency", type=int, default=64, help="devices syncing at once")
    parser.add_argument("--db", help="PostgreSQL server URL to use instead of starting one"
                        " (databases bench_scale_N are created on it)")
    parser.add_argument("--small", action="store_true", help="8 devices x 50 changes, 1 and 2"
                        " workers, and a province of 10 counties x 200 people: seconds")
    parser.add_argument("--province", action="store_true",
                        help="only the province and a county laptop's first sync")
    parser.add_argument("--people", type=int, default=100_000, help="people per county")
    parser.add_argument("--counties", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="with --province: keep the PostgreSQL"
                        " cluster and the generated province in this folder (for instance"
                        " ~/bangfu-province) and reuse them when the sizes are the same")
    args = parser.parse_args(argv)
    if args.small:
        args.devices, args.changes, args.batch, args.workers = 8, 50, 25, "1,2"
        args.people, args.counties = 200, 10
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp_name:
        root = Path(tmp_name)
        keep = args.keep if args.province and args.keep else None
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
        pg_root = keep or root
        pg = None if args.db else start_postgres(pg_root)

        def new_db(name: str, *, fresh: bool = True) -> str:
            return (new_database(pg[0], name, fresh=fresh) if pg
                    else _database_on(args.db, name, fresh=fresh))

        try:
            if not args.province:
                rounds(root, args, new_db)
            if args.province or args.small:
                measure_province(root, new_db, Serve, counties=args.counties,
                                 people=args.people, keep=keep)
        finally:
            if pg:
                stop_postgres(pg_root, pg[1])
    return 0


def rounds(root: Path, args: argparse.Namespace, new_db: Callable[[str], str]) -> None:
    """The worker rounds: every device syncs at once against 1, 2 and 4 workers."""
    counts = [int(w) for w in args.workers.split(",")]
    devices = [device_batches(n, changes=args.changes, batch=args.batch)
               for n in range(args.devices)]
    base = None
    for workers in counts:
        got = measure(root, new_db(f"bench_scale_{workers}"), workers=workers,
                      devices=devices, concurrency=args.concurrency)
        base = base or got["per_s"]
        common = {"workers": workers, "devices": args.devices,
                  "changes": args.changes, "cores": os.cpu_count()}
        emit("scale_p95_sync_s", got["p95"], "s", **common)
        emit("scale_lost", got["lost"], "changes", acked=got["acked"], **common)
        emit("scale_changes_per_s", got["per_s"], "changes/s",
             wall_s=round(got["wall"], 2), **common)
        emit("scale_ratio_to_1_worker", got["per_s"] / base, "ratio",
             baseline_changes_per_s=round(base), **common)


def _database_on(url: str, name: str, *, fresh: bool = True) -> str:
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        there = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if fresh or not there:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


if __name__ == "__main__":
    sys.exit(main())
