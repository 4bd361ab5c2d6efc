"""The county server's HTTP API (FastAPI). OpenAPI documentation at ``/docs``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from sync.protocol import (
    BATCH_MEDIA_TYPE,
    MAX_BATCH_BYTES,
    BatchError,
    decode_batch,
    paused_gc,
    system_ms,
)
from sync.server.admin import install as install_admin
from sync.server.auth import ADMIN, AuthError, Device, authenticate, exchange_code
from sync.server.hub import Hub, HubError
from sync.server.limits import Busy, ByteBudget, FailureLimit, inflated_size
from sync.server.metrics import install as install_metrics

MAX_BODY = 16 * 1024 * 1024
#: The largest row number a cursor may name (a signed 64-bit integer in SQL).
MAX_ROW = 2**63 - 1
#: Bytes that pushes may hold at once by default (bodies read and batches decoded):
#: one of the largest at a time, or several smaller ones (decoded objects take several
#: times their bytes, and the hub applies one batch at a time anyway).
DECODE_BUDGET = MAX_BODY + MAX_BATCH_BYTES
#: Answer forms of pull and snapshot.
Format = Literal["changes", "sets"]
JSON = "application/json"
API = "/v1"


class EnrolRequest(BaseModel):
    """A device exchanging its one-time code for a token."""

    code: str = Field(max_length=64)
    device_id: str = Field(max_length=64)
    sign_key: str | None = Field(default=None, max_length=64)
    #: The division code the device records in; a code whose scope does not cover it
    #: is refused and stays unused.
    scope: str | None = Field(default=None, max_length=12)


class EnrolReply(BaseModel):
    """The device's token (shown once) and what it may sync."""

    device_id: str
    token: str
    role: str
    scope: str
    server_key: str | None = None
    #: the county's recovery public key (hex) devices seal a recovery slot to, if made
    recovery_key: str | None = None


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _device(request: Request, authorization: Annotated[str | None, Header()] = None) -> Device:
    request.app.state.failures.check(_address(request))
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise AuthError("missing bearer token")
    dev = authenticate(request.app.state.engine, token.strip())
    if dev.role == ADMIN:
        raise AuthError("管理员令牌不能同步记录 / an admin token cannot sync records", 403)
    return dev


Authed = Annotated[Device, Depends(_device)]


def create_app(engine: Engine, *, server_key: str | None = None,
               now_ms: Callable[[], int] = system_ms, decode_budget: int = DECODE_BUDGET,
               failures: FailureLimit | None = None) -> FastAPI:
    """Build the app over ``engine``; ``server_key`` is the X25519 public key (hex) for
    bundles; ``decode_budget`` the bytes pushes may hold at once (503 beyond it);
    ``failures`` the limit of failed authentications per address (429 beyond it)."""
    hub = Hub(engine, now_ms=now_ms)
    app = FastAPI(title="Bangfu county sync server", version="1")
    app.state.hub = hub
    app.state.engine = engine
    app.state.budget = budget = ByteBudget(decode_budget)
    app.state.failures = failures or FailureLimit()
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    _errors(app)

    @app.get(API + "/health")
    def health() -> dict[str, Any]:
        """Liveness and the server clock (ms)."""
        return {"ok": True, "now_ms": now_ms()}

    @app.post(API + "/enroll", response_model=EnrolReply)
    def enroll(req: EnrolRequest, request: Request) -> EnrolReply:
        """Exchange a one-time enrolment code for a device token (stored hashed)."""
        app.state.failures.check(_address(request))
        token, dev = exchange_code(engine, code=req.code, device_id=req.device_id,
                                   sign_key=req.sign_key, device_scope=req.scope)
        return EnrolReply(device_id=dev.device_id, token=token, role=dev.role,
                          scope=dev.prefix, server_key=server_key,
                          recovery_key=_recovery_key(app))

    @app.post(API + "/push", openapi_extra=_batch_body())
    async def push(request: Request, dev: Authed) -> dict[str, Any]:
        """Apply a gzip batch in one transaction; the answer is sent only after commit.
        503 with Retry-After while other pushes hold the server's decoding budget."""
        held = _declared_length(request)
        budget.take(held)
        try:
            body = await _read_body(request)
            inflated = max(inflated_size(body, limit=MAX_BATCH_BYTES), 1)
            budget.take(inflated)
            try:
                return await run_in_threadpool(_decode_and_push, hub, dev, body, inflated)
            finally:
                budget.give(inflated)
        finally:
            budget.give(held)

    @app.get(API + "/pull", response_class=Response, responses=_json_reply(
        "{changes: [change]} or {sets: [change set]}, with cursor: int, more: bool"))
    def pull(dev: Authed, cursor: Annotated[int, Query(ge=0, le=MAX_ROW)] = 0,
             limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
             fmt: Annotated[Format, Query(alias="format")] = "changes") -> Response:
        """Up to ``limit`` change sets in the device's scope after ``cursor``, oldest first:
        as sets (``format=sets``, the client's form) or as their changes."""
        return Response(hub.pull_json(dev, cursor, limit, fmt), media_type=JSON)

    @app.get(API + "/snapshot", response_class=Response, responses=_json_reply(
        "{changes: [change]} or {sets: [change set]}, with cursor: int and scope: str; "
        "whole: digest: [count, hash]; paged (limit given): next: str|null, total: int"))
    def snapshot(dev: Authed,
                 fmt: Annotated[Format, Query(alias="format")] = "changes",
                 limit: Annotated[int | None, Query(ge=1, le=20_000)] = None,
                 after: Annotated[str, Query(max_length=200)] = "") -> Response:
        """The current versions of the device's scope: whole (repair), or with ``limit``
        one page of entities after the page key ``after`` (a new device's bootstrap)."""
        if limit is None:
            return Response(hub.snapshot_json(dev, fmt), media_type=JSON)
        return Response(hub.snapshot_page_json(dev, after, limit, fmt), media_type=JSON)

    @app.get(API + "/digest")
    def digest(dev: Authed) -> dict[str, Any]:
        """Count and hash of the device's scope, for the end-of-sync check."""
        return hub.digest(dev)

    @app.get(API + "/conflicts")
    def conflicts(dev: Authed) -> list[dict[str, Any]]:
        """Open conflicts in the device's scope."""
        return hub.open_conflicts(dev)

    @app.get(API + "/flags")
    def list_flags(dev: Authed, after: Annotated[int, Query(ge=0, le=MAX_ROW)] = 0) -> list[dict[str, Any]]:
        """Flags raised in the device's scope: clock-ahead stamps, duplicate ID numbers."""
        return hub.list_flags(dev, after)

    @app.get(API + "/server-key")
    def get_server_key() -> dict[str, Any]:
        """The county server's X25519 public key (hex) to seal USB bundles to."""
        return {"server_key": server_key}

    @app.get(API + "/recovery-key")
    def get_recovery_key() -> dict[str, Any]:
        """The county's recovery public key (hex, or null before ``recovery-key init``)."""
        return {"recovery_key": _recovery_key(app)}

    install_metrics(app, hub)
    install_admin(app, server_key=server_key)
    return app


def _recovery_key(app: FastAPI) -> str | None:
    """Read at each request, so ``recovery-key init`` needs no restart."""
    from sync.server.recovery import recovery_public_hex

    return recovery_public_hex(getattr(app.state, "data_dir", None))


def _declared_length(request: Request) -> int:
    """The body size the request declares (at most MAX_BODY, else 413); MAX_BODY if none."""
    declared = request.headers.get("content-length")
    if declared and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise HubError("request body too large", 413)
    return int(declared) if declared else MAX_BODY


async def _read_body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise HubError("request body too large", 413)
        chunks.append(chunk)
    return b"".join(chunks)


def _json_reply(shape: str) -> dict[int | str, dict[str, Any]]:
    # Change bodies are sent as stored (canonical JSON), not re-encoded by FastAPI.
    return {200: {"description": shape, "content": {JSON: {"schema": {"type": "object"}}}}}


def _batch_body() -> dict[str, Any]:
    schema = {"type": "string", "format": "binary",
              "description": "gzip of the JSON batch envelope (see sync.protocol)"}
    return {"requestBody": {"required": True,
                            "content": {BATCH_MEDIA_TYPE: {"schema": schema}}}}


def _errors(app: FastAPI) -> None:
    @app.exception_handler(AuthError)
    async def auth_error(request: Request, exc: AuthError) -> JSONResponse:
        if not getattr(request.state, "authenticated", False):  # not an admin's own refusal
            request.app.state.failures.failed(_address(request))
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)

    @app.exception_handler(Busy)
    async def busy(_request: Request, exc: Busy) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return JSONResponse({"detail": str(exc)}, status_code=exc.status, headers=headers)

    @app.exception_handler(HubError)
    async def hub_error(_request: Request, exc: HubError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)

    @app.exception_handler(BatchError)
    async def batch_error(_request: Request, exc: BatchError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)


def _decode_and_push(hub: Hub, dev: Device, body: bytes, inflated: int) -> dict[str, Any]:
    """Decode (to at most ``inflated`` bytes, as the body's trailer says) and apply one
    batch with the collector paused throughout: the decoded sets are hundreds of
    thousands of objects, which a collection between decoding and merging would scan
    for nothing."""
    with paused_gc():
        return hub.push(dev, decode_batch(body, max_bytes=inflated))
