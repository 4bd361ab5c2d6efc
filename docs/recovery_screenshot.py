"""Screenshot of 县级恢复: ``PYTHONPATH=. xvfb-run -a python docs/recovery_screenshot.py [en]``.

A throw-away profile (synthetic data only) with two users and a recovery slot sealed to a
throw-away county key; the recovery dialog opened from the unlock window, filled in, after
a first try with a mistyped key passphrase. Saved as ``docs/recovery.png`` (``-en`` with
``en``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from PySide6.QtWidgets import QApplication
from shots import use_language

from desktop.unlock import UnlockDialog
from registry import accounts
from registry.keyslots import KdfParams
from sync.protocol.recoverykey import KeyFileCost, seal_private_key

DOCS = Path(__file__).resolve().parent
KEY_PASS = "Xian-Ji-Hui-Fu-2026"


def main() -> int:
    from registry.profile import Profile

    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setProperty("bangfu_language", language)
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    fast = KdfParams.fast()
    with tempfile.TemporaryDirectory() as folder:
        private = X25519PrivateKey.generate()
        key_file = Path(folder) / "wuyuan-county-recovery.json"
        key_file.write_bytes(seal_private_key(private, KEY_PASS, cost=KeyFileCost.fast()))
        profile = Profile(Path(folder) / "profile")
        store = profile.create(user="wangfang", passphrase="Wuyuan-2026", scope="361130104201",
                               kdf=fast, recovery_key=private.public_key())
        accounts.add_user(store, user="luru", passphrase="Lu-Ru-2026!", kdf=fast)
        store.close()
        unlock = UnlockDialog(profile.users(), profile.unlock, profile=profile,
                              recovery_kdf=fast)
        unlock.show()
        unlock.open_recovery()
        dialog = unlock.recovery
        assert dialog is not None
        dialog.key_file.setText(str(key_file).replace(folder, "E:"))
        dialog.key_passphrase.setText("Xian-Ji-Hui-Fu-2025")
        dialog.new_passphrase.setText("Xin-Mi-Ma-2027")
        dialog.again.setText("Xin-Mi-Ma-2027")
        dialog.message.setText(dialog.failure_text(_wrong_passphrase(key_file)))
        dialog.user.setCurrentText("wangfang")
        for _ in range(20):
            app.processEvents()
            time.sleep(0.01)
        dialog.grab().save(str(DOCS / f"recovery{suffix}.png"))
        dialog.close()
        unlock.close()
    return 0


def _wrong_passphrase(key_file: Path) -> Exception:
    from registry.recovery import RecoveryKeyError
    from sync.protocol.recoverykey import open_private_key

    try:
        open_private_key(key_file, "Xian-Ji-Hui-Fu-2025")
    except RecoveryKeyError as exc:
        return exc
    raise AssertionError("the mistyped passphrase opened the key file")


if __name__ == "__main__":
    sys.exit(main())
