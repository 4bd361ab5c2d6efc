"""A push sends each set's canonical body as the journal kept it when it was written.

The bytes must be exactly what the client sent when it read every set back and wrote
it again (``make_batch`` then ``encode_batch``): the stored body is that text or is
not stored at all. Rows written before the journal had bodies, sets pulled from
others and sets sent in part take the old path.
"""

from __future__ import annotations

import json
import math
import shutil
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from bangfu_testdata import TODAY
from hypothesis import given, settings
from hypothesis import strategies as st
from store_replica import EncryptedReplica
from test_sync_push_client import VILLAGE, _odd_sets, _old_client_batch, _village

from registry import journal as journal_rows
from registry.db import open_encrypted
from registry.migrations import JOURNAL_BODY_SCHEMA, migrate, schema_version
from registry.replica import StoreReplica
from registry.store import Delete, Store, Update
from sync.client import SyncClient
from sync.protocol import ChangeSet, make_batch, make_encoded_batch
from sync.server.db import change_sets

DATA = Path(__file__).resolve().parents[1] / "data"


def _rows(store: Store) -> list[tuple]:
    return store.db.execute(f"SELECT origin, {journal_rows.COLUMNS}, body FROM journal"
                            " ORDER BY seq").fetchall()


def _edited_village(replica: EncryptedReplica) -> None:
    _village(replica)
    people = replica.store.find("person", scope=VILLAGE)
    replica.store.write([Update(people[0].id, {"phone": "13800138000", "note": {
        "z": [1, 2.5, None, True], "a": "𠀋\u2028\"引号\""}})])
    replica.store.write([Delete(people[1].id)])


def test_stored_bodies_give_the_old_clients_bytes_at_nine_limits(tmp_path):
    replica = EncryptedReplica("dstored", VILLAGE, root=tmp_path)
    _edited_village(replica)
    pending = replica.pending_sets(10**6)
    stored = replica.stored_bodies(pending)
    assert None not in stored and stored == [s.body() for s in pending]
    assert any(s.seen for s in pending) and any(not s.is_plain_create for s in pending)
    sets, bodies = pending + _odd_sets(), [*stored, None, None, None]
    reference = make_batch(sets, device="dstored")
    full = reference.text_bytes
    first = len(reference.bodies[0])
    limits = {1, 2, first, first + 1, first + 2, full // 3, full - 1, full, full + 1}
    assert len(limits) == 9
    cuts = set()
    for limit in sorted(limits):
        batch, data = make_encoded_batch(sets, device="dstored", max_text_bytes=limit,
                                         stored=bodies)
        assert data == _old_client_batch(sets, device="dstored", limit=limit), limit
        assert batch.sets == tuple(sets[:len(batch.sets)])
        assert batch.bodies == reference.bodies[:len(batch.sets)]
        cuts.add(len(batch.sets))
    assert 1 in cuts and len(sets) in cuts and len(cuts) >= 3


def test_the_stored_text_is_sent_as_it_is(tmp_path):
    replica = EncryptedReplica("das", VILLAGE, root=tmp_path)
    _village(replica, people=3)
    pending = replica.pending_sets(10**6)
    stored = replica.stored_bodies(pending)
    marked = [stored[0].replace(VILLAGE, "361130104299"), *stored[1:]]
    batch, data = make_encoded_batch(pending, device="das", stored=marked)
    assert batch.bodies[0] == marked[0] != pending[0].body()
    assert data != make_encoded_batch(pending, device="das")[1]


def test_local_writes_keep_bodies_pulled_sets_none(tmp_path):
    other = EncryptedReplica("dpeer", VILLAGE, root=tmp_path)
    _village(other, seed=7, people=5)
    replica = EncryptedReplica("dmine", VILLAGE, root=tmp_path)
    _edited_village(replica)
    replica.apply_remote(other.pending_sets(10**6))
    rows = _rows(replica.store)
    assert {r[0] for r in rows} == {0, 1}
    for origin, *columns, body in rows:
        if origin:
            assert body is None
        else:
            assert body == journal_rows.set_of_row(tuple(columns)).body()
    # Only this device's own rows are pushed, each with its body.
    pending = replica.pending_sets(10**6)
    assert len(pending) == sum(1 for r in rows if r[0] == 0)
    assert None not in replica.stored_bodies(pending)


def test_a_set_sent_in_part_is_built_not_taken_from_the_journal(tmp_path):
    replica = EncryptedReplica("dpart", VILLAGE, root=tmp_path)
    _village(replica, people=3)
    first = replica.pending_sets(10**6)[0]
    replica.mark_acknowledged([first.only(list(first.props)[:1])])
    pending = replica.pending_sets(10**6)
    assert pending[0].set_id == first.set_id and pending[0].props != first.props
    stored = replica.stored_bodies(pending)
    assert stored[0] is None and None not in stored[1:]
    assert stored[1:] == [s.body() for s in pending[1:]]
    # A set that is not the very object handed out gets no stored body either.
    copy = ChangeSet(*(getattr(pending[1], f) for f in ChangeSet.__slots__))
    assert replica.stored_bodies([copy]) == [None]
    batch, data = make_encoded_batch(pending, device="dpart", stored=stored)
    assert data == _old_client_batch(pending, device="dpart", limit=10**9)


# -- the body is the text the push builds from the row, or none -----------------------

_SCALARS = (st.none() | st.booleans() | st.integers() | st.text(max_size=8)
            | st.floats(allow_nan=True, allow_infinity=True))
_VALUES = st.recursive(_SCALARS, lambda inner: (
    st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    | st.dictionaries(st.integers(), inner, min_size=1, max_size=2)), max_leaves=12)
_PROPS = st.dictionaries(st.text(min_size=1, max_size=6), _VALUES, min_size=1, max_size=5)


def _set(props: dict, seen: dict | None = None) -> ChangeSet:
    return ChangeSet("s1", "e1", "person", "0001700000000000:0000:dgen", "dgen", "u", VILLAGE,
                     {p: [v, None] for p, v in props.items()}, seen)


def _plain_json(value: object) -> bool:
    """A value orjson writes and reads back unchanged (so its body must be stored)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return not isinstance(value, str) or not any(
            0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, int):
        return -2**63 <= value < 2**64
    if isinstance(value, float):
        return True
    if isinstance(value, list | tuple):
        return all(_plain_json(v) for v in value)
    return all(isinstance(k, str) and _plain_json(k) and _plain_json(v)
               for k, v in value.items())


@settings(max_examples=300, deadline=None)
@given(_PROPS)
def test_a_stored_body_is_the_text_the_push_builds(props):
    change_set = _set(props)
    body = journal_rows.body_of(change_set)
    if _plain_json(change_set.props):
        assert body is not None
    if body is None:
        return
    row = journal_rows.pack_set(change_set, origin=0)[:-1]
    assert body == journal_rows.set_of_row(row).body()
    assert json.loads(body)["props"] is not None


def test_values_whose_text_could_change_are_not_stored():
    class Text(str):
        pass

    for value in (2**64, -2**63 - 1, {1: "a"}, "\ud800", Text("a"), date(2026, 1, 2)):
        assert journal_rows.body_of(_set({"v": value})) is None, repr(value)
    for value in (math.nan, -0.0, 1e300, 2**64 - 1, -2**63, (1, "二")):
        change_set = _set({"v": value})
        row = journal_rows.pack_set(change_set, origin=0)[:-1]
        assert journal_rows.body_of(change_set) == journal_rows.set_of_row(row).body()
    delete = _set({"_deleted": True}, {"name": "s0.name"})
    assert journal_rows.body_of(delete) == delete.body()


# -- an old profile: its rows pushed the old way, new ones as stored -------------------

def test_old_profile_upgrades_and_pushes_old_rows_and_new_ones(server, tmp_path):
    shutil.copy(DATA / "schema_v1.db", tmp_path / "old.db")
    key = bytes.fromhex(json.loads((DATA / "schema_v1.json").read_text())["key_hex"])
    conn = open_encrypted(tmp_path / "old.db", key)
    assert schema_version(conn) == 1
    assert JOURNAL_BODY_SCHEMA in migrate(conn)
    store = Store(conn, user="u", device="dfixturev1", default_scope=VILLAGE,
                  today=lambda: TODAY)
    old = store.db.execute("SELECT count(*) FROM journal WHERE body IS NULL").fetchone()[0]
    assert old == 2  # two people of the old file, one set each
    store.create("person", {"name": "新人", "relation": "之女"}, scope=VILLAGE)
    replica = StoreReplica(store)
    pending = replica.pending_sets(10**6)
    stored = replica.stored_bodies(pending)
    assert [b is None for b in stored] == [True] * 2 + [False] * (len(pending) - 2)
    expected = {s.set_id: s.body() for s in pending}
    token = server.enrol("dfixturev1", VILLAGE, "village")
    client = SyncClient(server.url, token, replica, batch_size=3)
    assert client.sync().pushed == sum(len(s.props) for s in pending)
    assert replica.pending_count() == 0
    with server.engine.connect() as db:
        got = {r[0]: r[1] for r in db.execute(sa.select(change_sets.c.set_id,
                                                        change_sets.c.body))}
    assert {s: got[s] for s in expected} == expected
    store.close()
