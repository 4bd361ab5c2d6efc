"""County administration over the API against a real server (SQLite and PostgreSQL):
the device list, enrolment with a QR code that decodes, revocation, re-enrolment
under the old id with the old token, every refusal answered 403/404 with nothing
changed, and the audit rows."""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import png
import pytest
import requests
import zxingcpp
from county_server import ROOT
from sqlalchemy import inspect, select, text
from sync_replica import ReferenceReplica

from sync.client import SyncClient, SyncError, enroll
from sync.client.client import reenroll
from sync.client.enrolment import connect, read_enrolment_qr, reconnect
from sync.client.transport import app_version
from sync.server.auth import create_enrolment, revoke
from sync.server.db import (
    admin_audit,
    database_url,
    devices,
    enrolments,
    open_engine,
    reenrolments,
)

COUNTY = "361130000000"
V1, V2 = "361130104201", "361130104202"
TOWNSHIP = "361130104000"
OTHER_VILLAGE = "361131100201"  # another county
DAY_MS = 86_400_000


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def get(server, token, path, **kw):
    return requests.get(server.url + path, headers=_auth(token), timeout=10, **kw)


def post(server, token, path, body=None):
    return requests.post(server.url + path, headers=_auth(token), json=body or {}, timeout=10)


def admin_of(server, scope: str = COUNTY, device: str = "admin-1") -> str:
    return server.enrol(device, scope, role="admin")


def listed(server, token) -> list[dict]:
    reply = get(server, token, "/v1/admin/devices")
    assert reply.status_code == 200, reply.text
    return reply.json()


def audit_rows(server) -> list[tuple]:
    with server.engine.connect() as conn:
        return [tuple(r[1:]) for r in conn.execute(
            select(admin_audit.c.id, admin_audit.c.actor, admin_audit.c.action,
                   admin_audit.c.target, admin_audit.c.result, admin_audit.c.scope)
            .order_by(admin_audit.c.id))]


def state(server) -> tuple:
    """Everything a refusal must leave as it was (the audit aside)."""
    with server.engine.connect() as conn:
        return (sorted(tuple(r) for r in conn.execute(select(devices))),
                sorted(tuple(r) for r in conn.execute(select(enrolments))),
                sorted(tuple(r) for r in conn.execute(select(reenrolments))))


def decode_qr(png_bytes: bytes) -> str:
    """The text of the one QR code in a PNG (read by pypng, decoded by zxing-cpp)."""
    width, height, rows, info = png.Reader(bytes=png_bytes).asDirect()
    assert info["planes"] == 1 and not info["alpha"]
    top = 2 ** info["bitdepth"] - 1
    pixels = bytes(v * 255 // top for row in rows for v in row)

    class Grey:
        __array_interface__ = {"shape": (height, width), "typestr": "|u1", "data": pixels,
                               "version": 3}

    found = zxingcpp.read_barcodes(Grey())
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    return found[0].text


def test_the_list_shows_every_device_of_the_county_longest_silent_first(server):
    admin = admin_of(server)
    a, ca = server.replica("lap-a", V1, clock_offset_ms=30 * DAY_MS)
    b, cb = server.replica("lap-b", V2)
    server.enrol("lap-never", V1)
    server.enrol("lap-town", TOWNSHIP, role="township")
    server.enrol("lap-gone", V2)
    server.enrol("lap-other", OTHER_VILLAGE)
    a.edit("h1", "size", 3)
    a.edit("h2", "size", 4)
    assert ca.sync().pushed == 2  # raises a clock_ahead flag in V1
    b.edit("h3", "size", 5)
    assert cb.sync().pushed == 1
    b.edit("h4", "size", 6, scope=OTHER_VILLAGE)  # outside lap-b's scope: refused
    with pytest.raises(SyncError) as refused:
        cb.sync()
    assert refused.value.status == 403
    assert post(server, admin, "/v1/admin/devices/lap-gone/revoke").status_code == 200

    rows = listed(server, admin)
    ids = [r["device_id"] for r in rows]
    assert "lap-other" not in ids
    assert ids[-1] == "lap-gone" and rows[-1]["revoked"]  # revoked ones last
    live = rows[:-1]
    assert {r["device_id"] for r in live} == {"admin-1", "lap-a", "lap-b", "lap-never",
                                              "lap-town"}
    never = [r["device_id"] for r in live if r["last_seen_ms"] is None]
    assert set(never) == {"admin-1", "lap-never", "lap-town"} and ids[:3] == sorted(never)
    by_id = {r["device_id"]: r for r in rows}
    first, second = by_id["lap-a"], by_id["lap-b"]
    assert ids.index("lap-a") < ids.index("lap-b")  # lap-a fell silent first
    assert first["last_seen_ms"] <= second["last_seen_ms"]
    assert first["last_batch_changes"] == 2 and second["last_batch_changes"] == 1
    assert first["last_batch_ms"] is not None and by_id["lap-never"]["last_batch_ms"] is None
    assert first["pending_flags"] == 2 and second["pending_flags"] == 0  # one per change
    assert by_id["lap-town"]["pending_flags"] == 2  # V1 lies in the township
    assert first["app_version"] == app_version() == second["app_version"]
    assert by_id["lap-never"]["app_version"] is None
    assert second["last_error"]["status"] == 403
    assert "scope" in second["last_error"]["detail"] and first["last_error"] is None
    assert (first["role"], first["scope"], first["name"]) == ("village", V1, "n-lap-a")
    assert by_id["lap-town"]["scope"] == TOWNSHIP[:9] and by_id["admin-1"]["role"] == "admin"


def test_enrol_returns_a_code_and_a_qr_code_the_laptop_reads(server):
    admin = admin_of(server)
    reply = post(server, admin, "/v1/admin/enrolments",
                 {"name": "某村笔记本1", "role": "village", "scope": V1})
    assert reply.status_code == 200, reply.text
    made = reply.json()
    assert (made["role"], made["scope"], made["server_url"]) == ("village", V1, server.url)
    text = decode_qr(base64.b64decode(made["qr_png"]))
    assert text == made["qr_payload"]
    assert json.loads(text) == {"bangfu": "enrol", "v": 1, "server": server.url,
                                "code": made["code"]}
    qr = read_enrolment_qr(text)
    assert (qr.url, qr.code, qr.device_id) == (server.url, made["code"], None)
    token = enroll(qr.url, code=qr.code, device_id="lap-qr", scope=V1)["token"]
    assert get(server, token, "/v1/digest").status_code == 200
    row = next(r for r in listed(server, admin) if r["device_id"] == "lap-qr")
    assert (row["name"], row["scope"]) == ("某村笔记本1", V1)
    assert audit_rows(server) == [("admin-1", "enrol", f"village:{V1}", "ok", V1)]
    given = post(server, admin, "/v1/admin/enrolments",
                 {"name": "x", "role": "township", "scope": TOWNSHIP,
                  "server_url": "https://bangfu.example.gov.cn:8443"}).json()
    assert json.loads(decode_qr(base64.b64decode(given["qr_png"])))["server"] == \
        "https://bangfu.example.gov.cn:8443"


def test_revoke_stops_the_token_and_is_audited(server):
    admin = admin_of(server)
    token = server.enrol("lap-a", V1)
    assert get(server, token, "/v1/digest").status_code == 200
    reply = post(server, admin, "/v1/admin/devices/lap-a/revoke")
    assert reply.json() == {"device_id": "lap-a", "revoked": True, "changed": True}
    assert get(server, token, "/v1/digest").status_code == 401
    again = post(server, admin, "/v1/admin/devices/lap-a/revoke").json()
    assert again["changed"] is False
    rows = get(server, admin, "/v1/admin/audit").json()
    assert [(r["actor"], r["action"], r["target"], r["result"]) for r in rows] == [
        ("admin-1", "revoke", "lap-a", "ok")] * 2
    assert rows[0]["detail"] == {"was_revoked": False} and rows[0]["at_ms"] > 0
    assert get(server, admin, "/v1/admin/audit", params={"after": rows[0]["id"]}).json() \
        == rows[1:]


def test_a_moved_laptop_re_enrols_under_its_old_id_with_its_old_token(server):
    admin = admin_of(server)
    rep, client = server.replica("lap-a", V1)
    rep.edit("h1", "size", 3)
    client.sync()
    old = client.http.headers["Authorization"].split()[1]
    code = create_enrolment(server.engine, name="moved", role="village", scope=V2)
    with pytest.raises(SyncError) as refused:  # today's answer to a plain enrolment
        enroll(server.url, code=code, device_id="lap-a")
    assert refused.value.status == 409
    new = reenroll(server.url, code=code, device_id="lap-a", old_token=old, scope=V2)
    assert (new["device_id"], new["role"], new["scope"]) == ("lap-a", "village", V2)
    assert get(server, old, "/v1/digest").status_code == 401
    assert get(server, new["token"], "/v1/digest").status_code == 200
    row = next(r for r in listed(server, admin) if r["device_id"] == "lap-a")
    assert (row["name"], row["scope"], row["revoked"]) == ("moved", V2, False)
    assert row["last_batch_changes"] == 1  # its history stays under its id
    assert audit_rows(server)[-1] == ("lap-a", "reenrol", "lap-a", "ok", V2)
    with pytest.raises(SyncError) as used:
        reenroll(server.url, code=code, device_id="lap-a", old_token=new["token"])
    assert used.value.status == 403


def test_a_revoked_laptop_re_enrols_only_with_a_code_issued_for_it_after(server):
    admin = admin_of(server)
    old = server.enrol("lap-a", V1)
    early = post(server, admin, "/v1/admin/devices/lap-a/reenrolment").json()["code"]
    assert post(server, admin, "/v1/admin/devices/lap-a/revoke").status_code == 200
    plain = create_enrolment(server.engine, name="x", role="village", scope=V1)
    before = state(server)
    for code in (plain, early):  # a general code; a code issued before the revocation
        with pytest.raises(SyncError) as refused:
            reenroll(server.url, code=code, device_id="lap-a", old_token=old)
        assert refused.value.status == 403
    assert state(server) == before
    reply = post(server, admin, "/v1/admin/devices/lap-a/reenrolment", {"scope": V2})
    made = reply.json()
    assert (made["device_id"], made["scope"], made["role"]) == ("lap-a", V2, "village")
    qr = read_enrolment_qr(decode_qr(base64.b64decode(made["qr_png"])))
    assert (qr.code, qr.device_id) == (made["code"], "lap-a")
    new = reenroll(qr.url, code=qr.code, device_id="lap-a", old_token=old)
    assert new["scope"] == V2 and get(server, new["token"], "/v1/digest").status_code == 200
    actions = [(a, act, res) for a, act, _t, res, _s in audit_rows(server)]
    assert actions == [("admin-1", "reenrol-code", "ok"), ("admin-1", "revoke", "ok"),
                       ("lap-a", "reenrol", "403"), ("lap-a", "reenrol", "403"),
                       ("admin-1", "reenrol-code", "ok"), ("lap-a", "reenrol", "ok")]
    assert enroll(server.url, code=plain, device_id="lap-b")["scope"] == V1  # still unused


def test_re_enrolment_refusals_change_nothing(server):
    admin = admin_of(server)
    old_a = server.enrol("lap-a", V1)
    old_b = server.enrol("lap-b", V1)
    for_b = post(server, admin, "/v1/admin/devices/lap-b/reenrolment").json()["code"]
    plain = create_enrolment(server.engine, name="x", role="village", scope=V1)
    admin_code = create_enrolment(server.engine, name="x", role="admin", scope=COUNTY)
    before = state(server)
    cases = [
        (dict(code=plain, device_id="lap-a", old_token=old_b), 403),  # not its token
        (dict(code=plain, device_id="lap-a", old_token="guess"), 403),
        (dict(code=for_b, device_id="lap-a", old_token=old_a), 403),  # another's code
        (dict(code=plain, device_id="lap-zz", old_token=old_a), 403),  # never enrolled
        (dict(code="AAAAAA-BBBBBB-CCCCCC-DDDDDD", device_id="lap-a", old_token=old_a), 403),
        (dict(code=admin_code, device_id="lap-a", old_token=old_a), 422),  # role swap
        (dict(code=plain, device_id="lap-a", old_token=old_a, scope=V2), 422),
        (dict(code=plain, device_id="bad id!", old_token=old_a), 422),
    ]
    for kwargs, status in cases:
        with pytest.raises(SyncError) as refused:
            reenroll(server.url, **kwargs)
        assert refused.value.status == status, kwargs
    assert state(server) == before
    assert get(server, old_a, "/v1/digest").status_code == 200


def test_every_refusal_is_403_or_404_and_changes_nothing(server):
    admin = admin_of(server)
    village = server.enrol("lap-a", V1)
    county_device = server.enrol("lap-county", COUNTY, role="county")
    server.enrol("lap-other", OTHER_VILLAGE)
    other_admin = admin_of(server, "361131000000", "admin-2")
    before, audited = state(server), len(audit_rows(server))
    for token in (village, county_device):  # wrong role: device tokens
        assert get(server, token, "/v1/admin/devices").status_code == 403
        assert get(server, token, "/v1/admin/audit").status_code == 403
        assert post(server, token, "/v1/admin/devices/lap-a/revoke").status_code == 403
        assert post(server, token, "/v1/admin/devices/lap-a/reenrolment").status_code == 403
        assert post(server, token, "/v1/admin/enrolments",
                    {"name": "x", "role": "village", "scope": V1}).status_code == 403
    for path in ("/v1/pull", "/v1/digest", "/v1/snapshot", "/v1/flags", "/v1/conflicts"):
        assert get(server, admin, path).status_code == 403, path  # admins sync nothing
    assert requests.post(server.url + "/v1/push", data=b"x", timeout=10,
                         headers=_auth(admin)).status_code == 403
    for device in ("lap-other", "admin-2", "no-such-device"):  # other county; unknown
        assert post(server, admin, f"/v1/admin/devices/{device}/revoke").status_code == 404
        assert post(server, admin, f"/v1/admin/devices/{device}/reenrolment").status_code \
            == 404
    other = post(server, other_admin, "/v1/admin/devices/lap-a/revoke")
    assert other.status_code == 404 and other.json() == \
        post(server, admin, "/v1/admin/devices/no-such-device/revoke").json()
    assert post(server, admin, "/v1/admin/enrolments",
                {"name": "x", "role": "village", "scope": OTHER_VILLAGE}).status_code == 403
    assert post(server, admin, "/v1/admin/enrolments",
                {"name": "x", "role": "admin", "scope": "360000000000"}).status_code == 403
    assert post(server, admin, "/v1/admin/devices/lap-a/reenrolment",
                {"scope": OTHER_VILLAGE}).status_code == 403
    assert post(server, admin, "/v1/admin/devices/lap-a/reenrolment",
                {"role": "admin"}).status_code == 422
    assert requests.get(server.url + "/v1/admin/devices", timeout=10).status_code == 401
    assert state(server) == before
    assert "lap-a" not in [r["device_id"] for r in listed(server, other_admin)]
    refusals = audit_rows(server)[audited:]
    assert all(result in ("403", "404", "422") for *_x, result, _s in refusals)
    wrong_role = [r for r in refusals if r[0] in ("lap-a", "lap-county")]
    assert len(wrong_role) == 10 and {r[3] for r in wrong_role} == {"403"}
    mine = [r["target"] for r in get(server, admin, "/v1/admin/audit").json()]
    assert "lap-other" in mine  # its own refused tries, under its own scope
    theirs = get(server, other_admin, "/v1/admin/audit").json()
    assert [(r["actor"], r["target"], r["result"]) for r in theirs] == [
        ("admin-2", "lap-a", "404")]  # the other county sees only its own admin's try


def test_cli_enrols_an_admin_and_refuses_a_village_scope(server):
    base = [sys.executable, "-m", "sync.server.cli", "enroll", "--data", str(server.data),
            *(["--db", server.db] if server.db else []), "--name", "县管理员"]
    ok = subprocess.run([*base, "--role", "admin", "--scope", COUNTY], cwd=ROOT,
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    reply = enroll(server.url, code=ok.stdout.strip(), device_id="admin-cli")
    assert (reply["role"], reply["scope"]) == ("admin", "361130")
    assert listed(server, reply["token"])[0]["device_id"] == "admin-cli"
    bad = subprocess.run([*base, "--role", "admin", "--scope", V1], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "admin 'scope'" in bad.stderr


def test_a_laptop_reconnects_after_revocation_and_syncs_under_its_old_id(server):
    admin = admin_of(server)
    first = connect(server.url, create_enrolment(server.engine, name="lap", role="village",
                                                 scope=V1), device_id="lap-a", scope=V1)
    rep = ReferenceReplica("lap-a", V1)
    rep.edit("h1", "size", 3)
    assert SyncClient(first.url, first.token, rep).sync().pushed == 1
    assert post(server, admin, "/v1/admin/devices/lap-a/revoke").status_code == 200
    made = post(server, admin, "/v1/admin/devices/lap-a/reenrolment").json()
    again = reconnect(first, made["code"], device_id="lap-a", scope=V1)
    assert again.token != first.token and again.signing_key != first.signing_key
    rep.edit("h1", "size", 4)
    result = SyncClient(again.url, again.token, rep).sync()
    assert result.pushed == 1 and result.checked and not result.repaired
    with pytest.raises(SyncError) as used:
        reconnect(first, made["code"], device_id="lap-a", scope=V1)
    assert used.value.kind == "code"


@pytest.mark.parametrize("text", [
    "", "not json", "[]", '{"bangfu":"enrol","v":2,"server":"https://a:1","code":"X"}',
    '{"bangfu":"other","v":1,"server":"https://a:1","code":"X"}',
    '{"bangfu":"enrol","v":1,"server":"https://a:1","code":""}',
    '{"bangfu":"enrol","v":1,"server":"https://a:1","code":"X","device":7}',
    '{"bangfu":"enrol","v":1,"server":"https://a:1","code":"' + "X" * 2000 + '"}',
])
def test_a_qr_code_that_is_not_an_enrolment_code_is_refused(text):
    with pytest.raises(SyncError) as refused:
        read_enrolment_qr(text)
    assert refused.value.kind == "code"


def test_a_qr_code_with_plain_http_to_another_computer_is_refused():
    with pytest.raises(SyncError) as refused:
        read_enrolment_qr('{"bangfu":"enrol","v":1,"server":"http://10.0.0.5:8443",'
                          '"code":"ab-cd"}')
    assert refused.value.kind == "address"
    qr = read_enrolment_qr('{"bangfu":"enrol","v":1,"server":"https://bangfu.example.gov.cn",'
                           '"code":" ab-cd ","device":"lap-1"}')
    assert (qr.url, qr.code, qr.device_id) == ("https://bangfu.example.gov.cn", "AB-CD", "lap-1")


def test_revoking_on_the_server_voids_the_codes_issued_for_the_device(server):
    admin = admin_of(server)
    old = server.enrol("lap-a", V1)
    early = post(server, admin, "/v1/admin/devices/lap-a/reenrolment").json()["code"]
    assert revoke(server.engine, device_id="lap-a") == 1  # as `bangfu-server revoke --device`
    with pytest.raises(SyncError) as refused:
        reenroll(server.url, code=early, device_id="lap-a", old_token=old)
    assert refused.value.status == 403
    fresh = post(server, admin, "/v1/admin/devices/lap-a/reenrolment").json()["code"]
    assert reenroll(server.url, code=fresh, device_id="lap-a", old_token=old)["scope"] == V1


def test_an_older_database_gets_the_list_index_when_opened(tmp_path):
    engine = open_engine(database_url(tmp_path, None))
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_batches_device_committed"))
    engine.dispose()
    engine = open_engine(database_url(tmp_path, None))
    names = {i["name"] for i in inspect(engine).get_indexes("batches")}
    engine.dispose()
    assert "ix_batches_device_committed" in names


def test_malformed_input_is_refused_with_4xx_and_no_input_is_kept(server):
    admin = admin_of(server)
    village = server.enrol("lap-a", V1)
    before = state(server)
    assert post(server, village, "/v1/admin/devices/a%00b/revoke").status_code == 403
    assert post(server, admin, "/v1/admin/devices/a%00b/revoke").status_code == 422
    assert post(server, admin, "/v1/admin/devices/" + "x" * 65 + "/revoke").status_code == 422
    for body in ({"name": "a\x00b", "role": "village", "scope": V1},
                 {"name": "x", "role": "village", "scope": "36113010420\x00"},
                 {"name": "x", "role": "boss", "scope": V1},
                 {"name": "x", "role": "village", "scope": V1, "server_url": "ftp://x"},
                 {"name": "x", "role": "village", "scope": V1,
                  "server_url": "https://x:1/path"}):
        assert post(server, admin, "/v1/admin/enrolments", body).status_code == 422, body
    assert state(server) == before
    assert "?" in audit_rows(server)[-1][2]  # the NUL of the refused path, replaced
    secret = "33010219800101001X"
    assert get(server, village, "/v1/pull", params={"cursor": secret}).status_code == 422
    error = next(r for r in listed(server, admin) if r["device_id"] == "lap-a")["last_error"]
    assert error["status"] == 422 and "cursor" in error["detail"]
    assert secret not in json.dumps(listed(server, admin))


def test_a_province_admin_sees_every_county_and_a_county_admin_only_its_own(server):
    province = admin_of(server, "360000000000", "admin-36")
    county = admin_of(server)
    server.enrol("lap-a", V1)
    server.enrol("lap-other", OTHER_VILLAGE)
    assert {r["device_id"] for r in listed(server, province)} == {
        "admin-36", "admin-1", "lap-a", "lap-other"}
    assert {r["device_id"] for r in listed(server, county)} == {"admin-1", "lap-a"}
    assert post(server, county, "/v1/admin/devices/admin-36/revoke").status_code == 404
    assert post(server, province, "/v1/admin/devices/lap-other/revoke").json()["changed"]
