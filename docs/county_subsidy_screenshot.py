"""Screenshots of the 补贴名单 and 政策 pages:
``PYTHONPATH=. xvfb-run -a python docs/county_subsidy_screenshot.py [en]``.

A throw-away county profile (婺源县 361130; synthetic people only, ``registry.demo``) with
three villages, a work spell for everyone the demo data has working away, and the synthetic
county pack of the tests (``tests/county_subsidy_data.py``: a 2026 transport subsidy of 600
yuan and a work-away reward whose amount is not stated) published on it. The subsidy page
shows the transport list with a few granted and a claim recorded twice (two laptops
offline); the policy page shows the packs in force, a pack refused with its problems, and
the county's minimum wage confirmed. Saved as ``docs/county-subsidy.png`` and
``docs/county-policy.png`` (``-en`` with ``en``).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from county_subsidy_data import AS_OF, COUNTY, RULES, TRANSPORT, pack_2026  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from shots import save_settled, use_language  # noqa: E402

from desktop.background import BackgroundRunner  # noqa: E402
from desktop.county.policy_page import PolicyPage  # noqa: E402
from desktop.county.subsidy_page import SubsidyPage  # noqa: E402
from registry.claims import record_claim  # noqa: E402
from registry.county_policy import confirm_wage  # noqa: E402
from registry.county_subsidy import grant_all, subsidy_list  # noqa: E402
from registry.demo import load_demo  # noqa: E402
from registry.keyslots import KdfParams  # noqa: E402
from registry.policy.distribute import add_county_pack  # noqa: E402
from registry.profile import Profile  # noqa: E402
from registry.store import Create, Store  # noqa: E402

VILLAGES = ("361130104201", "361130104202", "361130103203")  # 思溪, 高枧, 汪口
PLACES = {"县内": "county", "省内县外": "province", "省外": "outside"}


def county(folder: Path) -> Store:
    """The county profile with its villages, work spells, pack, grants and a duplicate."""
    store = Profile(folder, today=lambda: AS_OF).create(
        user="县人社局-王科长", passphrase="Demo-2026", scope=COUNTY, kdf=KdfParams.fast())
    for n, village in enumerate(VILLAGES):
        load_demo(store, people=80, seed=n + 1, village=village, today=AS_OF)
    spells = [Create("work_spell", {"person_id": p.id, "work_place": PLACES[p.props["work_region"]],
                                    "start_date": f"2026-0{1 + n % 6}-01"})
              for n, p in enumerate(store.find("person")) if p.props.get("work_region") in PLACES]
    store.write(spells)
    add_county_pack(store, pack_2026(), region=COUNTY)
    confirm_wage(store, amount=1610, valid_from=date(2021, 4, 1), tier="三类",
                 source="赣人社发〔2021〕5号（合成）", today=AS_OF)
    eligible = [c.person_id for c in subsidy_list(store, rule_id=TRANSPORT, period="2026",
                                                  as_of=AS_OF).candidates
                if c.status == "eligible"]
    grant_all(store, rule_id=TRANSPORT, period="2026", as_of=AS_OF, person_ids=eligible[:4])
    twice = eligible[4]
    for _ in range(2):  # two laptops offline, the same claim
        record_claim(store, rule_id=TRANSPORT, subject_id=twice, person_id=twice, amount=600,
                     period="2026", check=lambda _s, _c: [], granted_on=AS_OF)
    return store


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    use_language(app, language)
    suffix = "" if language.startswith("zh") else f"-{language}"
    with tempfile.TemporaryDirectory() as folder:
        store = county(Path(folder))
        runner = BackgroundRunner(store)
        pages = []
        try:
            subsidy = SubsidyPage(runner, today=lambda: AS_OF)
            pages.append(subsidy)
            subsidy.resize(1240, 760)
            subsidy.show()
            save_settled(app, runner, subsidy, f"county-subsidy{suffix}.png")  # rules read
            subsidy.compute_list()
            save_settled(app, runner, subsidy, f"county-subsidy{suffix}.png")
            subsidy.select_all_eligible()
            save_settled(app, runner, subsidy, f"county-subsidy{suffix}.png")
            bad = Path(folder) / "婺源县2026年补贴（有误）.xlsx"
            bad.write_bytes(pack_2026(pack_id="wuyuan_2026b", rules=[
                {**RULES[0], "kind": "transport", "valid_to": ""}]))
            policy = PolicyPage(runner, today=lambda: AS_OF)
            pages.append(policy)
            policy.resize(1240, 860)
            policy.show()
            save_settled(app, runner, policy, f"county-policy{suffix}.png")
            policy.check_file(bad)
            save_settled(app, runner, policy, f"county-policy{suffix}.png")
        finally:
            runner.wait()
            for page in pages:
                page.close()
                page.deleteLater()
            app.processEvents()
            runner.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
