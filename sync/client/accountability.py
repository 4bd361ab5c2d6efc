"""Each sync's audit entry and the county's recovery key, through the port.

Two optional port methods (a store without them is simply not audited):
``record_audit(action, *, detail, result)`` keeps an audit entry (the registry's
store adds it to the synced audit list at the next entry it records, at the
latest the next login, so a sync's own entry never makes the next sync send
something), and ``set_recovery_key(hex)`` keeps the county's recovery public key
and gives the profile a recovery slot sealed to it.
"""

from __future__ import annotations

import re
from typing import Any

from sync.client.errors import SyncError
from sync.client.transport import Cancelled, Transport

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def after_sync(http: Transport, store: Any, *, outcome: str, facts: dict[str, Any]) -> None:
    """Fetch the recovery key after a sync that went through; audit the sync."""
    if outcome == "ok":
        learn_recovery_key(http, store)
    record = getattr(store, "record_audit", None)
    if record is not None:
        record("sync", detail=facts, result=outcome)


def learn_recovery_key(http: Transport, store: Any) -> str | None:
    """The county's recovery public key (hex) from the server, handed to the store's
    ``set_recovery_key``; ``None`` if the county has none yet or the server is older."""
    keep = getattr(store, "set_recovery_key", None)
    if keep is None:
        return None
    try:
        reply = http.call("GET", "/recovery-key")
    except (SyncError, Cancelled):
        return None
    value = reply.get("recovery_key") if isinstance(reply, dict) else None
    if not (isinstance(value, str) and _HEX64.match(value)):
        return None
    keep(value)
    return value
