from __future__ import annotations

import json
from pathlib import Path

import pytest

from registry.errors import LockedOut, UnknownUser, WeakPassphrase, WrongPassphrase
from registry.keyslots import KdfParams, KeyRing, lockout_wait, new_recovery_keypair

FAST = KdfParams.fast()


class Clock:
    def __init__(self) -> None:
        self.ms = 1_800_000_000_000

    def __call__(self) -> int:
        return self.ms


def make_ring(tmp_path: Path, clock: Clock | None = None):
    private, public = new_recovery_keypair()
    ring, key = KeyRing.create(tmp_path / "keyslots.json", user="li", passphrase="Pass-1234",
                               recovery_key=public, kdf=FAST, now_ms=clock or Clock())
    return ring, key, private


def test_unlock_returns_the_data_key(tmp_path):
    ring, key, _ = make_ring(tmp_path)
    assert len(key) == 32
    assert KeyRing.load(ring.path).unlock("li", "Pass-1234") == key


def test_real_default_cost_is_argon2id_64mib(tmp_path):
    ring, key = KeyRing.create(tmp_path / "k.json", user="li", passphrase="Pass-1234",
                               recovery_key=None)
    slot = json.loads(ring.path.read_text())["slots"][0]
    assert slot["kdf"]["name"] == "argon2id" and slot["kdf"]["memory_kib"] == 65536
    assert ring.unlock("li", "Pass-1234") == key


def test_wrong_passphrase_is_a_clear_error_and_counts(tmp_path):
    ring, _, _ = make_ring(tmp_path)
    with pytest.raises(WrongPassphrase) as err:
        ring.unlock("li", "wrong-Pass-1")
    assert err.value.failures == 1 and "密码错误" in err.value.message_zh
    assert KeyRing.load(ring.path).failures("li") == 1


def test_the_english_wrong_passphrase_text_counts_in_the_singular_then_plural(tmp_path):
    ring, _, _ = make_ring(tmp_path)
    texts = []
    for _ in range(2):
        with pytest.raises(WrongPassphrase) as err:
            ring.unlock("li", "wrong-Pass-1")
        texts.append(err.value.message_en)
    assert texts == ["Wrong passphrase (1 failed attempt in a row)",
                     "Wrong passphrase (2 failed attempts in a row)"]


def test_five_failures_then_growing_wait(tmp_path):
    clock = Clock()
    ring, key, _ = make_ring(tmp_path, clock)
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            ring.unlock("li", "nope-Nope-1")
    with pytest.raises(LockedOut) as locked:
        ring.unlock("li", "Pass-1234")  # even the right passphrase waits
    assert 29 < locked.value.wait_seconds <= 30
    clock.ms += 31_000
    with pytest.raises(WrongPassphrase) as sixth:
        ring.unlock("li", "nope-Nope-1")
    assert sixth.value.wait_seconds == 60
    clock.ms += 61_000
    assert ring.unlock("li", "Pass-1234") == key
    assert ring.failures("li") == 0


def test_lockout_wait_grows_and_caps():
    assert [lockout_wait(n) for n in (0, 4, 5, 6, 7)] == [0, 0, 30, 60, 120]
    assert lockout_wait(50) == 3600


def test_change_passphrase_rewraps_same_key(tmp_path):
    ring, key, _ = make_ring(tmp_path)
    ring.change_passphrase("li", "Pass-1234", "New-pass-99", kdf=FAST)
    with pytest.raises(WrongPassphrase):
        ring.unlock("li", "Pass-1234")
    assert KeyRing.load(ring.path).unlock("li", "New-pass-99") == key


def test_add_and_remove_users(tmp_path):
    ring, key, _ = make_ring(tmp_path)
    ring.add_user(key, "wang", "Wang-pass-1", kdf=FAST)
    assert ring.users() == ["li", "wang"]
    assert ring.unlock("wang", "Wang-pass-1") == key
    ring.remove_user("li")
    with pytest.raises(UnknownUser):
        ring.unlock("li", "Pass-1234")
    with pytest.raises(ValueError):
        ring.remove_user("wang")


def test_recovery_key_opens_without_any_passphrase(tmp_path):
    ring, key, private = make_ring(tmp_path)
    assert ring.recover(private) == key
    other, _ = new_recovery_keypair()
    with pytest.raises(WrongPassphrase):
        ring.recover(other)


@pytest.mark.parametrize("weak", ["short1A", "alllowercase", "12345678", "abcdEFGH"])
def test_weak_passphrases_refused(tmp_path, weak):
    with pytest.raises(WeakPassphrase):
        KeyRing.create(tmp_path / "k.json", user="li", passphrase=weak, recovery_key=None, kdf=FAST)
    assert not (tmp_path / "k.json").exists()


def test_slot_swapped_between_users_does_not_open(tmp_path):
    ring, key, _ = make_ring(tmp_path)
    ring.add_user(key, "wang", "Pass-1234", kdf=FAST)
    doc = json.loads(ring.path.read_text())
    doc["slots"][0]["user"], doc["slots"][2]["user"] = "wang", "li"
    ring.path.write_text(json.dumps(doc))
    with pytest.raises(WrongPassphrase):
        KeyRing.load(ring.path).unlock("li", "Pass-1234")


def test_clock_set_back_never_locks_longer_than_the_wait(tmp_path):
    clock = Clock()
    ring, key, _ = make_ring(tmp_path, clock)
    with pytest.raises(WrongPassphrase):
        ring.unlock("li", "nope-Nope-1")
    clock.ms -= 10 * 86_400_000  # laptop clock set back ten days
    assert ring.unlock("li", "Pass-1234") == key
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            ring.unlock("li", "nope-Nope-1")
    clock.ms -= 10 * 86_400_000
    with pytest.raises(LockedOut) as locked:
        ring.unlock("li", "Pass-1234")
    assert locked.value.wait_seconds <= 30
