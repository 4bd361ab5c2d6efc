"""A login name never holds a full mobile or ID number, and a profile whose user has one
(made before names were checked) still unlocks, recovers and manages its users: the
audit never receives the number, and a failed login audit leaves nothing open."""

from __future__ import annotations

import json

import pytest
from bangfu_testdata import PASSPHRASE, VILLAGE, make_id
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from registry import accounts, audit
from registry.errors import ValidationError
from registry.keyslots import KdfParams
from registry.profile import Profile, check_new_profile
from registry.session import opened
from registry.store import Store

FAST = KdfParams.fast()
MOBILE = "13912345678"
OTHER_PASS = "Lu-Ru-2026x"


def audit_text(store: Store) -> str:
    return json.dumps([c.value for c in store.journal() if c.entity_list == "audit"],
                      ensure_ascii=False)


@pytest.mark.parametrize("name", [MOBILE, f"张{MOBILE}", make_id(seq="321"),
                                  f"{make_id(seq='322')} 李"])
def test_a_new_profile_refuses_a_user_name_holding_a_full_number(tmp_path, name) -> None:
    with pytest.raises(ValidationError, match="手机号或身份证号") as caught:
        check_new_profile(user=name, passphrase=PASSPHRASE, scope=VILLAGE)
    assert caught.value.field == "profile.user" and name not in str(caught.value)
    profile = Profile(tmp_path / "p")
    with pytest.raises(ValidationError):
        profile.create(user=name, passphrase=PASSPHRASE, scope=VILLAGE, kdf=FAST)
    assert not profile.exists()


def test_add_user_refuses_a_number_and_leaves_no_slot(profile: Profile,
                                                      store: Store) -> None:
    with pytest.raises(ValidationError, match="手机号或身份证号") as caught:
        accounts.add_user(store, user=MOBILE, passphrase=OTHER_PASS, kdf=FAST)
    assert caught.value.field == "account.user"
    assert profile.users() == ["secretary"]
    accounts.add_user(store, user="luru1380", passphrase=OTHER_PASS, kdf=FAST)  # short run
    assert profile.users() == ["secretary", "luru1380"]


def test_add_user_removes_the_slot_when_the_audit_fails(profile: Profile, store: Store,
                                                        monkeypatch) -> None:
    def disk_full(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(audit, "record", disk_full)
    with pytest.raises(OSError):
        accounts.add_user(store, user="luru", passphrase=OTHER_PASS, kdf=FAST)
    monkeypatch.undo()
    assert profile.users() == ["secretary"]
    assert "luru" not in accounts.roles(store)


@pytest.fixture
def numbered(tmp_path):
    """A profile with a second user named by a mobile number, as older versions allowed."""
    private = X25519PrivateKey.generate()
    profile = Profile(tmp_path / "old")
    store = profile.create(user="secretary", passphrase=PASSPHRASE, scope=VILLAGE, kdf=FAST,
                           recovery_key=private.public_key())
    profile.keyring().set_passphrase(opened(store).data_key, MOBILE, OTHER_PASS, kdf=FAST)
    store.close()
    return profile, private


def test_a_user_named_by_a_number_still_unlocks_and_the_audit_keeps_no_number(
        numbered) -> None:
    profile, private = numbered
    store = profile.unlock(MOBILE, OTHER_PASS)
    [login] = audit.entries(store, action="login")
    assert login.target == "" and login.result == "ok"
    accounts.change_passphrase(store, old=OTHER_PASS, new="Xin-Mi-Ma-2027", kdf=FAST)
    store.close()
    store = profile.recover(private, user=MOBILE, actor="县级恢复")
    [recovery] = audit.entries(store, action="recovery")
    assert recovery.target == "139****5678" and recovery.user == "县级恢复"
    text = audit_text(store)
    assert [e.target for e in audit.entries(store, action="passphrase_change")] == [
        "139****5678"]
    store.close()
    boss = profile.unlock("secretary", PASSPHRASE)
    accounts.remove_user(boss, user=MOBILE)
    assert profile.users() == ["secretary"]
    for target in (e.target for e in audit.entries(boss)):
        assert MOBILE not in target
    assert MOBILE not in json.dumps([e.target for e in audit.entries(boss)])
    assert text.count("139****5678") >= 2
    boss.close()


def test_unlock_closes_the_store_when_the_login_audit_fails(profile: Profile,
                                                            store: Store,
                                                            monkeypatch) -> None:
    store.close()
    closed: list[Store] = []
    real_close = Store.close

    def spy_close(self: Store) -> None:
        closed.append(self)
        real_close(self)

    def disk_full(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(Store, "close", spy_close)
    monkeypatch.setattr(audit, "record", disk_full)
    with pytest.raises(OSError):
        profile.unlock("secretary", PASSPHRASE)
    assert len(closed) == 1 and closed[0].user == "secretary"
