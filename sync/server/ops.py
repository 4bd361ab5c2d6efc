"""Operations on a stopped or running SQLite server: the serve lock, backup, restore.

``backup`` copies the live database with SQLite's online backup API (a consistent
copy while the server runs). ``restore`` puts a backup back while the server is
stopped: the file must be a Bangfu server database of a known schema version, and
the database it replaces is kept aside. A PostgreSQL database is backed up with
``pg_dump`` and restored with ``pg_restore`` (docs/guide-server.md).

After a restore from an older backup the server lacks what it acknowledged since;
each device's next sync notices (the scope digest differs) and sends its changes
again, which brings them back (``SyncResult.resent``).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sync.protocol import move_into_place
from sync.server.cipher import is_plaintext, key_file_for, pragma_key, read_key
from sync.server.db import _UPGRADES, SCHEMA_VERSION

DB_FILE = "server.db"
LOCK_FILE = "server.lock"
REPLACED = "replaced"
PG_DUMP = "pg_dump -Fc -f FILE DBNAME"
PG_RESTORE = "pg_restore --clean --if-exists -d DBNAME FILE"
#: Tables every Bangfu server database has (whatever its known schema version).
_TABLES = {"server_info", "devices", "enrolments", "change_sets", "states", "batches"}
_SQLITE_MAGIC = b"SQLite format 3\x00"


class OpsError(RuntimeError):
    """An operation refused; nothing was changed."""


@contextmanager
def serve_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data directory's serve lock while a server runs on its SQLite database
    (released by the system even on kill -9); refuse if another process holds it."""
    handle = _try_lock(Path(data_dir))
    if handle is None:
        raise OpsError(f"{Path(data_dir) / DB_FILE}: another bangfu-server is serving this"
                       " database (SQLite is served by one process)")
    try:
        yield
    finally:
        handle.close()


def _try_lock(data_dir: Path) -> Any:
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    handle = os.fdopen(fd, "r+b")  # held while serving
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _connect(path: Path, key_file: Path) -> Any:
    """A connection to a server database file: SQLCipher with the key in ``key_file``,
    or plain SQLite for a file from before the server encrypted its database."""
    if is_plaintext(path):
        return sqlite3.connect(path, timeout=30)
    import sqlcipher3

    conn = sqlcipher3.connect(str(path), timeout=30)
    conn.execute(f'PRAGMA key = "{pragma_key(read_key(key_file))}"')
    return conn


def _database_errors() -> tuple[type[Exception], ...]:
    import sqlcipher3

    return (sqlite3.DatabaseError, sqlcipher3.DatabaseError)


def _refuse_postgres(db_url: str | None, what: str, command: str) -> None:
    if db_url:
        raise OpsError(f"{what}: the database is PostgreSQL ({db_url.split('://')[0]}); use"
                       f" `{command}` (see docs/guide-server.md, Backup and restore)")


def backup(data_dir: Path, out: Path, *, db_url: str | None = None,
           key_file: Path | None = None) -> dict[str, Any]:
    """Copy the server's SQLite database to ``out`` (online, consistent, encrypted with the
    same key: keep the key file with the backup); return a summary."""
    _refuse_postgres(db_url, "backup", PG_DUMP)
    source = Path(data_dir) / DB_FILE
    key = key_file_for(source, key_file)
    if not source.is_file():
        raise OpsError(f"backup: {source}: no server database there")
    if out.exists():
        raise OpsError(f"backup --out {out}: the file exists; give a new name")
    describe(source, key, verify=False)  # the live file: no integrity scan (the copy gets one)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    src = _connect(source, key)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        dst = _empty_like(src, tmp, key)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()
    try:
        schema = describe(tmp, key)["schema"]
    except OpsError:
        tmp.unlink(missing_ok=True)
        raise
    move_into_place(tmp, out)
    return {"backup": str(out), "schema": schema, "bytes": out.stat().st_size,
            **_counts(out, key)}


def _empty_like(src: Any, path: Path, key_file: Path) -> Any:
    """A connection to the new file ``path``, keyed as ``src`` is (or plain if it is)."""
    if isinstance(src, sqlite3.Connection):
        return sqlite3.connect(path)
    import sqlcipher3

    conn = sqlcipher3.connect(str(path))
    conn.execute(f'PRAGMA key = "{pragma_key(read_key(key_file))}"')
    return conn


def describe(path: Path, key_file: Path, *, verify: bool = True) -> dict[str, Any]:
    """Schema version and tables of a Bangfu server database file; :class:`OpsError`
    naming the problem if the file is not one of a schema this server knows (or, with
    ``verify``, fails SQLite's integrity check)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise OpsError(f"{path}: cannot be read ({type(exc).__name__})") from None
    if len(head) < len(_SQLITE_MAGIC):
        raise OpsError(f"{path}: not an SQLite database")
    try:
        conn = _connect(path, key_file)
    except Exception as exc:  # noqa: BLE001 - a missing or bad key file, named
        raise OpsError(f"{path}: cannot be opened ({exc})") from None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master"
                                             " WHERE type = 'table'")}
        missing = _TABLES - tables
        if missing:
            raise OpsError(f"{path}: not a Bangfu server database (no table"
                           f" {', '.join(sorted(missing))})")
        row = conn.execute("SELECT value FROM server_info WHERE key = 'schema'").fetchone()
        check = conn.execute("PRAGMA quick_check").fetchone()[0] if verify else "ok"
    except _database_errors() as exc:
        raise OpsError(f"{path}: damaged, not a database, or another key"
                       f" ({type(exc).__name__})") from None
    finally:
        conn.close()
    schema = row[0] if row else None
    if schema != SCHEMA_VERSION and schema not in _UPGRADES:
        raise OpsError(f"{path}: schema {schema or 'unknown'}; this server reads"
                       f" {', '.join(sorted({SCHEMA_VERSION, *_UPGRADES}))}")
    if check != "ok":
        raise OpsError(f"{path}: damaged (integrity check: {check[:100]})")
    return {"schema": schema, "tables": sorted(tables)}


def _counts(path: Path, key_file: Path) -> dict[str, int]:
    conn = _connect(path, key_file)
    try:
        return {"change_sets": conn.execute("SELECT count(*) FROM change_sets").fetchone()[0],
                "devices": conn.execute("SELECT count(*) FROM devices").fetchone()[0]}
    finally:
        conn.close()


def restore(data_dir: Path, source: Path, *, db_url: str | None = None,
            key_file: Path | None = None) -> dict[str, Any]:
    """Put the backup ``source`` in place of the server's SQLite database (server
    stopped); the replaced files are kept under ``replaced/``. Returns a summary."""
    _refuse_postgres(db_url, "restore", PG_RESTORE)
    data_dir = Path(data_dir)
    if not source.is_file():
        raise OpsError(f"restore --from {source}: no such file")
    key = key_file_for(data_dir / DB_FILE, key_file)
    info = describe(source, key)
    handle = _try_lock(data_dir)
    if handle is None:
        raise OpsError(f"restore: a bangfu-server is serving {data_dir / DB_FILE}: stop it"
                       " first (nothing was changed)")
    try:
        staged = data_dir / (DB_FILE + ".restoring")
        _copy(source, staged)
        kept = _set_aside(data_dir)
        move_into_place(staged, data_dir / DB_FILE)
    finally:
        handle.close()
    return {"restored": str(source), "schema": info["schema"], "kept_aside": kept,
            **_counts(data_dir / DB_FILE, key)}


def _copy(source: Path, target: Path) -> None:
    """``source`` copied to ``target`` (mode 0600, synced to disk)."""
    target.unlink(missing_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(source, "rb") as src, os.fdopen(fd, "wb") as out:
        while chunk := src.read(1 << 20):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())


def _set_aside(data_dir: Path) -> list[str]:
    """Move the live database and its WAL files to ``replaced/<time>/``; their paths."""
    live = [p for p in (data_dir / DB_FILE, data_dir / (DB_FILE + "-wal"),
                        data_dir / (DB_FILE + "-shm")) if p.exists()]
    if not live:
        return []
    folder = data_dir / REPLACED / time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    kept = []
    for path in live:
        move_into_place(path, folder / path.name)
        kept.append(str(folder / path.name))
    return kept
