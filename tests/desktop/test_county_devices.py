"""The county workspace's 设备 page on a real encrypted county profile against the real
county server over HTTP on 127.0.0.1: the admin code entered once and kept in the
profile, the device list longest silent first with silent rows marked, new-device and
re-enrolment codes (text and a QR code that decodes), revocation after a confirmation,
each action audited on the server, and clear messages when the server is unreachable or
the admin token was revoked. This laptop's own sync device and admin identity are marked
本机 and revoking them asks twice; only a 县级管理员 manages devices; an unexpected error
is logged with its traceback, numbers masked. The model is checked with qtmodeltester,
without widgets."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import requests
import zxingcpp
from bangfu_testdata import PASSPHRASE
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import update

from desktop.background import BackgroundRunner
from desktop.connection import enrol_store
from desktop.county.admin_credential import load_admin
from desktop.county.devices import DevicesPage, DeviceTableModel, error_text
from desktop.county.devices_ops import count_silent
from desktop.embedded_server import EmbeddedServer
from desktop.models import IdRole
from registry import accounts, audit
from registry.keyslots import KdfParams
from sync.client import enroll
from sync.client.admin import AdminClient, AdminCredential, AdminError, DeviceInfo
from sync.client.client import reenroll
from sync.client.transport import VERSION_HEADER
from sync.server.db import database_url, device_seen, devices, open_engine

ROOT = Path(__file__).resolve().parents[2]
COUNTY = "361130000000"
V1, V2 = "361130104201", "361130104202"
DAY_MS = 86_400_000


def code_of(server: EmbeddedServer, *, role: str, scope: str, name: str) -> str:
    """A one-time code from the server's own CLI, as its operator would make one."""
    return subprocess.run(
        [sys.executable, "-m", "sync.server.cli", "enroll", "--data", str(server.data),
         "--name", name, "--role", role, "--scope", scope],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def county(tmp_path):
    server = EmbeddedServer(tmp_path / "county")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def county_store(profile, county):
    """A county profile enrolled for sync as role county (its first credential)."""
    store = profile.create(user="officer", passphrase=PASSPHRASE, scope=COUNTY,
                           kdf=KdfParams.fast(), role=accounts.COUNTY_ADMIN)
    enrol_store(store, county.url, code_of(county, role="county", scope=COUNTY,
                                           name="县人社局笔记本"))
    yield store
    BackgroundRunner.stop_all()
    store.close()


@pytest.fixture
def laptops(county):
    """Three village laptops: one heard from 20 days ago, one today, one never."""
    tokens = {}
    for device, scope in (("lap-meixi", V1), ("lap-shangxi", V2), ("lap-new", V1)):
        code = code_of(county, role="village", scope=scope, name=f"{device}-笔记本")
        tokens[device] = enroll(county.url, code=code, device_id=device)["token"]
    for device in ("lap-meixi", "lap-shangxi"):
        reply = requests.get(county.url + "/v1/pull", timeout=10,
                             headers={"Authorization": f"Bearer {tokens[device]}",
                                      VERSION_HEADER: "0.3.0"})
        assert reply.status_code == 200
    engine = open_engine(database_url(county.data, None))
    try:
        with engine.begin() as conn:
            token_hash = conn.execute(devices.select().where(
                devices.c.device_id == "lap-meixi")).first().token_hash
            conn.execute(update(device_seen).where(device_seen.c.token_hash == token_hash)
                         .values(seen_ms=device_seen.c.seen_ms - 20 * DAY_MS))
    finally:
        engine.dispose()
    return tokens


def open_page(qtbot, store) -> DevicesPage:
    page = DevicesPage(BackgroundRunner(store))
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    qtbot.waitUntil(lambda: page.role != "")  # the acting user's role, read on the DB thread
    return page


def test_scopes_are_shown_by_name_with_the_code_in_the_tooltip(qtbot, county_store, county,
                                                              laptops):
    page = enrolled_page(qtbot, county_store, county)
    col = DeviceTableModel.COL_SCOPE
    assert page.model.headerData(col, Qt.Orientation.Horizontal) == "辖区"
    by_scope = {page.model.device_at(r).scope: page.model.index(r, col)
                for r in range(page.model.rowCount())}
    village = by_scope[V1]
    assert village.data() == "思口镇思溪村"
    assert village.data(Qt.ItemDataRole.ToolTipRole) == f"婺源县思口镇思溪村\n{V1}"
    assert page.admin_label.text().startswith("管理员辖区 婺源县 · ")


def shown(page: DevicesPage) -> list[str]:
    return [page.model.device_at(r).device_id for r in range(page.model.rowCount())]


def enrolled_page(qtbot, county_store, county) -> DevicesPage:
    page = open_page(qtbot, county_store)
    qtbot.waitUntil(lambda: page.url_edit.text() == county.url)
    page.code_edit.setText(code_of(county, role="admin", scope=COUNTY, name="县就业局管理员"))
    page.enrol_button.click()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1 and page.model.rowCount() > 0,
                    timeout=10_000)
    return page


def admin_client(runner: BackgroundRunner) -> AdminClient:
    """The admin client of the kept identity, read through the runner that owns the store."""
    return AdminClient(runner.call(load_admin))


def decode(image: QImage) -> str:
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
    raw = bytes(grey.constBits())
    pixels = b"".join(raw[y * stride:y * stride + width] for y in range(height))

    class Grey:
        __array_interface__ = {"shape": (height, width), "typestr": "|u1", "data": pixels,
                               "version": 3}

    found = zxingcpp.read_barcodes(Grey())
    assert len(found) == 1
    return found[0].text


def test_admin_code_entered_once_then_devices_longest_silent_first(qtbot, county_store,
                                                                    county, laptops):
    page = open_page(qtbot, county_store)
    qtbot.waitUntil(lambda: page.url_edit.text() == county.url)  # from the sync connection
    assert page.stack.currentIndex() == 0
    page.code_edit.setText("AAAAAA-BBBBBB-CCCCCC-DDDDDD")
    page.enrol_button.click()
    qtbot.waitUntil(lambda: "管理注册码无效" in page.setup_status.text(), timeout=10_000)
    assert page.runner.call(load_admin) is None and page.stack.currentIndex() == 0

    with qtbot.waitSignal(page.counted, timeout=10_000) as counted:
        page.code_edit.setText(code_of(county, role="admin", scope=COUNTY, name="县管理员"))
        page.enrol_button.click()
    assert counted.args == ["1"]  # lap-meixi, silent 20 days
    kept = page.runner.call(load_admin)
    assert kept is not None and kept.scope == "361130" and kept.url == county.url
    assert kept.device_id.startswith(county_store.device + "-admin-")
    assert page.runner.call(lambda s: s.meta("sync_role")) == "county"  # the sync credential is untouched
    order = shown(page)
    assert order[0] == "lap-meixi"
    assert set(order[1:3]) == {"lap-new", county_store.device}  # never seen: since enrolment
    assert order[-1] == kept.device_id  # the admin identity syncs nothing: last
    assert page.model.is_marked(0) and not any(page.model.is_marked(r)
                                               for r in range(1, len(order)))
    cell = page.model.index(0, DeviceTableModel.COL_SILENT)
    assert cell.data() == "20 天"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == DeviceTableModel.SILENT_BACKGROUND
    new_row = order.index("lap-new")
    assert page.model.index(new_row, DeviceTableModel.COL_SILENT).data().startswith("从未联系")
    assert page.model.index(order.index("lap-shangxi"),
                            DeviceTableModel.COL_VERSION).data() == "0.3.0"
    assert "共 5 台设备，1 台超过 14 天未同步" in page.status.text()

    counts = []
    count_silent(page.runner, page, kept, today=date.today()).success(counts.append).run()
    count_silent(page.runner, page, kept, today=date.today(), days=30).success(
        counts.append).run()
    qtbot.waitUntil(lambda: len(counts) == 2, timeout=10_000)
    assert sorted(counts) == [0, 1]

    page.runner.stop()  # the page is done with: one runner per store at a time
    again = open_page(qtbot, county_store)  # the profile keeps it: no second code asked
    qtbot.waitUntil(lambda: again.stack.currentIndex() == 1 and again.model.rowCount() == 5,
                    timeout=10_000)


def test_new_device_code_shown_as_text_and_qr_enrols_a_laptop(qtbot, county_store, county,
                                                              tmp_path):
    page = enrolled_page(qtbot, county_store, county)
    page.new_button.click()
    qtbot.waitUntil(lambda: page.new_code_dialog is not None)  # after the role is read again
    dialog = page.new_code_dialog
    assert dialog is not None and dialog.scope.text() == COUNTY
    assert dialog.place.text() == "婺源县"  # the entered code's name, as typed
    dialog.accept()  # no name: refused in the dialog, nothing asked of the server
    assert dialog.isVisible() and "设备名称" in dialog.problem.text()
    dialog.name.setText("梅溪村第一书记笔记本")
    dialog.scope.setText(V1)
    assert dialog.place.text() == "婺源县思口镇思溪村"
    dialog.accept()
    qtbot.waitUntil(lambda: page.code_dialog is not None and page.code_dialog.isVisible(),
                    timeout=10_000)
    shown_code = page.code_dialog
    code = shown_code.code.code
    assert shown_code.code_label.text() == code and "梅溪村第一书记笔记本" in shown_code.what.text()
    assert "思口镇思溪村" in shown_code.what.text()
    payload = json.loads(decode(shown_code.qr.toImage()))
    assert (payload["code"], payload["server"]) == (code, county.url)
    shown_code.copy()
    assert QGuiApplication.clipboard().text() == code
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "code.pdf"))
    shown_code.print_to(printer)
    assert (tmp_path / "code.pdf").read_bytes().startswith(b"%PDF")

    enroll(county.url, code=code, device_id="lap-meixi-2", scope=V1)
    page.reload()
    qtbot.waitUntil(lambda: "lap-meixi-2" in shown(page), timeout=10_000)
    audit = admin_client(page.runner).audit()
    assert [(a.action, a.target, a.result) for a in audit] == [
        ("enrol", f"village:{V1}", "ok")]
    assert audit[0].actor == page.runner.call(load_admin).device_id


def test_revoke_asks_first_then_redraws_and_a_reenrolment_code_brings_it_back(
        qtbot, county_store, county, laptops):
    page = enrolled_page(qtbot, county_store, county)
    asked = []
    page.confirm = lambda _parent, _title, text: asked.append(text) or False
    page.select_device("lap-meixi")
    assert page.revoke_button.isEnabled()
    page.revoke_button.click()
    qtbot.waitUntil(lambda: len(asked) == 1)  # after the role is read again
    assert "lap-meixi-笔记本" in asked[0]
    assert admin_client(page.runner).audit() == []  # declined: nothing asked of the server

    page.confirm = lambda _parent, _title, _text: True
    page.revoke_button.click()
    qtbot.waitUntil(lambda: shown(page)[-1] == "lap-meixi", timeout=10_000)  # revoked: last
    row = len(shown(page)) - 1
    assert page.model.index(row, DeviceTableModel.COL_STATE).data() == "已吊销"
    pull = requests.get(county.url + "/v1/pull", timeout=10,
                        headers={"Authorization": f"Bearer {laptops['lap-meixi']}"})
    assert pull.status_code == 401
    assert page.model.silent_count() == 0  # a revoked device is not silent

    page.select_device("lap-meixi")
    assert not page.revoke_button.isEnabled() and page.reenrol_button.isEnabled()
    page.reenrol_button.click()
    qtbot.waitUntil(lambda: page.code_dialog is not None and page.code_dialog.isVisible(),
                    timeout=10_000)
    code = page.code_dialog.code
    assert code.device_id == "lap-meixi"
    assert json.loads(decode(page.code_dialog.qr.toImage()))["device"] == "lap-meixi"
    reenroll(county.url, code=code.code, device_id="lap-meixi",
             old_token=laptops["lap-meixi"])
    page.reload()
    qtbot.waitUntil(lambda: shown(page)[-1] != "lap-meixi", timeout=10_000)
    actions = [(a.action, a.target) for a in admin_client(page.runner).audit()]
    assert actions == [("revoke", "lap-meixi"), ("reenrol-code", "lap-meixi"),
                       ("reenrol", "lap-meixi")]


def test_unreachable_server_is_said_and_the_list_stays(qtbot, county_store, county, laptops):
    page = enrolled_page(qtbot, county_store, county)
    before = shown(page)
    county.stop()
    page.refresh_button.click()
    assert page.status.text() == "正在读取设备列表…"  # the request runs in the background
    qtbot.waitUntil(lambda: "无法连接县服务器" in page.status.text(), timeout=20_000)
    assert shown(page) == before and page.stack.currentIndex() == 1
    assert page.refresh_button.isEnabled()


def test_a_revoked_admin_token_asks_for_a_new_code(qtbot, county_store, county):
    page = enrolled_page(qtbot, county_store, county)
    first = page.runner.call(load_admin)
    other = code_of(county, role="admin", scope=COUNTY, name="另一管理员")
    other_admin = AdminClient(AdminCredential(
        county.url, enroll(county.url, code=other, device_id="adm-other")["token"],
        "adm-other", "361130"))
    other_admin.revoke(first.device_id)
    page.reload()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 0, timeout=10_000)
    assert "管理令牌无效或已被吊销" in page.setup_status.text()
    page.code_edit.setText(code_of(county, role="admin", scope=COUNTY, name="县管理员二"))
    page.enrol_button.click()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1 and page.runner.call(load_admin)
                    != first, timeout=10_000)
    assert page.runner.call(load_admin).device_id != first.device_id  # revoked: a fresh identity
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=10_000)


def device(name: str, *, seen_days: int | None, role: str = "village",
           revoked: bool = False, error: int | None = None) -> DeviceInfo:
    today = datetime.combine(date.today(), time(12))
    seen = None if seen_days is None else int(
        (today - timedelta(days=seen_days)).timestamp() * 1000)
    return DeviceInfo(f"d-{name}", name, role, V1, revoked,
                      int((today - timedelta(days=40)).timestamp() * 1000), seen, seen, 7, 7,
                      2, "0.3.0", error, "unknown or revoked device token" if error else "",
                      seen)


def test_model_without_widgets(qtmodeltester):
    model = DeviceTableModel()
    model.set_devices([device("fresh", seen_days=1), device("quiet", seen_days=30),
                       device("gone", seen_days=90, revoked=True, error=401),
                       device("never", seen_days=None)])
    qtmodeltester.check(model)
    assert [model.device_at(r).name for r in range(4)] == ["never", "quiet", "fresh", "gone"]
    assert [model.is_marked(r) for r in range(4)] == [True, True, False, False]
    assert model.silent_count() == 2
    assert model.index(1, 0).data(IdRole) == "d-quiet"
    assert model.index(3, DeviceTableModel.COL_ERROR).data() == (
        "401 unknown or revoked device token")
    assert model.index(3, DeviceTableModel.COL_SILENT).data() == "—"
    assert model.index(2, DeviceTableModel.COL_BATCH).data().endswith("（7 条）")
    assert "超过 14 天" in model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    model.set_devices([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and model.silent_count() == 0


def test_another_admin_code_re_enrols_the_same_identity(qtbot, county_store, county):
    page = enrolled_page(qtbot, county_store, county)
    first = page.runner.call(load_admin)
    page.admin_button.click()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 0)
    assert "原令牌继续有效" in page.setup_status.text()
    page.code_edit.setText("ZZZZZZ-ZZZZZZ-ZZZZZZ-ZZZZZZ")  # refused: the kept token stays
    page.enrol_button.click()
    qtbot.waitUntil(lambda: "管理注册码无效" in page.setup_status.text(), timeout=10_000)
    assert page.runner.call(load_admin) == first
    page.code_edit.setText(code_of(county, role="admin", scope=COUNTY, name="县管理员（新）"))
    page.enrol_button.click()
    qtbot.waitUntil(lambda: page.runner.call(load_admin) != first, timeout=10_000)
    kept = page.runner.call(load_admin)
    assert kept.device_id == first.device_id and kept.token != first.token
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1 and any(
        page.model.device_at(r).name == "县管理员（新）" for r in range(page.model.rowCount())),
        timeout=10_000)
    assert page.model.rowCount() == 2  # the county laptop and its one admin identity
    with pytest.raises(AdminError) as caught:
        AdminClient(first).devices()
    assert caught.value.kind == "auth"
    assert [(a.action, a.result) for a in admin_client(page.runner).audit()] == [
        ("reenrol", "403"), ("reenrol", "ok")]  # the refused code is audited too


def as_role(page: DevicesPage, role: str) -> None:
    """The profile's user gets ``role`` (kept in the encrypted settings, as accounts does),
    written on the page's DB thread."""
    page.runner.call(lambda s: s.set_meta(accounts.META_KEY,
                                          json.dumps({"roles": {s.user: role}})))


def test_own_device_and_admin_identity_are_marked_and_revoking_them_asks_twice(
        qtbot, county_store, county, laptops):
    page = enrolled_page(qtbot, county_store, county)
    admin_id = page.runner.call(load_admin).device_id
    names = {page.model.device_at(r).device_id: page.model.index(r, 0)
             for r in range(page.model.rowCount())}
    assert names[county_store.device].data() == "县人社局笔记本（本机）"
    assert names[admin_id].data().endswith("（本机）")
    assert names[county_store.device].data(Qt.ItemDataRole.FontRole).bold()
    assert names["lap-meixi"].data() == "lap-meixi-笔记本"
    assert names["lap-meixi"].data(Qt.ItemDataRole.FontRole) is None

    for own, warning in ((county_store.device, "本机自己的同步设备"), (admin_id, "管理身份")):
        asked = []
        page.confirm = lambda _p, title, text, asked=asked: asked.append((title, text)) or (
            len(asked) == 1)  # yes to the usual question, no to the second
        page.select_device(own)
        page.revoke_button.click()
        qtbot.waitUntil(lambda asked=asked: len(asked) == 2)
        assert asked[1][0] == "吊销本机" and warning in asked[1][1]
    qtbot.wait(200)
    assert admin_client(page.runner).audit() == []  # declined: nothing asked of the server
    assert not any(d.revoked for d in admin_client(page.runner).devices())

    asked = []
    page.confirm = lambda _p, title, text: asked.append(title) or True
    page.select_device("lap-shangxi")  # not ours: one question, as before
    page.revoke_button.click()
    qtbot.waitUntil(lambda: shown(page)[-1] == "lap-shangxi", timeout=10_000)
    assert asked == ["吊销设备"]


def test_only_a_county_admin_manages_devices(qtbot, county_store, county, laptops):
    page = enrolled_page(qtbot, county_store, county)
    as_role(page, accounts.REVIEWER)
    page.confirm = lambda *_args: pytest.fail("a reviewer is not asked to confirm")
    page.select_device("lap-meixi")
    assert page.revoke_button.isEnabled()  # the role as read when the page opened
    page.revoke_button.click()  # read again at the click: refused
    qtbot.waitUntil(lambda: "只有县级管理员可以管理设备" in page.status.text())
    assert "审核员/第一书记" in page.status.text()
    for button in (page.revoke_button, page.reenrol_button, page.new_button,
                   page.admin_button):
        assert not button.isEnabled()
        assert "只有县级管理员" in button.toolTip()
    page.reenrol_selected()
    page.ask_new_code()
    qtbot.wait(300)
    assert page.code_dialog is None and page.new_code_dialog is None
    assert admin_client(page.runner).audit() == []
    assert page.model.rowCount() == 5  # the list itself stays readable
    refused = page.runner.call(lambda s: audit.entries(s, action="device_admin"))
    assert [(e.user, e.target, e.result) for e in refused] == [
        ("officer", "revoke", "denied"), ("officer", "reenrol_code", "denied"),
        ("officer", "new_code", "denied")]


def test_a_clerk_cannot_enter_the_admin_code(qtbot, profile, county):
    store = profile.create(user="clerk", passphrase=PASSPHRASE, scope=COUNTY,
                           kdf=KdfParams.fast(), role=accounts.CLERK)
    try:
        enrol_store(store, county.url, code_of(county, role="county", scope=COUNTY,
                                               name="县人社局笔记本"))
        page = open_page(qtbot, store)
        qtbot.waitUntil(lambda: page.url_edit.text() == county.url)
        assert not page.enrol_button.isEnabled()
        assert "录入员" in page.enrol_button.toolTip()
        page.code_edit.setText(code_of(county, role="admin", scope=COUNTY, name="县管理员"))
        page.enrol()
        qtbot.waitUntil(lambda: "只有县级管理员" in page.setup_status.text())
        qtbot.wait(300)
        assert page.runner.call(load_admin) is None and page.stack.currentIndex() == 0
        refused = page.runner.call(lambda s: audit.entries(s, action="device_admin"))
        assert [(e.target, e.result, e.detail) for e in refused] == [
            ("admin_code", "denied", {"role": accounts.CLERK})]
    finally:
        BackgroundRunner.stop_all()
        store.close()


def test_an_unexpected_error_is_logged_with_its_traceback_numbers_masked(caplog):
    def fail() -> None:
        raise ValueError("bad row 11010519491231002X tel 13800138000")

    try:
        try:
            fail()
        except ValueError as inner:
            raise RuntimeError("while reading 13900139000") from inner
    except RuntimeError as exc:
        with caplog.at_level(logging.ERROR, logger="desktop.county.devices"):
            assert error_text(exc) == "操作失败，请重试。"
    logged = caplog.text
    assert "Traceback" in logged and "in fail" in logged  # the frames, the cause too
    assert "ValueError: bad row 1101**********002X tel 138****8000" in logged
    assert "RuntimeError: while reading 139****9000" in logged
    assert "11010519491231002X" not in logged and "13800138000" not in logged
