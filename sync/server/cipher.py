"""The server's SQLite database encrypted at rest with SQLCipher (docs/server-security.md).

The key is 32 random bytes kept as hex in a key file (``server_db.key`` in the data
folder unless ``--db-key`` names another place), mode 0600. It is given to SQLCipher
as a raw key (no passphrase derivation). A database file that is plain SQLite is
refused with the command that encrypts it (:func:`encrypt_database`, which copies it
with ``sqlcipher_export``, checks the copy and only then replaces the original).
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

from sync.protocol import move_into_place, write_atomic

KEY_FILE = "server_db.key"
#: The SQLAlchemy dialect over ``sqlcipher3``.
SCHEME = "sqlite+pysqlcipher"
_PLAIN_HEADER = b"SQLite format 3\x00"
_KEY = re.compile(r"^[0-9a-f]{64}$")


class DatabaseKeyError(RuntimeError):
    """The database is plaintext, its key file is missing or wrong; nothing was changed."""


def key_file_for(db_path: Path, key_file: Path | None = None) -> Path:
    """The key file of the database at ``db_path``: ``key_file`` or the default beside it."""
    return Path(key_file) if key_file else Path(db_path).parent / KEY_FILE


def is_plaintext(db_path: Path) -> bool:
    """True if ``db_path`` is an (unencrypted) SQLite database file."""
    try:
        with open(db_path, "rb") as f:
            return f.read(len(_PLAIN_HEADER)) == _PLAIN_HEADER
    except FileNotFoundError:
        return False


def database_key(db_path: Path, key_file: Path | None = None) -> str:
    """The hex key of the database at ``db_path``, made (0600, atomically) if neither the
    key file nor a database exists yet. :class:`DatabaseKeyError` if the database is
    plaintext, or exists without its key file, or the key file is not a key."""
    db_path, path = Path(db_path), key_file_for(db_path, key_file)
    if is_plaintext(db_path):
        raise DatabaseKeyError(
            f"the server database {db_path} is not encrypted: stop the server and run"
            f" `bangfu-server encrypt-db --data {db_path.parent}` once (nothing was changed)")
    if not path.exists():
        if db_path.exists() and db_path.stat().st_size > 0:
            raise DatabaseKeyError(f"the server database {db_path} is encrypted but its key"
                                   f" file {path} is missing: put it back (nothing was changed)")
        _write_key(path, secrets.token_hex(32))
    return _read_key(path)


def _read_key(path: Path) -> str:
    key = path.read_text(encoding="ascii", errors="replace").strip()
    if not _KEY.match(key):
        raise DatabaseKeyError(f"database key file {path}: expected 64 hex digits")
    return key


def _write_key(path: Path, key: str) -> None:
    write_atomic(path, (key + "\n").encode("ascii"))


def pragma_key(key: str) -> str:
    """The SQLCipher ``PRAGMA key`` value of a raw hex key."""
    return f"x'{key}'"


def read_key(path: Path) -> str:
    """The hex key in the key file ``path`` (:class:`DatabaseKeyError` if it is not one)."""
    if not Path(path).exists():
        raise DatabaseKeyError(f"database key file {path}: missing")
    return _read_key(Path(path))


def connect_raw(db_path: Path, key_file: Path | None = None) -> Any:
    """A ``sqlcipher3`` connection to the encrypted database (for tools and tests)."""
    import sqlcipher3

    key = database_key(db_path, key_file)
    conn = sqlcipher3.connect(str(db_path))
    conn.execute(f'PRAGMA key = "{pragma_key(key)}"')
    return conn


def check_key(conn: Any, db_path: Path, key_file: Path | None = None) -> None:
    """:class:`DatabaseKeyError` if ``conn`` (keyed; None if it could not even be set up)
    cannot read the database."""
    import sqlcipher3

    try:
        if conn is None:
            raise sqlcipher3.DatabaseError("no connection")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        raise DatabaseKeyError(
            f"the server database {db_path} cannot be read with the key in"
            f" {key_file_for(db_path, key_file)}: wrong key file, or not a server database"
        ) from None


def encrypt_database(db_path: Path, key_file: Path | None = None) -> dict[str, int]:
    """Encrypt the plaintext database at ``db_path`` in place (the server stopped):
    export it to an encrypted copy, check every table's row count in the copy, then
    replace the original; return the row counts. The key file is made if absent."""
    import sqlcipher3

    db_path = Path(db_path)
    if not is_plaintext(db_path):
        raise DatabaseKeyError(f"{db_path}: not a plaintext SQLite database (already"
                               " encrypted, or missing); nothing was changed")
    path = key_file_for(db_path, key_file)
    if not path.exists():
        _write_key(path, secrets.token_hex(32))
    key = _read_key(path)
    tmp = db_path.with_name(db_path.name + ".encrypting")
    tmp.unlink(missing_ok=True)
    src = sqlcipher3.connect(str(db_path), isolation_level=None)
    try:
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _row_counts(src)
        src.execute(f"ATTACH DATABASE ? AS encrypted KEY \"{pragma_key(key)}\"", (str(tmp),))
        src.execute("SELECT sqlcipher_export('encrypted')")
        src.execute("DETACH DATABASE encrypted")
    finally:
        src.close()
    dst = connect_raw(tmp, path)
    try:
        if _row_counts(dst) != counts:
            raise DatabaseKeyError(f"{db_path}: the encrypted copy differs; nothing was"
                                   " changed")
    finally:
        dst.close()
    for suffix in ("-wal", "-shm"):  # checkpointed into the file: a stale WAL must not
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)  # be replayed on the copy
    move_into_place(tmp, db_path)
    return counts


def _row_counts(conn: Any) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
