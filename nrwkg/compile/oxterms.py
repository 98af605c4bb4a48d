"""Parse a statement's Turtle block with pyoxigraph and give the triples rdflib's parser would give.

rdflib's Turtle parser costs milliseconds a block, pyoxigraph's a few microseconds; the build
keeps rdflib terms, so pyoxigraph's triples are turned into the very terms rdflib's parser makes
(the same constructor calls: `Literal(lexical, datatype=…)`, `Literal(lexical, lang=…)`, `URIRef`).
Two things pyoxigraph does not tell apart, and rdflib does: a plain literal and one written
`^^xsd:string` (rdflib keeps the datatype), and the case of a language tag (pyoxigraph writes
it in lower case, rdflib as written). A block that may hold either, or that sets a base IRI,
is only checked here (`parse_block` returns None) and the caller asks rdflib.

Each distinct term is converted once and the same rdflib object is shared by every triple that
holds it (less memory, and later dictionary lookups find it by identity).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["parse_block"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# an upper-case letter in a language tag after a closing quote, a base directive
_UPPER_CASE_TAG = re.compile(r"[\"']@[A-Za-z0-9-]*[A-Z]")
_BASE = re.compile(r"(?<![\w:])@?(?i:base)\s*<")


def _rdflib_decides(text: str) -> bool:
    """Whether `text` may hold what only rdflib's parse tells apart: after a ^^, "string" or an
    escape (which could spell it); an upper-case language tag; a base IRI."""
    typed = text.find("^^")
    if typed != -1:
        rest = text[typed:]
        if "string" in rest or "\\u" in rest or "\\U" in rest:
            return True
    tagged = "\"@" in text or "'@" in text
    return bool((tagged and _UPPER_CASE_TAG.search(text)) or ("base" in text.lower() and _BASE.search(text)))


class _NotConverted(Exception):
    """A term rdflib's Turtle parser would not make (a triple term)."""


def parse_block(text: str) -> list[tuple[Node, Node, Node]] | None:
    """The distinct triples of the Turtle `text` as rdflib terms, in the order parsed; None when
    rdflib must read this text itself (see the module docstring). Raises SyntaxError as
    pyoxigraph.parse does for a text it refuses, whoever reads it then."""
    parsed = list(ox.parse(text, format=ox.RdfFormat.TURTLE))
    if _rdflib_decides(text):
        return None
    try:
        triples = [(_term(t.subject), _term(t.predicate), _term(t.object)) for t in parsed]
    except _NotConverted:
        return None
    return list(dict.fromkeys(triples))


@lru_cache(maxsize=1 << 16)
def _term(term) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise _NotConverted(term)
