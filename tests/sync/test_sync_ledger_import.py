"""An imported ledger is journaled like any edit: it reaches the county over real HTTP."""

from __future__ import annotations

import csv

import pytest
from bangfu_testdata import make_id
from store_replica import EncryptedReplica

from registry.ledgers.imports import MERGE_CANDIDATE, commit_import, plan_import
from sync.client import SyncClient

VILLAGE = "361130104201"


def device(server, tmp_path, name, scope, role):
    rep = EncryptedReplica(name, scope, root=tmp_path)
    token = server.enrol(name, scope, role)
    return rep, SyncClient(server.url, token, rep)


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_imported_people_households_and_flags_reach_the_county(server, tmp_path):
    village, sync_village = device(server, tmp_path, "dli", VILLAGE, "village")
    county, sync_county = device(server, tmp_path, "dlc", "361130", "county")
    existing = village.store.create("person", {"name": "何平", "birth_date": "1975-06-07"})
    path = tmp_path / "ledger.csv"
    with open(path, "w", encoding="gb18030", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["户编号", "姓名", "身份证号", "与户主关系", "务工时间（月）"])
        writer.writerow(["H1", "刘䶮", make_id(birth="19800101", seq="111"), "户主", 9])
        writer.writerow(["H1", "陈芳", make_id(birth="19820202", seq="222"), "配偶", ""])
        writer.writerow(["H2", "何平", make_id(birth="19750607", seq="331"), "户主", 4])
    result = commit_import(village.store, plan_import(village.store, path))
    assert (result.created, result.households_created, result.merge_candidates) == (3, 2, 1)
    sync_village.sync()
    sync_county.sync()
    found = county.store.find("person")
    assert len(found) == 4  # the existing 何平 and the imported one: flagged, not merged
    people = {p.props["name"]: p for p in found if p.id != existing}
    assert set(people) == {"刘䶮", "陈芳", "何平"}
    assert people["刘䶮"].parent == people["陈芳"].parent != people["何平"].parent
    numbers = {h.id: h.props["household_no"] for h in county.store.find("household")}
    assert numbers[people["刘䶮"].parent] == "H1"
    (flag,) = county.store.find(MERGE_CANDIDATE)
    assert flag.props["candidates"] == [existing]
    assert county.store.get(flag.props["person_id"]).props["months_worked"] == 4
