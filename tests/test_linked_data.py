"""Linked data that resolves (issue 14.7), under a real `nrwkg serve` on loopback.

`/id/{kind}/{slug}` negotiates (HTML → 303 to the page; Turtle, N-Triples, JSON-LD, RDF/XML → the
entity's description with its evidence), every entity page links its RDF, the build writes
redirect rules for the IRI base, `/.well-known/void` answers, downloads come compressed with
ETag and Last-Modified, every response carries the CSP, and `/query?query=…` runs the query.
"""

from __future__ import annotations

import gzip
import http.client
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import rdflib
from rdflib.compare import isomorphic

from nrwkg.serve.loadtest import server_process

pytestmark = pytest.mark.slow  # starts nrwkg serve and Chromium


MONA = "https://w3id.org/nrwkg/id/person/mona-neubaur"
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
             "application/rdf+xml": "xml"}
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def base(built, tmp_path_factory):
    log = tmp_path_factory.mktemp("linked-serve") / "server.log"
    with server_process(built, "--workers", "1", log=log) as server:
        yield server.url


def fetch(base: str, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_an_entity_iri_sends_a_browser_to_its_page(base, built):
    status, headers, _ = fetch(base, "/id/person/mona-neubaur", {"Accept": "text/html,*/*;q=0.8"})
    assert status == 303
    assert headers["location"] == "../../pages/person/mona-neubaur.html"
    assert (built / "pages" / "person" / "mona-neubaur.html").is_file()
    assert fetch(base, "/id/person/no-such-person", {"Accept": "text/turtle"})[0] == 404


def test_an_entity_iri_gives_its_description_with_evidence_in_every_rdf_format(base):
    graphs = {}
    for media, fmt in RDF_TYPES.items():
        status, headers, body = fetch(base, "/id/person/mona-neubaur", {"Accept": media})
        assert status == 200, media
        assert headers["content-type"].startswith(media)
        graphs[media] = rdflib.Graph().parse(data=body, format=fmt)
    turtle = graphs["text/turtle"]
    mona = rdflib.URIRef(MONA)
    assert (mona, rdflib.RDFS.label, None) in turtle or (mona, rdflib.SKOS.prefLabel, None) in turtle
    assert any(turtle.triples((None, rdflib.RDF.type, OA.Annotation))), "the evidence comes with it"
    assert any(str(o).startswith("Mona Neubaur") for o in turtle.objects(None, OA.exact))
    for media, graph in graphs.items():
        assert isomorphic(graph, turtle), media


def test_every_entity_page_links_its_rdf_written_beside_it(built):
    pages = sorted((built / "pages").glob("*/*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        link = re.search(r'<link rel="alternate" type="text/turtle" href="([^"]+)"', html)
        assert link, page
        assert (page.parent / link.group(1)).is_file(), f"{page}: {link.group(1)}"


def test_the_build_writes_redirect_rules_for_the_iri_base(built):
    rules = (built / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteEngine on" in rules
    assert re.search(r"RewriteRule \^id/.*pages/\$1/\$2\.ttl \[R=303,L\]", rules)
    assert re.search(r"RewriteRule \^id/.*pages/\$1/\$2\.html \[R=303,L\]", rules)


def test_well_known_void(base):
    status, headers, body = fetch(base, "/.well-known/void")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert any(graph.triples((None, rdflib.RDF.type, rdflib.URIRef("http://rdfs.org/ns/void#Dataset"))))


def test_downloads_are_compressed_and_validated(base, built):
    plain = (built / "export" / "nrwkg.ttl").read_bytes()
    status, headers, body = fetch(base, "/export/nrwkg.ttl", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip"
    assert gzip.decompress(body) == plain and len(body) < len(plain)
    assert headers["etag"] and headers["last-modified"]
    again = fetch(base, "/export/nrwkg.ttl", {"Accept-Encoding": "gzip", "If-None-Match": headers["etag"]})
    assert again[0] == 304 and again[2] == b""
    status, headers, body = fetch(base, "/export/nrwkg.ttl")
    assert status == 200 and "content-encoding" not in headers and body == plain
    since = fetch(base, "/export/nrwkg.ttl", {"If-Modified-Since": headers["last-modified"]})
    assert since[0] == 304


def test_every_response_carries_the_sites_policy(base):
    for path in ("/index.html", "/query", "/export/nrwkg.ttl", "/sparql?query=" + quote("ASK {}"),
                 "/no-such-file"):
        status, headers, _ = fetch(base, path)
        policy = headers.get("content-security-policy", "")
        assert "default-src 'none'" in policy and "script-src 'self'" in policy, (path, status)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_query_page_permalink_fills_the_form_and_runs(base):
    from playwright.sync_api import sync_playwright

    query = ("PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?document ?start ?end WHERE { GRAPH ?g { ?t "
             "oa:hasSource ?document ; oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end } } "
             "ORDER BY ?document ?start LIMIT 3")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base + "query?query=" + quote(query))
            page.wait_for_selector("#output table tbody tr", timeout=30_000)
            assert page.locator("#query").input_value() == query
            assert page.locator("#output tbody tr").count() == 3
            link = page.locator("#output tbody a", has_text="read in the document").first.get_attribute("href")
            assert re.fullmatch(r"documents/[a-z0-9-]+\.html#q-\d+-\d+", link)
            assert errors == []
        finally:
            browser.close()
