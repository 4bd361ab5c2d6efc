"""The sync client's error: one class with a kind the GUI maps to a message."""

from __future__ import annotations


class SyncError(Exception):
    """A sync failed. ``kind``: ``auth``, ``scope``, ``network``, ``tls`` (the server's
    certificate is not trusted), ``server``, ``rejected``; enrolment adds ``address``,
    ``certificate``, ``code``, ``enrolled`` and ``scope`` (see ``sync.client.enrolment``)."""

    def __init__(self, kind: str, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
