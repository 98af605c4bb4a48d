"""Fixtures and helpers for the query tests: engines over the bundled build, a real `oxigraph`
server on loopback holding the exported N-Quads, and an engine-neutral comparison of results.

Import the fixtures you use into the test module (`from tests.query_helpers import oxigraph_engine`).
"""

from __future__ import annotations

import pytest

from nrwkg.query.engines import OxigraphEngine, RdflibEngine
from nrwkg.query.library import QueryDef, load_library
from nrwkg.query.results import Result, normalise


def comparable(result: Result):
    """Rows in order with numbers compared by value; a graph as a sorted list of triples."""
    if result.form == "graph":
        return sorted({str(t) for t in result.triples})
    if result.form == "ask":
        return bool(result.boolean)
    return [tuple(normalise(t) for t in row) for row in result.rows]


def exact(result: Result):
    """As `comparable`, but value for value: each term as written (lexical form, datatype, language),
    so "6.0"^^xsd:decimal and "6"^^xsd:decimal, or an integer and a nonNegativeInteger, differ."""
    if result.form == "graph":
        return sorted({str(t) for t in result.triples})
    if result.form == "ask":
        return bool(result.boolean)
    return [tuple(None if t is None else str(t) for t in row) for row in result.rows]


def first_difference(a: Result, b: Result, key=comparable) -> str:
    ka, kb = key(a), key(b)
    if isinstance(ka, bool) or isinstance(kb, bool):
        return f"{ka} != {kb}"
    for i, (x, y) in enumerate(zip(ka, kb, strict=False)):
        if x != y:
            return f"row {i}:\n  {x}\n  {y}"
    return f"{len(ka)} rows != {len(kb)} rows"


def sample_bindings(qdef: QueryDef, engine) -> dict:
    """Bindings with every UNDEF parameter set to a value from the query's own unbound result
    (parameters are projected), so a binding test really restricts something."""
    bindings = qdef.bind()
    unbound = [name for name in qdef.params if name not in bindings]
    if not unbound or qdef.form != "SELECT":
        return bindings
    result = engine.run(qdef.text, bindings)
    for name in unbound:
        column = result.variables.index(name)
        values = [row[column] for row in result.rows if row[column] is not None]
        if values:
            bindings[name] = values[len(values) // 2]
    return bindings


def library_queries() -> list[QueryDef]:
    return list(load_library().values())


def query_ids() -> list[str]:
    return [q.name for q in library_queries()]


@pytest.fixture(scope="session")
def library() -> dict[str, QueryDef]:
    return load_library()


@pytest.fixture(scope="session")
def oxigraph_engine(built) -> OxigraphEngine:
    return OxigraphEngine.from_build(built)


@pytest.fixture(scope="session")
def rdflib_engine(built) -> RdflibEngine:
    return RdflibEngine.from_build(built)


@pytest.fixture(scope="session")
def oxigraph_server(built, tmp_path_factory):
    """`oxigraph serve-read-only` on 127.0.0.1 with the exported dataset loaded plainly (named graphs,
    an empty default graph: the library reads the named graphs, so it needs no copy of the union);
    yields the query URL."""
    from tests.store_servers import oxigraph_server as start

    with start(tmp_path_factory.mktemp("oxigraph"), built / "dataset.nq") as running:
        yield running.query_url
