"""The sync protocol: change records and the hybrid logical clock.

Pure Python: no Qt, no storage, and no I/O but ``fileio.write_atomic``, the one
crash-safe file writer both sides share. Both the local store (registry) and the
county server build on the types here. Modules: ``changes`` (changes, clock,
ids, scopes), ``sets`` (change sets: the journal, wire and server row form),
``merge`` (the rule below, views, digest), ``batches`` (the push format),
``bundles`` (USB).

A *change* is one property of one entity set to one value. It carries the
version of that property it was based on (``base``: the change id the device
had seen, or ``None`` if it had seen none), the device and user that made it,
and a hybrid logical clock stamp. The clock orders one device's own edits and
stamps the audit trail; it never decides between devices (see the merge rule).

Merge rule (per property; :func:`merge` incrementally, :func:`resolve` as the spec)
-------------------------------------------------------------------------------
* A change *replaces* the change ids it was made knowing: its ``base`` and its
  ``resolves`` list. The *heads* of a property are the known changes no other
  known change replaces. The state is a function of the set of changes only, so
  every replica holding the same changes holds the same state, whatever the
  order, duplication or batching of delivery.
* An edit based on the current version replaces it (one head remains).
* Concurrent edits (neither knew the other) leave several heads. If their
  values differ the property is *in conflict*: all heads are kept, a
  :class:`Conflict` is recorded, and the **winner is the head whose change id
  has the lowest SHA-256** (:func:`winner_key`). That is a fair, deterministic
  draw that no device clock can bias (ids are UUIDv7, time-ordered; their hash
  is not): a laptop whose clock is days or years off cannot beat edits it never
  saw. Losers stay as heads until a
  change that names them (``base``/``resolves``) settles the conflict.
* Deletes are tombstones: the property :data:`DELETED` set to ``True``, with
  ``seen`` listing the version of every property the deleter had seen. A delete
  concurrent with an edit it did not see is a ``"delete"`` conflict: the entity
  stays, the delete is kept as the loser (see :func:`entity_view`).
* Records of :data:`APPEND_ONLY_LISTS` are written once and never conflict (if
  a property is somehow written twice, the lowest :func:`winner_key` stands).
* Stamps beyond the receiver's clock plus :data:`MAX_CLOCK_AHEAD_MS` are
  accepted but flagged (:func:`is_ahead`); stamps never pick a winner.
"""

from __future__ import annotations

from sync.protocol.batches import (
    BATCH_FORMAT,
    BATCH_FORMAT_V1,
    BATCH_MEDIA_TYPE,
    MAX_BATCH_BYTES,
    MAX_BATCH_CHANGES,
    Batch,
    BatchError,
    decode_batch,
    encode_batch,
    gunzip,
    make_batch,
    make_encoded_batch,
    set_bodies,
)
from sync.protocol.bulk import paused_gc
from sync.protocol.bundles import (
    BUNDLE_FORMAT,
    BundleError,
    open_bundle,
    seal_bundle,
)
from sync.protocol.changes import (
    APPEND_ONLY_LISTS,
    DELETED,
    MAX_CLOCK_AHEAD_MS,
    MAX_VALUE_BYTES,
    MAX_VALUE_DEPTH,
    MERGED_INTO,
    ROLE_PREFIX,
    Change,
    ClockError,
    HybridClock,
    ScopeError,
    Stamp,
    canonical_json,
    change_id_of,
    in_scope,
    is_ahead,
    new_id,
    normalize_scope,
    parse_change,
    scope_prefix,
    split_change_id,
    system_ms,
    validate_change,
)
from sync.protocol.fileio import move_into_place, write_atomic
from sync.protocol.jsontext import compact_json, parse_json
from sync.protocol.merge import (
    ApplyOutcome,
    Conflict,
    Decision,
    EntityView,
    Outcome,
    PropertyState,
    Snapshot,
    Version,
    combine_digests,
    digest_lines,
    entity_digest,
    entity_view,
    merge,
    property_conflict,
    replaces,
    resolve,
    scope_digest,
    winner_key,
)
from sync.protocol.reach import (
    DOWNWARD_LISTS,
    POLICY_PACK_LIST,
    ancestor_scopes,
    may_write,
)
from sync.protocol.sets import (
    SET_KEYS,
    ChangeSet,
    as_sets,
    changes_of,
    parse_set,
    set_id_of,
    set_part,
    sets_of,
)

__all__ = [
    "DOWNWARD_LISTS",
    "POLICY_PACK_LIST",
    "ancestor_scopes",
    "may_write",
    "move_into_place",
    "write_atomic",
    "APPEND_ONLY_LISTS",
    "ApplyOutcome",
    "BATCH_FORMAT",
    "BATCH_FORMAT_V1",
    "BATCH_MEDIA_TYPE",
    "BUNDLE_FORMAT",
    "Batch",
    "BatchError",
    "BundleError",
    "Change",
    "ChangeSet",
    "ClockError",
    "Conflict",
    "DELETED",
    "Decision",
    "EntityView",
    "HybridClock",
    "MAX_BATCH_BYTES",
    "MAX_BATCH_CHANGES",
    "MAX_CLOCK_AHEAD_MS",
    "MAX_VALUE_BYTES",
    "MAX_VALUE_DEPTH",
    "MERGED_INTO",
    "Outcome",
    "PropertyState",
    "ROLE_PREFIX",
    "SET_KEYS",
    "ScopeError",
    "Snapshot",
    "Stamp",
    "Version",
    "as_sets",
    "canonical_json",
    "compact_json",
    "change_id_of",
    "changes_of",
    "decode_batch",
    "encode_batch",
    "entity_view",
    "gunzip",
    "in_scope",
    "is_ahead",
    "make_batch",
    "make_encoded_batch",
    "merge",
    "new_id",
    "normalize_scope",
    "open_bundle",
    "parse_change",
    "parse_json",
    "parse_set",
    "paused_gc",
    "property_conflict",
    "replaces",
    "resolve",
    "combine_digests",
    "digest_lines",
    "entity_digest",
    "scope_digest",
    "scope_prefix",
    "seal_bundle",
    "set_id_of",
    "set_part",
    "sets_of",
    "set_bodies",
    "split_change_id",
    "system_ms",
    "validate_change",
    "winner_key",
]
