"""HTTP to the county server with retries, exponential backoff and cancel."""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import Any

import requests

from sync.client.errors import SyncError
from sync.protocol import parse_json, paused_gc

RETRYABLE = {408, 425, 429, 500, 502, 503, 504}
#: The header that tells the county server which app version a device runs.
VERSION_HEADER = "X-Bangfu-Version"


@functools.lru_cache(maxsize=1)
def app_version() -> str:
    """This app's version (from the installed package; ``0+unknown`` if not known)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bangfu")
    except PackageNotFoundError:
        return "0+unknown"


class Cancelled(Exception):
    """The caller asked to stop."""


class Transport:
    """Requests against one server with one token; retries transient failures."""

    def __init__(self, base_url: str, token: str | None, *, session: requests.Session | None = None,
                 verify: bool | str = True, timeout: float = 30.0, retries: int = 5,
                 backoff_s: float = 0.5, max_backoff_s: float = 30.0,
                 cancelled: Callable[[], bool] = lambda: False,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base = base_url.rstrip("/") + "/v1"
        self.session = session or requests.Session()
        self.headers = {VERSION_HEADER: app_version()}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self.verify, self.timeout, self.retries = verify, timeout, retries
        self.backoff_s, self.max_backoff_s = backoff_s, max_backoff_s
        self.cancelled, self.sleep = cancelled, sleep

    def call(self, method: str, path: str, *, headers: dict[str, str] | None = None,
             **kwargs: Any) -> Any:
        """Send a request, retrying network errors and 5xx; return the decoded JSON."""
        headers = {**self.headers, **(headers or {})}
        for attempt in range(self.retries + 1):
            if self.cancelled():
                raise Cancelled
            try:
                reply = self.session.request(method, self.base + path, headers=headers,
                                             verify=self.verify, timeout=self.timeout, **kwargs)
            except requests.exceptions.SSLError as exc:  # retrying cannot fix a certificate
                raise SyncError("tls", "the server's certificate could not be verified"
                                f" ({type(exc).__name__})") from None
            except requests.RequestException as exc:
                failure = SyncError("network", f"cannot reach the server ({type(exc).__name__})")
            else:
                if reply.status_code < 400:
                    return self._json(reply)
                failure = _failure(reply)
                if reply.status_code not in RETRYABLE:
                    raise failure
            if attempt < self.retries:
                self._wait(attempt)
        raise failure

    def _wait(self, attempt: int) -> None:
        delay = min(self.max_backoff_s, self.backoff_s * 2**attempt)
        self.sleep(delay * random.uniform(0.5, 1.0))

    @staticmethod
    def _json(reply: requests.Response) -> Any:
        try:
            with paused_gc():  # a snapshot is millions of objects: no GC passes meanwhile
                return parse_json(reply.content)
        except ValueError as exc:
            raise SyncError("server", "the server answered with something not JSON") from exc


def _failure(reply: requests.Response) -> SyncError:
    try:
        detail = str(reply.json().get("detail", ""))[:200]
    except (ValueError, AttributeError):
        detail = ""
    status = reply.status_code
    kind = {401: "auth", 403: "scope"}.get(status, "server" if status >= 500 else "rejected")
    return SyncError(kind, f"server answered {status}: {detail}", status=status)
