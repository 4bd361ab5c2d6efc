"""The people the work checks look at (``a_person.work``) are narrowed to those who can be
flagged: a person without capacity is looked at only with a work region or a latest
follow-up (whose work place the check reads). The checks still flag exactly what the full
scan flags, the work place of the latest follow-up included."""

from __future__ import annotations

from datetime import date

from bench.store import COUNTY, new_store
from registry.alerts import alerts_for_store

AS_OF = date(2026, 11, 22)
VILLAGE = COUNTY + "100001"


def flagged(store, **kw):
    return sorted((a.kind, a.subject) for a in alerts_for_store(store, as_of=AS_OF, scope=COUNTY,
                                                                **kw)
                  if a.kind == "national_check_work_without_capacity")


def test_no_capacity_people_are_flagged_by_region_or_latest_work_place(tmp_path):
    store = new_store(tmp_path / "profile")
    hh = store.create("household", {"household_no": "H1"}, scope=VILLAGE)

    def person(name, **props):
        return store.create("person", {"household_id": hh, "name": name, "relation": "之子",
                                       "labour_class": "丧失劳动力", **props}, scope=VILLAGE)

    def visit(pid, day, **props):
        store.create("visit", {"person_id": pid, "visit_date": day, **props}, scope=VILLAGE)

    by_region = person("甲", work_region="省外", months_worked=6)
    by_place = person("乙")
    visit(by_place, "2026-11-05", work_place="省外")
    earlier_place = person("丙")  # the latest follow-up has no work place: not flagged
    visit(earlier_place, "2026-10-05", work_place="省外")
    visit(earlier_place, "2026-11-05")
    later_place = person("丁")  # the follow-up with a place is after the date: not flagged
    visit(later_place, "2026-11-05")
    visit(later_place, "2026-11-25", work_place="县内")
    person("戊")  # neither: not looked at
    expected = sorted(("national_check_work_without_capacity", pid)
                      for pid in (by_region, by_place))
    assert flagged(store) == expected
    assert flagged(store, scan=True) == expected
    store.close()
