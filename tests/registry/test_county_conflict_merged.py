"""Settling the conflict of a record merged away since (``registry.county.resolve_conflict``),
on real encrypted profiles exchanging real change sets: the value is passed on to the kept
record only when that record has no open conflict of its own on the property (else the
county decides that one separately), and the audit names both records when it is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bangfu_testdata import TODAY
from county_conflict_data import Clock, conflicted, exchange, open_store, person

from registry import audit
from registry.county import merge_entities, resolve_conflict
from registry.county_conflicts import conflict_page


def devices(tmp_path: Path):
    clock = Clock(date(2026, 11, 1))
    county = open_store(tmp_path, "county", scope="361130", user="county-officer",
                        device="county-pc", clock=clock)
    laptop = open_store(tmp_path, "laptop", scope="361130", user="desk-wang",
                        device="laptop-b", clock=clock)
    return county, laptop


def open_ids(store) -> set[str]:
    return {r.entity_id for r in conflict_page(store, today=TODAY).rows}


def resolutions(store) -> list[audit.Entry]:
    return audit.entries(store, action="conflict_resolution")


def test_the_kept_records_own_conflict_stays_open(tmp_path: Path):
    county, laptop = devices(tmp_path)
    drop = conflicted(county, laptop, seq="123")
    keep = conflicted(county, laptop, name="王五", seq="456")
    merge_entities(county, keep=keep, drop=drop)
    before = county.get(keep).props["monthly_income"]
    resolve_conflict(county, drop, "monthly_income", 4000)
    assert open_ids(county) == {keep}
    assert county.get(keep).props["monthly_income"] == before
    assert county.get(drop, follow_merges=False).props["monthly_income"] == 4000
    (entry,) = resolutions(county)
    assert entry.target == drop
    assert entry.detail == {"prop": "monthly_income", "kept": keep, "passed_on": False}
    # the kept record's conflict is then settled on its own, and nothing is left open
    resolve_conflict(county, keep, "monthly_income", 4100)
    assert open_ids(county) == set() and county.get(keep).props["monthly_income"] == 4100
    exchange(county, laptop)
    assert open_ids(laptop) == set() and laptop.get(keep).props["monthly_income"] == 4100
    county.close(), laptop.close()


def test_the_value_is_passed_on_and_audited_on_both_records(tmp_path: Path):
    county, laptop = devices(tmp_path)
    drop = conflicted(county, laptop, seq="123")
    keep = person(county, name="王五", seq="456")
    merge_entities(county, keep=keep, drop=drop)
    resolve_conflict(county, drop, "monthly_income", 4000)
    assert open_ids(county) == set()
    assert county.get(keep).props["monthly_income"] == 4000
    entries = resolutions(county)
    assert {(e.target, tuple(sorted(e.detail.items()))) for e in entries} == {
        (drop, (("kept", keep), ("passed_on", True), ("prop", "monthly_income"))),
        (keep, (("from_merged", drop), ("prop", "monthly_income")))}
    exchange(county, laptop)
    assert laptop.get(keep).props["monthly_income"] == 4000 and open_ids(laptop) == set()
    county.close(), laptop.close()


def test_agreeing_versions_on_the_kept_record_do_not_block_passing_on(tmp_path: Path):
    county, laptop = devices(tmp_path)
    drop = conflicted(county, laptop, seq="123")
    keep = person(county, name="王五", seq="456")
    exchange(county, laptop)
    # the same correction typed on both devices: two current versions that agree
    county.update(keep, {"monthly_income": 3500})
    laptop.update(keep, {"monthly_income": 3500})
    exchange(laptop, county)
    assert open_ids(county) == {drop}
    merge_entities(county, keep=keep, drop=drop)
    resolve_conflict(county, drop, "monthly_income", 4000)
    assert county.get(keep).props["monthly_income"] == 4000 and open_ids(county) == set()
    assert {e.target for e in resolutions(county)} == {drop, keep}
    county.close(), laptop.close()


def test_a_deleted_kept_record_settles_only_the_merged_away_one(tmp_path: Path):
    county, laptop = devices(tmp_path)
    drop = conflicted(county, laptop, seq="123")
    keep = person(county, name="王五", seq="456")
    merge_entities(county, keep=keep, drop=drop)
    county.delete(keep)
    resolve_conflict(county, drop, "monthly_income", 4000)
    assert open_ids(county) == set()
    assert county.get(drop, follow_merges=False).props["monthly_income"] == 4000
    (entry,) = resolutions(county)
    assert entry.detail == {"prop": "monthly_income", "kept": keep, "passed_on": False}
    county.close(), laptop.close()
