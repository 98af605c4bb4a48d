"""Deterministic serialisations of the dataset: the same graph always gives the same bytes."""

from __future__ import annotations

from rdflib import BNode, Dataset, Graph, Literal, URIRef

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


def _turtle_body(graph: Graph, prefixes: Prefixes) -> str:
    g = Graph(bind_namespaces="none")
    prefixes.bind_to(g)
    for t in graph:
        g.add(t)
    text = g.serialize(format="turtle")
    return "\n".join(line for line in text.splitlines() if not line.startswith("@prefix")).strip()


def to_turtle(graph: Graph, prefixes: Prefixes) -> str:
    used = _used_prefixes(graph, prefixes)
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in used)
    return head + "\n" + _turtle_body(graph, prefixes) + "\n"


def to_trig(ds: Dataset, prefixes: Prefixes, graphs: list[URIRef] | None = None) -> str:
    names = graphs or graph_names(ds)
    union = Graph()
    for name in names:
        for t in ds.graph(name):
            union.add(t)
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in _used_prefixes(union, prefixes))
    blocks = []
    for name in names:
        body = _turtle_body(ds.graph(name), prefixes)
        indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
        blocks.append(f"{name.n3()} {{\n{indented}\n}}\n")
    return head + "\n" + "\n".join(blocks)


def _used_prefixes(graph: Graph, prefixes: Prefixes) -> list[tuple[str, str]]:
    namespaces = set()
    for t in graph:
        for term in t:
            if isinstance(term, URIRef):
                namespaces.add(str(term))
            elif getattr(term, "datatype", None):
                namespaces.add(str(term.datatype))
    return [(p, ns) for p, ns in prefixes.mapping.items() if any(i.startswith(ns) for i in namespaces)]
