"""SQL helpers shared by the hub: chunked ``IN`` lists, multi-row inserts, scope filters."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import chain
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import Connection, String, Table, TextClause, and_, column, insert, text
from sqlalchemy.sql.selectable import TextualSelect

#: Ids per ``IN (...)`` list: under SQLite's historic limit of 999 bound parameters.
CHUNK = 900
SQLITE_PARAMS = 999
#: Rows per PostgreSQL ``json_to_recordset`` insert, and the SQL type of each column type.
_PG_ROWS = 10_000
_PG_TYPE = {"String": "text", "Text": "text", "Integer": "integer", "BigInteger": "bigint",
            "Boolean": "boolean"}


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    """``items`` in lists of at most ``size`` (bound-parameter limits of IN lists)."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def id_list(conn: Connection) -> TextualSelect:
    """A subquery of the ids in the JSON list bound as ``:ids``: one parameter for any
    number of ids (``json_each`` on SQLite, ``json_array_elements_text`` on
    PostgreSQL), so a batch looks its ids up in one statement, not one per chunk."""
    if conn.dialect.name == "postgresql":
        sql: TextClause = text("SELECT json_array_elements_text(CAST(:ids AS json))")
    else:
        sql = text("SELECT value FROM json_each(:ids)")
    return sql.columns(column("value", String))


def ids_param(ids: Iterable[str]) -> dict[str, str]:
    """The ``:ids`` parameter of :func:`id_list` (a JSON list)."""
    return {"ids": json_param(list(ids))}


def json_param(value: Any) -> str:
    """JSON text of a statement parameter: orjson's, or the standard library's with
    non-ASCII escaped when orjson refuses (a lone surrogate stays an escape, which the
    database drivers can send)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value)


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, in order) in a few statements.

    One statement per chunk instead of one per row: a multi-row ``VALUES`` on
    SQLite, and on PostgreSQL ``INSERT ... SELECT FROM json_to_recordset(%s)``,
    one JSON parameter that psycopg passes through untouched (thousands of
    placeholders or text arrays cost more in the driver than in the server).
    Either is far cheaper than an executemany through the SQL expression layer;
    the rows and their order are the same.
    """
    if not rows:
        return
    cols = list(rows[0])
    quote = conn.dialect.identifier_preparer
    head = (f"INSERT INTO {quote.format_table(table)} "
            f"({', '.join(quote.quote(c) for c in cols)}) ")
    style = conn.dialect.paramstyle
    if conn.dialect.name == "postgresql" and style in ("format", "pyformat"):
        names = ", ".join(quote.quote(c) for c in cols)
        types = ", ".join(f"{quote.quote(c)} {_PG_TYPE[type(table.c[c].type).__name__]}"
                          for c in cols)
        sql = f"{head}SELECT {names} FROM json_to_recordset(%s::json) AS r({types})"
        for start in range(0, len(rows), _PG_ROWS):
            conn.exec_driver_sql(sql, (json_param(rows[start:start + _PG_ROWS]),))
    elif style == "qmark":
        one = "(" + ", ".join(["?"] * len(cols)) + ")"
        per = max(1, SQLITE_PARAMS // len(cols))
        values = itemgetter(*cols) if len(cols) > 1 else lambda row: (row[cols[0]],)
        for start in range(0, len(rows), per):
            chunk = rows[start:start + per]
            conn.exec_driver_sql(f"{head}VALUES {', '.join([one] * len(chunk))}",
                                 tuple(chain.from_iterable(map(values, chunk))))
    else:
        conn.execute(insert(table), rows)


def in_prefix(column: Any, prefix: str, *, ranged: bool = True) -> Any:
    """``column`` (a stored scope, 2 to 12 digits) starts with a device's scope prefix.

    A full 12-digit prefix is an equality, so an index on (scope, seq) serves a
    village's pulls in order. A shorter one keeps ``LIKE`` (which neither SQLite
    nor PostgreSQL under a non-C collation can take from an index), and with
    ``ranged`` adds the same rows as a digit range the index can scan.
    """
    if len(prefix) == 12:
        return column == prefix
    like = column.startswith(prefix, autoescape=True)
    if not ranged or not prefix.isdigit():
        return like
    upper = next_prefix(prefix)
    return and_(like, column >= prefix, *([column < upper] if upper else []))


def next_prefix(prefix: str) -> str | None:
    """The least digit string above every string starting with ``prefix`` ("3309" -> "331")."""
    digits = prefix.rstrip("9")
    return digits[:-1] + str(int(digits[-1]) + 1) if digits else None
