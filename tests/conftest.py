"""Shared fixtures: tiny, fresh, real encrypted profiles (fast KDF costs, real SQLCipher)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, VILLAGE

from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile(tmp_path / "profile", today=lambda: TODAY)


@pytest.fixture
def store(profile: Profile) -> Store:
    s = profile.create(user="secretary", passphrase=PASSPHRASE, scope=VILLAGE,
                       kdf=KdfParams.fast())
    yield s
    s.close()
