"""Screenshot of 新建档案 (first start): ``xvfb-run -a python docs/new_profile_screenshot.py [en]``.

The dialog is filled with an area code one digit short and shows how that is
reported under its field; nothing is written. Saved as ``docs/new-profile.png``
(``docs/new-profile-en.png`` with ``en``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication
from shots import use_language

from desktop.new_profile import NewProfileDialog

DOCS = Path(__file__).resolve().parent


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setProperty("bangfu_language", language)
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with tempfile.TemporaryDirectory() as folder:
        dialog = NewProfileDialog(Path(folder) / "profile")
        dialog.user.setText("wangfang")
        dialog.passphrase.setText("Wuyuan-2026")
        dialog.again.setText("Wuyuan-2026")
        dialog.scope.setText("36113010420")
        dialog.show()
        dialog.submit()
        for _ in range(20):
            app.processEvents()
        dialog.grab().save(str(DOCS / f"new-profile{suffix}.png"))
        dialog.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
