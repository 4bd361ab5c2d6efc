"""The county server's X25519 key pair for sealed USB bundles, kept in the data dir."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from sync.protocol import write_atomic

KEY_FILE = "bundle_x25519.key"


def server_private_key(data_dir: Path) -> X25519PrivateKey:
    """Load the key, creating it (mode 0600, written atomically) on first use."""
    path = Path(data_dir) / KEY_FILE
    if not path.exists():
        write_atomic(path, X25519PrivateKey.generate().private_bytes_raw(), mode=0o600)
    return X25519PrivateKey.from_private_bytes(path.read_bytes())


def server_public_hex(data_dir: Path) -> str:
    """The public key (hex) devices seal bundles to."""
    key = server_private_key(data_dir).public_key()
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
