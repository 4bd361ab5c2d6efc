"""Import of USB bundles at the county server, with the guarantees of an online push."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sync.protocol import BundleError, open_bundle
from sync.server.auth import AuthError, device_by_id
from sync.server.hub import Hub
from sync.server.keys import server_private_key


def import_bundle(hub: Hub, data_dir: Path, data: bytes) -> list[dict[str, Any]]:
    """Open, verify and apply a bundle batch by batch; return the acknowledgements."""

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
    return [hub.push(device, batch) for batch in batches]
