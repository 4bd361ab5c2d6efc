"""连接县服务器 dialog against the real county server over HTTP on 127.0.0.1: a laptop
revoked by the county admin re-enrols under its device id with the 重新注册码 typed (or
its QR code scanned) and then syncs the change typed while it was revoked; an
enrolment QR typed by a USB scanner fills the address and enrols; a QR code that is
not an enrolment code, or a re-enrolment code for another device, is refused under
注册码 with nothing kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bangfu_testdata import TODAY, VILLAGE
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop.background import BackgroundRunner
from desktop.connection import load_connection
from desktop.embedded_server import EmbeddedServer
from desktop.main_window import MainWindow
from registry.demo import load_demo
from registry.replica import StoreReplica
from sync.client import enroll
from sync.client.admin import AdminClient, enrol_admin
from sync.server.db import change_sets, database_url, open_engine

ROOT = Path(__file__).resolve().parents[2]
COUNTY = "361130000000"


@pytest.fixture
def county(tmp_path):
    server = EmbeddedServer(tmp_path / "county")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def admin(county) -> AdminClient:
    """The county admin, enrolled with a code from the server's own CLI."""
    code = subprocess.run(
        [sys.executable, "-m", "sync.server.cli", "enroll", "--data", str(county.data),
         "--name", "县就业局管理员", "--role", "admin", "--scope", COUNTY],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    return AdminClient(enrol_admin(county.url, code, device_id="county-admin", scope=COUNTY))


@pytest.fixture
def window(qtbot, store):
    load_demo(store, people=6, today=TODAY)
    runner = BackgroundRunner(store)
    win = MainWindow(runner)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    for _ in range(4):  # what the window still asks for runs before the store is closed
        runner.wait()
        qtbot.wait(20)


def connect_with(qtbot, window, code: str, url: str = ""):
    """Open the dialog, wait for it to read the kept connection, type ``code``, click 连接."""
    dialog = window.sync_menu.open_connect()
    window.sync_menu.runner.wait()
    qtbot.wait(50)  # the kept connection (if any) reaches the dialog
    if url:
        dialog.address.setText(url)
    dialog.code.setText(code)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    return dialog


def connected(qtbot, window, code: str, url: str = ""):
    dialog = window.sync_menu.open_connect()
    window.sync_menu.runner.wait()
    qtbot.wait(50)  # the kept connection (if any) reaches the dialog
    if url:
        dialog.address.setText(url)
    dialog.code.setText(code)
    with qtbot.waitSignal(dialog.connected, timeout=30000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    return dialog


def sync(qtbot, window):
    with qtbot.waitSignal(window.sync.finished, timeout=60000) as synced:
        window.sync_action.trigger()
    return synced.args[0]


def sets_on_server(county: EmbeddedServer, entity_id: str) -> int:
    engine = open_engine(database_url(county.data, None))
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(change_sets).where(
                change_sets.c.entity_id == entity_id)).scalar_one()
    finally:
        engine.dispose()


def revoked_with_a_pending_change(qtbot, window, store, county, admin) -> tuple[str, int]:
    """Enrol and sync, let the admin revoke the laptop, then type a change: the sync is
    refused. The person changed and the sets the server held of it before."""
    connected(qtbot, window, admin.new_code(name="思溪村笔记本", role="village",
                                            scope=VILLAGE).code, county.url)
    assert sync(qtbot, window).checked and StoreReplica(store).pending_count() == 0
    assert admin.revoke(store.device)
    person = store.find("person")[0].id
    before = sets_on_server(county, person)
    store.update(person, {"work_status": "务工"})
    assert StoreReplica(store).pending_count() == 1
    with qtbot.waitSignal(window.sync.failed, timeout=60000) as refused:
        window.sync.sync_now(quiet=True)  # as the automatic sync: no modal error box
    assert refused.args[0].kind == "auth"  # revoked: 本设备的同步授权已失效
    assert StoreReplica(store).pending_count() == 1 and sets_on_server(county, person) == before
    return person, before


@pytest.mark.parametrize("typed", ["code", "qr"])
def test_a_revoked_laptop_re_enrols_and_syncs_what_was_typed_meanwhile(
        qtbot, window, store, county, admin, typed):
    person, before = revoked_with_a_pending_change(qtbot, window, store, county, admin)
    old = load_connection(store)
    issued = admin.reenrol_code(store.device)
    assert issued.device_id == store.device
    dialog = window.sync_menu.open_connect()
    qtbot.waitUntil(lambda: dialog.reenrol.isVisible(), timeout=10000)
    assert dialog.reenrol.isChecked() and dialog.address.text() == county.url
    if typed == "qr":
        dialog.address.clear()  # the QR carries the address
    dialog.code.setText(issued.code.lower() if typed == "code" else issued.qr_payload)
    with qtbot.waitSignal(dialog.connected, timeout=30000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    kept = load_connection(store)
    assert kept.url == county.url and kept.token != old.token
    assert kept.signing_key != old.signing_key and kept.scope == old.scope
    assert StoreReplica(store).pending_count() == 1  # the change typed while revoked
    result = sync(qtbot, window)
    assert result.checked and StoreReplica(store).pending_count() == 0
    assert sets_on_server(county, person) == before + 1
    [device] = [d for d in admin.devices() if d.device_id == store.device]
    assert not device.revoked
    actions = [(a.action, a.target, a.result) for a in admin.audit()]
    assert actions[-3:] == [("revoke", store.device, "ok"), ("reenrol-code", store.device, "ok"),
                            ("reenrol", store.device, "ok")]


def test_a_wrong_re_enrolment_code_is_named_and_changes_nothing(qtbot, window, store, county,
                                                                  admin):
    revoked_with_a_pending_change(qtbot, window, store, county, admin)
    old = load_connection(store)
    fresh = admin.new_code(name="另一台", role="village", scope=VILLAGE).code
    for code in ("ABCDEF-ABCDEF-ABCDEF-ABCDEF", fresh):  # unknown; not issued for this laptop
        dialog = connect_with(qtbot, window, code)
        qtbot.waitUntil(lambda d=dialog: d.error.text() != "", timeout=30000)
        assert dialog.error.text().startswith("注册码：重新注册被拒"), dialog.error.text()
        assert store.device in dialog.error.text() and dialog.connect_button.isEnabled()
        assert load_connection(store) == old and StoreReplica(store).pending_count() == 1


def test_a_scanned_enrolment_qr_fills_the_address_and_enrols(qtbot, window, store, county,
                                                             admin):
    issued = admin.new_code(name="思溪村笔记本", role="village", scope=VILLAGE)
    assert issued.qr_payload.startswith("{")
    dialog = connected(qtbot, window, issued.qr_payload)  # the address field left empty
    assert dialog.address.text() == county.url
    assert load_connection(store).url == county.url
    assert sync(qtbot, window).checked and StoreReplica(store).pending_count() == 0


@pytest.mark.parametrize(("scanned", "says"), [
    ('{"hello": "world"}', "不是本系统的注册二维码"),
    ("{not json", "不是本系统的注册二维码"),
    ("other-device", "是为设备 lap-other 签发的"),
    ("no-connection", "本机档案没有保存过县服务器连接"),
])
def test_a_qr_that_cannot_enrol_this_laptop_is_refused_and_nothing_kept(
        qtbot, window, store, county, admin, scanned, says):
    if scanned in ("other-device", "no-connection"):  # a real re-enrolment QR code
        # the server knows the id (for "no-connection" this laptop's; its profile does not)
        target = "lap-other" if scanned == "other-device" else store.device
        code = admin.new_code(name="别的笔记本", role="village", scope=VILLAGE).code
        enroll(county.url, code=code, device_id=target)
        scanned = admin.reenrol_code(target).qr_payload
    dialog = connect_with(qtbot, window, scanned, county.url)
    assert says in dialog.error.text(), dialog.error.text()
    assert dialog.error.text().startswith("注册码：")
    assert dialog.connect_button.isEnabled() and load_connection(store) is None
