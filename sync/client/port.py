"""The port through which the sync client reaches a local store.

Its value types (``ApplyOutcome``, ``Snapshot``) live in ``sync.protocol`` so a store
can implement the port importing nothing but the protocol.

The registry's encrypted store implements it; tests use an in-memory reference
replica. Every method is called from the sync worker thread only.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from sync.protocol import ApplyOutcome, Change, ChangeSet, Snapshot


class SyncStore(Protocol):
    """What the sync client needs from a local store."""

    def device_id(self) -> str:
        """This device's id (as enrolled with the server)."""
        ...

    def scope(self) -> str:
        """This device's scope prefix (2 to 12 digits of a division code)."""
        ...

    def pending_changes(self, limit: int) -> list[Change]:
        """Local changes the server has not acknowledged, in journal order."""
        ...

    def pending_sets(self, limit: int, skip: Collection[str] = ()) -> list[ChangeSet]:
        """The same as change sets: whole sets, at least one, up to ``limit`` changes;
        sets whose id is in ``skip`` (a batch still on its way) are left out."""
        ...

    def pending_count(self) -> int:
        """How many changes are pending (for progress), without reading them."""
        ...

    def mark_acknowledged(self, sets: Sequence[ChangeSet]) -> None:
        """Record that the server committed these change sets, each as it was sent
        (idempotent)."""
        ...

    def requeue_acknowledged(self) -> int:
        """Mark every local change of this device's scope as not acknowledged, so the
        next push sends it again (the server ignores what it holds); the number of
        changes now pending. Used when the server may have lost what it acknowledged."""
        ...

    def apply_remote(self, items: Sequence[ChangeSet | Change]) -> ApplyOutcome:
        """Merge change sets (or single changes) with ``protocol.merge`` in one
        transaction; known change ids are ignored."""
        ...

    # Optional: ``prepare_remote(sets) -> Sequence[ChangeSet]``, called by the client on
    # its fetching thread with each pulled page's checked sets, while the page before is
    # merged on the sync thread; it must touch no database and return the same sets
    # (possibly carrying work done ahead) for ``apply_remote``.

    def get_cursor(self) -> int | None:
        """The persisted pull cursor, or ``None`` before the first (bootstrap) pull."""
        ...

    def set_cursor(self, cursor: int) -> None:
        """Persist the pull cursor."""
        ...

    def get_bootstrap(self) -> tuple[int, str] | None:
        """A first (bootstrap) pull cut short: the cursor of its first snapshot page and
        the key of the next page to fetch; ``None`` if none is under way."""
        ...

    def set_bootstrap(self, mark: tuple[int, str] | None) -> None:
        """Persist (or, with ``None``, forget) the bootstrap mark."""
        ...

    def scope_digest(self) -> tuple[int, str]:
        """``protocol.scope_digest`` over the current versions of this device's scope."""
        ...

    def replace_scope(self, snapshot: Snapshot) -> None:
        """Replace the scope's state with ``snapshot`` in one transaction.

        Local changes not yet acknowledged stay pending and are merged on top;
        the journal keeps every change it held (nothing acknowledged is lost).
        """
        ...


__all__ = ["ApplyOutcome", "Snapshot", "SyncStore"]
