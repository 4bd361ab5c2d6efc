"""The server bounds what clients can make it hold or try (issue 16, item 4): bytes of
pushes in flight (503 + Retry-After), failed authentications per address (429), and
its data files are private (0600 in a 0700 folder). Real servers over HTTP."""

from __future__ import annotations

import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sync_replica import ReferenceReplica

from sync.protocol import BATCH_MEDIA_TYPE, encode_batch, make_batch
from sync.server.app import DECODE_BUDGET, MAX_BODY
from sync.server.auth import create_enrolment
from sync.server.cli import DECODE_BUDGET as CLI_DECODE_BUDGET
from sync.server.limits import Busy, ByteBudget, FailureLimit

V1 = "330102001001"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def started(server_class):
    servers = []

    def start(tmp_path, *args):
        srv = server_class(tmp_path / "server", None, args=args)
        srv.start()
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        srv.kill()
        srv.engine.dispose()


def _push(server, token, body):
    return requests.post(server.url + "/v1/push", data=body, timeout=10, headers={
        "Authorization": f"Bearer {token}", "Content-Type": BATCH_MEDIA_TYPE})


def _batch(device, n=3, entity="h"):
    rep = ReferenceReplica(device, V1)
    return encode_batch(make_batch([rep.edit(f"{entity}{i}", "size", i) for i in range(n)],
                                   device=device))


def _stalled_push(server, token):
    """A push that declares the largest body and sends only its first bytes."""
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.sendall((f"POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  f"Authorization: Bearer {token}\r\nContent-Type: {BATCH_MEDIA_TYPE}\r\n"
                  f"Content-Length: {MAX_BODY}\r\n\r\n").encode() + b"\x1f\x8b" + b"\0" * 1000)
    return sock


def _answered(sock):
    """True (and closed) if the server has answered this stalled push already."""
    sock.setblocking(False)
    try:
        answered = bool(sock.recv(1))
    except BlockingIOError:
        return False
    sock.close()
    return answered or True


# -- bytes in flight ----------------------------------------------------------------------
def test_pushes_beyond_the_decoding_budget_get_503_and_retry_after(started, tmp_path):
    server = started(tmp_path, "--decode-budget-mb", "48")
    token = server.enrol("da", V1)
    stalled = [_stalled_push(server, token) for _ in range(3)]  # 3 x 16 MB held
    deadline = time.monotonic() + 20
    for attempt in range(1000):
        body = _batch("da", entity=f"a{attempt}-")
        reply = _push(server, token, body)
        if reply.status_code == 503 or time.monotonic() > deadline:
            break
        # this push got in before a stalled one, which was refused: stall another
        stalled = [sock for sock in stalled if not _answered(sock)]
        stalled += [_stalled_push(server, token) for _ in range(3 - len(stalled))]
        time.sleep(0.2)
    assert reply.status_code == 503, reply.text[:200]
    assert int(reply.headers["Retry-After"]) >= 1 and "retry" in reply.json()["detail"]
    pulled = requests.get(server.url + "/v1/pull", timeout=10,
                          headers={"Authorization": f"Bearer {token}"}).json()["changes"]
    assert not any(c["entity"].startswith(f"a{attempt}-") for c in pulled)
    for sock in stalled:
        sock.close()
    deadline = time.monotonic() + 10
    while (reply := _push(server, token, body)).status_code == 503:
        assert time.monotonic() < deadline, "the budget was not given back"
        time.sleep(0.1)
    assert reply.status_code == 200 and reply.json()["accepted"] == 3


def test_a_body_whose_trailer_understates_its_size_is_refused(started, tmp_path):
    server = started(tmp_path)
    token = server.enrol("da", V1)
    body = bytearray(_batch("da", 50))
    body[-4:] = (100).to_bytes(4, "little")  # claims to inflate to 100 bytes
    reply = _push(server, token, bytes(body))
    assert reply.status_code == 400 and "larger" in reply.json()["detail"]
    assert _push(server, token, _batch("da", 50)).status_code == 200


def test_the_serve_budget_must_hold_one_push_of_the_largest_size(tmp_path):
    assert CLI_DECODE_BUDGET == DECODE_BUDGET
    out = subprocess.run([sys.executable, "-m", "sync.server.cli", "serve", "--data",
                          str(tmp_path / "d"), "--decode-budget-mb", "10"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "--decode-budget-mb" in out.stderr
    assert "Traceback" not in out.stderr


def test_byte_budget_refuses_what_does_not_fit_and_counts_its_peak():
    budget = ByteBudget(100)
    budget.take(60)
    with pytest.raises(Busy) as busy:
        budget.take(41)
    assert busy.value.status == 503 and busy.value.retry_after > 0
    with pytest.raises(Busy) as never:
        budget.take(101)
    assert never.value.status == 413
    budget.take(40)
    budget.give(60)
    budget.give(40)
    assert (budget.held, budget.peak) == (0, 100)


# -- failures per address -----------------------------------------------------------------
def test_auth_failures_from_an_address_get_429_until_the_window_passes(started, tmp_path):
    server = started(tmp_path, "--max-auth-failures", "3", "--auth-failure-window", "2")
    token = server.enrol("da", V1)
    code = create_enrolment(server.engine, name="next", role="village", scope=V1)
    for _ in range(3):
        bad = requests.get(server.url + "/v1/digest", timeout=10,
                           headers={"Authorization": "Bearer guessed"})
        assert bad.status_code == 401
    refused = [requests.get(server.url + "/v1/digest", timeout=10,
                            headers={"Authorization": f"Bearer {token}"}),
               requests.post(server.url + "/v1/enroll", timeout=10,
                             json={"code": code, "device_id": "db"}),
               requests.post(server.url + "/v1/push", data=_batch("da"), timeout=10,
                             headers={"Authorization": f"Bearer {token}"})]
    for reply in refused:
        assert reply.status_code == 429, reply.text[:200]
        assert 1 <= int(reply.headers["Retry-After"]) <= 3
    time.sleep(int(refused[0].headers["Retry-After"]) + 0.2)
    assert requests.get(server.url + "/v1/digest", timeout=10,
                        headers={"Authorization": f"Bearer {token}"}).status_code == 200
    enrolled = requests.post(server.url + "/v1/enroll", timeout=10,
                             json={"code": code, "device_id": "db"})
    assert enrolled.status_code == 200  # the code was not used up by the refused try


def test_wrong_enrolment_codes_are_limited_per_address(started, tmp_path):
    server = started(tmp_path, "--max-auth-failures", "4")
    code = create_enrolment(server.engine, name="n", role="village", scope=V1)
    for i in range(4):
        reply = requests.post(server.url + "/v1/enroll", timeout=10,
                              json={"code": f"AAAAAA-BBBBBB-CCCCCC-00000{i}", "device_id": "d"})
        assert reply.status_code == 403
    reply = requests.post(server.url + "/v1/enroll", timeout=10,
                          json={"code": code, "device_id": "d"})
    assert reply.status_code == 429 and int(reply.headers["Retry-After"]) > 200


def test_failure_limit_forgets_failures_outside_its_window():
    now = [0.0]
    limit = FailureLimit(failures=2, window_s=10, clock=lambda: now[0])
    limit.failed("a")
    now[0] = 5
    limit.failed("a")
    with pytest.raises(Busy) as busy:
        limit.check("a")
    assert (busy.value.status, busy.value.retry_after) == (429, 6)
    limit.check("b")
    now[0] = 10.5
    limit.check("a")  # the first failure left the window


# -- file modes -----------------------------------------------------------------------
def _modes(folder):
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}


def test_data_files_are_0600_in_a_0700_folder(started, tmp_path):
    fresh = tmp_path / "fresh"
    for command in (["enroll", "--name", "n", "--role", "village", "--scope", V1],
                    ["server-key"]):
        subprocess.run([sys.executable, "-m", "sync.server.cli", *command, "--data",
                        str(fresh)], cwd=ROOT, check=True, capture_output=True, timeout=60)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    modes = _modes(fresh)
    assert {"server.db", "bundle_x25519.key"} <= set(modes)
    assert set(modes.values()) == {0o600}, modes
    # a folder made by someone else with the usual umask: tightened when served
    folder = tmp_path / "server"
    folder.mkdir(mode=0o755)
    (folder / "server.db").touch(mode=0o644)
    server = started(tmp_path)
    token = server.enrol("da", V1)
    assert _push(server, token, _batch("da")).status_code == 200
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    modes = _modes(folder)
    assert {"server.db", "server.db-wal", "bundle_x25519.key"} <= set(modes)
    assert set(modes.values()) == {0o600}, modes
