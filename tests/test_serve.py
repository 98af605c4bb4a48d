"""`nrwkg serve`: the SPARQL 1.1 Protocol on a real server, with a real client and with raw HTTP.

A module-scoped server (`nrwkg serve --port 0` in a subprocess) serves a copy of the session
build, into which a few files are planted around it (a secret beside the build, a dotfile and a
symlink pointing out of it) to prove that no path leaves the build folder. Results are compared
with the same queries run directly on the build's store.
"""

from __future__ import annotations

import http.client
import json
import shutil
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from nrwkg.serve.examples import load_examples
from nrwkg.serve.loadtest import server_process
from nrwkg.serve.static import TYPES
from nrwkg.store import open_store

pytestmark = pytest.mark.slow  # starts `nrwkg serve` processes


SECRET = "nrwkg-test-secret-outside-the-build"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
LABELS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?label WHERE { ?s skos:prefLabel ?label } ORDER BY ?s ?label LIMIT 40"""
LINKS = """PREFIX org: <http://www.w3.org/ns/org#>
CONSTRUCT { ?s org:memberOf ?o } WHERE { ?s org:memberOf ?o }"""
ORGS = """PREFIX nrw: <https://w3id.org/nrwkg/ontology#>
CONSTRUCT { ?o a nrw:Organization ; ?p ?v } WHERE { ?o a nrw:Organization ; ?p ?v FILTER(isLiteral(?v)) }"""


# ---- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(built, tmp_path_factory) -> Path:
    """A copy of the build with traps around it: a secret beside it, a dotfile, an outward symlink."""
    root = tmp_path_factory.mktemp("serve-site")
    build = root / "build"
    shutil.copytree(built, build, symlinks=True)
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    (build / ".secret").write_text(SECRET, encoding="utf-8")
    (build / "escape.txt").symlink_to(root / "secret.txt")
    (build / "escape-dir").symlink_to(root)
    return build


@pytest.fixture(scope="module")
def base(site, tmp_path_factory) -> str:
    log = tmp_path_factory.mktemp("serve-log") / "server.log"
    with server_process(site, "--timeout", "5", "--max-rows", "2000", "--workers", "2", log=log) as server:
        yield server.url


@pytest.fixture(scope="module")
def store(built):
    return open_store(built)


def request(base: str, method: str, path: str, body: bytes | str | None = None,
            headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One raw HTTP request (the path is sent exactly as given); (status, headers, body)."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        data = body.encode("utf-8") if isinstance(body, str) else body
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if data is not None:
            conn.putheader("Content-Length", str(len(data)))
        conn.endheaders(data)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def get(base: str, query: str, accept: str = "application/sparql-results+json", **params) -> tuple:
    qs = urlencode({"query": query, **params})
    return request(base, "GET", f"/sparql?{qs}", headers={"Accept": accept})


def post_form(base: str, fields: dict | list, accept: str = "application/sparql-results+json") -> tuple:
    return request(base, "POST", "/sparql", urlencode(fields), {
        "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


def rows_of(body: bytes) -> list[dict]:
    return json.loads(body)["results"]["bindings"]


def store_rows(store, query: str) -> list[dict]:
    """The rows pyoxigraph gives directly, in the SPARQL JSON shape the endpoint answers with."""
    raw = store.query(query).serialize(format=ox.QueryResultsFormat.JSON)
    return json.loads(raw)["results"]["bindings"]


def store_graph(store, query: str) -> rdflib.Graph:
    nt = ox.serialize(store.query(query), format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=nt.decode("utf-8"), format="nt")


def client(base: str, query: str, fmt, method: str = "GET", request_method: str = URLENCODED):
    sparql = SPARQLWrapper(base + "sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    sparql.setRequestMethod(request_method)
    return sparql.query()


# ---- results with a real client --------------------------------------------------------------------
@pytest.mark.parametrize("method,request_method",
                         [("GET", URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)])
def test_select_with_sparqlwrapper_matches_the_store(base, store, method, request_method):
    result = client(base, LABELS, JSON, method, request_method)
    assert result.response.headers["Content-Type"].startswith("application/sparql-results+json")
    rows = result.convert()["results"]["bindings"]
    assert rows == store_rows(store, LABELS)
    assert len(rows) == 40


def test_select_in_xml_csv_and_tsv_has_the_same_rows(base, store):
    expected = store_rows(store, LABELS)
    labels = [r["label"]["value"] for r in expected]
    xml = client(base, LABELS, XML).convert()  # a DOM document
    assert [b.firstChild.data for b in xml.getElementsByTagName("literal")] == labels
    csv_text = client(base, LABELS, CSV).convert().decode("utf-8")
    assert csv_text.splitlines()[0] == "s,label"
    assert len(csv_text.strip().splitlines()) == len(expected) + 1
    tsv_text = client(base, LABELS, TSV).convert().decode("utf-8")
    assert tsv_text.splitlines()[0] == "?s\t?label"
    assert len(tsv_text.strip().splitlines()) == len(expected) + 1
    for row in expected:
        assert row["s"]["value"] in csv_text and f"<{row['s']['value']}>" in tsv_text


def test_ask_answers_true_and_false(base):
    assert client(base, "ASK { ?s ?p ?o }", JSON).convert()["boolean"] is True
    absent = "ASK { <https://example.org/not-in-the-graph> ?p ?o }"
    assert client(base, absent, JSON).convert()["boolean"] is False
    xml = client(base, absent, XML).convert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "false"


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD])
def test_construct_with_sparqlwrapper_gives_the_store_graph(base, store, fmt):
    graph = client(base, ORGS, fmt).convert()
    if not isinstance(graph, rdflib.Graph):  # SPARQLWrapper returns the text for some formats
        syntax = {TURTLE: "turtle", RDFXML: "xml", JSONLD: "json-ld"}[fmt]
        graph = rdflib.Graph().parse(data=graph, format=syntax)
    expected = store_graph(store, ORGS)
    assert len(expected) > 10
    assert isomorphic(graph, expected)


@pytest.mark.parametrize("accept,rdflib_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml")])
def test_construct_content_negotiation(base, store, accept, rdflib_format):
    status, headers, body = get(base, ORGS, accept=accept)
    assert status == 200
    assert headers["content-type"].split(";")[0] == accept
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format=rdflib_format)
    assert isomorphic(graph, store_graph(store, ORGS))


def test_describe_gives_the_triples_about_a_resource(base, store):
    subject = store_rows(store, LABELS)[0]["s"]["value"]
    status, headers, body = get(base, f"DESCRIBE <{subject}>", accept="text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert (rdflib.URIRef(subject), None, None) in graph


def test_accept_defaults_and_wildcards(base):
    status, headers, _ = get(base, LABELS, accept="*/*")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    status, headers, _ = get(base, LINKS, accept="*/*")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    status, headers, _ = get(base, LABELS, accept="text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+xml")
    status, _, body = get(base, LABELS, accept="image/png")
    assert status == 406 and b"text/csv" in body


# ---- W3C protocol cases ------------------------------------------------------------------------------
def test_multiple_query_parameters_are_refused(base):
    qs = urlencode([("query", "ASK {}"), ("query", "ASK { ?s ?p ?o }")])
    status, _, body = request(base, "GET", f"/sparql?{qs}")
    assert status == 400 and b"exactly one query" in body
    status, _, _ = post_form(base, [("query", "ASK {}"), ("query", "ASK {}")])
    assert status == 400


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/json", "multipart/form-data"])
def test_post_without_a_query_media_type_is_refused(base, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    status, _, body = request(base, "POST", "/sparql", urlencode({"query": "ASK {}"}), headers)
    assert status == 415
    assert b"application/x-www-form-urlencoded" in body and b"application/sparql-query" in body


def test_post_direct_and_form_answer_like_get(base):
    direct = request(base, "POST", "/sparql", LABELS, {"Content-Type": "application/sparql-query",
                                                        "Accept": "application/sparql-results+json"})
    form = post_form(base, {"query": LABELS})
    plain = get(base, LABELS)
    assert direct[0] == form[0] == plain[0] == 200
    assert rows_of(direct[2]) == rows_of(form[2]) == rows_of(plain[2])


def test_post_form_without_query_and_query_in_url_are_refused(base):
    assert post_form(base, {"default-graph-uri": "x"})[0] == 400
    status, _, body = request(base, "POST", "/sparql?" + urlencode({"query": "ASK {}"}), "ASK {}",
                              {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"body" in body


def test_syntax_error_is_400_with_one_line(base):
    status, headers, body = get(base, "SELECT * WHERE { ?s ?p }")
    assert status == 400
    assert headers["content-type"].startswith("text/plain")
    text = body.decode("utf-8")
    assert text.count("\n") == 1 and "syntax error" in text and "line 1" in text
    with pytest.raises(QueryBadFormed):
        client(base, "SELECT ?x WHERE { ?x ?y }", JSON)


def test_update_via_get_is_refused(base):
    status, _, body = request(base, "GET", "/sparql?" + urlencode({"update": "CLEAR ALL"}))
    assert status == 403 and b"read-only" in body


def test_other_methods_are_not_allowed(base):
    for method in ("PUT", "DELETE", "PATCH"):
        status, headers, _ = request(base, method, "/sparql", "x", {"Content-Type": "text/turtle"})
        assert status == 405 and "POST" in headers["allow"]


def test_oversized_body_is_refused(base):
    status, _, _ = post_form(base, {"query": "ASK {} #" + "x" * 1_100_000})
    assert status == 413


# ---- service description --------------------------------------------------------------------------
def test_service_description(base, store):
    status, headers, body = request(base, "GET", "/sparql")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    service = graph.value(None, rdflib.RDF.type, SD.Service)
    assert graph.value(service, SD.endpoint) == rdflib.URIRef(base + "sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    formats = {str(f).rsplit("/", 1)[-1] for f in graph.objects(service, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
            "Turtle", "N-Triples", "JSON-LD", "RDF_XML"} <= formats
    dataset = graph.value(service, SD.defaultDataset)
    sizes = {str(graph.value(n, SD.name)): int(graph.value(graph.value(n, SD.graph), VOID.triples))
             for n in graph.objects(dataset, SD.namedGraph)}
    expected = {str(g.value): len(list(store.quads_for_pattern(None, None, None, g)))
                for g in store.named_graphs()}
    assert sizes == expected
    default_size = int(graph.value(graph.value(dataset, SD.defaultGraph), VOID.triples))
    # the default graph nrwkg queries: the set union of the named graphs (nrwkg.store)
    union = {q.triple for g in store.named_graphs() for q in store.quads_for_pattern(None, None, None, g)}
    assert default_size == len(union)


@pytest.mark.parametrize("accept,rdflib_format", [("application/ld+json", "json-ld"),
                                                   ("application/n-triples", "nt")])
def test_service_description_in_other_formats_is_the_same_graph(base, accept, rdflib_format):
    turtle = rdflib.Graph().parse(data=request(base, "GET", "/sparql")[2].decode("utf-8"), format="turtle")
    status, headers, body = request(base, "GET", "/sparql", headers={"Accept": accept})
    assert status == 200 and headers["content-type"].startswith(accept)
    other = rdflib.Graph().parse(data=body.decode("utf-8"), format=rdflib_format)
    assert isomorphic(turtle, other)


def test_browser_asking_the_endpoint_gets_the_query_page(base):
    status, headers, _ = request(base, "GET", "/sparql", headers={
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert status == 303 and headers["location"] == "query"


# ---- CORS and error hygiene ------------------------------------------------------------------------
def test_cors_allows_any_origin_without_credentials(base):
    for _status, headers, _ in (get(base, "ASK {}"), get(base, "SELECT * WHERE {"),
                               request(base, "GET", "/sparql")):
        assert headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in headers
    status, headers, body = request(base, "OPTIONS", "/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 204 and body == b""
    assert headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"]
    assert "content-type" in headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in headers


@pytest.mark.parametrize("raw", [
    b"GARBAGE\r\n\r\n",
    b"GET /sparql?query=%ff%fe HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    b"Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    b"Content-Length: nine\r\n\r\n",
    b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /%ff%fe.html HTTP/1.1\r\nHost: x\r\n\r\n",
])
def test_malformed_requests_get_a_plain_error_without_internals(base, raw):
    import socket

    url = urlsplit(base)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(raw)
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
            if b"\r\n\r\n" in response and len(response) > 200:
                break
    status = int(response.split(b" ", 2)[1])
    assert 400 <= status < 500
    for leak in (b"Traceback", b".py", b"Python", b"File \""):
        assert leak not in response


# ---- static files and the query page ---------------------------------------------------------------
def _sample_files(site: Path) -> list[Path]:
    """One file of every suffix in the build (the binary store excluded)."""
    seen = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site)
        if path.is_file() and not path.is_symlink() and rel.parts[0] not in ("store", "escape-dir") \
                and not rel.name.startswith("."):
            seen.setdefault(path.suffix, path)
    return list(seen.values())


def test_build_files_are_served_with_their_content_type(base, site):
    files = _sample_files(site)
    assert any(p.suffix == ".nq" for p in files)
    for path in files:
        url_path = "/" + "/".join(quote(part) for part in path.relative_to(site).parts)
        status, headers, body = request(base, "GET", url_path)
        assert status == 200, url_path
        assert body == path.read_bytes()
        assert headers["content-type"] == TYPES.get(path.suffix.lower(), "application/octet-stream")
        assert headers["x-content-type-options"] == "nosniff"


def test_site_root(base, site):
    status, headers, body = request(base, "GET", "/")
    if (site / "index.html").is_file():
        assert status == 200 and body == (site / "index.html").read_bytes()
    else:
        assert status == 303 and headers["location"] == "query"


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt", "/..%5csecret.txt",
    "/store/../../secret.txt", "/export/%2e%2e/%2e%2e/secret.txt", "/./../secret.txt", "/.secret",
    "/%2esecret", "/escape.txt", "/escape-dir/secret.txt", "/store/CURRENT", "/store", "/%73tore/CURRENT",
    "/dataset.nq%00.html", "//etc/passwd", "/..\\secret.txt", "/_nrwkg/../../secret.txt",
    "/_nrwkg/%2e%2e/query.html",
])
def test_paths_never_leave_the_build_folder(base, path):
    status, _, body = request(base, "GET", path)
    assert status in (301, 303, 400, 404)
    assert SECRET.encode() not in body
    assert b"root:" not in body


def test_folder_without_slash_redirects(base, site):
    folder = next((p for p in sorted(site.iterdir()) if p.is_dir() and (p / "index.html").is_file()), None)
    if folder is None:
        pytest.skip("this build has no folder with an index.html")
    status, headers, _ = request(base, "GET", "/" + folder.name)
    assert status == 301 and headers["location"] == folder.name + "/"
    status, _, body = request(base, "GET", "/" + folder.name + "/")
    assert status == 200 and body == (folder / "index.html").read_bytes()


def test_query_page_offers_the_library_offline_and_escaped(base):
    status, headers, body = request(base, "GET", "/query")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in headers["content-security-policy"]
    page = body.decode("utf-8")
    start = page.index('<script type="application/json" id="examples">') + len(
        '<script type="application/json" id="examples">')
    embedded = page[start:page.index("</script>", start)]
    assert "<" not in embedded and ">" not in embedded  # nothing in the data can close the element
    examples = json.loads(embedded)
    assert examples == json.loads(json.dumps(load_examples()))
    assert len(examples) >= 1
    for marker in ('src="http', "src='http", 'href="http', "@import", "//cdn"):
        assert marker not in page
    for asset, kind in (("query.js", "text/javascript"), ("query.css", "text/css")):
        status, headers, script = request(base, "GET", "/_nrwkg/" + asset)
        assert status == 200 and headers["content-type"].startswith(kind)
        assert b"http://" not in script and b"https://cdn" not in script
    assert b"innerHTML" not in request(base, "GET", "/_nrwkg/query.js")[2]


def test_library_examples_run_on_the_endpoint(base):
    for example in load_examples():
        status, _, body = post_form(base, {"query": example["query"]}, accept="*/*")
        assert status == 200, (example["name"], body[:300])

