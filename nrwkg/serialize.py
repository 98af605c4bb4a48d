"""Deterministic serialisations of the dataset: the same graph always gives the same bytes.

Every writer takes either an rdflib Dataset or a *graph map* (named graph IRI → its triples, see
`graph_map`), so that a build extracts the quads from rdflib once and serialises them many times.
Here: N-Quads and N-Triples, sorted; Turtle and TriG are written by nrwkg.turtle.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping

from rdflib import BNode, Dataset, Literal, URIRef

__all__ = ["nt_term", "nquads_lines", "union_lines", "write_nquads", "to_nquads", "to_ntriples", "write_ntriples",
           "graph_names", "graph_map", "union_of", "GraphMap"]

GraphMap = Mapping[URIRef, list]  # named graph IRI → list of (s, p, o), names sorted


def graph_map(ds: Dataset | GraphMap) -> GraphMap:
    """The non-empty named graphs of `ds` (IRIs only), sorted by name, read in one pass."""
    if not isinstance(ds, Dataset):
        return ds
    by_name: dict[URIRef, set] = defaultdict(set)
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if isinstance(name, URIRef):
            by_name[name].add((s, p, o))
    return {name: list(by_name[name]) for name in sorted(by_name)}


def union_of(graphs: Mapping[URIRef, Iterable], names: Iterable[URIRef] | None = None) -> set:
    """The set union of the named graphs `names` (all by default)."""
    union: set = set()
    for name in graphs if names is None else names:
        union.update(graphs.get(name, ()))
    return union


def graph_names(ds: Dataset | GraphMap) -> list[URIRef]:
    if not isinstance(ds, Dataset):
        return list(ds)
    return sorted(g.identifier for g in ds.graphs() if isinstance(g.identifier, URIRef) and len(g))


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term) -> str:
    """A term in N-Triples syntax (one line, escaped), for literals, IRIs and blank nodes."""
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def _nt_lines(triples, end: str) -> set[str]:
    """`s p o{end}` per triple; each term is written once however often it occurs."""
    terms: dict = {}

    def nt(term) -> str:
        text = terms.get(term)
        if text is None:
            text = terms[term] = nt_term(term)
        return text

    return {f"{nt(s)} {nt(p)} {nt(o)}{end}" for s, p, o in triples}


def nquads_lines(ds: Dataset | GraphMap, graphs: list[URIRef] | None = None) -> list[bytes]:
    """Every quad as one UTF-8 line of N-Quads, sorted, each once. UTF-8 keeps the order of code
    points, so the bytes sort as the text would; a line of bytes takes half or a quarter of the
    memory of the same line in a text that holds one character beyond Latin-1 (as ours do)."""
    gm = graph_map(ds)
    terms: dict = {}

    def nt(term) -> bytes:
        text = terms.get(term)
        if text is None:
            text = terms[term] = nt_term(term).encode("utf-8")
        return text

    lines: list[bytes] = []
    for name in graphs or list(gm):
        end = b" " + nt(name) + b" .\n"
        lines.extend(b" ".join((nt(s), nt(p), nt(o) + end)) for s, p, o in gm.get(name, ()))
    terms.clear()  # before the sort: it needs the memory more
    lines.sort()
    return [line for n, line in enumerate(lines) if n == 0 or line != lines[n - 1]]


def write_nquads(ds: Dataset | GraphMap, path, graphs: list[URIRef] | None = None, union_path=None,
                 uncopied: URIRef | None = None) -> bytes:
    """The N-Quads of to_nquads written to the file `path` (UTF-8), never held as one text; with
    `union_path`, the union of the graphs as N-Triples there too (for a store's default graph):
    of the graphs but `uncopied`, unless `uncopied` shares a triple with another graph (then of all:
    see nrwkg.store). Returns the SHA-256 digest of the N-Quads, taken as they are written."""
    lines = nquads_lines(ds, graphs)
    digest = hashlib.sha256()
    with open(path, "wb") as f:
        for start in range(0, len(lines), _BLOCK):
            block = b"".join(lines[start:start + _BLOCK])
            digest.update(block)
            f.write(block)
    if union_path is not None:
        with open(union_path, "wb") as f:
            f.writelines(union_lines(lines, None if uncopied is None else nt_term(uncopied).encode("utf-8")))
    return digest.digest()


_BLOCK = 4096  # lines written (and hashed) at a time


def union_lines(nquads: list[bytes], uncopied: bytes | None = None):
    """Sorted N-Quads lines without their graph term, each triple once, leaving out the triples
    only the graph `uncopied` holds unless it shares one with another graph: the lines of one
    triple in several graphs differ only at the end, so they are neighbours."""
    # at most two passes over the lines (held anyway), none over a list of triples: at 100× that
    # list would be gigabytes
    suffix = None if uncopied is None else b" " + uncopied + b" .\n"
    if suffix is not None and _shares_a_triple(nquads, suffix):
        suffix = None  # then the union of all graphs
    triple = b""
    for line in nquads:
        if suffix is not None and line.endswith(suffix):
            continue  # a triple only `uncopied` holds: a triple it shares would have made suffix None
        this = line[:line.rindex(b" <")] + b" .\n"  # the graph term: an IRI holds no space
        if this != triple:
            yield this
            triple = this


def _shares_a_triple(nquads: list[bytes], suffix: bytes) -> bool:
    """Whether a line ending in `suffix` (of one graph) has the triple of a line of another graph:
    the lines of one triple are neighbours, so one of the others is next to it."""
    last = len(nquads) - 1
    for n, line in enumerate(nquads):
        if not line.endswith(suffix):
            twin = line[:line.rindex(b" <")] + suffix
            if (n > 0 and nquads[n - 1] == twin) or (n < last and nquads[n + 1] == twin):
                return True
    return False


def to_nquads(ds: Dataset | GraphMap, graphs: list[URIRef] | None = None) -> str:
    return b"".join(nquads_lines(ds, graphs)).decode("utf-8")


def to_ntriples(graph: Iterable) -> str:
    return "".join(sorted(_nt_lines(graph, " .\n")))


def write_ntriples(graph: Iterable, path) -> None:
    """The text of to_ntriples written to the file `path` (UTF-8) line by line, never joined."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.writelines(sorted(_nt_lines(graph, " .\n")))
