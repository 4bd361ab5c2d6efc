"""The county recovery key: made once, private half sealed for offline keeping.

``bangfu-server recovery-key init`` makes the X25519 pair, writes the private
half encrypted under a passphrase to a file the county keeps offline, and keeps
only the public half in the data directory (``recovery_x25519.pub``), served to
devices at enrolment and by ``GET /v1/recovery-key``. The server never holds the
private half.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sync.protocol import recoverykey

PUBLIC_FILE = "recovery_x25519.pub"


def recovery_public_hex(data_dir: Path | None) -> str | None:
    """The county's recovery public key (hex) kept in ``data_dir``, or ``None``."""
    if data_dir is None:
        return None
    path = Path(data_dir) / PUBLIC_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    try:
        recoverykey.parse_public_hex(text)
    except recoverykey.RecoveryKeyError:
        return None
    return text


def init_recovery_key(data_dir: Path, out: Path, passphrase: str, *,
                      cost: recoverykey.KeyFileCost | None = None) -> str:
    """Make the county's recovery key pair; write the sealed private half to ``out`` and
    the public half to the data directory; return the public half (hex). Refuses if
    either file exists: a new key would leave every existing slot sealed to the old one."""
    target = Path(data_dir) / PUBLIC_FILE
    for path in (target, Path(out)):
        if path.exists():
            raise FileExistsError(f"{path} exists: the county recovery key is made only once")
    private = X25519PrivateKey.generate()
    _write_new(Path(out), recoverykey.seal_private_key(private, passphrase, cost=cost))
    public = recoverykey.public_hex(private.public_key())
    _write_new(target, (public + "\n").encode("ascii"))
    return public


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
