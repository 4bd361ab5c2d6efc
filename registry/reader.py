"""The read lane's store: the same reads as :class:`registry.store.Store` on a second,
read-only connection to the profile's file (``registry.db.open_reader``).

Long reads (the county's alert count, the alerts page, the work list's scratch tables) run
on it on a thread of their own while the main connection writes. Its transactions are
plain read transactions (``BEGIN``: a snapshot of the last commit, never a write lock);
every write through it raises :class:`ReadOnlyStore`, and the connection itself refuses
any write to the file. It is opened at unlock and closed with its store. A second one, the
export lane's, reads ledger exports (``registry.store.EXPORT_LANE``).
"""

from __future__ import annotations

from collections.abc import Iterable

from registry.db import Connection
from registry.errors import BangfuError
from registry.store import READ_LANE, Changes, Op, Store


class ReadOnlyStore(BangfuError):
    """A write was attempted through the read-only connection (the read lane)."""

    message_zh = "只读连接不能写入数据（这是程序错误：写入须在主连接上进行）"
    message_en = "The read-only connection cannot write (a program error: write on the main one)"


class ReadStore(Store):
    """The read-only twin of a :class:`Store` (see the module docstring)."""

    _BEGIN = "BEGIN"

    @classmethod
    def twin_of(cls, store: Store, conn: Connection) -> ReadStore:
        """A reader on ``conn`` acting for the same user, device and scope as ``store``."""
        return cls(conn, user=store.user, device=store.device,
                   default_scope=store.default_scope, today=store._today)

    def write(self, ops: Iterable[Op]) -> Changes:
        """Refused: :class:`ReadOnlyStore`."""
        raise ReadOnlyStore()

    def set_meta(self, key: str, value: str | None) -> None:
        """Refused: :class:`ReadOnlyStore`."""
        raise ReadOnlyStore()

    def attach_reader(self, reader: Store, *, lane: str = READ_LANE) -> None:
        """Refused: a reader has no reader of its own."""
        raise ReadOnlyStore()

    def reader(self, lane: str = READ_LANE) -> Store | None:
        """Itself (whatever the lane)."""
        return self

    def close(self, *, checkpoint: bool = False) -> None:
        """Close the connection (no checkpoint, whatever ``checkpoint`` says: a reader
        cannot write one)."""
        with self._lock:
            if self._closed:
                return
            self._conn.close()
            self._closed = True
