"""Import of USB bundles at the county server, with the guarantees of an online push:
a bundle is applied whole or not at all, and a batch imported before is a replay."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sync.protocol import MAX_BATCH_BYTES, BundleError, open_bundle
from sync.server.auth import AuthError, device_by_id
from sync.server.hub import Hub
from sync.server.keys import server_private_key

#: The largest bundle file read: a bundle's content inflates to at most MAX_BATCH_BYTES,
#: and its sealed file is the base64 of that content compressed (4/3 of it at worst).
MAX_BUNDLE_BYTES = MAX_BATCH_BYTES * 3 // 2
_CHUNK = 1 << 20


def read_bundle(path: Path, *, limit: int = MAX_BUNDLE_BYTES) -> bytes:
    """The bytes of the bundle file at ``path``: a regular file (a FIFO, device or
    folder is refused without waiting on it) of at most ``limit`` bytes, read in
    chunks and refused as soon as it grows past the limit."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise BundleError(f"bundle {path}: cannot be opened ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BundleError(f"bundle {path}: not a regular file")
        if info.st_size > limit:
            raise BundleError(f"bundle {path}: {info.st_size} bytes, more than the"
                              f" {limit} a bundle can hold")
        chunks, size = [], 0
        while chunk := os.read(fd, _CHUNK):
            size += len(chunk)
            if size > limit:
                raise BundleError(f"bundle {path}: more than the {limit} bytes a bundle"
                                  " can hold")
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def import_bundle(hub: Hub, data_dir: Path, data: bytes) -> list[dict[str, Any]]:
    """Open, verify and apply a bundle, all its batches in one transaction; return the
    acknowledgements (a batch imported before says ``"replayed": true``)."""

    def verify_key(device_id: str) -> Ed25519PublicKey:
        device = device_by_id(hub.engine, device_id)
        if not device.sign_key:
            raise AuthError("device has no signing key enrolled", 403)
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(device.sign_key))

    try:
        device_id, batches = open_bundle(data, server_private=server_private_key(data_dir),
                                         verify_key=verify_key)
    except AuthError as exc:
        raise BundleError(f"bundle: {exc}") from exc
    device = device_by_id(hub.engine, device_id)
    return hub.push_all(device, batches)


def summary(acks: list[dict[str, Any]]) -> dict[str, Any]:
    """What an import did, for the operator: totals, and each batch's result."""
    new = [a for a in acks if not a.get("replayed")]
    return {"batches": len(acks), "accepted": sum(a["accepted"] for a in new),
            "replayed": len(acks) - len(new),
            "results": [{"batch_id": a["batch_id"], "changes": a["changes"],
                         "accepted": 0 if a.get("replayed") else a["accepted"],
                         "known": a["known"], "replayed": bool(a.get("replayed"))}
                        for a in acks]}
