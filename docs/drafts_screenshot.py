"""Screenshot of the 草稿 (drafts) list: ``xvfb-run -a python docs/drafts_screenshot.py [en]``.

A throw-away demo profile (synthetic people only) gets three half-filled forms saved as
drafts; the main window opens on it and the drafts list is saved as ``docs/drafts.png``
(``docs/drafts-en.png`` with ``en``).
"""

from __future__ import annotations

import sys
import time

from PySide6.QtWidgets import QApplication
from shots import demo_window, save_settled, use_language

from desktop.forms.catalog import BUILTIN_DIR
from forms.engine import FormSession
from forms.loader import load_form
from registry.store import Store
from registry.submissions import save_draft

MINUTE_MS = 60_000


def save_demo_drafts(store: Store) -> None:
    """Three drafts of different forms, saved a few minutes to two days ago."""
    person = store.find("person", limit=1)[0].id
    drafts = [
        ("household_registration", 7, {"village_code": "361130104201", "head_name": "王五",
                                       "phone": "13800138000", "category": "100A03002",
                                       "risks": "illness", "relocated": "0"}),
        ("employment_followup", 95, {"person_id": person, "employment_status": "employed",
                                     "work/work_place": "county",
                                     "work/monthly_income": "3200"}),
        ("training_enrolment", 2 * 24 * 60 + 30, {"person_id": person, "course": "电工上岗培训"}),
    ]
    now = int(time.time() * 1000)
    for index, (form_id, minutes_ago, values) in enumerate(drafts):
        form = load_form(BUILTIN_DIR / f"{form_id}.xlsx")
        session = FormSession(form, language="zh")
        for path, value in values.items():
            session.set_value(path, value)
        save_draft(store, draft_id=f"demo-draft-{index}", form_id=form.form_id,
                   form_version=form.version, answers=session.to_draft(),
                   updated_ms=now - minutes_ago * MINUTE_MS)


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with demo_window(app, people=40, prepare=save_demo_drafts) as (window, runner):
        dialog = window.drafts.show_dialog()
        save_settled(app, runner, dialog, f"drafts{suffix}.png")
        dialog.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
