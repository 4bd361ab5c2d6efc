"""Duplicates end to end on a real county server on 127.0.0.1 and real encrypted profiles:
a village registers a person, a relocation desk in another village registers the same ID
number, both sync; the county sees the pair (its own check and the server's flag), merges
it on the page and marks another pair "not the same person"; after syncing, the village
laptop holds the merge and a second county laptop never proposes the dismissed pair."""

from __future__ import annotations

import subprocess
import threading

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, make_id

from desktop import ops
from desktop.background import BackgroundRunner
from desktop.connection import enrol_store
from desktop.county.duplicates import DuplicatesPage, MergeDialog
from desktop.embedded_server import EmbeddedServer
from registry.county_duplicates import SAME_ID, SERVER_FLAG, DedupRule, candidates, load_rule
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Create, Store

COUNTY = "361130"
VILLAGE_A, VILLAGE_B = "361130104201", "361130104202"


@pytest.fixture
def server(tmp_path):
    srv = EmbeddedServer(tmp_path / "server")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def profiles(tmp_path, server):
    """Enrolled profiles by name: two villages and two county laptops."""
    made: dict[str, Store] = {}
    for name, scope, role in (("a", VILLAGE_A, "village"), ("b", VILLAGE_B, "village"),
                              ("county", COUNTY, "county"), ("county2", COUNTY, "county")):
        store = Profile(tmp_path / name, today=lambda: TODAY).create(
            user=name, passphrase=PASSPHRASE, scope=scope, kdf=KdfParams.fast())
        code = subprocess.run(server._cli("enroll") + [
            "--name", name, "--role", role, "--scope", scope],
            check=True, capture_output=True, text=True).stdout.strip()
        enrol_store(store, server.url, code)
        made[name] = store
    yield made
    BackgroundRunner.stop_all()
    for store in made.values():
        store.close()


def sync(store: Store) -> None:
    """One real sync, as 立即同步 does it (the server's flags kept after it)."""
    runner = BackgroundRunner(store, synchronous=True)
    failed: list[BaseException] = []
    ops.sync(runner, None, progress=lambda *_a: None, cancel=threading.Event()).failure(
        failed.append).run()
    assert not failed, failed


def register(store: Store, village: str, props: dict) -> str:
    hid = store.create("household", {"household_no": f"{village}0001",
                                     "head_name": props["name"]}, scope=village)
    return store.write([Create("person", {**props, "household_id": hid, "relation": "户主"},
                               scope=village)]).created[0]


def test_the_county_merges_a_duplicate_and_both_laptops_see_it(qtbot, profiles):
    a, b, county, county2 = (profiles[k] for k in ("a", "b", "county", "county2"))
    number = make_id(birth="19820304", seq="515")
    first = register(a, VILLAGE_A, {"name": "冯刚", "id_number": number})
    second = register(b, VILLAGE_B, {"name": "冯刚", "id_number": number, "phone": "13900139000"})
    other_a = register(a, VILLAGE_A, {"name": "蒋梅", "birth_date": "1990-09-09"})
    other_b = register(b, VILLAGE_B, {"name": "蒋梅", "birth_date": "1990-09-09"})
    for store in (a, b, county):
        sync(store)
    found = {frozenset((c.a, c.b)): c.reasons for c in candidates(county)}
    assert found[frozenset((first, second))] >= {SAME_ID, SERVER_FLAG}
    assert frozenset((other_a, other_b)) in found

    page = DuplicatesPage(BackgroundRunner(county))
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    row = next(r for r in range(2) if {page.model.row_at(r).candidate.a,
                                       page.model.row_at(r).candidate.b} == {first, second})
    page.view.selectRow(row)
    qtbot.waitUntil(lambda: {s.id for s in page.comparison.sides()} == {first, second},
                    timeout=10_000)
    page.merge_button.click()
    dialog = page.findChild(MergeDialog)
    (dialog.keep_a if dialog.sides[0].id == first else dialog.keep_b).setChecked(True)
    dialog.confirm.click()
    qtbot.waitUntil(lambda: page.status.text().startswith("已合并"), timeout=10_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.view.selectRow(0)
    qtbot.waitUntil(lambda: bool(page.comparison.sides()), timeout=10_000)
    page.fields["sex"].setChecked(True)  # and a rule of the county's own
    page.save_rule.click()
    page.dismiss_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    page.runner.wait()

    sync(county)
    for store in (a, b, county2):
        sync(store)
    dropped = b.get(second, follow_merges=False)
    assert dropped.merged_into == first  # the relocation desk's record now redirects
    assert a.get(first).props["phone"] == "13900139000"  # what the kept one lacked
    assert load_rule(county2).fields == ("name", "birth_date", "sex")
    assert candidates(county2) == []  # merged, and the other pair dismissed
    assert candidates(county2, rule=DedupRule()) == []  # name + birth date: dismissed
