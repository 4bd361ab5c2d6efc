"""A scope rebuilt from the server's snapshot (``StoreReplica.replace_scope``) can lose records
without adding a journal row (they moved out of the scope): the alert counts kept against
the journal's high-water mark must not be taken as current afterwards."""

from __future__ import annotations

from datetime import date

from bangfu_testdata import PASSPHRASE, make_id

from registry import county_dashboard as cd
from registry.keyslots import KdfParams
from registry.replica import StoreReplica
from registry.store import Create
from sync.protocol import Snapshot, new_id

COUNTY = "361130"
V1, V2 = "361130104201", "361130104202"
TODAY = date(2026, 11, 22)  # after the 20th: a labour-force member not visited is overdue


def _household(store, village: str, seq: str) -> None:
    """One household of ``village`` with one worker never visited."""
    hid = new_id()
    store.write([
        Create("household", {"household_no": village + "0001", "head_name": "户主"},
               scope=village, entity_id=hid),
        Create("person", {"name": "甲", "id_number": make_id(seq=seq), "relation": "户主",
                          "household_id": hid, "labour_class": "普通劳动力"}),
    ])


def test_a_rebuilt_scope_drops_the_saved_alert_count(profile):
    store = profile.create(user="county", passphrase=PASSPHRASE, scope=COUNTY,
                           kdf=KdfParams.fast())
    try:
        _household(store, V1, "111")
        _household(store, V2, "121")
        replica = StoreReplica(store)
        sets = replica.pending_sets(10**9)
        assert len(sets) == 4  # a set per record: V1's household and person, then V2's
        replica.mark_acknowledged(sets)
        before = cd.alert_counts(store, scope=COUNTY, today=TODAY)
        assert {c.village for c in before.counts} == {V1, V2}
        assert cd.last_alert_counts(store, scope=COUNTY, today=TODAY).current
        high_water = cd.journal_high_water(store)
        # a count read before the rebuild (on the read lane), saved after it
        in_flight = cd.count_alert_run(store, scope=COUNTY, today=TODAY)
        # the server's snapshot no longer has V2's household (moved to another county)
        replica.replace_scope(Snapshot(COUNTY, 1, tuple(sets[:2])))
        assert not cd.save_alert_counts(store, in_flight, scope=COUNTY, today=TODAY)
        assert store.count("person") == 1
        assert cd.journal_high_water(store) == high_water  # no journal row tells of it
        assert cd.last_alert_counts(store, scope=COUNTY, today=TODAY) is None
        after = cd.alert_counts(store, scope=COUNTY, today=TODAY)
        assert {c.village for c in after.counts} == {V1}
    finally:
        store.close()


def test_an_earlier_days_run_is_found_for_a_new_day_never_as_current(profile):
    from datetime import timedelta

    store = profile.create(user="county", passphrase=PASSPHRASE, scope=COUNTY,
                           kdf=KdfParams.fast())
    try:
        _household(store, V1, "111")
        day1, day2, day3 = (TODAY + timedelta(days=n) for n in range(3))  # all after the 20th
        assert cd.earlier_alert_counts(store, scope=COUNTY, today=day1) is None
        first = cd.alert_counts(store, scope=COUNTY, today=day1)
        second = cd.alert_counts(store, scope=COUNTY, today=day2)
        assert cd.earlier_alert_counts(store, scope=COUNTY, today=day1) is None
        found = cd.earlier_alert_counts(store, scope=COUNTY, today=day3)
        assert found is not None and not found.current
        assert found.earlier_day == day2  # the newest earlier one
        assert found.counts == second.counts and found.high_water == second.high_water
        assert first.counts and second.counts  # both days counted the overdue worker
        assert cd.last_alert_counts(store, scope=COUNTY, today=day3) is None
        assert cd.earlier_alert_counts(store, scope="361131", today=day3) is None
        # one saved run a scope: day2's replaced day1's
        assert store.db.execute("SELECT day FROM alert_count_run").fetchall() == [
            (day2.isoformat(),)]
    finally:
        store.close()
