"""bench/policy.py --small runs and prints its metrics as JSON lines (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

from policy_helpers import ROOT


def test_bench_small_prints_eligibility_with_its_baseline():
    out = subprocess.run([sys.executable, "-m", "bench.policy", "--small"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300, check=True)
    metrics = {m["metric"]: m for m in map(json.loads, out.stdout.splitlines())}
    assert {"eligibility_s", "eligibility_baseline_s", "eligibility_ratio"} <= set(metrics)
    line = metrics["eligibility_s"]
    assert line["unit"] == "s" and line["people"] == 1000 and line["rules_in_force"] >= 1
    assert line["answers"] == line["people"] * line["rules_in_force"]
    assert 0 < line["eligible"] < line["answers"]
    ratio = metrics["eligibility_ratio"]["value"]
    assert abs(ratio - line["value"] / metrics["eligibility_baseline_s"]["value"]) < 0.05 * ratio
