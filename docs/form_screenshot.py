"""Screenshot of the household registration form: ``python docs/form_screenshot.py [OUT.png]``.

Run it on a display (e.g. ``Xvfb :99 -screen 0 1280x800x24 &`` and ``DISPLAY=:99``). It creates a
throw-away demo profile, opens the form with some answers typed in, and saves the window.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.background import BackgroundRunner
from desktop.forms import FormGateway, FormWidget
from desktop.forms.catalog import BUILTIN_DIR
from forms.loader import load_form
from registry.demo import DEMO_USER, create_demo_profile
from registry.keyslots import KdfParams
from registry.profile import Profile

PASSPHRASE = "Demo-2026"
ANSWERS = {
    "village_code": "361130104201", "head_name": "王五", "phone": "13800138000",
    "category": "100A03002", "risks": "illness unstable_work", "relocated": "1",
    "site_name": "紫阳镇安置小区", "members[1]/full_name": "王五",
    "members[1]/id_number": "361130198503151234", "members[1]/sex": "1",
    "members[1]/birth_date": "1985-03-15", "members[1]/relation": "01",
    "members[1]/health": "healthy", "members[1]/labour_class": "ordinary",
}


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        create_demo_profile(Path(folder), people=40, passphrase=PASSPHRASE, kdf=KdfParams.fast())
        store = Profile(Path(folder)).unlock(DEMO_USER, PASSPHRASE)
        widget = FormWidget(load_form(BUILTIN_DIR / "household_registration.xlsx"),
                            store_gateway=FormGateway(BackgroundRunner(store, synchronous=True)))
        for path, value in ANSWERS.items():
            widget._edited(path, value)
        widget.builder.fields["phone"].touched = True
        widget._edited("phone", "1380013800")  # one digit short: shows the inline message
        widget.resize(1000, 760)
        widget.show()
        for _ in range(5):
            app.processEvents()
        widget.grab().save(str(out))
        widget.go_to(1)  # the members page
        for _ in range(5):
            app.processEvents()
        widget.grab().save(str(out.with_name(out.stem + "-members.png")))
        widget.close()
        store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/form-household.png"))
