"""County administration over the database: the device list, codes, revocation,
re-enrolment and the append-only audit of every admin action.

An admin is a device of role ``admin`` whose scope prefix is a county, prefecture
or province. It sees and acts on the devices whose scope lies within its prefix;
any other device id is answered as unknown (404), so an admin cannot learn that a
device of another county exists. A refusal changes nothing but appends its audit
row (outside the refused transaction).
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from sync.protocol import system_ms
from sync.server.auth import (
    ADMIN,
    AuthError,
    Device,
    cancel_reenrolment_codes,
    check_enrol_fields,
    hash_secret,
    insert_code,
    role_prefix,
    token_matches,
)
from sync.server.db import (
    admin_audit,
    batches,
    device_seen,
    device_status,
    devices,
    enrolments,
    flags,
    reenrolments,
)
from sync.server.sql import chunks, in_prefix

#: Audit rows an admin reads per request at most.
AUDIT_PAGE = 1000
NOT_FOUND = "设备不存在 / device not found"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def printable(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, control characters (NUL included, which
    PostgreSQL refuses in text) replaced by "?"."""
    return _CONTROL.sub("?", text[:limit])


def audit(conn: Connection, *, actor: str, action: str, target: str, result: str,
          scope: str, detail: dict[str, Any] | None = None) -> None:
    """Append one audit row in ``conn``'s transaction."""
    conn.execute(insert(admin_audit).values(
        at_ms=system_ms(), actor=printable(actor, 64), action=printable(action, 32),
        target=printable(target, 200), result=printable(result, 16),
        scope=printable(scope, 12), detail=json.dumps(detail or {})))


def audit_refusal(engine: Engine, exc: AuthError, *, actor: str, action: str, target: str,
                  scope: str) -> None:
    """Record a refused action in a transaction of its own (the refused one rolled back)."""
    with engine.begin() as conn:
        audit(conn, actor=actor, action=action, target=target, result=str(exc.status),
              scope=scope, detail={"error": str(exc)[:200]})


def read_audit(engine: Engine, admin: Device, *, after: int = 0,
               limit: int = AUDIT_PAGE) -> list[dict[str, Any]]:
    """The audit rows within ``admin``'s scope after id ``after``, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(admin_audit).where(
            admin_audit.c.id > after, in_prefix(admin_audit.c.scope, admin.prefix),
        ).order_by(admin_audit.c.id).limit(min(limit, AUDIT_PAGE))).all()
    return [{"id": r.id, "at_ms": r.at_ms, "actor": r.actor, "action": r.action,
             "target": r.target, "result": r.result, "scope": r.scope,
             "detail": json.loads(r.detail)} for r in rows]


# -- the device list -------------------------------------------------------
def list_devices(engine: Engine, admin: Device) -> list[dict[str, Any]]:
    """Every device within ``admin``'s scope, live ones first, longest silent first."""
    in_scope = in_prefix(devices.c.prefix, admin.prefix)
    with engine.connect() as conn:
        rows = conn.execute(select(devices, device_seen.c.seen_ms).outerjoin(
            device_seen, device_seen.c.token_hash == devices.c.token_hash).where(in_scope)).all()
        ids = [r.device_id for r in rows]
        last = _last_batches(conn, ids)
        status = _statuses(conn, ids)
        flag_counts = _flag_counts(conn, admin.prefix)
    listed = [_device_entry(r, last=last.get(r.device_id), status=status.get(r.device_id),
                            flag_counts=flag_counts) for r in rows]
    listed.sort(key=lambda d: (d["revoked"], d["last_seen_ms"] or -1, d["device_id"]))
    return listed


def _device_entry(row: Any, *, last: tuple[int, dict[str, Any]] | None, status: Any,
                  flag_counts: dict[str, int]) -> dict[str, Any]:
    batch_ms, ack = last if last else (None, {})
    seen = max((m for m in (row.seen_ms, batch_ms) if m is not None), default=None)
    error = None
    if status is not None and status.error_status is not None:
        error = {"status": status.error_status, "detail": status.error_detail,
                 "at_ms": status.error_ms}
    return {
        "device_id": row.device_id, "name": row.name, "role": row.role, "scope": row.prefix,
        "revoked": bool(row.revoked), "enrolled_ms": row.enrolled_ms, "last_seen_ms": seen,
        "last_batch_ms": batch_ms, "last_batch_changes": ack.get("changes"),
        "last_batch_accepted": ack.get("accepted"),
        "pending_flags": sum(n for scope, n in flag_counts.items()
                             if scope.startswith(row.prefix)),
        "app_version": status.app_version if status is not None else None,
        "last_error": error,
    }


def _last_batches(conn: Connection, ids: list[str]) -> dict[str, tuple[int, dict[str, Any]]]:
    """Each device's last committed batch: (committed ms, its acknowledgement)."""
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for part in chunks(ids):
        last = select(batches.c.device_id, func.max(batches.c.committed_ms).label("ms")).where(
            batches.c.device_id.in_(part)).group_by(batches.c.device_id).subquery()
        rows = conn.execute(select(batches.c.device_id, batches.c.committed_ms, batches.c.ack)
                            .join(last, and_(batches.c.device_id == last.c.device_id,
                                             batches.c.committed_ms == last.c.ms)))
        for r in rows:
            found[r.device_id] = (r.committed_ms, json.loads(r.ack))
    return found


def _statuses(conn: Connection, ids: list[str]) -> dict[str, Any]:
    found = {}
    for part in chunks(ids):
        for r in conn.execute(select(device_status).where(device_status.c.device_id.in_(part))):
            found[r.device_id] = r
    return found


def _flag_counts(conn: Connection, prefix: str) -> dict[str, int]:
    """Flags raised per record scope within ``prefix`` (the server keeps them all open)."""
    rows = conn.execute(select(flags.c.scope, func.count()).where(
        in_prefix(flags.c.scope, prefix)).group_by(flags.c.scope))
    return {scope: count for scope, count in rows}


# -- acting on one device ----------------------------------------------------
def target_device(conn: Connection, admin: Device, *, device_id: str) -> Any:
    """The device row ``device_id`` if it lies within ``admin``'s scope, else 404; locked
    until the transaction ends (PostgreSQL), so a concurrent revocation or re-enrolment
    of it waits."""
    row = conn.execute(select(devices).where(devices.c.device_id == device_id)
                       .with_for_update()).first()
    if row is None or not row.prefix.startswith(admin.prefix):
        raise AuthError(NOT_FOUND, 404)
    return row


def revoke_device(engine: Engine, admin: Device, *, device_id: str) -> dict[str, Any]:
    """Revoke a device within ``admin``'s scope (and its unused re-enrolment codes)."""
    try:
        with engine.begin() as conn:
            row = target_device(conn, admin, device_id=device_id)
            cond = devices.c.device_id == row.device_id
            conn.execute(update(devices).where(cond).values(revoked=True))
            cancel_reenrolment_codes(conn, cond)
            audit(conn, actor=admin.device_id, action="revoke", target=row.device_id,
                  result="ok", scope=row.prefix, detail={"was_revoked": bool(row.revoked)})
    except AuthError as exc:
        audit_refusal(engine, exc, actor=admin.device_id, action="revoke", target=device_id,
                      scope=admin.prefix)
        raise
    return {"device_id": row.device_id, "revoked": True, "changed": not row.revoked}


def enrolment_code(engine: Engine, admin: Device, *, name: str, role: str,
                   scope: str) -> dict[str, Any]:
    """A one-time code for a new device of ``role`` over ``scope`` (within ``admin``'s)."""
    try:
        prefix = _prefix_within(admin, scope=scope, role=role)
        with engine.begin() as conn:
            code = insert_code(conn, name=name, role=role, prefix=prefix)
            audit(conn, actor=admin.device_id, action="enrol", target=f"{role}:{prefix}",
                  result="ok", scope=prefix)
    except AuthError as exc:
        audit_refusal(engine, exc, actor=admin.device_id, action="enrol",
                      target=f"{role}:{scope}", scope=admin.prefix)
        raise
    return {"code": code, "role": role, "scope": prefix}


def reenrolment_code(engine: Engine, admin: Device, *, device_id: str, role: str | None,
                     scope: str | None) -> dict[str, Any]:
    """A one-time code for the existing device ``device_id`` to re-enrol under its id
    (by default with its role and scope); the only kind a revoked device can use."""
    try:
        with engine.begin() as conn:
            row = target_device(conn, admin, device_id=device_id)
            role = role or row.role
            if (role == ADMIN) != (row.role == ADMIN):
                raise AuthError("管理员与设备不能互换角色 / an admin and a device cannot"
                                " swap roles by re-enrolment", 422)
            prefix = _prefix_within(admin, scope=scope or row.prefix, role=role)
            code = insert_code(conn, name=row.name, role=role, prefix=prefix)
            conn.execute(insert(reenrolments).values(
                code_hash=hash_secret(code), device_id=row.device_id, created_ms=system_ms()))
            audit(conn, actor=admin.device_id, action="reenrol-code", target=row.device_id,
                  result="ok", scope=prefix, detail={"role": role, "from": row.prefix})
    except AuthError as exc:
        audit_refusal(engine, exc, actor=admin.device_id, action="reenrol-code",
                      target=device_id, scope=admin.prefix)
        raise
    return {"code": code, "role": role, "scope": prefix, "device_id": row.device_id}


def _prefix_within(admin: Device, *, scope: str, role: str) -> str:
    prefix = role_prefix(scope, role)
    if not prefix.startswith(admin.prefix):
        raise AuthError(f"辖区 {prefix} 不在管理范围 {admin.prefix} 内 / scope {prefix} is"
                        f" outside the admin's scope {admin.prefix}", 403)
    return prefix


# -- re-enrolment by the device ------------------------------------------------
REENROL_REFUSED = "re-enrol refused: unknown device id, old token or enrolment code"


class Unproven(AuthError):
    """A re-enrolment refused before the caller proved the device's token: not audited.
    It answers like an unknown or used code, so a caller cannot tell which was wrong."""

    def __init__(self) -> None:
        super().__init__(REENROL_REFUSED, 403)


def reenrol(engine: Engine, *, code: str, device_id: str, old_token: str,
            sign_key: str | None = None, device_scope: str | None = None) -> tuple[str, Device]:
    """Re-enrol ``device_id`` under its old id: it proves it holds ``old_token`` (its
    last token, even if revoked) and gives a fresh one-time ``code``. The server keeps
    the id, takes the code's name, role and scope, swaps the token and records the
    event. A revoked device needs a code an admin issued for it after revoking it.
    Every refusal leaves the device and the code as they were. An unknown device, a
    wrong token and an unknown code get the same answer, and only a caller that proved
    the device's token is audited (anyone may call: the refusal counts per address)."""
    check_enrol_fields(device_id, sign_key=sign_key, device_scope=device_scope)
    try:
        with engine.begin() as conn:
            return _reenrol(conn, code=code, device_id=device_id, old_token=old_token,
                            sign_key=sign_key, device_scope=device_scope)
    except Unproven:
        raise
    except AuthError as exc:
        with engine.connect() as conn:
            prefix = conn.execute(select(devices.c.prefix).where(
                devices.c.device_id == device_id)).scalar()
        audit_refusal(engine, exc, actor=device_id, action="reenrol", target=device_id,
                      scope=prefix or "")
        raise


def _reenrol(conn: Connection, *, code: str, device_id: str, old_token: str,
             sign_key: str | None, device_scope: str | None) -> tuple[str, Device]:
    dev = conn.execute(select(devices).where(devices.c.device_id == device_id)
                       .with_for_update()).first()
    if dev is None or not token_matches(old_token or "", dev.token_hash):
        raise Unproven()
    code_hash = hash_secret(code.strip().upper())
    row = conn.execute(select(enrolments).where(enrolments.c.code_hash == code_hash,
                                                enrolments.c.used.is_(False))).first()
    if row is None:  # the same answer, audited: the caller holds the device's token
        raise AuthError(REENROL_REFUSED, 403)
    _check_reenrol_code(conn, code=row, dev=dev, device_scope=device_scope)
    if conn.execute(update(enrolments).where(  # once, also when two processes race
            enrolments.c.code_hash == code_hash, enrolments.c.used.is_(False))
            .values(used=True)).rowcount != 1:
        raise AuthError("enrolment code unknown or already used", 403)
    token = secrets.token_urlsafe(32)
    sign_key = None if row.role == ADMIN else (sign_key or dev.sign_key)
    conn.execute(update(devices).where(devices.c.device_id == device_id).values(
        name=row.name, role=row.role, prefix=row.prefix, token_hash=hash_secret(token),
        sign_key=sign_key, revoked=False, enrolled_ms=system_ms()))
    audit(conn, actor=device_id, action="reenrol", target=device_id, result="ok",
          scope=row.prefix, detail={"from": dev.prefix, "role": row.role,
                                    "was_revoked": bool(dev.revoked)})
    return token, Device(device_id, row.name, row.role, row.prefix, sign_key)


def _check_reenrol_code(conn: Connection, *, code: Any, dev: Any,
                        device_scope: str | None) -> None:
    bound = conn.execute(select(reenrolments.c.device_id).where(
        reenrolments.c.code_hash == code.code_hash)).scalar()
    if bound is not None and bound != dev.device_id:
        raise AuthError("re-enrol 'code': issued for another device", 403)
    if dev.revoked and bound is None:
        raise AuthError("设备已吊销，须用管理员为它签发的重新注册码 / a revoked device"
                        " re-enrols only with a code an admin issued for it", 403)
    if (code.role == ADMIN) != (dev.role == ADMIN):
        raise AuthError("管理员与设备不能互换角色 / an admin and a device cannot swap"
                        " roles by re-enrolment", 422)
    if device_scope is not None and not device_scope.startswith(code.prefix):
        raise AuthError(f"enrolment code covers scope {code.prefix}, the device records"
                        f" in {device_scope}: ask for a code of that scope", 422)


# -- what devices report -------------------------------------------------------
def record_status(engine: Engine, token: str, *, version: str | None = None,
                  error: tuple[int, str] | None = None) -> None:
    """Record the app version a device's request carried, or the error it was answered,
    against the device holding ``token`` (nothing if no device holds it)."""
    if version is None and error is None:
        return
    now = system_ms()
    with engine.begin() as conn:
        device_id = conn.execute(select(devices.c.device_id).where(
            devices.c.token_hash == hash_secret(token))).scalar()
        if device_id is None:
            return
        values: dict[str, Any] = {}
        if version is not None:
            values.update(app_version=version, version_ms=now)
        if error is not None:
            values.update(error_status=error[0], error_detail=printable(error[1], 200),
                          error_ms=now)
        make = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        stmt = make(device_status).values(device_id=device_id, **values)
        conn.execute(stmt.on_conflict_do_update(index_elements=[device_status.c.device_id],
                                                set_=values))
