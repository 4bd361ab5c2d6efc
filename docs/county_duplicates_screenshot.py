"""Screenshot of 重复人员: ``xvfb-run -a python docs/county_duplicates_screenshot.py [en]``.

A throw-away county profile (synthetic people only) holds three villages of demo people
with follow-ups, and people registered twice: two with the first registration's ID number
(one of them with a subsidy claimed in both villages), two without an ID number (same name
and birth date, as a relocation desk might type them). The window opens on 重复人员 with
the first pair side by side; saved as ``docs/county-duplicates.png`` (``-en`` with ``en``).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication
from shots import save_settled, use_language

from desktop.background import BackgroundRunner
from desktop.main_window import MainWindow
from registry.claims import record_claim
from registry.demo import load_demo
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Create, Store

COUNTY = "361130"
VILLAGES = ("361130104201", "361130104202", "361130105203")
TODAY = date(2026, 11, 22)


def plant(store: Store) -> None:
    """Follow-ups, and four people registered a second time in another village."""
    for n, village in enumerate(VILLAGES):
        load_demo(store, people=40, seed=n + 1, village=village, today=TODAY)
    people = [p for p in store.find("person") if p.scope == VILLAGES[0]]
    adults = [p for p in people if p.props.get("relation") == "户主"][:4]
    for n, original in enumerate(adults):
        village = VILLAGES[1 + n % 2]
        copy = {k: original.props[k] for k in ("name", "sex", "birth_date")}
        if n < 2:
            copy["id_number"] = original.props["id_number"]
        hid = store.create("household", {"household_no": f"{village}09{n:02d}",
                                         "head_name": copy["name"]}, scope=village)
        twin = store.write([Create("person", {**copy, "household_id": hid, "relation": "户主",
                                              "phone": "13907930000"}, scope=village)]).created[0]
        store.create("visit", {"person_id": original.id, "visit_date": "2026-11-03",
                               "employment_status": "务工"}, scope=original.scope)
        if n == 0:
            for subject in (original.id, twin):
                record_claim(store, rule_id="wy_transport", subject_id=subject, amount=500,
                             period="2026", check=lambda _s, _c: [])


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with tempfile.TemporaryDirectory() as folder:
        store = Profile(Path(folder), today=lambda: TODAY).create(
            user="xian", passphrase="Xian-Ju-2026", scope=COUNTY, kdf=KdfParams.fast())
        plant(store)
        runner = BackgroundRunner(store, app)
        window = MainWindow(runner)
        window.resize(1280, 800)
        window.show()
        try:
            window.show_page("duplicates")
            save_settled(app, runner, window, f"county-duplicates{suffix}.png")
        finally:
            window.close()
            runner.wait()
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
