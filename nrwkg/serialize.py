"""Deterministic serialisations of the dataset: the same graph always gives the same bytes."""

from __future__ import annotations

from contextlib import contextmanager

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from nrwkg.prefixes import Prefixes

__all__ = ["nt_term", "to_nquads", "to_trig", "to_turtle", "to_ntriples", "graph_names"]


def graph_names(ds: Dataset) -> list[URIRef]:
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


def _nt_line(s, p, o) -> str:
    return f"{nt_term(s)} {nt_term(p)} {nt_term(o)}"


def to_nquads(ds: Dataset, graphs: list[URIRef] | None = None) -> str:
    lines = []
    for name in graphs or graph_names(ds):
        for s, p, o in ds.graph(name):
            lines.append(f"{_nt_line(s, p, o)} {nt_term(name)} .\n")
    return "".join(sorted(set(lines)))


def to_ntriples(graph: Graph) -> str:
    return "".join(sorted({f"{_nt_line(s, p, o)} .\n" for s, p, o in graph}))


_EXTRA = {
    "vann": "http://purl.org/vocab/vann/", "sh": "http://www.w3.org/ns/shacl#", "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#", "wd": "http://www.wikidata.org/entity/",
    "annotation": "https://w3id.org/nrwkg/id/annotation/", "nrwgraph": "https://w3id.org/nrwkg/graph/",
}


def _namespaces(graph: Graph, prefixes: Prefixes) -> dict[str, str]:
    """Prefixes for every namespace the graph uses: the project's, well-known extras, then ns1, ns2 …
    for the rest, numbered in sorted order so that the output never depends on hashing."""
    from rdflib.namespace import split_uri

    known = dict(prefixes.mapping)
    for p, ns in _EXTRA.items():
        known.setdefault(p, ns)
    covered = set(known.values())
    extra: set[str] = set()
    for term in _iris(graph):
        if any(term.startswith(ns) for ns in covered):
            continue
        try:
            extra.add(split_uri(term)[0])
        except ValueError:
            continue
    for n, ns in enumerate(sorted(extra), start=1):
        known[f"ns{n}"] = ns
    return known


def _iris(graph: Graph):
    for t in graph:
        for term in t:
            if isinstance(term, URIRef):
                yield str(term)
            elif isinstance(term, Literal) and term.datatype:
                yield str(term.datatype)


@contextmanager
def _decimals_in_full():
    """rdflib writes "51"^^xsd:decimal in Turtle's short form as `51.0`, another lexical form than the
    one the build chose (compile/literals.py): while serialising, decimals are written in full."""
    import rdflib.term

    plain = rdflib.term._PLAIN_LITERAL_TYPES
    rdflib.term._PLAIN_LITERAL_TYPES = tuple(t for t in plain if t != XSD.decimal)
    try:
        yield
    finally:
        rdflib.term._PLAIN_LITERAL_TYPES = plain


def _turtle_body(graph: Graph, namespaces: dict[str, str]) -> str:
    g = Graph(bind_namespaces="none")
    for prefix, ns in namespaces.items():
        g.bind(prefix, ns, override=True, replace=True)
    for t in graph:
        g.add(t)
    with _decimals_in_full():
        lines = g.serialize(format="turtle").split("\n")
    # drop rdflib's own prefix block only: a later line may be inside a multi-line literal, and
    # splitlines() would also split at U+2028, U+0085 … inside one
    start = 0
    while start < len(lines) and (lines[start].startswith("@prefix") or not lines[start].strip()):
        start += 1
    return "\n".join(lines[start:]).strip()


def _header(graph: Graph, namespaces: dict[str, str]) -> str:
    iris = set(_iris(graph))
    used = [(p, ns) for p, ns in sorted(namespaces.items()) if any(i.startswith(ns) for i in iris)]
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in used)


def to_turtle(graph: Graph, prefixes: Prefixes) -> str:
    namespaces = _namespaces(graph, prefixes)
    return _header(graph, namespaces) + "\n" + _turtle_body(graph, namespaces) + "\n"


def to_trig(ds: Dataset, prefixes: Prefixes, graphs: list[URIRef] | None = None) -> str:
    names = graphs or graph_names(ds)
    union = Graph()
    for name in names:
        for t in ds.graph(name):
            union.add(t)
    namespaces = _namespaces(union, prefixes)
    blocks = []
    for name in names:
        body = _turtle_body(ds.graph(name), namespaces)
        # not indented: a line inside a multi-line (triple-quoted) literal is part of its value
        blocks.append(f"{nt_term(name)} {{\n{body}\n}}\n")
    return _header(union, namespaces) + "\n" + "\n".join(blocks)
