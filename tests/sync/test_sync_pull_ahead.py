"""Rows built ahead on the fetching thread (``StoreReplica.prepare_remote``): a merge
given them writes exactly what a merge without them writes, and uses them only for
sets that really create an entity new to the store."""

from __future__ import annotations

import dataclasses

from bangfu_testdata import TODAY
from store_replica import EncryptedReplica

from registry.demo import household_ops
from registry.demo_data import generate_village
from registry.replica import PreparedSets, StoreReplica
from registry.store import Mark, Update
from sync.protocol import DELETED, MERGED_INTO, ChangeSet

VILLAGE = "361130104201"


def _source_sets(tmp_path) -> list[ChangeSet]:
    """A village created, then edited, deleted and merged in the same journal."""
    source = EncryptedReplica("dsource", VILLAGE, root=tmp_path)
    households = generate_village(seed=7, people=30, village_code=VILLAGE, today=TODAY)
    source.store.write(household_ops(households, scope=VILLAGE))
    people = source.store.find("person")
    source.store.write([Update(p.id, {"monthly_income": 2000 + n})
                        for n, p in enumerate(people[:6])])
    source.store.delete(people[7].id)
    source.store.write([Mark(people[8].id, {MERGED_INTO: people[9].id})])
    return source.pending_sets(10**6)


def _rows(replica: StoreReplica) -> dict[str, list[tuple]]:
    conn = replica.store.db.conn
    out = {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()  # in write order
           for t in ("entity", "journal")}
    out.update({t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in ("search_key", "heads", "conflict", "replaced")})
    return out


def _pair(tmp_path) -> tuple[EncryptedReplica, EncryptedReplica]:
    return (EncryptedReplica("dsink", VILLAGE, root=tmp_path / "plain"),
            EncryptedReplica("dsink", VILLAGE, root=tmp_path / "ahead"))


def _apply_both(plain: StoreReplica, ahead: StoreReplica, page: list[ChangeSet]) -> None:
    prepared = StoreReplica.prepare_remote(page)
    assert list(prepared) == page
    assert plain.apply_remote(page) == ahead.apply_remote(prepared)
    assert _rows(plain) == _rows(ahead)


def test_rows_built_ahead_are_the_rows_the_merge_writes(tmp_path):
    sets = _source_sets(tmp_path)
    prepared = StoreReplica.prepare_remote(sets)
    creating = [s for s in sets if s.is_plain_create and DELETED not in s.props]
    assert creating and len(prepared.ahead) == len(creating) < len(sets)
    plain, ahead = _pair(tmp_path)
    half = len(sets) // 2
    # a second creating set of an entity created earlier: not new to the store then
    again = dataclasses.replace(creating[0], set_id="0" * 26, hlc=sets[-1].hlc)
    for page in (sets[:half], [*sets[half:], again], sets):  # the last: all known
        _apply_both(plain, ahead, page)
    assert ahead.store.count("person") == plain.store.count("person") > 20
    assert ahead.store.search(plain.store.find("person")[0].props["name"])


def test_a_page_applied_twice_from_the_same_prepared_sets_changes_nothing(tmp_path):
    sets = _source_sets(tmp_path)
    plain, ahead = _pair(tmp_path)
    prepared = StoreReplica.prepare_remote(sets)
    for _ in range(2):
        plain.apply_remote(sets)
        second = ahead.apply_remote(prepared)
    assert second.applied == 0 and second.known == sum(len(s.props) for s in sets)
    assert _rows(plain) == _rows(ahead)


def test_the_merge_takes_the_rows_built_ahead_only_for_new_entities(tmp_path):
    sets = _source_sets(tmp_path)
    created = {s.entity_id: s for s in sets if s.is_plain_create}
    edit = next(s for s in sets if not s.is_plain_create and s.entity_id in created)
    first = created[edit.entity_id]
    other = next(s for s in created.values() if s.entity_id != first.entity_id)
    plain, ahead = _pair(tmp_path)
    prepared = StoreReplica.prepare_remote([first, other, edit])
    marked = PreparedSets([])
    for s in (first, other):  # mark the rows built ahead: a different clock stamp
        built = prepared.ahead[id(s)]
        marked.ahead[id(s)] = dataclasses.replace(built, row=(*built.row[:8], "ahead", "ahead"))
    marked.extend([first, other, edit])
    ahead.apply_remote(marked)
    plain.apply_remote([first, other, edit])
    stamps = dict(ahead.store.db.conn.execute("SELECT id, created_hlc FROM entity"))
    assert stamps[other.entity_id] == "ahead"  # created by its set alone: taken as built
    assert stamps[first.entity_id] == first.hlc  # edited later in the page: built again
    assert _rows(plain)["entity"] != _rows(ahead)["entity"]
