"""Screenshots of the village workspace: ``xvfb-run -a python docs/workspace_screenshots.py [en]``.

A throw-away demo profile (synthetic people only), as of ``shots.TODAY`` (22 November
2026, past the month's 20th), gets follow-ups this month for about half of its labour
force, a service and a training; the window opens on 本月走访 (saved as
``docs/worklist.png``), then the page of a household with records (``docs/household.png``),
its 务工记录 tab (``docs/household-work.png``: the work spells read from the follow-ups), its
走访 tab (``docs/household-visits.png``) and 更正成员信息 for its head
(``docs/member-fix.png``); ``-en`` names with ``en``.
"""

from __future__ import annotations

import sys
from datetime import timedelta

from PySide6.QtWidgets import QApplication
from shots import TODAY, demo_window, save_settled, use_language

from registry.store import Create, Store
from registry.submissions import save_submission
from sync.protocol import new_id

CHANNELS = ("away", "firm", "workshop", "flexible")


def followups(store: Store) -> None:
    """Follow-ups this month for every other labour-force member; older ones last month."""
    today = TODAY
    people = [p for p in store.find("person")
              if p.props.get("labour_class") in ("普通劳动力", "技能劳动力", "弱劳动力或半劳动力")]
    for n, person in enumerate(people):
        day = (today - timedelta(days=n % 5)) if n % 2 == 0 else today.replace(day=1) - timedelta(
            days=3 + n % 9)
        status = "employed" if n % 3 else "returned"
        save_submission(store, {
            "form_id": "employment_followup", "version": "1", "instance_id": "uuid:" + new_id(),
            "answers": {}, "entities": [{
                "list_name": "visit", "action": "create", "entity_id": new_id(),
                "properties": {"visit_date": day.isoformat(), "person_id": person.id,
                               "employment_status": status, "channel": CHANNELS[n % 4],
                               "work_place": "省外" if n % 4 == 0 else "县内",
                               "monthly_income": 2600 + 100 * (n % 12)}}]})
    first = people[0]
    history(store, first.id)
    store.write([
        Create("service", {"person_id": first.id, "service_date": today.isoformat(),
                           "services": ["政策咨询", "岗位推荐"]}),
        Create("training", {"person_id": first.id, "start_date": today.isoformat(),
                            "course": "电工上岗培训"})])


def history(store: Store, person_id: str) -> None:
    """Half a year of follow-ups of one person: away at a factory, then home, then in the
    county (the 务工记录 tab shows them as spells)."""
    months = [(TODAY.replace(day=10) - timedelta(days=30 * n)).isoformat() for n in range(6, 0, -1)]
    answers = [("employed", "outside", "东莞市某电子厂", 4200)] * 3 + [
        ("returned", "", "", 0), ("employed", "county", "本县扶贫车间", 2400),
        ("employed", "county", "本县扶贫车间", 2500)]
    for day, (status, place, employer, income) in zip(months, answers, strict=True):
        store.write([Create("visit", {"person_id": person_id, "visit_date": day,
                                      "employment_status": status, "work_place": place,
                                      "employer": employer, "monthly_income": income})])


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with demo_window(app, people=60, prepare=followups) as (window, runner):
        window.resize(1240, 760)
        save_settled(app, runner, window, f"worklist{suffix}.png")
        worklist = window.pages["worklist"]
        household = next(r.household_id for r in worklist.model.rows() if r.state == "visited")
        window.show_household(household)
        window.household_page.tabs.setCurrentIndex(0)
        save_settled(app, runner, window, f"household{suffix}.png")
        window.household_page.tabs.setCurrentIndex(1)
        save_settled(app, runner, window, f"household-work{suffix}.png")
        window.household_page.tabs.setCurrentIndex(2)
        save_settled(app, runner, window, f"household-visits{suffix}.png")
        window.household_page.tabs.setCurrentIndex(0)
        dialog = window.household_page.fix_member()
        dialog.relation.setFocus()
        save_settled(app, runner, dialog, f"member-fix{suffix}.png")
        dialog.reject()
    return 0


if __name__ == "__main__":
    sys.exit(main())
