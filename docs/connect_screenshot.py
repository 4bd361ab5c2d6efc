"""Screenshot of 同步 → 连接县服务器…: ``xvfb-run -a python docs/connect_screenshot.py [en]``.

A throw-away demo profile opens the main window; the dialog is filled as a first
secretary would (address, one-time code, the county CA from a USB stick) and shows
how a refused code is reported under its field. Saved as ``docs/connect.png``
(``docs/connect-en.png`` with ``en``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.background import BackgroundRunner
from desktop.i18n import install_translator
from desktop.main_window import MainWindow
from registry.demo import DEMO_USER, create_demo_profile
from registry.keyslots import KdfParams
from registry.profile import Profile
from sync.client import SyncError

DOCS = Path(__file__).resolve().parent
PASSPHRASE = "Demo-2026"


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_translator(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with tempfile.TemporaryDirectory() as folder:
        create_demo_profile(Path(folder), people=10, passphrase=PASSPHRASE, kdf=KdfParams.fast())
        store = Profile(Path(folder)).unlock(DEMO_USER, PASSPHRASE)
        runner = BackgroundRunner(app)
        window = MainWindow(store, runner)
        window.show()
        dialog = window.sync_menu.open_connect()
        dialog.address.setText("https://jyfw.wuyuan.example.cn:8443")
        dialog.code.setText("3F9A1C-77B2E0-C45D19-0A6E8B")
        dialog.ca_path.setText("/media/usb/婺源县人社局根证书.pem")
        dialog.show_failure(SyncError("code_scope", "", status=422))
        for _ in range(30):
            app.processEvents()
            runner.wait()
        dialog.grab().save(str(DOCS / f"connect{suffix}.png"))
        dialog.close()
        window.close()
        runner.wait()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
