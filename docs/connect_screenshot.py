"""Screenshot of 同步 → 连接县服务器…: ``xvfb-run -a python docs/connect_screenshot.py [en]``.

A throw-away demo profile opens the main window; the dialog is filled as a first
secretary would (address, one-time code, the county CA from a USB stick) and shows
how a refused code is reported under its field. Saved as ``docs/connect.png``
(``docs/connect-en.png`` with ``en``).
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication
from shots import demo_window, save_settled, use_language

from sync.client import SyncError


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with demo_window(app, people=10) as (window, runner):
        dialog = window.sync_menu.open_connect()
        dialog.address.setText("https://jyfw.wuyuan.example.cn:8443")
        dialog.code.setText("3F9A1C-77B2E0-C45D19-0A6E8B")
        dialog.ca_path.setText("/media/usb/婺源县人社局根证书.pem")
        dialog.show_failure(SyncError("code_scope", "", status=422))
        save_settled(app, runner, dialog, f"connect{suffix}.png", rounds=30)
        dialog.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
