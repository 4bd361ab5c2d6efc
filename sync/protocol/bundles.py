"""USB bundles: batches sealed to the county server and signed by the device."""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable, Iterable
from typing import Any

from sync.protocol.batches import MAX_BATCH_BYTES, Batch, decode_batch, encode_batch, gunzip
from sync.protocol.changes import canonical_json

BUNDLE_FORMAT = "bangfu.bundle/1"
_BUNDLE_MAGIC = b"BANGFU-BUNDLE/1\n"
_HPKE_INFO = BUNDLE_FORMAT.encode()


class BundleError(ValueError):
    """A bundle could not be opened, verified or decoded."""


def _suite():  # noqa: ANN202 - a cryptography HPKE suite
    from cryptography.hazmat.primitives import hpke

    return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def seal_bundle(batches: Iterable[Batch], *, device: str, signing_key: Any,
                server_key: str, created_ms: int) -> bytes:
    """Sign ``batches`` with the device's Ed25519 key, then seal them to the server's
    X25519 key (``server_key``, hex) with HPKE (RFC 9180, base mode)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    inner = gzip.compress(canonical_json({
        "format": BUNDLE_FORMAT, "device": device, "server_key": server_key,
        "created_ms": created_ms,
        "batches": [base64.b64encode(encode_batch(b)).decode() for b in batches],
    }).encode(), mtime=0)
    signed = canonical_json({"device": device, "payload": base64.b64encode(inner).decode(),
                             "sig": signing_key.sign(inner).hex()}).encode()
    recipient = X25519PublicKey.from_public_bytes(bytes.fromhex(server_key))
    return _BUNDLE_MAGIC + _suite().encrypt(signed, recipient, info=_HPKE_INFO)


def open_bundle(data: bytes, *, server_private: Any,
                verify_key: Callable[[str], Any]) -> tuple[str, list[Batch]]:
    """Open a sealed bundle; return its device and batches.

    ``verify_key(device)`` returns that device's Ed25519 public key (or raises).
    Raises :class:`BundleError` if the bundle is damaged, not for this server, or
    not signed by the device it names.
    """
    from cryptography.exceptions import InvalidSignature, InvalidTag

    if not data.startswith(_BUNDLE_MAGIC):
        raise BundleError("bundle: not a Bangfu bundle")
    try:
        signed = json.loads(_suite().decrypt(data[len(_BUNDLE_MAGIC):], server_private,
                                             info=_HPKE_INFO))
        device, inner = signed["device"], base64.b64decode(signed["payload"], validate=True)
        verify_key(device).verify(bytes.fromhex(signed["sig"]), inner)
    except InvalidSignature as exc:
        raise BundleError("bundle: signature does not match the device") from exc
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise BundleError("bundle: damaged, or not sealed to this server's key") from exc
    body = _load_bundle_body(gunzip(inner, MAX_BATCH_BYTES), device)
    return device, [decode_batch(base64.b64decode(b)) for b in body["batches"]]


def _load_bundle_body(text: bytes, device: str) -> dict[str, Any]:
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise BundleError("bundle: payload is not JSON") from exc
    if not isinstance(body, dict) or body.get("format") != BUNDLE_FORMAT:
        raise BundleError(f"bundle 'format': expected {BUNDLE_FORMAT!r}")
    if body.get("device") != device or not isinstance(body.get("batches"), list):
        raise BundleError("bundle: device or batches malformed")
    return body

