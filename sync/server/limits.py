"""Limits that keep one process of the county server up: the bytes of pushes being read
and decoded at once, and authentication failures per client address.

Both are in memory, per process: a restart forgets the failures, and several server
processes behind one proxy each keep their own (see docs/server-security.md).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

#: Addresses whose failures are remembered at once (the oldest is forgotten first).
MAX_ADDRESSES = 10_000


class Busy(Exception):
    """Refused for now: try again after ``retry_after`` seconds (HTTP ``status``)."""

    def __init__(self, message: str, *, retry_after: int, status: int = 503) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class ByteBudget:
    """A count of bytes that requests may hold at once (compressed bodies being read,
    batches being decoded and applied); a request that does not fit is refused at
    once rather than queued, so memory stays bounded whatever the clients do."""

    def __init__(self, total: int, *, retry_after: int = 1) -> None:
        self.total, self.retry_after = total, retry_after
        self.held = 0
        self.peak = 0
        self._lock = threading.Lock()

    def take(self, size: int) -> None:
        """Hold ``size`` more bytes; :class:`Busy` (503) if they do not fit now, or
        (413) if they never could."""
        if size > self.total:
            raise Busy(f"request needs {size} bytes, more than this server holds at once",
                       retry_after=0, status=413)
        with self._lock:
            if self.held + size > self.total:
                raise Busy("server busy decoding other pushes: retry later",
                           retry_after=self.retry_after)
            self.held += size
            self.peak = max(self.peak, self.held)

    def give(self, size: int) -> None:
        """Release ``size`` bytes taken before."""
        with self._lock:
            self.held -= size


class FailureLimit:
    """At most ``failures`` failed authentications per address in ``window_s`` seconds;
    then the address is refused (429) until its oldest failure leaves the window."""

    def __init__(self, *, failures: int = 20, window_s: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.failures, self.window_s, self.clock = failures, window_s, clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, address: str) -> None:
        """:class:`Busy` (429, with the seconds to wait) if ``address`` is locked out."""
        with self._lock:
            times = self._recent(address)
            if times is not None and len(times) >= self.failures:
                wait = int(times[0] + self.window_s - self.clock()) + 1
                raise Busy("too many failed attempts from this address: retry later",
                           retry_after=max(wait, 1), status=429)

    def failed(self, address: str) -> None:
        """Count one failed attempt from ``address``."""
        with self._lock:
            times = self._recent(address)
            if times is None:
                times = self._seen[address] = deque()
                if len(self._seen) > MAX_ADDRESSES:
                    self._seen.popitem(last=False)
            times.append(self.clock())
            self._seen.move_to_end(address)

    def _recent(self, address: str) -> deque[float] | None:
        """The failure times of ``address`` still inside the window (older ones dropped)."""
        times = self._seen.get(address)
        if times is None:
            return None
        horizon = self.clock() - self.window_s
        while times and times[0] <= horizon:
            times.popleft()
        return times


def inflated_size(body: bytes, *, limit: int) -> int:
    """The size a gzip ``body`` says it inflates to (its trailer's ISIZE), at most
    ``limit``; decoding is then capped to it, so a body that lies is refused."""
    if len(body) < 18:
        return 0
    return min(int.from_bytes(body[-4:], "little"), limit)
