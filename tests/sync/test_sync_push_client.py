"""The client's side of a push: each batch built and encoded once (byte for byte what
``encode_batch(make_batch(...))`` gives), and acknowledged by runs of journal rows."""

from __future__ import annotations

from bangfu_testdata import TODAY
from store_replica import EncryptedReplica

from registry.demo import household_ops
from registry.demo_data import generate_village
from registry.replica import seq_runs
from registry.store import Delete, Update
from sync.protocol import (
    ChangeSet,
    decode_batch,
    encode_batch,
    make_batch,
    make_encoded_batch,
)

VILLAGE = "361130104201"


def _village(replica: EncryptedReplica, code: str = VILLAGE, *, people: int = 8,
             seed: int = 1) -> None:
    households = generate_village(seed=seed, people=people, village_code=code, today=TODAY)
    replica.store.write(household_ops(households, scope=code))


def _old_client_batch(pending: list[ChangeSet], *, device: str, limit: int) -> bytes:
    """What the client sent before: ``make_batch``, cut to ``limit`` bytes, encoded."""
    batch = make_batch(pending, device=device)
    if len(batch.sets) > 1 and batch.text_bytes > limit:
        size = 0
        for n, body in enumerate(batch.bodies):
            size += len(body.encode()) + 1
            if size > limit and n:
                batch = make_batch(pending[:n], device=device)
                break
    return encode_batch(batch)


def _odd_sets() -> list[ChangeSet]:
    """Sets a village's first push does not make: resolving, with own ids, a delete,
    nested values, text beyond the BMP, keys out of order."""
    stamp = "0001700000000000:0000:dodd"
    return [
        ChangeSet("s1", "e1", "household", stamp, "dodd", "u", VILLAGE,
                  {"z": ["尾", None], "a": [{"k": [1, 2.5, None], "b": "𠀋"}, "旧",
                                           {"r": ["x.a"], "id": "s0.a"}]}),
        ChangeSet("s2", "e1", "household", stamp, "dodd", "u", VILLAGE,
                  {"_deleted": [True, None]}, {"z": "s1.z", "a": "s0.a"}),
        ChangeSet("s3", "e2", "person", stamp, "dodd", "u", VILLAGE,
                  {"note": ["line\nbreak \"quoted\" \u2028", None]}),
    ]


def test_encoded_batch_is_byte_identical_to_make_then_encode(tmp_path):
    replica = EncryptedReplica("dbytes", VILLAGE, root=tmp_path)
    _village(replica)
    person = replica.store.find("person", scope=VILLAGE)[0]
    replica.store.write([Update(person.id, {"phone": "13800138000"})])
    replica.store.write([Delete(replica.store.find("person", scope=VILLAGE)[1].id)])
    pending = replica.pending_sets(10**6) + _odd_sets()
    assert any(s.seen for s in pending) and any(not s.is_plain_create for s in pending)
    batch, data = make_encoded_batch(pending, device="dbytes")
    reference = make_batch(pending, device="dbytes")
    assert data == encode_batch(reference)
    assert (batch.batch_id, batch.checksum, batch.bodies, batch.sets) == (
        reference.batch_id, reference.checksum, reference.bodies, reference.sets)
    assert decode_batch(data).sets == tuple(pending)


def test_cut_to_the_byte_limit_is_the_old_clients_cut(tmp_path):
    replica = EncryptedReplica("dcut", VILLAGE, root=tmp_path)
    _village(replica, people=6)
    pending = replica.pending_sets(10**6) + _odd_sets()
    full = make_batch(pending, device="dcut").text_bytes
    bodies = make_batch(pending, device="dcut").bodies
    limits = {1, 2, len(bodies[0]), len(bodies[0]) + 1, len(bodies[0]) + 2, full // 3,
              full - 1, full, full + 1}
    cuts = set()
    for limit in sorted(limits):
        batch, data = make_encoded_batch(pending, device="dcut", max_text_bytes=limit)
        assert data == _old_client_batch(pending, device="dcut", limit=limit), limit
        assert batch.sets == tuple(pending[:len(batch.sets)])
        cuts.add(len(batch.sets))
    assert 1 in cuts and len(pending) in cuts and len(cuts) >= 3


def test_seq_runs():
    assert seq_runs([]) == []
    assert seq_runs([5]) == [(5, 5)]
    assert seq_runs([3, 1, 2, 7, 9, 8, 8, 12]) == [(1, 3), (7, 9), (12, 12)]


def _journal(replica: EncryptedReplica) -> list[tuple[int, str, int, int]]:
    return replica.store.db.execute(
        "SELECT seq, set_id, origin, acked FROM journal ORDER BY seq").fetchall()


def test_acknowledged_by_runs_marks_exactly_the_sets_sent(tmp_path):
    """Own rows interleaved with pulled ones, a batch with a gap (a set in flight left
    out) and a partly sent set: exactly the rows wholly sent are marked."""
    other = EncryptedReplica("dother", VILLAGE, root=tmp_path)
    _village(other, seed=7, people=6)
    remote = other.pending_sets(10**6)
    replica = EncryptedReplica("druns", VILLAGE, root=tmp_path)
    _village(replica, seed=1, people=4)
    replica.apply_remote(remote[: len(remote) // 2])
    _village(replica, seed=2, people=4)
    replica.apply_remote(remote[len(remote) // 2:])
    _village(replica, seed=3, people=4)
    before = _journal(replica)
    assert {origin for _, _, origin, _ in before} == {0, 1}

    own = replica.pending_sets(10**6)
    in_flight = {own[1].set_id, own[len(own) // 2].set_id}
    sent = replica.pending_sets(10**6, skip=in_flight)
    partly = sent[-1]
    batch = [*sent[:-1], partly.only(list(partly.props)[:1])]
    replica.mark_acknowledged(batch)

    whole = {s.set_id for s in sent[:-1]}
    after = _journal(replica)
    for (seq, set_id, origin, acked), (_, _, _, acked_before) in zip(after, before,
                                                                     strict=True):
        if origin != 0:
            assert acked == acked_before, seq
        else:
            assert acked == (set_id in whole), (seq, set_id)
    left = replica.pending_sets(10**6)
    assert [s.set_id for s in left] == [s.set_id for s in own
                                        if s.set_id in in_flight | {partly.set_id}]
    assert left[-1].props.keys() == partly.props.keys() - {next(iter(partly.props))}
    assert replica.pending_count() == sum(len(s.props) for s in left)


def test_acknowledging_again_changes_nothing(tmp_path):
    replica = EncryptedReplica("dtwice", VILLAGE, root=tmp_path)
    _village(replica, people=4)
    sent = replica.pending_sets(10**6)
    replica.mark_acknowledged(sent)
    marked = _journal(replica)
    replica.mark_acknowledged(sent)  # a resent batch's acknowledgement
    assert _journal(replica) == marked
    assert replica.pending_sets(10**6) == [] and replica.pending_count() == 0
