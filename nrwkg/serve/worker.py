"""A query worker: a separate process holding the store open read-only, running one query at a time.

The server kills a worker whose query exceeds the time limit (pyoxigraph has no timeout of its
own), so a slow query never holds a thread of the server. A worker collects the whole result,
counting rows and failing at max_rows + 1, and serialises it before anything is sent: a client
gets either the complete answer or an error status, never a truncated 200.
"""

from __future__ import annotations

import json
import logging
import signal
from dataclasses import dataclass, replace

from nrwkg.serve.safety import Checked

__all__ = ["Job", "Reply", "main", "execute", "store_info"]

log = logging.getLogger("nrwkg.serve")


@dataclass(frozen=True)
class Job:
    query: str
    accept: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 100_000
    checked: Checked | None = None  # the result of an earlier check of the same text (from the pool)


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    checked: Checked | None = None  # the check this worker made, for the pool to remember


def error(status: int, message: str) -> Reply:
    """An error reply: one plain-text line with the status and a message for the client."""
    from http import HTTPStatus

    return Reply(status, "text/plain; charset=utf-8",
                 f"{status} {HTTPStatus(status).phrase}: {message}\n".encode())


def main(conn, store_path: str, memory_mb: int | None = None, parent_pid: int | None = None) -> None:
    """Serve jobs from `conn` until it closes: "info" → store_info, a Job → a Reply."""
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which ends its workers
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s worker %(process)d: %(message)s")
    from nrwkg.serve.remote import open_backend
    from nrwkg.serve.safety import check_query

    store = open_backend(store_path)  # build/store, or a remote endpoint (nrwkg serve --backend)
    graphs = frozenset(str(g.value) for g in store.named_graphs())
    check_query("ASK {}", graphs)  # import and warm up the parser before taking jobs
    if memory_mb:  # after opening: the store's own mappings and threads are not the query's memory
        _limit_memory(memory_mb)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            reply = store_info(store) if job == "info" else execute(store, graphs, job)
        except Exception:  # never let one query end the worker; log, answer without details
            log.exception("query failed: %s", getattr(job, "query", job))
            reply = error(500, "internal error while running the query (logged on the server)")
        conn.send(reply)


def store_info(store) -> dict:
    """Named graphs with their sizes, and the size of the default graph (for the service description)."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    graphs = {str(row["g"].value): int(row["n"].value) for row in store.query(query)}
    default = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    return {"graphs": graphs, "default_triples": default}


def execute(store, graphs: frozenset[str], job: Job) -> Reply:
    """Check (unless checked before), run, count and serialise one query."""
    from nrwkg.serve.safety import Refused, check_query

    try:
        checked = job.checked or check_query(job.query, graphs)
    except Refused as refused:
        return error(refused.status, refused.message)
    return replace(_run(store, checked, job), checked=checked)


def _run(store, checked: Checked, job: Job) -> Reply:
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
    if job.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        results = store.query(checked.text, **kwargs)
        if checked.form == "ASK":
            body = results.serialize(format=_results_format(fmt))
        elif graph_form:
            triples = _collect(results, job.max_rows)
            body = ox.serialize(triples, format=_graph_format(fmt), prefixes=dict(checked.prefixes) or None)
        else:
            rows = _collect(results, job.max_rows)
            body = _solutions(results.variables, rows, fmt)
    except _TooMany:
        return error(422, f"the result has more than {job.max_rows} rows, the row limit of this endpoint: "
                          "add LIMIT or narrow the query")
    except SyntaxError as exc:
        return error(400, "syntax error: " + " ".join(str(exc).split())[:300])
    except RemoteError as exc:
        return error(502, str(exc)[:500])
    return Reply(200, content_type, body)


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
            "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]


def _solutions(variables, rows, fmt: str) -> bytes:
    """SPARQL JSON results of the collected rows; other formats re-serialised by pyoxigraph from it."""
    import pyoxigraph as ox

    names = [v.value for v in variables]
    bindings = []
    for row in rows:
        binding = {}
        for name in names:
            term = row[name]
            if term is not None:
                binding[name] = _term(term)
        bindings.append(binding)
    body = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "json":
        return body
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=_results_format(fmt))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _term(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _term(term.subject), "predicate": _term(term.predicate),
                                        "object": _term(term.object)}}


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
