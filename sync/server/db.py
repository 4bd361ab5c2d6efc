"""The county server's schema (SQLAlchemy Core) and engine: SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from sync.server import cipher

metadata = MetaData()

ID = 64  # change, entity, device and batch ids

enrolments = Table(
    "enrolments", metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("prefix", String(12), nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("used", Boolean, nullable=False, default=False),
)

devices = Table(
    "devices", metadata,
    Column("device_id", String(ID), primary_key=True),
    Column("name", String(200), nullable=False, index=True),
    Column("role", String(16), nullable=False),
    Column("prefix", String(12), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("sign_key", String(64)),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("enrolled_ms", BigInteger, nullable=False),
)

#: Every change set received, in the order stored (``seq`` is the pull cursor). A set
#: whose changes arrived in parts has a row per part; ``body`` is the canonical JSON
#: of the part's wire form, served to pulls as stored.
change_sets = Table(
    "change_sets", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("set_id", String(ID), nullable=False, index=True),
    Column("entity_id", String(ID), nullable=False),
    Column("scope", String(12), nullable=False),
    Column("changes", Integer, nullable=False),
    Column("body", Text, nullable=False),
    Column("batch_id", String(ID), nullable=False),
    Column("received_ms", BigInteger, nullable=False),
)
Index("ix_change_sets_scope_seq", change_sets.c.scope, change_sets.c.seq)

#: (parent, child): ``child`` replaces ``parent`` (its base or one of its ``resolves``);
#: ``parent_set`` is the set id ``parent`` names, so a batch looks links up by set.
links = Table(
    "links", metadata,
    Column("parent_set", String(ID), nullable=False, index=True),
    Column("parent", String(ID), primary_key=True),
    Column("child", String(ID), primary_key=True),
)

#: The current versions (heads) of every property of an entity, one row per entity:
#: ``heads`` is ``{"sets": {set id: [hlc, device, user, seen]}, "props": {prop:
#: [[set id, entry], ...]}}`` (entries as in a change set, winner first), or NULL
#: while the entity is exactly the set stored at ``change_sets.seq = origin`` (as
#: most entities are: created once, never edited), which is then not copied here.
#: ``digest`` and ``props`` are the entity's ``protocol.entity_digest``; ``contested``
#: is true while a property has several heads or a delete is current (the conflict
#: review list).
states = Table(
    "states", metadata,
    Column("entity_id", String(ID), primary_key=True),
    Column("list", String(64), nullable=False),
    Column("scope", String(12), nullable=False),
    Column("heads", Text),
    Column("origin", Integer),
    Column("digest", String(32), nullable=False),
    Column("props", Integer, nullable=False),
    Column("contested", Boolean, nullable=False),
)

#: Scope filters, and snapshot pages in (scope, entity id) order.
STATES_BY_SCOPE = Index("ix_states_scope_entity", states.c.scope, states.c.entity_id)

#: Normalized national ID numbers carried by the heads of person entities.
lookups = Table(
    "lookups", metadata,
    Column("lookup", String(64), primary_key=True),
    Column("entity_id", String(ID), primary_key=True),
)

batches = Table(
    "batches", metadata,
    Column("batch_id", String(ID), primary_key=True),
    Column("device_id", String(ID), nullable=False),
    Column("checksum", String(64), nullable=False),
    Column("ack", Text, nullable=False),
    Column("committed_ms", BigInteger, nullable=False),
)

flags = Table(
    "flags", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("change_id", String(ID), nullable=False),
    Column("entity_id", String(ID), nullable=False),
    Column("scope", String(12), nullable=False, index=True),
    Column("detail", Text, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
)

#: Each time a device was told that an ID number it pushed is also registered outside
#: its scope (never which entity): who asked, about which (masked) number, so the
#: county sees fishing.
disclosures = Table(
    "disclosures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("device_id", String(ID), nullable=False, index=True),
    Column("entity_id", String(ID), nullable=False),
    Column("scope", String(12), nullable=False),
    Column("id_masked", String(64), nullable=False),
    Column("batch_id", String(ID), nullable=False),
    Column("created_ms", BigInteger, nullable=False),
)


#: Which layout of these tables a database holds; bumped when a table changes.
SCHEMA_VERSION = "4"

server_info = Table(
    "server_info", metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Text, nullable=False),
)


class SchemaMismatch(RuntimeError):
    """The database was made by another version of the server; nothing was changed."""


def database_url(data_dir: Path, url: str | None) -> str:
    """The URL to use: ``url`` (PostgreSQL via psycopg), or by default SQLite encrypted
    with SQLCipher in ``data_dir`` (:mod:`sync.server.cipher`)."""
    if not url:
        return f"{cipher.SCHEME}:///{Path(data_dir) / 'server.db'}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def open_engine(url: str, *, key_file: Path | None = None) -> Engine:
    """Create an engine and the schema; SQLite gets WAL, full sync and a busy timeout.
    An SQLCipher URL opens with the key in ``key_file`` (default: beside the database);
    a plaintext database there, or a wrong key, raises ``cipher.DatabaseKeyError``.
    Errors never show a statement's parameters (change sets hold names and ID numbers)."""
    args = {"check_same_thread": False, "timeout": 30}
    if url.startswith(cipher.SCHEME):
        db_path = Path(make_url(url).database or "")
        key = cipher.database_key(db_path, key_file)
        engine = create_engine(make_url(url).set(password=cipher.pragma_key(key)),
                               connect_args=args, poolclass=QueuePool, hide_parameters=True)
        event.listen(engine, "connect", _cipher_pragmas)
        try:
            with engine.connect() as conn:
                cipher.check_key(conn.connection.dbapi_connection, db_path, key_file)
        except DBAPIError:
            engine.dispose()
            cipher.check_key(None, db_path, key_file)  # raises, naming the key file
            raise
    elif url.startswith("sqlite"):
        engine = create_engine(url, connect_args=args, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    _check_schema(engine)
    metadata.create_all(engine)
    ensure_admin_indexes(engine)
    with engine.begin() as conn:
        version = conn.execute(select(server_info.c.value).where(
            server_info.c.key == "schema")).scalar()
        if version is None:
            conn.execute(insert(server_info).values(key="schema", value=SCHEMA_VERSION))
        elif version in _UPGRADES:
            _UPGRADES[version](conn)
            conn.execute(update(server_info).where(server_info.c.key == "schema")
                         .values(value=SCHEMA_VERSION))
    return engine


def _index_states_by_scope_and_entity(conn: Connection) -> None:
    """3 -> 4: snapshot pages walk states in (scope, entity id) order."""
    conn.execute(text("DROP INDEX IF EXISTS ix_states_scope"))
    STATES_BY_SCOPE.create(conn, checkfirst=True)


#: In-place upgrades from an older schema version to this one. (A table added within
#: a version, as ``disclosures`` was to 4, is made by ``create_all`` when opened.)
_UPGRADES: dict[str, Callable[[Connection], None]] = {"3": _index_states_by_scope_and_entity}


def _check_schema(engine: Engine) -> None:
    """Refuse a database whose tables another server version made and that cannot be
    upgraded in place (see ``_UPGRADES``)."""
    tables = set(inspect(engine).get_table_names())
    if not tables & {t.name for t in metadata.sorted_tables}:
        return  # new, empty database
    version = None
    if server_info.name in tables:
        with engine.connect() as conn:
            version = conn.execute(select(server_info.c.value).where(
                server_info.c.key == "schema")).scalar()
    if version != SCHEMA_VERSION and version not in _UPGRADES:
        engine.dispose()
        raise SchemaMismatch(
            f"the server database {engine.url.render_as_string(hide_password=True)} has"
            f" schema {version or 'older than 3'}, this server needs {SCHEMA_VERSION}: move"
            " it aside (nothing was changed) and enrol the devices again")


def _cipher_pragmas(dbapi_conn, record) -> None:  # noqa: ANN001 - DB-API objects
    """SQLCipher, keyed by the dialect: its own log quiet (a wrong key is reported by
    ``cipher.check_key``), then the SQLite pragmas."""
    dbapi_conn.execute("PRAGMA cipher_log_level = NONE")
    _sqlite_pragmas(dbapi_conn, record)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API objects
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


#: When each device token was last seen in an accepted request (at most every few
#: minutes per process), for the "devices seen in the last day" metric.
device_seen = Table(
    "device_seen", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("seen_ms", BigInteger, nullable=False),
)


#: County administration (:mod:`sync.server.admin`). Every admin action and every
#: refusal, append-only: ``actor`` is the admin (or device) device id, ``action`` what
#: it asked, ``target`` the device id or enrolment it concerned, ``result`` "ok" or the
#: refusal's HTTP status, ``scope`` the prefix whose admins may read the row.
admin_audit = Table(
    "admin_audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at_ms", BigInteger, nullable=False),
    Column("actor", String(ID), nullable=False),
    Column("action", String(32), nullable=False),
    Column("target", String(200), nullable=False),
    Column("result", String(16), nullable=False),
    Column("scope", String(12), nullable=False, index=True),
    Column("detail", Text, nullable=False),
)

#: What each device last reported and was last answered: the app version it sends
#: in the ``X-Bangfu-Version`` header and the last error the server gave it.
device_status = Table(
    "device_status", metadata,
    Column("device_id", String(ID), primary_key=True),
    Column("app_version", String(32)),
    Column("version_ms", BigInteger),
    Column("error_status", Integer),
    Column("error_detail", String(200)),
    Column("error_ms", BigInteger),
)

#: One-time codes an admin issued for one existing device to re-enrol under its id
#: (the only kind of code a revoked device can use); the code itself is in
#: ``enrolments``.
reenrolments = Table(
    "reenrolments", metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("device_id", String(ID), nullable=False, index=True),
    Column("created_ms", BigInteger, nullable=False),
)

#: Each device's last batch, for the admin's device list; made on existing databases
#: too when the server opens them (:func:`ensure_admin_indexes`).
BATCHES_BY_DEVICE = Index("ix_batches_device_committed", batches.c.device_id,
                          batches.c.committed_ms)


def ensure_admin_indexes(engine: Engine) -> None:
    """Create the admin list's index on a database made before it existed."""
    with engine.begin() as conn:
        BATCHES_BY_DEVICE.create(conn, checkfirst=True)
