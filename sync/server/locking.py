"""Write and read transactions of the hub, safe across processes and hosts.

Pulls read change sets by cursor (the ``change_sets.seq`` row number), so row
numbers must become visible in increasing order: a pull that has seen row ``n``
must never later find a row below ``n`` appear. Writers are therefore serialised:

- within a process by a :class:`threading.Lock` (so a process never holds more
  than one database connection waiting for the write turn);
- across processes and hosts on PostgreSQL by a transaction-level advisory lock
  (``pg_advisory_xact_lock``), taken as the first statement of the write
  transaction. Row numbers are drawn only while it is held, and PostgreSQL
  releases it only after the commit is visible, so the next writer's rows are
  numbered above, and become visible after, every row of the previous writer.

Readers (pull, snapshot, digest) take neither lock. They read in one snapshot:
``REPEATABLE READ`` on PostgreSQL, an explicit deferred transaction on SQLite
(WAL), so the cursor they report and the rows they return belong together. See
docs/server-concurrency.md.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text

#: The advisory lock key of the hub's writers ("BANGFUWR" as a signed 64-bit integer).
WRITE_LOCK_KEY = int.from_bytes(b"BANGFUWR", "big", signed=True)


class WorkersRefused(ValueError):
    """``--workers`` above 1 asked of a database that only one process may write."""


def is_postgres(engine: Engine) -> bool:
    """Whether ``engine`` speaks to PostgreSQL."""
    return engine.dialect.name == "postgresql"


@contextmanager
def write_transaction(engine: Engine, lock: threading.Lock) -> Iterator[Connection]:
    """One write transaction holding the write turn of this process and, on
    PostgreSQL, of every process and host on the database; committed on success."""
    with lock, engine.begin() as conn:
        if is_postgres(engine):
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
        yield conn


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """One read-only snapshot: every statement sees the same committed rows."""
    if is_postgres(engine):
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, \
                conn.begin():
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            yield conn
        return
    with engine.connect() as conn:
        # pysqlite opens transactions only for writes; BEGIN makes the reads one snapshot
        # (taken at the first read, WAL keeps it while writers commit), ended by rollback.
        conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        finally:
            conn.rollback()


def check_workers(engine: Engine, workers: int) -> None:
    """Refuse more than one worker on a database that is not PostgreSQL."""
    if workers < 1:
        raise WorkersRefused("serve --workers: expected 1 or more")
    if workers > 1 and not is_postgres(engine):
        raise WorkersRefused(
            f"serve --workers {workers}: SQLite is served by one process only; use"
            " --workers 1, or --db postgresql://... for several workers or hosts")
