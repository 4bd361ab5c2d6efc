"""County administration over the API (``/v1/admin``) and re-enrolment (``/v1/reenroll``).

An admin token (role ``admin``, enrolled with ``bangfu-server enroll --role admin``)
lists, enrols, revokes and re-enrols the devices within its scope and reads the
audit; it cannot sync records, and a device token cannot call these routes (403).
A device of another scope, or none, is answered 404. See docs/guide-server.md,
"县级管理接口 / County administration API", for the routes and the QR code format.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import segno
from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from sync.server import admin_store
from sync.server.auth import ADMIN, AuthError, Device, authenticate

API = "/v1"
#: The header a device's requests carry its app version in.
VERSION_HEADER = "x-bangfu-version"
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}$")
#: Routes a device's status (app version, last error) is recorded from.
_DEVICE_ROUTES = ("/v1/push", "/v1/pull", "/v1/snapshot", "/v1/digest", "/v1/conflicts",
                  "/v1/flags")
Role = Literal["village", "site", "township", "county", "admin"]
log = logging.getLogger("bangfu.server.admin")


class CodeRequest(BaseModel):
    """A one-time enrolment code for a new device."""

    name: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")
    role: Role
    scope: str = Field(pattern=r"^[0-9]{2,12}$")
    #: The address the laptop should use (in the QR code); default: the one this
    #: request was sent to.
    server_url: str | None = Field(default=None, max_length=200)


class ReenrolCodeRequest(BaseModel):
    """A one-time code for an existing device to re-enrol under its id."""

    role: Role | None = None
    scope: str | None = Field(default=None, pattern=r"^[0-9]{2,12}$")
    server_url: str | None = Field(default=None, max_length=200)


class CodeReply(BaseModel):
    """The code (shown once), what it enrols, and the QR code of it."""

    code: str
    role: str
    scope: str
    device_id: str | None = None
    server_url: str
    #: The text the QR code encodes (see the guide).
    qr_payload: str
    #: The QR code as a PNG image, base64.
    qr_png: str


class ReenrolRequest(BaseModel):
    """A device re-enrolling under its old id: its last token and a fresh code."""

    code: str = Field(max_length=64)
    device_id: str = Field(max_length=64)
    old_token: str = Field(max_length=128)
    sign_key: str | None = Field(default=None, max_length=64)
    scope: str | None = Field(default=None, max_length=12)


class ReenrolReply(BaseModel):
    """The device's new token (shown once) and what it may sync."""

    device_id: str
    token: str
    role: str
    scope: str
    server_key: str | None = None


def _admin(request: Request, authorization: Annotated[str | None, Header()] = None) -> Device:
    request.app.state.failures.check(_address(request))
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise AuthError("missing bearer token")
    engine = request.app.state.engine
    dev = authenticate(engine, token.strip())
    if dev.role != ADMIN:
        exc = AuthError("需要县级管理员令牌 / this route needs an admin token", 403)
        action = getattr(request.scope.get("route"), "name", "admin")
        admin_store.audit_refusal(engine, exc, actor=dev.device_id, action=action,
                                  target=request.url.path, scope=dev.prefix)
        raise exc
    request.state.authenticated = True  # its refusals from here on are not failed logins
    return dev


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


Admin = Annotated[Device, Depends(_admin)]
DeviceId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


def enrolment_qr(server_url: str, code: str, *,
                 device_id: str | None = None) -> tuple[str, bytes]:
    """The QR payload (compact JSON) for a laptop to read, and its PNG image."""
    payload: dict[str, Any] = {"bangfu": "enrol", "v": 1, "server": server_url, "code": code}
    if device_id is not None:
        payload["device"] = device_id
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=True)
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="png", scale=6, border=4)
    return text, out.getvalue()


def _server_url(given: str | None, request: Request) -> str:
    text = (given or str(request.base_url)).strip().rstrip("/")
    try:
        parts = urlsplit(text)
        _ = parts.port
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname
            or parts.path or parts.query or parts.fragment):
        raise AuthError("server_url：须形如 https://主机:端口 / 'server_url': expected"
                        " https://host:port", 422)
    return text


def _reply(made: dict[str, Any], server_url: str) -> CodeReply:
    payload, png = enrolment_qr(server_url, made["code"], device_id=made.get("device_id"))
    return CodeReply(**made, server_url=server_url, qr_payload=payload,
                     qr_png=base64.b64encode(png).decode())


def router(server_key: str | None) -> APIRouter:
    """The admin routes and the device's re-enrolment route."""
    api = APIRouter()

    @api.get(API + "/admin/devices")
    def admin_devices(request: Request, admin: Admin) -> list[dict[str, Any]]:
        """Devices within the admin's scope: live ones first, longest silent first."""
        return admin_store.list_devices(request.app.state.engine, admin)

    @api.post(API + "/admin/enrolments", response_model=CodeReply)
    def admin_enrol(request: Request, admin: Admin, req: CodeRequest) -> CodeReply:
        """A one-time code (and its QR code) for a new device within the admin's scope."""
        url = _server_url(req.server_url, request)
        made = admin_store.enrolment_code(request.app.state.engine, admin, name=req.name,
                                          role=req.role, scope=req.scope)
        return _reply(made, url)

    @api.post(API + "/admin/devices/{device_id}/revoke")
    def admin_revoke(request: Request, admin: Admin, device_id: DeviceId) -> dict[str, Any]:
        """Revoke a device: its token stops working at once."""
        return admin_store.revoke_device(request.app.state.engine, admin, device_id=device_id)

    @api.post(API + "/admin/devices/{device_id}/reenrolment", response_model=CodeReply)
    def admin_reenrolment(request: Request, admin: Admin, device_id: DeviceId,
                          req: ReenrolCodeRequest) -> CodeReply:
        """A one-time code for the device to re-enrol under its id (also once revoked)."""
        url = _server_url(req.server_url, request)
        made = admin_store.reenrolment_code(request.app.state.engine, admin,
                                            device_id=device_id, role=req.role,
                                            scope=req.scope)
        return _reply(made, url)

    @api.get(API + "/admin/audit")
    def admin_audit(request: Request, admin: Admin,
                    after: Annotated[int, Query(ge=0, lt=2**62)] = 0,
                    limit: Annotated[int, Query(ge=1, le=admin_store.AUDIT_PAGE)] = 500,
                    ) -> list[dict[str, Any]]:
        """Audit rows within the admin's scope after id ``after``, oldest first."""
        return admin_store.read_audit(request.app.state.engine, admin, after=after,
                                      limit=limit)

    @api.post(API + "/reenroll", response_model=ReenrolReply)
    def reenroll(request: Request, req: ReenrolRequest) -> ReenrolReply:
        """Re-enrol under the old device id: the old token proves it, a fresh code allows it."""
        request.app.state.failures.check(_address(request))
        token, dev = admin_store.reenrol(
            request.app.state.engine, code=req.code, device_id=req.device_id,
            old_token=req.old_token, sign_key=req.sign_key, device_scope=req.scope)
        return ReenrolReply(device_id=dev.device_id, token=token, role=dev.role,
                            scope=dev.prefix, server_key=server_key)

    return api


class DeviceReports:
    """ASGI middleware: records, per device, the app version its requests carry and the
    last error the server answered it (status and detail, no personal data)."""

    def __init__(self, app: Any, *, engine: Any) -> None:
        self.app, self.engine = app, engine
        self._versions: dict[str, str] = {}  #: token hash -> version recorded

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Pass the request on; record what it told about the device before the
        answer's last part goes out."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        answer: dict[str, Any] = {"status": 500, "body": b""}

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body":
                if answer["status"] >= 400:
                    answer["body"] = (answer["body"] + message.get("body", b""))[:2048]
                if not message.get("more_body"):  # recorded before the device hears back
                    await self._record(scope, status=answer["status"], body=answer["body"])
            await send(message)

        await self.app(scope, receive, sending)

    async def _record(self, scope: dict[str, Any], *, status: int, body: bytes) -> None:
        route = getattr(scope.get("route"), "path", None)
        token = _header(scope, b"authorization")
        if route not in _DEVICE_ROUTES or not token or not token.lower().startswith("bearer "):
            return
        token = token[7:].strip()
        version = _header(scope, VERSION_HEADER.encode())
        version = version if version and _VERSION.match(version) else None
        if status < 400:
            digest = hashlib.sha256(token.encode()).hexdigest()
            if version is None or self._versions.get(digest) == version:
                return
            self._versions[digest] = version
            kwargs: dict[str, Any] = {"version": version}
        else:
            kwargs = {"version": version, "error": (status, _detail(body))}
        try:
            await run_in_threadpool(lambda: admin_store.record_status(self.engine, token,
                                                                      **kwargs))
        except Exception:  # noqa: BLE001 - a missed status must not fail the request
            log.warning("device status not recorded", exc_info=True)


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _detail(body: bytes) -> str:
    """The error's reason; of a validation error only where and what, never the input."""
    try:
        detail = json.loads(body).get("detail", "")
    except (ValueError, AttributeError):
        return ""
    if isinstance(detail, list):
        detail = "; ".join(f"{'.'.join(map(str, d.get('loc', ())))}: {d.get('msg', '')}"
                           for d in detail if isinstance(d, dict))
    return str(detail)[:200]


def install(app: FastAPI, *, server_key: str | None = None) -> None:
    """Mount the admin and re-enrolment routes and the device status recorder on ``app``."""
    app.include_router(router(server_key))
    app.add_middleware(DeviceReports, engine=app.state.engine)
