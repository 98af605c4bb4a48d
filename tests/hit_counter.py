"""A loopback hit counter: a TCP listener that counts the connections it accepts, so a test can
show that a refused SERVICE, LOAD or FROM never reached the network (tests/test_serve_limits.py,
tests/test_sparql_glued.py)."""

from __future__ import annotations

import socket
import threading

__all__ = ["Listener"]


class Listener:
    """Listens on a free loopback port; `url` points at it, `connections` counts the accepted ones."""

    def __init__(self, path: str = "/sparql"):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}{path}"
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()
