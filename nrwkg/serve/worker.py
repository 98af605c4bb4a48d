"""A query worker: a separate process holding the store open read-only, running one query at a time.

The server kills a worker whose query exceeds the time limit (pyoxigraph has no timeout of its
own), so a slow query never holds a thread of the server. On Linux a worker has no network at all
(a network namespace of its own), behind the check that refuses SERVICE. A worker collects the whole result,
counting rows and failing at max_rows + 1, and serialises it before anything is sent: a client
gets either the complete answer or an error status, never a truncated 200. Solutions are written
by pyoxigraph, never built row by row in Python: as SPARQL JSON directly when its closing braces
(at least one per row) show the result within the row limit, the usual case; otherwise as TSV, one
line per row, counted as it is written, then converted to the format asked for (for JSON, after
running the query again: the first run's braces could not tell).
"""

from __future__ import annotations

import logging
import signal
from dataclasses import dataclass

from nrwkg.serve.safety import Checked

__all__ = ["Job", "Reply", "main", "execute", "store_info", "union_graphs", "STALE", "READY", "READY_IN_MEMORY"]

log = logging.getLogger("nrwkg.serve")
STALE = 3  # exit status of a worker that found another build generation than its pool's
READY, READY_IN_MEMORY = "ready", "ready, in memory"  # what a worker says once it can answer


@dataclass(frozen=True)
class Job:
    query: str
    accept: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 100_000
    checked: Checked | None = None  # the server's check of the text (None: the worker checks it)


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes


def error(status: int, message: str) -> Reply:
    """An error reply: one plain-text line with the status and a message for the client."""
    from http import HTTPStatus

    return Reply(status, "text/plain; charset=utf-8",
                 f"{status} {HTTPStatus(status).phrase}: {message}\n".encode())


def main(conn, store_path: str, memory_mb: int | None = None, parent_pid: int | None = None,
         expect: tuple[str, int, int] | None = None, stderr=None, in_memory_quads: int = 0) -> None:
    """Serve jobs from `conn` until it closes: "info" → store_info, a Job → a Reply.

    `store_path` is build/store, or a remote endpoint's URL (nrwkg serve --backend). `expect` is
    (build folder, device, inode): a worker that finds another folder there after opening the store
    exits with STALE instead of serving another build generation. `stderr`: the write end of a
    pipe to use as this process's stderr (nrwkg.serve.worker_stderr), which the server reads.
    `in_memory_quads`: a store of at most that many quads is copied into memory and answered from
    there (nrwkg.serve.in_memory; 0: never)."""
    import os

    from nrwkg.serve.in_memory import copy_if_small
    from nrwkg.serve.remote import open_backend
    from nrwkg.serve.worker_stderr import adopt

    if stderr is not None:
        adopt(stderr)
    _die_with_parent(parent_pid)
    if not store_path.startswith(("http://", "https://")):  # a --backend worker must reach its store;
        _without_network()                                  # the check that refuses SERVICE still stands
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which ends its workers
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s worker %(process)d: %(message)s")
    store = open_backend(store_path)
    if expect is not None:
        try:
            found = os.stat(expect[0])
        except OSError:
            os._exit(STALE)
        if (found.st_dev, found.st_ino) != tuple(expect[1:]):
            os._exit(STALE)
    copy = copy_if_small(store, in_memory_quads)  # before the limit: the copy is the store's memory
    in_memory, store = copy is not store, copy  # the store on disk closes with its last reference
    graphs = frozenset(str(g.value) for g in store.named_graphs())
    union = union_graphs(store)
    if memory_mb:  # after opening (and copying): the store's own memory is not the query's
        _limit_memory(memory_mb)
    conn.send(READY_IN_MEMORY if in_memory else READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            reply = store_info(store) if job == "info" else execute(store, graphs, job, union)
        except Exception:  # never let one query end the worker; log, answer without details
            log.exception("query failed: %s", getattr(job, "query", job))
            reply = error(500, "internal error while running the query (logged on the server)")
        conn.send(reply)


def store_info(store) -> dict:
    """Named graphs with their sizes, and the size of the default graph (for the service description)."""
    from nrwkg.query.files import query_text
    from nrwkg.store import query

    graphs = {str(row["g"].value): int(row["n"].value) for row in query(store, query_text("stats", "by-graph"))}
    default = int(next(iter(query(store, query_text("stats", "distinct-triples"))))["n"].value)
    return {"graphs": graphs, "default_triples": default}


def union_graphs(store) -> list | None:
    """The graphs whose union is the store's default graph for queries (nrwkg.store.default_graph),
    looked up once: a worker's store is read-only and stays the same for the worker's life (each
    query looked them up again: a third of a worker's CPU time for a small query). None for a
    remote backend, which answers with its own default graph."""
    import pyoxigraph as ox

    from nrwkg.store import default_graph

    return default_graph(store) if isinstance(store, ox.Store) else None


def execute(store, graphs: frozenset[str], job: Job, union: list | None = None) -> Reply:
    """Check (unless checked before), run, count and serialise one query. `union`: union_graphs(store)
    when the caller has it (else the store is asked for it)."""
    from nrwkg.serve.safety import Refused, check_query

    try:
        checked = job.checked or check_query(job.query, graphs)
    except Refused as refused:
        return error(refused.status, refused.message)
    return _run(store, checked, job, union)


def _run(store, checked: Checked, job: Job, union: list | None = None) -> Reply:
    import pyoxigraph as ox

    from nrwkg.serve.negotiate import GRAPH_TYPES, RESULT_TYPES, choose
    from nrwkg.serve.remote import RemoteError

    graph_form = checked.form in ("CONSTRUCT", "DESCRIBE")
    offers = GRAPH_TYPES if graph_form else RESULT_TYPES
    chosen = choose(job.accept, offers)
    if chosen is None:
        names = ", ".join(m for _, _, types in offers for m in types)
        return error(406, f"no acceptable result format for a {checked.form} query; available: {names}")
    fmt, content_type = chosen
    kwargs = {}
    if job.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    elif union is not None and not checked.own_dataset:
        kwargs["default_graph"] = union  # what nrwkg.store.query would look up
    if job.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        results = _query(store, checked, kwargs)
        if checked.form == "ASK":
            body = results.serialize(format=_results_format(fmt))
        elif graph_form:
            triples = _collect(results, job.max_rows)
            body = ox.serialize(triples, format=_graph_format(fmt), prefixes=dict(checked.prefixes) or None)
        elif fmt == "json" and (direct := _json_within(results, job.max_rows)) is not None:
            body = direct
        else:
            if fmt == "json":  # more closing braces than rows allowed: run again, counting the rows exactly
                results = _query(store, checked, kwargs)
            tsv = _tsv_within(results, job.max_rows)
            body = tsv if fmt == "tsv" else ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(
                format=_results_format(fmt))
    except _TooMany:
        return error(422, f"the result has more than {job.max_rows} rows, the row limit of this endpoint: "
                          "add LIMIT or narrow the query")
    except SyntaxError as exc:
        return error(400, _syntax_message(str(exc)))
    except RemoteError as exc:
        return error(502, str(exc)[:500])
    return Reply(200, content_type, body)


def _query(store, checked: Checked, kwargs: dict):
    """The query's results; with a leading VALUES block as substitutions where the store is
    pyoxigraph's and nrwkg.query.leading_values found they mean the same. Should pyoxigraph
    refuse that form, the text as sent runs, so that an error is about what the client wrote."""
    import pyoxigraph as ox

    from nrwkg.store import query

    leading = checked.leading
    if leading is not None and isinstance(store, ox.Store):
        try:
            return query(store, leading.text, own_dataset=checked.own_dataset,
                         substitutions={ox.Variable(name): term for name, term in leading.bindings}, **kwargs)
        except (SyntaxError, ValueError, TypeError, RuntimeError):
            pass
    return query(store, checked.text, own_dataset=checked.own_dataset, **kwargs)


def _syntax_message(message: str) -> str:
    """oxigraph's "error at 1:25: expected …" as "syntax error at line 1, column 25: expected …"."""
    import re

    message = " ".join(message.split())
    found = re.match(r"error at (\d+):(\d+): (.*)", message)
    if found:
        message = f"at line {found[1]}, column {found[2]}: {found[3]}"
    return ("syntax error " if found else "syntax error: ") + message[:300]


class _TooMany(Exception):
    pass


def _collect(results, max_rows: int) -> list:
    rows = []
    for row in results:
        rows.append(row)
        if len(rows) > max_rows:
            raise _TooMany()
    return rows


def _results_format(fmt: str):
    import pyoxigraph as ox

    return {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
            "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[fmt]


def _graph_format(fmt: str):
    import pyoxigraph as ox

    return {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
            "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML, "nquads": ox.RdfFormat.N_QUADS}[fmt]


class _CountingBuffer:
    """A binary sink for pyoxigraph's TSV writer that fails once it holds more than `rows` rows
    (TSV writes one line per row after the header: line breaks inside literals are escaped)."""

    def __init__(self, rows: int):
        self.parts: list[bytes] = []
        self.lines = 0
        self.limit = rows + 1  # the header line

    def write(self, data) -> int:
        data = bytes(data)
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise _TooMany()
        self.parts.append(data)
        return len(data)

    def flush(self) -> None:
        pass


class _BraceBuffer:
    """A binary sink for pyoxigraph's SPARQL JSON writer that counts closing braces, an upper bound
    of the rows (each row is an object; a literal may hold braces too). It gives up once the count
    passes `spare` times the row limit, so a huge result is never written out in full."""

    def __init__(self, rows: int, spare: int = 4):
        self.parts: list[bytes] = []
        self.braces = 0
        self.give_up = rows * spare

    def write(self, data) -> int:
        data = bytes(data)
        self.braces += data.count(b"}")
        if self.braces > self.give_up:
            raise _TooMany()
        self.parts.append(data)
        return len(data)

    def flush(self) -> None:
        pass


def _json_within(results, max_rows: int) -> bytes | None:
    """The solutions as SPARQL JSON, written once by pyoxigraph, when the closing braces show that
    there are at most `max_rows` rows; None when they cannot show it (the caller counts exactly)."""
    import pyoxigraph as ox

    sink = _BraceBuffer(max_rows)
    try:
        results.serialize(sink, format=ox.QueryResultsFormat.JSON)
    except _TooMany:
        return None
    return b"".join(sink.parts) if sink.braces <= max_rows else None


def _tsv_within(results, max_rows: int) -> bytes:
    """The solutions as SPARQL TSV, written by pyoxigraph, or _TooMany past `max_rows` rows."""
    import pyoxigraph as ox

    sink = _CountingBuffer(max_rows)
    results.serialize(sink, format=ox.QueryResultsFormat.TSV)
    return b"".join(sink.parts)


def _die_with_parent(parent_pid: int | None) -> None:
    """Ask Linux to kill this worker when the server ends, even mid-query (the GIL is held then)."""
    import ctypes
    import os

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: the worker still ends when its pipe closes between queries
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(0)


def _without_network() -> bool:
    """Move this worker into a network namespace of its own, with no interface up (Linux): pyoxigraph
    would follow a SERVICE clause over HTTP, and should one ever pass the check, it reaches
    nothing. Done first, while the process has one thread. Where the kernel does not allow it (no
    user namespaces), the worker keeps the network and the check alone stands; returns whether
    it worked."""
    import ctypes

    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        unshare = ctypes.CDLL(None, use_errno=True).unshare
    except (OSError, AttributeError):
        return False
    return unshare(clone_newnet) == 0 or unshare(clone_newuser | clone_newnet) == 0


def _limit_memory(megabytes: int) -> None:
    """Allow the queries `megabytes` of address space on top of what the opened store maps already
    (RocksDB reserves about 1 GB of address space it mostly never touches)."""
    import resource

    limit = _address_space() + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _address_space() -> int:
    """This process's mapped address space in bytes (Linux: VmSize in /proc/self/status; elsewhere 0)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
