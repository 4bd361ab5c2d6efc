"""The sync client: push/pull over HTTP, USB bundles, through the :mod:`port`."""

from __future__ import annotations

from sync.client.client import SyncClient, SyncResult, enroll
from sync.client.errors import SyncError
from sync.client.port import ApplyOutcome, Snapshot, SyncStore

__all__ = ["ApplyOutcome", "Snapshot", "SyncClient", "SyncError", "SyncResult", "SyncStore",
           "enroll"]
