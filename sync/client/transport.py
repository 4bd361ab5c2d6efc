"""HTTP to the county server with retries, exponential backoff and cancel.

With a ``cancel`` event, 取消 takes effect within about ``CANCEL_GRACE_S`` even while a
request waits on a server that accepted the connection and never answers: the request
runs on a daemon thread and the caller stops waiting for it (the abandoned request ends
at its own timeout; what it sent is idempotent on the server). The timeouts stay as long
as a big batch on a slow rural link needs; the backoff between attempts ends at once too.
"""

from __future__ import annotations

import functools
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import requests

from sync.client.errors import SyncError
from sync.protocol import parse_json, paused_gc

RETRYABLE = {408, 425, 429, 500, 502, 503, 504}
#: The header that tells the county server which app version a device runs.
VERSION_HEADER = "X-Bangfu-Version"
#: After a cancel, how long a request in flight may still finish (a batch the server is
#: committing is then acknowledged, not sent again); then it is abandoned.
CANCEL_GRACE_S = 1.0
#: How often a caller waiting for a request in flight looks at the cancel event.
CANCEL_POLL_S = 0.05


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
                 cancelled: Callable[[], bool] | None = None,
                 cancel: threading.Event | None = None,
                 sleep: Callable[[float], object] | None = None) -> None:
        self.base = base_url.rstrip("/") + "/v1"
        self.session = session or requests.Session()
        self.headers = {VERSION_HEADER: app_version()}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self.verify, self.timeout, self.retries = verify, timeout, retries
        self.backoff_s, self.max_backoff_s = backoff_s, max_backoff_s
        self.cancel = cancel
        self.cancelled = cancelled or (cancel.is_set if cancel else lambda: False)
        # the backoff between attempts ends when the sync is cancelled
        self.sleep = sleep or (cancel.wait if cancel else time.sleep)

    def call(self, method: str, path: str, *, headers: dict[str, str] | None = None,
             **kwargs: Any) -> Any:
        """Send a request, retrying network errors and 5xx; return the decoded JSON."""
        headers = {**self.headers, **(headers or {})}
        for attempt in range(self.retries + 1):
            if self.cancelled():
                raise Cancelled
            try:
                reply = self._request(method, self.base + path, headers=headers,
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

    def _request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """``session.request``; with a cancel event, on a daemon thread, given up
        ``CANCEL_GRACE_S`` after the event is set (raising ``Cancelled``)."""
        if self.cancel is None:
            return self.session.request(method, url, **kwargs)
        outcome: list[Any] = []
        done = threading.Event()

        def send() -> None:
            try:
                outcome.append(self.session.request(method, url, **kwargs))
            except BaseException as exc:  # handed to the caller, raised there
                outcome.append(exc)
            done.set()

        threading.Thread(target=send, name="bangfu-http", daemon=True).start()
        while not done.wait(CANCEL_POLL_S):
            if self.cancel.is_set():
                if done.wait(CANCEL_GRACE_S):
                    break
                raise Cancelled
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return outcome[0]

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
