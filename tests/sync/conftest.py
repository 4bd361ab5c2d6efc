"""Fixtures: a real county server (uvicorn subprocess) on SQLite or PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from county_server import PG_BIN, Server, _as_postgres, _start_postgres


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the session; skipped if unavailable, unless CI=true."""
    try:
        pg = _start_postgres()
    except (OSError, subprocess.CalledProcessError) as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL could not start: {exc}")
        pytest.skip(f"PostgreSQL could not start: {exc}")
    yield pg
    subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(pg.root / "data"), "-m",
                                "immediate", "stop"), capture_output=True)
    shutil.rmtree(pg.root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgres"])
def server(request, tmp_path):
    """A running server, once on SQLite and once on PostgreSQL."""
    db = None
    if request.param == "postgres":
        db = request.getfixturevalue("postgres").new_database()
    srv = Server(tmp_path / "server", db)
    srv.start()
    yield srv
    srv.kill()
    srv.engine.dispose()


@pytest.fixture(scope="session")
def server_class():
    """The :class:`Server` class, for tests that start their own (or ``from county_server
    import Server``; ``from conftest import`` finds another folder's conftest when several
    test folders run together)."""
    return Server
