"""A bounded fuzz of every endpoint of the county server (issue 16, item 5).

Hypothesis draws requests for each path the server's own OpenAPI document lists (any
method, tokens good or bad, query values of any type and size, JSON and gzip bodies,
well-sealed batches with one field replaced) and sends them over HTTP to a real
server. No answer may be a 5xx, and a refused request (4xx) may store nothing. CI
runs the derandomized profile (tests/conftest.py): the same examples every run.
"""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sync_replica import ReferenceReplica

from sync.protocol import BATCH_FORMAT, BATCH_MEDIA_TYPE, canonical_json, new_id
from sync.server.db import metadata

V1 = "330102001001"
ENDPOINTS = {"/v1/health", "/v1/enroll", "/v1/push", "/v1/pull", "/v1/snapshot",
             "/v1/digest", "/v1/conflicts", "/v1/flags", "/v1/server-key", "/v1/recovery-key",
             "/v1/reenroll", "/v1/admin/devices", "/v1/admin/enrolments",
             "/v1/admin/devices/{device_id}/revoke", "/v1/admin/devices/{device_id}/reenrolment",
             "/v1/admin/audit"}
#: Tables that record who asked, not data: when a device was seen, the last error it was
#: answered, and the admin audit (which keeps refusals too, by design).
WHO_ASKED = {"device_seen", "device_status", "admin_audit"}
FUZZ = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
#: Pushes have the most to get wrong: more examples.
FUZZ_PUSH = settings(FUZZ, max_examples=90)


@pytest.fixture(scope="module")
def target(tmp_path_factory, server_class):
    """One server for the module (failure limit high, so the fuzz reaches the checks
    behind authentication), with a village and a county token and the paths it lists."""
    srv = server_class(tmp_path_factory.mktemp("fuzz") / "server", None,
                 args=("--max-auth-failures", "1000000"))
    srv.start()
    tokens = {"village": srv.enrol("dev-a", V1), "county": srv.enrol("dev-c", "330102",
                                                                     "county"),
              "admin": srv.enrol("dev-adm", "330102", "admin")}
    paths = requests.get(srv.url + "/openapi.json", timeout=10).json()["paths"]
    yield srv, tokens, paths
    srv.kill()
    srv.engine.dispose()


def _counts(server) -> dict[str, int]:
    with server.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar()
                for t in metadata.sorted_tables if t.name not in WHO_ASKED}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)
query_values = (st.integers(-2**70, 2**70) | st.text(max_size=40)
                | st.sampled_from([2**63 - 1, 2**63, 2**64, -1, 0, 1, 5000, 5001, 20_001])
                | st.sampled_from(["sets", "changes", "", "0", "330102001001:h1", ":",
                                   "9" * 30, "1e400", "-0", "null"]))
#: Values nested deeper than a change may carry (the JSON writers' recursion).
deep_values = st.sampled_from([65, 260, 300, 600]).map(
    lambda n: json.loads("[" * n + "1" + "]" * n))
SET_FIELDS = ["id", "entity", "list", "hlc", "device", "user", "scope", "props", "seen"]


def mostly(good, *bad):
    """``good`` four times in five, else one of ``bad`` (to reach the deeper checks)."""
    return st.sampled_from([good] * 4 * max(len(bad), 1) + list(bad))


@st.composite
def batch_bodies(draw):
    """A push body: garbage, gzip of any JSON, or a well-sealed batch with one set field
    (or a property's entry) replaced by any JSON value."""
    kind = draw(mostly("batch", "bytes", "json"))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "json":
        return gzip.compress(json.dumps(draw(json_values)).encode())
    rep = ReferenceReplica("dev-a", V1)
    change = rep.edit(draw(st.sampled_from(["h1", "p1"])), draw(st.sampled_from(
        ["size", "id_number", "name"])), draw(json_values | deep_values), entity_list=draw(
        st.sampled_from(["household", "person"])))
    wire = {"id": new_id(), "entity": change.entity_id, "list": change.entity_list,
            "hlc": change.hlc, "device": "dev-a", "user": "u", "scope": V1,
            "props": {change.prop: [change.value, None]}}
    field = draw(mostly("nothing", *SET_FIELDS, "entry"))
    if field == "entry":
        wire["props"][change.prop] = draw(st.lists(json_values, max_size=4))
    elif field != "nothing":
        wire[field] = draw(json_values)
    text = json.dumps([wire], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    checksum = hashlib.sha256(text.encode()).hexdigest()
    envelope = {"batch_id": draw(mostly(new_id(), "", "x" * 80)),
                "checksum": draw(mostly(checksum, "0" * 64)),
                "device": draw(mostly("dev-a", "dev-c", "other")),
                "format": draw(mostly(BATCH_FORMAT, "bangfu.batch/1", "x"))}
    body = canonical_json(envelope)[:-1] + f',"sets":{text}}}'
    return gzip.compress(body.encode())


def _param_values(schema):
    """Values for a query parameter of this OpenAPI schema: mostly of its type, at
    and beyond its bounds (and past 64 bits), sometimes anything."""
    schema = next((s for s in schema.get("anyOf", []) if s.get("type") != "null"), schema)
    if schema.get("type") == "integer":
        low, high = schema.get("minimum", 0), schema.get("maximum", 2**64)
        edges = [low, low - 1, high, high + 1, 2**63 - 1, 2**63, 2**64, -(2**63) - 1]
        typed = st.sampled_from(edges) | st.integers(low, high)
    elif "enum" in schema:
        typed = st.sampled_from(schema["enum"])
    else:
        typed = st.sampled_from(["", "330102001001:h1", "330102001001:", "x:y", ":h1"]) \
            | st.text(max_size=schema.get("maxLength", 40) + 5)
    return typed | typed | query_values


@st.composite
def requests_for(draw, paths, path):
    methods = sorted(m.upper() for m in paths[path])
    method = draw(st.sampled_from(methods * 8 + ["GET", "POST", "DELETE"]))
    auth = draw(mostly("village", "county", "admin", "none", "garbage", "scheme"))
    params = {"other": query_values}
    for op in paths[path].values():
        params.update({p["name"]: _param_values(p.get("schema", {}))
                       for p in op.get("parameters", []) if p.get("in") == "query"})
    params = draw(st.fixed_dictionaries({}, optional=params))
    body = None
    if method == "POST" and path == "/v1/push":
        body = draw(batch_bodies())
    elif method == "POST":
        fields = {"code": st.text(max_size=70), "device_id": st.text(max_size=70),
                  "sign_key": st.none() | st.text(max_size=70), "scope": query_values}
        doc = draw(st.fixed_dictionaries({}, optional=fields) | json_values)
        body = json.dumps(doc).encode()
    return method, path, auth, params, body


def test_openapi_lists_every_endpoint(target):
    _server, _tokens, paths = target
    assert set(paths) == ENDPOINTS


@pytest.mark.parametrize("path", sorted(ENDPOINTS - {"/v1/push"}))
@FUZZ
@given(data=st.data())
def test_every_endpoint_answers_4xx_not_5xx_and_a_refusal_stores_nothing(target, path, data):
    _fuzz_one(target, data.draw(requests_for(target[2], path)))


@FUZZ_PUSH
@given(data=st.data())
def test_push_answers_4xx_not_5xx_and_a_refusal_stores_nothing(target, data):
    _fuzz_one(target, data.draw(requests_for(target[2], "/v1/push")))


def _fuzz_one(target, request):
    server, tokens, _paths = target
    method, path, auth, params, body = request
    headers = {"Content-Type": BATCH_MEDIA_TYPE if path == "/v1/push" else "application/json"}
    if auth in tokens:
        headers["Authorization"] = f"Bearer {tokens[auth]}"
    elif auth == "garbage":
        headers["Authorization"] = "Bearer " + "x" * 43
    elif auth == "scheme":
        headers["Authorization"] = "Basic " + tokens["village"]
    before = _counts(server)
    reply = requests.request(method, server.url + path, params=params, data=body,
                             headers=headers, timeout=30)
    assert reply.status_code < 500, (method, path, params, reply.text[:300])
    if reply.status_code >= 400:
        assert _counts(server) == before, (method, path, reply.status_code)
