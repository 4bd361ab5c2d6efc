"""The county server and PostgreSQL the sync tests run: a ``bangfu-server serve``
subprocess on 127.0.0.1 and a throwaway PostgreSQL cluster (the fixtures are in
``conftest.py``). A module of its own, so tests import it by a name no other test
folder has (``from conftest import`` finds another folder's conftest when several
run together)."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sync_replica import ReferenceReplica
from tls_testcerts import TlsFiles

from sync.client import SyncClient, enroll
from sync.server.auth import create_enrolment
from sync.server.db import database_url, open_engine

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
_ids = itertools.count()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Postgres:
    """A throwaway PostgreSQL cluster owned by the tests."""

    port: int
    root: Path
    made: list[str] = field(default_factory=list)

    def new_database(self) -> str:
        """Create an empty database; return its URL."""
        import psycopg

        name = f"bangfu_{os.getpid()}_{next(_ids)}"
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"


def _copy_database(admin_url: str, source: str, target: str) -> None:
    """``target`` becomes a copy of ``source`` (PostgreSQL; no one may be connected)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        for name in (source, target):
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                         " WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def _as_postgres(*cmd: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)


def _start_postgres() -> Postgres:
    root = Path(tempfile.mkdtemp(prefix="bangfu-pg-"))
    data, port = root / "data", free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run(_as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres",
                                "--auth=trust", "-E", "UTF8"),
                   check=True, capture_output=True, env=env)
    subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-l",
                                str(root / "log"), "-o",
                                f"-h 127.0.0.1 -p {port} -k {root} -F", "start"),
                   check=True, capture_output=True, env=env)
    return Postgres(port, root)



class Server:
    """A ``bangfu-server serve`` subprocess on 127.0.0.1."""

    def __init__(self, data: Path, db: str | None, tls: TlsFiles | None = None,
                 args: tuple[str, ...] = ()) -> None:
        self.data, self.db, self.tls, self.args = data, db, tls, args
        data.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.engine = open_engine(database_url(data, db))
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the process and wait until it answers."""
        cmd = [sys.executable, "-m", "sync.server.cli", "serve", "--data", str(self.data),
               "--port", str(self.port), *self.args] + (["--db", self.db] if self.db else [])
        if self.tls:
            cmd += ["--tls-cert", str(self.tls.cert), "--tls-key", str(self.tls.key)]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/v1/health", timeout=1,
                             verify=str(self.tls.ca) if self.tls else True)
                return
            except requests.ConnectionError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self.proc.stderr.read().decode()[-2000:]) from None
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        """kill -9 the server."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def restart(self) -> None:
        """kill -9 then start again on the same port and data."""
        self.kill()
        self.start()

    def backup(self) -> str:
        """Copy the database as it is now (server stopped meanwhile); a name for restore."""
        name = f"backup-{next(_ids)}"
        self._stopped_copy(name, to_backup=True)
        return name

    def restore(self, name: str) -> None:
        """Put back the database copied by :meth:`backup`, as an operator restoring one."""
        self._stopped_copy(name, to_backup=False)

    def _stopped_copy(self, name: str, *, to_backup: bool) -> None:
        self.kill()
        self.engine.dispose()
        if self.db is None:
            saved = self.data.parent / name
            saved.mkdir(exist_ok=True)
            source, target = (self.data, saved) if to_backup else (saved, self.data)
            for old in target.glob("server.db*"):
                old.unlink()
            for path in source.glob("server.db*"):
                shutil.copy2(path, target / path.name)
        else:
            admin, _, live = self.db.rpartition("/")
            source, target = (live, f"{live}_{name}") if to_backup else (f"{live}_{name}", live)
            _copy_database(admin + "/postgres", source, target)
        self.engine = open_engine(database_url(self.data, self.db))
        self.start()

    def enrol(self, device: str, scope: str, role: str = "village") -> str:
        """Enrol a device over HTTP with a fresh one-time code; return its token."""
        code = create_enrolment(self.engine, name=f"n-{device}", role=role, scope=scope)
        return enroll(self.url, code=code, device_id=device)["token"]

    def replica(self, device: str, scope: str, role: str = "village",
                **kw) -> tuple[ReferenceReplica, SyncClient]:
        """An enrolled reference replica with its sync client."""
        token = self.enrol(device, scope, role)
        rep = ReferenceReplica(device, scope, **kw)
        return rep, SyncClient(self.url, token, rep, retries=3, backoff_s=0.05)

