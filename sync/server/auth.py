"""Enrolment codes, device tokens (stored hashed) and revocation."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select, update

from sync.protocol import ScopeError, scope_prefix, system_ms
from sync.server.db import devices, enrolments, reenrolments

_DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SIGN_KEY = re.compile(r"^[0-9a-f]{64}$")
_SCOPE = re.compile(r"^[0-9]{2,12}$")
#: The county administrators' role: they call ``/v1/admin`` and never sync records.
ADMIN = "admin"
#: The longest scope prefix an admin may hold: a county (6 digits) or above.
ADMIN_MAX_PREFIX = 6


class AuthError(Exception):
    """Enrolment or authentication failed; ``status`` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Device:
    """An enrolled, authenticated device."""

    device_id: str
    name: str
    role: str
    prefix: str
    sign_key: str | None


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def role_prefix(scope: str, role: str) -> str:
    """The scope prefix a device of ``role`` enrolled over ``scope`` covers (an admin's:
    ``scope`` minus its trailing zero levels, a county or above); 422 if invalid."""
    try:
        if role != ADMIN:
            return scope_prefix(scope, role)
        prefix = scope_prefix(scope)
    except ScopeError as exc:
        raise AuthError(str(exc), 422) from exc
    if len(prefix) > ADMIN_MAX_PREFIX:
        raise AuthError(f"管理员辖区须为县、市或省级代码 / admin 'scope': expected a county,"
                        f" prefecture or province code, got the {len(prefix)}-digit prefix"
                        f" {prefix}", 422)
    return prefix


def create_enrolment(engine: Engine, *, name: str, role: str, scope: str) -> str:
    """Store a one-time enrolment code for a device of ``role`` over ``scope``; return it."""
    prefix = role_prefix(scope, role)
    with engine.begin() as conn:
        return insert_code(conn, name=name, role=role, prefix=prefix)


def insert_code(conn: Connection, *, name: str, role: str, prefix: str) -> str:
    """Store a new one-time code in ``conn``'s transaction; return the code."""
    code = "-".join(secrets.token_hex(3).upper() for _ in range(4))
    conn.execute(insert(enrolments).values(
        code_hash=_hash(code), name=name, role=role, prefix=prefix,
        created_ms=system_ms(), used=False))
    return code


def check_enrol_fields(device_id: str, *, sign_key: str | None,
                       device_scope: str | None) -> None:
    """Refuse (422) a malformed device id, signing key or device scope."""
    if not _DEVICE_ID.match(device_id or ""):
        raise AuthError("enrol 'device_id': expected 1-64 letters, digits, '-' or '_'", 422)
    if sign_key is not None and not _SIGN_KEY.match(sign_key):
        raise AuthError("enrol 'sign_key': expected 64 hex digits (Ed25519)", 422)
    if device_scope is not None and not _SCOPE.match(device_scope):
        raise AuthError("enrol 'scope': expected 2-12 digits of a division code", 422)


def exchange_code(engine: Engine, *, code: str, device_id: str, sign_key: str | None = None,
                  device_scope: str | None = None) -> tuple[str, Device]:
    """Exchange a one-time code for a device token; the code is used up. A code issued
    to re-enrol one device (see ``sync.server.admin_store.reenrolment_code``) is
    answered like an unknown code and stays usable for its device's re-enrolment.

    ``device_scope`` is the division code the device records in; a code whose scope
    does not cover it is refused (422) and stays unused, so the county can hand out
    the right one.
    """
    check_enrol_fields(device_id, sign_key=sign_key, device_scope=device_scope)
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        # A re-enrolment code (bound to one device, for /v1/reenroll) is unknown here:
        # the same answer, before any other check, so nothing tells it exists.
        row = conn.execute(select(enrolments).where(
            enrolments.c.code_hash == _hash(code.strip().upper()),
            enrolments.c.used.is_(False),
            enrolments.c.code_hash.not_in(select(reenrolments.c.code_hash)))).first()
        if row is None:
            raise AuthError("enrolment code unknown or already used", 403)
        if device_scope is not None and not device_scope.startswith(row.prefix):
            raise AuthError(f"enrolment code covers scope {row.prefix}, the device records"
                            f" in {device_scope}: ask for a code of that scope", 422)
        if conn.execute(select(devices.c.device_id).where(
                devices.c.device_id == device_id)).first():
            raise AuthError("device id already enrolled", 409)
        if conn.execute(update(enrolments).where(  # once, also when two processes race
                enrolments.c.code_hash == row.code_hash, enrolments.c.used.is_(False))
                .values(used=True)).rowcount != 1:
            raise AuthError("enrolment code unknown or already used", 403)
        if row.role == ADMIN:  # an admin signs no USB bundles: it syncs no records
            sign_key = None
        conn.execute(insert(devices).values(
            device_id=device_id, name=row.name, role=row.role, prefix=row.prefix,
            token_hash=_hash(token), sign_key=sign_key, revoked=False,
            enrolled_ms=system_ms()))
    return token, Device(device_id, row.name, row.role, row.prefix, sign_key)


def authenticate(engine: Engine, token: str) -> Device:
    """The live device holding ``token``; :class:`AuthError` if unknown or revoked."""
    with engine.connect() as conn:
        row = conn.execute(select(devices).where(devices.c.token_hash == _hash(token))).first()
    if row is None or row.revoked:
        raise AuthError("unknown or revoked device token")
    return _device(row)


def device_by_id(engine: Engine, device_id: str) -> Device:
    """A live device by id (for USB bundles); :class:`AuthError` if unknown or revoked."""
    with engine.connect() as conn:
        row = conn.execute(select(devices).where(devices.c.device_id == device_id)).first()
    if row is None or row.revoked:
        raise AuthError("unknown or revoked device")
    return _device(row)


def _device(row) -> Device:  # noqa: ANN001 - a result row
    return Device(row.device_id, row.name, row.role, row.prefix, row.sign_key)


def revoke(engine: Engine, *, device_id: str | None = None, name: str | None = None) -> int:
    """Revoke devices by id or by name (and unused codes for that name); return how many."""
    if not device_id and not name:
        raise AuthError("revoke: give a device id or a name", 422)
    cond = devices.c.device_id == device_id if device_id else devices.c.name == name
    with engine.begin() as conn:
        count = conn.execute(update(devices).where(cond).values(revoked=True)).rowcount
        cancel_reenrolment_codes(conn, cond)
        if name:
            count += conn.execute(update(enrolments).where(
                enrolments.c.name == name, enrolments.c.used.is_(False))
                .values(used=True)).rowcount
    return count


def cancel_reenrolment_codes(conn: Connection, cond) -> None:  # noqa: ANN001 - a condition
    """Use up the unused re-enrolment codes of the devices matching ``cond``: a revoked
    device may re-enrol only with a code issued after its revocation."""
    bound = select(reenrolments.c.code_hash).where(
        reenrolments.c.device_id.in_(select(devices.c.device_id).where(cond)))
    conn.execute(update(enrolments).where(
        enrolments.c.code_hash.in_(bound), enrolments.c.used.is_(False)).values(used=True))


def token_matches(token: str, token_hash: str) -> bool:
    """Whether ``token`` hashes to ``token_hash`` (compared in constant time)."""
    return hmac.compare_digest(_hash(token), token_hash)


def hash_secret(secret: str) -> str:
    """The stored hash of a token or of an (upper-case, stripped) enrolment code."""
    return _hash(secret)
