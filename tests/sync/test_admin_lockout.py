"""The admin API and re-enrolment count failed tries per address like sync and
enrolment do (429 + Retry-After), and an unauthenticated re-enrolment leaves no audit
row and tells nothing about which of device, token or code was wrong. Real servers
over HTTP on 127.0.0.1."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import func, select

from sync.server.auth import create_enrolment
from sync.server.db import admin_audit

COUNTY, V1 = "361130000000", "361130104201"


@pytest.fixture
def started(server_class, tmp_path):
    servers = []

    def start(*args):
        srv = server_class(tmp_path / f"server{len(servers)}", None, args=args)
        srv.start()
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        srv.kill()
        srv.engine.dispose()


def audit_count(server) -> int:
    with server.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(admin_audit)).scalar()


def reenroll(server, **body):
    return requests.post(server.url + "/v1/reenroll", json=body, timeout=10)


def test_the_admin_api_locks_an_address_out_after_failed_tokens(started):
    server = started("--max-auth-failures", "3")
    admin = server.enrol("admin-1", COUNTY, role="admin")
    village = server.enrol("lap-a", V1)
    for token in ("guessed", "guessed-again", village):  # 401, 401, 403 (wrong role)
        reply = requests.get(server.url + "/v1/admin/devices", timeout=10,
                             headers={"Authorization": f"Bearer {token}"})
        assert reply.status_code in (401, 403)
    locked = requests.get(server.url + "/v1/admin/devices", timeout=10,
                          headers={"Authorization": f"Bearer {admin}"})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1


def test_an_admin_s_own_refusals_do_not_lock_it_out(started):
    server = started("--max-auth-failures", "2")
    admin = server.enrol("admin-1", COUNTY, role="admin")
    headers = {"Authorization": f"Bearer {admin}"}
    for _ in range(3):  # unknown devices: refused, but the admin proved its token
        assert requests.post(server.url + "/v1/admin/devices/nobody/revoke", timeout=10,
                             headers=headers).status_code == 404
    assert requests.get(server.url + "/v1/admin/devices", timeout=10,
                        headers=headers).status_code == 200


def test_re_enrolment_refusals_are_one_answer_unaudited_and_limited(started):
    server = started("--max-auth-failures", "3")
    old = server.enrol("lap-a", V1)
    code = create_enrolment(server.engine, name="x", role="village", scope=V1)
    audited = audit_count(server)
    tries = [dict(code=code, device_id="no-such-lap", old_token=old),   # unknown device
             dict(code=code, device_id="lap-a", old_token="guessed"),   # wrong token
             dict(code="AAAAAA-BBBBBB-CCCCCC-DDDDDD", device_id="lap-a",
                  old_token=old)]                                       # unknown code
    answers = [reenroll(server, **body) for body in tries]
    assert {a.status_code for a in answers} == {403}
    assert len({a.text for a in answers}) == 1  # nothing tells which one was wrong
    # only the try that proved the device's token is audited: no rows for anyone to flood
    assert audit_count(server) == audited + 1
    locked = reenroll(server, code=code, device_id="lap-a", old_token=old)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1
    assert audit_count(server) == audited + 1
