"""Screenshots of 账户管理 and 审计日志: ``xvfb-run -a python docs/accounts_screenshot.py [en]``.

A throw-away profile (synthetic data only) with three users: a county administrator who
made it, a first secretary and a clerk. The secretary logs in, reveals a member's ID,
exports a list; the clerk mistypes a passphrase once. Saved as ``docs/accounts.png`` (the
secretary's 账户管理) and ``docs/audit.png`` (the administrator's 审计日志), ``-en`` with ``en``.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication
from shots import use_language

from desktop.accounts_dialog import AccountsDialog
from desktop.audit_viewer import AuditDialog
from desktop.background import BackgroundRunner
from registry import accounts, audit
from registry.errors import WrongPassphrase
from registry.idnumber import id_check_char
from registry.keyslots import KdfParams
from registry.profile import Profile

DOCS = Path(__file__).resolve().parent
SYNTHETIC_ID = "36113019820315611" + id_check_char("36113019820315611")
PASS = {"xian_admin": "Xian-Admin-2026", "wangfang": "Wuyuan-2026", "luru": "Lu-Ru-2026!"}


def make_profile(folder: Path) -> Profile:
    """The three users and a short session of audited work."""
    profile = Profile(folder)
    fast = KdfParams.fast()
    store = profile.create(user="xian_admin", passphrase=PASS["xian_admin"],
                           scope="361130104201", kdf=fast, role=accounts.COUNTY_ADMIN)
    accounts.add_user(store, user="wangfang", passphrase=PASS["wangfang"],
                      role=accounts.REVIEWER, kdf=fast)
    accounts.add_user(store, user="luru", passphrase=PASS["luru"], kdf=fast)
    home = store.create("household", {"household_no": "361130104201001"})
    person = store.create("person", {"household_id": home, "name": "罗海", "relation": "户主",
                                     "id_number": SYNTHETIC_ID})
    store.close()
    with contextlib.suppress(WrongPassphrase):
        profile.unlock("luru", "wrong-pass")
    store = profile.unlock("wangfang", PASS["wangfang"])
    audit.reveal(store, entity_id=person, field="id_number")
    audit.record(store, action="export", target="ledger",
                 detail={"rows": 38, "masked": True})
    audit.record(store, action="print", target="service_card", detail={"cards": 1})
    store.close()
    return profile


def settle(app: QApplication, runner: BackgroundRunner) -> None:
    for _ in range(30):
        app.processEvents()
        runner.wait()


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setProperty("bangfu_language", language)
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with tempfile.TemporaryDirectory() as folder:
        profile = make_profile(Path(folder) / "profile")
        store = profile.unlock("wangfang", PASS["wangfang"])
        runner = BackgroundRunner(store, app)
        dialog = AccountsDialog(runner, accounts.role_of(store))
        dialog.show()
        settle(app, runner)
        dialog.table.selectRow(2)
        dialog.grab().save(str(DOCS / f"accounts{suffix}.png"))
        dialog.close()
        runner.wait()
        store.close()
        store = profile.unlock("xian_admin", PASS["xian_admin"])
        runner = BackgroundRunner(store, app)
        viewer = AuditDialog(runner)
        viewer.resize(1100, 520)
        viewer.show()
        settle(app, runner)
        viewer.grab().save(str(DOCS / f"audit{suffix}.png"))
        viewer.close()
        runner.wait()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
