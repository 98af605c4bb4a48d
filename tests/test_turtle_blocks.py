"""A statement's Turtle block read by pyoxigraph (nrwkg.compile.oxterms) gives the very terms
rdflib's own Turtle parser gives: the same lexical forms, datatypes and language tags."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal

from nrwkg.compile.oxterms import parse_block
from nrwkg.iri import NO_BASE

HEADER = ("@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . "
          "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n")

BLOCKS = [
    "ex:a ex:p 51, 51.0, 5.1e1, -0, +7, .5, 1E3, true, false .",
    'ex:a ex:p "05"^^xsd:integer, "51.0"^^xsd:decimal, "1.50"^^xsd:decimal, " 5 "^^xsd:integer .',
    'ex:a ex:p "abc"^^xsd:integer, "2020-01-01"^^xsd:date, "2020-1-1"^^xsd:date, "INF"^^xsd:double .',
    'ex:a ex:p "7"^^xsd:nonNegativeInteger, "1"^^xsd:boolean, "true"^^xsd:boolean, "2024"^^xsd:gYear .',
    'ex:a ex:p "x"@en, "y"@de, "z"@de-at .',
    'ex:a ex:p "tab\\there", """long\nstring with "quotes" """, \'single\', "ä ö ü ß € \U0001F600" .',
    'ex:a ex:p <http://example.org/ä%20b>, <http://example.org/ü>, ex:größe, ex:with\\.dot, ex:a.b .',
    "ex:a a ex:Thing ; ex:p ex:b ; ex:q ex:c, ex:d .",
    "ex:a ex:p ex:b . ex:a ex:p ex:b .",
    'ex:a ex:p "a database <of> strings", "Basel"@de .',
    "ex:123 ex:a:b ex:a%20b, ex:a\\-b, ex:a\\~b, ex:caf\u00e9, ex:x_y.z, ex:_z . ex:b ex:p 1. ex:c ex:p -1.5E-3 .",
    'ex:a ex:p "esc \\u00e9 \\U0001F600 \\" \\\\ \\r\\n", "\u2028 \x85 \x0b" .',
]
# only rdflib tells these apart from other forms: parse_block leaves them to it
LEFT_TO_RDFLIB = [
    'ex:a ex:p "x"^^xsd:string, "y" .',
    'ex:a ex:p "x"@DE-at .',
    'ex:a ex:p "x"^^<http://www.w3.org/2001/XMLSchema#\\u0073tring> .',
    "@base <http://example.org/> . ex:a ex:p <b> .",
]


def _form(term):
    return (type(term).__name__, str(term), term.language if isinstance(term, Literal) else None,
            term.datatype if isinstance(term, Literal) else None)


def _rdflib(text: str) -> set:
    graph = Graph(store="SimpleMemory", bind_namespaces="none")
    graph.parse(data=text, format="turtle", publicID=NO_BASE)
    return {tuple(_form(x) for x in t) for t in graph}


@pytest.mark.parametrize("block", BLOCKS)
def test_the_same_terms_as_rdflib(block):
    text = HEADER + block
    quick = parse_block(text)
    assert quick is not None
    assert len(quick) == len(set(quick))
    assert {tuple(_form(x) for x in t) for t in quick} == _rdflib(text)


@pytest.mark.parametrize("block", LEFT_TO_RDFLIB)
def test_what_pyoxigraph_cannot_tell_apart_is_left_to_rdflib(block):
    assert parse_block(HEADER + block) is None


def test_a_refused_block_raises_syntax_error():
    with pytest.raises(SyntaxError):
        parse_block(HEADER + "ex:a ex:p <not an iri> .")
    with pytest.raises(SyntaxError):  # also a block rdflib would read (a base IRI is set)
        parse_block(HEADER + "@base <http://example.org/> . ex:a ex:p <b c> .")


def test_blank_nodes_come_back_as_blank_nodes():
    # the compile refuses them (statements.py), with a message that names no node id
    quick = parse_block(HEADER + 'ex:a ex:p [ ex:q "x" ] ; ex:r ("no") .')
    assert quick is not None
    assert any(isinstance(term, BNode) for triple in quick for term in triple)
