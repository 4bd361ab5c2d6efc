"""A county profile made before ``county_admin`` existed gets one, once, audited
(registry.accounts.may_grant_first_admin); refused device actions are audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, VILLAGE

from registry import accounts, audit
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store

FAST = KdfParams.fast()
COUNTY = "361130"
OTHER_PASS = "Lu-Ru-2026x"


def old_county(tmp_path: Path, scope: str = COUNTY) -> tuple[Profile, Store]:
    """A county profile as made before county_admin: its first user a reviewer."""
    profile = Profile(tmp_path / "county", today=lambda: TODAY)
    store = profile.create(user="chief", passphrase=PASSPHRASE, scope=scope, kdf=FAST,
                           role=accounts.REVIEWER)
    return profile, store


def test_county_scopes() -> None:
    assert accounts.is_county_scope("361130") and accounts.is_county_scope("361130000000")
    assert accounts.is_county_scope("36")
    assert not accounts.is_county_scope(VILLAGE) and not accounts.is_county_scope("361130104")
    assert not accounts.is_county_scope("") and not accounts.is_county_scope("36113x")


def test_a_reviewer_grants_themself_county_admin_once(tmp_path: Path) -> None:
    profile, store = old_county(tmp_path)
    assert accounts.may_grant_first_admin(store)
    assert accounts.grantable(store) == [accounts.CLERK, accounts.REVIEWER, accounts.COUNTY_ADMIN]
    accounts.set_role(store, user="chief", role=accounts.COUNTY_ADMIN)
    assert accounts.role_of(store) == accounts.COUNTY_ADMIN
    assert profile.keyring().role_hint("chief") == accounts.COUNTY_ADMIN
    change = audit.entries(store, action="role_change")
    assert [(e.user, e.target, e.result, e.detail) for e in change] == [
        ("chief", "chief", "ok", {"role": accounts.COUNTY_ADMIN, "first_county_admin": True})]
    assert not accounts.may_grant_first_admin(store)
    store.close()
    store = profile.unlock("chief", PASSPHRASE)  # kept across unlocks
    assert accounts.role_of(store) == accounts.COUNTY_ADMIN
    assert accounts.check_manage_devices(store, what="revoke") == accounts.COUNTY_ADMIN
    assert audit.entries(store, action="device_admin") == []
    store.close()


def test_once_there_is_a_county_admin_another_reviewer_cannot_grant_it(tmp_path: Path) -> None:
    profile, store = old_county(tmp_path)
    accounts.add_user(store, user="second", passphrase=OTHER_PASS, role=accounts.REVIEWER,
                      kdf=FAST)
    accounts.add_user(store, user="boss", passphrase=OTHER_PASS, role=accounts.COUNTY_ADMIN,
                      kdf=FAST)
    added = audit.entries(store, action="user_add")
    assert added[-1].detail == {"role": accounts.COUNTY_ADMIN, "first_county_admin": True}
    store.close()
    second = profile.unlock("second", OTHER_PASS)
    assert accounts.grantable(second) == [accounts.CLERK, accounts.REVIEWER]
    with pytest.raises(accounts.NotAllowed):
        accounts.set_role(second, user="second", role=accounts.COUNTY_ADMIN)
    with pytest.raises(accounts.NotAllowed):  # nor demote the county admin
        accounts.set_role(second, user="boss", role=accounts.CLERK)
    assert accounts.role_of(second, "second") == accounts.REVIEWER
    assert accounts.role_of(second, "boss") == accounts.COUNTY_ADMIN
    denied = [e for e in audit.entries(second, action="role_change") if e.result == "denied"]
    assert [e.user for e in denied] == ["second", "second"]
    second.close()


def test_a_clerk_never_gets_it(tmp_path: Path) -> None:
    profile, store = old_county(tmp_path)
    accounts.add_user(store, user="clerk", passphrase=OTHER_PASS, role=accounts.CLERK, kdf=FAST)
    store.close()
    clerk = profile.unlock("clerk", OTHER_PASS)
    assert not accounts.may_grant_first_admin(clerk) and accounts.grantable(clerk) == []
    with pytest.raises(accounts.NotAllowed):
        accounts.set_role(clerk, user="clerk", role=accounts.COUNTY_ADMIN)
    assert accounts.role_of(clerk) == accounts.CLERK
    assert [e.result for e in audit.entries(clerk, action="role_change")] == ["denied"]
    clerk.close()


@pytest.mark.parametrize("scope", [VILLAGE, "361130104"])
def test_never_on_a_village_or_township_profile(tmp_path: Path, scope: str) -> None:
    profile, store = old_county(tmp_path, scope)
    assert not accounts.may_grant_first_admin(store)
    assert accounts.grantable(store) == [accounts.CLERK, accounts.REVIEWER]
    with pytest.raises(accounts.NotAllowed):
        accounts.set_role(store, user="chief", role=accounts.COUNTY_ADMIN)
    with pytest.raises(accounts.NotAllowed):
        accounts.add_user(store, user="boss", passphrase=OTHER_PASS,
                          role=accounts.COUNTY_ADMIN, kdf=FAST)
    assert accounts.users(store) == [("chief", accounts.REVIEWER)]
    store.close()


def test_a_refused_device_action_is_audited(tmp_path: Path) -> None:
    profile, store = old_county(tmp_path)
    assert accounts.check_manage_devices(store, what="new_code") == accounts.REVIEWER
    (entry,) = audit.entries(store, action="device_admin")
    assert (entry.user, entry.target, entry.result, entry.detail) == (
        "chief", "new_code", "denied", {"role": accounts.REVIEWER})
    assert audit.ACTIONS["device_admin"] == "管理设备"
    store.close()


def test_the_cli_grants_the_first_county_admin(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    profile, store = old_county(tmp_path)
    store.close()
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "BANGFU_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(
        [sys.executable, "-m", "registry.accounts_cli", "set-role", "--profile",
         str(profile.folder), "--user", "chief", "--name", "chief", "--role", "county_admin"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    store = profile.unlock("chief", PASSPHRASE)
    assert accounts.role_of(store) == accounts.COUNTY_ADMIN
    store.close()
