"""Every library query gives the same rows on every store that holds the dataset as named graphs
(issue 13.1): the embedded store, rdflib (value for value: tests/test_literals.py), `nrwkg serve`,
a real `oxigraph` server loaded plainly from build/dataset.nq (empty default graph), the same
with `--union-default-graph` (a bag union), and Virtuoso 7 (its default graph is the union of all
graphs, plus its own system graphs).
`nrwkg serve --backend URL` in front of the oxigraph server and of Virtuoso gives the same rows too.

The stores are started by the fixtures on 127.0.0.1 (free ports) and stopped after; a store that
does not start fails the tests with its log (tests/store_servers.py). Nothing is skipped.

Virtuoso 7.2 differs from SPARQL 1.1 in ways no query can change, so its rows are compared as a
set, numbers by value and booleans as 1/0 (measured on 7.2.5): it returns xsd:boolean as
xsd:integer 1/0, integers above 2^31 as xsd:decimal, orders long literals by a prefix only, and
can repeat a row of a SELECT DISTINCT. VIRTUOSO_FAILS lists the queries it cannot run (none now).
The library avoids what 7.2.5 gets wrong (measured):
- it loses an OPTIONAL value of a solution it finds twice (`money-by-instrument.rq` links each
  amount once);
- a FILTER NOT EXISTS inside an OPTIONAL does not see the variables bound outside it, so
  `OPTIONAL { GRAPH ?new { ?s ?p ?x } FILTER NOT EXISTS { GRAPH ?old { ?s ?p ?x } } }` never matched
  (`document-changes.rq` now gives each kind of change its own UNION branch, and the fixture of every
  kind of change is checked on the servers below);
- an IF whose condition is an aggregate (`IF(SUM(…) > 0, …, SUM(…))`) fails to compile (SQ156
  "Bad dfe"; `money-by-actor.rq` aggregates in a sub-select and decides outside it).

Parameters reach a server as a VALUES block at the start of the query's outermost group, joined
bottom-up: a filter inside a UNION branch or a sub-select does not see them, so every branch of a
library query binds the graphs it filters on with its own patterns (Oxigraph's server follows this
strictly).
"""

# ruff: noqa: F811  (fixtures imported from tests.query_helpers)
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from nrwkg.query.engines import EndpointEngine, OxigraphEngine
from nrwkg.serve.loadtest import server_process
from nrwkg.store import store_from_nquads
from tests.query_helpers import comparable, first_difference, library_queries, query_ids
from tests.store_servers import loose_rows, oxigraph_server, virtuoso_server

pytestmark = pytest.mark.slow  # starts Oxigraph and Virtuoso servers

# Queries Virtuoso 7.2.5 cannot run as written (measured; strict: a mark must go once it passes).
# None now: money-by-actor (SQ156 "Bad dfe" on IF over aggregates) and document-changes (a filter
# inside an OPTIONAL that loses the outer binding of ?old) were rewritten; see the module docstring.
VIRTUOSO_FAILS: dict[str, str] = {}


def _on_virtuoso(qdef):
    reason = VIRTUOSO_FAILS.get(qdef.name)
    return pytest.param(qdef, id=qdef.name, marks=[pytest.mark.xfail(reason=reason, strict=True)] if reason else [])


# ---- the stores ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def embedded(built) -> OxigraphEngine:
    return OxigraphEngine.from_build(built)


@pytest.fixture(scope="module")
def oxigraph_plain(built, tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("ox-plain"), built / "dataset.nq") as running:
        yield running


@pytest.fixture(scope="module")
def oxigraph_union(built, tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("ox-union"), built / "dataset.nq",
                         union_default_graph=True) as running:
        yield running


@pytest.fixture(scope="module")
def virtuoso(built, tmp_path_factory):
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso"), built / "dataset.nq") as running:
        yield running


@pytest.fixture(scope="module")
def served(built, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with server_process(built, "--workers", "2", "--timeout", "120", log=log) as server:
        yield server.url + "sparql"


@pytest.fixture(scope="module")
def served_oxigraph(built, oxigraph_plain, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve-ox") / "serve.log"
    with server_process(built, "--workers", "2", "--timeout", "120", "--backend", oxigraph_plain.query_url,
                        log=log) as server:
        yield server.url + "sparql"


@pytest.fixture(scope="module")
def served_virtuoso(built, virtuoso, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve-vt") / "serve.log"
    with server_process(built, "--workers", "2", "--timeout", "120", "--backend", virtuoso.query_url,
                        log=log) as server:
        yield server.url + "sparql"


# ---- comparison ----------------------------------------------------------------------------------
def _same(qdef, reference, engine, name):
    got = engine.run(qdef.text, qdef.bind())
    assert comparable(got) == comparable(reference), f"{name} differs: {first_difference(reference, got)}"


def _same_set(qdef, reference, engine, name):
    got = engine.run(qdef.text, qdef.bind())
    missing, extra = loose_rows(reference) - loose_rows(got), loose_rows(got) - loose_rows(reference)
    assert not missing and not extra, (f"{name} differs: {len(missing)} rows missing, {len(extra)} extra; "
                                       f"first missing {sorted(missing, key=str)[:1]}, "
                                       f"first extra {sorted(extra, key=str)[:1]}")


QUERIES = library_queries()
IDS = query_ids()


@pytest.fixture(scope="module")
def reference(embedded):
    cache = {}

    def get(qdef):
        if qdef.name not in cache:
            cache[qdef.name] = embedded.run(qdef.text, qdef.bind())
        return cache[qdef.name]

    return get


# ---- the agreement -------------------------------------------------------------------------------
@pytest.mark.parametrize("qdef", QUERIES, ids=IDS)
def test_nrwkg_serve_gives_the_embedded_rows(qdef, reference, served):
    _same(qdef, reference(qdef), EndpointEngine(served), "nrwkg serve")


@pytest.mark.parametrize("qdef", QUERIES, ids=IDS)
def test_a_plain_oxigraph_server_gives_the_embedded_rows(qdef, reference, oxigraph_plain):
    _same(qdef, reference(qdef), EndpointEngine(oxigraph_plain.query_url), "oxigraph (empty default graph)")


@pytest.mark.parametrize("qdef", QUERIES, ids=IDS)
def test_an_oxigraph_server_with_a_bag_union_gives_the_embedded_rows(qdef, reference, oxigraph_union):
    _same(qdef, reference(qdef), EndpointEngine(oxigraph_union.query_url), "oxigraph --union-default-graph")


@pytest.mark.parametrize("qdef", [_on_virtuoso(q) for q in QUERIES])
def test_virtuoso_gives_the_embedded_rows(qdef, reference, virtuoso):
    _same_set(qdef, reference(qdef), EndpointEngine(virtuoso.query_url), "Virtuoso")


@pytest.mark.parametrize("qdef", QUERIES, ids=IDS)
def test_serve_backend_oxigraph_gives_the_embedded_rows(qdef, reference, served_oxigraph):
    _same(qdef, reference(qdef), EndpointEngine(served_oxigraph), "nrwkg serve --backend oxigraph")


@pytest.mark.parametrize("qdef", [_on_virtuoso(q) for q in QUERIES])
def test_serve_backend_virtuoso_gives_the_embedded_rows(qdef, reference, served_virtuoso):
    _same_set(qdef, reference(qdef), EndpointEngine(served_virtuoso), "nrwkg serve --backend Virtuoso")


def test_the_bag_union_really_repeats_a_fact_two_documents_state(oxigraph_union):
    """Guard for the test above: the union default graph is a bag, so a query that read it would
    count twice (a triple held by two document graphs)."""
    engine = EndpointEngine(oxigraph_union.query_url)
    twice = engine.run("SELECT ?s ?p ?o WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?s ?p ?o } "
                       "FILTER(STR(?a) < STR(?b)) } LIMIT 1")
    assert twice.rows, "no triple is held by two graphs: the bag-union test proves nothing"
    s, p, o = twice.rows[0]
    bag = engine.run(f"SELECT (COUNT(*) AS ?n) WHERE {{ {s} {p} {o} }}")
    assert int(bag.rows[0][0].value) >= 2


def test_the_plain_oxigraph_server_has_an_empty_default_graph(oxigraph_plain):
    """Guard: on the plain server no query can lean on a default graph."""
    engine = EndpointEngine(oxigraph_plain.query_url)
    assert engine.run("ASK { ?s ?p ?o }").boolean is False
    assert engine.run("ASK { GRAPH ?g { ?s ?p ?o } }").boolean is True


def test_virtuoso_ask_is_a_boolean_through_the_client(virtuoso):
    """Virtuoso 7 answers ASK as a one-row result; the client and `serve --backend` turn it into a boolean."""
    engine = EndpointEngine(virtuoso.query_url)
    assert engine.run("ASK { GRAPH ?g { ?s ?p ?o } }").boolean is True
    assert engine.run("ASK { GRAPH ?g { <urn:nothing> ?p ?o } }").boolean is False


def test_every_kind_of_document_change_agrees_on_the_servers(tmp_path_factory):
    """The bundled documents show only some kinds of change; the fixture of tests/test_research_queries.py
    has every kind (changed, removed, rolled up, added, single values and partners), on a plain
    Oxigraph server and on Virtuoso, with the parameters sent as the endpoint client sends them."""
    fixture = Path(__file__).parent / "fixtures" / "document-changes.trig"
    nquads = ox.serialize(ox.parse(path=str(fixture), format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS)
    work = tmp_path_factory.mktemp("changes")
    (work / "changes.nq").write_bytes(nquads)
    [qdef] = [q for q in QUERIES if q.name == "document-changes"]
    bindings = qdef.bind({"old": "document:a", "new": "document:b"})
    reference = OxigraphEngine(store_from_nquads(nquads)).run(qdef.text, bindings)
    assert len(reference.rows) == 9  # as tests/test_research_queries.py lists them
    with oxigraph_server(work / "ox", work / "changes.nq") as plain, \
            virtuoso_server(work / "vt", work / "changes.nq") as virtuoso:
        got = EndpointEngine(plain.query_url).run(qdef.text, bindings)
        assert comparable(got) == comparable(reference), first_difference(reference, got)
        got = EndpointEngine(virtuoso.query_url).run(qdef.text, bindings)
        assert loose_rows(got) == loose_rows(reference)
