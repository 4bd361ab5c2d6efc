"""Shared fixtures: tiny, fresh, real encrypted profiles (fast KDF costs, real SQLCipher)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store

TODAY = date(2026, 11, 22)
PASSPHRASE = "Cun-Gan-2026"
VILLAGE = "361130104201"


def make_id(region: str = "361130", birth: str = "19850315", seq: str = "123") -> str:
    """A valid synthetic 18-digit ID number (checksum computed)."""
    from registry.idnumber import id_check_char

    first17 = region + birth + seq
    return first17 + id_check_char(first17)


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile(tmp_path / "profile", today=lambda: TODAY)


@pytest.fixture
def store(profile: Profile) -> Store:
    s = profile.create(user="secretary", passphrase=PASSPHRASE, scope=VILLAGE,
                       kdf=KdfParams.fast())
    yield s
    s.close()
