"""Silence of devices (registry.county_devices): days counted from the local date last
heard from, never-heard-from ones from their enrolment, revoked and admin ones never
silent, and the "longest silent first" order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from registry.county_devices import (
    SILENT_DAYS,
    by_silence,
    is_silent,
    silent_days,
    silent_devices,
)
from sync.client.admin import DeviceInfo

TODAY = date(2026, 11, 22)


def ms(day: date, hour: int = 12) -> int:
    return int(datetime.combine(day, time(hour)).timestamp() * 1000)


def device(name: str, *, seen: int | None, role: str = "village", revoked: bool = False,
           enrolled_days_ago: int = 100) -> DeviceInfo:
    last = None if seen is None else ms(TODAY - timedelta(days=seen))
    return DeviceInfo(device_id=f"d-{name}", name=name, role=role, scope="361130104201",
                      revoked=revoked, enrolled_ms=ms(TODAY - timedelta(days=enrolled_days_ago)),
                      last_seen_ms=last, last_batch_ms=last, last_batch_changes=None,
                      last_batch_accepted=None, pending_flags=0, app_version="0.1")


def test_days_count_calendar_days_from_the_local_date():
    assert silent_days(device("a", seen=1), today=TODAY) == 1
    yesterday_late = replace(device("b", seen=0),
                             last_seen_ms=ms(TODAY - timedelta(days=1), hour=23))
    assert silent_days(yesterday_late, today=TODAY) == 1
    assert silent_days(replace(yesterday_late, last_seen_ms=ms(TODAY, hour=0)),
                       today=TODAY) == 0
    future = device("c", seen=-3)  # a server clock ahead: not negative
    assert silent_days(future, today=TODAY) == 0


def test_never_heard_from_counts_from_enrolment():
    assert silent_days(device("n", seen=None, enrolled_days_ago=30), today=TODAY) == 30
    assert silent_days(device("n", seen=None, enrolled_days_ago=2), today=TODAY) == 2


def test_silent_means_more_than_the_days_and_only_live_syncing_devices():
    at_limit = device("limit", seen=SILENT_DAYS)
    over = device("over", seen=SILENT_DAYS + 1)
    revoked = device("revoked", seen=60, revoked=True)
    admin = device("admin", seen=None, role="admin")
    never = device("never", seen=None, enrolled_days_ago=40)
    fresh = device("fresh", seen=0)
    everyone = [fresh, at_limit, revoked, admin, over, never]
    assert not is_silent(at_limit, today=TODAY) and is_silent(over, today=TODAY)
    assert [d.name for d in silent_devices(everyone, today=TODAY)] == ["never", "over"]
    assert [d.name for d in silent_devices(everyone, today=TODAY, days=0)] == [
        "never", "over", "limit"]
    assert silent_devices([], today=TODAY) == []


def test_longest_silent_first_then_admins_then_revoked():
    rows = [device("b", seen=3), device("gone", seen=90, revoked=True),
            device("adm", seen=None, role="admin", enrolled_days_ago=300),
            device("a", seen=3), device("never", seen=None, enrolled_days_ago=3),
            device("long", seen=25)]
    assert [d.name for d in by_silence(rows, today=TODAY)] == [
        "long", "never", "a", "b", "adm", "gone"]
