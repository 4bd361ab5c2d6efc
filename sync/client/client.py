"""The sync client: push pending batches, pull by cursor, check the scope digest.

A cut sync resumes: batches are idempotent on the server and changes are marked
acknowledged only after the server committed them; the pull cursor is stored
after each applied page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sync.client.accountability import after_sync
from sync.client.errors import SyncError
from sync.client.port import ApplyOutcome, Snapshot, SyncStore
from sync.client.transport import Cancelled, Transport
from sync.protocol import (
    BATCH_MEDIA_TYPE,
    MAX_BATCH_BYTES,
    MAX_BATCH_CHANGES,
    Batch,
    ChangeSet,
    make_encoded_batch,
    parse_set,
    paused_gc,
)

#: ``progress(phase, done, total)``; phases: push (records, see :class:`SyncResult`),
#: bootstrap (a new device's first snapshot, in entities), pull (changes), check, repair.
#: ``total`` may be None.
Progress = Callable[[str, int, "int | None"], None]


@dataclass
class SyncResult:
    """What one sync did."""

    pushed: int = 0  #: changes (properties) the server acknowledged
    #: records (entities) whose every pending change went up: what the user counts (three
    #: follow-ups, not their dozens of changes), if the store tells (optional port methods
    #: ``pending_records()`` and ``settled_records(sets)``); else changes, as ``pushed``
    records: int = 0
    pulled: int = 0  #: changes new to this device (applied, or kept as superseded)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    checked: bool = False
    repaired: bool = False
    cancelled: bool = False
    #: own changes sent again because the scope differed from the server's (which may
    #: have been restored from an older backup); 0 if none were
    resent: int = 0
    #: the records of those (counted as ``records``)
    resent_records: int = 0


class SyncClient:
    """Syncs one store with the county server."""

    def __init__(self, base_url: str, token: str, store: SyncStore, *,
                 batch_size: int = 40_000, pull_limit: int = 2000,
                 snapshot_limit: int = 5000, first_snapshot_limit: int = 1000,
                 snapshot_ramp: float = 2.0,
                 batch_bytes: int = MAX_BATCH_BYTES // 2,
                 progress: Progress | None = None, cancel: threading.Event | None = None,
                 **transport: Any) -> None:
        self.store = store
        self.batch_size = min(batch_size, MAX_BATCH_CHANGES)
        self.pull_limit, self.batch_bytes = pull_limit, batch_bytes
        self.snapshot_limit = snapshot_limit
        #: the first snapshot page of a bootstrap (or of its resumption) is at most this
        #: big: nothing can be merged while it comes, so a small one starts the merging
        #: sooner; the pages after it come while the one before is merged
        self.first_snapshot_limit = first_snapshot_limit
        #: each page after the first is up to this many times the one before, up to
        #: ``snapshot_limit`` (1,000, 2,000, 4,000, 5,000 ...): each page comes while
        #: the one before is merged (fetching an entity takes about two thirds of the
        #: time merging one does), so a page may not be much bigger than the one before
        self.snapshot_ramp = snapshot_ramp
        self.progress = progress or (lambda _phase, _done, _total: None)
        self.cancel = cancel or threading.Event()
        self.http = Transport(base_url, token, cancel=self.cancel, **transport)

    def sync(self) -> SyncResult:
        """Push, pull, then check the scope; returns a :class:`SyncResult`."""
        result = SyncResult()
        outcome = "failed"
        try:
            self.push(result)
            self.pull(result)
            self.check(result)
            outcome = "ok"
        except Cancelled:
            result.cancelled = True
            outcome = "cancelled"
        finally:
            after_sync(self.http, self.store, outcome=outcome, facts={
                "pushed": result.pushed, "records": result.records, "pulled": result.pulled,
                "conflicts": len(result.conflicts), "repaired": result.repaired})
        return result

    # -- push -------------------------------------------------------------
    def push(self, result: SyncResult) -> None:
        """Send every pending change, one batch at a time, with the next batch read and
        encoded while the server applies the one before (one request in flight).

        The cyclic collector stays paused for the whole push (and pull): re-enabled after
        each batch or page, its first pass would rescan every object still alive from that
        batch, which cost a tenth of the time; the objects are acyclic and freed by
        reference counting as each batch is done."""
        total, before = self._pending_records(), result.records  # a resend pushes again
        with paused_gc(), ThreadPoolExecutor(1, thread_name_prefix="bangfu-push") as sender:
            batch, body = self._next_batch(skip=())
            self._check_cancel()
            sending = sender.submit(self._push_batch, batch, body) if batch else None
            while batch is not None and sending is not None:
                following, body = self._next_batch(skip={s.set_id for s in batch.sets})
                ack = sending.result()
                sending = None
                if following is not None and not self.cancel.is_set():
                    sending = sender.submit(self._push_batch, following, body)  # starts now
                self._acknowledged(batch, ack, result, (before, total))
                if following is not None and sending is None:
                    raise Cancelled
                batch = following

    def _next_batch(self, skip: Collection[str]) -> tuple[Batch | None, bytes]:
        """The next batch of pending sets, leaving out those in ``skip`` (in flight),
        and its wire form: the first sets that fit ``batch_bytes`` (at least one; only big
        values make this cut), the rest staying pending for the next batch."""
        with paused_gc():  # a batch is many small objects: no collection passes
            pending = self.store.pending_sets(self.batch_size, skip)
            if not pending:
                return None, b""
            return make_encoded_batch(pending, device=self.store.device_id(),
                                      max_text_bytes=self.batch_bytes)

    def _acknowledged(self, batch: Batch, ack: dict[str, Any], result: SyncResult,
                      push: tuple[int, int]) -> None:
        """A batch the server committed; ``push``: the records counted before this push
        and its total, for the progress of this push alone."""
        before, total = push
        self.store.mark_acknowledged(batch.sets)
        result.pushed += batch.size
        result.records += (self.store.settled_records(batch.sets)  # type: ignore[attr-defined]
                           if self._counts_records() else batch.size)
        result.conflicts += ack.get("conflicts", [])
        result.flagged += ack.get("flags", [])
        self.progress("push", result.records - before, total)

    def _pending_records(self) -> int:
        """The records pending (changes if the store cannot count records)."""
        if self._counts_records():
            return self.store.pending_records()  # type: ignore[attr-defined]
        return self.store.pending_count()

    def _counts_records(self) -> bool:
        return hasattr(self.store, "pending_records") and hasattr(self.store, "settled_records")

    def _push_batch(self, batch: Batch, body: bytes) -> dict[str, Any]:
        """POST one encoded batch (on the sender thread); its acknowledgement, checked."""
        ack = self.http.call("POST", "/push", data=body,
                             headers={"Content-Type": BATCH_MEDIA_TYPE})
        if ack.get("batch_id") != batch.batch_id or not ack.get("committed"):
            raise SyncError("server", "the server did not acknowledge the batch")
        return ack

    # -- pull -------------------------------------------------------------
    def pull(self, result: SyncResult) -> None:
        """Bootstrap from snapshot pages if new, then pull pages until caught up; each
        next page is fetched while the one before is applied."""
        with paused_gc():
            if self.store.get_cursor() is None:
                self._bootstrap(result)
            self._pull_pages(result)

    def _pull_pages(self, result: SyncResult) -> None:
        params = {"cursor": self.store.get_cursor(), "limit": self.pull_limit, "format": "sets"}

        def following(page: dict[str, Any]) -> dict[str, Any] | None:
            return {**params, "cursor": _cursor(page)} if page.get("more") else None

        for page, parsed in self._pages("/pull", params, following):
            sets = self._apply(parsed)
            self.store.set_cursor(_cursor(page))
            result.pulled += sets.new
            result.conflicts += [c.to_dict() for c in sets.outcome.conflicts]
            self.progress("pull", result.pulled, None)

    def _bootstrap(self, result: SyncResult) -> None:
        """A new device's first pull: the scope's current versions, page by page.

        The first page is small (``first_snapshot_limit``): the merging waits for it;
        the pages after it grow by ``snapshot_ramp`` up to ``snapshot_limit``, each
        fetched while the one before is merged.
        A cut bootstrap resumes at the page after the last one applied. The cursor of
        the first page is kept: what was stored while the pages were read arrives
        again by pull, and merging what is already held changes nothing.
        """
        mark = self.store.get_bootstrap()
        cursor, after = mark if mark else (None, "")
        params = {"format": "sets", "limit": self.snapshot_limit}
        entities = 0
        limits = self._snapshot_limits()

        def following(page: dict[str, Any]) -> dict[str, Any] | None:
            return ({**params, "after": page["next"], "limit": next(limits)}
                    if page.get("next") else None)

        first = {**params, "after": after, "limit": next(limits)}
        for page, parsed in self._pages("/snapshot", first, following):
            cursor = _cursor(page) if cursor is None else cursor
            sets = self._apply(parsed)
            entities += len({s.entity_id for s in sets.sets})
            result.pulled += sets.new
            if page.get("next"):
                self.store.set_bootstrap((cursor, str(page["next"])))
            self.progress("bootstrap", entities, _int_or_none(page.get("total")))
        self.store.set_bootstrap(None)  # a crash just after this restarts the bootstrap
        self.store.set_cursor(cursor or 0)

    def _snapshot_limits(self) -> Iterator[int]:
        """The sizes of a bootstrap's pages: ``first_snapshot_limit`` (never above
        ``snapshot_limit``), then each ``snapshot_ramp`` times the one before (rounded
        down; a ramp of 1 keeps the first size) up to ``snapshot_limit``, which the
        rest keep."""
        top = max(1, self.snapshot_limit)
        limit = max(1, min(self.first_snapshot_limit, top))
        while True:
            yield limit
            limit = min(top, max(limit, int(limit * self.snapshot_ramp)))

    def _pages(self, path: str, params: dict[str, Any],
               following: Callable[[dict[str, Any]], dict[str, Any] | None]
               ) -> Iterator[tuple[dict[str, Any], Sequence[ChangeSet]]]:
        """GET ``path`` page by page, each with its change sets checked; ``following(page)``
        gives the next page's query (``None`` at the end). The next page is fetched and
        checked on another thread while the caller merges and commits this one (the
        store's writes and fsyncs release the interpreter lock)."""
        with ThreadPoolExecutor(1, thread_name_prefix="bangfu-pull") as fetcher:
            coming = fetcher.submit(self._fetch, path, params)
            while coming is not None:
                page, parsed = coming.result()
                query = following(page)
                coming = None
                if query is not None and not self.cancel.is_set():
                    coming = fetcher.submit(self._fetch, path, query)
                self._check_cancel()
                yield page, parsed

    def _fetch(self, path: str, params: dict[str, Any]
               ) -> tuple[dict[str, Any], Sequence[ChangeSet]]:
        """One page and its change sets, checked (a bad one is the server's fault), then
        handed to the store's optional ``prepare_remote`` (on this fetching thread)."""
        page = self.http.call("GET", path, params=params)
        if not isinstance(page, dict):
            raise SyncError("server", "the server's page is not a JSON object")
        sets = _parse_sets(page.get("sets"))
        prepare = getattr(self.store, "prepare_remote", None)
        return page, sets if prepare is None else prepare(sets)

    def _apply(self, sets: Sequence[ChangeSet]) -> _Applied:
        with paused_gc():
            return _Applied(sets, self.store.apply_remote(sets))

    def _snapshot(self) -> Snapshot:
        data = self.http.call("GET", "/snapshot", params={"format": "sets"})
        sets = tuple(_parse_sets(data.get("sets")))
        count, digest = data.get("digest") or (0, "")
        return Snapshot(str(data["scope"]), _cursor(data), sets, (count, digest))

    def _replace(self, snapshot: Snapshot) -> None:
        self.progress("repair", 0, sum(len(s.props) for s in snapshot.sets))
        self.store.replace_scope(snapshot)
        self.store.set_cursor(snapshot.cursor)

    # -- check ------------------------------------------------------------
    def check(self, result: SyncResult, *, rounds: int = 4) -> None:
        """Compare count and hash of the scope with the server's. On a mismatch, first
        send this device's own changes again (a server restored from an older backup
        has lost some it acknowledged; it ignores those it holds), then, if they still
        differ, rebuild the scope from the server's snapshot (pending edits on top)."""
        if self.store.pending_count():
            return  # edits made during the sync: check next time
        for _ in range(rounds):
            self._check_cancel()
            remote = self.http.call("GET", "/digest")
            server_cursor, cursor = _cursor(remote), self.store.get_cursor() or 0
            if server_cursor > cursor:
                self.pull(result)  # others pushed meanwhile: catch up first
                continue
            if server_cursor < cursor:  # the server is behind this device (a restore?):
                self.store.set_cursor(server_cursor)  # pull what it stores from now on
            self.progress("check", 1, 1)
            result.checked = True
            if tuple(self.store.scope_digest()) == (remote["count"], remote["hash"]):
                return
            if not result.resent:
                result.resent = self.store.requeue_acknowledged()
                if result.resent:
                    result.resent_records = self._pending_records()
                    self.push(result)
                    continue
            self._replace(self._snapshot())
            result.repaired = True
            return

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled


@dataclass
class _Applied:
    """One page's change sets and what merging them did."""

    sets: Sequence[ChangeSet]
    outcome: ApplyOutcome

    @property
    def new(self) -> int:
        """Changes this device did not hold before (its own coming back are not)."""
        return self.outcome.applied + self.outcome.superseded


def _cursor(reply: Any) -> int:
    """The ``cursor`` of a server reply; a missing or bad one is the server's fault."""
    value = reply.get("cursor") if isinstance(reply, dict) else None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise SyncError("server", "the server's answer has no valid cursor")
    return value


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _parse_sets(raw: Any) -> list[ChangeSet]:
    """Check every set the server sent; a bad one is the server's fault, named."""
    if not isinstance(raw, list):
        raise SyncError("server", "the server's answer has no list of change sets")
    try:
        with paused_gc():
            return [parse_set(item) for item in raw]
    except ValueError as exc:
        raise SyncError("server", f"the server sent a bad change set: {exc}") from exc


def enroll(base_url: str, *, code: str, device_id: str, sign_key: str | None = None,
           scope: str | None = None, **transport: Any) -> dict[str, Any]:
    """Exchange a one-time enrolment code for a token: ``{device_id, token, role, scope, ...}``.

    ``scope``, the division code the device records in, makes the server refuse (and
    leave unused) a code whose scope does not cover it.
    """
    body = {"code": code, "device_id": device_id, "sign_key": sign_key}
    if scope is not None:
        body["scope"] = scope
    return Transport(base_url, None, **transport).call("POST", "/enroll", json=body)


def reenroll(base_url: str, *, code: str, device_id: str, old_token: str,
             sign_key: str | None = None, scope: str | None = None,
             **transport: Any) -> dict[str, Any]:
    """Re-enrol under the old ``device_id``: ``old_token`` (its last token, also if
    revoked) proves it, a fresh one-time ``code`` from the county allows it. Returns
    ``{device_id, token, role, scope, ...}`` like :func:`enroll`."""
    body = {"code": code, "device_id": device_id, "old_token": old_token,
            "sign_key": sign_key}
    if scope is not None:
        body["scope"] = scope
    return Transport(base_url, None, **transport).call("POST", "/reenroll", json=body)
