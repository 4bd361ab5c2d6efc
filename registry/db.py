"""The encrypted SQLite connection: SQLCipher only, never plaintext.

``open_encrypted`` fails closed: if the driver does not answer
``PRAGMA cipher_version`` (the stdlib ``sqlite3`` module ignores ``PRAGMA key``
and would write plaintext), it refuses. A wrong key is detected at once by a
read, not at some later query.

``open_reader`` opens a second, read-only connection to the same file (the read lane:
long reads run there while the first connection writes; WAL gives it a consistent
snapshot of the last commit).
"""

from __future__ import annotations

from pathlib import Path, PurePath, PureWindowsPath
from urllib.parse import quote

import sqlcipher3.dbapi2 as sqlcipher

from registry.errors import CorruptProfile, NotEncrypted, WrongPassphrase

Connection = sqlcipher.Connection
DatabaseError = sqlcipher.DatabaseError
IntegrityError = sqlcipher.IntegrityError


def open_encrypted(path: Path, key: bytes, *, driver: object = sqlcipher) -> Connection:
    """Open (or create) the SQLCipher database at ``path`` with a raw 32-byte key.

    The connection is in autocommit mode; callers open transactions explicitly
    (``BEGIN IMMEDIATE``). Raises ``NotEncrypted`` if ``driver`` is not SQLCipher
    and ``WrongPassphrase`` if the key does not open an existing file.
    """
    if len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    conn = driver.connect(str(path), isolation_level=None, check_same_thread=False)  # type: ignore[attr-defined]
    try:
        _require_sqlcipher(conn)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        _verify_key(conn)
        _tune(conn)
    except BaseException:
        conn.close()
        raise
    return conn


#: The read lane's page cache, KiB (the writer's is 64 MiB): memory counts (issue 14). Its
#: reads are scans of far more pages than either cache holds: at 100k people 4 MiB took
#: the same time as 16 MiB and 13 MiB less peak memory (the dashboard, cold).
READER_CACHE_KIB = 4096


def open_reader(path: Path, key: bytes, *, driver: object = sqlcipher) -> Connection:
    """Open a read-only connection to the existing database at ``path`` (the read lane).

    The file is opened read-only (``mode=ro``), so no statement can change it: a write
    raises "attempt to write a readonly database". Temp tables still work (the alert run
    builds its scratch tables in memory); ``PRAGMA query_only`` would refuse those too.
    Tuned as the writer, with a smaller page cache (:data:`READER_CACHE_KIB`). The key is
    used here and not kept: the open connection is what the caller keeps.
    """
    if len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    uri = reader_uri(Path(path).resolve())
    conn = driver.connect(uri, uri=True, isolation_level=None,  # type: ignore[attr-defined]
                          check_same_thread=False)
    try:
        _require_sqlcipher(conn)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        _verify_key(conn)
        _tune(conn, cache_kib=READER_CACHE_KIB)
    except BaseException:
        conn.close()
        raise
    return conn


def reader_uri(path: PurePath) -> str:
    """The read-only ``file:`` URI SQLite opens for the absolute ``path``.

    The authority is always empty (SQLite refuses any other than ``localhost``), so the
    path follows ``file://`` whole: ``/srv/a/b.db`` -> ``file:///srv/a/b.db``, a drive
    ``C:\\a\\b.db`` -> ``file:///C:/a/b.db``, a UNC share ``\\\\server\\share\\b.db``
    -> ``file:////server/share/b.db`` (``Path.as_uri`` makes the server the authority,
    which SQLite refuses). ``%``, ``?``, ``#`` and non-ASCII letters are %-escaped.
    Windows' extended-length prefix (``Path.resolve`` may return it) is dropped first:
    ``\\\\?\\C:\\a.db`` is ``C:\\a.db``, ``\\\\?\\UNC\\server\\share\\b.db`` is the share's.
    """
    posix = _without_long_prefix(path)
    if not posix.startswith("/"):
        posix = "/" + posix  # a drive path: SQLite drops the "/" before "C:"
    return "file://" + quote(posix, safe="/:") + "?mode=ro"


def _without_long_prefix(path: PurePath) -> str:
    """``path.as_posix()``, a Windows path without its ``\\\\?\\`` prefix: ``//?/C:/a`` ->
    ``C:/a``, ``//?/UNC/server/share`` -> ``//server/share`` (a POSIX path unchanged)."""
    posix = path.as_posix()
    if not isinstance(path, PureWindowsPath):
        return posix
    if posix[:8].upper() == "//?/UNC/":
        return "//" + posix[8:]
    if posix.startswith("//?/"):
        return posix[4:]
    return posix


def _require_sqlcipher(conn: Connection) -> None:
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
    except Exception as exc:  # any driver, any error: fail closed
        raise NotEncrypted() from exc
    if not row or not row[0]:
        raise NotEncrypted()


def _verify_key(conn: Connection) -> None:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        if "not a database" in str(exc):
            raise WrongPassphrase(failures=0, wait_seconds=0.0) from None
        raise CorruptProfile("bangfu.db") from exc


def _tune(conn: Connection, *, cache_kib: int = 65536) -> None:
    """WAL for concurrent readers; FULL sync so a committed write survives power loss;
    temp tables in memory so no plaintext temp file is ever written.

    ``cipher_memory_security`` (wiping and locking SQLCipher's own allocations) stays
    off: it made every write six times slower (bench/store.py), and in a Python
    process the same names and numbers live in ordinary str objects anyway. Keeping
    swap and hibernation encrypted is the operating system's job (see README).
    """
    conn.execute("PRAGMA cipher_memory_security = OFF")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    # the writer: 64 MiB, fewer page decrypts and re-encrypts; the read lane: less
    conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    # sync's INSERT OR REPLACE INTO entity must fire the delete triggers that rebuild
    # visit_latest; sqlite_utils would set it too, but Store.db is made lazily
    conn.execute("PRAGMA recursive_triggers = ON")


def integrity_problems(conn: Connection) -> list[str]:
    """Everything ``integrity_check`` and ``cipher_integrity_check`` report (empty: clean)."""
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    problems += [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")]
    return problems
