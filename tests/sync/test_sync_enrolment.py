"""Connecting a device: address and CA checks, the code exchange over TLS with the
county's own CA (a real server process with a real certificate on 127.0.0.1), and
every refusal leaving the one-time code unused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from county_server import ROOT, Server
from sync_replica import ReferenceReplica
from tls_testcerts import make_tls_files

from sync.client import SyncClient, SyncError
from sync.client.enrolment import check_address, connect, read_ca, trusted
from sync.server.auth import create_enrolment

VILLAGE = "361130104201"
OTHER_VILLAGE = "361130104202"


@pytest.fixture
def tls(tmp_path):
    return make_tls_files(tmp_path / "tls")


@pytest.fixture
def tls_server(tmp_path, tls):
    srv = Server(tmp_path / "server", None, tls)
    srv.start()
    yield srv
    srv.kill()
    srv.engine.dispose()


def code_for(server: Server, scope: str = VILLAGE, role: str = "village") -> str:
    return create_enrolment(server.engine, name="laptop", role=role, scope=scope)


def test_enrol_over_tls_with_the_county_ca_then_sync_both_ways(tls_server, tls):
    ca = read_ca(tls.ca)
    first = connect(tls_server.url, code_for(tls_server), device_id="lap-1", scope=VILLAGE,
                    ca_pem=ca)
    assert first.url == tls_server.url and first.role == "village"
    assert first.scope == VILLAGE and first.ca_pem == ca
    assert len(first.server_key or "") == 64 and len(first.signing_key) == 64
    second = connect(tls_server.url, code_for(tls_server), device_id="lap-2", scope=VILLAGE,
                     ca_pem=read_ca(tls.ca_der))  # the same CA handed out as DER
    one, two = ReferenceReplica("lap-1", VILLAGE), ReferenceReplica("lap-2", VILLAGE)
    one.edit("h1", "address", "3组12号")
    with trusted(first.ca_pem) as verify:
        assert SyncClient(first.url, first.token, one, verify=verify).sync().pushed == 1
    with trusted(second.ca_pem) as verify:
        result = SyncClient(second.url, second.token, two, verify=verify).sync()
    assert result.pulled == 1 and two.state("h1", "address").winner.value == "3组12号"
    assert result.checked and not result.repaired


def test_a_certificate_of_another_authority_is_refused_and_the_code_stays_unused(
        tls_server, tls, tmp_path):
    stranger = read_ca(make_tls_files(tmp_path / "other", ca_name="Someone Else CA").ca)
    code = code_for(tls_server)
    for ca_pem in (stranger, None):  # another CA; the system's authorities
        with pytest.raises(SyncError) as failure:
            connect(tls_server.url, code, device_id="lap-1", scope=VILLAGE, ca_pem=ca_pem)
        assert failure.value.kind == "tls"
    token = connect(tls_server.url, code, device_id="lap-1", scope=VILLAGE,
                    ca_pem=read_ca(tls.ca)).token
    assert token  # the code was never sent, so it still works


def test_a_sync_client_refuses_a_server_it_cannot_verify(tls_server, tls, tmp_path):
    connection = connect(tls_server.url, code_for(tls_server), device_id="lap-1",
                         scope=VILLAGE, ca_pem=read_ca(tls.ca))
    replica = ReferenceReplica("lap-1", VILLAGE)
    replica.edit("h1", "address", "3组12号")
    stranger = read_ca(make_tls_files(tmp_path / "other", ca_name="Someone Else CA").ca)
    with trusted(stranger) as verify, pytest.raises(SyncError) as failure:
        SyncClient(connection.url, connection.token, replica, verify=verify).sync()
    assert failure.value.kind == "tls" and replica.pending_changes(10)  # nothing acknowledged


def test_refusals_name_the_problem_and_only_a_good_exchange_uses_the_code(tls_server, tls):
    ca = read_ca(tls.ca)
    code = code_for(tls_server)
    with pytest.raises(SyncError) as failure:
        connect(tls_server.url, code, device_id="lap-1", scope=OTHER_VILLAGE, ca_pem=ca)
    assert failure.value.kind == "code_scope"
    with pytest.raises(SyncError) as failure:
        connect(tls_server.url, "ABCDEF-ABCDEF-ABCDEF-ABCDEF", device_id="lap-1",
                scope=VILLAGE, ca_pem=ca)
    assert failure.value.kind == "code"
    connect(tls_server.url, code.lower(), device_id="lap-1", scope=VILLAGE, ca_pem=ca)
    with pytest.raises(SyncError) as failure:  # used up
        connect(tls_server.url, code, device_id="lap-9", scope=VILLAGE, ca_pem=ca)
    assert failure.value.kind == "code"
    with pytest.raises(SyncError) as failure:  # this device id is enrolled already
        connect(tls_server.url, code_for(tls_server), device_id="lap-1", scope=VILLAGE,
                ca_pem=ca)
    assert failure.value.kind == "enrolled"
    # a township code covers a village profile; a county profile is wider than a village code
    connect(tls_server.url, code_for(tls_server, "361130104", "township"), device_id="lap-2",
            scope=VILLAGE, ca_pem=ca)
    with pytest.raises(SyncError) as failure:
        connect(tls_server.url, code_for(tls_server), device_id="lap-3", scope="361130",
                ca_pem=ca)
    assert failure.value.kind == "code_scope"


@pytest.mark.parametrize("url", ["", "jyfw.example.cn", "ftp://jyfw.example.cn",
                                 "http://jyfw.example.cn:8443", "http://192.168.1.10",
                                 "https://", "https://host:99999", "https://host/?a=1"])
def test_bad_addresses_are_named_before_anything_is_sent(url):
    with pytest.raises(SyncError) as failure:
        check_address(url)
    assert failure.value.kind == "address"


def test_good_addresses_are_kept_without_a_trailing_slash():
    assert check_address(" https://jyfw.example.cn:8443/ ") == "https://jyfw.example.cn:8443"
    assert check_address("http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    assert check_address("http://localhost:8000") == "http://localhost:8000"
    assert check_address("http://[::1]:8000") == "http://[::1]:8000"


def test_ca_files_that_are_not_certificates_are_refused(tmp_path, tls):
    assert read_ca(tls.ca) == read_ca(tls.ca_der)
    cases = {"key.pem": tls.key.read_bytes(), "notes.txt": "县里的根证书".encode(),
             "empty.crt": b"", "big.pem": b"-" * (300 * 1024)}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(SyncError) as failure:
            read_ca(tmp_path / name)
        assert failure.value.kind == "certificate" and name in str(failure.value)
    with pytest.raises(SyncError) as failure:
        read_ca(tmp_path / "missing.pem")
    assert failure.value.kind == "certificate"


def test_the_trusted_file_holds_only_the_ca_and_is_removed(tls):
    ca = read_ca(tls.ca)
    with trusted(ca) as verify:
        assert Path(verify).read_text(encoding="ascii") == ca
    assert not Path(verify).exists()
    with trusted(None) as verify:
        assert verify is True


def serve(tmp_path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sync.server.cli", "serve", "--data",
                           str(tmp_path / "data"), "--port", "1", *flags], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_serve_refuses_half_or_unreadable_tls_options(tmp_path, tls):
    half = serve(tmp_path, "--tls-cert", str(tls.cert))
    assert half.returncode == 2 and "--tls-key" in half.stderr
    (tmp_path / "note.txt").write_text("not a key")
    wrong = serve(tmp_path, "--tls-cert", str(tls.cert), "--tls-key", str(tmp_path / "note.txt"))
    assert wrong.returncode == 2 and "not a PEM file" in wrong.stderr
    gone = serve(tmp_path, "--tls-cert", str(tmp_path / "gone.pem"), "--tls-key", str(tls.key))
    assert gone.returncode == 2 and "cannot be read" in gone.stderr
