"""The server's logs: one JSON object a line, with no personal data.

Only fields the server itself chooses are written: time, level, logger, message,
and for requests the method, the route template (``/v1/pull``, never the query
string), the status and the duration. Headers (tokens), bodies (names, ID and
phone numbers) and exception messages (a database error quotes the statement's
parameters) are never written: an exception is logged as its type and the
file:line frames of its traceback.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from typing import Any

#: Fields a log call may add with ``extra=``; anything else is dropped.
FIELDS = ("method", "route", "status", "ms", "workers", "port", "changes")
#: The logger of request lines.
ACCESS = "bangfu.access"


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON (see the module docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record's JSON line."""
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": _message(record),
        }
        out.update({k: getattr(record, k) for k in FIELDS if hasattr(record, k)})
        if record.exc_info and record.exc_info[0] is not None:
            kind, _exc, tb = record.exc_info
            out["exc_type"] = kind.__name__
            out["frames"] = [f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}"
                             for f in traceback.extract_tb(tb)][-12:]
        return json.dumps(out, ensure_ascii=False)


def _message(record: logging.LogRecord) -> str:
    """The message; an uvicorn error naming an exception keeps only its first line."""
    try:
        text = record.getMessage()
    except (TypeError, ValueError):
        text = str(record.msg)
    return text.splitlines()[0][:300] if text else ""


def log_config(level: str = "warning") -> dict[str, Any]:
    """``logging.config.dictConfig`` settings for uvicorn and the server: JSON lines on
    stderr; uvicorn's own access lines (raw paths, client addresses) switched off."""
    level = level.upper()
    handler = {"class": "logging.StreamHandler", "formatter": "json",
               "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": handler},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            "bangfu": {"handlers": ["stderr"], "level": level, "propagate": False},
        },
    }
