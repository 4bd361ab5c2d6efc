"""Synthetic conflicts for tests: real encrypted profiles exchanging real change sets
(import as ``county_conflict_data``)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from bangfu_testdata import PASSPHRASE, TODAY, VILLAGE, make_id

from registry.county_conflicts import CHINA
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.replica import StoreReplica
from registry.store import Create, Store
from registry.submissions import save_submission

OTHER_VILLAGE = "361130104202"


class Clock:
    """A settable wall clock (ms), shared by the devices of one test."""

    def __init__(self, day: date) -> None:
        self.ms = int(datetime(day.year, day.month, day.day, 10, tzinfo=CHINA).timestamp() * 1000)

    def __call__(self) -> int:
        self.ms += 1
        return self.ms

    def days(self, n: int) -> None:
        self.ms += n * 86_400_000


def open_store(root: Path, name: str, *, scope: str, user: str, device: str, clock: Clock) -> Store:
    """A fresh real encrypted profile acting as one device, on the shared clock."""
    profile = Profile(root / name, now_ms=clock, today=lambda: TODAY)
    return profile.create(user=user, passphrase=PASSPHRASE, scope=scope, kdf=KdfParams.fast(),
                          device=device)


def exchange(source: Store, target: Store) -> None:
    """Hand every change ``source`` made to ``target`` (what a sync carries)."""
    sets = StoreReplica(source).pending_sets(10**6)
    StoreReplica(target).apply_remote(sets)


def person(store: Store, *, village: str = VILLAGE, name: str = "李四", seq: str = "123") -> str:
    """A household with its head, written in ``village`` (ids ``h-<seq>``, ``p-<seq>``)."""
    changes = store.write([
        Create("household", {"household_no": f"H-{seq}", "head_name": name}, scope=village,
               entity_id=f"h-{seq}"),
        Create("person", {"name": name, "id_number": make_id(seq=seq), "relation": "户主",
                          "household_id": f"h-{seq}", "monthly_income": 3000,
                          "phone": "13800138000"}, scope=village, entity_id=f"p-{seq}")])
    return changes.created[1]


def form_edit(store: Store, entity_id: str, props: dict) -> None:
    """Edit a person through a saved form submission (as the follow-up form does)."""
    save_submission(store, {"form_id": "followup", "version": "2026110101",
                            "instance_id": f"uuid:{entity_id}", "answers": props,
                            "entities": [{"list_name": "person", "action": "update",
                                          "entity_id": entity_id, "properties": props}]})


def conflicted(county: Store, laptop: Store, **kw) -> str:
    """A person both devices edited concurrently: the laptop by a form, the county directly."""
    pid = person(county, **kw)
    exchange(county, laptop)
    form_edit(laptop, pid, {"monthly_income": 4200})
    county.update(pid, {"monthly_income": 3900})
    exchange(laptop, county)
    return pid
