"""The embedded SPARQL store (pyoxigraph): named graphs plus a de-duplicated union as default graph.

pyoxigraph 0.5's `use_default_graph_as_union` returns a triple once per graph that holds it,
so counts over facts that two documents state would double. Instead nrwkg queries a default graph
that holds every triple of every named graph exactly once (a set), and named graphs stay
queryable with GRAPH. Copying the whole union into the store's default graph would double the
load (the evidence graph alone is about three quarters of the quads), so the store's own default
graph holds the set union of the named graphs *but the evidence graph*, and every query of nrwkg
reads the default graph as that copy plus the evidence graph (`default_graph(store)`). The two
share no triple (annotations and their bodies are the evidence graph's own; the evidence graph is
copied too when they do: checked while the build writes `OpenedBuild.union_file`,
by `load_store` otherwise), so their union, which pyoxigraph evaluates as a bag, is still a set.
A store whose default graph holds the evidence graph's triples as well (one built before this
layout, or with shared triples) is read as it is.

Run queries through `query`/`select` here, never `Store.query` directly: a query or request that
names its own dataset (FROM, FROM NAMED, default-graph-uri) gets exactly that dataset.
"""

from __future__ import annotations

import mmap
from pathlib import Path

import pyoxigraph as ox

from nrwkg.namespaces import GRAPH_EVIDENCE
from nrwkg.query.files import query_text

__all__ = ["store_from_nquads", "load_store", "open_store", "query", "select", "default_graph", "STORE_DIR",
           "UNCOPIED_GRAPH"]

STORE_DIR = "store"

# pyoxigraph's bulk loader holds in memory what it is given: a file is given to it by chunks of about
# this many bytes, cut after a line break. x100 (6.6M quads into a store on disk), peak and CPU: whole
# 1,721 MB 74 s; by 500,000 lines (about 128 MiB) 663 MB 77 s; by 250,000 lines 866 MB 85 s (more,
# smaller parts for RocksDB to merge). Read as blocks, not line by line: reading takes a quarter of the
# CPU time (x10: 0.06 s instead of 0.21 s).
CHUNK_BYTES = 128 << 20


UNCOPIED_GRAPH = ox.NamedNode(str(GRAPH_EVIDENCE))  # read beside the store's default graph, not copied into it


def _bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def load_store(nquads: str | bytes | Path, union: str | bytes | Path | None = None,
               path: Path | None = None, lenient: bool = False) -> ox.Store:
    """A store holding the dataset, persisted at `path` when given, else in memory.

    `nquads` is the dataset's N-Quads text, or the path of an N-Quads file (streamed from disk).
    `union`, when the caller has it already, is what the default graph copies as N-Triples (text or
    a file): the union of the named graphs but the evidence graph, or of all of them if the
    evidence graph shares a triple with another (`OpenedBuild.union_file`); it is bulk-loaded. Otherwise
    those graphs are copied from the store (CONSTRUCT, serialised and bulk-loaded by pyoxigraph)
    and the evidence graph as well if the check finds a triple it shares with them.
    `lenient`: pyoxigraph skips some checks (IRIs, language tags): for the build's store only, whose
    files the validation loads with every check before the build is swapped in (about a sixth less
    CPU time at 10×); never for a file from elsewhere."""
    store = ox.Store(str(path)) if path else ox.Store()
    add = _bulk_load if path else _load_in_memory
    add(store, nquads, ox.RdfFormat.N_QUADS, lenient=lenient)
    if union is not None:
        add(store, union, ox.RdfFormat.N_TRIPLES, ox.DefaultGraph(), lenient=lenient)
    else:
        copied = _ntriples(store.query(query_text("store", "copied-union")))
        store.bulk_load(copied, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        if store.query(query_text("store", "evidence-shared")):  # they would count twice
            evidence = store.quads_for_pattern(None, None, None, UNCOPIED_GRAPH)
            store.bulk_load(_ntriples(q.triple for q in evidence), format=ox.RdfFormat.N_TRIPLES,
                            to_graph=ox.DefaultGraph())
    store.flush() if path else None
    return store


def _load_in_memory(store: ox.Store, source: str | bytes | Path, fmt: ox.RdfFormat,
                    to_graph: ox.DefaultGraph | None = None, lenient: bool = False) -> None:
    """`source` (text or a file) parsed whole into an in-memory store by its ordinary loader. The
    memory store keeps every quad anyway, so the bulk loader's batches and chunks only cost: x10
    (386,535 quads with the union copy), CPU and peak 1.50 s and 346 MB by chunks of the bulk loader,
    1.10 s and 151 MB so."""
    options: dict = {"format": fmt, "lenient": lenient}
    if to_graph is not None:
        options["to_graph"] = to_graph
    if isinstance(source, Path):
        store.load(path=str(source), **options)
    else:
        store.load(_bytes(source), **options)


def _bulk_load(store: ox.Store, source: str | bytes | Path, fmt: ox.RdfFormat,
               to_graph: ox.DefaultGraph | None = None, lenient: bool = False) -> None:
    """`source` (text or a file) bulk-loaded into a store on disk; a file by chunks (_bulk_load_file)."""
    if isinstance(source, Path):
        _bulk_load_file(store, source, fmt, to_graph, lenient=lenient)
    elif to_graph is None:
        store.bulk_load(_bytes(source), format=fmt, lenient=lenient)
    else:
        store.bulk_load(_bytes(source), format=fmt, to_graph=to_graph, lenient=lenient)


def _bulk_load_file(store: ox.Store, path: Path, fmt: ox.RdfFormat, to_graph: ox.DefaultGraph | None = None,
                    chunk_bytes: int = CHUNK_BYTES, lenient: bool = False) -> None:
    """The file `path` (N-Quads or N-Triples: one statement a line) bulk-loaded by chunks of whole
    lines, about `chunk_bytes` each. A blank node's label names one node within one parse only, so a
    file that may hold blank nodes is loaded whole."""
    options: dict = {"format": fmt, "lenient": lenient}
    if to_graph is not None:
        options["to_graph"] = to_graph
    if _may_hold_blank_nodes(path):
        store.bulk_load(path=str(path), **options)
        return
    with open(path, "rb") as lines:
        while chunk := lines.read(chunk_bytes):
            if not chunk.endswith(b"\n"):
                chunk += lines.readline()  # the rest of the line it cut (a line break in a term is escaped)
            store.bulk_load(chunk, **options)


def _may_hold_blank_nodes(path: Path) -> bool:
    """Whether `_:` occurs anywhere in the file (in a literal too: then it is loaded whole)."""
    with open(path, "rb") as f:
        if not f.seek(0, 2):
            return False
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as text:
            return text.find(b"_:") >= 0


def _ntriples(triples) -> bytes:
    """N-Triples written by pyoxigraph: of a CONSTRUCT's result, or of any iterable of triples."""
    if isinstance(triples, ox.QueryTriples):
        written = triples.serialize(format=ox.RdfFormat.N_TRIPLES)
    else:
        written = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert written is not None  # no output given: the bytes are returned
    return written


def store_from_nquads(nquads: str | bytes, path: Path | None = None) -> ox.Store:
    """A store holding the dataset; persisted at `path` when given, else in memory."""
    return load_store(nquads, None, path)


def open_store(build_dir: Path) -> ox.Store:
    """Open the store of a finished build (read-only), or load it from the dataset's N-Quads."""
    persisted = build_dir / STORE_DIR
    if persisted.is_dir():
        return ox.Store.read_only(str(persisted))
    return load_store(build_dir / "dataset.nq")


def default_graph(store: ox.Store) -> list:
    """The graphs whose union is the de-duplicated union of all named graphs: the store's default
    graph, plus the evidence graph unless the default graph holds its triples already."""
    first = next(iter(store.quads_for_pattern(None, None, None, UNCOPIED_GRAPH)), None)
    if first is None or ox.Quad(first.subject, first.predicate, first.object) in store:
        return [ox.DefaultGraph()]
    return [ox.DefaultGraph(), UNCOPIED_GRAPH]


def query(store, text: str, *, own_dataset: bool = False, **kwargs):
    """`store.query(text, **kwargs)` with the de-duplicated union as default graph, unless the
    query names its dataset (`own_dataset`: FROM or FROM NAMED) or `default_graph` is given.
    A store that is not a pyoxigraph Store (a remote endpoint) answers with its own default graph."""
    if isinstance(store, ox.Store) and not own_dataset and kwargs.get("default_graph") is None:
        kwargs["default_graph"] = default_graph(store)
    return store.query(text, **kwargs)


def select(store: ox.Store, text: str, **kwargs) -> ox.QuerySolutions:
    """The solutions of a SELECT query (pyoxigraph's `query` may also give a boolean or triples)."""
    result = query(store, text, **kwargs)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    return result
