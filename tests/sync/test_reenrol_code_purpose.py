"""A re-enrolment code (issued by an admin for one existing device) is usable only
through ``/v1/reenroll`` by that device: ``/enroll`` answers it exactly like an unknown
code (no oracle), whatever device id or scope is sent, changes nothing, and counts the
try toward the address's lockout. Real servers over HTTP on 127.0.0.1 (SQLite and
PostgreSQL)."""

from __future__ import annotations

import requests
from sqlalchemy import select

from sync.client.client import reenroll
from sync.server.auth import create_enrolment
from sync.server.db import devices, enrolments, reenrolments

COUNTY, V1, V2 = "361130000000", "361130104201", "361130104202"
UNKNOWN = "AAAAAA-BBBBBB-CCCCCC-DDDDDD"


def state(server) -> tuple:
    with server.engine.connect() as conn:
        return tuple(sorted(tuple(r) for r in conn.execute(select(table)))
                     for table in (devices, enrolments, reenrolments))


def enroll_raw(server, **body) -> requests.Response:
    return requests.post(server.url + "/v1/enroll", json=body, timeout=10)


def reenrolment_code(server, admin: str, device_id: str) -> str:
    reply = requests.post(server.url + f"/v1/admin/devices/{device_id}/reenrolment",
                          headers={"Authorization": f"Bearer {admin}"}, json={}, timeout=10)
    assert reply.status_code == 200, reply.text
    return reply.json()["code"]


def test_enroll_refuses_a_re_enrolment_code_like_an_unknown_one(server):
    admin = server.enrol("admin-1", COUNTY, role="admin")
    old = server.enrol("lap-a", V1)
    code = reenrolment_code(server, admin, "lap-a")
    unknown = enroll_raw(server, code=UNKNOWN, device_id="lap-new")
    assert unknown.status_code == 403
    before = state(server)
    tries = [dict(code=code, device_id="lap-new"),               # a fresh device id
             dict(code=code.lower(), device_id="lap-new2"),
             dict(code=code, device_id="lap-new", scope=V2),     # outside the code's scope
             dict(code=code, device_id="lap-a")]                 # its own id, by /enroll
    for body in tries:
        answer = enroll_raw(server, **body)
        assert (answer.status_code, answer.text) == (403, unknown.text), body
    assert state(server) == before  # no device minted, the code still unused
    new = reenroll(server.url, code=code, device_id="lap-a", old_token=old)
    assert (new["device_id"], new["scope"]) == ("lap-a", V1)  # still good for its purpose


def test_an_admin_s_plain_enrolment_code_still_enrols_a_new_device(server):
    admin = server.enrol("admin-1", COUNTY, role="admin")
    reply = requests.post(server.url + "/v1/admin/enrolments", json={"name": "new laptop",
                          "role": "village", "scope": V1}, timeout=10,
                          headers={"Authorization": f"Bearer {admin}"})
    assert reply.status_code == 200, reply.text
    made = enroll_raw(server, code=reply.json()["code"], device_id="lap-b")
    assert made.status_code == 200 and made.json()["scope"] == V1


def test_re_enrolment_codes_at_enroll_count_toward_the_lockout(server_class, tmp_path):
    server = server_class(tmp_path / "server", None, args=("--max-auth-failures", "2"))
    server.start()
    try:
        admin = server.enrol("admin-1", COUNTY, role="admin")
        server.enrol("lap-a", V1)
        code = reenrolment_code(server, admin, "lap-a")
        plain = create_enrolment(server.engine, name="x", role="village", scope=V1)
        for device_id in ("lap-x", "lap-y"):
            assert enroll_raw(server, code=code, device_id=device_id).status_code == 403
        locked = enroll_raw(server, code=plain, device_id="lap-z")  # good code, locked out
        assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1
    finally:
        server.kill()
        server.engine.dispose()
