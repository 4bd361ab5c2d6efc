"""What the thread check costs: ``python -m bench.thread_check [--households 5000] [--small]``.

The check (``BackgroundRunner.check_threads``, on in the desktop tests, off in the app)
runs a Python check before every statement on a runner's store. Two stores of the same
size are read in alternating rounds, one with a runner's check and one without (the
baseline, same run); each line is a JSON object {"metric", "value", "unit", ...}:

- ``thread_check_get_us``: one ``store.get(id)`` with the check (baseline and ratio);
- ``thread_check_find_us``: one ``store.find("household", limit=50)``;
- ``thread_check_write_ms``: one household written and committed (``store.create``).

``--small`` (500 households, fewer rounds) runs in seconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Create, Store

TODAY = date(2026, 11, 22)
VILLAGE = "361130104201"
METRICS = ("thread_check_get_us", "thread_check_find_us", "thread_check_write_ms")
SMALL = {"households": 500, "rounds": 5}


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    """Print one metric as a JSON line."""
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra}),
          flush=True)


def filled_store(folder: Path, households: int) -> tuple[Store, list[str]]:
    """A village store holding ``households`` synthetic households; their ids."""
    store = Profile(folder, today=lambda: TODAY).create(
        user="bench", passphrase="Bench-2026", scope=VILLAGE, kdf=KdfParams.fast())
    ids: list[str] = []
    for start in range(0, households, 500):
        ops = [Create("household", {"household_no": f"{VILLAGE}{n:05d}", "head_name": "张三"},
                      scope=VILLAGE) for n in range(start, min(households, start + 500))]
        ids += store.write(ops).created
    return store, ids


def per_call(work: Callable[[], object], calls: int) -> float:
    """Seconds per call of ``work`` over ``calls`` calls."""
    started = time.perf_counter()
    for _ in range(calls):
        work()
    return (time.perf_counter() - started) / calls


def measure(stores: dict[str, tuple[Store, list[str]]], rounds: int
            ) -> dict[tuple[str, str], list[float]]:
    """Per-call seconds of each kind of work on each store, rounds alternating."""
    seen: dict[tuple[str, str], list[float]] = {}
    for n in range(rounds):
        for name, (store, ids) in stores.items():
            work = {
                "get": (lambda s=store, i=ids: [s.get(x) for x in i], len(ids)),
                "find": (lambda s=store: [s.find("household", limit=50) for _ in range(50)], 50),
                "write": (lambda s=store, n=n: s.create("household", {
                    "household_no": f"{VILLAGE}9{n:04d}", "head_name": "李四"},
                    scope=VILLAGE), 1),
            }
            for kind, (run, calls) in work.items():
                seen.setdefault((name, kind), []).append(per_call(run, 1) / calls)
    return seen


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args(argv)
    households, rounds = ((SMALL["households"], SMALL["rounds"]) if args.small
                          else (args.households, args.rounds))
    from desktop.background import BackgroundRunner

    with tempfile.TemporaryDirectory() as tmp:
        stores = {"plain": filled_store(Path(tmp) / "plain", households),
                  "checked": filled_store(Path(tmp) / "checked", households)}
        BackgroundRunner.check_threads = True
        runner = BackgroundRunner(stores["checked"][0])  # idle: the GUI thread may read
        seen = measure(stores, rounds)
        runner.stop()
        for store, _ids in stores.values():
            store.close()
    for kind, unit, scale in (("get", "us", 1e6), ("find", "us", 1e6), ("write", "ms", 1e3)):
        plain = statistics.median(seen[("plain", kind)]) * scale
        checked = statistics.median(seen[("checked", kind)]) * scale
        emit(f"thread_check_{kind}_{unit}", checked, unit, baseline=round(plain, 3),
             ratio=round(checked / plain, 3), households=households, rounds=rounds)


if __name__ == "__main__":
    main()
