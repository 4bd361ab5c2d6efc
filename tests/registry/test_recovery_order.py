"""County recovery changes the passphrase last: the profile is opened and the change
audited first, so a failure anywhere before the re-wrap leaves the old passphrase working,
nothing audited as changed, and the store closed."""

from __future__ import annotations

import pytest
from bangfu_testdata import PASSPHRASE, VILLAGE
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from registry import audit
from registry.errors import UnknownUser, WrongPassphrase
from registry.keyslots import KdfParams, KeyRing
from registry.profile import Profile
from registry.recovery import ACTOR, recover_profile
from registry.store import Store
from sync.protocol.recoverykey import KeyFileCost, seal_private_key

FAST = KdfParams.fast()
KEY_PASS = "Xian-Ji-Hui-Fu-2026"
NEW_PASS = "Xin-Mi-Ma-2027"


@pytest.fixture
def setup(tmp_path):
    private = X25519PrivateKey.generate()
    key_file = tmp_path / "county-recovery.json"
    key_file.write_bytes(seal_private_key(private, KEY_PASS, cost=KeyFileCost.fast()))
    profile = Profile(tmp_path / "village")
    profile.create(user="secretary", passphrase=PASSPHRASE, scope=VILLAGE, kdf=FAST,
                   recovery_key=private.public_key()).close()
    return profile, key_file


def recover(profile, key_file):
    return recover_profile(profile.folder, key_file=key_file, key_passphrase=KEY_PASS,
                           user="secretary", new_passphrase=NEW_PASS, kdf=FAST)


@pytest.fixture
def closed(monkeypatch):
    """The stores closed during the test."""
    seen: list[Store] = []
    real = Store.close

    def close(self):
        seen.append(self)
        real(self)

    monkeypatch.setattr(Store, "close", close)
    return seen


def assert_old_passphrase_still_works(profile):
    with pytest.raises(WrongPassphrase):
        profile.unlock("secretary", NEW_PASS)
    store = profile.unlock("secretary", PASSPHRASE)
    try:
        assert audit.entries(store, action="passphrase_change") == []
    finally:
        store.close()


def test_recovery_sets_the_new_passphrase_audits_it_and_clears_counted_failures(setup):
    profile, key_file = setup
    with pytest.raises(WrongPassphrase):
        profile.unlock("secretary", "Not-The-Pass-1")
    assert len(profile.keyring().unaudited_failures()) == 1
    store = recover(profile, key_file)
    try:
        (entry,) = audit.entries(store, action="passphrase_change")
        assert entry.user == ACTOR and entry.detail["by"] == "county_recovery_key"
        assert len(audit.entries(store, action="unlock_failed")) == 1
    finally:
        store.close()
    # the re-wrap, done after the recovery login's audit, kept that audit's clearing
    assert profile.keyring().unaudited_failures() == []
    with pytest.raises(WrongPassphrase):
        profile.unlock("secretary", PASSPHRASE)
    profile.unlock("secretary", NEW_PASS).close()


def test_a_failing_audit_after_the_open_leaves_the_old_passphrase(setup, monkeypatch, closed):
    profile, key_file = setup
    slots_before = profile.slots_path.read_bytes()
    real = audit.record

    def record(store, **kw):
        if kw.get("action") == "passphrase_change":
            raise OSError("disk full")
        return real(store, **kw)

    monkeypatch.setattr(audit, "record", record)
    with pytest.raises(OSError):
        recover(profile, key_file)
    assert len(closed) == 1 and closed[0]._closed
    monkeypatch.setattr(audit, "record", real)
    assert profile.slots_path.read_bytes() == slots_before
    assert_old_passphrase_still_works(profile)


def test_a_failing_rewrap_rolls_the_audit_back(setup, monkeypatch, closed):
    profile, key_file = setup

    def set_passphrase(self, *args, **kw):
        raise OSError("read-only folder")

    monkeypatch.setattr(KeyRing, "set_passphrase", set_passphrase)
    with pytest.raises(OSError):
        recover(profile, key_file)
    assert len(closed) == 1
    monkeypatch.undo()
    assert_old_passphrase_still_works(profile)


def test_an_unknown_user_opens_nothing(setup, closed):
    profile, key_file = setup
    with pytest.raises(UnknownUser):
        recover_profile(profile.folder, key_file=key_file, key_passphrase=KEY_PASS,
                        user="nobody", new_passphrase=NEW_PASS, kdf=FAST)
    assert closed == []
    assert_old_passphrase_still_works(profile)
