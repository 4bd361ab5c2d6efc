"""A county server stand-in on a real socket on 127.0.0.1 that answers late or never (import
as ``slow_server``): what 取消 and the timeouts are tested against."""

from __future__ import annotations

import socket
import threading
import time


class SlowServer:
    """Accepts every connection; answers each request ``delay_s`` after reading it with
    ``status`` (never, with ``delay_s=None``)."""

    def __init__(self, *, delay_s: float | None, status: int = 200) -> None:
        self.delay_s, self.status = delay_s, status
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.requests = 0
        self.open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _address = self.listener.accept()
            except OSError:  # closed
                return
            self.open.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            while self._read_request(conn):
                self.requests += 1
                if self.delay_s is None:
                    return  # never answers; the connection stays open
                time.sleep(self.delay_s)
                body = b'{"ok": true}'
                conn.sendall(b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (self.status, len(body), body))
        except OSError:
            return

    @staticmethod
    def _read_request(conn: socket.socket) -> bool:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return False
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            body += conn.recv(65536)
        return True

    def close(self) -> None:
        self.listener.close()
        for conn in self.open:
            conn.close()
