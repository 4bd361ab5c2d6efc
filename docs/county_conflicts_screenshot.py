"""Screenshots of the 冲突 page: ``xvfb-run -a python docs/county_conflicts_screenshot.py [en]``
(from the repository root with ``PYTHONPATH=.``).

A throw-away county profile (synthetic people only, three villages) receives, the way a
sync delivers them, the change sets of two laptops that edited the same records before
either synced: village secretaries' follow-ups and edits against the relocation desk's,
over three weeks, and one delete made without knowing an edit. The window opens on 冲突
(saved as ``docs/county-conflicts.png``; ``-en`` with ``en``).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtWidgets import QApplication
from shots import save_settled, use_language

from desktop.background import BackgroundRunner
from desktop.main_window import MainWindow
from registry.demo import load_demo
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.replica import StoreReplica
from registry.store import Store
from registry.submissions import save_submission
from registry.worklist import FOLLOWUP_CHANNEL
from sync.protocol import new_id

PASSPHRASE = "Demo-2026"
VILLAGES = ("361130104201", "361130104202", "361130103203")  # 思溪, 高枧, 汪口
CHINA = timezone(timedelta(hours=8))


class Clock:
    """The devices' shared wall clock, moved forward between edits."""

    def __init__(self) -> None:
        start = date.today() - timedelta(days=24)
        self.ms = int(datetime(start.year, start.month, start.day, 9,
                               tzinfo=CHINA).timestamp() * 1000)

    def __call__(self) -> int:
        self.ms += 7
        return self.ms

    def hours(self, n: float) -> None:
        self.ms += int(n * 3_600_000)


def device(folder: Path, *, user: str, scope: str, name: str, clock: Clock) -> Store:
    return Profile(folder / name, now_ms=clock).create(
        user=user, passphrase=PASSPHRASE, scope=scope, kdf=KdfParams.fast(), device=name)


def exchange(source: Store, target: Store) -> None:
    StoreReplica(target).apply_remote(StoreReplica(source).pending_sets(10**6))


def follow_up(store: Store, person: str, channel: str, income: int) -> None:
    save_submission(store, {
        "form_id": "employment_followup", "version": "2024110101",
        "instance_id": "uuid:" + new_id(), "answers": {"channel": channel},
        "entities": [{"list_name": "visit", "action": "create", "entity_id": new_id(),
                      "properties": {"person_id": person, "employment_status": "employed",
                                     "channel": channel, "monthly_income": income,
                                     "visit_date": date.today().isoformat()}}]})


def conflicts(folder: Path, clock: Clock) -> Store:
    """The county profile with a dozen open conflicts from two laptops per village."""
    county = device(folder, user="county-zhao", scope="361130", name="county-pc-01", clock=clock)
    for n, code in enumerate(VILLAGES):
        load_demo(county, people=40, seed=n + 3, village=code)
    edits = [("follow-up", 0), ("follow-up", 2), ("phone", None), ("income", None)]
    for n, code in enumerate(VILLAGES):
        secretary = device(folder, user=f"secretary-{n + 1}", scope=code,
                           name=f"village-{code[-3:]}", clock=clock)
        desk = device(folder, user="desk-wang", scope=code, name=f"site-desk-{n + 1}",
                      clock=clock)
        exchange(county, secretary)
        exchange(county, desk)
        people = [p for p in county.find("person") if p.scope == code][:8]
        for k, (first, second) in enumerate(edits):
            person = people[k].id
            if second is not None:  # two channels other than the person's current one
                now = people[k].props.get("work_status")
                channels = [c for c, label in FOLLOWUP_CHANNEL.items() if label != now]
                follow_up(secretary, person, channels[second], 3800 + 200 * k)
                clock.hours(5)
                follow_up(desk, person, channels[second + 1], 2600 + 100 * k)
            elif first == "phone":
                secretary.update(person, {"phone": f"1387935{n}{k}21"})
                clock.hours(2)
                desk.update(person, {"phone": f"1590793{n}{k}88"})
            else:
                secretary.update(person, {"monthly_income": 4500})
                clock.hours(3)
                desk.update(person, {"monthly_income": 3000})
            clock.hours(30)
        if n == 1:
            gone = people[6].id
            secretary.update(gone, {"phone": "13979312345"})
            desk.delete(gone)
        exchange(secretary, county)
        exchange(desk, county)
        secretary.close()
        desk.close()
    return county


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with tempfile.TemporaryDirectory() as name:
        store = conflicts(Path(name), Clock())
        runner = BackgroundRunner(store, app)
        window = MainWindow(runner)
        window.resize(1320, 800)
        window.show()
        window.show_page("conflicts")
        try:
            save_settled(app, runner, window, f"county-conflicts{suffix}.png")
        finally:
            window.close()
            runner.wait()
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
