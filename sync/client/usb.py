"""USB bundles: pending batches sealed to the county server and signed by the device.

Writing a bundle acknowledges nothing: the changes stay pending until the server
commits them (bundle import, or the next online sync, where they are known).
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from sync.client.port import SyncStore
from sync.protocol import make_batch, seal_bundle, system_ms, write_atomic


def signing_public_hex(key: Ed25519PrivateKey) -> str:
    """The public half of a device signing key, hex, as sent at enrolment."""
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def write_bundle(store: SyncStore, path: Path, *, server_key: str,
                 signing_key: Ed25519PrivateKey, batch_size: int = 500) -> int:
    """Seal every pending change into a bundle file (written atomically); return the count
    of changes. ``batch_size`` is in change sets. Audited through the port's optional
    ``record_audit`` once the file is written."""
    count = _seal_to_file(store, path, server_key=server_key, signing_key=signing_key,
                          batch_size=batch_size)
    record = getattr(store, "record_audit", None)
    if record is not None:
        record("usb_bundle", detail={"changes": count}, result="ok")
    return count


def _seal_to_file(store: SyncStore, path: Path, *, server_key: str,
                  signing_key: Ed25519PrivateKey, batch_size: int) -> int:
    """The bundle written; the count of changes."""
    pending = store.pending_sets(10**9)
    batches = [make_batch(pending[i:i + batch_size], device=store.device_id())
               for i in range(0, len(pending), batch_size)]
    data = seal_bundle(batches, device=store.device_id(), signing_key=signing_key,
                       server_key=server_key, created_ms=system_ms())
    write_atomic(Path(path), data, mode=0o600)
    return sum(b.size for b in batches)
