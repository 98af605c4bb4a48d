"""The embedded SPARQL store (pyoxigraph): named graphs plus a de-duplicated union as default graph.

pyoxigraph 0.5's `use_default_graph_as_union` returns a triple once per graph that holds it,
so counts over facts that two documents state would double. Instead the store's default graph
holds every triple of every named graph exactly once (a set), and named graphs stay queryable
with GRAPH.
"""

from __future__ import annotations

import itertools
import mmap
from pathlib import Path

import pyoxigraph as ox

__all__ = ["store_from_nquads", "load_store", "open_store", "select", "STORE_DIR"]

STORE_DIR = "store"

# pyoxigraph's bulk loader holds in memory what it is given: a file is given to it by chunks of this
# many lines. x100 (6.6M quads into a store on disk), peak and CPU: whole 1,721 MB 74 s; by 500,000
# lines 663 MB 77 s; by 250,000 lines 866 MB 85 s (more, smaller parts for RocksDB to merge).
CHUNK_LINES = 500_000


def _bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def load_store(nquads: str | bytes | Path, union: str | bytes | Path | None = None,
               path: Path | None = None) -> ox.Store:
    """A store holding the dataset, persisted at `path` when given, else in memory.

    `nquads` is the dataset's N-Quads text, or the path of an N-Quads file (streamed from disk).
    `union` is the set union of the named graphs as N-Triples (text or a file), when the caller
    has it already; it is bulk-loaded into the default graph; otherwise the union is copied from
    the named graphs with bulk_extend (no SPARQL INSERT)."""
    store = ox.Store(str(path)) if path else ox.Store()
    if isinstance(nquads, Path):
        _bulk_load_file(store, nquads, ox.RdfFormat.N_QUADS)
    else:
        store.bulk_load(_bytes(nquads), format=ox.RdfFormat.N_QUADS)
    if isinstance(union, Path):
        _bulk_load_file(store, union, ox.RdfFormat.N_TRIPLES, ox.DefaultGraph())
    elif union is not None:
        store.bulk_load(_bytes(union), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    else:  # a second streaming pass over the input, not a read of the store while it is written
        source = {"path": str(nquads)} if isinstance(nquads, Path) else {"input": _bytes(nquads)}
        default = ox.DefaultGraph()
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default)
                          for q in ox.parse(**source, format=ox.RdfFormat.N_QUADS))
    store.flush() if path else None
    return store


def _bulk_load_file(store: ox.Store, path: Path, fmt: ox.RdfFormat, to_graph: ox.DefaultGraph | None = None) -> None:
    """The file `path` (N-Quads or N-Triples: one statement a line) bulk-loaded by chunks of
    CHUNK_LINES lines. A blank node's label names one node within one parse only, so a file that
    may hold blank nodes is loaded whole."""
    options = {"format": fmt} if to_graph is None else {"format": fmt, "to_graph": to_graph}
    if _may_hold_blank_nodes(path):
        store.bulk_load(path=str(path), **options)
        return
    with open(path, "rb") as lines:
        while chunk := b"".join(itertools.islice(lines, CHUNK_LINES)):
            store.bulk_load(chunk, **options)


def _may_hold_blank_nodes(path: Path) -> bool:
    """Whether `_:` occurs anywhere in the file (in a literal too: then it is loaded whole)."""
    with open(path, "rb") as f:
        if not f.seek(0, 2):
            return False
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as text:
            return text.find(b"_:") >= 0


def store_from_nquads(nquads: str | bytes, path: Path | None = None) -> ox.Store:
    """A store holding the dataset; persisted at `path` when given, else in memory."""
    return load_store(nquads, None, path)


def open_store(build_dir: Path) -> ox.Store:
    """Open the store of a finished build (read-only), or load it from the dataset's N-Quads."""
    persisted = build_dir / STORE_DIR
    if persisted.is_dir():
        return ox.Store.read_only(str(persisted))
    return load_store(build_dir / "dataset.nq")


def select(store: ox.Store, query: str, **kwargs) -> ox.QuerySolutions:
    """The solutions of a SELECT query (pyoxigraph's `query` may also give a boolean or triples)."""
    result = store.query(query, **kwargs)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    return result
