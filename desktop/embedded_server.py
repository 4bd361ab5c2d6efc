"""A county server on 127.0.0.1 for the demo profile, so sync works out of the box.

It is the real ``bangfu-server`` in a child process with its own data folder; the
demo device enrols with a one-time code like any laptop would. In the PyInstaller
bundle the child is the bundle's own executable with ``--county-server``
(``launch.main``), since a frozen build cannot run ``python -m``.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from desktop.connection import SERVER_URL_KEY, TOKEN_KEY, enrol_store
from registry.store import Store

__all__ = ["SERVER_FLAG", "SERVER_URL_KEY", "TOKEN_KEY", "EmbeddedServer"]

#: ``bangfu --county-server ...`` runs the county server's CLI (``launch.main``).
SERVER_FLAG = "--county-server"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class EmbeddedServer:
    """``bangfu-server serve`` on a free loopback port, stopped with the app."""

    def __init__(self, data: Path) -> None:
        self.data = Path(data)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._proc: subprocess.Popen[bytes] | None = None

    def _cli(self, *args: str) -> list[str]:
        if getattr(sys, "frozen", False):
            head = [sys.executable, SERVER_FLAG]
        else:
            head = [sys.executable, "-m", "sync.server.cli"]
        return [*head, *args, "--data", str(self.data)]

    def start(self, *, timeout_s: float = 30.0) -> None:
        """Start the server and wait until it answers."""
        self.data.mkdir(parents=True, exist_ok=True)
        self._encrypt_old_database()
        self._proc = subprocess.Popen(self._cli("serve") + ["--port", str(self.port)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/v1/health", timeout=1)
                return
            except requests.ConnectionError:
                if self._proc.poll() is not None:
                    raise RuntimeError("the embedded county server exited") from None
                time.sleep(0.1)
        raise RuntimeError("the embedded county server did not start")

    def _encrypt_old_database(self) -> None:
        """A demo folder made before the server encrypted its database: encrypt it
        (the server refuses a plaintext one), as an operator would once."""
        db = self.data / "server.db"
        if not db.is_file():
            return
        with db.open("rb") as f:
            plaintext = f.read(16) == b"SQLite format 3\x00"
        if plaintext:
            subprocess.run(self._cli("encrypt-db"), check=True, capture_output=True)

    def connect(self, store: Store) -> None:
        """Point the store at this server, enrolling the device once."""
        store.set_meta(SERVER_URL_KEY, self.url)
        if store.meta(TOKEN_KEY):
            return
        code = subprocess.run(
            self._cli("enroll") + ["--name", f"demo-{store.device}", "--role", "village",
                                   "--scope", store.default_scope],
            check=True, capture_output=True, text=True).stdout.strip()
        enrol_store(store, self.url, code)

    def stop(self) -> None:
        """Stop the server process."""
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
