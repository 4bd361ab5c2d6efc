"""Take the README's screenshots of the app shell:
``xvfb-run -a python docs/app_screenshots.py [en]`` (``docs/unlock.png``,
``docs/main-window.png``; ``-en`` with ``en``).

A throwaway demo profile (synthetic people only) is created in a temp folder, its people
and the window as of ``shots.TODAY`` (22 November 2026), with the month's follow-ups of
about half its labour force (``workspace_screenshots.followups``) once it is unlocked.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication
from shots import TODAY, pin_today, use_language
from workspace_screenshots import followups

from desktop.background import BackgroundRunner
from desktop.main_window import MainWindow
from desktop.unlock import UnlockDialog
from registry.demo import create_demo_profile
from registry.profile import Profile

DOCS = Path(__file__).resolve().parent


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication(sys.argv[:1])
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        create_demo_profile(folder, people=120, passphrase="Demo-2026", today=TODAY)
        profile = Profile(folder, today=lambda: TODAY)
        dialog = UnlockDialog(profile.users(), profile.unlock, profile=profile)
        dialog.passphrase.setText("Demo-2026")
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(DOCS / f"unlock{suffix}.png"))
        dialog.try_unlock()
        followups(dialog.unlocked)
        runner = BackgroundRunner(dialog.unlocked, app)
        pin_today(TODAY)
        window = MainWindow(runner)
        window.show()
        for _ in range(50):
            app.processEvents()
            runner.wait()
        app.processEvents()
        window.grab().save(str(DOCS / f"main-window{suffix}.png"))
        dialog.unlocked.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
