"""Accounts and roles on one laptop: several users, each with their own key slot.

Roles (``ROLES``): 录入员 ``clerk`` records; 审核员/第一书记 ``reviewer`` also sees full
ID and phone numbers after a click, exports unmasked lists and manages the users
of the laptop; 县级管理员 ``county_admin`` may do all that and also manage the county's
devices with the admin token kept on the laptop (``manage_devices``). :func:`may` decides.

The roles that count are kept inside the encrypted database (settings key
``accounts``), not only beside the slots in ``keyslots.json``: editing that file
can at most change a hint. A user with a slot but no role in the database is a
clerk. A profile made before roles existed gives its first user ``reviewer`` at
its next unlock. Managing users needs an unlocked profile (its data key): the
acting user must be allowed to ``manage_users`` and cannot grant a role above
their own. Each change is audited.

One exception (:func:`may_grant_first_admin`): a county-scope profile made before
``county_admin`` existed has a reviewer as its highest user, who could never give
the role. While such a profile has no ``county_admin`` at all, a reviewer may grant
it (to themself or another user); the audit entry says ``first_county_admin``. A
clerk never may, nor anyone on a township or village profile. Refused device
actions are audited by :func:`check_manage_devices`.
"""

from __future__ import annotations

import json
from typing import Any

from registry.errors import BangfuError, ValidationError
from registry.keyslots import KdfParams, KeyRing
from registry.masking import FULL_NUMBER, mask_numbers_in
from registry.session import opened
from registry.store import Store

CLERK, REVIEWER, COUNTY_ADMIN = "clerk", "reviewer", "county_admin"
ROLES: dict[str, str] = {CLERK: "录入员", REVIEWER: "审核员/第一书记", COUNTY_ADMIN: "县级管理员"}
_RANK = {CLERK: 1, REVIEWER: 2, COUNTY_ADMIN: 3}
_EVERYONE = frozenset(ROLES)
_TRUSTED = frozenset({REVIEWER, COUNTY_ADMIN})
#: Which roles may do what.
PERMISSIONS: dict[str, frozenset[str]] = {
    "export": _EVERYONE, "print": _EVERYONE, "sync": _EVERYONE,
    "reveal": _TRUSTED, "export_unmasked": _TRUSTED, "manage_users": _TRUSTED,
    "read_audit": _TRUSTED, "manage_devices": frozenset({COUNTY_ADMIN}),
}
META_KEY = "accounts"
SLOTS_NAME = "keyslots.json"
MAX_USER_CHARS = 32


class NotAllowed(BangfuError):
    """The user's role does not allow this action."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.action = action
        self.message_zh = f"当前用户的角色无权执行此操作（{action}）"
        self.message_en = f"Your role may not do this ({action})"


def may(role: str, action: str) -> bool:
    """Whether ``role`` may do ``action`` (a key of :data:`PERMISSIONS`)."""
    if action not in PERMISSIONS:
        raise ValueError(f"unknown action {action!r}")
    return role in PERMISSIONS[action]


def roles(store: Store) -> dict[str, str]:
    """User name -> role, as kept in the encrypted database."""
    text = store.meta(META_KEY)
    doc = json.loads(text) if text else {}
    return {str(k): str(v) for k, v in doc.get("roles", {}).items() if v in ROLES}


def role_of(store: Store, user: str | None = None) -> str:
    """The role of ``user`` (default: the store's user); ``clerk`` if none is kept."""
    return roles(store).get(store.user if user is None else user, CLERK)


def users(store: Store) -> list[tuple[str, str]]:
    """(user, role) of every user with a key slot on this profile, in slot order."""
    kept = roles(store)
    return [(u, kept.get(u, CLERK)) for u in _ring(store).users()]


def is_county_scope(scope: str) -> bool:
    """Whether the division code ``scope`` is a county or wider (no township or village
    digits); ``False`` for an empty or malformed code."""
    return (bool(scope) and scope.isascii() and scope.isdigit() and len(scope) <= 12
            and not scope.ljust(12, "0")[6:].strip("0"))


def may_grant_first_admin(store: Store) -> bool:
    """Whether the acting user may grant ``county_admin`` though it is above their role:
    a reviewer, on a county-scope profile that has no ``county_admin`` yet."""
    return (role_of(store) == REVIEWER and is_county_scope(store.meta("scope") or "")
            and COUNTY_ADMIN not in roles(store).values())


def grantable(store: Store) -> list[str]:
    """The roles the acting user may give: none unless they manage users, else up to
    their own, and ``county_admin`` too when :func:`may_grant_first_admin`."""
    mine = role_of(store)
    if not may(mine, "manage_users"):
        return []
    top = COUNTY_ADMIN if may_grant_first_admin(store) else mine
    return [r for r in ROLES if _RANK[r] <= _RANK[top]]


def check_manage_devices(store: Store, *, what: str) -> str:
    """The acting user's role; if it may not ``manage_devices``, the refusal of ``what``
    (a short action name such as ``revoke``) is audited first."""
    mine = role_of(store)
    if not may(mine, "manage_devices"):
        _audit(store, action="device_admin", target=what, detail={"role": mine},
               result="denied")
    return mine


def init_roles(store: Store, slot_users: list[str], *, first_role: str = REVIEWER) -> None:
    """Give roles to a profile that has none yet: its first user ``first_role``, the
    others ``clerk`` (used at creation and for profiles made before roles)."""
    if store.meta(META_KEY) is not None or not slot_users:
        return
    _check_role(first_role)
    kept = {u: CLERK for u in slot_users}
    kept[slot_users[0]] = first_role
    _save_roles(store, kept)


def add_user(store: Store, *, user: str, passphrase: str, role: str = CLERK,
             kdf: KdfParams | None = None) -> None:
    """Give ``user`` their own slot and ``role``; the acting user must manage users.
    The slot is removed again if the roles or the audit entry cannot be written."""
    _check_user(user)
    _check_grant(store, role)
    ring = _ring(store)
    if user in ring.users():
        raise ValidationError("account.user", "该用户已存在", "the user already exists")
    detail = _grant_detail(store, role)
    ring.set_passphrase(opened(store).data_key, user, passphrase, kdf=kdf, role=role)
    try:
        with store.transaction():
            _save_roles(store, {**roles(store), user: role})
            _audit(store, action="user_add", target=user, detail=detail)
    except BaseException:
        ring.remove_user(user)
        raise


def remove_user(store: Store, *, user: str) -> None:
    """Remove ``user``'s slot (never the last one, never one of a higher role)."""
    _check_grant(store, role_of(store, user))
    ring = _ring(store)
    if user not in ring.users():
        raise ValidationError("account.user", "此设备上没有该用户", "no such user")
    if len(ring.users()) == 1:
        raise ValidationError("account.user", "不能删除唯一的用户", "cannot remove the last user")
    ring.remove_user(user)
    with store.transaction():
        _save_roles(store, {k: v for k, v in roles(store).items() if k != user})
        _audit(store, action="user_remove", target=user)


def set_role(store: Store, *, user: str, role: str) -> None:
    """Change ``user``'s role (within the acting user's own)."""
    _check_grant(store, role)
    _check_grant(store, role_of(store, user))
    ring = _ring(store)
    if user not in ring.users():
        raise ValidationError("account.user", "此设备上没有该用户", "no such user")
    detail = _grant_detail(store, role)
    with store.transaction():
        _save_roles(store, {**roles(store), user: role})
        _audit(store, action="role_change", target=user, detail=detail)
    ring.set_role_hint(user, role)


def change_passphrase(store: Store, *, old: str, new: str,
                      kdf: KdfParams | None = None) -> None:
    """Change the acting user's passphrase: the data key is re-wrapped, the database is
    not re-encrypted; the new slot is on disk before the old one is gone."""
    _ring(store).change_passphrase(store.user, old, new, kdf=kdf)
    _audit(store, action="passphrase_change", target=store.user)


def _ring(store: Store) -> KeyRing:
    return KeyRing.load(opened(store).folder / SLOTS_NAME)


def _check_grant(store: Store, role: str) -> None:
    _check_role(role)
    if role not in grantable(store):
        _audit(store, action="role_change", detail={"role": role}, result="denied")
        raise NotAllowed("manage_users")


def _grant_detail(store: Store, role: str) -> dict[str, Any]:
    first = role == COUNTY_ADMIN and may_grant_first_admin(store)
    return {"role": role, "first_county_admin": True} if first else {"role": role}


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError("account.role", "角色须为：" + "、".join(ROLES.values()),
                              "role must be clerk, reviewer or county_admin")


def check_user_name(user: str, *, field: str = "account.user") -> None:
    """Refuse a login name that is blank, padded, longer than ``MAX_USER_CHARS`` or holds
    a full mobile or ID number (it is written into the audit and the key-slot file).
    ``ValidationError`` naming ``field``; the dialogs show it as 用户名."""
    if not user.strip() or user != user.strip() or len(user) > MAX_USER_CHARS:
        raise ValidationError(field, f"不能为空、首尾不能有空格、最多 {MAX_USER_CHARS} 个字",
                              f"1-{MAX_USER_CHARS} characters, without spaces at either end")
    if FULL_NUMBER.search(user):
        raise ValidationError(field, "不能含手机号或身份证号（可用姓名拼音或工号）",
                              "a user name may not hold a mobile or ID number")


def _check_user(user: str) -> None:
    check_user_name(user, field="account.user")


def _save_roles(store: Store, kept: dict[str, str]) -> None:
    store.set_meta(META_KEY, json.dumps({"roles": kept}, ensure_ascii=False, sort_keys=True))


def _audit(store: Store, **entry: Any) -> None:
    from registry import audit  # audit reads roles from here

    # a user name from before names were checked may hold a full number: masked here
    entry["target"] = mask_numbers_in(str(entry.get("target", "")))
    audit.record(store, **entry)
