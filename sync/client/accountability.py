"""Each sync's audit entry and the county's recovery key, through the port.

Two optional port methods (a store without them is simply not audited):
``record_audit(action, *, detail, result)`` appends an audit entry, and
``set_recovery_key(hex)`` keeps the county's recovery public key and gives the
profile a recovery slot sealed to it.

A sync with changes to send is recorded *before* it pushes (``started``, with the
count), so the entry travels in that same push and the county sees it at once. A
sync that fails or is cancelled is recorded after (``failed``/``cancelled``) and
reaches the county with the next one. A sync with nothing to send that goes
through leaves no entry on the device: the server's request log has it, and an
entry would make every sync send something.
"""

from __future__ import annotations

import re
from typing import Any

from sync.client.errors import SyncError
from sync.client.transport import Cancelled, Transport

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def before_sync(store: Any) -> None:
    """Audit a sync about to send changes (the entry is sent with them)."""
    record = getattr(store, "record_audit", None)
    pending = store.pending_count() if record is not None else 0
    if pending:
        record("sync", detail={"pending": pending}, result="started")


def after_sync(http: Transport, store: Any, *, outcome: str, facts: dict[str, Any]) -> None:
    """Fetch the recovery key after a sync that went through; audit one that did not."""
    if outcome == "ok":
        learn_recovery_key(http, store)
        return
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
