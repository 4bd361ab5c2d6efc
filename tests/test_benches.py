"""Every benchmark under bench/ runs at its ``--small`` size and prints its documented metrics.

The modules are found by listing bench/*.py, so a new benchmark is checked without editing
this file. The contract is in bench/__init__.py. Figures are not asserted, only their shape.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHES = sorted(p.stem for p in (ROOT / "bench").glob("*.py") if not p.stem.startswith("_"))


def parse_lines(stdout: str, *, name: str) -> list[dict[str, object]]:
    """The JSON lines of a benchmark's output; fails naming the first bad line."""
    records = []
    for number, line in enumerate(stdout.splitlines(), start=1):
        where = f"bench.{name} line {number}: {line[:200]!r}"
        try:
            record = json.loads(line)
        except ValueError:
            pytest.fail(f"{where} is not JSON")
        assert isinstance(record, dict), f"{where} is not an object"
        assert isinstance(record.get("metric"), str) and record["metric"], f"{where}: metric"
        value = record.get("value")
        assert isinstance(value, int | float) and not isinstance(value, bool), f"{where}: value"
        assert math.isfinite(value), f"{where}: value is not finite"
        assert isinstance(record.get("unit"), str) and record["unit"], f"{where}: unit"
        records.append(record)
    return records


def test_the_benchmarks_are_found() -> None:
    assert {"store", "forms", "sync"} <= set(BENCHES)


@pytest.mark.parametrize("name", BENCHES)
def test_bench_declares_metrics(name: str) -> None:
    module = importlib.import_module(f"bench.{name}")
    metrics = getattr(module, "METRICS", None)
    assert isinstance(metrics, tuple) and metrics, f"bench.{name} has no METRICS tuple"
    assert all(isinstance(m, str) and m for m in metrics)
    assert len(set(metrics)) == len(metrics), f"bench.{name}: METRICS repeats a name"
    for metric in metrics:
        assert metric in (module.__doc__ or ""), f"bench.{name}: {metric} is not documented"


@pytest.mark.parametrize("name", BENCHES)
def test_bench_small_prints_its_metrics(name: str) -> None:
    module = importlib.import_module(f"bench.{name}")
    unavailable = getattr(module, "small_unavailable", None)
    reason = unavailable() if unavailable else None
    if reason:
        pytest.skip(f"bench.{name} --small: {reason}")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", f"bench.{name}", "--small"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"bench.{name} --small failed:\n{done.stderr[-3000:]}"
    records = parse_lines(done.stdout, name=name)
    missing = set(module.METRICS) - {r["metric"] for r in records}
    assert not missing, f"bench.{name} --small did not print {sorted(missing)}"


@pytest.mark.parametrize("line", [
    "not json", '["metric", 1]', '{"metric": "x", "value": "1", "unit": "ms"}',
    '{"metric": "x", "value": true, "unit": "ms"}', '{"metric": "x", "value": 1}',
    '{"metric": "", "value": 1, "unit": "ms"}', '{"metric": "x", "value": NaN, "unit": "ms"}',
])
def test_malformed_lines_are_refused(line: str) -> None:
    with pytest.raises((AssertionError, pytest.fail.Exception)):
        parse_lines(line, name="example")
