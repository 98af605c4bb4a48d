"""Turtle, N-Triples, TriG and N-Quads: the deterministic serialisers of nrwkg.serialize (Turtle
through nrwkg.export.turtle, the same text written faster).

Turtle and N-Triples hold the union of the chosen graphs (a set: a fact two documents state
appears once); TriG and N-Quads keep every named graph, so a consumer can keep or drop each.
"""

from __future__ import annotations

from rdflib import URIRef

from nrwkg.export.source import Source
from nrwkg.serialize import nt_term, to_nquads, to_ntriples, to_trig

__all__ = ["turtle", "ntriples", "ntriples_of_nquads", "trig", "nquads"]


def turtle(src: Source, graphs: list[URIRef] | None = None) -> str:
    """Readable Turtle of the union: prefixes, one subject per block, subjects sorted."""
    return src.turtle.write(src.triples(graphs))


def ntriples(src: Source, graphs: list[URIRef] | None = None) -> str:
    """N-Triples of the union, one triple a line, sorted."""
    if not graphs or graphs == src.graphs:
        return src.opened.ntriples
    if "nquads" in vars(src.opened):  # the build holds the N-Quads text: no term is written again
        return ntriples_of_nquads(src.opened.nquads, graphs)
    return to_ntriples(src.triples(graphs))


def ntriples_of_nquads(nquads: str, graphs: list[URIRef]) -> str:
    """The sorted N-Triples of the union of `graphs`, cut from sorted N-Quads text: a line of a
    wanted graph without its graph term (`s p o <g> .` → `s p o .`), each triple once."""
    wanted = {nt_term(g) for g in graphs}
    lines = set()
    for line in nquads.split("\n"):  # a line break inside a term is always escaped
        if line:
            at = line.rindex(" <")  # the graph term: an IRI holds no space
            if line[at + 1:-2] in wanted:
                lines.add(line[:at] + " .\n")
    return "".join(sorted(lines))


def trig(src: Source, graphs: list[URIRef] | None = None) -> str:
    """TriG: one block per named graph, graphs and subjects sorted."""
    if not graphs or graphs == src.graphs:
        return src.opened.trig  # the same text as build/dataset.trig: written once
    return to_trig(src.opened.graphs, src.prefixes, graphs)


def nquads(src: Source, graphs: list[URIRef] | None = None) -> str:
    """N-Quads: every triple with its named graph, sorted."""
    if not graphs or graphs == src.graphs:
        return src.opened.nquads  # the same text as build/dataset.nq
    return to_nquads(src.opened.graphs, graphs)
