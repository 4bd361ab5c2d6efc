"""``bangfu-server serve``: one process, or ``--workers N`` processes on one PostgreSQL.

With several workers uvicorn starts N processes sharing the listening socket; each
builds its own app from the environment (:func:`app_from_env`). Their writes are
serialised by the database (:mod:`sync.server.locking`), so the same holds for
several hosts behind a reverse proxy. SQLite is served by one process only: the
data directory's serve lock refuses a second one, and ``--workers`` above 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from sync.server.locking import check_workers, is_postgres
from sync.server.logs import log_config
from sync.server.ops import serve_lock

ENV_DATA = "BANGFU_SERVER_DATA"
ENV_DB = "BANGFU_SERVER_DB"
#: serve's limits, handed to each worker: decode budget (bytes), failures, window (s).
ENV_LIMITS = "BANGFU_SERVER_LIMITS"
MULTIPROC = "PROMETHEUS_MULTIPROC_DIR"


def run(args: argparse.Namespace, engine: Engine, *, tls: dict[str, str]) -> int:
    """Serve until stopped, with ``args.workers`` processes (1: this one)."""
    import uvicorn

    check_workers(engine, args.workers)
    options: dict[str, Any] = {"host": args.host, "port": args.port, "log_level": args.log_level,
                               "log_config": log_config(args.log_level), "access_log": False,
                               **tls}
    with nullcontext() if is_postgres(engine) else serve_lock(args.data):
        if args.workers == 1:
            uvicorn.run(_app(engine, args.data, _limits(args)), **options)
            return 0
        _prepare_workers(args, engine)
        uvicorn.run("sync.server.workers:app_from_env", factory=True,
                    workers=args.workers, **options)
    return 0


def _prepare_workers(args: argparse.Namespace, engine: Engine) -> None:
    """Make the bundle key once, and hand the workers their settings and a fresh
    directory for the metrics they share."""
    from sync.server.keys import server_public_hex

    server_public_hex(args.data)
    engine.dispose()
    metrics_dir = Path(args.data) / f"metrics-{args.port}"
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(mode=0o700, parents=True)
    os.environ[ENV_DATA] = str(Path(args.data).resolve())
    os.environ[ENV_DB] = args.db or ""
    os.environ[MULTIPROC] = str(metrics_dir)
    os.environ[ENV_LIMITS] = ",".join(str(v) for v in _limits(args))


def _limits(args: argparse.Namespace) -> tuple[int, int, float]:
    """(decode budget in bytes, failed authentications allowed, their window in seconds)."""
    return (args.decode_budget_mb * 2**20, args.max_auth_failures, args.auth_failure_window)


def _app(engine: Engine, data_dir: Path, limits: tuple[int, int, float]) -> Any:
    from sync.server.app import create_app
    from sync.server.keys import server_public_hex
    from sync.server.limits import FailureLimit

    budget, failures, window = limits
    app = create_app(engine, server_key=server_public_hex(data_dir), decode_budget=budget,
                     failures=FailureLimit(failures=failures, window_s=window))
    app.state.data_dir = data_dir
    return app


def app_from_env() -> Any:
    """The app of one worker, from the settings :func:`run` put in the environment."""
    from sync.server.db import database_url, open_engine

    data = Path(os.environ[ENV_DATA])
    engine = open_engine(database_url(data, os.environ.get(ENV_DB) or None))
    budget, failures, window = os.environ[ENV_LIMITS].split(",")
    return _app(engine, data, (int(budget), int(failures), float(window)))
