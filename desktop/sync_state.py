"""What the status bar and the flags panel read about syncing. No Qt here.

The profile keeps, in its local settings table (never synced): when the last sync
finished (``last_sync_ms``) and the flags the county server raised in this device's scope
(``GET /v1/flags``: duplicate ID numbers, a device clock ahead), fetched after each sync
from the last flag id seen. The flags hold entity ids only; :func:`flag_rows` resolves
them to names and household numbers of this profile, with ID numbers masked.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from desktop.connection import load_connection
from registry.errors import NotFound
from registry.masking import mask_id
from registry.replica import COUNTED_LIST, PENDING_ENTITY
from registry.store import Entity, Store
from sync.client.enrolment import Connection, trusted
from sync.client.errors import SyncError
from sync.client.transport import Cancelled, Transport

LAST_SYNC_KEY = "last_sync_ms"
FLAGS_KEY = "server_flags"
#: Only the newest flags are kept in the profile.
MAX_FLAGS = 500
PROBE_TIMEOUT_S = 5.0

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncState:
    """Where this device stands: connected, last sync (ms or None), pending, flags."""

    connected: bool
    last_sync_ms: int | None
    pending: int | None  #: records to upload; None while a first count goes on (``chunk``)
    flags: int


def sync_state(store: Store, *, chunk: int | None = None) -> SyncState:
    """The status bar's numbers, read with cheap SQL counts (``chunk``: see
    :func:`pending_records`)."""
    last = store.meta(LAST_SYNC_KEY)
    return SyncState(connected=load_connection(store) is not None,
                     last_sync_ms=int(last) if last else None,
                     pending=pending_records(store, chunk=chunk), flags=len(open_flags(store)))


# A pending row counts when it is its record's first pending row (by the entity index) and
# of a counted list: the count of pending records, summed part by part.
_PENDING_IN = f"""
SELECT coalesce(sum(seq), 0), count(*),
       coalesce(sum({COUNTED_LIST} AND NOT EXISTS (
           {PENDING_ENTITY.format(entity='j.entity_id')} AND p.seq < j.seq)), 0)
FROM journal AS j WHERE origin = 0 AND acked = 0 AND seq > ? AND seq <= ?
"""
_PENDING_UPTO = ("SELECT coalesce(sum(seq), 0), count(*) FROM journal"
                 " WHERE origin = 0 AND acked = 0 AND seq <= ?")
_LAST_PENDING = "SELECT coalesce(max(seq), -1) FROM journal WHERE origin = 0 AND acked = 0"
_NEXT_PENDING = "SELECT min(seq) FROM journal WHERE origin = 0 AND acked = 0 AND seq > ?"


_BY_LIST = f"""
SELECT list, count(DISTINCT entity_id) FROM journal
WHERE origin = 0 AND acked = 0 AND {COUNTED_LIST} GROUP BY list ORDER BY 2 DESC, list
"""


def pending_by_list(store: Store) -> list[tuple[str, int]]:
    """The records to upload by list (``visit``, ``person`` …), most first: what 待上传
    is made of (its tooltip), counted as :func:`pending_records` counts."""
    return [(str(name), int(n)) for name, n in store.db.execute(_BY_LIST)]


@dataclass(frozen=True)
class _Counted:
    """The pending rows counted so far: their seq sum and number, their records, and the
    last journal seq read."""

    seqs: int = 0
    rows: int = 0
    records: int = 0
    last: int = -1


_counted: weakref.WeakKeyDictionary[Store, _Counted] = weakref.WeakKeyDictionary()


def pending_records(store: Store, *, chunk: int | None = None) -> int | None:
    """The records to upload (as ``StoreReplica.pending_records``: a follow-up is one record,
    not its dozens of property changes), read incrementally: only the journal rows written
    since the last count are read. The pending rows' seq sum and number
    (from the journal's partial index) tell whether rows were acknowledged or queued again
    meanwhile (a sync): then all pending rows are counted again (after a sync, few).

    With ``chunk``, one call reads at most ``chunk`` journal seqs from the next pending row
    past the last one counted and answers None while pending rows remain past them: a first
    count of millions of pending changes (seconds) is then many short reads, between which
    other reads of the same connection (the read lane) take their turn. Call again until it
    answers (it starts again, answering None, if a sync acknowledged rows meanwhile)."""
    if chunk is not None and chunk < 1:
        raise ValueError("chunk: at least one journal seq")
    with store.transaction() as conn:
        for _attempt in range(2):  # a second one, from nothing, only without ``chunk``
            counted = _count_part(conn, _counted.get(store, _Counted()), chunk)
            if counted.last < conn.execute(_LAST_PENDING).fetchone()[0]:
                _counted[store] = counted
                return None  # more to read: the next call goes on from here
            if conn.execute(_PENDING_UPTO, (counted.last,)).fetchone() == (counted.seqs,
                                                                            counted.rows):
                _counted[store] = counted
                return counted.records
            _counted.pop(store, None)  # acknowledged or queued again since: count again
            if chunk is not None:
                return None
    raise AssertionError("a count from nothing in one snapshot always agrees")  # pragma: no cover


def _count_part(conn: Any, before: _Counted, chunk: int | None) -> _Counted:
    """``before`` and the pending rows of the next part (all of them without ``chunk``)."""
    top = conn.execute("SELECT coalesce(max(seq), -1) FROM journal").fetchone()[0]
    upto = top
    if chunk is not None:  # ``chunk`` seqs from the next pending row (far apart after a sync)
        start = conn.execute(_NEXT_PENDING, (before.last,)).fetchone()[0]
        upto = top if start is None else min(top, start - 1 + chunk)
    seqs, rows, records = conn.execute(_PENDING_IN, (before.last, upto)).fetchone()
    return _Counted(before.seqs + seqs, before.rows + rows, before.records + records,
                    max(before.last, upto))


def load_flags(store: Store) -> list[dict[str, Any]]:
    """The server's flags kept in the profile, oldest first."""
    raw = store.meta(FLAGS_KEY)
    return json.loads(raw) if raw else []


def open_flags(store: Store) -> list[dict[str, Any]]:
    """The kept flags this user can still act on, oldest first: a duplicate ID number while
    the person and another holder are live with that number (a correction or merge closes
    it here at once); a clock ahead only of this device (no one else can set its clock)."""
    cache: dict[str, Entity | None] = {}
    return [f for f in load_flags(store) if _open(store, f, cache)]


def _open(store: Store, flag: dict[str, Any], cache: dict[str, Entity | None]) -> bool:
    detail = flag.get("detail") or {}
    if flag["kind"] == "clock_ahead":
        return detail.get("device") in (None, store.device)
    if flag["kind"] != "duplicate_id_number":
        return True
    entity = _live(store, flag["entity_id"], cache)
    number = _number(entity)
    return bool(number) and any(
        other is not None and other.id != entity.id and _number(other) == number
        for other in (_live(store, str(e), cache) for e in detail.get("entities", ())))


def _live(store: Store, entity_id: str, cache: dict[str, Entity | None]) -> Entity | None:
    if entity_id not in cache:
        entity = _entity(store, entity_id)
        cache[entity_id] = entity if entity is not None and not entity.deleted else None
    return cache[entity_id]


def _number(entity: Entity | None) -> str:
    return str((entity.props.get("id_number") if entity else "") or "").strip().upper()[:18]


def record_sync(store: Store, kept: Connection, *, verify: bool | str,
                now_ms: Callable[[], int] = lambda: int(time.time() * 1000),
                cancel: threading.Event | None = None) -> int:
    """After a sync: fetch the flags raised since the last one kept, keep them and the
    time of this sync (one transaction). Returns how many flags are new. The sync itself
    succeeded: if the flags cannot be read now (or the user cancels while they are read:
    ``cancel``, the sync's), they are read after the next one."""
    flags = load_flags(store)
    after = max((int(f["id"]) for f in flags), default=0)
    try:
        fresh = Transport(kept.url, kept.token, verify=verify, retries=2, cancel=cancel).call(
            "GET", "/flags", params={"after": after})
    except SyncError as exc:
        log.warning("server flags not read: %s", exc.kind)
        fresh = []
    except Cancelled:
        fresh = []
    kept_flags = (flags + [_flag(f) for f in fresh])[-MAX_FLAGS:]
    with store.transaction():
        store.set_meta(FLAGS_KEY, json.dumps(kept_flags, ensure_ascii=False))
        store.set_meta(LAST_SYNC_KEY, str(now_ms()))
    return len(fresh)


def _flag(raw: dict[str, Any]) -> dict[str, Any]:
    """Only the fields shown: the server's flag names entities, never a person's data."""
    return {"id": int(raw["id"]), "kind": str(raw["kind"]), "entity_id": str(raw["entity_id"]),
            "detail": raw.get("detail") or {}}


def probe(kept: Connection, *, timeout_s: float = PROBE_TIMEOUT_S) -> bool:
    """Whether the county server answers ``GET /v1/health`` now (network pool, no store)."""
    with trusted(kept.ca_pem) as verify:
        try:
            reply = requests.get(kept.url.rstrip("/") + "/v1/health", timeout=timeout_s,
                                 verify=verify)
        except requests.RequestException:
            return False
    return reply.status_code == 200


@dataclass(frozen=True)
class FlagRow:
    """One flag as the panel shows it: whom it is about, in this profile's words."""

    flag_id: int
    kind: str
    entity_id: str
    name: str
    household_id: str | None
    household_no: str
    id_number: str  # masked
    others: tuple[str, ...]  # "name（户编号）" of the other holders of the ID number
    ahead_ms: int | None


def flag_rows(store: Store) -> list[FlagRow]:
    """The open flags, newest first, resolved against this profile (masked ID numbers)."""
    return [_row(store, flag) for flag in reversed(open_flags(store))]


def _row(store: Store, flag: dict[str, Any]) -> FlagRow:
    entity = _entity(store, flag["entity_id"])
    name, household_id, household_no, number = _who(store, entity)
    detail = flag.get("detail") or {}
    others = tuple(_label(store, _entity(store, str(e))) for e in detail.get("entities", ()))
    ahead = detail.get("ahead_ms")
    return FlagRow(int(flag["id"]), flag["kind"], flag["entity_id"], name, household_id,
                   household_no, number, others, int(ahead) if ahead is not None else None)


def _entity(store: Store, entity_id: str) -> Entity | None:
    try:
        return store.get(entity_id)
    except NotFound:
        return None


def _who(store: Store, entity: Entity | None) -> tuple[str, str | None, str, str]:
    """(name, household id, household number, masked ID number) of a person or household."""
    if entity is None:
        return "", None, "", ""
    if entity.entity_list == "household":
        props = entity.props
        return str(props.get("head_name") or ""), entity.id, str(props.get("household_no") or ""), ""
    household = _entity(store, entity.parent) if entity.parent else None
    number = household.props.get("household_no") if household else ""
    return (str(entity.props.get("name") or ""), household.id if household else None,
            str(number or ""), mask_id(entity.props.get("id_number")))


def _label(store: Store, entity: Entity | None) -> str:
    name, _household, number, _id = _who(store, entity)
    if not name:
        return "?"
    return f"{name}（{number}）" if number else name
