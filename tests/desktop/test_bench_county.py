"""bench/desktop.py --county builds one county replica, measures it, and reuses it (--keep)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench._county import MANIFEST, county_in

ROOT = Path(__file__).resolve().parents[2]
COUNTY_METRICS = ["dashboard_open_s", "conflict_queue_ms", "duplicates_s"]


def run_county(keep: Path) -> list[dict[str, object]]:
    out = subprocess.run([sys.executable, "-m", "bench.desktop", "--county", "--small",
                          "--repeats", "1", "--keep", str(keep)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300, check=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def test_one_replica_serves_the_three_metrics_and_is_reused(tmp_path: Path) -> None:
    keep = tmp_path / "county"
    first = run_county(keep)
    assert [line["metric"] for line in first] == COUNTY_METRICS
    manifest = json.loads((keep / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["people"] == 2000 and manifest["conflicts"] > 250
    for line in first:
        assert line["value"] > 0 and line["baseline"] > 0 and line["ratio"] > 0
        assert line["people"] == 2000 and line["county_reused"] is False
    assert first[1]["conflicts"] == manifest["conflicts"]
    assert first[2]["planted"] == len(manifest["planted"]) > 0
    assert first[2]["candidates"] >= first[2]["planted"]
    again = run_county(keep)
    assert [line["metric"] for line in again] == COUNTY_METRICS
    assert all(line["county_reused"] is True for line in again)
    assert again[1]["conflicts"] == first[1]["conflicts"]


def test_an_unfinished_replica_is_refused_not_reused(tmp_path: Path) -> None:
    (tmp_path / "profile").mkdir()
    (tmp_path / "profile" / "keyslots.json").write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit, match="unfinished county"):
        county_in(tmp_path, people=2000, conflicts=300)
