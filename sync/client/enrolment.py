"""Connecting a device to its county server.

The county hands a laptop three things: the server's address, a one-time enrolment
code and, when the server's certificate comes from the county's own certificate
authority, that CA's certificate. :func:`connect` checks the address and the CA,
makes the device's bundle-signing key, and exchanges the code for a token over a
connection that trusts only that CA. It returns a :class:`Connection` for the
caller to keep (the desktop keeps it in the encrypted store).

Every failure is a :class:`SyncError` whose kind names what is wrong: ``address``,
``certificate`` (the CA file), ``tls`` (the server's certificate is not trusted),
``network``, ``code`` (unknown or used), ``enrolled`` (this device id already is),
``code_scope`` (the code's scope does not cover the device's; the code stays unused).
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from sync.client.client import enroll, reenroll
from sync.client.errors import SyncError
from sync.client.usb import signing_public_hex
from sync.protocol import ScopeError, normalize_scope

#: A CA file bigger than this is not a certificate a county hands out.
MAX_CA_BYTES = 256 * 1024
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ENROL_FAILURES = {403: "code", 409: "enrolled", 422: "code_scope"}
#: The longest QR payload read (a server address and a code fit in far less).
MAX_QR_TEXT = 1024


@dataclass(frozen=True, slots=True)
class EnrolmentQr:
    """What the county's enrolment QR code tells a laptop."""

    url: str
    code: str
    #: the device id the code was issued for (a re-enrolment code), else None
    device_id: str | None = None


def read_enrolment_qr(text: str) -> EnrolmentQr:
    """Read the text of an enrolment QR code: compact JSON
    ``{"bangfu":"enrol","v":1,"server":"https://host:port","code":"...","device":"..."}``
    (``device`` only in a re-enrolment code). The address is checked as typed ones are."""
    bad = SyncError("code", "二维码不是本系统的注册码 / the QR code is not a Bangfu enrolment code")
    try:
        data = json.loads(text) if len(text or "") <= MAX_QR_TEXT else None
    except ValueError:
        raise bad from None
    if not isinstance(data, dict) or data.get("bangfu") != "enrol" or data.get("v") != 1:
        raise bad
    code, device = data.get("code"), data.get("device")
    if not isinstance(code, str) or not code.strip() or not isinstance(device, str | None):
        raise bad
    return EnrolmentQr(check_address(str(data.get("server", ""))), code.strip().upper(), device)


@dataclass(frozen=True, slots=True)
class Connection:
    """What a device keeps to sync with its county server."""

    url: str
    token: str
    role: str
    scope: str
    #: the server's X25519 public key (hex) that USB bundles are sealed to
    server_key: str | None
    #: this device's Ed25519 private key (raw, hex) that signs its USB bundles
    signing_key: str
    #: the county CA's certificates (PEM) the server's certificate must chain to;
    #: ``None``: the system's trusted authorities
    ca_pem: str | None = None
    #: the county's recovery public key (hex) the profile seals a recovery slot to
    #: (``registry.recovery.ensure_recovery_slot``); ``None`` before the county made one
    recovery_key: str | None = None

    def signer(self) -> Ed25519PrivateKey:
        """The signing key as a key object."""
        return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(self.signing_key))


def check_address(url: str) -> str:
    """The server's base URL, checked: ``https://host[:port]``, or plain ``http`` only to
    this computer itself (a token sent in clear over a network could be read)."""
    text = (url or "").strip().rstrip("/")
    bad = SyncError("address", "the server address must look like https://host:port")
    try:
        parts = urlsplit(text)
        _ = parts.port  # a port that is not a number in 0-65535 raises ValueError
    except ValueError:
        raise bad from None
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment):
        raise bad
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise SyncError("address", "plain http is allowed only to this computer; use https")
    return text


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_ca(path: Path) -> str:
    """The certificates in a CA file (PEM, or one DER certificate), as PEM text."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_CA_BYTES:
            raise SyncError("certificate", f"{path.name}: too big for a certificate file")
        data = path.read_bytes()
    except OSError as exc:
        raise SyncError("certificate", f"{path.name}: cannot be read"
                        f" ({type(exc).__name__})") from None
    try:
        certs = (x509.load_pem_x509_certificates(data) if b"-----BEGIN" in data
                 else [x509.load_der_x509_certificate(data)])
    except ValueError:
        raise SyncError("certificate", f"{path.name}: not a certificate (PEM or DER)") from None
    return "".join(c.public_bytes(Encoding.PEM).decode("ascii") for c in certs)


@contextmanager
def trusted(ca_pem: str | None) -> Iterator[bool | str]:
    """The ``verify`` value for requests: a file holding only ``ca_pem`` (removed
    afterwards), or ``True`` for the system's authorities. The file holds a public
    certificate, nothing personal."""
    if ca_pem is None:
        yield True
        return
    fd, name = tempfile.mkstemp(prefix="bangfu-ca-", suffix=".pem")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(ca_pem)
        yield name
    finally:
        os.unlink(name)


def connect(url: str, code: str, *, device_id: str, scope: str, ca_pem: str | None = None,
            **transport: Any) -> Connection:
    """Enrol this device with the server at ``url`` using a one-time ``code``.

    ``scope`` is the division code the device records in (its profile's): the server
    refuses a code whose scope does not cover it, and leaves that code unused. The server's certificate must chain to
    ``ca_pem`` when given. Nothing is kept here: the caller stores the result.
    """
    base = check_address(url)
    try:
        records_in = normalize_scope(scope)
    except ScopeError as exc:
        raise SyncError("code_scope", f"the device's own scope is not valid: {exc}") from None
    code = (code or "").strip().upper()
    if not code:
        raise SyncError("code", "the enrolment code is empty")
    key = Ed25519PrivateKey.generate()
    transport.setdefault("retries", 2)
    with trusted(ca_pem) as verify:
        try:
            reply = enroll(base, code=code, device_id=device_id, scope=records_in,
                           sign_key=signing_public_hex(key), verify=verify, **transport)
        except SyncError as exc:
            kind = _ENROL_FAILURES.get(exc.status or 0)
            if kind is None:
                raise
            raise SyncError(kind, str(exc), status=exc.status) from None
    return Connection(base, _text(reply, "token"), _text(reply, "role"), _text(reply, "scope"),
                      _server_key(reply), _private_hex(key), ca_pem,
                      _server_key(reply, "recovery_key"))


def _text(reply: Any, name: str) -> str:
    value = reply.get(name) if isinstance(reply, dict) else None
    if not isinstance(value, str) or not value:
        raise SyncError("server", f"the enrolment answer has no valid {name!r}")
    return value


def _server_key(reply: dict[str, Any], name: str = "server_key") -> str | None:
    value = reply.get(name)
    if value is not None and not (isinstance(value, str) and _HEX64.match(value)):
        raise SyncError("server", f"the enrolment answer has a bad {name!r}")
    return value


def _private_hex(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()


def reconnect(old: Connection, code: str, *, device_id: str, scope: str,
              **transport: Any) -> Connection:
    """Re-enrol this device under its id with a fresh one-time ``code``, proving it with
    the token of ``old`` (also once revoked) at ``old.url`` (checked as :func:`connect`
    checks it); a new signing key is made. Failures as :func:`connect`'s (``code`` also
    for a token that is not this device's). The device keeps its id, so its journal goes on."""
    base = check_address(old.url)
    try:
        records_in = normalize_scope(scope)
    except ScopeError as exc:
        raise SyncError("code_scope", f"the device's own scope is not valid: {exc}") from None
    code = (code or "").strip().upper()
    if not code:
        raise SyncError("code", "the enrolment code is empty")
    key = Ed25519PrivateKey.generate()
    transport.setdefault("retries", 2)
    with trusted(old.ca_pem) as verify:
        try:
            reply = reenroll(base, code=code, device_id=device_id,
                             old_token=old.token, scope=records_in,
                             sign_key=signing_public_hex(key), verify=verify, **transport)
        except SyncError as exc:
            kind = _ENROL_FAILURES.get(exc.status or 0)
            if kind is None:
                raise
            raise SyncError(kind, str(exc), status=exc.status) from None
    return Connection(base, _text(reply, "token"), _text(reply, "role"),
                      _text(reply, "scope"), _server_key(reply), _private_hex(key), old.ca_pem,
                      _server_key(reply, "recovery_key") or old.recovery_key)
