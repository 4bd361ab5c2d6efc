"""同步 menu: connect a laptop to a real county server over TLS (the county's own CA),
then sync; a refusal shown under its field with nothing kept; a USB bundle written,
imported by the county server's command and acknowledged by the next sync."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from bangfu_testdata import TODAY, VILLAGE
from PySide6.QtCore import Qt
from tls_testcerts import make_tls_files

from desktop.background import BackgroundRunner
from desktop.connection import load_connection
from desktop.main_window import MainWindow
from registry.demo import load_demo
from registry.replica import StoreReplica
from sync.server.auth import create_enrolment
from sync.server.db import database_url, open_engine

ROOT = Path(__file__).resolve().parents[2]


class TlsCounty:
    """``bangfu-server serve`` with a certificate of a test county CA, on 127.0.0.1."""

    def __init__(self, folder: Path) -> None:
        self.data, self.tls = folder / "server", make_tls_files(folder / "tls")
        self.data.mkdir(parents=True)
        self.engine = open_engine(database_url(self.data, None))
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"https://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(self.cli("serve", "--port", str(self.port), "--tls-cert",
                                              str(self.tls.cert), "--tls-key", str(self.tls.key)),
                                     cwd=ROOT, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(self.url + "/v1/health", timeout=1, verify=str(self.tls.ca))
                return
            except requests.ConnectionError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("the TLS county server did not start") from None
                time.sleep(0.1)

    def cli(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "sync.server.cli", args[0], "--data", str(self.data),
                *args[1:]]

    def code(self, scope: str = VILLAGE) -> str:
        return create_enrolment(self.engine, name="某村笔记本1", role="village", scope=scope)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.engine.dispose()


@pytest.fixture
def county(tmp_path):
    server = TlsCounty(tmp_path / "county")
    yield server
    server.stop()


@pytest.fixture
def window(qtbot, store):
    load_demo(store, people=8, today=TODAY)
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


def fill(qtbot, dialog, url: str, code: str, ca: Path | None) -> None:
    dialog.address.setText(url)
    dialog.code.setText(code)
    dialog.ca_path.setText(str(ca) if ca else "")


def pending_of(window) -> int:
    """Changes waiting to be pushed, read through the window's runner (it owns the store)."""
    return window.runner.call(lambda s: StoreReplica(s).pending_count())


def test_connect_over_tls_then_sync(qtbot, window, store, county):
    assert not window.sync_action.isEnabled() and not window.sync_menu.bundle_action.isEnabled()
    dialog = window.sync_menu.open_connect()
    fill(qtbot, dialog, county.url + "/", county.code(), county.tls.ca_der)
    with qtbot.waitSignal(dialog.connected, timeout=30000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    connection = window.runner.call(load_connection)
    assert connection.url == county.url and connection.ca_pem.startswith("-----BEGIN")
    assert window.sync_action.isEnabled() and window.sync_menu.bundle_action.isEnabled()
    assert "已连接县服务器" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.sync.finished, timeout=60000) as synced:
        window.sync_action.trigger()
    journal = window.runner.call(lambda s: s.journal())
    assert synced.args[0].pushed == len(journal) and synced.args[0].checked


@pytest.mark.parametrize(("case", "field"), [("code", "注册码："), ("scope", "注册码："),
                                             ("address", "服务器地址："), ("ca", "根证书："),
                                             ("no-ca", "根证书："), ("file", "根证书：")])
def test_a_refusal_names_its_field_and_keeps_nothing(qtbot, window, store, county, tmp_path,
                                                     case, field):
    (tmp_path / "notes.pem").write_text("县里的根证书")
    url, code, ca = county.url, county.code(), county.tls.ca
    if case == "code":
        code = "ABCDEF-ABCDEF-ABCDEF-ABCDEF"
    elif case == "scope":
        code = county.code("361130104202")
    elif case == "address":
        url = url.replace("https://127.0.0.1", "http://192.168.10.1")
    elif case == "ca":
        ca = make_tls_files(tmp_path / "other", ca_name="Someone Else CA").ca
    elif case == "no-ca":
        ca = None
    else:
        ca = tmp_path / "notes.pem"
    dialog = window.sync_menu.open_connect()
    fill(qtbot, dialog, url, code, ca)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=30000)
    assert dialog.error.text().startswith(field), dialog.error.text()
    assert dialog.isVisible() and dialog.connect_button.isEnabled()
    assert window.runner.call(load_connection) is None and not window.sync_action.isEnabled()


def test_usb_bundle_is_imported_by_the_county_and_acknowledged_by_the_next_sync(
        qtbot, window, store, county, tmp_path):
    dialog = window.sync_menu.open_connect()
    fill(qtbot, dialog, county.url, county.code(), county.tls.ca)
    with qtbot.waitSignal(dialog.connected, timeout=30000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    pending = pending_of(window)
    records = window.runner.call(lambda s: StoreReplica(s).pending_records())
    bundle = tmp_path / "usb" / "village.bundle"
    bundle.parent.mkdir()
    window.sync_menu.export_bundle(bundle)
    qtbot.waitUntil(lambda: "已导出" in window.statusBar().currentMessage(), timeout=30000)
    assert 0 < records < pending  # the message counts records, as 待上传 does
    assert f"已导出 {records} 条" in window.statusBar().currentMessage()
    assert pending_of(window) == pending  # writing acknowledges nothing
    imported = subprocess.run(county.cli("import-bundle", str(bundle)), cwd=ROOT,
                              capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(imported.stdout)["accepted"] == pending
    with qtbot.waitSignal(window.sync.finished, timeout=60000) as synced:
        window.sync_action.trigger()
    assert synced.args[0].checked and pending_of(window) == 0
    # only an audit entry pending (an unmasked export on a laptop synced by USB alone): it
    # still goes in a bundle (review: "没有待上传的修改" and no file held it back)
    from registry import audit

    window.runner.call(lambda s: audit.record(s, action="print", target="service_card",
                                              detail={"cards": 1}))
    audit_only = bundle.with_name("audit.bundle")
    window.sync_menu.export_bundle(audit_only)
    qtbot.waitUntil(lambda: "审计日志" in window.statusBar().currentMessage(), timeout=30000)
    assert audit_only.exists()
    assert window.runner.call(lambda s: StoreReplica(s).pending_records()) == 0
