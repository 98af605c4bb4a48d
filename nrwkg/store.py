"""The embedded SPARQL store (pyoxigraph): named graphs plus a de-duplicated union as default graph.

pyoxigraph 0.5's `use_default_graph_as_union` returns a triple once per graph that holds it,
so counts over facts that two documents state would double. Instead the store's default graph
holds every triple of every named graph exactly once (a set), and named graphs stay queryable
with GRAPH.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

__all__ = ["store_from_nquads", "open_store", "select", "STORE_DIR"]

STORE_DIR = "store"
_UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def store_from_nquads(nquads: str | bytes, path: Path | None = None) -> ox.Store:
    """A store holding the dataset; persisted at `path` when given, else in memory."""
    store = ox.Store(str(path)) if path else ox.Store()
    data = nquads.encode("utf-8") if isinstance(nquads, str) else nquads
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    store.update(_UNION)
    store.flush() if path else None
    return store


def open_store(build_dir: Path) -> ox.Store:
    """Open the store of a finished build (read-only), or load it from the dataset's N-Quads."""
    persisted = build_dir / STORE_DIR
    if persisted.is_dir():
        return ox.Store.read_only(str(persisted))
    return store_from_nquads((build_dir / "dataset.nq").read_bytes())


def select(store: ox.Store, query: str, **kwargs) -> ox.QuerySolutions:
    """The solutions of a SELECT query (pyoxigraph's `query` may also give a boolean or triples)."""
    result = store.query(query, **kwargs)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    return result
