"""概览's 已走访 bar: the people behind it are exactly those the visit chart counts as
visited this month, village by village (and with 未走访, the whole labour force)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from bangfu_testdata import PASSPHRASE, make_id

from registry import county_dashboard as cd
from registry.keyslots import KdfParams
from registry.store import Create
from sync.protocol import new_id

COUNTY = "361130"
VILLAGES = ("361130104201", "361130104202", "361130104203")
TODAY = date(2026, 11, 22)


@pytest.fixture
def county(profile):
    s = profile.create(user="county", passphrase=PASSPHRASE, scope=COUNTY, kdf=KdfParams.fast())
    yield s
    s.close()


def _fill(store) -> list[str]:
    """Three villages of 2–4 people of the labour force and one who cannot work; some
    followed up this month (one twice), some last month only, some never."""
    ops, visits, people = [], [], []
    for n, village in enumerate(VILLAGES):
        hid = new_id()
        ops.append(Create("household", {"household_no": f"{village}0001", "head_name": "王"},
                          scope=village, entity_id=hid))
        for k in range(2 + n):
            pid = new_id()
            people.append(pid)
            ops.append(Create("person", {
                "name": f"王{n}{k}", "id_number": make_id(seq=f"{n}{k}7"),
                "relation": "户主" if k == 0 else "之子", "household_id": hid,
                "labour_class": "普通劳动力"}, entity_id=pid))
            when = [TODAY.replace(day=3), TODAY.replace(day=1) - timedelta(days=5), None][
                (n + k) % 3]
            if when is not None:
                visits.append(Create("visit", {"person_id": pid, "visit_date": when.isoformat(),
                                               "employment_status": "employed"}))
        ops.append(Create("person", {"name": f"王奶奶{n}", "id_number": make_id(seq=f"{n}99"),
                                     "relation": "之母", "household_id": hid,
                                     "labour_class": "丧失劳动力"}))
    store.write(ops)
    store.write(visits)
    store.write([Create("visit", {"person_id": people[0], "visit_date": "2026-11-10",
                                  "employment_status": "employed"})])
    return people


def test_the_visited_bar_lists_the_people_it_counts(county):
    _fill(county)
    counted = cd.visit_completion(county, scope=COUNTY, today=TODAY)
    assert sum(v.visited for v in counted) > 0 and sum(v.missing for v in counted) > 0
    for village in counted:
        visited = cd.people_behind(county, cd.Selection(cd.VISITED, village.village),
                                   scope=COUNTY, today=TODAY)
        missing = cd.people_behind(county, cd.Selection(cd.VILLAGE, village.village),
                                   scope=COUNTY, today=TODAY)
        assert (visited.total, missing.total) == (village.visited, village.missing)
        names = {p.name for p in visited.rows} | {p.name for p in missing.rows}
        assert len(names) == village.required  # each once, on one side or the other
        assert all(p.detail.startswith("2026-11-") for p in visited.rows)


def test_a_follow_up_this_month_moves_a_person_to_the_visited_list(county):
    people = _fill(county)
    village = VILLAGES[0]

    def totals() -> tuple[int, int]:
        return tuple(cd.people_behind(county, cd.Selection(what, village), scope=COUNTY,
                                      today=TODAY).total for what in (cd.VISITED, cd.VILLAGE))

    before = totals()
    missing = people[1]  # (0 + 1) % 3: followed up last month only
    county.write([Create("visit", {"person_id": missing, "visit_date": "2026-11-21",
                                   "employment_status": "employed"})])
    assert totals() == (before[0] + 1, before[1] - 1)
