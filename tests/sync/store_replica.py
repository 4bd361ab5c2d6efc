"""The registry's encrypted store behind the test verbs of the reference replica, so the
same convergence machine drives real SQLCipher profiles through the real server."""

from __future__ import annotations

import itertools
from pathlib import Path

from sync_replica import OffsetClock

from registry.errors import ValidationError
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.replica import StoreReplica
from registry.store import Create, Update
from sync.protocol import Change, PropertyState

_folders = itertools.count()


class EncryptedReplica(StoreReplica):
    """A real encrypted profile acting as one device."""

    def __init__(self, device: str, scope: str, *, root: Path, clock_offset_ms: int = 0,
                 user: str = "user-1") -> None:
        profile = Profile(root / f"replica-{next(_folders)}", now_ms=OffsetClock(clock_offset_ms))
        store = profile.create(user=user, passphrase="Test-pass-1", scope=scope,
                               kdf=KdfParams.fast(), device=device)
        super().__init__(store)

    def edit(self, entity: str, prop: str, value: object, *, entity_list: str = "household",
             scope: str | None = None, settle: bool = False) -> Change | None:
        """Set a property through the store's one write path (``None`` if it refuses)."""
        del settle  # the store always settles: a local edit knows every local version
        exists = self._conn.execute("SELECT deleted FROM entity WHERE id = ?",
                                    (entity,)).fetchone()
        op = (Update(entity, {prop: value}) if exists else
              Create(entity_list, {prop: value}, scope=scope or "", entity_id=entity))
        try:
            changes = self.store.write([op])
        except ValidationError:
            return None
        return self._change(changes.change_ids)

    def delete(self, entity: str, *, scope: str | None = None) -> Change | None:
        """Tombstone through the store (``None`` if the store refuses)."""
        try:
            changes = self.store.delete(entity)
        except (ValidationError, LookupError):
            return None
        except Exception as exc:  # NotFound
            if type(exc).__name__ == "NotFound":
                return None
            raise
        return self._change(changes.change_ids)

    def _change(self, change_ids: tuple[str, ...]) -> Change | None:
        if not change_ids:
            return None
        (cid,) = change_ids
        entity = self._conn.execute(
            "SELECT entity_id FROM journal WHERE set_id = ?", (cid.partition(".")[0],)).fetchone()
        return next(c for c in self.store.journal(entity_id=entity[0]) if c.change_id == cid)

    def state(self, entity: str, prop: str) -> PropertyState:
        return self.states(entity).get(prop, PropertyState())

    def snapshot_state(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """Heads by property, as the reference replica reports them."""
        out = {}
        for (eid,) in self._conn.execute("SELECT id FROM entity").fetchall():
            for prop, st in self.states(eid).items():
                if st.heads:
                    out[(eid, prop)] = st.head_ids
        return out
