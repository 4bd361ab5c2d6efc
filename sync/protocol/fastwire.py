"""The fast lane of batch decoding: msgspec checks the common shapes in C.

:func:`sync.protocol.batches.decode_batch` is the reference: orjson parses the
envelope and :func:`sync.protocol.sets.parse_set` checks every field of every set
in Python. Most sets a device pushes are plain: a set creating an entity (every
property ``[value, null]``) whose values are short texts, 64-bit integers,
booleans, nulls or short lists of those, in canonical text. For those, msgspec
decodes straight into a typed struct and checks in C everything ``parse_set``
would check, and the set's text as it came *is* its canonical body (checked by
encoding the struct again and comparing), so nothing is serialised twice.

The lane only ever accepts a subset of what the reference accepts, and builds the
very same :class:`ChangeSet` and body for it: a set it does not take (an edit, a
delete, a float, a long or nested value, a stamp not in its canonical form, keys
out of order, spaces, anything invalid) goes through ``parse_set`` as before, so
every refusal keeps its message. ``tests/sync/test_sync_fastwire.py`` checks the
two agree on generated and mutated batches.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Annotated

import msgspec

from sync.protocol.changes import MAX_VALUE_BYTES
from sync.protocol.sets import ChangeSet

#: A canonical clock stamp (``Stamp.encode``): 16 digits of wall clock (more only
#: without a leading zero), a counter of 4 hex digits (more only without a leading
#: zero), the device (no ':').
_HLC = r"^(?:[0-9]{16}|[1-9][0-9]{16,}):(?:[0-9a-f]{4}|[1-9a-f][0-9a-f]{4,}):[^:]+$"
#: A division code of 2, 4, 6, 9 or 12 ASCII digits (``normalize_scope``).
_SCOPE = r"^(?:[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$"
#: Texts this long cannot exceed MAX_VALUE_BYTES once encoded (as ``sets._SHORT_TEXT``).
_SHORT_TEXT = MAX_VALUE_BYTES // 6
#: Lists of at most _LIST_ITEMS scalars of at most _ITEM_TEXT characters stay far
#: below MAX_VALUE_BYTES (6 bytes a character escaped) and one level deep.
_LIST_ITEMS, _ITEM_TEXT = 32, 256

_Text = Annotated[str, msgspec.Meta(min_length=1)]
_Int = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
_Item = Annotated[str, msgspec.Meta(max_length=_ITEM_TEXT)] | _Int | bool | None
_Value = (Annotated[str, msgspec.Meta(max_length=_SHORT_TEXT)] | _Int | bool | None
          | Annotated[list[_Item], msgspec.Meta(max_length=_LIST_ITEMS)])
_Entry = Annotated[list[_Value], msgspec.Meta(min_length=2, max_length=2)]


class _PlainSet(msgspec.Struct, forbid_unknown_fields=True):
    """A creating set's wire form, keys in canonical (sorted) order."""

    device: Annotated[str, msgspec.Meta(pattern=r"^[^:]+$")]
    entity: _Text
    hlc: Annotated[str, msgspec.Meta(pattern=_HLC)]
    id: _Text
    list: _Text
    props: Annotated[dict[_Text, _Entry], msgspec.Meta(min_length=1)]
    scope: Annotated[str, msgspec.Meta(pattern=_SCOPE)]
    user: _Text


class Envelope(msgspec.Struct, forbid_unknown_fields=True):
    """A format-3 batch envelope whose sets are left as their raw text."""

    batch_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    checksum: str
    device: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    format: str
    sets: Annotated[list[msgspec.Raw], msgspec.Meta(min_length=1)]


_ENVELOPE = msgspec.json.Decoder(Envelope)
_PLAIN = msgspec.json.Decoder(_PlainSet)
_PLAIN_LIST = msgspec.json.Decoder(list[_PlainSet])
_CANONICAL = msgspec.json.Encoder(order="sorted")
_BASE = itemgetter(1)


def envelope_of(text: bytes) -> Envelope | None:
    """The envelope with its sets as raw text, or None if it is not a plain format-3
    envelope (then the reference decoder reads it, and names what is wrong)."""
    try:
        return _ENVELOPE.decode(text)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None


def plain_batch(raws: list[msgspec.Raw]) -> tuple[list[ChangeSet], list[str], bytes] | None:
    """Every set of a batch, if every one is a plain creating set in canonical text,
    checked in one decode and one encode of the whole list instead of set by set: the
    change sets, their bodies (their texts as they came) and the text of the list
    (what the checksum covers). None if any set is not (then each is read on its own).

    The list's text is its sets' texts joined by commas, so it encodes back to exactly
    itself if and only if every set does (as :func:`plain_set` checks one by one)."""
    text = b"[" + b",".join(raws) + b"]"
    try:
        decoded = _PLAIN_LIST.decode(text)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None
    if _CANONICAL.encode(decoded) != text:
        return None
    sets = []
    for s in decoded:
        props = s.props
        if (list(map(_BASE, props.values())).count(None) != len(props)
                or s.hlc.rpartition(":")[2] != s.device):
            return None
        sets.append(ChangeSet(s.id, s.entity, s.list, s.hlc, s.device, s.user, s.scope, props))
    return sets, [bytes(raw).decode() for raw in raws], text


def plain_set(raw: msgspec.Raw) -> tuple[ChangeSet, str] | None:
    """The change set of a plain creating set and its canonical body (its text as it
    came), or None if the set is not one (the reference parser then reads it)."""
    try:
        s = _PLAIN.decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None
    props = s.props
    if (list(map(_BASE, props.values())).count(None) != len(props)
            or s.hlc.rpartition(":")[2] != s.device):
        return None
    body = bytes(raw)
    if _CANONICAL.encode(s) != body:
        return None
    return (ChangeSet(s.id, s.entity, s.list, s.hlc, s.device, s.user, s.scope, props),
            body.decode())
