"""An in-memory copy of a small read-only store, for a query worker (nrwkg serve --in-memory-quads).

pyoxigraph runs the same query several times faster on its in-memory store than on the RocksDB
store opened read-only (the library queries, CPU time: 582 → 152 ms in all on the bundled
build), so a worker whose store holds at most `max_quads` quads copies it into memory once, at
start, and answers from the copy; the store opened read-only is closed then. The copy costs
about 0.45 KB of resident memory per quad in each worker (47k quads: about 25 MB, 1M: about
450 MB) and about 10 CPU seconds per million quads to make.

The in-memory store lists the quads matching a pattern newest first, so the quads go in in the
reverse of the read-only store's own order: a pattern with the subject, the object or the graph
given then comes back in the order the RocksDB indexes give, and the answers of the query
library are byte-identical on both. A query without ORDER BY whose pattern gives only the
predicate may list the same rows in another order (SPARQL leaves that order open).
"""

from __future__ import annotations

import ctypes
import logging

import pyoxigraph as ox

__all__ = ["copy_if_small"]

log = logging.getLogger("nrwkg.serve")


def copy_if_small(store, max_quads: int):
    """`store` copied into memory when it is a pyoxigraph Store of at most `max_quads` quads
    (0: never), else `store` itself (a larger store, a remote backend)."""
    if not max_quads or not isinstance(store, ox.Store) or len(store) > max_quads:
        return store
    quads = list(store.quads_for_pattern(None, None, None, None))
    quads.reverse()  # the in-memory store lists newest first: see the module's docstring
    copy = ox.Store()
    copy.bulk_extend(quads)
    del quads
    _give_back_freed_memory()
    return copy


def _give_back_freed_memory() -> None:
    """Return the memory of the quads' Python objects, freed after the copy, to the system (glibc:
    malloc_trim; at 1M quads 730 → 480 MB resident). Elsewhere nothing."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass
