"""The read lane's store: the same reads as :class:`registry.store.Store` on a second,
read-only connection to the profile's file (``registry.db.open_reader``).

Long reads (the county's alert count, the alerts page, the work list's scratch tables) run
on it on a thread of their own while the main connection writes. Its transactions are
plain read transactions (``BEGIN``: a snapshot of the last commit, never a write lock);
every write through it raises :class:`ReadOnlyStore`, and the connection itself refuses
any write to the file. It is opened at unlock and closed with its store.

A reader may hold a second read-only twin, its ``helper()`` (the second lane, opened at
unlock with it): work on the reader's thread hands half of a long read to it, run on a
thread of its own, so that both cores work (the county dashboard's alert count). The
helper is only used from inside work on the reader (one such read at a time), and closed
with the reader.
"""

from __future__ import annotations

from collections.abc import Iterable

from registry.db import Connection
from registry.errors import BangfuError
from registry.store import Changes, Op, Store


class ReadOnlyStore(BangfuError):
    """A write was attempted through the read-only connection (the read lane)."""

    message_zh = "只读连接不能写入数据（这是程序错误：写入须在主连接上进行）"
    message_en = "The read-only connection cannot write (a program error: write on the main one)"


class ReadStore(Store):
    """The read-only twin of a :class:`Store` (see the module docstring)."""

    _BEGIN = "BEGIN"
    _helper: ReadStore | None = None

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

    def attach_reader(self, reader: Store) -> None:
        """Refused: a reader has no reader of its own."""
        raise ReadOnlyStore()

    def reader(self) -> Store | None:
        """Itself."""
        return self

    def attach_helper(self, helper: ReadStore) -> None:
        """Keep ``helper`` (a twin on another read-only connection) as the second lane,
        closed with this reader."""
        with self._lock:
            if self._helper is not None or helper is self:
                raise ValueError("this reader already has a helper")
            self._helper = helper

    def helper(self) -> ReadStore | None:
        """The second lane (None if it was not opened, or this reader is closed)."""
        return self._helper

    def close(self) -> None:
        """Close the helper, then the connection (no checkpoint: a reader cannot write one)."""
        with self._lock:
            if self._closed:
                return
            if self._helper is not None:
                self._helper.close()
                self._helper = None
            self._conn.close()
            self._closed = True
