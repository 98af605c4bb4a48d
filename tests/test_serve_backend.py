"""`nrwkg serve --backend URL` (issue 13.3): the endpoint in front of a remote store keeps its
refusals and limits: SERVICE, LOAD, FROM outside the dataset and every update are refused before
the store sees them, a result over the row limit and a query over the time limit fail with an
error status before any row is sent. Against an `oxigraph` server and Virtuoso, both started here;
that the library's rows come through unchanged is in tests/test_stores.py."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from nrwkg.serve.loadtest import server_process
from tests.store_servers import oxigraph_server, virtuoso_server
from tests.test_serve import get, post_form, request, rows_of
from tests.test_serve_limits import Listener, service_queries, update_texts

pytestmark = pytest.mark.slow  # starts Oxigraph and Virtuoso servers and nrwkg serve

TIMEOUT = 10
MAX_ROWS = 500
# every quad paired with every quad, twice: far beyond any time limit on every store
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?x ?y ?z } GRAPH ?c { ?u ?v ?w } }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
REGISTRY = "https://w3id.org/nrwkg/graph/registry"  # more triples than MAX_ROWS, quick on every store


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def backend(request, built, tmp_path_factory):
    start = oxigraph_server if request.param == "oxigraph" else virtuoso_server
    with start(tmp_path_factory.mktemp(request.param), built / "dataset.nq") as running:
        yield running


@pytest.fixture(scope="module")
def base(backend, built, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve-backend") / "serve.log"
    with server_process(built, "--backend", backend.query_url, "--timeout", str(TIMEOUT),
                        "--max-rows", str(MAX_ROWS), "--workers", "2", log=log) as server:
        yield server.url


@pytest.fixture(scope="module")
def listener():
    listening = Listener()
    yield listening
    listening.sock.close()


def count(base: str) -> int:
    status, _, body = get(base, COUNT)
    assert status == 200, body
    return int(rows_of(body)[0]["n"]["value"])


def test_the_answers_come_from_the_backend(base, built):
    quads = sum(1 for line in (built / "dataset.nq").open("rb") if line.strip())
    assert count(base) >= quads  # Virtuoso adds graphs of its own


def test_service_is_refused_and_nothing_is_contacted(base, listener):
    for query in service_queries(listener.url):
        status, _, body = get(base, query)
        assert status == 400, (query, body)
    assert listener.connections == 0


def test_from_outside_the_dataset_is_refused(base, listener):
    for query in (f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}",
                  "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
                  f"SELECT * FROM NAMED <{listener.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"):
        status, _, body = get(base, query)
        assert status == 400, (query, body)
    assert listener.connections == 0


def test_every_update_is_refused_and_the_store_is_unchanged(base, listener):
    before = count(base)
    for text in update_texts(listener.url):
        for status, _, body in (request(base, "GET", "/sparql?" + urlencode({"update": text})),
                                post_form(base, {"update": text}),
                                request(base, "POST", "/sparql", text,
                                        {"Content-Type": "application/sparql-update"})):
            assert status in (403, 405), (text, status, body)
    assert count(base) == before
    assert listener.connections == 0


def test_a_result_over_the_row_limit_is_an_error_not_a_short_answer(base):
    for accept in ("application/sparql-results+json", "text/csv"):
        status, _, body = get(base, f"SELECT * WHERE {{ GRAPH <{REGISTRY}> {{ ?s ?p ?o }} }}", accept=accept)
        assert status == 422 and b"row limit" in body, (accept, status)
    status, _, body = get(base, f"SELECT * WHERE {{ GRAPH <{REGISTRY}> {{ ?s ?p ?o }} }} LIMIT {MAX_ROWS}")
    assert status == 200 and len(rows_of(body)) == MAX_ROWS
    status, _, body = get(base, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{REGISTRY}> {{ ?s ?p ?o }} }}",
                          accept="text/turtle")
    assert status == 422


def test_a_query_over_the_time_limit_is_an_error(base):
    status, _, body = get(base, SLOW)
    assert status == 503 and b"time limit" in body
    assert get(base, "ASK {}")[0] == 200  # the endpoint goes on answering


def test_ask_and_construct_come_through(base):
    status, _, body = get(base, "ASK { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200 and b"true" in body
    status, _, body = get(base, "ASK { GRAPH ?g { <urn:nothing> ?p ?o } }")
    assert status == 200 and b"false" in body
    status, _, body = get(base, "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/nrwkg/graph/registry> "
                                "{ ?s ?p ?o } } LIMIT 3", accept="application/n-triples")
    assert status == 200 and body.count(b"\n") == 3


def test_a_backend_that_is_gone_gives_an_error_status(built, tmp_path):
    store = oxigraph_server(tmp_path / "gone", built / "dataset.nq")
    running = store.__enter__()
    stopped = False
    try:
        with server_process(built, "--backend", running.query_url, "--workers", "1",
                            log=tmp_path / "serve.log") as server:
            assert get(server.url, "ASK { GRAPH ?g { ?s ?p ?o } }")[0] == 200
            store.__exit__(None, None, None)
            stopped = True
            status, _, body = get(server.url, "ASK { GRAPH ?g { ?s ?p ?o } }")
            assert status == 502 and b"cannot reach the backend" in body
    finally:
        if not stopped:
            store.__exit__(None, None, None)
