"""Own SPARQL without boilerplate (issue 11.6): the project's and the standard prefixes are
predeclared for every engine and the endpoint's check; a query's own PREFIX wins; an unknown prefix
and a syntax error are one line with line and column.

Data: tests/fixtures/two-documents-same-fact.trig (two documents stating one grant).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from nrwkg.api import Graph
from nrwkg.errors import QueryError
from nrwkg.query.engines import OxigraphEngine, RdflibEngine
from nrwkg.serve.safety import Refused, check_query
from nrwkg.store import store_from_nquads

FIXTURE = Path(__file__).parent / "fixtures" / "two-documents-same-fact.trig"


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def graph(request) -> Graph:
    nquads = ox.serialize(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS)
    if request.param == "oxigraph":
        return Graph(OxigraphEngine(store_from_nquads(nquads)))
    return Graph(RdflibEngine.from_nquads(nquads))


def test_project_and_standard_prefixes_need_no_declaration(graph):
    rows = graph.query("SELECT DISTINCT ?a WHERE { GRAPH ?g { ?a a nrw:MonetaryAmount ; nrw:bound bound:upper } }")
    assert rows == [{"a": "amount:grant"}]
    assert graph.query("ASK { GRAPH ?g { ?s rdf:type nrw:Stance } }") is True


def test_a_query_own_prefix_wins(graph):
    query = "PREFIX nrw: <http://example.org/other#> ASK { GRAPH ?g { ?a a nrw:MonetaryAmount } }"
    assert graph.query(query) is False


def test_an_unknown_prefix_is_one_line_naming_it(graph):
    with pytest.raises(QueryError) as err:
        graph.query("SELECT ?a WHERE {\n  ?a a nrw:MonetaryAmount ;\n     foo:bar ?x }")
    message = str(err.value)
    assert "\n" not in message and "'foo:'" in message and "line 3, column 6" in message


@pytest.mark.parametrize("query, where", [
    ("SELECT ?a WHERE {\n  ?a a nrw:MonetaryAmount .\n  ?a ?p }", "line 3"),
    ("SELECT ?a WHERE { ?a a nrw:MonetaryAmount", "line 1"),
])
def test_a_syntax_error_is_one_line_with_line_and_column(graph, query, where):
    with pytest.raises(QueryError) as err:
        graph.query(query)
    message = str(err.value)
    assert message.startswith(f"syntax error at {where}, column ") and "\n" not in message
    assert "expected one of" not in message and len(message) < 120


def test_the_endpoint_check_predeclares_and_names_an_unknown_prefix():
    graphs = {"https://w3id.org/nrwkg/id/document/a"}
    checked = check_query("SELECT ?s WHERE { ?s a nrw:Stance }", graphs)
    assert checked.form == "SELECT" and "PREFIX nrw: <https://w3id.org/nrwkg/ontology#>" in checked.text
    with pytest.raises(Refused) as err:
        check_query("SELECT ?s WHERE { ?s a foo:Stance }", graphs)
    assert err.value.status == 400 and "'foo:'" in err.value.message
    # a syntax error is the engine's to find (the check reads tokens only): one line, line and column
    import pyoxigraph as ox

    from nrwkg.serve.worker import Job, execute

    reply = execute(ox.Store(), frozenset(graphs), Job("SELECT ?s WHERE {\n ?s a nrw:Stance . ?s ?p }", None))
    assert reply.status == 400
    message = reply.body.decode()
    assert "syntax error at line 2, column " in message and message.count("\n") == 1
