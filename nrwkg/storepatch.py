"""The build's store made from the previous build's store: its quads copied, the changed ones applied.

Loading the store from the dataset's files (nrwkg.store.load_store) writes every quad into a new
database on disk; of the bundled corpus, 0.7 s of wall time, most of it spent waiting for the disk
(0.26 s of CPU time). After an edit of one document, most of those quads are already in the store
of the previous build. An incremental build therefore copies that store (pyoxigraph's backup: the
database's immutable files are linked, not copied) and applies what changed, with the same quads
in the end as a load:

- the named graphs: the lines of the previous build's dataset.nq that the new one lacks are
  removed, the new lines added (both files are sorted N-Quads, compared in one pass);
- the default graph (what `load_store` copies there: the set union of the named graphs but the
  evidence graph, nrwkg.store): for each triple of a changed line, whether a named graph other than
  the evidence graph still holds it, asked of the patched store.

The previous store is used only when it is known to hold what a load of the previous dataset.nq
gives: the build folder is the one the last build recorded with the same code, and neither its
store nor its dataset.nq was touched since (nrwkg.buildcache, nrwkg.uptodate). Otherwise, and when
a copy cannot be right or cheap, the store is loaded as always (`patched_store` returns None): when
either dataset may hold blank nodes (a label names a node within one parse only), when the
evidence graph shares a triple with another graph before or after (then the default graph holds
the evidence graph as well), or when more than a fraction of the lines changed (a load is cheaper).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from nrwkg.store import UNCOPIED_GRAPH, may_hold_blank_nodes

__all__ = ["patched_store", "changed_lines", "MAX_CHANGED"]

MAX_CHANGED = 0.2  # more changed lines than this share of the new dataset's: loaded instead


def changed_lines(old: Path, new: Path) -> tuple[list[bytes], list[bytes]]:
    """(lines of `old` not in `new`, lines of `new` not in `old`) of two sorted files of unique
    lines, in one pass over both; ValueError if either is not sorted."""
    removed: list[bytes] = []
    added: list[bytes] = []
    with open(old, "rb") as a, open(new, "rb") as b:
        left, right = _sorted_lines(a), _sorted_lines(b)
        x, y = next(left, None), next(right, None)
        while x is not None and y is not None:
            if x == y:
                x, y = next(left, None), next(right, None)
            elif x < y:
                removed.append(x)
                x = next(left, None)
            else:
                added.append(y)
                y = next(right, None)
        while x is not None:
            removed.append(x)
            x = next(left, None)
        while y is not None:
            added.append(y)
            y = next(right, None)
    return removed, added


def _sorted_lines(lines) -> Iterator[bytes]:
    last = None
    for line in lines:
        if last is not None and line <= last:
            raise ValueError("the lines are not sorted")
        yield line
        last = line


def patched_store(previous: Path, old_nquads: Path, new_nquads: Path, target: Path) -> ox.Store | None:
    """A store at `target` holding what `load_store(new_nquads, its union)` would, made from the
    store `previous` (loaded from `old_nquads`) with the changed quads applied; None (and nothing at
    `target`) when it is not made so (see the module's docstring)."""
    if may_hold_blank_nodes(old_nquads) or may_hold_blank_nodes(new_nquads):
        return None
    try:
        removed, added = changed_lines(old_nquads, new_nquads)
    except ValueError:
        return None
    total = max(new_nquads.stat().st_size, 1)
    if sum(map(len, removed)) + sum(map(len, added)) > MAX_CHANGED * total:
        return None
    source = ox.Store.read_only(str(previous))
    try:
        if _default_holds_evidence(source):
            return None
        source.backup(str(target))
    finally:
        del source
    store = ox.Store(str(target))
    try:
        if _apply(store, removed, added):
            store.flush()
            return store
    except BaseException:
        del store
        shutil.rmtree(target, ignore_errors=True)
        raise
    del store
    shutil.rmtree(target, ignore_errors=True)
    return None


def _quads(lines: list[bytes]) -> list[ox.Quad]:
    # lenient, as the build's store is loaded: the validation loads the same file with every check
    return list(ox.parse(b"".join(lines), format=ox.RdfFormat.N_QUADS, lenient=True)) if lines else []


def _apply(store: ox.Store, removed: list[bytes], added: list[bytes]) -> bool:
    """The changed quads applied to the copy, then the default graph's copy of the triples they
    touch; False when the evidence graph then shares a triple with another graph."""
    gone, new = _quads(removed), _quads(added)
    for quad in gone:
        store.remove(quad)
    store.extend(new)
    touched = {q.triple for q in gone} | {q.triple for q in new}
    default = ox.DefaultGraph()
    for triple in touched:
        graphs = {q.graph_name for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object)}
        named = {g for g in graphs if isinstance(g, ox.NamedNode)}
        if UNCOPIED_GRAPH in named and len(named) > 1:
            return False  # shared with the evidence graph: the default graph would hold that graph too
        copied = ox.Quad(triple.subject, triple.predicate, triple.object, default)
        if named - {UNCOPIED_GRAPH}:
            if default not in graphs:
                store.add(copied)
        elif default in graphs:
            store.remove(copied)
    return True


def _default_holds_evidence(store: ox.Store) -> bool:
    """Whether the default graph holds the evidence graph's triples as well (nrwkg.store.default_graph)."""
    first = next(iter(store.quads_for_pattern(None, None, None, UNCOPIED_GRAPH)), None)
    return first is not None and ox.Quad(first.subject, first.predicate, first.object) in store
