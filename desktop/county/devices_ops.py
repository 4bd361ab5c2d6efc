"""Verb factories of the 设备 page: reads of the kept admin credential on the DB thread,
everything that talks to the county server on the network pool (never the GUI thread)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundRunner, CollectionOp, NetworkOp, QueryOp
from desktop.county.admin_credential import (
    AdminSetup,
    admin_setup,
    enrol_admin_identity,
    save_admin,
)
from registry.county_devices import SILENT_DAYS, silent_devices
from registry.store import Changes, Store
from sync.client.admin import AdminClient, AdminCredential, DeviceInfo, EnrolmentCode


def read_setup(runner: BackgroundRunner, parent: QWidget | None) -> QueryOp[AdminSetup]:
    """The kept admin credential and the sync connection's address (DB thread)."""
    return QueryOp(runner, parent, admin_setup)


def enrol_admin(runner: BackgroundRunner, parent: QWidget | None, setup: AdminSetup, *,
                url: str, code: str) -> NetworkOp[AdminCredential]:
    """Exchange the one-time admin code for an admin token (network)."""
    device, scope = runner.identity.device, runner.identity.scope
    return NetworkOp(runner, parent, lambda: enrol_admin_identity(
        setup, url=url, code=code, device=device, scope=scope))


def keep_admin(runner: BackgroundRunner, parent: QWidget | None,
               credential: AdminCredential) -> CollectionOp[Changes]:
    """Keep the admin credential in the encrypted profile (no synced record changes)."""
    def work(store: Store) -> Changes:
        save_admin(store, credential)
        return Changes()

    return CollectionOp(runner, parent, work)


def list_devices(runner: BackgroundRunner, parent: QWidget | None,
                 credential: AdminCredential) -> NetworkOp[list[DeviceInfo]]:
    """The devices of the admin's scope (network)."""
    return NetworkOp(runner, parent, lambda: AdminClient(credential).devices())


def new_device_code(runner: BackgroundRunner, parent: QWidget | None,
                    credential: AdminCredential, *, name: str, role: str,
                    scope: str) -> NetworkOp[EnrolmentCode]:
    """A one-time code and QR code for a new device (network; audited on the server)."""
    return NetworkOp(runner, parent, lambda: AdminClient(credential).new_code(
        name=name, role=role, scope=scope))


def revoke_device(runner: BackgroundRunner, parent: QWidget | None,
                  credential: AdminCredential, device_id: str) -> NetworkOp[bool]:
    """Revoke a device (network; audited on the server)."""
    return NetworkOp(runner, parent, lambda: AdminClient(credential).revoke(device_id))


def reenrolment_code(runner: BackgroundRunner, parent: QWidget | None,
                     credential: AdminCredential, device_id: str) -> NetworkOp[EnrolmentCode]:
    """A one-time code for one existing device to re-enrol under its id (network)."""
    return NetworkOp(runner, parent,
                     lambda: AdminClient(credential).reenrol_code(device_id))


def count_silent(runner: BackgroundRunner, parent: QWidget | None,
                 credential: AdminCredential, *, today: date,
                 days: int = SILENT_DAYS) -> NetworkOp[int]:
    """How many live syncing devices are silent more than ``days`` days (network), for
    the dashboard's 静默设备 number."""
    return NetworkOp(runner, parent, lambda: len(silent_devices(
        AdminClient(credential).devices(), today=today, days=days)))
