"""The county recovery key file: an X25519 private key sealed under a passphrase.

The county makes one key pair (``bangfu-server recovery-key init``). The public
half goes to every device, which seals its data key to it (a recovery slot in
``keyslots.json``). The private half is written to a file for offline keeping
(USB stick, safe), encrypted with AES-256-GCM under a key derived from a
passphrase with Argon2id; the file holds the public half in clear so an officer
can see which key it is. Shared by the server (which makes the file) and the
registry (which opens profiles with it), hence here, beside the protocol.
"""

from __future__ import annotations

import base64
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

KEY_FORMAT = "bangfu-recovery-key/1"
#: A key file bigger than this is not one of ours.
MAX_KEY_FILE_BYTES = 64 * 1024


class RecoveryKeyError(ValueError):
    """A recovery key file is unreadable, not ours, or its passphrase is wrong; ``kind``
    says which: ``file`` (not a key file), ``damaged``, ``passphrase``, or ``value``."""

    def __init__(self, message: str, *, kind: str = "value") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class KeyFileCost:
    """Argon2id cost of the key file's passphrase (default: about 0.5 s, 256 MiB)."""

    iterations: int = 4
    lanes: int = 4
    memory_kib: int = 262144

    @classmethod
    def fast(cls) -> KeyFileCost:
        """Cheap costs for tests only."""
        return cls(iterations=1, lanes=1, memory_kib=64)


def check_key_passphrase(passphrase: str) -> None:
    """``RecoveryKeyError`` unless 12+ characters from at least 3 of: upper, lower, digit,
    symbol (the key file opens every profile of the county: a longer minimum)."""
    classes = [r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]"]
    found = sum(1 for pattern in classes if re.search(pattern, passphrase))
    if len(passphrase) < 12 or found < 3:
        raise RecoveryKeyError("恢复密钥口令至少 12 位，且包含大写字母、小写字母、数字、符号中的三类"
                               " (12+ characters from 3 classes)")


def public_hex(key: X25519PublicKey) -> str:
    """The raw public key as 64 hex digits (as served to devices)."""
    return key.public_bytes_raw().hex()


def parse_public_hex(text: str) -> X25519PublicKey:
    """The public key of 64 hex digits; ``RecoveryKeyError`` if it is not one."""
    try:
        raw = bytes.fromhex(text)
        if len(raw) != 32:
            raise ValueError(text)
        return X25519PublicKey.from_public_bytes(raw)
    except (TypeError, ValueError):
        raise RecoveryKeyError("not an X25519 public key (64 hex digits)") from None


def seal_private_key(private: X25519PrivateKey, passphrase: str, *,
                     cost: KeyFileCost | None = None) -> bytes:
    """The key file's bytes: ``private`` encrypted under ``passphrase``."""
    params = cost or KeyFileCost()
    salt, nonce = os.urandom(16), os.urandom(12)
    pub = public_hex(private.public_key())
    sealed = AESGCM(_derive(passphrase, salt, params)).encrypt(
        nonce, private.private_bytes_raw(), _aad(pub))
    doc = {"format": KEY_FORMAT, "public": pub,
           "kdf": {"name": "argon2id", "iterations": params.iterations, "lanes": params.lanes,
                   "memory_kib": params.memory_kib, "salt": _b64e(salt)},
           "nonce": _b64e(nonce), "sealed": _b64e(sealed)}
    return json.dumps(doc, indent=1).encode()


def open_private_key(path: Path, passphrase: str) -> X25519PrivateKey:
    """Read a key file and decrypt it; ``RecoveryKeyError`` naming what is wrong."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise RecoveryKeyError(f"{path.name}: 不是恢复密钥文件 (not a recovery key file)",
                                   kind="file")
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("format") != KEY_FORMAT:
            raise RecoveryKeyError(f"{path.name}: 不是恢复密钥文件 (not a recovery key file)",
                                   kind="file")
        kdf = doc["kdf"]
        params = KeyFileCost(int(kdf["iterations"]), int(kdf["lanes"]), int(kdf["memory_kib"]))
        key = _derive(passphrase, _b64d(kdf["salt"]), params)
        nonce, sealed = _b64d(doc["nonce"]), _b64d(doc["sealed"])
    except RecoveryKeyError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise RecoveryKeyError(f"{path.name}: 恢复密钥文件已损坏 (damaged key file)",
                               kind="damaged") from None
    try:
        raw = AESGCM(key).decrypt(nonce, sealed, _aad(str(doc["public"])))
    except InvalidTag:
        raise RecoveryKeyError(f"{path.name}: 恢复密钥口令错误 (wrong passphrase)",
                               kind="passphrase") from None
    return X25519PrivateKey.from_private_bytes(raw)


def _aad(public: str) -> bytes:
    return f"{KEY_FORMAT}:{public}".encode()


def _derive(passphrase: str, salt: bytes, params: KeyFileCost) -> bytes:
    return Argon2id(salt=salt, length=32, iterations=params.iterations, lanes=params.lanes,
                    memory_cost=params.memory_kib).derive(passphrase.encode("utf-8"))


def _b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.b64decode(str(text).encode("ascii"), validate=True)
