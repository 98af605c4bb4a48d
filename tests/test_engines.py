"""The engines agree: pyoxigraph and rdflib return the same rows, value for value, for every library query, a fact
stated by two documents counts once, and the embedded engines never reach out of the dataset."""

# ruff: noqa: F811  (fixtures imported from tests.query_helpers)
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from nrwkg.errors import QueryError
from nrwkg.query.engines import OxigraphEngine, RdflibEngine
from nrwkg.query.library import load_library
from nrwkg.store import store_from_nquads
from tests.query_helpers import (  # noqa: F401
    comparable,
    exact,
    first_difference,
    library_queries,
    oxigraph_engine,
    query_ids,
    rdflib_engine,
    sample_bindings,
)

FIXTURE = Path(__file__).parent / "fixtures" / "two-documents-same-fact.trig"
NRW = "https://w3id.org/nrwkg/ontology#"


def _matching(qdef) -> bool:
    """A parameter unbound by default whose value the query returns (a resource or a text to match)."""
    return any(p.default is None and p.type in ("iri", "string", "term") for p in qdef.params.values())


def _engine_cases():
    """Every library query with its parameters as declared (id: its name) and, if it has a matching
    parameter, once more with that parameter bound to a value of its result (id: NAME-bound)."""
    for q in library_queries():
        yield pytest.param(q, False, id=q.name)
        if q.form == "SELECT" and _matching(q):
            yield pytest.param(q, True, id=f"{q.name}-bound")


@pytest.mark.parametrize(("qdef", "bound"), list(_engine_cases()))
def test_rdflib_returns_the_rows_of_pyoxigraph_value_for_value(qdef, bound, oxigraph_engine, rdflib_engine):  # noqa: F811
    """The same rows in the same order, and the same values not only numerically: the same lexical
    form, datatype and language (issue 13.5, one literal, one form)."""
    bindings = sample_bindings(qdef, oxigraph_engine) if bound else qdef.bind()
    if bound and bindings == qdef.bind():
        pytest.skip(f"{qdef.name}: no value in the bundled graph to bind")
    expected = oxigraph_engine.run(qdef.text, bindings)
    got = rdflib_engine.run(qdef.text, bindings)
    assert got.variables == expected.variables
    assert comparable(got) == comparable(expected), first_difference(expected, got)
    assert exact(got) == exact(expected), first_difference(expected, got, key=exact)


@pytest.mark.parametrize(
    "qdef",
    [q for q in library_queries() if _matching(q)],
    ids=[q.name for q in library_queries() if _matching(q)],
)
def test_binding_a_parameter_keeps_exactly_the_rows_with_that_value(qdef, oxigraph_engine):  # noqa: F811
    """Bound to a value, the query returns the rows of the unbound query that carry the value."""
    bindings = sample_bindings(qdef, oxigraph_engine)
    sampled = {n: v for n, v in bindings.items() if qdef.params[n].default is None}
    if not sampled:
        pytest.skip(f"{qdef.name}: no value in the bundled graph to bind")
    unbound = oxigraph_engine.run(qdef.text, {n: v for n, v in bindings.items() if n not in sampled})
    bound = oxigraph_engine.run(qdef.text, bindings)
    columns = [unbound.variables.index(n) for n in sampled]
    kept = [row for row in unbound.rows
            if all(row[c] == sampled[n] for c, n in zip(columns, sampled, strict=True))]
    assert bound.rows and bound.rows == kept


def _year(text):
    return int(text[:4]) if text else None


def _first_number(*values):
    return next(float(v) for v in values if v is not None)


# Filter parameters: binding one keeps exactly the rows of the unbound query that pass the filter.
FILTERS = {
    "targets-by-deadline": (
        {"until": "2030"},
        lambda r: r["deadline"] is not None and _year(r["deadline"]) <= 2030,
    ),
    "timeline": ({"from_year": "2022", "to_year": "2025"}, lambda r: 2022 <= _year(r["date"]) <= 2025),
    "money-by-instrument": (
        {"at_least": "1000000"},
        lambda r: _first_number(r["max_value"], r["value"], r["min_value"]) >= 1e6,
    ),
    "money-by-period": (
        {"year": "2027"},
        lambda r: (
            (r["period_start"] or r["period_end"]) is not None
            and (_year(r["period_start"]) or 0) <= 2027 <= (_year(r["period_end"]) or 9999)
        ),
    ),
    "actors-in-several-documents": ({"min_documents": "3"}, lambda r: int(r["documents"]) >= 3),
    "actor-co-occurrence": ({"min_statements": "3"}, lambda r: int(r["statements"]) >= 3),
    "find-entity": ({"text": "metall"}, lambda r: "metall" in r["matched"].lower()),
}


@pytest.mark.parametrize("name", list(FILTERS), ids=list(FILTERS))
def test_a_filter_parameter_keeps_exactly_the_rows_that_pass(name, oxigraph_engine):  # noqa: F811
    qdef = load_library()[name]
    params, passes = FILTERS[name]
    bound = oxigraph_engine.run(qdef.text, qdef.bind(params))
    unbound = oxigraph_engine.run(qdef.text, qdef.bind({k: "" for k in params}))
    keep = [i for i, v in enumerate(unbound.variables) if v not in params]
    as_dicts = [dict(zip(unbound.variables, (None if t is None else t.value for t in row), strict=True))
                for row in unbound.rows]
    rows = zip(unbound.rows, as_dicts, strict=True)
    expected = [tuple(row[i] for i in keep) for row, d in rows if passes(d)]
    assert [tuple(row[i] for i in keep) for row in bound.rows] == expected


# ------------------------------------------------------------------ a fact two documents state


@pytest.fixture(scope="module")
def twice_stated() -> bytes:
    return ox.serialize(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS)


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def engine_twice(request, twice_stated):
    if request.param == "oxigraph":
        return OxigraphEngine(store_from_nquads(twice_stated))
    return RdflibEngine.from_nquads(twice_stated)


def _rows(engine, name, **params):
    qdef = load_library()[name]
    result = engine.run(qdef.text, qdef.bind(params))
    return [dict(zip(result.variables, (None if t is None else t.value for t in row), strict=True))
            for row in result.rows]


def test_a_sum_counts_an_amount_once_however_many_documents_state_it(engine_twice):
    rows = _rows(engine_twice, "money-by-actor", actor="organization:land")
    assert [
        (r["role"], r["amounts"], r["sum_lower"], r["sum_upper"], r["without_upper_bound"])
        for r in rows
    ] == [(NRW + "payer", "2", "30000000000", "30700000000", "0")]


def test_a_count_counts_a_stance_once(engine_twice):
    rows = _rows(engine_twice, "stance-counts")
    assert [(r["holder_label"], r["modality_label"], r["stances"]) for r in rows] == [
        ("Landesregierung", None, "1")
    ]


def test_an_actor_stated_by_two_documents_is_in_two_documents_once_each(engine_twice):
    rows = _rows(engine_twice, "actors-in-several-documents")
    assert {
        (
            r["actor_label"],
            r["documents"],
            r["document"].rsplit("/", 1)[1],
            r["role"].rsplit("#", 1)[1],
            r["statements"],
        )
        for r in rows
    } == {
        ("Landesregierung", "2", "a", "payer", "1"),
        ("Landesregierung", "2", "a", "holder", "1"),
        ("Landesregierung", "2", "b", "payer", "1"),
        ("Landesregierung", "2", "b", "holder", "1"),
    }


@pytest.mark.parametrize("engine_name", ["oxigraph", "rdflib"])
def test_every_triple_two_bundled_documents_state_is_counted_once(
    engine_name, oxigraph_engine, rdflib_engine
):  # noqa: F811
    engine = oxigraph_engine if engine_name == "oxigraph" else rdflib_engine
    shared = oxigraph_engine.run("""
        PREFIX nrw: <https://w3id.org/nrwkg/ontology#>
        SELECT DISTINCT ?s ?p ?o WHERE {
          ?d1 a nrw:Document . ?d2 a nrw:Document . FILTER(STR(?d1) < STR(?d2))
          GRAPH ?d1 { ?s ?p ?o } GRAPH ?d2 { ?s ?p ?o }
        } ORDER BY ?s ?p ?o LIMIT 25""").rows
    assert shared, "the bundled documents share no triple; this test needs one"
    count = "SELECT ?s ?p ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ?p ?o"
    for s, p, o in shared:
        n = engine.run(count, {"s": s, "p": p, "o": o}).rows[0][3]
        assert n.value == "1", (s, p, o)


# ------------------------------------------------------------------ nothing leaves the dataset


@pytest.mark.parametrize("engine_name", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(
    "query, message",
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE is not allowed"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "names no graph of this dataset"),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "names no graph"),
        ("SELECT * WHERE { ?s ?p }", "syntax error"),
        ("DROP ALL", "read-only"),
    ],
)
def test_the_embedded_engines_refuse_to_leave_the_dataset(
    engine_name, query, message, oxigraph_engine, rdflib_engine
):  # noqa: F811
    engine = oxigraph_engine if engine_name == "oxigraph" else rdflib_engine
    with pytest.raises(QueryError, match=message):
        engine.run(query)


def test_from_a_document_graph_restricts_both_engines_alike(oxigraph_engine, rdflib_engine):  # noqa: F811
    query = (
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/nrwkg/id/document/loi-zukunftsdialog-industrie> "
        "WHERE { ?s ?p ?o }"
    )
    a, b = oxigraph_engine.run(query), rdflib_engine.run(query)
    assert comparable(a) == comparable(b)
    assert 0 < int(a.rows[0][0].value) < len(oxigraph_engine.store)


def test_rdflib_graph_loading_is_switched_off_after_a_query(rdflib_engine):  # noqa: F811
    import rdflib.plugins.sparql as rdflib_sparql

    rdflib_engine.run("ASK {}")
    assert rdflib_sparql.SPARQL_LOAD_GRAPHS is False


def test_a_query_of_the_wrong_form_is_refused(oxigraph_engine):  # noqa: F811
    with pytest.raises(QueryError, match="expected a SELECT query, got ASK"):
        oxigraph_engine.select("ASK {}")
    assert oxigraph_engine.ask("ASK {}").boolean is True
