"""A county's place-name override reaches the village laptops under it through a real
county server (SQLite and PostgreSQL), is read-only there, and a village cannot hand one
to its neighbours."""

from __future__ import annotations

import pytest
from store_replica import EncryptedReplica

from registry.errors import ValidationError
from registry.places import PLACE_NAME_LIST, places_of, set_place_name
from registry.store import Create
from sync.client import SyncClient, SyncError

COUNTY = "361130"
VILLAGE = "361130104201"
OTHER_COUNTY_VILLAGE = "361129100201"


def device(server, tmp_path, name, scope, role="village"):
    rep = EncryptedReplica(name, scope, root=tmp_path)
    return rep, SyncClient(server.url, server.enrol(name, scope, role), rep)


def test_a_county_override_reaches_its_villages_only(server, tmp_path) -> None:
    county, sync_c = device(server, tmp_path, "county-p", COUNTY, "county")
    village, sync_v = device(server, tmp_path, "village-p", VILLAGE)
    other, sync_o = device(server, tmp_path, "other-p", OTHER_COUNTY_VILLAGE)
    assert places_of(village.store).name(VILLAGE) == "思口镇思溪村"

    set_place_name(county.store, VILLAGE, "思溪新村")
    assert sync_c.sync().pushed > 0
    assert sync_v.sync().checked  # digests unchanged by the handed-down override
    assert places_of(village.store).name(VILLAGE) == "思口镇思溪新村"
    sync_o.sync()
    assert other.store.find(PLACE_NAME_LIST) == []

    (entity,) = village.store.find(PLACE_NAME_LIST)
    with pytest.raises(ValidationError, match="只读"):
        village.store.delete(entity.id)


def test_a_village_cannot_hand_an_override_to_its_neighbours(server, tmp_path) -> None:
    village, sync_v = device(server, tmp_path, "village-q", VILLAGE)
    village.store.write([Create(PLACE_NAME_LIST, {"code": VILLAGE, "name": "私改村"},
                                scope=VILLAGE)])  # within its scope, but not its list
    with pytest.raises(SyncError) as caught:
        sync_v.sync()
    assert caught.value.status == 403 and PLACE_NAME_LIST in str(caught.value)
