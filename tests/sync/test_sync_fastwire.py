"""The msgspec lane of batch decoding decodes exactly as the reference decoder does.

``decode_batch`` takes plain creating sets through ``sync.protocol.fastwire`` and
everything else through ``parse_set``; the reference (the lane switched off) must
give the same batch, or refuse with the same message, for any input.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import date

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.demo import household_ops
from registry.demo_data import generate_village
from sync.protocol import BatchError, Stamp, decode_batch, encode_batch, make_batch
from sync.protocol.batches import BATCH_FORMAT, gunzip
from sync.protocol.fastwire import envelope_of, plain_batch, plain_set
from sync.protocol.jsontext import canonical_json, compact_json

V1 = "361130104201"
TODAY = date(2026, 11, 22)


def _outcome(data: bytes, *, fast: bool) -> tuple:
    """("ok", the batch's fields and bodies) or ("error", the message)."""
    try:
        b = decode_batch(data, fast=fast)
    except BatchError as exc:
        return ("error", str(exc))
    return ("ok", b.batch_id, b.device, b.checksum, b.sets, b.bodies, b.plain_creates())


def _same(data: bytes) -> tuple:
    fast = _outcome(data, fast=True)
    assert fast == _outcome(data, fast=False)
    return fast


def _envelope(sets: list[dict], *, checksum: str | None = None, **extra: object) -> dict:
    bodies = [canonical_json(s) for s in sets]
    text = f"[{','.join(bodies)}]"
    return {"batch_id": "b1", "device": "dev-a", "format": BATCH_FORMAT,
            "checksum": checksum or hashlib.sha256(text.encode()).hexdigest(),
            "sets": sets, **extra}


def _plain(n: int, **props: object) -> dict:
    stamp = Stamp(1_764_000_000_000 + n, n, "dev-a").encode()
    return {"id": f"s{n:04d}", "entity": f"e{n:04d}", "list": "person", "hlc": stamp,
            "device": "dev-a", "user": "u1", "scope": V1,
            "props": {p: [v, None] for p, v in (props or {"name": "张三"}).items()}}


def test_a_real_village_batch_goes_through_the_lane_whole(tmp_path):
    from bench.sync import new_profile
    from registry.replica import StoreReplica

    store = new_profile(tmp_path / "p", scope=V1, name="dev-a")
    households = generate_village(seed=7, people=40, village_code=V1, today=TODAY)
    store.write(household_ops(households, scope=V1))
    sets = StoreReplica(store).pending_sets(40_000, ())
    store.close()
    data = encode_batch(make_batch(sets, device="dev-a"))
    envelope = envelope_of(gunzip(data, 1 << 26))
    assert envelope is not None
    assert all(plain_set(raw) is not None for raw in envelope.sets)  # every set in the lane
    outcome = _same(data)
    assert outcome[0] == "ok" and list(outcome[4]) == sets
    assert all(outcome[6])  # every set marked a plain creating set
    whole = plain_batch(envelope.sets)  # and the batch checked whole, in one decode
    assert whole is not None
    one_by_one = [plain_set(raw) for raw in envelope.sets]
    assert whole[0] == [p[0] for p in one_by_one] and whole[1] == [p[1] for p in one_by_one]
    assert whole[2] == f"[{','.join(whole[1])}]".encode()


def test_one_odd_set_takes_the_batch_off_the_whole_list_lane():
    good = [_plain(n, name="张三", age=n) for n in range(4)]
    for odd, creates in (({**_plain(9), "props": {"a": ["x", "other.a"]}}, False),  # an edit
                         ({**_plain(9), "props": {"a": [1.5, None]}}, True)):  # a float
        envelope = envelope_of(gunzip(_gz(_envelope([*good, odd])), 1 << 26))
        assert envelope is not None and plain_batch(envelope.sets) is None
        assert plain_set(envelope.sets[0]) is not None
        outcome = _same(_gz(_envelope([*good, odd])))
        assert outcome[0] == "ok" and outcome[6] == (True,) * 4 + (creates,)
    spaced = _gz(None, text=canonical_json(_envelope(good)).replace('"age":[1,', '"age": [1,'))
    assert plain_batch(envelope_of(gunzip(spaced, 1 << 26)).sets) is None
    assert _same(spaced)[0] == "ok"


def _gz(value: object, *, text: str | None = None) -> bytes:
    return gzip.compress((text if text is not None else canonical_json(value)).encode())


@pytest.mark.parametrize("sets", [
    [_plain(1)],
    [_plain(1, name="x" * 20_000)],  # long text: the reference checks its size
    [_plain(1, income=1.5)],  # floats stay with the reference
    [_plain(1, big=2**70)],  # beyond 64 bits: orjson's float
    [_plain(1, risks=[["nested"]])],
    [_plain(1, name="")],
    [{**_plain(1), "hlc": "5:1:dev-a"}],  # a stamp the reference writes out in full
    [{**_plain(1), "hlc": "0001764000000001:0001:dev-b"}],  # another device's stamp
    [{**_plain(1), "scope": "3611"}, {**_plain(2), "scope": "36113"}],
    [{**_plain(1), "device": "dev:a"}],
    [{**_plain(1), "props": {}}],
    [{**_plain(1), "props": {"": ["x", None]}}],
    [{**_plain(1), "props": {"a": ["x", "s0001.a"]}}],  # replacing itself
    [{**_plain(1), "props": {"a": ["x", "other.a"]}}],  # an edit
    [{**_plain(1), "props": {"a": ["x", ""]}}],
    [{**_plain(1), "props": {"a": ["x", None, {"id": "c9"}]}}],
    [{**_plain(1), "props": {"a": ["x"]}}],
    [{**_plain(1), "props": {"_deleted": [True, None]}, "seen": {"a": "c1"}}],
    [{**_plain(1), "extra": 1}],
    [{**_plain(1), "user": 5}],
    [_plain(1), _plain(1)],  # the same set twice
])
def test_lane_and_reference_agree_on_shapes(sets):
    _same(_gz(_envelope(sets)))


def test_lane_and_reference_agree_on_envelopes():
    good = _envelope([_plain(1), _plain(2, age=30, ok=True)])
    cases = [
        good,
        {**good, "checksum": "0" * 64},
        {**good, "format": "bangfu.batch/2"},
        {**good, "batch_id": ""},
        {**good, "device": "d" * 65},
        {**good, "sets": []},
        {**good, "changes": None},
        {k: v for k, v in good.items() if k != "checksum"},
    ]
    outcomes = [_same(_gz(c))[0] for c in cases]
    assert outcomes == ["ok"] + ["error"] * 5 + ["ok", "error"]
    # Spaces, keys out of order, a duplicate key: the reference reads them, the same way.
    spaced = json.dumps(good, ensure_ascii=False, indent=1)
    assert _same(_gz(None, text=spaced))[0] == "ok"
    unsorted = orjson.dumps({**good, "sets": [dict(reversed(s.items())) for s in good["sets"]]})
    assert _same(_gz(None, text=unsorted.decode()))[0] == "ok"
    first = canonical_json(good["sets"][0])
    doubled = canonical_json(good).replace(first, first[:-1] + ',"user":"u2"}', 1)
    assert _same(_gz(None, text=doubled))[0] == "error"  # checksum differs
    for broken in (b"", b"{", b"[]", b'{"sets": [1]', b"\xff\xfe"):
        assert _same(gzip.compress(broken))[0] == "error"


@pytest.mark.parametrize("depth", [2, 65, 300, 1000, 5000])
def test_lane_and_reference_agree_on_deep_values(depth):
    text = canonical_json(_envelope([_plain(1, a="@")]))
    deep = "[" * depth + "1" + "]" * depth
    assert _same(_gz(None, text=text.replace('"@"', deep)))[0] == "error"  # checksum
    sets = [_plain(1, a="@")]
    body = canonical_json(sets[0]).replace('"@"', deep)
    envelope = {**_envelope(sets), "sets": "@"}
    envelope["checksum"] = hashlib.sha256(f"[{body}]".encode()).hexdigest()
    outcome = _same(_gz(None, text=canonical_json(envelope).replace('"@"', f"[{body}]")))
    assert outcome[0] == ("ok" if depth <= 64 else "error")


_PLAIN_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1),
                          st.text(max_size=12),
                          st.lists(st.one_of(st.text(max_size=5), st.integers(0, 9)),
                                   max_size=3))
_ODD_VALUES = st.one_of(
    st.integers(), st.floats(allow_nan=False), st.text(min_size=250, max_size=300),
    st.lists(st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none()),
             min_size=30, max_size=40),
    st.lists(st.lists(st.integers(), max_size=2), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
_MUTATIONS = {
    "value": lambda d, s: s["props"].__setitem__("a", [d(_ODD_VALUES), None]),
    "base": lambda d, s: s["props"].__setitem__(
        "a", ["x", d(st.sampled_from(["", "other.a", f"{s['id']}.a", 5]))]),
    "extra": lambda d, s: s["props"].__setitem__(
        "a", ["x", None, d(st.sampled_from([{"id": "c9"}, {"r": ["c1"]}, {}, {"x": 1}]))]),
    "short": lambda d, s: s["props"].__setitem__("a", ["x"]),
    "stamp": lambda d, s: s.__setitem__("hlc", d(st.sampled_from(
        ["5:1:dev-a", "0001764000000001:00001:dev-a", "x:y:dev-a", "1:1",
         "0001764000000001:0001:dev-b", "-000000000000001:0001:dev-a",
         "00017640000000012:0001:dev-a", "10000000000000000:0001:dev-a"]))),
    "scope": lambda d, s: s.__setitem__("scope", d(st.sampled_from(
        ["3611", "36113", "abc", "３６", "", 36]))),
    "device": lambda d, s: s.__setitem__("device", d(st.sampled_from(["", "dev:a", 7]))),
    "delete": lambda d, s: s.update(props={"_deleted": [True, None]}, seen={"a": "c1"}),
    "seen": lambda d, s: s.__setitem__("seen", {"a": "c1"}),
    "props": lambda d, s: s.__setitem__("props", d(st.sampled_from(
        [{}, {"": ["x", None]}, [], {"a": "x"}]))),
    "unknown": lambda d, s: s.__setitem__("extra", 1),
    "missing": lambda d, s: s.pop("user"),
}


@st.composite
def _wire_sets(draw: st.DrawFn) -> list[dict]:
    """1 to 4 plain creating sets, each with a one in four chance of one oddity."""
    out = []
    for n in range(draw(st.integers(1, 4))):
        props = draw(st.dictionaries(st.sampled_from(["a", "b", "name", "risks"]),
                                     _PLAIN_VALUES, min_size=1, max_size=4))
        s = {**_plain(n), "hlc": Stamp(draw(st.integers(0, 10**17)),
                                       draw(st.integers(0, 70_000)), "dev-a").encode(),
             "scope": draw(st.sampled_from([V1, "36", "3611", "361130", "361130104"])),
             "props": {p: [v, None] for p, v in props.items()}}
        if draw(st.integers(0, 3)) == 0:
            _MUTATIONS[draw(st.sampled_from(sorted(_MUTATIONS)))](draw, s)
        out.append(s)
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_wire_sets(), st.sampled_from(["canonical", "unsorted", "spaced"]))
def test_lane_and_reference_agree_on_generated_batches(sets, style):
    envelope = _envelope(sets)
    if style == "canonical":
        text = canonical_json(envelope)
    elif style == "unsorted":
        text = compact_json(envelope)
    else:
        text = json.dumps(envelope, ensure_ascii=False, indent=1)
    _same(_gz(None, text=text))
