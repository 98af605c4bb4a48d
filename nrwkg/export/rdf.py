"""Turtle, N-Triples, TriG and N-Quads: the deterministic serialisers of nrwkg.turtle (Turtle, TriG)
and nrwkg.serialize (N-Triples, N-Quads).

Turtle and N-Triples hold the union of the chosen graphs (a set: a fact two documents state
appears once); TriG and N-Quads keep every named graph, so a consumer can keep or drop each.
"""

from __future__ import annotations

import io
from pathlib import Path

from rdflib import URIRef

from nrwkg.export.source import Source
from nrwkg.serialize import nt_term, to_nquads
from nrwkg.turtle import to_trig

__all__ = ["turtle", "ntriples", "write_ntriples", "ntriples_of_nquads", "trig", "nquads"]


def turtle(src: Source, graphs: list[URIRef] | None = None) -> str:
    """Readable Turtle of the union: prefixes, one subject per block, subjects sorted."""
    return src.turtle.write(src.triples(graphs))


def ntriples(src: Source, graphs: list[URIRef] | None = None) -> str | bytes:
    """N-Triples of the union, one triple a line, sorted."""
    if not graphs or graphs == src.graphs:
        return src.opened.ntriples
    return ntriples_of_nquads(src.opened.nquads_file(), graphs)  # no term is written again


def ntriples_of_nquads(nquads: str | bytes | Path, graphs: list[URIRef]) -> str | bytes:
    """The sorted N-Triples of the union of `graphs`, cut from sorted N-Quads (text, UTF-8 bytes,
    or a file read line by line): a line of a wanted graph without its graph term (`s p o <g> .`
    → `s p o .`), each triple once. Text in, text out; bytes or a file in, bytes out (UTF-8 bytes
    sort as their text does)."""
    if isinstance(nquads, str):
        return _cut_graph_terms(io.BytesIO(nquads.encode("utf-8")), graphs).decode("utf-8")
    if isinstance(nquads, Path):
        with open(nquads, "rb") as source:
            return _cut_graph_terms(source, graphs)
    return _cut_graph_terms(io.BytesIO(nquads), graphs)


def write_ntriples(src: Source, graphs: list[URIRef] | None, out) -> None:
    """The bytes of `ntriples(src, graphs)` written to the binary stream `out`, line by line when
    they are cut from the N-Quads file (never held whole)."""
    if not graphs or graphs == src.graphs:
        out.write(src.opened.ntriples.encode("utf-8"))
        return
    with open(src.opened.nquads_file(), "rb") as source:
        out.writelines(_cut_lines(source, graphs))


def _cut_graph_terms(source, graphs: list[URIRef]) -> bytes:
    return b"".join(_cut_lines(source, graphs))


def _cut_lines(source, graphs: list[URIRef]):
    """The sorted lines of `source` cut as ntriples_of_nquads says, in one pass: no set, no sort.
    Cutting the graph term keeps the order (the lines of two triples first differ inside the
    triples, or one triple ends where the other's object goes on with `@` or `^^`, after the
    space either line has there), and the lines of one triple in several graphs are neighbours."""
    wanted = {nt_term(g).encode("utf-8") for g in graphs}
    last = b""
    for line in source:  # a line break inside a term is always escaped
        line = line.rstrip(b"\n")
        if line:
            at = line.rindex(b" <")  # the graph term: an IRI holds no space
            if line[at + 1:-2] in wanted:
                triple = line[:at + 1] + b".\n"  # `s p o .`
                if triple != last:
                    yield triple
                    last = triple


def trig(src: Source, graphs: list[URIRef] | None = None) -> str | bytes:
    """TriG: one block per named graph, graphs and subjects sorted."""
    if not graphs or graphs == src.graphs:
        return src.opened.trig  # the bytes of build/dataset.trig: written once
    return to_trig(src.opened.graphs, src.prefixes, graphs)


def nquads(src: Source, graphs: list[URIRef] | None = None) -> str | bytes:
    """N-Quads: every triple with its named graph, sorted."""
    if not graphs or graphs == src.graphs:
        return src.opened.nquads  # the bytes of build/dataset.nq
    return to_nquads(src.opened.graphs, graphs)
