"""``bangfu --startup-probe`` (bench/packaging.py): the first window shows, its time is printed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from registry.profile import Profile
from registry.store import Store

ROOT = Path(__file__).resolve().parents[2]


def probe(folder: Path) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-m", "desktop.app", "--profile", str(folder),
                           "--startup-probe"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    return done.returncode, done.stdout.splitlines()


def test_probe_reports_the_unlock_window(profile: Profile, store: Store) -> None:
    store.close()
    started = time.time()
    code, lines = probe(profile.folder)
    assert code == 0 and len(lines) == 1 and lines[0].startswith("startup-probe "), lines
    assert started < float(lines[0].split()[1]) < time.time()


def test_probe_on_a_first_start_reports_the_new_profile_window(tmp_path: Path) -> None:
    code, lines = probe(tmp_path / "none")
    assert code == 0 and lines[0].startswith("startup-probe ")
    assert not Profile(tmp_path / "none").exists()
