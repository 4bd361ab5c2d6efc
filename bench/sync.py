"""Sync benchmark: ``python -m bench.sync [--records 100000] [--devices 50] [--small]``.

``--small`` runs the sizes of ``SMALL`` (seconds) for CI's check.

A real county server process on 127.0.0.1 (SQLite), real encrypted profiles.
Prints JSON lines {"metric", "value", "unit", ...}:

- ``push_records_per_s``: person records pushed from a device that holds them all;
- ``pull_records_per_s``: the same records pulled into an empty second device;
- ``pull_cpu_s``: CPU seconds the pull took in the county server process and in the
  pulling client (Linux), the figure to compare versions of the pull by;
- ``pull_peak_rss_mib``: how much the client's peak resident memory grew during that pull
  (Linux; the snapshot comes in pages, so it should not grow with the scope);
- ``push_cpu_s``: CPU seconds the push took in the county server process and in the
  pushing client (Linux), which other load on the machine moves far less than the wall
  time: the figure to compare versions of the push by;
- ``push_bytes_per_record`` / ``pull_bytes_per_record``: request and response
  bodies as they went over the wire (compressed), per record;
- ``requests``: HTTP requests of the push and the pull;
- ``noop_sync_ms``: a sync with nothing to do (push, pull, digest check);
- ``incremental_1pct_s``: 1 % of the records edited on one device, then synced
  there and pulled by the other;
- ``concurrent_p95_s`` / ``concurrent_lost``: ``--devices`` devices of other
  villages each push ``--changes`` changes at once; lost = changes the server
  does not hold afterwards (must be 0).
- ``push_floor_records_per_s``: the rows the push stored on the server (change sets,
  states, ID-number lookups, links, flags, batches), ``executemany``'d raw into a fresh
  server database, one transaction per batch as the server wrote them; ``push_vs_floor``
  is the push's rate over it (target: at least 0.5);
- ``pull_floor_records_per_s``: the rows the pull wrote into the device (entities,
  journal, search keys, heads, conflicts, replaced ids), ``executemany``'d raw into a
  fresh encrypted profile in the same transactions (one per page merged, one per
  cursor or bootstrap-mark write); ``pull_vs_floor`` is the pull's rate over it
  (target: at least 0.6); its ``cpu_s`` is the CPU the floor's inserts took. Floor and
  measured rate come from the same run.

(An earlier ``push_ratio`` divided a re-send of changes the server already held, dedup
and HTTP only, by a first push: unlike work, so it was dropped; ``push_vs_floor`` is the
push's comparison.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import text

from bench._sync_floor import CountingReplica, insert_parts, pull_rows, push_floor, push_rows
from bench.store import TODAY, emit, villages
from desktop.embedded_server import EmbeddedServer
from registry.demo import household_ops
from registry.demo_data import generate_village
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.replica import StoreReplica
from registry.store import Store, Update
from sync.client import SyncClient, enroll
from sync.server.auth import create_enrolment
from sync.server.db import database_url, open_engine

COUNTY = "361130"
METRICS = ("push_records_per_s", "push_cpu_s", "push_bytes_per_record", "pull_records_per_s",
           "pull_cpu_s",
           "push_floor_records_per_s", "push_vs_floor", "pull_floor_records_per_s",
           "pull_vs_floor",
           "pull_peak_rss_mib", "pull_bytes_per_record", "requests", "noop_sync_ms",
           "incremental_1pct_s", "concurrent_p95_s", "concurrent_lost")
SMALL = {"records": 500, "devices": 3, "changes": 60}


class Wire:
    """Counts requests and body bytes as sent over the wire."""

    def __init__(self) -> None:
        self.session = requests.Session()
        self.requests = 0
        self.sent = 0
        self.received = 0
        self.session.hooks["response"].append(self._count)

    def _count(self, reply: requests.Response, *_args: Any, **_kwargs: Any) -> None:
        self.requests += 1
        body = reply.request.body or b""
        self.sent += len(body) if isinstance(body, bytes) else len(str(body).encode())
        self.received += int(reply.headers.get("content-length") or len(reply.content))

    def reset(self) -> None:
        self.requests = self.sent = self.received = 0


def device(root: Path, name: str, scope: str, server: EmbeddedServer, engine: Any,
           wire: Wire | None = None, role: str = "village",
           replica: type[StoreReplica] = StoreReplica) -> tuple[Store, SyncClient]:
    """An enrolled encrypted profile and its sync client."""
    store = new_profile(root / name, scope=scope, name=name)
    code = create_enrolment(engine, name=name, role=role, scope=scope)
    token = enroll(server.url, code=code, device_id=name)["token"]
    kwargs = {"session": wire.session} if wire else {}
    return store, SyncClient(server.url, token, replica(store), **kwargs)


def new_profile(folder: Path, *, scope: str = COUNTY, name: str = "dfloor") -> Store:
    """A fresh encrypted profile."""
    return Profile(folder, today=lambda: TODAY).create(
        user="bench", passphrase="Bench-2026", scope=scope, kdf=KdfParams.fast(), device=name)


def timed(action: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def measure_transfer(root: Path, server: EmbeddedServer, engine: Any, records: int) -> None:
    data = villages(records)
    scope = COUNTY
    wire = Wire()
    source, push_client = device(root, "dsource", scope, server, engine, wire, role="county")
    for code, households in data:
        source.write(household_ops(households, scope=code))
    people = source.count("person")
    total = people + source.count("household")
    server_cpu, client_cpu = process_cpu_s(server), time.process_time()
    _, push_s = timed(lambda: push_client.push(_Result()))
    client_cpu = time.process_time() - client_cpu
    emit("push_records_per_s", total / push_s, "records/s", records=total, people=people,
         seconds=round(push_s, 1))
    if server_cpu is not None:
        server_cpu = (process_cpu_s(server) or 0.0) - server_cpu
        emit("push_cpu_s", server_cpu + client_cpu, "s", server=round(server_cpu, 2),
             client=round(client_cpu, 2), note="CPU of the county server process and the client")
    emit("push_bytes_per_record", wire.sent / total, "bytes", requests=wire.requests)
    push_requests = wire.requests
    pushed_rows = push_rows(engine, "dsource")
    wire.reset()
    sink, pull_client = device(root, "dsink", scope, server, engine, wire, role="county",
                               replica=CountingReplica)
    start_kib = peak_rss_reset()
    server_cpu, client_cpu = process_cpu_s(server), time.process_time()
    _, pull_s = timed(lambda: pull_client.pull(_Result()))
    client_cpu = time.process_time() - client_cpu
    emit("pull_records_per_s", total / pull_s, "records/s", records=total,
         seconds=round(pull_s, 1))
    if server_cpu is not None:
        server_cpu = (process_cpu_s(server) or 0.0) - server_cpu
        emit("pull_cpu_s", server_cpu + client_cpu, "s", server=round(server_cpu, 2),
             client=round(client_cpu, 2), note="CPU of the county server process and the client")
    if start_kib is not None:
        emit("pull_peak_rss_mib", (peak_rss_kib() - start_kib) / 1024, "MiB",
             note="client process peak resident memory above its size before the pull")
    measure_floors(root, total, pushed=(pushed_rows, push_s),
                   pulled=(sink, pull_client.store, pull_s))
    emit("pull_bytes_per_record", wire.received / total, "bytes", requests=wire.requests)
    emit("requests", push_requests + wire.requests, "requests", push=push_requests,
         pull=wire.requests)
    push_client.sync()
    pull_client.sync()
    noop = [timed(pull_client.sync)[1] * 1000 for _ in range(5)]
    emit("noop_sync_ms", statistics.median(noop), "ms", runs=len(noop))
    measure_incremental(source, push_client, pull_client)


def measure_floors(root: Path, total: int, *, pushed: tuple[list[Any], float],
                   pulled: tuple[Store, Any, float]) -> None:
    """The same rows as the push and the pull wrote, inserted raw, and the ratios."""
    rows, push_s = pushed
    floor_s = push_floor(root / "push_floor", rows)
    emit("push_floor_records_per_s", total / floor_s, "records/s", seconds=round(floor_s, 2),
         transactions=len(rows), note="the rows the server stored, raw executemany")
    emit("push_vs_floor", floor_s / push_s, "ratio", target=0.5)
    sink, replica, pull_s = pulled
    parts = pull_rows(sink, replica.transactions)
    fresh = new_profile(root / "pull_floor")
    floor_cpu = time.process_time()
    floor_s = insert_parts(fresh.db.conn, parts, meta_writes=replica.transactions.meta_writes)
    floor_cpu = time.process_time() - floor_cpu
    fresh.close()
    emit("pull_floor_records_per_s", total / floor_s, "records/s", seconds=round(floor_s, 2),
         cpu_s=round(floor_cpu, 2),
         transactions=len(parts) + replica.transactions.meta_writes,
         note="the rows the pull wrote, raw executemany into a fresh profile")
    emit("pull_vs_floor", floor_s / pull_s, "ratio", target=0.6)


def process_cpu_s(server: EmbeddedServer) -> float | None:
    """CPU seconds (user and system, all threads) the server process has used so far,
    from /proc (Linux); None elsewhere."""
    proc = getattr(server, "_proc", None)
    try:
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rpartition(")")[2].split()
    except (AttributeError, OSError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def peak_rss_reset() -> int | None:
    """Reset this process's peak resident size (Linux); its current size in KiB, or None."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return None
    return _status_kib("VmRSS")


def peak_rss_kib() -> int:
    """This process's peak resident size since :func:`peak_rss_reset`, in KiB."""
    return _status_kib("VmHWM")


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def measure_incremental(source: Store, push_client: SyncClient, pull_client: SyncClient) -> None:
    people = source.find("person")
    step = max(1, len(people) // max(1, len(people) // 100))
    edits = [Update(p.id, {"monthly_income": 3100 + n}) for n, p in enumerate(people[::step])]
    source.write(edits)
    _, seconds = timed(lambda: (push_client.sync(), pull_client.sync()))
    emit("incremental_1pct_s", seconds, "s", edited=len(edits))


def measure_concurrent(root: Path, server: EmbeddedServer, engine: Any, devices: int,
                       changes: int) -> None:
    clients: list[tuple[Store, SyncClient]] = []
    for n in range(devices):
        scope = f"{COUNTY}200{n:03d}"
        store, client = device(root, f"dc{n}", scope, server, engine)
        people = max(1, changes // 15)
        for code, households in villages_for(scope, people):
            store.write(household_ops(households, scope=code))
        clients.append((store, client))
    times: list[float] = []
    errors: list[BaseException] = []

    def run(client: SyncClient) -> None:
        try:
            times.append(timed(client.sync)[1])
        except BaseException as exc:  # counted, reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for _, c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = sum(len(s.journal()) for s, _ in clients)
    held = server_change_count(server, engine)
    emit("concurrent_p95_s", statistics.quantiles(times, n=20)[18] if len(times) >= 20
         else max(times, default=0), "s", devices=devices, changes=sent, errors=len(errors))
    emit("concurrent_lost", max(0, sent - held), "changes", server_holds=held)


def villages_for(scope: str, people: int) -> list[Any]:
    return [(scope, generate_village(seed=int(scope[-3:]), people=people, village_code=scope,
                                     today=TODAY))]


def server_change_count(server: EmbeddedServer, engine: Any) -> int:
    """Changes the server holds in the concurrent devices' villages (scopes ``COUNTY200nnn``)."""
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT sum(changes) FROM change_sets WHERE scope LIKE :p"),
                                {"p": f"{COUNTY}200%"}).scalar() or 0)


class _Result:
    """A throwaway result for calling the client's phases one by one."""

    def __init__(self) -> None:
        self.pushed = self.records = self.pulled = 0
        self.conflicts: list[Any] = []
        self.flagged: list[Any] = []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync")
    parser.add_argument("--records", type=int, default=100_000, help="people to push and pull")
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--small", action="store_true", help=f"sizes {SMALL} (seconds)")
    args = parser.parse_args(argv)
    if args.small:
        vars(args).update(SMALL)
    with tempfile.TemporaryDirectory() as tmp_name:
        root = Path(tmp_name)
        server = EmbeddedServer(root / "server")
        server.start()
        engine = open_engine(database_url(root / "server", None))
        try:
            measure_transfer(root, server, engine, args.records)
            measure_concurrent(root, server, engine, args.devices, args.changes)
        finally:
            server.stop()
            engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
