"""What SQLCipher costs the county server: ``python -m bench.server_cipher [--small]``.

The same batches (new households of one village, ``--sets`` change sets of five
properties each per batch) are applied through the hub into a plaintext SQLite
database (the baseline, measured in the same run) and into the SQLCipher database the
server now uses by default. Prints JSON lines {"metric", "value", "unit", ...}:

- ``push_changes_per_s_plain`` / ``push_changes_per_s_cipher``: changes stored per
  second (decoded batches applied and committed, WAL and full sync as served);
- ``push_cipher_ratio``: the SQLCipher rate over the plaintext one;
- ``snapshot_s_plain`` / ``snapshot_s_cipher`` and ``snapshot_cipher_ratio``: one whole
  snapshot of the village afterwards (every state row read back).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.store import emit
from sync.protocol import Change, HybridClock, make_batch, new_id
from sync.server.auth import Device
from sync.server.db import database_url, open_engine
from sync.server.hub import Hub

#: The metrics every run prints (tests/test_benches.py checks them).
METRICS = ("push_changes_per_s_plain", "push_changes_per_s_cipher", "push_cipher_ratio", "snapshot_s_plain", "snapshot_s_cipher", "snapshot_cipher_ratio")


VILLAGE = "361130104201"
DEVICE = Device("bench-dev", "bench", "village", VILLAGE, None)


def batches(count: int, sets: int) -> list:
    """``count`` batches of ``sets`` new households, five properties each."""
    clock = HybridClock(DEVICE.device_id)
    out = []
    for b in range(count):
        changes = []
        for n in range(sets):
            sid, hlc = new_id(), clock.tick().encode()
            changes += [Change(f"{sid}.{prop}", f"h{b}-{n}", "household", prop, value, None,
                               hlc, DEVICE.device_id, "bench", VILLAGE)
                        for prop, value in (("head", f"户主{n}"), ("size", n % 7 + 1),
                                            ("address", f"{b}组{n}号"), ("phone", None),
                                            ("note", "x" * 40))]
        out.append(make_batch(changes, device=DEVICE.device_id))
    return out


def run(url: str, work: list) -> tuple[float, float]:
    """Seconds to push every batch, and to take one snapshot, on a fresh database."""
    engine = open_engine(url)
    hub = Hub(engine)
    start = time.perf_counter()
    for batch in work:
        hub.push(DEVICE, batch)
    pushed = time.perf_counter() - start
    start = time.perf_counter()
    hub.snapshot_json(DEVICE, "sets")
    snap = time.perf_counter() - start
    engine.dispose()
    return pushed, snap


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print JSON lines."""
    parser = argparse.ArgumentParser(prog="python -m bench.server_cipher")
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--sets", type=int, default=1000)
    parser.add_argument("--small", action="store_true", help="a few seconds' run")
    args = parser.parse_args(argv)
    count, sets = (6, 300) if args.small else (args.batches, args.sets)
    work = batches(count, sets)
    changes = sum(b.size for b in work)
    with tempfile.TemporaryDirectory() as tmp:
        plain_dir, cipher_dir = Path(tmp, "plain"), Path(tmp, "cipher")
        plain_dir.mkdir()
        cipher_dir.mkdir()
        plain = run(f"sqlite:///{plain_dir / 'server.db'}", work)
        cipher = run(database_url(cipher_dir, None), work)
    extra = {"changes": changes, "batches": count}
    emit("push_changes_per_s_plain", changes / plain[0], "changes/s", **extra)
    emit("push_changes_per_s_cipher", changes / cipher[0], "changes/s", **extra)
    emit("push_cipher_ratio", plain[0] / cipher[0], "ratio", **extra)
    emit("snapshot_s_plain", plain[1], "s", **extra)
    emit("snapshot_s_cipher", cipher[1], "s", **extra)
    emit("snapshot_cipher_ratio", plain[1] / cipher[1], "ratio", **extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
