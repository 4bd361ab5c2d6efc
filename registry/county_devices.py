"""Devices silent too long: the county's list of laptops in "longest silent first" order.

The devices come from the county server's admin API (``sync.client.admin.DeviceInfo``);
anything with the attributes of :class:`Seen` will do. A device's silence is counted
in whole days from the local date it was last heard from (its last accepted sync
request or batch) to ``today``; one never heard from counts from its enrolment.
Revoked devices are never silent (they are gone on purpose), and admin identities
sync nothing, so they are never silent either. No Qt here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Protocol, TypeVar

#: A device silent for more than this many days is a call to make.
SILENT_DAYS = 14
ADMIN = "admin"


class Seen(Protocol):
    """What the silence of a device is computed from."""

    role: str
    revoked: bool
    enrolled_ms: int
    last_seen_ms: int | None


S = TypeVar("S", bound=Seen)


def local_date(ms: int) -> date:
    """The local calendar date of a server time in ms since the epoch."""
    return datetime.fromtimestamp(ms / 1000).date()


def silent_days(device: Seen, *, today: date) -> int:
    """Whole days since ``device`` was last heard from (since its enrolment if never);
    0 if that was today or later."""
    since = device.last_seen_ms if device.last_seen_ms is not None else device.enrolled_ms
    return max(0, (today - local_date(since)).days)


def syncs(device: Seen) -> bool:
    """Whether ``device`` is a live device that syncs records (not revoked, not an admin)."""
    return not device.revoked and device.role != ADMIN


def is_silent(device: Seen, *, today: date, days: int = SILENT_DAYS) -> bool:
    """A live, syncing device silent for more than ``days`` days."""
    return syncs(device) and silent_days(device, today=today) > days


def silent_devices(devices: Iterable[S], *, today: date, days: int = SILENT_DAYS) -> list[S]:
    """The live syncing devices silent for more than ``days`` days, longest silent first
    (the dashboard's 静默设备 number is its length)."""
    return by_silence([d for d in devices if is_silent(d, today=today, days=days)],
                      today=today)


def by_silence(devices: Iterable[S], *, today: date) -> list[S]:
    """``devices`` longest silent first: syncing devices, then admin identities, then
    revoked ones; within each, the most silent days first, never-heard-from ones before
    others of as many days, then by name."""
    def key(d: S) -> tuple[int, int, bool, str]:
        group = 2 if d.revoked else (1 if d.role == ADMIN else 0)
        return (group, -silent_days(d, today=today), d.last_seen_ms is not None,
                str(getattr(d, "name", "")))

    return sorted(devices, key=key)
