"""Two county laptops rename one village offline: once they have exchanged their changes
(in opposite orders) both show the same name, the one written last; the next rename
collapses the two records into one."""

from __future__ import annotations

from bangfu_testdata import TODAY, VILLAGE
from county_conflict_data import Clock, exchange, open_store

from registry.places import PLACE_NAME_LIST, overrides_of, places_of, set_place_name

COUNTY = VILLAGE[:6]


def test_offline_renames_converge_on_the_latest_written_whatever_the_arrival_order(tmp_path):
    clock = Clock(TODAY)
    first = open_store(tmp_path, "first", scope=COUNTY, user="officer", device="dfirst",
                       clock=clock)
    second = open_store(tmp_path, "second", scope=COUNTY, user="officer", device="dsecond",
                        clock=clock)
    try:
        set_place_name(first, VILLAGE, "思溪甲村")
        clock.days(1)
        set_place_name(second, VILLAGE, "思溪乙村")
        # each keeps its own record first and receives the other's later
        exchange(first, second)
        exchange(second, first)
        for store in (first, second):
            assert len(store.find(PLACE_NAME_LIST)) == 2
            assert overrides_of(store) == {VILLAGE: "思溪乙村"}
            assert places_of(store).name(VILLAGE) == "思口镇思溪乙村"
        # a rename on either collapses the two records, and the result syncs
        clock.days(1)
        set_place_name(first, VILLAGE, "思溪丙村")
        exchange(first, second)
        for store in (first, second):
            assert [e.props["name"] for e in store.find(PLACE_NAME_LIST)] == ["思溪丙村"]
            assert overrides_of(store) == {VILLAGE: "思溪丙村"}
    finally:
        first.close()
        second.close()
