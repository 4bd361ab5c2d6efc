"""The county administrator's side of the server's admin API (``/v1/admin``).

The county laptop syncs records with its device token (role ``county``). Managing
devices takes a second credential, an *admin* token: the server issues a one-time
admin code (``bangfu-server enroll --role admin --scope <county>``), and the laptop
exchanges it with :func:`enrol_admin` under a device id of its own (not the sync
device's). :class:`AdminClient` then lists the devices of the admin's scope, makes
enrolment and re-enrolment codes (text and QR image), revokes devices and reads the
admin audit. See docs/guide-server.md, "县级管理接口".

Every failure is an :class:`AdminError` whose ``kind`` says what went wrong and whose
message says it in Chinese: ``network``, ``tls``, ``address``, ``auth`` (the admin
token is unknown or revoked, 401), ``forbidden`` (403: not an admin token, or outside
its scope), ``not_found`` (404), ``code`` (an enrolment code unknown or used),
``enrolled`` (409), ``not_admin`` (the code was not an admin code), ``rejected``
(another 4xx), ``server`` (5xx or an answer that makes no sense). No Qt here.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sync.client.client import enroll, reenroll
from sync.client.enrolment import check_address, read_enrolment_qr, trusted
from sync.client.errors import SyncError
from sync.client.transport import Transport
from sync.protocol import ScopeError, normalize_scope

ADMIN = "admin"
#: The roles a new device's code may carry (an admin code comes from the server's CLI).
DEVICE_ROLES = ("village", "site", "township", "county")
_DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: The longest device name the server takes.
MAX_NAME = 200

MESSAGES = {
    "network": "无法连接县服务器，请检查网络或服务器地址后重试。",
    "tls": "无法验证县服务器的证书，未发送任何数据。",
    "address": "服务器地址须形如 https://主机:端口；不加密的 http:// 只能连本机。",
    "auth": "管理令牌无效或已被吊销，请重新输入管理注册码。",
    "forbidden": "服务器拒绝了此操作：不是管理令牌，或超出本管理员的辖区。",
    "not_found": "设备不存在，或不在本管理员的辖区内。",
    "code": "管理注册码无效或已被使用，请向服务器管理员索取新的注册码。",
    "enrolled": "本机的管理身份已在服务器注册过。",
    "not_admin": "这不是管理注册码（服务器按设备注册了它）；请在设备列表中吊销它，"
                 "并向服务器管理员索取 --role admin 的注册码。",
    "rejected": "服务器拒绝了请求。",
    "server": "县服务器出错或答复无法识别，请稍后再试。",
}
_BY_STATUS = {401: "auth", 403: "forbidden", 404: "not_found", 409: "enrolled"}


class AdminError(SyncError):
    """An admin request failed; ``kind`` as in the module docstring, ``detail`` the
    server's own reason (no personal data) or ``""``."""

    def __init__(self, kind: str, *, detail: str = "", status: int | None = None) -> None:
        text = MESSAGES.get(kind, MESSAGES["server"])
        super().__init__(kind, f"{text}（{detail}）" if detail else text, status=status)
        self.detail = detail


@dataclass(frozen=True, slots=True)
class AdminCredential:
    """What the county laptop keeps to act as an admin (inside its encrypted profile)."""

    url: str
    token: str
    device_id: str
    #: the admin's scope prefix (a county, prefecture or province code)
    scope: str
    #: the county CA's certificates (PEM), as the sync connection's; None: the system's
    ca_pem: str | None = None


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """One enrolled device as the server lists it (times in ms since the epoch)."""

    device_id: str
    name: str
    role: str
    scope: str
    revoked: bool
    enrolled_ms: int
    last_seen_ms: int | None
    last_batch_ms: int | None
    last_batch_changes: int | None
    last_batch_accepted: int | None
    pending_flags: int
    app_version: str | None
    error_status: int | None = None
    error_detail: str = ""
    error_ms: int | None = None


@dataclass(frozen=True, slots=True)
class EnrolmentCode:
    """A one-time code the server made (shown once), what it enrols and its QR code."""

    code: str
    role: str
    scope: str
    server_url: str
    qr_payload: str
    qr_png: bytes
    #: the device a re-enrolment code is for, else None
    device_id: str | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One row of the server's admin audit."""

    id: int
    at_ms: int
    actor: str
    action: str
    target: str
    result: str
    scope: str
    detail: dict[str, Any]


def admin_code_parts(url: str, code: str) -> tuple[str, str]:
    """The server address and code to enrol with: ``code`` as typed, or the text of an
    enrolment QR code (whose address then wins); the address checked."""
    text = (code or "").strip()
    if text.startswith("{"):
        try:
            qr = read_enrolment_qr(text)
        except SyncError:
            raise AdminError("code") from None
        return qr.url, qr.code
    try:
        base = check_address(url)
    except SyncError:
        raise AdminError("address") from None
    if not text:
        raise AdminError("code", detail="注册码为空")
    return base, text.upper()


def enrol_admin(url: str, code: str, *, device_id: str, scope: str,
                ca_pem: str | None = None, **transport: Any) -> AdminCredential:
    """Exchange a one-time admin ``code`` for an admin token under ``device_id``.

    ``scope`` is the county profile's: the server refuses (and leaves unused) a code
    that does not cover it. Nothing is kept here: the caller stores the credential."""
    base, code = admin_code_parts(url, code)
    records_in = _scope(scope)
    transport.setdefault("retries", 1)
    with trusted(ca_pem) as verify, _translated(enrolling=True):
        reply = enroll(base, code=code, device_id=device_id, scope=records_in,
                       verify=verify, **transport)
    return _credential(reply, base, ca_pem)


def reenrol_admin(old: AdminCredential, code: str, **transport: Any) -> AdminCredential:
    """Re-enrol the admin identity ``old`` under its id with a fresh ``code`` (its old
    token proves it): for a token that was lost on the server's side or to move scope."""
    base, code = admin_code_parts(old.url, code)
    transport.setdefault("retries", 1)
    with trusted(old.ca_pem) as verify, _translated(enrolling=True):
        reply = reenroll(base, code=code, device_id=old.device_id, old_token=old.token,
                         verify=verify, **transport)
    return _credential(reply, base, old.ca_pem)


def _scope(scope: str) -> str:
    try:
        return normalize_scope(scope)
    except ScopeError:
        raise AdminError("rejected", detail="本机档案的辖区代码无效") from None


def _credential(reply: Any, base: str, ca_pem: str | None) -> AdminCredential:
    fields = {name: reply.get(name) if isinstance(reply, dict) else None
              for name in ("token", "device_id", "scope", "role")}
    if not all(isinstance(v, str) and v for v in fields.values()):
        raise AdminError("server", detail="注册答复不完整")
    if fields["role"] != ADMIN:
        raise AdminError("not_admin", detail=f"角色 {fields['role']}")
    return AdminCredential(base, fields["token"], fields["device_id"], fields["scope"], ca_pem)


@contextmanager
def _translated(*, enrolling: bool = False) -> Iterator[None]:
    """Turn the transport's :class:`SyncError` into an :class:`AdminError`."""
    try:
        yield
    except AdminError:
        raise
    except SyncError as exc:
        raise _admin_error(exc, enrolling=enrolling) from None


def _admin_error(exc: SyncError, *, enrolling: bool) -> AdminError:
    status = exc.status
    detail = _server_detail(str(exc))
    if status is None:
        return AdminError(exc.kind if exc.kind in ("network", "tls") else "server")
    if enrolling and status == 403:
        return AdminError("code", detail=detail, status=status)
    if enrolling and status == 422:
        return AdminError("rejected", detail=detail or "注册码的辖区不包含本机档案的辖区",
                          status=status)
    kind = _BY_STATUS.get(status, "server" if status >= 500 else "rejected")
    return AdminError(kind, detail=detail, status=status)


def _server_detail(text: str) -> str:
    """The server's reason from the transport's "server answered N: reason"; a
    validation error's list (which echoes the input) is left out."""
    _, sep, reason = text.partition(": ")
    reason = reason.strip()
    if not sep or reason.startswith(("[", "{")):
        return ""
    return reason[:200]


class AdminClient:
    """The admin routes, with one admin credential; every call may raise AdminError."""

    def __init__(self, credential: AdminCredential, **transport: Any) -> None:
        self.credential = credential
        transport.setdefault("retries", 1)
        transport.setdefault("timeout", 20.0)
        self._transport = transport

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        with trusted(self.credential.ca_pem) as verify, _translated():
            http = Transport(self.credential.url, self.credential.token, verify=verify,
                             **self._transport)
            return http.call(method, path, **kwargs)

    def devices(self) -> list[DeviceInfo]:
        """Every device within the admin's scope (the server's order)."""
        reply = self._call("GET", "/admin/devices")
        if not isinstance(reply, list):
            raise AdminError("server", detail="设备列表格式不对")
        return [device_info(item) for item in reply]

    def new_code(self, *, name: str, role: str, scope: str) -> EnrolmentCode:
        """A one-time code (and QR code) for a new device named ``name`` of ``role``
        over ``scope``, to connect to this server's address."""
        if role not in DEVICE_ROLES:
            raise AdminError("rejected", detail=f"角色须为 {'、'.join(DEVICE_ROLES)} 之一")
        if not 0 < len(name) <= MAX_NAME or _CONTROL.search(name):
            raise AdminError("rejected", detail=f"设备名称须为 1 至 {MAX_NAME} 个字符，不含控制字符")
        body = {"name": name, "role": role, "scope": scope, "server_url": self.credential.url}
        return enrolment_code(self._call("POST", "/admin/enrolments", json=body))

    def revoke(self, device_id: str) -> bool:
        """Revoke ``device_id`` (its token stops at once); False if it already was."""
        reply = self._call("POST", f"/admin/devices/{_device_path(device_id)}/revoke", json={})
        if not isinstance(reply, dict) or reply.get("revoked") is not True:
            raise AdminError("server", detail="吊销答复格式不对")
        return bool(reply.get("changed"))

    def reenrol_code(self, device_id: str, *, role: str | None = None,
                     scope: str | None = None) -> EnrolmentCode:
        """A one-time code for ``device_id`` alone to re-enrol under its id (also once
        revoked); by default with its role and scope."""
        body = {"role": role, "scope": scope, "server_url": self.credential.url}
        return enrolment_code(self._call(
            "POST", f"/admin/devices/{_device_path(device_id)}/reenrolment", json=body))

    def audit(self, *, after: int = 0, limit: int = 500) -> list[AuditEntry]:
        """The admin audit of this scope after row ``after``, oldest first."""
        reply = self._call("GET", "/admin/audit", params={"after": after, "limit": limit})
        if not isinstance(reply, list):
            raise AdminError("server", detail="审计记录格式不对")
        try:
            return [AuditEntry(int(r["id"]), int(r["at_ms"]), str(r["actor"]),
                               str(r["action"]), str(r["target"]), str(r["result"]),
                               str(r["scope"]), dict(r["detail"])) for r in reply]
        except (KeyError, TypeError, ValueError):
            raise AdminError("server", detail="审计记录格式不对") from None


def _device_path(device_id: str) -> str:
    if not _DEVICE_ID.match(device_id or ""):
        raise AdminError("not_found", detail="设备编号格式不对")
    return quote(device_id, safe="")


def _int(value: Any, *, optional: bool = True) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("not an integer")
    return value


def device_info(item: Any) -> DeviceInfo:
    """A device of the server's list, checked; AdminError("server") if malformed."""
    try:
        error = item.get("last_error") or {}
        version = item.get("app_version")
        return DeviceInfo(
            device_id=str(item["device_id"]), name=str(item["name"]), role=str(item["role"]),
            scope=str(item["scope"]), revoked=bool(item["revoked"]),
            enrolled_ms=_int(item["enrolled_ms"], optional=False),
            last_seen_ms=_int(item.get("last_seen_ms")),
            last_batch_ms=_int(item.get("last_batch_ms")),
            last_batch_changes=_int(item.get("last_batch_changes")),
            last_batch_accepted=_int(item.get("last_batch_accepted")),
            pending_flags=_int(item.get("pending_flags") or 0, optional=False),
            app_version=None if version is None else str(version),
            error_status=_int(error.get("status")), error_detail=str(error.get("detail") or ""),
            error_ms=_int(error.get("at_ms")))
    except (AttributeError, KeyError, TypeError, ValueError):
        raise AdminError("server", detail="设备列表格式不对") from None


def enrolment_code(reply: Any) -> EnrolmentCode:
    """A code reply of the server, checked, its QR image decoded from base64."""
    try:
        png = base64.b64decode(reply["qr_png"], validate=True)
        code = EnrolmentCode(str(reply["code"]), str(reply["role"]), str(reply["scope"]),
                             str(reply["server_url"]), str(reply["qr_payload"]), png,
                             reply.get("device_id"))
    except (KeyError, TypeError, binascii.Error):
        raise AdminError("server", detail="注册码答复格式不对") from None
    if not code.code or not png.startswith(b"\x89PNG"):
        raise AdminError("server", detail="注册码答复格式不对")
    return code
