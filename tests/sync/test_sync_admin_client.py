"""The county laptop's admin client (sync.client.admin) against a real county server over
HTTP on 127.0.0.1 (SQLite and PostgreSQL): enrolling the admin identity with a one-time
code, the device list with silence, codes whose QR decodes to the code, revocation and
re-enrolment codes, each audited on the server, and every failure a clear Chinese error."""

from __future__ import annotations

import json
from datetime import date

import png
import pytest
import requests
import zxingcpp
from sqlalchemy import update

from registry.county_devices import by_silence, silent_days, silent_devices
from sync.client import enroll
from sync.client.admin import (
    AdminClient,
    AdminCredential,
    AdminError,
    enrol_admin,
    reenrol_admin,
)
from sync.client.client import reenroll
from sync.protocol import system_ms
from sync.server.admin import enrolment_qr
from sync.server.auth import create_enrolment
from sync.server.db import batches, device_seen

COUNTY = "361130000000"
V1, V2 = "361130104201", "361130104202"
OTHER_VILLAGE = "361131100201"
DAY_MS = 86_400_000


def decode_qr(png_bytes: bytes) -> str:
    """The text of the one QR code in a PNG (read by pypng, decoded by zxing-cpp)."""
    width, height, rows, info = png.Reader(bytes=png_bytes).asDirect()
    top = 2 ** info["bitdepth"] - 1
    planes = info["planes"]
    pixels = bytes(v * 255 // top for row in rows for v in row[::planes])

    class Grey:
        __array_interface__ = {"shape": (height, width), "typestr": "|u1", "data": pixels,
                               "version": 3}

    found = zxingcpp.read_barcodes(Grey())
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    return found[0].text


def admin_credential(server, device: str = "county-pc-admin") -> AdminCredential:
    code = create_enrolment(server.engine, name="县就业局管理员", role="admin", scope=COUNTY)
    return enrol_admin(server.url, code, device_id=device, scope=COUNTY)


def age(server, device: str, days: int) -> None:
    """Move everything the server heard from ``device`` ``days`` days into the past."""
    back = days * DAY_MS
    with server.engine.begin() as conn:
        conn.execute(update(batches).where(batches.c.device_id == device)
                     .values(committed_ms=batches.c.committed_ms - back))
        conn.execute(update(device_seen).values(seen_ms=device_seen.c.seen_ms - back))


def test_admin_enrols_with_a_code_and_lists_devices_longest_silent_first(server):
    credential = admin_credential(server)
    assert (credential.scope, credential.device_id) == ("361130", "county-pc-admin")
    quiet, quiet_client = server.replica("lap-quiet", V1)
    busy, busy_client = server.replica("lap-busy", V2)
    server.enrol("lap-never", V1)
    server.enrol("lap-other", OTHER_VILLAGE)
    quiet.edit("h1", "size", 3)
    assert quiet_client.sync().pushed == 1
    age(server, "lap-quiet", 20)  # also ages lap-busy's marks, which its sync renews below
    busy.edit("h2", "size", 4)
    busy.edit("h3", "size", 5)
    assert busy_client.sync().pushed == 2

    listed = AdminClient(credential).devices()
    ids = {d.device_id for d in listed}
    assert ids == {"county-pc-admin", "lap-quiet", "lap-busy", "lap-never"}  # not lap-other
    by_id = {d.device_id: d for d in listed}
    assert by_id["lap-busy"].last_batch_changes == 2
    assert by_id["lap-busy"].app_version  # the header every request carries
    assert by_id["lap-never"].last_seen_ms is None
    today = date.today()
    assert silent_days(by_id["lap-quiet"], today=today) == 20
    assert silent_days(by_id["lap-busy"], today=today) == 0
    assert [d.device_id for d in silent_devices(listed, today=today)] == ["lap-quiet"]
    assert silent_devices(listed, today=today, days=20) == []
    order = [d.device_id for d in by_silence(listed, today=today)]
    assert order[0] == "lap-quiet" and order[-1] == "county-pc-admin"


def test_new_device_code_enrols_a_laptop_and_is_audited(server):
    credential = admin_credential(server)
    client = AdminClient(credential)
    made = client.new_code(name="梅溪村笔记本", role="village", scope=V1)
    assert (made.role, made.scope, made.server_url) == ("village", V1, server.url)
    assert decode_qr(made.qr_png) == made.qr_payload
    assert json.loads(made.qr_payload)["code"] == made.code
    enroll(server.url, code=made.code, device_id="lap-new", scope=V1)
    assert "lap-new" in {d.device_id for d in client.devices()}
    audit = client.audit()
    assert [(a.actor, a.action, a.target, a.result) for a in audit] == [
        ("county-pc-admin", "enrol", f"village:{V1}", "ok")]
    assert client.audit(after=audit[-1].id) == []


def test_revoke_then_reenrolment_code_brings_the_laptop_back(server):
    credential = admin_credential(server)
    client = AdminClient(credential)
    token = server.enrol("lap-lost", V1)
    assert client.revoke("lap-lost") is True
    pull = requests.get(server.url + "/v1/pull", timeout=10,
                        headers={"Authorization": f"Bearer {token}"})
    assert pull.status_code == 401
    assert client.revoke("lap-lost") is False  # already revoked: changes nothing
    assert [d.revoked for d in client.devices() if d.device_id == "lap-lost"] == [True]
    made = client.reenrol_code("lap-lost")
    assert (made.device_id, made.scope) == ("lap-lost", V1)
    assert json.loads(decode_qr(made.qr_png))["device"] == "lap-lost"
    reply = reenroll(server.url, code=made.code, device_id="lap-lost", old_token=token)
    assert reply["device_id"] == "lap-lost"
    assert [d.revoked for d in client.devices() if d.device_id == "lap-lost"] == [False]
    actions = [(a.action, a.target, a.result) for a in client.audit()]
    assert actions == [("revoke", "lap-lost", "ok"), ("revoke", "lap-lost", "ok"),
                       ("reenrol-code", "lap-lost", "ok"), ("reenrol", "lap-lost", "ok")]


def test_failures_are_clear_chinese_errors_and_change_nothing(server):
    credential = admin_credential(server)
    client = AdminClient(credential)
    server.enrol("lap-other", OTHER_VILLAGE)
    with pytest.raises(AdminError) as caught:
        client.revoke("lap-other")  # another county's: answered as unknown
    assert caught.value.kind == "not_found" and "设备不存在" in str(caught.value)
    with pytest.raises(AdminError) as caught:
        client.revoke("no such/../id")
    assert caught.value.kind == "not_found"
    with pytest.raises(AdminError) as caught:
        client.new_code(name="外县", role="village", scope=OTHER_VILLAGE)
    assert caught.value.kind == "forbidden" and "辖区" in str(caught.value)
    with pytest.raises(AdminError) as caught:
        client.new_code(name="x", role="admin", scope=COUNTY)
    assert caught.value.kind == "rejected"
    with pytest.raises(AdminError) as caught:
        client.new_code(name="村" * 201, role="village", scope=V1)
    assert caught.value.kind == "rejected" and "设备名称" in str(caught.value)
    with pytest.raises(AdminError) as caught:  # the server's 422 echoes the input: left out
        client.new_code(name="张三的笔记本", role="village", scope="36113x")
    assert caught.value.kind == "rejected" and caught.value.status == 422
    assert "张三" not in str(caught.value) and "36113x" not in str(caught.value)
    # audited: the refusals the server decided; those checked here never left the laptop
    assert [(a.action, a.result) for a in client.audit()] == [("revoke", "404"),
                                                                ("enrol", "403")]

    device_token = server.enrol("lap-v", V1)
    as_device = AdminClient(AdminCredential(server.url, device_token, "lap-v", V1))
    with pytest.raises(AdminError) as caught:
        as_device.devices()
    assert caught.value.kind == "forbidden" and caught.value.status == 403

    AdminClient(admin_credential(server, "other-admin")).revoke("county-pc-admin")
    with pytest.raises(AdminError) as caught:
        client.devices()
    assert caught.value.kind == "auth" and "管理令牌" in str(caught.value)

    assert {d.device_id for d in AdminClient(admin_credential(server, "a3")).devices()
            if not d.revoked} == {"other-admin", "a3", "lap-v"}

    gone = AdminCredential("http://127.0.0.1:9", "t", "x", "361130")
    with pytest.raises(AdminError) as caught:
        AdminClient(gone, backoff_s=0.01).devices()
    assert caught.value.kind == "network" and "无法连接县服务器" in str(caught.value)


def test_admin_enrolment_refusals(server):
    used = create_enrolment(server.engine, name="管理员", role="admin", scope=COUNTY)
    enrol_admin(server.url, used, device_id="adm-1", scope=COUNTY)
    with pytest.raises(AdminError) as caught:
        enrol_admin(server.url, used, device_id="adm-2", scope=COUNTY)
    assert caught.value.kind == "code" and "管理注册码无效" in str(caught.value)

    other_county = create_enrolment(server.engine, name="外县管理员", role="admin",
                                    scope="361131000000")
    with pytest.raises(AdminError) as caught:
        enrol_admin(server.url, other_county, device_id="adm-3", scope=COUNTY)
    assert caught.value.kind == "rejected"
    assert enrol_admin(server.url, other_county, device_id="adm-3",  # still unused
                       scope="361131000000").scope == "361131"

    county_code = create_enrolment(server.engine, name="县笔记本", role="county", scope=COUNTY)
    with pytest.raises(AdminError) as caught:
        enrol_admin(server.url, county_code, device_id="adm-4", scope=COUNTY)
    assert caught.value.kind == "not_admin"

    with pytest.raises(AdminError) as caught:
        enrol_admin("http://192.0.2.1:8000", "ABC", device_id="adm-5", scope=COUNTY)
    assert caught.value.kind == "address"


def test_admin_enrols_from_the_qr_text_and_reenrols_under_its_id(server):
    code = create_enrolment(server.engine, name="管理员", role="admin", scope=COUNTY)
    payload, _png = enrolment_qr(server.url, code)
    credential = enrol_admin("", payload, device_id="adm-qr", scope=COUNTY)
    assert (credential.url, credential.device_id) == (server.url, "adm-qr")
    fresh = create_enrolment(server.engine, name="管理员二", role="admin", scope=COUNTY)
    moved = reenrol_admin(credential, fresh)
    assert moved.device_id == "adm-qr" and moved.token != credential.token
    with pytest.raises(AdminError) as caught:
        AdminClient(credential).devices()  # the old token stopped working
    assert caught.value.kind == "auth"
    assert any(d.device_id == "adm-qr" and d.name == "管理员二"
               for d in AdminClient(moved).devices())
    started = system_ms()
    assert all(a.at_ms <= started for a in AdminClient(moved).audit())
