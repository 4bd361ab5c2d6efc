"""Screenshots of the county workspace's 设备 page:
``PYTHONPATH=. xvfb-run -a python docs/county_devices_screenshot.py [en]``.

A real county server (``desktop.embedded_server``) in a temporary folder gets the
county's laptop (role county), its admin identity and nine field devices; four village
laptops sync synthetic households for real, the others only call in or never did.
What they did is then moved back in the server's database to make a believable month:
one village silent 23 days, one 16, a revoked old laptop, an outdated app version and a
refused request. First the page asking for the admin code
(``docs/county-devices-setup.png``), then the window on 设备 (``docs/county-devices.png``)
and a new device's code dialog (``docs/county-devices-code.png``); ``-en`` names with
``en``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import requests
from PySide6.QtWidgets import QApplication
from shots import save_settled, use_language
from sqlalchemy import select, update

from desktop.background import BackgroundRunner
from desktop.connection import enrol_store
from desktop.county.admin_credential import save_admin
from desktop.embedded_server import EmbeddedServer
from desktop.main_window import MainWindow
from registry import accounts
from registry.demo import load_demo
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.replica import StoreReplica
from sync.client import SyncClient, enroll
from sync.client.admin import AdminClient, enrol_admin
from sync.client.transport import VERSION_HEADER
from sync.server.auth import create_enrolment
from sync.server.db import batches, database_url, device_seen, devices, open_engine

COUNTY = "361130000000"
PASSPHRASE = "Demo-2026"
DAY_MS = 86_400_000
#: device id, name, role, scope, what it did: "sync" (real households), "call" (a pull),
#: "error" (a refused request) or "" (never), days back, app version it reports
FIELD = (
    ("lap-meixi", "思溪村第一书记笔记本", "village", "361130104201", "sync", 23, None),
    ("lap-shangxi", "高枧村驻村工作队笔记本", "village", "361130104202", "call", 16, "0.3.2"),
    ("lap-wangkou", "汪口村村委笔记本", "village", "361130103203", "sync", 0, None),
    ("lap-jiangwan", "江湾村第一书记笔记本", "village", "361130103200", "sync", 1, None),
    ("site-jiangwan", "江湾镇安置点服务台", "site", "361130103001", "error", 2, "0.4.0"),
    ("town-sikou", "思口镇乡镇工作站", "township", "361130104000", "call", 3, "0.4.0"),
    ("lap-qiukou", "秋口村第一书记笔记本", "village", "361130102200", "sync", 6, None),
    ("lap-qinghua", "清华村第一书记笔记本", "village", "361130101200", "", 0, None),
    ("lap-old", "秋口村旧笔记本（丢失）", "village", "361130102200", "call", 40, "0.2.7"),
)


def field_devices(server: EmbeddedServer, folder: Path) -> None:
    """Enrol the field devices and let each do what ``FIELD`` says, for real."""
    engine = open_engine(database_url(server.data, None))
    for n, (device, name, role, scope, does, _days, version) in enumerate(FIELD):
        code = create_enrolment(engine, name=name, role=role, scope=scope)
        token = enroll(server.url, code=code, device_id=device, scope=scope)["token"]
        headers = {"Authorization": f"Bearer {token}", VERSION_HEADER: version or "0.4.1"}
        if does == "call":
            requests.get(server.url + "/v1/pull", headers=headers, timeout=10)
        elif does == "error":
            requests.get(server.url + "/v1/pull", headers=headers, timeout=10)
            requests.get(server.url + "/v1/pull?limit=0", headers=headers, timeout=10)
        elif does == "sync":
            store = Profile(folder / device).create(user="secretary", passphrase=PASSPHRASE,
                                                    scope=scope, kdf=KdfParams.fast(),
                                                    device=device)
            load_demo(store, people=12 + 5 * n, seed=n + 1, village=scope)
            SyncClient(server.url, token, StoreReplica(store)).sync()
            store.close()
    _move_back(engine)
    engine.dispose()


def _move_back(engine) -> None:  # noqa: ANN001
    with engine.begin() as conn:
        hashes = dict(conn.execute(select(devices.c.device_id, devices.c.token_hash)).all())
        for device, *_rest, days, _version in FIELD:
            back = days * DAY_MS
            conn.execute(update(batches).where(batches.c.device_id == device)
                         .values(committed_ms=batches.c.committed_ms - back))
            conn.execute(update(device_seen).where(device_seen.c.token_hash == hashes[device])
                         .values(seen_ms=device_seen.c.seen_ms - back))
            conn.execute(update(devices).where(devices.c.device_id == device)
                         .values(enrolled_ms=devices.c.enrolled_ms - (days + 30) * DAY_MS))


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        server = EmbeddedServer(folder / "county")
        server.start()
        try:
            engine = open_engine(database_url(server.data, None))
            store = Profile(folder / "county-profile").create(
                user="officer", passphrase=PASSPHRASE, scope=COUNTY, kdf=KdfParams.fast(),
                role=accounts.COUNTY_ADMIN)
            enrol_store(store, server.url, create_enrolment(
                engine, name="县人社局工作台", role="county", scope=COUNTY))
            shoot_setup(app, store, suffix)
            admin = enrol_admin(server.url, create_enrolment(
                engine, name="县就业局管理员", role="admin", scope=COUNTY),
                device_id=f"{store.device}-admin-1a2b3c", scope=COUNTY)
            save_admin(store, admin)
            engine.dispose()
            field_devices(server, folder)
            AdminClient(admin).revoke("lap-old")
            shoot(app, store, suffix)
            store.close()
        finally:
            server.stop()
    return 0


def shoot_setup(app: QApplication, store, suffix: str) -> None:  # noqa: ANN001
    """The page before the admin code was entered (``docs/county-devices-setup.png``)."""
    runner = BackgroundRunner(store, app)
    window = MainWindow(runner)
    window.resize(1320, 520)
    window.show()
    window.show_page("devices")
    page = window.pages["devices"]
    page.code_edit.setText("3F9A21-C07B4E-88D2F0-1A6C5B")
    save_settled(app, runner, window, f"county-devices-setup{suffix}.png")
    window.close()
    runner.wait()


def shoot(app: QApplication, store, suffix: str) -> None:  # noqa: ANN001
    """Open the window on 设备, save it, then a new device's code dialog."""
    runner = BackgroundRunner(store, app)
    window = MainWindow(runner)
    window.resize(1320, 640)
    window.show()
    window.show_page("devices")
    page = window.pages["devices"]
    for _ in range(200):
        app.processEvents()
        runner.wait()
        if page.model.rowCount():
            break
    save_settled(app, runner, window, f"county-devices{suffix}.png")  # the sync settles
    page.reload()  # now with the county laptop's own sync
    for _ in range(200):
        app.processEvents()
        runner.wait()
        if page.devices_read_at is not None and page.refresh_button.isEnabled():
            break
    page.select_device("lap-qiukou")
    save_settled(app, runner, window, f"county-devices{suffix}.png")
    page.ask_new_code()  # after the role is read again on the DB thread
    for _ in range(200):
        app.processEvents()
        runner.wait()
        if page.new_code_dialog is not None:
            break
    dialog = page.new_code_dialog
    dialog.name.setText("清华村驻村工作队笔记本")
    dialog.scope.setText("361130101200")
    dialog.accept()
    for _ in range(200):
        app.processEvents()
        runner.wait()
        if page.code_dialog is not None and page.code_dialog.isVisible():
            break
    save_settled(app, runner, page.code_dialog, f"county-devices-code{suffix}.png")
    page.code_dialog.close()
    window.close()
    runner.wait()


if __name__ == "__main__":
    sys.exit(main())
