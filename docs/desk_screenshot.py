"""Screenshots of the relocation-site desk and its service card:
``xvfb-run -a python docs/desk_screenshot.py [en]``.

A throw-away demo profile (synthetic people only) gets three job postings and, for one
relocated person of working age, a skill, a wished place and a graduate follow-up; the desk
page opens alone, that person is looked up and opened, two service kinds are toggled and
the best posting is selected: ``docs/desk.png`` (``docs/desk-en.png`` with ``en``). The
person's printed card is drawn by the same code as the PDF: ``docs/service-card.png``
(``docs/service-card-en.png``).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication
from shots import DOCS, PASSPHRASE, save_settled, use_language

from desktop.background import BackgroundRunner
from desktop.desk import DeskPage
from desktop.desk.card import Card, card_image
from registry import desk
from registry.demo import DEMO_USER, create_demo_profile
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store

TODAY = date(2026, 11, 30)
SITE = "婺源县城东安置点就业服务站"
JOBS = (
    {"employer": "婺源县某茶业有限公司", "job_title": "包装工", "work_place": "county",
     "openings": 6, "salary_min": 2800, "salary_max": 3600, "valid_until": "2026-12-31"},
    {"employer": "上饶市某电器厂", "job_title": "维修电工", "work_place": "province",
     "openings": 2, "salary_min": 4200, "salary_max": 5500, "valid_until": "2027-01-15"},
    {"employer": "宁波某电子厂", "job_title": "普工", "work_place": "outside",
     "openings": 30, "salary_min": 4500, "salary_max": 6000, "valid_until": "2027-02-28"},
)


def prepare(store: Store) -> str:
    """Postings and one person ready for the desk; returns that person's id."""
    for job in JOBS:
        store.create("job", job)
    person = _young(store)
    store.update(person, {"skill": "电工", "wished_place": "county", "work_status": "未就业"})
    store.create("service", {"person_id": person, "service_date": "2026-10-12",
                             "wants_work": "1", "career_guidance": 1, "job_referrals": 1})
    desk.ensure_service_code(store, person)
    return person


def _young(store: Store) -> str:
    """A person of a relocated household, 22 to 30 years old (a recent graduate)."""
    relocated = {h.id for h in store.find("household") if h.props.get("relocated")}
    for person in store.find("person"):
        if person.parent not in relocated:
            continue
        born = str(person.props.get("birth_date") or "")
        if "1996" <= born[:4] <= "2004":
            return person.id
    raise SystemExit("no relocated person of 22 to 30 in the demo profile")


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with tempfile.TemporaryDirectory() as folder:
        create_demo_profile(Path(folder), people=120, passphrase=PASSPHRASE,
                            kdf=KdfParams.fast(), today=TODAY)
        store = Profile(Path(folder)).unlock(DEMO_USER, PASSPHRASE)
        person = prepare(store)
        panel = desk.person_panel(store, person, today=TODAY)
        runner = BackgroundRunner(store, app)
        page = DeskPage(runner, site=SITE, today=lambda: TODAY)
        page.resize(1360, 860)
        page.show()
        page.lookup_box.insert(panel.name)
        page.run_lookup(open_single=False)
        save_settled(app, runner, page, f"desk{suffix}.png", rounds=5)
        page.open_person(person)
        save_settled(app, runner, page, f"desk{suffix}.png", rounds=5)
        for kind in ("policy", "referral"):
            page.kind_buttons[kind].setChecked(True)
        page.jobs_view.selectRow(0)
        page.add_person_to_batch()
        page.lookup_box.insert(panel.name)
        save_settled(app, runner, page, f"desk{suffix}.png")
        card_image(Card(panel.name, panel.service_code, SITE), dpi=220).save(
            str(DOCS / f"service-card{suffix}.png"))
        page.close()
        runner.wait()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
