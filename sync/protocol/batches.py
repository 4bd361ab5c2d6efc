"""Batches: a device's change sets sent together, identified, checksummed, gzipped.

Format 3 (``bangfu.batch/3``), the canonical JSON of::

    {"batch_id", "checksum", "device", "format": "bangfu.batch/3",
     "sets": [<change set wire form>, ...]}

A change set's wire form is :meth:`ChangeSet.to_wire` (the journal's row form).
The checksum is the SHA-256 of the canonical JSON of the ``sets`` list, and a
batch made by :func:`make_batch` takes its id from device and checksum, so a
resend reuses both. Format 1 (``bangfu.batch/1``: one full dict per change under
``"changes"``) is still decoded and encoded on request; it carries the same
checksum, over the sets its changes group into.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sync.protocol.bulk import paused_gc
from sync.protocol.changes import (
    Change,
    canonical_json,
    parse_change,
)
from sync.protocol.fastwire import envelope_of, plain_batch, plain_set
from sync.protocol.jsontext import parse_json
from sync.protocol.sets import ChangeSet, as_sets, changes_of, parse_set, sets_of

BATCH_FORMAT = "bangfu.batch/3"
#: The first format (one full dict per change); still decoded, and encoded on request.
BATCH_FORMAT_V1 = "bangfu.batch/1"
BATCH_MEDIA_TYPE = "application/x-bangfu-batch"

#: Limits a receiver enforces on one batch: changes (properties) and bytes unpacked.
MAX_BATCH_CHANGES = 50_000
MAX_BATCH_BYTES = 32 * 1024 * 1024
#: gzip level: 6 compresses these batches within 3 % of 9 at a third of the time.
_GZIP_LEVEL = 6


class BatchError(ValueError):
    """A batch could not be decoded or failed its checks."""


@dataclass(frozen=True, slots=True)
class Batch:
    """A device's change sets sent together (see the module docstring)."""

    batch_id: str
    device: str
    sets: tuple[ChangeSet, ...]
    checksum: str
    #: The canonical JSON of each set's wire form (computed once, when made or decoded).
    bodies: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: Per set, True if it is a plain creating set (:attr:`ChangeSet.is_plain_create`),
    #: when the decoder already knows (its fast lane checked it); else empty.
    plain: tuple[bool, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.bodies) != len(self.sets):
            object.__setattr__(self, "bodies", set_bodies(self.sets))

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every change of the batch, in order."""
        return tuple(changes_of(self.sets))

    @property
    def size(self) -> int:
        """The number of changes (properties) in the batch."""
        return sum(len(s.props) for s in self.sets)

    @property
    def text(self) -> str:
        """The canonical JSON of the list of sets (what the checksum covers)."""
        return f"[{','.join(self.bodies)}]"

    @property
    def text_bytes(self) -> int:
        """The size of the sets' canonical JSON (UTF-8), before compression."""
        return len(self.text.encode())

    def change_ids(self) -> list[str]:
        """The change ids of every change, in order."""
        return [cid for s in self.sets for cid in s.change_ids()]

    def plain_creates(self) -> tuple[bool, ...]:
        """Per set, whether it is a plain creating set (from the decoder when it knows)."""
        if len(self.plain) == len(self.sets):
            return self.plain
        return tuple(s.is_plain_create for s in self.sets)


def set_bodies(sets: Iterable[ChangeSet]) -> tuple[str, ...]:
    """The canonical JSON of each change set's wire form."""
    return tuple(canonical_json(s.to_wire()) for s in sets)


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def make_batch(items: Sequence[Change | ChangeSet], *, device: str) -> Batch:
    """A batch of ``items`` (change sets, or changes grouped into sets) whose id derives
    from its content: a resend of the same items reuses it."""
    sets = tuple(as_sets(items))
    bodies = set_bodies(sets)
    checksum = _checksum(f"[{','.join(bodies)}]")
    batch_id = hashlib.sha256(f"{device}\n{checksum}".encode()).hexdigest()[:32]
    return Batch(batch_id, device, sets, checksum, bodies)


def make_encoded_batch(sets: Sequence[ChangeSet], *, device: str,
                       max_text_bytes: int | None = None) -> tuple[Batch, bytes]:
    """The batch :func:`make_batch` makes of ``sets`` and its wire bytes (format 3), the
    same as :func:`encode_batch` gives, with the sets' text built and encoded once.

    With ``max_text_bytes``, only the first sets that fit it are taken (at least one);
    the cut is the sync client's: a set is left out when the bytes of the bodies so far,
    one separator each, pass the limit.
    """
    bodies = set_bodies(sets)
    data = f"[{','.join(bodies)}]".encode()
    if max_text_bytes is not None and len(sets) > 1 and len(data) > max_text_bytes:
        cut = _fitting(bodies, max_text_bytes)
        if cut < len(sets):
            sets, bodies = sets[:cut], bodies[:cut]
            data = f"[{','.join(bodies)}]".encode()
    checksum = hashlib.sha256(data).hexdigest()
    batch_id = hashlib.sha256(f"{device}\n{checksum}".encode()).hexdigest()[:32]
    batch = Batch(batch_id, device, tuple(sets), checksum, bodies)
    head = canonical_json({"batch_id": batch_id, "checksum": checksum, "device": device,
                           "format": BATCH_FORMAT})
    envelope = b"".join((head[:-1].encode(), b',"sets":', data, b"}"))
    return batch, gzip.compress(envelope, compresslevel=_GZIP_LEVEL, mtime=0)


def _fitting(bodies: Sequence[str], max_text_bytes: int) -> int:
    """How many of the first ``bodies`` fit ``max_text_bytes`` (at least one)."""
    size = 0
    for n, body in enumerate(bodies):
        size += len(body.encode()) + 1
        if size > max_text_bytes and n:
            return n
    return len(bodies)


def encode_batch(batch: Batch, *, format: str = BATCH_FORMAT) -> bytes:  # noqa: A002
    """The wire bytes of a batch: gzip of its canonical JSON envelope (format 3 or 1)."""
    head = {"batch_id": batch.batch_id, "checksum": batch.checksum, "device": batch.device,
            "format": format}
    if format == BATCH_FORMAT:
        text = batch.text
        # Canonical: "sets" sorts after the other keys, and its text is canonical already.
        envelope = f'{canonical_json(head)[:-1]},"sets":{text}}}'
    elif format == BATCH_FORMAT_V1:
        envelope = canonical_json({**head, "changes": [c.to_dict() for c in batch.changes]})
    else:
        raise ValueError(f"batch format: expected {BATCH_FORMAT!r} or {BATCH_FORMAT_V1!r}")
    return gzip.compress(envelope.encode(), compresslevel=_GZIP_LEVEL, mtime=0)


def decode_batch(data: bytes, *, max_bytes: int = MAX_BATCH_BYTES, fast: bool = True) -> Batch:
    """Decode and check wire bytes; raise :class:`BatchError` saying what is wrong.

    With ``fast`` (the default) plain creating sets take msgspec's lane
    (:mod:`sync.protocol.fastwire`); the result and every refusal are the same
    without it."""
    with paused_gc():
        text = gunzip(data, max_bytes)
        lane = _decode_fast(text) if fast else None
        if lane is not None:
            envelope, sets, bodies, plain, listed = lane
        else:
            (envelope, sets, bodies), plain, listed = _decode_reference(text), (), None
        if listed is None:
            listed = f"[{','.join(bodies)}]".encode()
    if hashlib.sha256(listed).hexdigest() != envelope.get("checksum"):
        raise BatchError("batch 'checksum': does not match the changes")
    return Batch(envelope["batch_id"], envelope["device"], tuple(sets), envelope["checksum"],
                 bodies, tuple(plain))


def _decode_reference(text: bytes) -> tuple[dict[str, Any], list[ChangeSet], tuple[str, ...]]:
    """Envelope, sets and canonical bodies, every field checked in Python (the reference
    every refusal comes from)."""
    envelope = _load_envelope(text)
    if envelope["format"] == BATCH_FORMAT:
        sets = _parse_sets(envelope.get("sets"))
    else:
        sets = sets_of(_parse_changes(envelope.get("changes")))
    return envelope, sets, set_bodies(sets)


def _decode_fast(text: bytes) -> tuple[dict[str, Any], list[ChangeSet], tuple[str, ...],
                                       list[bool], bytes | None] | None:
    """The same as :func:`_decode_reference` by :mod:`sync.protocol.fastwire`'s lane for
    plain creating sets (the others parsed as the reference does), with which sets are
    plain creating sets and, when every one is, the text the checksum covers; or None
    if anything is not as expected: the reference then decodes the batch and names the
    fault."""
    envelope = envelope_of(text)
    if envelope is None or envelope.format != BATCH_FORMAT:
        return None
    head = {"batch_id": envelope.batch_id, "device": envelope.device,
            "checksum": envelope.checksum}
    whole = plain_batch(envelope.sets)
    if whole is not None:
        if sum(len(s.props) for s in whole[0]) > MAX_BATCH_CHANGES:
            return None
        return head, whole[0], tuple(whole[1]), [True] * len(whole[0]), whole[2]
    sets, bodies, lane, count = [], [], [], 0
    for raw in envelope.sets:
        plain = plain_set(raw)
        took = plain is not None
        if plain is None:
            try:
                plain = _reference_set(bytes(raw))
            except (ValueError, RecursionError):
                return None
        sets.append(plain[0])
        bodies.append(plain[1])
        lane.append(took or plain[0].is_plain_create)
        count += len(plain[0].props)
    if count > MAX_BATCH_CHANGES:
        return None
    return head, sets, tuple(bodies), lane, None


def _reference_set(raw: bytes) -> tuple[ChangeSet, str]:
    """A set parsed and checked by the reference parser, and its canonical body."""
    change_set = parse_set(parse_json(raw))
    return change_set, canonical_json(change_set.to_wire())


def _parse_sets(raw: Any) -> list[ChangeSet]:
    if not isinstance(raw, list) or not raw:
        raise BatchError("batch 'sets': expected a non-empty list")
    sets, count = [], 0
    for i, item in enumerate(raw):
        try:
            sets.append(parse_set(item))
        except ValueError as exc:
            raise BatchError(f"batch 'sets[{i}]': {exc}") from exc
        count += len(sets[-1].props)
        if count > MAX_BATCH_CHANGES:
            raise BatchError(f"batch 'sets': more than {MAX_BATCH_CHANGES} changes")
    return sets


def _parse_changes(raw: Any) -> list[Change]:
    if not isinstance(raw, list) or not 0 < len(raw) <= MAX_BATCH_CHANGES:
        raise BatchError(f"batch 'changes': expected a list of 1 to {MAX_BATCH_CHANGES}")
    changes = []
    for i, item in enumerate(raw):
        try:
            changes.append(parse_change(item))
        except ValueError as exc:
            raise BatchError(f"batch 'changes[{i}]': {exc}") from exc
    return changes


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Inflate gzip ``data`` of at most ``max_bytes``; :class:`BatchError` if bad or larger."""
    try:
        inflater = zlib.decompressobj(wbits=31)
        out = inflater.decompress(data, max_bytes)
        if inflater.unconsumed_tail:
            raise BatchError("batch: larger than allowed")
        if not inflater.eof:
            raise BatchError("batch: truncated")
        return out
    except zlib.error as exc:
        raise BatchError("batch: not gzip data") from exc


def _load_envelope(text: bytes) -> dict[str, Any]:
    try:
        envelope = parse_json(text)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BatchError("batch: not JSON") from exc
    if not isinstance(envelope, dict) or envelope.get("format") not in (BATCH_FORMAT,
                                                                        BATCH_FORMAT_V1):
        raise BatchError(f"batch 'format': expected {BATCH_FORMAT!r} or {BATCH_FORMAT_V1!r}")
    unknown = set(envelope) - {"format", "batch_id", "device", "checksum", "sets", "changes"}
    if unknown:
        raise BatchError(f"batch: unknown key {sorted(unknown)[0]!r:.40}")
    for key in ("batch_id", "device"):
        value = envelope.get(key)
        if not isinstance(value, str) or not value or len(value) > 64:
            raise BatchError(f"batch {key!r}: expected a short non-empty string")
    return envelope
