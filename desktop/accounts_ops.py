"""One-line verbs for accounts, reveals and the audit log (``desktop.ops`` style).

Every verb runs on the DB thread and goes through the audited registry functions
(``registry.accounts``, ``registry.audit``): each reveal, account change and audit
export writes its own audit entry there, refused or not. They are ``QueryOp``s: the
audit entries they add are nothing a screen redraws, so nothing is broadcast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.background import BackgroundRunner, QueryOp
from desktop.ops import Parent
from registry import accounts, audit
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store


def my_role(runner: BackgroundRunner, parent: Parent) -> QueryOp[str]:
    """The acting user's account role (``clerk``, ``reviewer``, ``county_admin``)."""
    return QueryOp(runner, parent, accounts.role_of)


def check_manage_devices(runner: BackgroundRunner, parent: Parent, what: str
                         ) -> QueryOp[str]:
    """The acting user's role, read again; a refusal of device action ``what`` is
    audited (``registry.accounts.check_manage_devices``)."""
    return QueryOp(runner, parent, lambda store: accounts.check_manage_devices(store, what=what))


def grantable(runner: BackgroundRunner, parent: Parent
              ) -> QueryOp[tuple[str, list[str], bool]]:
    """(the acting user's role, the roles they may give, whether one of those is the
    county's first 县级管理员: ``registry.accounts.may_grant_first_admin``)."""
    return QueryOp(runner, parent, lambda store: (
        accounts.role_of(store), accounts.grantable(store),
        accounts.may_grant_first_admin(store)))


def reveal(runner: BackgroundRunner, parent: Parent, entity_id: str, field: str
           ) -> QueryOp[str]:
    """The full value of ``field`` of ``entity_id`` (audited; ``NotAllowed`` for a role
    that may not see it, the refusal audited too)."""
    return QueryOp(runner, parent, lambda store: audit.reveal(store, entity_id=entity_id,
                                                              field=field))


def users(runner: BackgroundRunner, parent: Parent) -> QueryOp[list[tuple[str, str]]]:
    """(user, role) of every user of this profile."""
    return QueryOp(runner, parent, accounts.users)


def add_user(runner: BackgroundRunner, parent: Parent, *, user: str, passphrase: str,
             role: str, kdf: KdfParams | None = None) -> QueryOp[None]:
    """Give ``user`` a key slot and ``role`` (audited)."""
    return QueryOp(runner, parent, lambda store: accounts.add_user(
        store, user=user, passphrase=passphrase, role=role, kdf=kdf))


def remove_user(runner: BackgroundRunner, parent: Parent, user: str) -> QueryOp[None]:
    """Remove ``user``'s key slot (audited)."""
    return QueryOp(runner, parent, lambda store: accounts.remove_user(store, user=user))


def set_role(runner: BackgroundRunner, parent: Parent, *, user: str, role: str
             ) -> QueryOp[None]:
    """Change ``user``'s role (audited)."""
    return QueryOp(runner, parent, lambda store: accounts.set_role(store, user=user, role=role))


def change_passphrase(runner: BackgroundRunner, parent: Parent, *, old: str, new: str,
                      kdf: KdfParams | None = None) -> QueryOp[None]:
    """Re-wrap the data key under the acting user's new passphrase (audited)."""
    return QueryOp(runner, parent, lambda store: accounts.change_passphrase(
        store, old=old, new=new, kdf=kdf))


def audit_entries(runner: BackgroundRunner, parent: Parent, **filters: Any
                  ) -> QueryOp[list[audit.Entry]]:
    """Audit entries matching ``filters`` (``registry.audit.read``: a role that may)."""
    return QueryOp(runner, parent, lambda store: audit.read(store, **filters))


def export_audit(runner: BackgroundRunner, parent: Parent, rows: list[audit.Entry],
                 out: Path) -> QueryOp[int]:
    """Write ``rows`` to ``out`` (.csv or .xlsx), audited; the row count."""
    return QueryOp(runner, parent, lambda store: audit.export(store, rows, out))


def record_login(runner: BackgroundRunner, parent: Parent, profile: Profile) -> QueryOp[None]:
    """Audit a login on the open store (the idle lock's unlock), with the failed
    unlocks the key-slot file kept since the last one."""
    return QueryOp(runner, parent, lambda store: _record_login(store, profile))


def _record_login(store: Store, profile: Profile) -> None:
    profile.record_login(store)
