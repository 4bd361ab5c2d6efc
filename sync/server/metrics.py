"""``/metrics`` in Prometheus text format, request lines in the JSON log, last-seen marks.

Counted in the process (prometheus_client): requests by route, method and status,
request durations by route, batch apply latency, batches and changes stored. With
``serve --workers N`` each worker writes these to files in the directory named
by ``PROMETHEUS_MULTIPROC_DIR`` (set by the serve command) and a scrape of any
worker sums them over all workers. Read from the database at each scrape, so the
same whichever worker or host answers: change set rows stored, devices enrolled,
devices seen in the last day. Several hosts: scrape each host; its counters are
its own, the database figures are the same on every host.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import Engine, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from starlette.concurrency import run_in_threadpool

from sync.protocol import system_ms
from sync.server.db import change_sets, device_seen, devices
from sync.server.hub import Hub
from sync.server.logs import ACCESS

DAY_MS = 86_400_000
#: A device's last-seen mark is written at most this often per process.
SEEN_EVERY_MS = 300_000
#: Batch apply latency buckets (seconds): a few changes to a first sync of 40k.
BATCH_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
#: Routes whose accepted requests mark their token as seen.
_DEVICE_ROUTES = ("/v1/push", "/v1/pull", "/v1/snapshot", "/v1/digest", "/v1/conflicts",
                  "/v1/flags")

access_log = logging.getLogger(ACCESS)


class Metrics:
    """The server's counters and histograms, in a registry of their own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        reg = self.registry
        self.requests = Counter("bangfu_http_requests", "HTTP requests answered",
                                ["route", "method", "status"], registry=reg)
        self.duration = Histogram("bangfu_http_request_duration_seconds",
                                  "Time to answer a request", ["route"], registry=reg)
        self.batch_seconds = Histogram("bangfu_batch_apply_seconds",
                                       "Time to apply and commit one pushed batch",
                                       buckets=BATCH_BUCKETS, registry=reg)
        self.batches = Counter("bangfu_batches", "Pushed batches committed", registry=reg)
        self.changes = Counter("bangfu_changes_stored",
                               "Changes stored from pushed batches (accepted or superseded)",
                               registry=reg)

    def batch_done(self, seconds: float, ack: dict[str, Any]) -> None:
        """Count one committed batch (the hub's ``on_batch`` hook)."""
        self.batch_seconds.observe(seconds)
        self.batches.inc()
        self.changes.inc(int(ack.get("accepted", 0)) + int(ack.get("superseded", 0)))

    def exposition(self, engine: Engine) -> bytes:
        """The text a scrape gets: this process's (or every worker's) metrics and the
        database figures."""
        directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if directory and os.path.isdir(directory):
            registry = CollectorRegistry()
            MultiProcessCollector(registry, path=directory)
        else:
            registry = CollectorRegistry()
            registry.register(_Registered(self.registry))
        registry.register(DatabaseCollector(engine))
        return generate_latest(registry)


class _Registered:
    """Another registry's metrics, collected through this one."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def collect(self) -> Iterator[Any]:
        """Every metric of the wrapped registry."""
        yield from self.registry.collect()


class DatabaseCollector:
    """Figures read from the database at scrape time."""

    def __init__(self, engine: Engine, *, now_ms: Callable[[], int] = system_ms) -> None:
        self.engine, self.now_ms = engine, now_ms

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Change set rows stored, devices enrolled, devices seen in the last day."""
        since = self.now_ms() - DAY_MS
        with self.engine.connect() as conn:
            rows = conn.execute(select(func.max(change_sets.c.seq))).scalar() or 0
            enrolled = conn.execute(select(func.count()).select_from(devices).where(
                devices.c.revoked.is_(False))).scalar() or 0
            seen = conn.execute(select(func.count()).select_from(
                device_seen.join(devices, devices.c.token_hash == device_seen.c.token_hash))
                .where(device_seen.c.seen_ms >= since, devices.c.revoked.is_(False))
            ).scalar() or 0
        yield GaugeMetricFamily("bangfu_change_set_rows",
                                "Change set rows stored (the highest pull cursor)", value=rows)
        yield GaugeMetricFamily("bangfu_devices_enrolled", "Devices enrolled and not revoked",
                                value=enrolled)
        yield GaugeMetricFamily("bangfu_devices_seen_1d",
                                "Devices with an accepted request in the last 24 hours",
                                value=seen)


class SeenMarks:
    """Writes when each device token was last seen, at most every few minutes."""

    def __init__(self, engine: Engine, *, now_ms: Callable[[], int] = system_ms) -> None:
        self.engine, self.now_ms = engine, now_ms
        self._last: dict[str, int] = {}
        self._lock = threading.Lock()

    def due(self, token: str) -> str | None:
        """The token's hash if its mark is due now (and reserve it), else None."""
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = self.now_ms()
        with self._lock:
            if now - self._last.get(digest, -SEEN_EVERY_MS) < SEEN_EVERY_MS:
                return None
            if len(self._last) > 100_000:
                self._last.clear()
            self._last[digest] = now
        return digest

    def mark(self, digest: str) -> None:
        """Record the token hash as seen now (an upsert)."""
        dialect = self.engine.dialect.name
        make = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = make(device_seen).values(token_hash=digest, seen_ms=self.now_ms())
        stmt = stmt.on_conflict_do_update(index_elements=[device_seen.c.token_hash],
                                          set_={"seen_ms": stmt.excluded.seen_ms})
        with self.engine.begin() as conn:
            conn.execute(stmt)


class Observe:
    """ASGI middleware: counts and times each request, logs it as a JSON line, and
    marks the device token of an accepted device request as seen."""

    def __init__(self, app: Callable[..., Awaitable[None]], *, metrics: Metrics,
                 seen: SeenMarks) -> None:
        self.app, self.metrics, self.seen = app, metrics, seen

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Pass the request on, then account for it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        started = time.perf_counter()

        async def sending(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            await self._account(scope, status, time.perf_counter() - started)

    async def _account(self, scope: dict[str, Any], status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", None) or "unmatched"
        method = scope.get("method", "")
        self.metrics.requests.labels(route, method, str(status)).inc()
        self.metrics.duration.labels(route).observe(seconds)
        access_log.info("request", extra={"method": method, "route": route,
                                          "status": status, "ms": round(seconds * 1000, 1)})
        if status < 400 and route in _DEVICE_ROUTES:
            token = _bearer(scope)
            digest = self.seen.due(token) if token else None
            if digest:
                try:
                    await run_in_threadpool(self.seen.mark, digest)
                except Exception:  # noqa: BLE001 - a missed mark must not fail the request
                    access_log.warning("last-seen mark not written", exc_info=True)


def _bearer(scope: dict[str, Any]) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() or None if scheme.lower() == "bearer" else None
    return None


def install(app: FastAPI, hub: Hub) -> Metrics:
    """Add ``/metrics``, request accounting and last-seen marks to ``app``; time the
    hub's batches. Returns the metrics."""
    metrics = Metrics()
    hub.on_batch = metrics.batch_done
    app.state.metrics = metrics
    app.add_middleware(Observe, metrics=metrics, seen=SeenMarks(hub.engine))

    @app.get("/metrics", response_class=Response, include_in_schema=False)
    def prometheus(_request: Request) -> Response:
        """Prometheus text exposition."""
        return Response(metrics.exposition(hub.engine), media_type=CONTENT_TYPE_LATEST)

    return metrics
