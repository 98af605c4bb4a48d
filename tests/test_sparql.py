"""The SPARQL lexer: query form, SERVICE and FROM detection, and VALUES binding for endpoints.

SERVICE detection is checked against rdflib's full SPARQL parser on the same queries, including
ones that hide the word in strings, IRIs, comments and variable names.
"""

# ruff: noqa: F811  (fixtures imported from tests.query_helpers)
from __future__ import annotations

import pyoxigraph as ox
import pytest

from nrwkg.errors import QueryError
from nrwkg.query.sparql import check_local, inject_values, inspect
from tests.query_helpers import (  # noqa: F401
    comparable,
    first_difference,
    library_queries,
    oxigraph_engine,
    sample_bindings,
)

TRICKY = {
    "plain": ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
    "silent, lower case": ("select * where { service silent <http://example.org/s> { ?s ?p ?o } }", True),
    "variable endpoint": ("SELECT * WHERE { ?e a ?t . SERVICE ?e { ?s ?p ?o } }", True),
    "prefixed endpoint": (
        "PREFIX ex: <http://example.org/>\nSELECT * WHERE { SERVICE ex:s { ?s ?p ?o } }",
        True,
    ),
    "in a string": ('SELECT * WHERE { ?s ?p "SERVICE <http://example.org/s> { }" }', False),
    "in a long string": ('SELECT * WHERE { ?s ?p """a\nSERVICE <x> {}\n""" }', False),
    "in a comment": ("SELECT * WHERE { ?s ?p ?o # SERVICE <http://example.org/s> { }\n}", False),
    "in an IRI": ("SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }", False),
    "as a variable": ("SELECT ?service WHERE { ?service ?p ?o }", False),
    "as a prefixed name": ("PREFIX ex: <http://example.org/>\nSELECT * WHERE { ?s ex:SERVICE ?o }", False),
    "after a comment with a brace": ("SELECT * WHERE { # }\n SERVICE <http://e.org/s> { ?s ?p ?o } }", True),
}


def _rdflib_services(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def walk(node) -> bool:
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            return True
        if isinstance(node, dict):
            return any(walk(v) for v in node.values())
        if isinstance(node, (list, tuple)):
            return any(walk(v) for v in node)
        return False

    return walk(parseQuery(text)[1])


@pytest.mark.parametrize("case", list(TRICKY), ids=list(TRICKY))
def test_service_is_found_exactly_where_the_sparql_parser_finds_it(case):
    text, expected = TRICKY[case]
    assert _rdflib_services(text) is expected
    assert bool(inspect(text).services) is expected


def test_the_query_form_and_the_dataset_clauses():
    info = inspect(
        "PREFIX d: <https://w3id.org/nrwkg/id/document/>\n# SELECT in a comment\n"
        "CONSTRUCT { ?s ?p ?o } FROM d:x FROM NAMED <file:///etc/passwd> WHERE { ?s ?p ?o }"
    )
    assert info.form == "CONSTRUCT"
    assert info.from_graphs == ["https://w3id.org/nrwkg/id/document/x", "file:///etc/passwd"]
    with pytest.raises(QueryError, match="FROM <file:///etc/passwd> names no graph of this dataset"):
        check_local(info, {"https://w3id.org/nrwkg/id/document/x"})
    check_local(inspect("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }"), {"urn:g"})


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "LOAD <http://example.org/x>",
        "DROP ALL",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR DEFAULT",
    ],
)
def test_updates_are_refused_as_read_only(text):
    with pytest.raises(QueryError, match="read-only"):
        inspect(text)


def test_the_projection_of_a_select():
    assert inspect(
        "SELECT DISTINCT ?a (COUNT(?b) AS ?n) ?c WHERE { ?a ?b ?c } GROUP BY ?a ?c"
    ).projection == ["a", "n", "c"]
    assert inspect("SELECT * { ?a ?b ?c }").projection is None


def test_values_go_into_the_outermost_where_group_not_the_construct_template():
    text = "CONSTRUCT { ?s <urn:p> ?o } WHERE { ?s ?p ?o { SELECT ?x WHERE { ?x ?y ?z } } }"
    bound = inject_values(text, {"o": ox.Literal("1"), "s": ox.NamedNode("urn:a")})
    assert bound.startswith('CONSTRUCT { ?s <urn:p> ?o } WHERE {\n  VALUES (?o ?s) { ("1" <urn:a>) }\n')
    with pytest.raises(QueryError, match="short form CONSTRUCT WHERE"):
        inject_values("CONSTRUCT WHERE { ?s ?p ?o }", {"o": ox.Literal("1")})


def test_a_hostile_value_stays_one_literal():
    """Quotes, braces and a newline in a value are escaped by the N-Triples writer: the query keeps
    its structure (one VALUES row, same clauses) and the value comes back unchanged."""
    hostile = 'x" } } ; DROP ALL ; SELECT * { ?s ?p "\n#'
    text = 'SELECT ?text WHERE { BIND("a" AS ?a) }'
    bound = inject_values(text, {"text": ox.Literal(hostile)})
    store = ox.Store()
    rows = list(store.query(bound))
    assert [r["text"].value for r in rows] == [hostile]
    assert inspect(bound).form == "SELECT" and not inspect(bound).services


@pytest.mark.parametrize(
    "qdef", [q for q in library_queries() if q.params], ids=[q.name for q in library_queries() if q.params]
)
def test_values_binding_gives_the_rows_of_substitution_for_every_parametrised_query(qdef, oxigraph_engine):  # noqa: F811
    bindings = sample_bindings(qdef, oxigraph_engine)
    by_api = oxigraph_engine.run(qdef.text, bindings)
    by_values = oxigraph_engine.run(inject_values(qdef.text, bindings))
    assert comparable(by_api) == comparable(by_values), first_difference(by_api, by_values)
