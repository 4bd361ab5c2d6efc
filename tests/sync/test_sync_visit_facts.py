"""Schema 5's fact tables stay true on every device when follow-ups, deletes and a merge
arrive by sync through a real county server (the replica apply path writes ``entity``;
the triggers keep the facts), and the fast alerts agree with the full scan there."""

from __future__ import annotations

import json
import time
from datetime import date

from fact_tables import assert_facts_fresh
from store_replica import EncryptedReplica

from registry.alerts import alerts_for_store
from registry.county import merge_entities
from registry.store import Create, Delete
from sync.client import SyncClient

VILLAGE = "361130104201"
AS_OF = date(2026, 11, 22)


def device(server, tmp_path, name, scope, role):
    rep = EncryptedReplica(name, scope, root=tmp_path)
    return rep, SyncClient(server.url, server.enrol(name, scope, role), rep)


def visit(pid, day, status="employed", income=3000):
    return Create("visit", {"person_id": pid, "visit_date": day, "employment_status": status,
                            "monthly_income": income})


def alerts(store, **kw):
    return sorted((a.kind, a.subject, json.dumps(a.facts, sort_keys=True))
                  for a in alerts_for_store(store, as_of=AS_OF, **kw))


def test_facts_follow_synced_follow_ups_deletes_and_merges(server, tmp_path):
    a, sync_a = device(server, tmp_path, "la", VILLAGE, "village")
    b, sync_b = device(server, tmp_path, "lb", VILLAGE, "village")
    county, sync_c = device(server, tmp_path, "lc", "361130", "county")
    hh = a.store.create("household", {"household_no": "H1"})
    first, second = (a.store.create("person", {
        "household_id": hh, "name": name, "relation": relation, "labour_class": "普通劳动力",
        "wants_work": True}) for name, relation in (("甲", "户主"), ("乙", "之子")))
    a.store.write([visit(first, "2026-10-05"), visit(first, "2026-11-03", income=1000),
                   visit(second, "2026-10-06")])
    sync_a.sync(), sync_b.sync()
    # laptop b: a follow-up of the second person this month; the first's is withdrawn
    latest_first = b.store.db.execute(
        "SELECT id FROM visit_latest WHERE person = ?", [first]).fetchone()[0]
    b.store.write([visit(second, "2026-11-08", "unemployed", 0), Delete(latest_first)])
    time.sleep(0.005)
    # laptop a, offline too, records the same day later: its record (the greater id) counts
    # everywhere, also on a, where b's older record arrives after it
    a.store.write([visit(second, "2026-11-08", "employed", 2000)])
    sync_a.sync(), sync_b.sync(), sync_a.sync(), sync_c.sync()
    # the county merges the second person into the first (one person registered twice)
    merge_entities(county.store, keep=first, drop=second)
    sync_c.sync(), sync_a.sync(), sync_b.sync()
    for rep in (a, b, county):
        counts = assert_facts_fresh(rep.store.db)
        assert counts == {"visit_fact": 4, "visit_latest": 2, "person_fact": 2,
                          "household_fact": 1, "visit_month_status": 3,
                          "visit_month_latest": 3}
        assert alerts(rep.store) == alerts(rep.store, scan=True)
        overdue = {s for kind, s, _ in alerts(rep.store) if kind == "visit_overdue"}
        assert overdue == set()  # the first is seen through the merged record's visit
    for rep in (a, b, county):
        latest = rep.store.db.execute("SELECT person, day, status FROM visit_latest")
        assert {p: (d, s) for p, d, s in latest} == {first: ("2026-10-05", "employed"),
                                                     second: ("2026-11-08", "employed")}
