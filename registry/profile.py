"""A profile: one folder per device installation, holding the key slots and the database.

::

    profile/
      keyslots.json   the data key, wrapped per user and for county recovery
      bangfu.db       SQLCipher database (+ -wal, -shm while open)

The folder is created owner-only (0700). Nothing in it is readable without a
passphrase of one of its users or the county recovery key.

Every unlock is audited (``registry.audit``): the login itself, and the failed
unlocks the key-slot file kept since the last one. Profiles made before roles
existed get them at their next unlock (``registry.accounts.init_roles``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from registry import accounts, audit, session
from registry.db import open_encrypted, open_reader
from registry.errors import BangfuError, UnknownUser, UpgradeFailed, ValidationError
from registry.keyslots import KdfParams, KeyRing, check_passphrase
from registry.masking import mask_numbers_in
from registry.migrations import migrate, schema_version
from registry.reader import ReadStore
from registry.store import LANES, Store
from sync.protocol import ScopeError, new_id, normalize_scope, system_ms

log = logging.getLogger(__name__)

DB_NAME = "bangfu.db"
SLOTS_NAME = "keyslots.json"
MAX_USER_CHARS = 32


def check_new_profile(*, user: str, passphrase: str, scope: str) -> str:
    """Check what a new profile is made of; its scope as 12 digits.

    Raises ``ValidationError`` naming ``profile.user`` or ``profile.scope``, or
    ``WeakPassphrase``.
    """
    accounts.check_user_name(user, field="profile.user")
    try:
        full = normalize_scope(scope)
    except ScopeError:
        raise ValidationError("profile.scope", "须为 2、4、6、9 或 12 位数字的行政区划代码",
                              "must be a division code of 2, 4, 6, 9 or 12 digits") from None
    check_passphrase(passphrase)
    return full


class Profile:
    """The profile folder at ``folder``; ``unlock`` opens it as a :class:`Store`."""

    def __init__(self, folder: Path, *, now_ms: Callable[[], int] = system_ms,
                 today: Callable[[], date] = date.today) -> None:
        self.folder = Path(folder)
        self._now_ms = now_ms
        self._today = today

    @property
    def db_path(self) -> Path:
        """The SQLCipher database file."""
        return self.folder / DB_NAME

    @property
    def slots_path(self) -> Path:
        """The key slots file."""
        return self.folder / SLOTS_NAME

    def exists(self) -> bool:
        """True once a profile was created in the folder."""
        return self.slots_path.exists()

    def keyring(self) -> KeyRing:
        """The key slots of this profile."""
        return KeyRing.load(self.slots_path, now_ms=self._now_ms)

    def users(self) -> list[str]:
        """Login names that can unlock this profile."""
        return self.keyring().users()

    def create(self, *, user: str, passphrase: str, scope: str,
               recovery_key: X25519PublicKey | None = None,
               kdf: KdfParams | None = None, device: str | None = None,
               role: str = accounts.REVIEWER) -> Store:
        """Create the profile with its first user (of ``role``); return it unlocked.

        ``device`` is this installation's id (random unless given, e.g. by enrolment).
        Everything is checked (:func:`check_new_profile`) before anything is written."""
        check_new_profile(user=user, passphrase=passphrase, scope=scope)
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        _, data_key = KeyRing.create(self.slots_path, user=user, passphrase=passphrase,
                                     recovery_key=recovery_key, kdf=kdf, now_ms=self._now_ms)
        conn = open_encrypted(self.db_path, data_key)
        migrate(conn)
        device = device or "d" + new_id()[-15:]
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                         [("device", device), ("scope", scope)])
        store = self._store(conn, user)
        self._attach_reader(store, data_key)
        session.remember(store, folder=self.folder, data_key=data_key)
        accounts.init_roles(store, [user], first_role=role)
        self.keyring().set_role_hint(user, role)
        return store

    def unlock(self, user: str, passphrase: str, *,
               on_step: Callable[[int], None] | None = None) -> Store:
        """Open the profile as ``user``: unwrap the data key, upgrade the schema if needed
        (``on_step(number)`` before each upgrade step, see :func:`migrate`); audit the login
        and the failed unlocks kept since the last one. A failed upgrade step raises
        ``UpgradeFailed`` with the file left at the last step that succeeded."""
        ring = self.keyring()
        try:
            data_key = ring.unlock(user, passphrase)
        except UnknownUser:
            ring.note_failure(user)
            raise
        store = self._open(data_key, user, on_step=on_step)
        try:
            self._audit_login(store, ring, action="login")
        except BaseException:
            store.close()
            raise
        return store

    def recover(self, private_key: X25519PrivateKey, *, user: str,
                actor: str | None = None) -> Store:
        """Open the profile with the county recovery key, acting as ``user``; audited as
        done by ``actor`` (default ``user``); closed again if the audit fails."""
        ring = self.keyring()
        store = self._open(ring.recover(private_key), user)
        try:
            self._audit_login(store, ring, action="recovery", actor=actor)
        except BaseException:
            store.close()
            raise
        return store

    def check_again(self, user: str, passphrase: str) -> None:
        """Check ``user``'s passphrase on a profile already open (the idle lock); a wrong
        one counts like any failed unlock. Audit it with :meth:`record_login`."""
        ring = self.keyring()
        try:
            ring.unlock(user, passphrase)
        except UnknownUser:
            ring.note_failure(user)
            raise

    def record_login(self, store: Store) -> None:
        """Audit a login on the open ``store`` (after :meth:`check_again`), with the failed
        unlocks the key-slot file kept since the last one."""
        self._audit_login(store, self.keyring(), action="login")

    def _audit_login(self, store: Store, ring: KeyRing, *, action: str,
                     actor: str | None = None) -> None:
        accounts.init_roles(store, ring.users())
        failed = ring.unaudited_failures()
        with store.transaction():
            audit.record_failed_unlocks(store, failed)
            # a login needs no target (the entry's user says who); a recovery names the
            # user it acts as, masked (names from before they were checked may be numbers)
            target = mask_numbers_in(store.user) if action == "recovery" else ""
            audit.record(store, action=action, target=target, user=actor,
                         detail={"role": accounts.role_of(store)})
        ring.clear_unaudited(len(failed))

    def open_with_key(self, data_key: bytes, *, user: str) -> Store:
        """Open with an already unwrapped data key (tests, benchmarks, recovery tools)."""
        return self._open(data_key, user)

    def _open(self, data_key: bytes, user: str, *,
              on_step: Callable[[int], None] | None = None) -> Store:
        conn = open_encrypted(self.db_path, data_key)
        try:
            migrate(conn, on_step=on_step)
        except BangfuError:
            conn.close()
            raise
        except Exception as exc:
            try:
                kept = schema_version(conn)
            finally:  # closed even if the file cannot say its version
                conn.close()
            log.warning("schema upgrade step %d failed: %s", kept + 1, type(exc).__name__)
            raise UpgradeFailed(kept + 1, kept) from exc
        try:  # nothing stays open when a later step fails (the unlock dialog shows it)
            store = self._store(conn, user)
        except BaseException:
            conn.close()
            raise
        self._attach_reader(store, data_key)
        try:
            session.remember(store, folder=self.folder, data_key=data_key)
        except BaseException:
            store.close()
            raise
        return store

    def _attach_reader(self, store: Store, data_key: bytes) -> None:
        """Open the read lanes (read-only connections: the app's long reads, and ledger
        exports) while the key is at hand: the connections are kept, not the key
        (docs/security.md). Closed with the store. A lane that cannot be opened (an odd
        path, a file system without shared memory) is left out, its reads on the DB thread
        (the export lane's on the read lane); logged by type only."""
        for lane in LANES:
            try:
                conn = open_reader(self.db_path, data_key)
            except Exception as exc:  # never the message: it may hold the path
                log.warning("%s lane not opened (%s): its reads run elsewhere", lane,
                            type(exc).__name__)
                return
            except BaseException:
                store.close()
                raise
            try:
                store.attach_reader(ReadStore.twin_of(store, conn), lane=lane)
            except Exception as exc:  # the lane is optional: the profile opens without it
                conn.close()
                log.warning("%s lane not attached (%s): its reads run elsewhere", lane,
                            type(exc).__name__)
                return
            except BaseException:
                conn.close()
                store.close()
                raise

    def _store(self, conn: object, user: str) -> Store:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())  # type: ignore[attr-defined]
        return Store(conn, user=user, device=meta["device"],  # type: ignore[arg-type]
                     default_scope=meta.get("scope", ""), today=self._today,
                     now_ms=self._now_ms)
