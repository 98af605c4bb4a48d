"""The server: a threaded HTTP server in front of a pool of query worker processes.

Each query is checked here (nrwkg.serve.safety), answered from the current generation's cache
when the same canonical text was answered before in the same format (nrwkg.serve.cache), else
admitted (nrwkg.serve.admission: per-client limit, bounded queue, a lane for cheap queries) and
run by a worker of the current build generation (nrwkg.serve.generation: after `nrwkg build` the
server switches to the new build before it answers anything else). Accepted sockets get
TCP_NODELAY: without it a response of under about 38 KB waited 40 ms for the client's delayed
acknowledgement.
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
from dataclasses import dataclass
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
    per_client: int | None = None  # queries one client (remote address) may run at once (None: workers // 2)
    queue: int = 32             # queries that may wait for a worker, in all
    public_url: str | None = None  # the endpoint's IRI in the service description (None: from the address)
    backend: str | None = None  # a SPARQL 1.1 endpoint URL to query instead of build/store
    cache_mb: int = 64          # MB of answers remembered per build generation (0: none; none with backend)
    in_memory_quads: int = 250_000  # a store of at most this many quads is copied into each worker's memory (0: never)

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
        if self.per_client is not None and self.per_client < 1:
            raise NrwkgError(f"--per-client must be at least 1, not {self.per_client}")
        if self.cache_mb < 0:
            raise NrwkgError(f"--cache-mb must be 0 or more, not {self.cache_mb}")
        if self.in_memory_quads < 0:
            raise NrwkgError(f"--in-memory-quads must be 0 or more, not {self.in_memory_quads}")
        if self.queue < 0:
            raise NrwkgError(f"--queue must be 0 or more, not {self.queue}")
        if self.public_url is not None and not self.public_url.startswith(("http://", "https://")):
            raise NrwkgError(f"--public-url must be an http(s) URL, not {self.public_url!r}")

    @property
    def client_limit(self) -> int:
        return self.per_client or max(1, self.workers // 2)


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, build_dir: Path, settings: Settings):
        from nrwkg.serve.admission import Admission
        from nrwkg.serve.examples import load_examples
        from nrwkg.serve.generation import Generation
        from nrwkg.serve.handler import Handler
        from nrwkg.serve.page import query_page

        if not settings.backend and not (build_dir / "store").is_dir():
            raise NrwkgError(f"no store in {build_dir}/: run `nrwkg build` first")
        if ":" in settings.host:
            self.address_family = socket.AF_INET6
        self.build_dir = build_dir.resolve()
        self.settings = settings
        self.admission = Admission(settings.workers, settings.client_limit, settings.queue, settings.timeout)
        self._switch = threading.Lock()
        self._generation = Generation.open(self.build_dir, settings)
        try:
            self.page = query_page(load_examples(), settings.timeout, settings.max_rows)
            super().__init__((settings.host, settings.port), Handler)
        except BaseException:
            self._generation.pool.close()
            raise
        self._closed = threading.Event()

    def get_request(self):
        conn, address = super().get_request()
        if conn.family in (socket.AF_INET, socket.AF_INET6):
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn, address

    @property
    def url(self) -> str:
        host = str(self.server_address[0])
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.server_port}/"

    @property
    def endpoint_iri(self) -> str:
        """sd:endpoint: --public-url, else the address the server listens on (never a request's Host)."""
        from nrwkg.serve.handler import ENDPOINT

        return self.settings.public_url or self.url.rstrip("/") + ENDPOINT

    # ---- the build generation --------------------------------------------------------------
    def generation(self):
        """The generation of the build now in the folder, switching to it first if a build replaced it.

        Raises Refused(503) when the switch cannot be made within the time limit."""
        from nrwkg.serve.generation import Generation, identity
        from nrwkg.serve.safety import Refused

        current = self._generation
        if identity(self.build_dir) == current.ident:
            return current
        retry = {"Retry-After": str(max(1, round(self.settings.timeout)))}
        if not self._switch.acquire(timeout=self.settings.timeout):
            raise Refused(503, "the server is switching to a new build: try again shortly", retry)
        try:
            ident = identity(self.build_dir)
            if self._generation.ident == ident:
                return self._generation
            if ident is None:
                raise Refused(503, "a new build is being moved into place: try again shortly", retry)
            try:
                new = Generation.open(self.build_dir, self.settings)
            except NrwkgError as exc:
                log.error("cannot switch to the new build: %s", exc)
                raise Refused(503, f"cannot switch to the new build ({exc}): try again after it is complete",
                              retry) from None
            old, self._generation = self._generation, new
            log.warning("switched to the new build in %s (%d graphs)", self.build_dir, len(new.graphs))
            old.retire(self.settings.timeout + 2)
            return new
        finally:
            self._switch.release()

    @property
    def graphs(self) -> frozenset[str]:
        return self.generation().graphs

    @property
    def pool(self):
        return self.generation().pool

    # ---- queries ---------------------------------------------------------------------------
    def answer(self, query: str, accept: str | None, default_graphs: tuple[str, ...],
               named_graphs: tuple[str, ...], client: str, generation=None):
        """Check, then answer from the generation's cache or admit and run one query; a worker Reply.
        `generation`: the one the request was dispatched to (default: the current one)."""
        from nrwkg.serve.safety import check_query

        generation = generation or self.generation()
        cache = generation.cache
        checked = check_query(query, generation.graphs)  # raises Refused
        key = _cache_key(checked, accept, default_graphs, named_graphs) if cache is not None else None
        if key is not None and cache is not None:
            remembered = cache.get(key)
            if remembered is not None:
                return remembered
        reply = self._run(generation, checked, accept, default_graphs, named_graphs, client)
        if key is not None and cache is not None:
            cache.put(key, reply)  # a complete answer only (status 200): errors and limits run again
        return reply

    def _run(self, generation, checked, accept: str | None, default_graphs: tuple[str, ...],
             named_graphs: tuple[str, ...], client: str):
        from nrwkg.serve.admission import CHEAP_SECONDS
        from nrwkg.serve.worker import Job

        job = Job(checked.text, accept, default_graphs, named_graphs, self.settings.max_rows, checked)
        if checked.bounded:  # no worker needed: a few index look-ups at most (see nrwkg.serve.safety)
            from nrwkg.serve.worker import execute

            return execute(generation.store, generation.graphs, job)
        seconds = generation.pool.seconds(checked.shape)
        cheap = checked.ground or (seconds is not None and seconds < CHEAP_SECONDS)
        ticket = self.admission.enter(client, cheap, seconds or 0.0)  # raises Refused(503) with Retry-After
        try:
            return generation.pool.run(job, wait=self.settings.timeout)
        finally:
            self.admission.leave(ticket)

    def description(self, endpoint: str, fmt: str) -> bytes:
        import pyoxigraph as ox

        from nrwkg.serve.description import service_description

        generation = self.generation()
        key = (endpoint, fmt)
        if key not in generation.descriptions:
            rdf_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                          "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
                          "nquads": ox.RdfFormat.N_QUADS}[fmt]
            generation.descriptions[key] = service_description(
                endpoint, generation.info, self.settings.timeout, self.settings.max_rows, rdf_format)
        return generation.descriptions[key]

    def close(self) -> None:
        """Stop serving (when serve_forever runs in another thread), close the socket, end the workers."""
        if self._closed.is_set():
            return
        self._closed.set()
        self.server_close()
        self._generation.pool.close()


def _cache_key(checked, accept: str | None, default_graphs: tuple[str, ...], named_graphs: tuple[str, ...]):
    """The cache key of a request (nrwkg.serve.cache.Key), None when no format fits `accept` (406)."""
    from nrwkg.serve.negotiate import GRAPH_TYPES, RESULT_TYPES, choose

    chosen = choose(accept, GRAPH_TYPES if checked.form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES)
    return None if chosen is None else (checked.text, chosen[1], default_graphs, named_graphs)


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
