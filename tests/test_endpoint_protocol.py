"""The client and the server speak to every endpoint.

- the remote engine sends the canonical query text (escapes expanded), so `"\\u0022"` means
  the same on the embedded engines, on `nrwkg serve` and on an Oxigraph server;
- it accepts SPARQL JSON results with members of other endpoints' own (Comunica adds some) and
  asks for RDF when the query is a CONSTRUCT or DESCRIBE;
- `nrwkg serve` answers CONSTRUCT as N-Quads on request, answers a Graph Store Protocol request with
  an error, and names itself in the service description from its configuration, never from Host.
"""

# ruff: noqa: F811  (fixtures imported from tests.query_helpers)
from __future__ import annotations

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import pytest
import rdflib

from nrwkg.query.engines import EndpointEngine
from nrwkg.serve.loadtest import server_process
from tests.query_helpers import oxigraph_engine, oxigraph_server, rdflib_engine  # noqa: F401
from tests.test_serve import get, request

pytestmark = pytest.mark.slow  # starts nrwkg serve and an Oxigraph server


SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
# two escaped quotes: expanded first (SPARQL 1.1, 19.2) they close and open strings, CONCAT("", "")
QUOTES = r'SELECT (STRLEN(CONCAT("\u0022, \u0022")) AS ?n) WHERE {}'
LABELS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> CONSTRUCT { ?s skos:prefLabel ?l } " \
         "WHERE { ?s skos:prefLabel ?l } ORDER BY ?s LIMIT 20"


@pytest.fixture(scope="module")
def serve(built, tmp_path_factory):
    log = tmp_path_factory.mktemp("protocol") / "server.log"
    with server_process(built, "--workers", "1", log=log) as running:
        yield running


def test_escaped_quotes_mean_the_same_on_every_engine(serve, oxigraph_engine, rdflib_engine, oxigraph_server):
    engines = {"oxigraph": oxigraph_engine, "rdflib": rdflib_engine,
               "nrwkg serve": EndpointEngine(serve.url + "sparql"), "oxigraph server": EndpointEngine(oxigraph_server)}
    lengths = {name: int(engine.run(QUOTES).rows[0][0].value) for name, engine in engines.items()}
    assert lengths == dict.fromkeys(engines, 0)


class Stub:
    """A loopback endpoint answering with a canned body, recording each request's Accept header."""

    def __init__(self, body: bytes, content_type: str):
        stub = self
        self.accepts: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                stub.accepts.append(self.headers.get("Accept", ""))
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_results_with_extra_members_are_read_and_accept_follows_the_form():
    # the shape of Comunica's answers: links in head, and members of its own after the bindings
    body = json.dumps({
        "head": {"vars": ["s", "n"], "link": []},
        "results": {"bindings": [
            {"s": {"type": "uri", "value": "https://w3id.org/nrwkg/id/organization/mwike"},
             "n": {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}},
            {"s": {"type": "bnode", "value": "b0"},
             "n": {"type": "typed-literal", "value": "4", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}},
        ], "ordered": False},
        "metadata": {"httpRequests": 1},
    }).encode()
    stub = Stub(body, "application/sparql-results+json")
    try:
        result = EndpointEngine(stub.url).run("SELECT ?s ?n WHERE { ?s ?p ?n }")
        assert result.variables == ["s", "n"] and len(result.rows) == 2
        assert result.rows[0][0] == ox.NamedNode("https://w3id.org/nrwkg/id/organization/mwike")
        assert [row[1].value for row in result.rows] == ["3", "4"]
        assert stub.accepts[-1].startswith("application/sparql-results+json")
        assert "n-triples" not in stub.accepts[-1] and "turtle" not in stub.accepts[-1]
    finally:
        stub.server.shutdown()
    stub = Stub(b'<https://example.org/a> <https://example.org/b> "c" .\n', "application/n-triples")
    try:
        result = EndpointEngine(stub.url).run("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert result.form == "graph" and len(result.triples) == 1
        assert stub.accepts[-1].startswith("application/n-triples") and "sparql-results" not in stub.accepts[-1]
    finally:
        stub.server.shutdown()


def test_construct_as_n_quads(serve):
    status, headers, body = get(serve.url, LABELS, accept="application/n-quads")
    assert status == 200 and headers["content-type"] == "application/n-quads"
    quads = list(ox.parse(body, format=ox.RdfFormat.N_QUADS))
    status, _, turtle = get(serve.url, LABELS, accept="text/turtle")
    triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert len(quads) == 20 and {q.triple for q in quads} == {q.triple for q in triples}
    assert all(q.graph_name == ox.DefaultGraph() for q in quads)


def test_graph_store_protocol_requests_get_an_error_not_the_description(serve):
    graph = "https://w3id.org/nrwkg/graph/registry"
    for method, path, body in [
        ("GET", "/sparql?" + urlencode({"graph": graph}), None),
        ("GET", "/sparql?default", None),
        ("HEAD", "/sparql?" + urlencode({"graph": graph}), None),
        ("POST", "/sparql?" + urlencode({"graph": graph}), "<https://example.org/a> <https://example.org/b> 1 ."),
        ("PUT", "/sparql?" + urlencode({"graph": graph}), "<https://example.org/a> <https://example.org/b> 1 ."),
        ("DELETE", "/sparql?" + urlencode({"graph": graph}), None),
    ]:
        status, headers, answer = request(serve.url, method, path, body,
                                          {"Accept": "text/turtle", "Content-Type": "text/turtle"})
        assert status in (400, 405), (method, path, status)
        assert headers["content-type"].startswith("text/plain")
        if method != "HEAD":
            assert answer.count(b"\n") == 1 and (b"Graph Store" in answer or b"read-only" in answer)


def _description(base: str, host: str) -> rdflib.Graph:
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        conn.putrequest("GET", "/sparql", skip_host=True)
        conn.putheader("Host", host)
        conn.putheader("Accept", "text/turtle")
        conn.endheaders()
        response = conn.getresponse()
        assert response.status == 200
        return rdflib.Graph().parse(data=response.read(), format="turtle")
    finally:
        conn.close()


def test_sd_endpoint_comes_from_the_configuration_not_the_host_header(serve, built, tmp_path):
    graph = _description(serve.url, "attacker.example:80")
    assert set(graph.objects(None, SD.endpoint)) == {rdflib.URIRef(serve.url + "sparql")}
    public = "https://example.org/nrwkg/sparql"
    with server_process(built, "--workers", "1", "--public-url", public, log=tmp_path / "log") as other:
        graph = _description(other.url, "attacker.example")
        assert set(graph.objects(None, SD.endpoint)) == {rdflib.URIRef(public)}
