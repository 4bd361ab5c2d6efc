"""The facts of a few people (a household's members) are read by id and by parent: the same
facts as the whole-store read, at a cost that does not grow with the county."""

from __future__ import annotations

import random
from datetime import date

from bench.alerts import field_work
from registry.demo import household_ops
from registry.demo_data import generate_village
from registry.policy.facts import people_facts
from registry.store import Create, Store

TODAY = date(2026, 11, 22)
COUNTY = "361130"


def _village(store: Store, n: int, *, used: set[str]) -> list[list[str]]:
    """One synthetic village with follow-ups, posts, services, training, work spells and
    claims; return its households' member ids."""
    code = f"{COUNTY}100{n:03d}"
    households = generate_village(seed=n, people=60, village_code=code, today=TODAY,
                                  used_ids=used)
    created = iter(store.write(household_ops(households, scope=code)).created)
    members = []
    for household in households:
        next(created)
        members.append([next(created) for _ in household.members])
    ids = [pid for group in members for pid in group]
    rng = random.Random(n)
    store.write(field_work(households, ids, rng))
    store.write(_extras(ids, rng))
    return members


def _extras(ids: list[str], rng: random.Random) -> list[Create]:
    ops: list[Create] = []
    for pid in rng.sample(ids, 12):
        ops += [Create("work_spell", {"person_id": pid, "start": "2026-03-01",
                                      "work_place": "outside"}),
                Create("training", {"person_id": pid, "training_type": "skill", "days": 5,
                                    "start_date": "2026-04-01", "course": "电工"}),
                Create("claim", {"subject_id": pid, "rule_kind": "one_time_transport_subsidy",
                                 "granted_on": "2026-05-01", "period": "2026"})]
    agency, counted = rng.sample(ids, 2)
    # a claim whose subject is someone else (it belongs to the subject) and one that
    # names only the person counted (no subject: it belongs to that person)
    ops += [Create("claim", {"subject_id": agency, "person_id": counted, "period": "2026",
                             "rule_kind": "job_placement_subsidy", "granted_on": "2026-06-01"}),
            Create("claim", {"person_id": counted, "period": "2026", "granted_on": "2026-07-01",
                             "rule_kind": "one_time_transport_subsidy"})]
    return ops


def _steps(store: Store, action) -> int:
    """SQLite virtual-machine steps (in units of 100) ``action`` makes on the real
    connection: a count of the rows it reads, not a timing."""
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    store.db.conn.set_progress_handler(tick, 100)
    try:
        action()
    finally:
        store.db.conn.set_progress_handler(None, 100)
    return count[0]


def test_targeted_facts_equal_the_whole_store_read(store):
    used: set[str] = set()
    villages = [_village(store, n, used=used) for n in range(3)]
    whole = people_facts(store)
    assert sum(len(f["claims"]) for f in whole.values()) >= 3 * 13
    for households in villages:
        for ids in households:
            assert people_facts(store, person_ids=ids) == {pid: whole[pid] for pid in ids}
    everyone = list(whole)
    assert people_facts(store, person_ids=everyone) == whole
    scope = f"{COUNTY}100001"
    in_village = people_facts(store, scope=scope)
    mixed = villages[1][0] + villages[2][0]
    assert people_facts(store, person_ids=mixed, scope=scope) == {
        pid: in_village[pid] for pid in mixed if pid in in_village}
    assert people_facts(store, person_ids=["no-such-person"]) == {}


def test_a_households_facts_cost_does_not_grow_with_the_county(store):
    used: set[str] = set()
    first = _village(store, 0, used=used)
    ids = max(first, key=len)
    before = _steps(store, lambda: people_facts(store, person_ids=ids))
    for n in range(1, 5):
        _village(store, n, used=used)
    after = _steps(store, lambda: people_facts(store, person_ids=ids))
    whole = _steps(store, lambda: people_facts(store))
    # five villages now: a whole read costs about five times one village's; the
    # household's read stays what it was (B-tree depth aside)
    assert after <= before * 1.5 + 5, (before, after)
    assert after * 5 < whole, (after, whole)
