"""Where the county laptop keeps its admin credential: the encrypted profile's meta table.

The county profile syncs records with its device token (``desktop.connection``). The
admin token that manages devices is a second credential under a device id of its own
(``<device>-admin-<random>``); like the device token it lives only inside the SQLCipher
file and never syncs. The county officer enters the one-time admin code once, on the
设备 page; :func:`enrol_admin_identity` exchanges it (re-enrolling the identity already
kept, when there is one, so the server keeps one admin id per laptop). No Qt here.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from desktop.connection import load_connection
from registry.store import Store
from sync.client.admin import AdminCredential, AdminError, enrol_admin, reenrol_admin
from sync.client.enrolment import Connection

_KEYS = {"url": "admin_url", "token": "admin_token", "device_id": "admin_device",
         "scope": "admin_scope", "ca_pem": "admin_ca"}
#: Re-enrolling the kept identity failed in a way a fresh enrolment may not (a revoked
#: identity needs a code issued for it; another server does not know it).
_FRESH_AFTER = ("code", "not_found", "rejected")


@dataclass(frozen=True)
class AdminSetup:
    """What the 设备 page starts from: the kept admin credential, if any, and the sync
    connection's address and county CA (the admin talks to the same server)."""

    credential: AdminCredential | None
    server_url: str
    ca_pem: str | None


def save_admin(store: Store, credential: AdminCredential) -> None:
    """Keep ``credential`` in the profile (one transaction), replacing any before it."""
    with store.transaction():
        for name, key in _KEYS.items():
            store.set_meta(key, getattr(credential, name))


def load_admin(store: Store) -> AdminCredential | None:
    """The kept admin credential, or None if the officer never entered an admin code."""
    values = {name: store.meta(key) for name, key in _KEYS.items()}
    if not values["url"] or not values["token"] or not values["device_id"]:
        return None
    return AdminCredential(values["url"], values["token"], values["device_id"],
                           values["scope"] or "", values["ca_pem"])


def admin_setup(store: Store) -> AdminSetup:
    """The kept credential and the sync connection's address and CA (DB thread)."""
    connection: Connection | None = load_connection(store)
    return AdminSetup(load_admin(store), connection.url if connection else "",
                      connection.ca_pem if connection else None)


def enrol_admin_identity(setup: AdminSetup, *, url: str, code: str, device: str,
                         scope: str) -> AdminCredential:
    """Exchange the admin ``code`` (network only, no store): re-enrol the kept identity
    if there is one on that server, else enrol a new one for this laptop's ``device``."""
    kept = setup.credential
    ca_pem = kept.ca_pem if kept else setup.ca_pem
    if kept is not None and kept.url == url.strip().rstrip("/"):
        try:
            return reenrol_admin(kept, code)
        except AdminError as exc:
            if exc.kind not in _FRESH_AFTER:
                raise
    device_id = f"{device[:40]}-admin-{secrets.token_hex(3)}"
    return enrol_admin(url, code, device_id=device_id, scope=scope, ca_pem=ca_pem)
