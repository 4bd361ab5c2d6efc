"""The merge rule, conflicts, scope, digest and batch format (pure, no I/O)."""

from __future__ import annotations

import gzip
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sync_replica import ReferenceReplica, state_of

from sync.protocol import (
    BATCH_FORMAT,
    BATCH_FORMAT_V1,
    DELETED,
    BatchError,
    Change,
    Outcome,
    PropertyState,
    ScopeError,
    decode_batch,
    encode_batch,
    in_scope,
    make_batch,
    merge,
    new_id,
    scope_digest,
    scope_prefix,
    winner_key,
)

DAY_MS = 86_400_000
VILLAGE = "330102001001"


def test_edit_knowing_current_value_replaces_it():
    a = ReferenceReplica("dev-a", VILLAGE)
    first = a.edit("e1", "name_hash", "x")
    second = a.edit("e1", "name_hash", "y")
    assert second.base == first.change_id
    assert a.state("e1", "name_hash").head_ids == (second.change_id,)
    assert not a.view("e1").conflicts


def test_concurrent_edits_conflict_with_clock_independent_winner():
    a = ReferenceReplica("dev-a", VILLAGE, clock_offset_ms=365 * DAY_MS)
    b = ReferenceReplica("dev-b", VILLAGE, clock_offset_ms=-30 * DAY_MS)
    ca, cb = a.edit("e1", "phone_hash", "a"), b.edit("e1", "phone_hash", "b")
    a.apply_remote([cb])
    b.apply_remote([ca])
    winner = min((ca, cb), key=lambda c: winner_key(c.change_id))
    for r in (a, b):
        state = r.state("e1", "phone_hash")
        assert state.in_conflict and state.winner.change_id == winner.change_id
        assert len(state.losers) == 1
        (conflict,) = r.view("e1").conflicts
        assert conflict.kind == "edit" and conflict.winner.change_id == winner.change_id


def test_concurrent_equal_values_are_not_a_conflict():
    a, b = ReferenceReplica("dev-a", VILLAGE), ReferenceReplica("dev-b", VILLAGE)
    ca, cb = a.edit("e1", "p", 3), b.edit("e1", "p", 3)
    a.apply_remote([cb])
    assert not a.state("e1", "p").in_conflict
    assert set(a.state("e1", "p").head_ids) == {ca.change_id, cb.change_id}


def test_settling_edit_replaces_winner_and_losers():
    a, b = ReferenceReplica("dev-a", VILLAGE), ReferenceReplica("dev-b", VILLAGE)
    ca, cb = a.edit("e1", "p", 1), b.edit("e1", "p", 2)
    a.apply_remote([cb])
    settle = a.edit("e1", "p", 3, settle=True)
    assert a.state("e1", "p").head_ids == (settle.change_id,)
    b.apply_remote([ca, settle])
    assert b.snapshot_state() == a.snapshot_state()


def test_clock_years_ahead_cannot_beat_unseen_edits():
    """Across many draws, the far-ahead device wins about half the conflicts, not all."""
    wins = 0
    for _ in range(200):
        fast = ReferenceReplica("dev-fast", VILLAGE, clock_offset_ms=3 * 365 * DAY_MS)
        slow = ReferenceReplica("dev-slow", VILLAGE)
        cf = fast.edit("e", "p", "fast")
        slow.edit("e", "p", "slow")
        slow.apply_remote([cf])
        wins += slow.state("e", "p").winner.change_id == cf.change_id
        assert slow.state("e", "p").in_conflict
    assert 50 < wins < 150


def test_delete_concurrent_with_edit_is_a_conflict_and_entity_stays():
    a, b = ReferenceReplica("dev-a", VILLAGE), ReferenceReplica("dev-b", VILLAGE)
    base = a.edit("e1", "p", 1)
    b.apply_remote([base])
    edit = a.edit("e1", "p", 2)
    tomb = b.delete("e1")
    assert tomb.seen == {"p": base.change_id}
    for r in (a, b):
        r.apply_remote([edit, tomb])
        view = r.view("e1")
        assert not view.deleted
        (conflict,) = view.conflicts
        assert conflict.kind == "delete" and conflict.losers[0].change_id == tomb.change_id


def test_delete_knowing_everything_deletes():
    a = ReferenceReplica("dev-a", VILLAGE)
    a.edit("e1", "p", 1)
    a.delete("e1")
    assert a.view("e1").deleted and not a.view("e1").conflicts


def test_append_only_never_conflicts():
    a, b = ReferenceReplica("dev-a", VILLAGE), ReferenceReplica("dev-b", VILLAGE)
    ca = a.edit("v1", "note", "x", entity_list="visit")
    cb = b.edit("v1", "note", "y", entity_list="visit")
    a.apply_remote([cb])
    b.apply_remote([ca])
    assert a.snapshot_state() == b.snapshot_state()
    assert not a.view("v1").conflicts


def test_merge_known_and_superseded():
    a = ReferenceReplica("dev-a", VILLAGE)
    c1 = a.edit("e", "p", 1)
    c2 = a.edit("e", "p", 2)
    b = ReferenceReplica("dev-b", VILLAGE)
    assert b.apply_remote([c2, c1]).superseded == 1  # reordered: c1 arrives late
    assert b.snapshot_state() == a.snapshot_state()
    decision = merge(PropertyState(), c1, known=True)
    assert decision.outcome is Outcome.KNOWN


@pytest.mark.parametrize(("code", "role", "prefix"), [
    ("330102001001", "village", "330102001001"),
    ("330102001000", "township", "330102001"),
    ("330102000000", "county", "330102"),
    ("330102", None, "330102"),
    ("330100000000", None, "3301"),
])
def test_scope_prefix(code, role, prefix):
    assert scope_prefix(code, role) == prefix


def test_scope_matching():
    assert in_scope("330102001001", "330102001")
    assert not in_scope("330102002001", "330102001")
    assert not in_scope("33010200100x", "33")
    for bad in ("", "12345", "abc", "3301020010011"):
        with pytest.raises(ScopeError):
            scope_prefix(bad)


def test_digest_is_order_independent():
    rows = [("e1", "p", ["b", "a"]), ("e2", "q", ["c"])]
    assert scope_digest(rows) == scope_digest(list(reversed(rows)))
    assert scope_digest(rows)[0] == 2
    assert scope_digest(rows) != scope_digest(rows[:1])


def _changes(n: int) -> list[Change]:
    a = ReferenceReplica("dev-a", VILLAGE)
    return [a.edit(f"e{i}", "p", {"v": i, "名": "值"}) for i in range(n)]


def test_batch_roundtrip_and_stable_id():
    changes = _changes(5)
    batch = make_batch(changes, device="dev-a")
    assert make_batch(changes, device="dev-a").batch_id == batch.batch_id
    decoded = decode_batch(encode_batch(batch))
    assert decoded == batch


@pytest.mark.parametrize("damage", ["truncate", "flip", "checksum", "format", "bomb"])
def test_batch_damage_is_refused(damage):
    data = encode_batch(make_batch(_changes(3), device="dev-a"))
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data = data[:20] + bytes([data[20] ^ 0xFF]) + data[21:]
    elif damage in ("checksum", "format"):
        env = json.loads(gzip.decompress(data))
        env["checksum" if damage == "checksum" else "format"] = "x"
        data = gzip.compress(json.dumps(env).encode())
    else:
        data = gzip.compress(b" " * (2 * 1024 * 1024))
    with pytest.raises(BatchError):
        decode_batch(data, max_bytes=1024 * 1024)


def test_grouped_format_roundtrip_and_same_identity_as_format_1():
    a, b = ReferenceReplica("dev-a", VILLAGE), ReferenceReplica("dev-b", VILLAGE)
    c1 = a.edit("e", "p", {"名": 1})
    b.apply_remote([c1])
    c2, c3 = a.edit("e", "p", 2), b.edit("e", "p", 3)
    a.apply_remote([c3])
    settle, tomb = a.edit("e", "p", 4, settle=True), b.delete("e")
    sets = [Change(f"{sid}.{p}", f"x{sid[-4:]}", "person", p, v, None,
                   "0000000000000009:0001:dev-a", "dev-a", "u", VILLAGE)
            for sid in (new_id(), new_id()) for p, v in (("name", "张三"), ("age", 3))]
    batch = make_batch([c1, c2, c3, settle, tomb, *sets, c1], device="dev-a")
    v1, v2 = encode_batch(batch, format=BATCH_FORMAT_V1), encode_batch(batch)
    env = json.loads(gzip.decompress(v2))
    assert env["format"] == BATCH_FORMAT and "changes" not in env
    assert [len(g["props"]) for g in env["sets"][-3:]] == [2, 2, 1]
    assert [g["device"] for g in env["sets"][:3]] == ["dev-a", "dev-a", "dev-b"]
    assert env["sets"][-3]["props"]["name"] == ["张三", None]
    assert decode_batch(v2) == decode_batch(v1) == batch
    # Canonical JSON sorts a set's properties; the changes are the same ones.
    assert sorted(decode_batch(v2).changes, key=lambda c: c.change_id) == sorted(
        (c1, c2, c3, settle, tomb, *sets, c1), key=lambda c: c.change_id)
    assert json.loads(gzip.decompress(v1))["checksum"] == env["checksum"]
    with pytest.raises(ValueError):
        encode_batch(batch, format="bangfu.batch/9")


@pytest.mark.parametrize(("damage", "message"), [
    (lambda e: e.pop("sets"), "'sets'"),
    (lambda e: e["sets"][0].pop("id"), "sets[0]': set field 'id'"),
    (lambda e: e["sets"][0].update(extra=1), "unknown key 'extra'"),
    (lambda e: e["sets"][0]["props"].update(p=["p"]), "'p': expected [value, base, extra?]"),
    (lambda e: e["sets"][0]["props"].update(p=[1, None, {}]), "extra must be"),
    (lambda e: e["sets"][0]["props"].update(p=[1, None, {"id": "x", "more": 1}]),
     "extra must be"),
    (lambda e: e["sets"][0]["props"].update(p=[1, 7]), "base must be"),
    (lambda e: e["sets"][0]["props"].update(p=[1, "s0.p"]), "cannot replace itself"),
    (lambda e: e["sets"][0]["props"].update(p=["x" * 70_000, None]), "value too large"),
    (lambda e: e["sets"][0].update(seen={"p": "s0.p"}), "only a delete carries it"),
    (lambda e: e["sets"][0].pop("hlc"), "sets[0]': set field 'hlc'"),
    (lambda e: e["sets"][0].update(hlc="soon"), "not a clock stamp"),
    (lambda e: e["sets"][0].update(scope="33x"), "scope"),
    (lambda e: e["sets"][0].update(device="dev-b"), "stamp device differs"),
    (lambda e: e["sets"][0].update(props={f"p{i}": [1, None] for i in range(50_001)}),
     "more than 50000 changes"),
])
def test_set_format_damage_is_refused_clearly(damage, message):
    env = json.loads(gzip.decompress(encode_batch(make_batch(_changes(3), device="dev-a"))))
    for n, group in enumerate(env["sets"]):
        group["id"] = f"s{n}"
    damage(env)
    with pytest.raises(BatchError, match=message.replace("[", r"\[").replace("?", r"\?")):
        decode_batch(gzip.compress(json.dumps(env).encode()))


def test_a_relabelled_batch_fails_its_checksum():
    env = json.loads(gzip.decompress(encode_batch(make_batch(_changes(3), device="dev-a"))))
    env["sets"][0]["props"] = {k: [v[0], v[1]] for k, v in env["sets"][0]["props"].items()}
    env["sets"][0]["user"] = "someone-else"
    with pytest.raises(BatchError, match="checksum"):
        decode_batch(gzip.compress(json.dumps(env).encode()))


# -- convergence at protocol level ------------------------------------------------

OPS = st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["edit", "edit", "settle",
                                                               "delete", "sync"]),
                         st.integers(0, 2), st.integers(0, 3)), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(ops=OPS, seed=st.integers(0, 2**32))
def test_replicas_converge_whatever_the_order(ops, seed):
    rng = random.Random(seed)
    reps = [ReferenceReplica(f"dev-{i}", VILLAGE, clock_offset_ms=rng.randint(-30, 30) * DAY_MS)
            for i in range(3)]
    made: list[Change] = []
    for who, op, entity, value in ops:
        rep = reps[who]
        if op == "sync":  # a partial, shuffled, duplicated delivery from another replica
            other = reps[(who + 1) % 3]
            sample = rng.sample(made, k=min(len(made), rng.randint(0, 6)))
            rep.apply_remote(sample + sample[:1])
            rep.apply_remote([made[i] for i in range(len(made)) if made[i].device == other.device_id()
                              and rng.random() < 0.5])
        elif op == "delete":
            made.append(rep.delete(f"e{entity}"))
        else:
            made.append(rep.edit(f"e{entity}", f"p{value % 2}", value, settle=op == "settle"))
    expected = state_of(made)
    for rep in reps:
        shuffled = made[:]
        rng.shuffle(shuffled)
        rep.apply_remote(shuffled + shuffled[: len(shuffled) // 3])
        assert rep.snapshot_state() == expected
    views = [{e: r.view(e) for e in {c.entity_id for c in made}} for r in reps]
    assert views[0] == views[1] == views[2]


def test_new_id_shape():
    assert len(new_id()) == 32
    assert DELETED == "_deleted"
