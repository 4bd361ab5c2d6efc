"""Key slots: the random data key, wrapped once per user and once for county recovery.

As in LUKS, the database is encrypted with a random *data key* that never changes
when a passphrase does. Each user has a slot holding the data key wrapped
(AES-256-GCM) by a key derived from that user's passphrase with Argon2id; the
county recovery slot holds the data key sealed (HPKE, X25519) to the county's
recovery public key, so county staff can open a profile whose users are gone.

The slots live in ``keyslots.json`` beside the database. It holds no personal
data: login names, salts, KDF costs and ciphertexts. Every update replaces the
whole file atomically, so a new slot is on disk before an old one disappears.
After five failed unlocks of a user, unlocking waits, doubling each time.

Failed unlocks happen before the database is open, so they are kept here too
(``unaudited``: who and when, no passphrase) until the next successful unlock
writes them into the audit log (``registry.audit``). Anyone who can edit this
file can reset the lockout counter or drop that list: the real protection
against guessing is the Argon2id cost of every attempt.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from registry.errors import (
    CorruptProfile,
    LockedOut,
    NoRecoverySlot,
    UnknownUser,
    WeakPassphrase,
    WrongPassphrase,
)
from sync.protocol import new_id, system_ms
from sync.protocol.fileio import write_atomic

FORMAT = "bangfu-keyslots/1"
DATA_KEY_BYTES = 32
FREE_ATTEMPTS = 5
FIRST_WAIT_S = 30.0
MAX_WAIT_S = 3600.0
#: Failed unlocks kept for the audit until the next successful unlock (oldest dropped).
MAX_UNAUDITED = 200
_HPKE_INFO = b"bangfu recovery slot v1"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id costs. The default costs about 0.2 s and 64 MiB on a 2-core laptop."""

    iterations: int = 3
    lanes: int = 4
    memory_kib: int = 65536

    @classmethod
    def fast(cls) -> KdfParams:
        """Cheap costs for tests and benchmarks only; never for real profiles."""
        return cls(iterations=1, lanes=1, memory_kib=64)


def check_passphrase(passphrase: str) -> None:
    """Raise ``WeakPassphrase`` unless 8+ characters from at least 3 classes."""
    classes = [r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]"]
    found = sum(1 for pattern in classes if re.search(pattern, passphrase))
    if len(passphrase) < 8 or found < 3:
        raise WeakPassphrase()


def lockout_wait(failures: int) -> float:
    """Seconds to wait after ``failures`` failed unlocks in a row (0 for the first five)."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(FIRST_WAIT_S * 2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_S)


def new_recovery_keypair() -> tuple[X25519PrivateKey, X25519PublicKey]:
    """A county recovery key pair. The private half stays with the county, offline."""
    private = X25519PrivateKey.generate()
    return private, private.public_key()


class KeyRing:
    """The key slots file of one profile."""

    def __init__(self, path: Path, doc: dict[str, Any], *, now_ms: Callable[[], int]) -> None:
        self.path = Path(path)
        self._doc = doc
        self._now_ms = now_ms

    # -- creation and loading -------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        *,
        user: str,
        passphrase: str,
        recovery_key: X25519PublicKey | None,
        kdf: KdfParams | None = None,
        now_ms: Callable[[], int] = system_ms,
    ) -> tuple[KeyRing, bytes]:
        """Write a new slots file for a new profile; return it and the new data key."""
        if Path(path).exists():
            raise FileExistsError(str(path))
        data_key = os.urandom(DATA_KEY_BYTES)
        ring = cls(path, {"format": FORMAT, "profile": new_id(), "slots": [], "failures": {}},
                   now_ms=now_ms)
        ring._doc["slots"].append(ring._passphrase_slot(data_key, user, passphrase, kdf))
        if recovery_key is not None:
            ring._doc["slots"].append(ring._recovery_slot(data_key, recovery_key))
        ring._save()
        return ring, data_key

    @classmethod
    def load(cls, path: Path, *, now_ms: Callable[[], int] = system_ms) -> KeyRing:
        """Read a slots file; ``CorruptProfile`` if it is missing or not ours."""
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CorruptProfile("keyslots.json") from exc
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise CorruptProfile("keyslots.json")
        return cls(path, doc, now_ms=now_ms)

    @property
    def profile_id(self) -> str:
        """The random id of this profile (also the AES-GCM associated data)."""
        return str(self._doc["profile"])

    def users(self) -> list[str]:
        """Login names that have a slot, in slot order."""
        return [s["user"] for s in self._doc["slots"] if s["kind"] == "passphrase"]

    # -- unlocking ------------------------------------------------------------

    def unlock(self, user: str, passphrase: str) -> bytes:
        """Return the data key, or raise ``WrongPassphrase`` / ``LockedOut`` / ``UnknownUser``."""
        slot = self._slot_of(user)
        self._refuse_if_locked(user)
        try:
            key = self._unwrap(slot, passphrase)
        except InvalidTag:
            failures = self._record_failure(user)
            self.note_failure(user)
            raise WrongPassphrase(failures=failures, wait_seconds=lockout_wait(failures)) from None
        self._clear_failures(user)
        return key

    def recover(self, private_key: X25519PrivateKey) -> bytes:
        """Open the recovery slot with the county's private key; return the data key."""
        for slot in self._doc["slots"]:
            if slot["kind"] == "recovery":
                try:
                    return _suite().decrypt(_b64d(slot["sealed"]), private_key, info=self._info())
                except InvalidTag:
                    continue
        raise NoRecoverySlot()

    # -- slot management (each needs the data key, i.e. an unlocked profile) --

    def add_user(self, data_key: bytes, user: str, passphrase: str,
                 *, kdf: KdfParams | None = None) -> None:
        """Give another user their own slot on this profile."""
        if user in self.users():
            raise ValueError(f"user {user!r} already has a slot")
        self._doc["slots"].append(self._passphrase_slot(data_key, user, passphrase, kdf))
        self._save()

    def change_passphrase(self, user: str, old: str, new: str,
                          *, kdf: KdfParams | None = None) -> None:
        """Re-wrap the data key under a new passphrase; the database is not re-encrypted."""
        data_key = self.unlock(user, old)
        self.set_passphrase(data_key, user, new, kdf=kdf)

    def remove_user(self, user: str) -> None:
        """Remove a user's slot; refuses to remove the last passphrase slot."""
        self._slot_of(user)
        if len(self.users()) == 1:
            raise ValueError("cannot remove the last user of a profile")
        self._doc["slots"] = [s for s in self._doc["slots"] if s.get("user") != user]
        self._save()

    def set_passphrase(self, data_key: bytes, user: str, passphrase: str,
                       *, kdf: KdfParams | None = None, role: str | None = None) -> None:
        """Give ``user`` a fresh slot for ``passphrase`` (replacing theirs, if any) with a
        data key already in hand (an unlocked profile, or county recovery). The whole
        file is replaced atomically: the new slot is on disk before the old is gone."""
        fresh = self._passphrase_slot(data_key, user, passphrase, kdf)
        old = next((s for s in self._doc["slots"] if s.get("user") == user), None)
        if role is not None or (old and "role" in old):
            fresh["role"] = role if role is not None else old["role"]  # type: ignore[index]
        if old is None:
            self._doc["slots"].append(fresh)
        else:
            self._doc["slots"] = [fresh if s is old else s for s in self._doc["slots"]]
        self._doc["failures"].pop(user, None)
        self._save()

    def set_role_hint(self, user: str, role: str) -> None:
        """Note ``user``'s role beside their slot, for the login screen. Only a hint: the
        role that counts is kept inside the encrypted database (``registry.accounts``)."""
        slot = self._slot_of(user)
        if slot.get("role") != role:
            slot["role"] = role
            self._save()

    def role_hint(self, user: str) -> str | None:
        """The role noted beside ``user``'s slot, if any (not authoritative)."""
        return self._slot_of(user).get("role")

    def recovery_recipients(self) -> list[str | None]:
        """The county public keys (hex) the recovery slots are sealed to (``None``: a
        slot made before slots named their key)."""
        return [s.get("recipient") for s in self._doc["slots"] if s["kind"] == "recovery"]

    def add_recovery(self, data_key: bytes, public_key: X25519PublicKey) -> bool:
        """Seal the data key to the county's recovery key unless a slot for it exists;
        True if a slot was added."""
        recipient = public_key.public_bytes_raw().hex()
        if recipient in self.recovery_recipients():
            return False
        self._doc["slots"].append(self._recovery_slot(data_key, public_key))
        self._save()
        return True

    def unaudited_failures(self) -> list[dict[str, Any]]:
        """Failed unlocks not yet written to the audit: ``{"user", "at_ms", "known"}``."""
        return [dict(item) for item in self._doc.get("unaudited", [])]

    def clear_unaudited(self, count: int) -> None:
        """Forget the first ``count`` unaudited failures (after they were audited)."""
        items = self._doc.get("unaudited", [])
        if items and count:
            self._doc["unaudited"] = items[count:]
            self._save()

    def note_failure(self, user: str) -> None:
        """Remember a failed unlock for the audit (called for unknown users too: the name
        is kept only if it has a slot, so a mistyped name, maybe a person's, is not)."""
        known = any(s.get("user") == user for s in self._doc["slots"])
        items = self._doc.setdefault("unaudited", [])
        items.append({"user": user if known else "", "at_ms": self._now_ms(), "known": known})
        del items[:-MAX_UNAUDITED]
        self._save()

    def failures(self, user: str) -> int:
        """Failed unlocks in a row for ``user``."""
        return int(self._doc["failures"].get(user, {}).get("count", 0))

    # -- internals --------------------------------------------------------------

    def _info(self) -> bytes:
        return _HPKE_INFO + b":" + self.profile_id.encode()

    def _aad(self, slot_id: str, user: str) -> bytes:
        return json.dumps([FORMAT, self.profile_id, slot_id, user]).encode()

    def _passphrase_slot(self, data_key: bytes, user: str, passphrase: str,
                         kdf: KdfParams | None) -> dict[str, Any]:
        check_passphrase(passphrase)
        params = kdf or KdfParams()
        slot_id, salt, nonce = new_id(), os.urandom(16), os.urandom(12)
        kek = _derive(passphrase, salt, params)
        wrapped = AESGCM(kek).encrypt(nonce, data_key, self._aad(slot_id, user))
        return {"id": slot_id, "kind": "passphrase", "user": user,
                "kdf": {"name": "argon2id", **asdict(params), "salt": _b64e(salt)},
                "nonce": _b64e(nonce), "wrapped": _b64e(wrapped)}

    def _recovery_slot(self, data_key: bytes, public_key: X25519PublicKey) -> dict[str, Any]:
        sealed = _suite().encrypt(data_key, public_key, info=self._info())
        return {"id": new_id(), "kind": "recovery",
                "suite": "hpke-x25519-hkdf-sha256-aes256gcm", "sealed": _b64e(sealed),
                "recipient": public_key.public_bytes_raw().hex()}

    def _unwrap(self, slot: dict[str, Any], passphrase: str) -> bytes:
        try:
            kdf = slot["kdf"]
            params = KdfParams(kdf["iterations"], kdf["lanes"], kdf["memory_kib"])
            kek = _derive(passphrase, _b64d(kdf["salt"]), params)
            nonce, wrapped = _b64d(slot["nonce"]), _b64d(slot["wrapped"])
        except (KeyError, TypeError, ValueError) as exc:
            raise CorruptProfile("keyslots.json") from exc
        return AESGCM(kek).decrypt(nonce, wrapped, self._aad(slot["id"], slot["user"]))

    def _slot_of(self, user: str) -> dict[str, Any]:
        for slot in self._doc["slots"]:
            if slot["kind"] == "passphrase" and slot["user"] == user:
                return slot
        raise UnknownUser()

    def _refuse_if_locked(self, user: str) -> None:
        record = self._doc["failures"].get(user)
        if not record:
            return
        wait_ms = lockout_wait(record["count"]) * 1000
        # Capped at the wait itself: a clock set back must not lock a user out for days.
        remaining = min(record["last_ms"] + wait_ms - self._now_ms(), wait_ms)
        if remaining > 0:
            raise LockedOut(wait_seconds=remaining / 1000)

    def _record_failure(self, user: str) -> int:
        record = self._doc["failures"].setdefault(user, {"count": 0, "last_ms": 0})
        record["count"] += 1
        record["last_ms"] = self._now_ms()
        self._save()
        return int(record["count"])

    def _clear_failures(self, user: str) -> None:
        if self._doc["failures"].pop(user, None) is not None:
            self._save()

    def _save(self) -> None:
        data = json.dumps(self._doc, ensure_ascii=False, indent=1).encode()
        write_atomic(self.path, data)


def _derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    return Argon2id(salt=salt, length=32, iterations=params.iterations, lanes=params.lanes,
                    memory_cost=params.memory_kib).derive(passphrase.encode("utf-8"))


def _suite() -> hpke.Suite:
    return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def _b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
