"""bench/desktop.py --small runs and prints every metric with a same-run baseline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.desktop import METRICS

ROOT = Path(__file__).resolve().parents[2]


def test_the_small_desktop_benchmark_prints_each_metric_with_a_baseline():
    out = subprocess.run([sys.executable, "-m", "bench.desktop", "--small"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300, check=True)
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert [line["metric"] for line in lines] == list(METRICS)
    for line in lines:
        assert line["value"] > 0 and line["baseline"] > 0 and line["people"] == 2000
        assert line["ratio"] > 0 and line["baseline_is"]
    peak = next(line for line in lines if line["metric"] == "peak_rss_mib")
    # the profile is built in a child process: the steps after Qt started are the app's own
    assert list(peak["steps"]) == ["qt", "list", "counts", "followup", "search", "end"]
    assert all(step["hwm"] <= peak["value"] + 1 for step in peak["steps"].values())
    assert "child process" in peak["covers"]
