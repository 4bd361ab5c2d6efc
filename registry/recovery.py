"""County recovery: every profile carries a slot sealed to the county's recovery key.

The device learns the county's public key at enrolment and at every sync
(``GET /v1/recovery-key``); :func:`ensure_recovery_slot` keeps it in the
encrypted store and seals the data key to it (once per key). When every user of
a laptop has forgotten their passphrase, a county officer with the key file and
its passphrase runs :func:`recover_profile` (``bangfu-accounts recover``): the
profile opens with the county's private key, the named user gets a new
passphrase (their slot re-wrapped, the database not re-encrypted), nothing in the
database changes but the audit entries saying so: who is :data:`ACTOR`, the target
the user, with the time, the device and the key's fingerprint. The app's
忘记口令？县级恢复… (``desktop/recovery_dialog.py``) calls the same function.
"""

from __future__ import annotations

from pathlib import Path

from registry import accounts, audit, session
from registry.errors import BangfuError, UnknownUser
from registry.keyslots import KdfParams, KeyRing, check_passphrase
from registry.profile import Profile
from registry.store import Store
from sync.protocol.recoverykey import (
    RecoveryKeyError,
    open_private_key,
    parse_public_hex,
    public_hex,
)

__all__ = ["ACTOR", "PassphraseChangedNotAudited", "RecoveryKeyError", "ensure_recovery_slot", "recover_profile"]

META_KEY = "recovery_key"
#: Who the audit names for a recovery (the county officer is not a user of the laptop).
ACTOR = "county recovery"


def ensure_recovery_slot(store: Store, public: str) -> bool:
    """Keep the county's recovery public key (hex) and give the profile a recovery slot
    sealed to it unless it has one; True if a slot was added (audited)."""
    key = parse_public_hex(public)
    if store.meta(META_KEY) != public:
        store.set_meta(META_KEY, public)
    where = session.opened(store)
    added = KeyRing.load(where.folder / accounts.SLOTS_NAME).add_recovery(where.data_key, key)
    if added:
        audit.defer(store, action="recovery_slot", target=public[:16])  # inside a sync
    return added


class PassphraseChangedNotAudited(BangfuError):
    """The new passphrase is in place, but the audit entry saying so was not committed
    (the only failure of :func:`recover_profile` that changed something)."""

    message_zh = "新密码已生效，但恢复的审计记录未能写入本机数据库，请联系县人社局"
    message_en = ("The new passphrase is in place, but the audit entry of the recovery could"
                  " not be written; contact the county office")


def recover_profile(folder: Path, *, key_file: Path, key_passphrase: str, user: str,
                    new_passphrase: str, kdf: KdfParams | None = None) -> Store:
    """Open the profile in ``folder`` with the county recovery key and give ``user`` (an
    existing user) the passphrase ``new_passphrase``; return the store, open as ``user``.

    ``RecoveryKeyError`` for a bad key file or passphrase, ``NoRecoverySlot`` (a
    ``WrongPassphrase``) if the profile has no slot for that key, ``UnknownUser``,
    ``WeakPassphrase``; each before anything is changed. The profile is opened and the
    change audited first; the user's slot is re-wrapped last, inside the audit's
    transaction, so any failure before it leaves the old passphrase working (and the store
    closed). ``PassphraseChangedNotAudited`` if only the final commit failed."""
    check_passphrase(new_passphrase)
    private = open_private_key(key_file, key_passphrase)
    profile = Profile(folder)
    if user not in profile.keyring().users():
        raise UnknownUser()
    store = profile.recover(private, user=user, actor=ACTOR)
    try:
        _audit_and_rewrap(store, profile, user=user, new_passphrase=new_passphrase, kdf=kdf,
                          fingerprint=public_hex(private.public_key())[:16])
    except BaseException:
        store.close()
        raise
    return store


def _audit_and_rewrap(store: Store, profile: Profile, *, user: str, new_passphrase: str,
                      kdf: KdfParams | None, fingerprint: str) -> None:
    """Audit the passphrase change and re-wrap ``user``'s slot in one transaction: the slot
    file is replaced only after the audit entry is written, before it is committed."""
    rewrapped = False
    try:
        with store.transaction():
            audit.record(store, action="passphrase_change", target=user, user=ACTOR,
                         detail={"by": "county_recovery_key", "key": fingerprint})
            # a fresh load: profile.recover rewrote the file (audited failures cleared)
            profile.keyring().set_passphrase(session.opened(store).data_key, user,
                                             new_passphrase, kdf=kdf)
            rewrapped = True
    except BaseException as exc:
        if rewrapped:
            raise PassphraseChangedNotAudited() from exc
        raise
