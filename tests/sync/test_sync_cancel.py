"""取消 against a county server that hangs, over real sockets on 127.0.0.1: the transport
gives up within about two seconds, while a slow server that does answer (a big batch on a
slow rural link) is still waited for as long as the timeout allows."""

from __future__ import annotations

import threading
import time

import pytest
from slow_server import SlowServer

from sync.client.errors import SyncError
from sync.client.transport import CANCEL_GRACE_S, Cancelled, Transport


@pytest.fixture
def servers():
    made: list[SlowServer] = []
    yield lambda **options: made.append(SlowServer(**options)) or made[-1]
    for server in made:
        server.close()


def _cancel_after(event: threading.Event, seconds: float) -> None:
    threading.Timer(seconds, event.set).start()


def test_a_cancel_ends_a_request_to_a_server_that_never_answers_within_two_seconds(servers):
    hung = servers(delay_s=None)
    cancel = threading.Event()
    http = Transport(hung.url, "token", cancel=cancel)  # the sync's 30-second timeout
    _cancel_after(cancel, 0.5)
    started = time.monotonic()
    with pytest.raises(Cancelled):
        http.call("POST", "/push", data=b"x" * 100_000)
    assert time.monotonic() - started < 0.5 + CANCEL_GRACE_S + 0.5
    assert hung.requests == 1 and http.timeout == 30.0


def test_a_cancel_ends_the_backoff_between_attempts(servers):
    failing = servers(delay_s=0, status=503)
    cancel = threading.Event()
    http = Transport(failing.url, "token", cancel=cancel, backoff_s=20, max_backoff_s=20)
    _cancel_after(cancel, 0.5)
    started = time.monotonic()
    with pytest.raises(Cancelled):
        http.call("GET", "/pull")
    assert time.monotonic() - started < 2 and failing.requests == 1


def test_a_slow_answer_is_waited_for_when_nobody_cancels(servers):
    slow = servers(delay_s=2 * CANCEL_GRACE_S + 0.5)  # a big batch committed on a slow link
    http = Transport(slow.url, "token", cancel=threading.Event(), timeout=10)
    assert http.call("POST", "/push", data=b"x" * 1_000_000) == {"ok": True}


def test_a_request_answered_within_the_grace_after_a_cancel_still_counts(servers):
    """A batch the server is committing when 取消 is pressed is acknowledged (not sent
    again next time)."""
    slow = servers(delay_s=0.5)
    cancel = threading.Event()
    http = Transport(slow.url, "token", cancel=cancel)
    _cancel_after(cancel, 0.2)
    assert CANCEL_GRACE_S > 0.5 - 0.2  # answered within the grace
    assert http.call("POST", "/push", data=b"{}") == {"ok": True}
    assert cancel.wait(5)
    with pytest.raises(Cancelled):  # the next one is not sent
        http.call("POST", "/push", data=b"{}")
    assert slow.requests == 1


def test_without_a_cancel_event_a_network_failure_is_still_a_sync_error():
    http = Transport("http://127.0.0.1:9", "token", retries=0, timeout=2)
    with pytest.raises(SyncError) as caught:
        http.call("GET", "/health")
    assert caught.value.kind == "network"


def test_a_cancel_ends_the_flags_read_after_a_sync_and_the_sync_time_is_kept(servers, store):
    """After a sync that went through the app reads the server's new flags; 取消 there
    waited for two 30-second timeouts (review). The flags are read after the next sync."""
    from desktop.sync_state import LAST_SYNC_KEY, record_sync
    from sync.client.enrolment import Connection

    hung = servers(delay_s=None)
    kept = Connection(url=hung.url, token="token", role="village", scope="361130104201",
                      server_key=None, signing_key="00" * 32)
    cancel = threading.Event()
    _cancel_after(cancel, 0.3)
    started = time.monotonic()
    assert record_sync(store, kept, verify=True, now_ms=lambda: 1_700_000_000_000,
                       cancel=cancel) == 0
    assert time.monotonic() - started < 0.3 + CANCEL_GRACE_S + 0.7
    assert store.meta(LAST_SYNC_KEY) == "1700000000000"
