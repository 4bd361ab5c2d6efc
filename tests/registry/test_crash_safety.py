"""Invariant 1: a write reported committed survives SIGKILL at any point."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bangfu_testdata import PASSPHRASE, VILLAGE

from registry.db import integrity_problems
from registry.keyslots import KdfParams

WRITER = Path(__file__).with_name("crash_writer.py")
RUNS = 60


def run_and_kill(folder: Path, key: bytes, run: int, delay: float, *,
                 after: int = 0) -> list[tuple[str, list[str]]]:
    """Start a writer, let it report ``after`` commits (so a loaded machine still gives it
    work to lose), wait ``delay`` more seconds, SIGKILL it; the commits it reported."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, str(WRITER), str(folder), key.hex(), str(run)],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "READY"
    seen = [proc.stdout.readline() for _ in range(after)]
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    commits = []
    for line in [*seen, *proc.stdout.read().splitlines()]:
        parts = line.split()
        if len(parts) == 3 and parts[0] == "COMMIT":  # a torn last line is not a report
            commits.append((parts[1], parts[2].split(",")))
    return commits


def test_sigkill_never_loses_a_reported_commit(profile):
    store = profile.create(user="crash", passphrase=PASSPHRASE, scope=VILLAGE,
                           kdf=KdfParams.fast())
    store.close()
    key = profile.keyring().unlock("crash", PASSPHRASE)
    rng = random.Random(20261122)
    reported: list[tuple[str, list[str]]] = []
    for run in range(RUNS):
        reported += run_and_kill(profile.folder, key, run, rng.uniform(0.0, 0.25),
                                 after=rng.randint(0, 3))
    assert len(reported) > RUNS  # the writer got real work done between kills

    store = profile.open_with_key(key, user="check")
    try:
        assert integrity_problems(store.db.conn) == []
        journal = Counter(c.change_id for c in store.journal())
        for entity_id, change_ids in reported:
            store.get(entity_id)
            assert all(journal[cid] == 1 for cid in change_ids)
        assert max(journal.values()) == 1
        for entity in store.find("person"):
            latest = {c.prop: c.change_id for c in store.journal(entity_id=entity.id)}
            assert entity.versions == latest
    finally:
        store.close()
