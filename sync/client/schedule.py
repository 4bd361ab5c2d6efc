"""When to probe the county server and when to sync in the background. Pure: no Qt, no I/O.

``AutoSyncSchedule`` is a small state machine driven by events (a probe answered, a
local change was saved, a sync started or ended) and asked what is due now
(:meth:`due`) and when to ask next (:meth:`next_wakeup`). Time comes from an injected
clock (seconds, monotonic), so the rules are tested without timers:

- while the server is unreachable it is probed after ``backoff_start_s``, doubling up to
  ``backoff_max_s``; one answer resets the backoff; while reachable it is probed every
  ``probe_interval_s`` to notice that the network went away;
- the server becoming reachable starts a sync at once; a local change while reachable
  starts one ``debounce_s`` after the last change;
- never two syncs at once, none while the user's own sync runs (a change saved meanwhile
  is synced after it), none when the device has no connection or the schedule is stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

PROBE = "probe"
SYNC = "sync"


@dataclass(frozen=True)
class Timing:
    """The schedule's intervals, in seconds."""

    probe_interval_s: float = 120.0
    backoff_start_s: float = 30.0
    backoff_max_s: float = 600.0
    debounce_s: float = 5.0


class AutoSyncSchedule:
    """Decides when to probe and when to sync; the caller does the work and reports back."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic,
                 timing: Timing | None = None) -> None:
        self.clock = clock
        self.timing = timing or Timing()
        self.connected = False
        self.stopped = False
        #: None until the first probe answers, then whether the server answered
        self.reachable: bool | None = None
        self.probing = False
        self.syncing = False
        self.backoff_s = self.timing.backoff_start_s
        self._probe_at: float | None = None
        self._sync_at: float | None = None

    # -- events -------------------------------------------------------------------------
    def set_connected(self, connected: bool) -> None:
        """The device has (or lost) a county-server connection; with one, probe now."""
        self.connected = connected
        self.reachable = None if not connected else self.reachable
        self._probe_at = self.clock() if connected else None
        self._sync_at = None

    def probe_started(self) -> None:
        """The caller is probing (no second probe until it answers)."""
        self.probing = True
        self._probe_at = None

    def probed(self, reachable: bool) -> None:
        """A probe answered: reachable or not. Coming up schedules a sync now."""
        self.probing = False
        came_up = reachable and self.reachable is not True
        self.reachable = reachable
        now = self.clock()
        if reachable:
            self.backoff_s = self.timing.backoff_start_s
            self._probe_at = now + self.timing.probe_interval_s
            if came_up:
                self._sync_at = now
        else:
            self._went_down(now)

    def changed(self) -> None:
        """A local change was saved: sync ``debounce_s`` after the last one, if reachable."""
        if self.reachable:
            self._sync_at = self.clock() + self.timing.debounce_s

    def sync_started(self) -> None:
        """A sync (automatic or the user's) began: nothing else runs until it ends."""
        self.syncing = True
        self._sync_at = None

    def sync_finished(self, *, ok: bool, network_failed: bool = False) -> None:
        """The sync ended. A network failure marks the server unreachable (backoff); any
        other failure waits for the next probe. A change saved meanwhile syncs after."""
        self.syncing = False
        now = self.clock()
        if network_failed:
            self.reachable = False
            self._went_down(now)
        elif ok:
            self.reachable = True
            self.backoff_s = self.timing.backoff_start_s
            self._probe_at = now + self.timing.probe_interval_s

    def resume(self) -> None:
        """Due again after :meth:`stop` (the user turned automatic sync back on)."""
        self.stopped = False

    def stop(self) -> None:
        """Nothing more is due (the window closes, the user turned it off)."""
        self.stopped = True
        self._probe_at = self._sync_at = None

    def _went_down(self, now: float) -> None:
        self._sync_at = None
        self._probe_at = now + self.backoff_s
        self.backoff_s = min(self.backoff_s * 2, self.timing.backoff_max_s)

    # -- questions ------------------------------------------------------------------------
    def due(self) -> str | None:
        """What to do now: ``SYNC``, ``PROBE`` or None."""
        if self.stopped or not self.connected or self.syncing or self.probing:
            return None
        now = self.clock()
        if self._sync_at is not None and self._sync_at <= now:
            return SYNC
        if self._probe_at is not None and self._probe_at <= now:
            return PROBE
        return None

    def next_wakeup(self) -> float | None:
        """Seconds until something may be due (0: now), or None: wait for an event."""
        if self.stopped or not self.connected or self.syncing or self.probing:
            return None
        times = [t for t in (self._sync_at, self._probe_at) if t is not None]
        return max(0.0, min(times) - self.clock()) if times else None
