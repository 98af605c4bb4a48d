"""The server: a threaded HTTP server in front of a pool of query worker processes."""

from __future__ import annotations

import logging
import signal
import socket
import threading
from dataclasses import dataclass
from functools import lru_cache
from http.server import ThreadingHTTPServer
from pathlib import Path

from nrwkg.errors import NrwkgError

__all__ = ["Settings", "SparqlServer", "make_server", "serve"]

log = logging.getLogger("nrwkg.serve")


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0       # seconds a query may run
    max_rows: int = 100_000     # rows (SELECT) or triples (CONSTRUCT, DESCRIBE) a result may have
    workers: int = 4            # query worker processes
    memory_mb: int | None = 2048  # address space a query may take in a worker beyond the open store (None: unlimited)
    max_body: int = 1_000_000   # bytes of a POST body
    backend: str | None = None  # a SPARQL 1.1 endpoint URL to query instead of build/store

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise NrwkgError(f"--timeout must be a positive number of seconds, not {self.timeout}")
        if self.max_rows < 1:
            raise NrwkgError(f"--max-rows must be at least 1, not {self.max_rows}")
        if self.workers < 1:
            raise NrwkgError(f"--workers must be at least 1, not {self.workers}")
        if not 0 <= self.port <= 65535:
            raise NrwkgError(f"--port must be between 0 and 65535, not {self.port}")
        if self.backend is not None and not self.backend.startswith(("http://", "https://")):
            raise NrwkgError(f"--backend must be an http(s) URL of a SPARQL endpoint, not {self.backend!r}")
        if self.memory_mb is not None and self.memory_mb < 256:
            raise NrwkgError(f"--memory-limit must be at least 256 MB, not {self.memory_mb}")


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, build_dir: Path, settings: Settings):
        from nrwkg.serve.examples import load_examples
        from nrwkg.serve.handler import Handler
        from nrwkg.serve.page import query_page
        from nrwkg.serve.pool import WorkerPool

        store = build_dir / "store"
        if not settings.backend and not store.is_dir():
            raise NrwkgError(f"no store in {build_dir}/: run `nrwkg build` first")
        location = settings.backend or str(store.resolve())  # the workers open it (serve/remote.py)
        if ":" in settings.host:
            self.address_family = socket.AF_INET6
        self.build_dir = build_dir.resolve()
        self.settings = settings
        self.pool = WorkerPool(location, settings.workers, settings.timeout, settings.memory_mb)
        try:
            self.info = self.pool.info()
            self.graphs = frozenset(self.info["graphs"])
            self.page = query_page(load_examples(), settings.timeout, settings.max_rows)
            super().__init__((settings.host, settings.port), Handler)
        except BaseException:
            self.pool.close()
            raise
        self._closed = threading.Event()

    @property
    def url(self) -> str:
        host = self.server_address[0]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.server_port}/"

    @lru_cache(maxsize=64)  # noqa: B019 (one server per process; its lifetime is the process's)
    def description(self, endpoint: str, fmt: str) -> bytes:
        import pyoxigraph as ox

        from nrwkg.serve.description import service_description

        rdf_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                      "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
        return service_description(endpoint, self.info, self.settings.timeout, self.settings.max_rows,
                                   rdf_format)

    def close(self) -> None:
        """Stop serving (when serve_forever runs in another thread), close the socket, end the workers."""
        if self._closed.is_set():
            return
        self._closed.set()
        self.server_close()
        self.pool.close()


def make_server(build_dir: Path, settings: Settings | None = None) -> SparqlServer:
    """A server bound to settings.host:settings.port (0: any free port), not yet serving."""
    settings = settings or Settings()
    try:
        return SparqlServer(build_dir, settings)
    except OSError as exc:
        raise NrwkgError(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}") from None


def serve(build_dir: Path, settings: Settings | None = None, announce=print) -> None:
    """Serve until interrupted; `announce` gets the one-line address message first."""
    server = make_server(build_dir, settings)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    announce(f"serving {server.build_dir} at {server.url} (SPARQL endpoint {server.url}sparql, "
             f"query page {server.url}query); press Ctrl-C to stop")
    try:
        server.serve_forever()
    finally:
        server.close()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM ends serve() like Ctrl-C: workers are stopped, the socket closed
