"""Shared fixtures: tiny, fresh, real encrypted profiles (fast KDF costs, real SQLCipher)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, VILLAGE
from hypothesis import settings

from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store

# CI explores the same examples every run (a failure there is reproducible from its
# log); local runs keep exploring new ones and remember failures in .hypothesis/.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile(tmp_path / "profile", today=lambda: TODAY)


@pytest.fixture
def store(profile: Profile) -> Store:
    s = profile.create(user="secretary", passphrase=PASSPHRASE, scope=VILLAGE,
                       kdf=KdfParams.fast())
    yield s
    s.close()
