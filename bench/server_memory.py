"""The server's memory under concurrent large pushes: ``python -m bench.server_memory``.

A real ``bangfu-server serve`` process (SQLite) receives ``--pushes`` large batches at
once (each about 1.6 MB of gzip, 30 MB decoded; smaller with ``--small``), the clients
retrying on 503 after its Retry-After. Run twice in the same run: with the default
decoding budget, and with a budget so large it never refuses (the baseline, as before
the budget existed). Linux only (reads /proc). Prints JSON lines:

- ``peak_rss_mib_budget`` / ``peak_rss_mib_unbounded``: the server's peak resident
  memory (VmHWM) over the run;
- ``peak_rss_ratio``: budget over unbounded;
- ``refused_503_budget``: pushes answered 503 (and retried) under the budget;
- ``wall_s_budget`` / ``wall_s_unbounded``: until every push was stored;
- ``lost``: changes the server does not hold afterwards (must be 0).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from bench.store import emit
from sync.client import enroll
from sync.protocol import BATCH_MEDIA_TYPE, Change, HybridClock, encode_batch, make_batch, new_id
from sync.server.auth import create_enrolment
from sync.server.db import database_url, open_engine

#: The metrics every run prints (tests/test_benches.py checks them).
METRICS = ("peak_rss_mib_budget", "peak_rss_mib_unbounded", "peak_rss_ratio", "refused_503_budget", "wall_s_budget", "wall_s_unbounded", "lost")


VILLAGE = "361130104201"
ROOT = Path(__file__).resolve().parents[1]


def bodies(pushes: int, sets: int, device: str) -> list[bytes]:
    """``pushes`` gzip batches of ``sets`` households (five properties, long notes)."""
    clock = HybridClock(device)
    out = []
    for b in range(pushes):
        changes = []
        for n in range(sets):
            sid, hlc = new_id(), clock.tick().encode()
            changes += [Change(f"{sid}.p{i}", f"h{b}-{n}", "household", f"p{i}",
                               f"{b}-{n}-{i} " + "走访记录" * 40, None, hlc, device, "bench",
                               VILLAGE) for i in range(5)]
        out.append(encode_batch(make_batch(changes, device=device)))
    return out


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def run(folder: Path, work: list[bytes], budget_mb: int | None) -> dict[str, float]:
    """Serve from a fresh ``folder``, push every body at once; measure the server."""
    folder.mkdir(parents=True)
    engine = open_engine(database_url(folder, None))
    code = create_enrolment(engine, name="bench", role="village", scope=VILLAGE)
    port = _free_port()
    extra = ["--decode-budget-mb", str(budget_mb)] if budget_mb else []
    proc = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "serve", "--data",
                             str(folder), "--port", str(port), *extra], cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url, proc)
        token = enroll(url, code=code, device_id="bench-dev")["token"]
        refused = [0]

        def push(body: bytes) -> None:
            while True:
                reply = requests.post(url + "/v1/push", data=body, timeout=600, headers={
                    "Authorization": f"Bearer {token}", "Content-Type": BATCH_MEDIA_TYPE})
                if reply.status_code != 503:
                    reply.raise_for_status()
                    return
                refused[0] += 1
                time.sleep(float(reply.headers.get("Retry-After", "1")))

        start = time.perf_counter()
        threads = [threading.Thread(target=push, args=(b,)) for b in work]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        peak = _kib(proc.pid, "VmHWM") / 1024
        digest = requests.get(url + "/v1/digest", timeout=60,
                              headers={"Authorization": f"Bearer {token}"}).json()
        return {"peak": peak, "refused": refused[0], "wall": wall, "stored": digest["count"]}
    finally:
        proc.kill()
        proc.wait()
        engine.dispose()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/v1/health", timeout=1)
            return
        except requests.ConnectionError:
            if proc.poll() is not None:
                raise RuntimeError("server exited") from None
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print JSON lines."""
    parser = argparse.ArgumentParser(prog="python -m bench.server_memory")
    parser.add_argument("--pushes", type=int, default=8)
    parser.add_argument("--sets", type=int, default=10_000, help="per push (5 changes each)")
    parser.add_argument("--small", action="store_true", help="a few seconds' run")
    args = parser.parse_args(argv)
    pushes, sets = (4, 1500) if args.small else (args.pushes, args.sets)
    work = bodies(pushes, sets, "bench-dev")
    extra = {"pushes": pushes, "gzip_mib_each": round(len(work[0]) / 2**20, 2)}
    with tempfile.TemporaryDirectory() as tmp:
        bounded = run(Path(tmp, "budget"), work, None)
        unbounded = run(Path(tmp, "unbounded"), work, 100_000)
    emit("peak_rss_mib_budget", bounded["peak"], "MiB", **extra)
    emit("peak_rss_mib_unbounded", unbounded["peak"], "MiB", **extra)
    emit("peak_rss_ratio", bounded["peak"] / unbounded["peak"], "ratio", **extra)
    emit("refused_503_budget", bounded["refused"], "requests", **extra)
    emit("wall_s_budget", bounded["wall"], "s", **extra)
    emit("wall_s_unbounded", unbounded["wall"], "s", **extra)
    expected = pushes * sets * 5
    emit("lost", expected - min(bounded["stored"], unbounded["stored"]), "changes", **extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
