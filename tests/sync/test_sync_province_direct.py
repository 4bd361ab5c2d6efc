"""The province generator's direct push (``bench._province.push_direct``) stores on
PostgreSQL exactly the rows the same batches pushed over HTTP store, and
``bench.scale --province --keep DIR`` reuses a province generated at the same sizes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bangfu_testdata import TODAY
from sqlalchemy import text

from bench._province import batches_of, cloned, county_code, push_direct, push_raw
from registry.demo import household_ops
from registry.demo_data import generate_village
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.replica import StoreReplica
from sync.client import enroll
from sync.protocol import make_batch
from sync.server.auth import create_enrolment
from sync.server.db import database_url, open_engine

ROOT = Path(__file__).resolve().parents[2]
#: The tables a push writes (compared without their clock-time columns, ``*_ms``).
TABLES = ("change_sets", "states", "lookups", "links", "flags", "disclosures", "batches")


def _bodies(tmp_path) -> list[str]:
    """County 0's sets (one village, edits included) as canonical bodies."""
    store = Profile(tmp_path / "county0", today=lambda: TODAY).create(
        user="u", passphrase="Test-pass-1", scope="361130", kdf=KdfParams.fast(),
        device="prov00")
    village = "361130104201"
    households = generate_village(seed=3, people=40, village_code=village, today=TODAY)
    store.write(household_ops(households, scope=village))
    person = store.find("person")[0]
    store.update(person.id, {"monthly_income": 4321})
    sets = StoreReplica(store).pending_sets(10**6)
    store.close()
    return list(make_batch(sets, device="prov00").bodies)


def _rows(engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        columns = {t: [r[0] for r in conn.execute(text(
            "SELECT column_name FROM information_schema.columns WHERE table_name = :t"
            " AND column_name NOT LIKE '%\\_ms' ORDER BY ordinal_position"), {"t": t})]
            for t in TABLES}
        return {t: sorted(map(tuple, conn.execute(text(
            f"SELECT {', '.join(cols)} FROM {t}"))), key=repr) for t, cols in columns.items()}


def test_direct_push_stores_the_rows_an_http_push_stores(tmp_path, postgres, server_class):
    bodies = _bodies(tmp_path)
    over_http = server_class(tmp_path / "http", postgres.new_database())
    over_http.start()
    direct = open_engine(database_url(tmp_path / "direct", postgres.new_database()))
    try:
        for k in (1, 2):
            device, scope = f"prov{k:02d}", county_code(k)
            code = create_enrolment(over_http.engine, name=device, role="county", scope=scope)
            token = enroll(over_http.url, code=code, device_id=device)["token"]
            sent = push_raw(over_http.url, token, batches_of(cloned(bodies, k), device=device))
            assert push_direct(direct, device, scope, cloned(bodies, k)) == sent > len(bodies)
        by_http, by_direct = _rows(over_http.engine), _rows(direct)
    finally:
        over_http.kill()
        over_http.engine.dispose()
        direct.dispose()
    assert len(by_http["change_sets"]) == 2 * len(bodies)
    assert by_http["states"] and by_http["lookups"] and by_http["batches"]
    assert by_direct == by_http


def test_a_kept_province_is_reused_at_the_same_sizes_and_made_again_at_others(
        tmp_path, postgres):
    server = postgres.new_database()
    keep = tmp_path / "province"

    def run(counties: int) -> dict[str, dict]:
        out = subprocess.run([sys.executable, "-m", "bench.scale", "--province", "--people",
                              "60", "--counties", str(counties), "--db", server, "--keep",
                              str(keep)], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr[-2000:]
        return {r["metric"]: r for r in map(json.loads, out.stdout.splitlines())}

    first, again, other = run(2), run(2), run(3)
    assert not first["province_load_s"]["reused"] and again["province_load_s"]["reused"]
    assert again["province_load_s"]["change_sets"] == first["province_load_s"]["change_sets"]
    assert again["province_first_sync_s"]["people"] == 60  # else the bench exits non-zero
    assert not other["province_load_s"]["reused"]
    assert other["province_load_s"]["change_sets"] == 3 * other["province_first_sync_s"]["records"]
