"""Helpers of the export tests: real encrypted profiles with synthetic villages, a set clock.

Imported by the test modules (not a conftest, so that the import tests' own conftest, if any,
does not collide with it)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from bangfu_testdata import PASSPHRASE, TODAY, VILLAGE

from registry.demo import load_demo
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store

CHINA = timezone(timedelta(hours=8))
DEMO_PEOPLE = 300


class Clock:
    """A wall clock the test moves: ``clock.set(2026, 10, 5)`` (China time)."""

    def __init__(self) -> None:
        self.ms = 0
        self.set(2026, 10, 5)

    def set(self, year: int, month: int, day: int, hour: int = 10) -> None:
        self.ms = int(datetime(year, month, day, hour, tzinfo=CHINA).timestamp() * 1000)

    def __call__(self) -> int:
        self.ms += 1
        return self.ms


def village_store(folder: Path, clock: Clock, *, people: int = DEMO_PEOPLE) -> Store:
    """A new profile of user ``secretary`` for the village holding ``people`` synthetic
    people, written at the clock's time (2026-10-05 unless moved)."""
    profile = Profile(folder, today=lambda: TODAY, now_ms=clock)
    store = profile.create(user="secretary", passphrase=PASSPHRASE, scope=VILLAGE,
                           kdf=KdfParams.fast())
    load_demo(store, people=people, seed=3, village=VILLAGE, today=TODAY)
    return store
