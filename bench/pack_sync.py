"""County packs by sync: ``python -m bench.pack_sync [--people 20000] [--county 5000] [--small]``.

``--small`` runs the sizes of ``SMALL`` (seconds) for CI's check.

A county server (the hub in-process, on SQLite) holds one village of ``--people`` people,
``--county`` county-scope records (which must not reach the village) and one county pack
(which must). Prints one JSON object per line: {"metric", "value", "unit", ...}.

- ``pull_village_s``: a village device pulls its whole scope page by page (2000 sets a page)
  through ``Hub.pull_json``, which also looks up the handed-down sets above it (median of
  runs); ``pull_plain_s``: the baseline, the same ``pull_json`` with the handed-down lookup
  switched off (the scope query alone, as the hub was before packs were handed down); ``pull_handed_down_ratio``: the first over the
  second (the cost of the extra lookup).
- ``noop_pull_ms``: a pull at the top cursor (nothing new: the common sync), with the
  lookup; ``noop_pull_plain_ms``: the same with the scope query alone (p50 of 200 each);
  ``noop_pull_ratio``.
- ``packs_for_ms``: ``registry.policy.packs_for`` on the village store holding the pack
  (digest checked on every call, the parsed workbook cached by digest);
  ``packs_for_builtin_ms``: the baseline on a store with no county pack;
  ``packs_for_ratio``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from registry.demo import household_ops
from registry.demo_data import generate_village
from registry.keyslots import KdfParams
from registry.policy import packs_for
from registry.policy.distribute import add_county_pack
from registry.policy.workbook import header_of
from registry.profile import Profile
from registry.replica import StoreReplica
from registry.store import Store
from sync.protocol import make_batch
from sync.server import hub as hub_module
from sync.server.apply import top_seq
from sync.server.auth import Device
from sync.server.db import database_url, open_engine
from sync.server.hub import Hub

METRICS = ("pull_village_s", "pull_plain_s", "pull_handed_down_ratio", "noop_pull_ms",
           "noop_pull_plain_ms", "noop_pull_ratio", "packs_for_ms", "packs_for_builtin_ms",
           "packs_for_ratio")
SMALL = {"people": 600, "county": 200, "runs": 3}
TODAY = date(2026, 11, 22)
COUNTY = "361130"
VILLAGE = "361130104201"
PAGE = 2000


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    """Print one metric as a JSON line."""
    print(json.dumps({"metric": metric, "value": round(value, 4), "unit": unit, **extra},
                     ensure_ascii=False), flush=True)


def pack_bytes() -> bytes:
    """A one-rule county pack for 2026 (synthetic)."""
    import io

    book = openpyxl.Workbook()
    book.remove(book.active)
    about = book.create_sheet("说明")
    about.append(header_of("说明"))
    for row in (["编号", "bench_2026"], ["名称", "基准测试县级政策"], ["发文机关", "测试县人社局"],
                ["发布日期", datetime(2026, 1, 5)], ["适用地区", COUNTY]):
        about.append(row)
    sheets = {name: book.create_sheet(name) for name in ("规则", "条件", "金额档次")}
    for name, sheet in sheets.items():
        sheet.append(header_of(name))
    sheets["规则"].append(["b2026_transport", "one_time_transport_subsidy", "交通补助", "", "个人",
                         "", datetime(2026, 1, 1), datetime(2026, 12, 31), "脱贫人口", "",
                         "每年一次", "", "测试文件（合成）", "一", "每人每年给予交通补助600元。"])
    sheets["金额档次"].append(["b2026_transport", "", "定额", 600, "人", ""])
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def profile(root: Path, name: str, scope: str) -> Store:
    return Profile(root / name, today=lambda: TODAY).create(
        user="bench", passphrase="Bench-2026", scope=scope, kdf=KdfParams.fast(), device=name)


def push_all(hub: Hub, store: Store, device: Device) -> None:
    """Every pending change of ``store`` into the hub, in batches."""
    replica = StoreReplica(store)
    while sets := replica.pending_sets(20_000):
        hub.push(device, make_batch(sets, device=device.device_id))
        replica.mark_acknowledged(sets)


def fill(root: Path, hub: Hub, people: int, county_records: int) -> Store:
    village = profile(root, "village", VILLAGE)
    village.write(household_ops(generate_village(seed=1, people=people, village_code=VILLAGE,
                                                 today=TODAY), scope=VILLAGE))
    push_all(hub, village, Device("village", "v", "village", VILLAGE, None))
    county = profile(root, "county", COUNTY)
    county.write(household_ops(generate_village(seed=2, people=county_records,
                                                village_code="361130999201", today=TODAY),
                               scope=COUNTY))
    add_county_pack(county, pack_bytes(), region=COUNTY)
    push_all(hub, county, Device("county", "c", "county", COUNTY, None))
    county.close()
    return village


@contextmanager
def plain_hub() -> Iterator[None]:
    """The hub as it was before packs were handed down: the same ``pull_json`` with the
    handed-down lookup switched off (the scope query alone)."""
    saved = hub_module.handed_down_sets
    hub_module.handed_down_sets = lambda *_a, **_k: []
    try:
        yield
    finally:
        hub_module.handed_down_sets = saved


def whole_pull(pull: Callable[[int], bytes]) -> tuple[float, int]:
    """Seconds to pull page by page from cursor 0, and the sets received."""
    start, cursor, sets = time.perf_counter(), 0, 0
    while True:
        page = json.loads(pull(cursor))
        sets += len(page["sets"])
        cursor = page["cursor"]
        if not page["more"]:
            return time.perf_counter() - start, sets


def p50_ms(action: Callable[[], object], samples: int) -> float:
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure_pulls(hub: Hub, runs: int) -> None:
    dev = Device("village", "v", "village", VILLAGE, None)
    def pull(cursor: int) -> bytes:
        return hub.pull_json(dev, cursor, PAGE, "sets")

    ours, plain = [], []
    for _ in range(runs + 1):  # alternated; the first round warms caches and is dropped
        ours.append(whole_pull(pull))
        with plain_hub():
            plain.append(whole_pull(pull))
    ours, plain = ours[1:], plain[1:]
    with_s, plain_s = statistics.median(t for t, _ in ours), statistics.median(t for t, _ in plain)
    emit("pull_village_s", with_s, "s", sets=ours[0][1])
    emit("pull_plain_s", plain_s, "s", sets=plain[0][1], handed_down=ours[0][1] - plain[0][1])
    emit("pull_handed_down_ratio", with_s / plain_s, "x")
    with hub.engine.connect() as conn:
        top = top_seq(conn)
    noop = p50_ms(lambda: pull(top), 200)
    with plain_hub():
        noop_plain = p50_ms(lambda: pull(top), 200)
    emit("noop_pull_ms", noop, "ms")
    emit("noop_pull_plain_ms", noop_plain, "ms")
    emit("noop_pull_ratio", noop / noop_plain, "x")


def measure_packs_for(root: Path, hub: Hub, village: Store) -> None:
    dev = Device("village", "v", "village", VILLAGE, None)
    replica = StoreReplica(village)
    cursor = 0
    while True:  # the village receives its scope and the pack, as a sync would
        page = json.loads(hub.pull_json(dev, cursor, PAGE, "sets"))
        replica.apply_remote(_sets(page))
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert [p.id for p in packs_for(village)][-1] == "bench_2026"
    empty = profile(root, "empty", "361130104202")
    packs_for(empty)
    with_ms, bare_ms = p50_ms(lambda: packs_for(village), 50), p50_ms(lambda: packs_for(empty), 50)
    emit("packs_for_ms", with_ms, "ms")
    emit("packs_for_builtin_ms", bare_ms, "ms")
    emit("packs_for_ratio", with_ms / bare_ms, "x")
    empty.close()


def _sets(page: dict[str, Any]) -> list[Any]:
    from sync.protocol import parse_set

    return [parse_set(s) for s in page["sets"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pack_sync")
    parser.add_argument("--people", type=int, default=20_000, help="people of the village")
    parser.add_argument("--county", type=int, default=5_000, help="county-scope records")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--small", action="store_true", help=f"sizes {SMALL} (seconds)")
    args = parser.parse_args(argv)
    if args.small:
        vars(args).update(SMALL)
    with tempfile.TemporaryDirectory() as tmp_name:
        root = Path(tmp_name)
        (root / "server").mkdir()
        engine = open_engine(database_url(root / "server", None))
        hub = Hub(engine)
        village = fill(root, hub, args.people, args.county)
        try:
            measure_pulls(hub, args.runs)
            measure_packs_for(root, hub, village)
        finally:
            village.close()
            engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
