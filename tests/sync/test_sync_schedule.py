"""The background-sync schedule, driven by a fake clock: probe backoff, sync on coming up,
after a change (debounced), never two at once, nothing when unconnected or stopped."""

from __future__ import annotations

from sync.client.schedule import PROBE, SYNC, AutoSyncSchedule, Timing


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def schedule() -> tuple[AutoSyncSchedule, Clock]:
    clock = Clock()
    return AutoSyncSchedule(clock=clock, timing=Timing(probe_interval_s=120, backoff_start_s=30,
                                                       backoff_max_s=600, debounce_s=5)), clock


def probe(s: AutoSyncSchedule, reachable: bool) -> None:
    assert s.due() == PROBE
    s.probe_started()
    assert s.due() is None and s.next_wakeup() is None  # one probe at a time
    s.probed(reachable)


def test_nothing_is_due_without_a_connection():
    s, clock = schedule()
    assert s.due() is None and s.next_wakeup() is None
    s.changed()
    clock.now += 10_000
    assert s.due() is None


def test_backoff_doubles_to_the_cap_and_resets_when_the_server_answers():
    s, clock = schedule()
    s.set_connected(True)
    waits = []
    for _ in range(7):
        probe(s, False)
        waits.append(s.next_wakeup())
        clock.now += waits[-1] - 1
        assert s.due() is None  # not before the backoff ends
        clock.now += 1
    assert waits == [30, 60, 120, 240, 480, 600, 600]
    probe(s, True)
    assert s.due() == SYNC  # came up: sync at once
    s.sync_started()
    s.sync_finished(ok=True)
    assert s.next_wakeup() == 120  # reachable: a probe every interval
    clock.now += 120
    probe(s, False)
    assert s.next_wakeup() == 30  # the backoff starts again from its first step


def test_a_change_syncs_after_the_debounce_when_reachable_only():
    s, clock = schedule()
    s.set_connected(True)
    probe(s, False)
    s.changed()  # offline: nothing but the next probe
    assert s.next_wakeup() == 30
    clock.now += 30
    probe(s, True)
    s.sync_started()
    s.sync_finished(ok=True)
    s.changed()
    clock.now += 3
    s.changed()  # a second change restarts the debounce
    clock.now += 4
    assert s.due() is None
    clock.now += 1
    assert s.due() == SYNC


def test_never_two_syncs_and_a_change_during_a_sync_syncs_after_it():
    s, clock = schedule()
    s.set_connected(True)
    probe(s, True)
    s.sync_started()  # the user's own sync, or the automatic one
    s.changed()
    clock.now += 60
    assert s.due() is None and s.next_wakeup() is None
    s.sync_finished(ok=True)
    assert s.due() == SYNC


def test_a_network_failure_during_a_sync_backs_off_and_stop_ends_everything():
    s, clock = schedule()
    s.set_connected(True)
    probe(s, True)
    s.sync_started()
    s.sync_finished(ok=False, network_failed=True)
    assert s.reachable is False and s.next_wakeup() == 30
    clock.now += 30
    assert s.due() == PROBE
    s.stop()
    assert s.due() is None and s.next_wakeup() is None
    s.set_connected(False)
    assert s.due() is None
