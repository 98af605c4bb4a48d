"""Entity pages and the ontology documentation: one page per entity, evidence on every relation,
relative links that resolve, and every text escaped (checked in a real headless Chromium too)."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef

from nrwkg import urls
from nrwkg.namespaces import GRAPH_EVIDENCE, GRAPH_ONTOLOGY, GRAPH_REGISTRY, NRW, OA, SKOS
from nrwkg.network import build_network
from nrwkg.pages.entities import write_entity_pages
from nrwkg.pages.ontology_doc import write_ontology_page
from nrwkg.serialize import to_nquads
from nrwkg.store import open_store, store_from_nquads

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS = '<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">"&amp;'


class _Page(HTMLParser):
    """Text, links and ids of an HTML page (character references resolved)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text, self.links, self.ids, self.tags = [], [], set(), []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if "id" in attrs:
            self.ids.add(attrs["id"])

    def handle_data(self, data):
        self.text.append(data)

    @property
    def plain(self) -> str:
        return "".join(self.text)


@cache
def _read(path: Path) -> _Page:
    return _Page(path.read_text(encoding="utf-8"))


def page_path(iri: str) -> str:
    """`{kind}/{slug}.html`, the page of a resource relative to build/pages/."""
    return urls.page_path(iri).removeprefix("pages/")


@pytest.fixture(scope="module")
def network(built):
    return build_network(open_store(built))


def test_a_page_for_every_entity_and_an_index_of_all(built, network):
    pages = built / "pages"
    expected = {page_path(iri) for iri in network.nodes}
    assert len(expected) == network.number_of_nodes()
    written = {p.relative_to(pages).as_posix() for p in pages.rglob("*.html")} - {"index.html"}
    assert written == expected
    index = _read(pages / "index.html")
    assert {link for link in index.links if link.endswith(".html") and "/" in link
            and not link.startswith("..")} == expected


def test_every_relation_on_a_page_shows_its_evidence_quote_and_document(built, network):
    for s, o, d in network.edges(data=True):
        for end, other in ((s, o), (o, s)):
            page = _read(built / "pages" / page_path(end))
            assert "../" + page_path(other) in page.links, f"{end} does not link to {other}"
            for ev in d["evidence"]:
                assert ev["quote"] in page.plain, f"quote missing on the page of {end}"
                assert "../../" + ev["url"] in page.links, f"{end}: no link to the passage {ev['url']}"


def test_a_signatory_is_shown_both_ways_with_the_quote(built):
    agreement = _read(built / "pages" / "agreement" / "loi-zukunftsdialog-industrie.html")
    person = _read(built / "pages" / "person" / "mona-neubaur.html")
    assert "../person/mona-neubaur.html" in agreement.links
    assert "../agreement/loi-zukunftsdialog-industrie.html" in person.links
    assert "Mona Neubaur" in agreement.plain and "Ministerin für Wirtschaft" in person.plain


def test_links_are_relative_and_resolve(built):
    views_built = (built / "views").is_dir()
    files = sorted((built / "pages").rglob("*.html")) + [built / "ontology" / "index.html"]
    ids: dict[Path, set[str]] = {}
    for path in files:
        page = _read(path)
        in_pages = "pages" in path.relative_to(built).parts
        kind_slug = path.relative_to(built / "pages").with_suffix("").as_posix() if in_pages else ""
        for link in page.links:
            if link.startswith(("http://", "https://")):
                assert not link.startswith("https://w3id.org/nrwkg/"), f"{path}: absolute link to our data"
                continue
            assert not link.startswith(("/", "file:", "javascript:")), f"{path}: {link}"
            target, _, fragment = link.partition("#")
            resolved = (path.parent / target).resolve() if target else path.resolve()
            if "/views/" in link and not views_built:
                assert link == f"../../views/ego/{kind_slug}.html" or re.fullmatch(
                    r"\.\./\.\./views/document/[a-z0-9-]+\.html", link), f"{path}: {link}"
                continue
            assert resolved.is_file(), f"{path}: {link} does not resolve"
            if fragment:
                ids.setdefault(resolved, _read(resolved).ids if resolved != path.resolve() else page.ids)
                assert fragment in ids[resolved], f"{path}: no #{fragment} in {target or 'the page'}"


def test_entity_page_links_to_its_ego_view_and_type(built):
    page = _read(built / "pages" / "organization" / "mwike.html")
    assert "../../views/ego/organization/mwike.html" in page.links
    assert "../../ontology/index.html#Ministry" in page.links


def test_ontology_documentation_has_every_term_with_both_languages(built):
    ontology = Graph().parse(built / "export" / "ontology.ttl", format="turtle")
    ontology.parse(built / "export" / "schemes.ttl", format="turtle")
    page = _read(built / "ontology" / "index.html")
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            if str(term).startswith(str(NRW)):
                assert str(term)[len(str(NRW)):] in page.ids
                for label in ontology.objects(term, RDFS.label):
                    assert str(label) in page.plain
    for scheme in ontology.subjects(RDF.type, SKOS.ConceptScheme):
        for label in ontology.objects(scheme, SKOS.prefLabel):
            assert str(label) in page.plain
    assert {"org:Organization", "foaf:Person", "prov:Agent", "schema:Place"} <= set(page.plain.split()) | {
        a for a in re.findall(r"\w+:\w+", page.plain)}
    assert "skos:closeMatch" in page.plain


# --------------------------------------------------------------------------- escaping

def _hostile_store():
    doc = URIRef("https://w3id.org/nrwkg/id/document/hostile")
    org = URIRef("https://w3id.org/nrwkg/id/organization/hostile")
    person = URIRef("https://w3id.org/nrwkg/id/person/hostile")
    ann = "https://w3id.org/nrwkg/id/annotation/hostile/s1"
    ds = Dataset(default_union=False)
    reg = ds.graph(GRAPH_REGISTRY)
    for s, p, o in [(org, RDF.type, NRW.Ministry), (org, SKOS.prefLabel, Literal(XSS, lang="de")),
                    (person, RDF.type, NRW.Person), (person, RDFS.label, Literal("Probe", lang="de")),
                    (doc, RDF.type, NRW.Document), (org, NRW.wikidata, URIRef("http://www.wikidata.org/entity/Q1"))]:
        reg.add((s, p, o))
    ds.graph(doc).add((org, NRW.party, person))
    ds.graph(doc).add((org, NRW.purpose, Literal(XSS)))
    ds.graph(GRAPH_ONTOLOGY).add((NRW.party, RDFS.label, Literal(XSS, lang="de")))
    ev = ds.graph(GRAPH_EVIDENCE)
    target, sel, pos, body = (URIRef(f"{ann}/{n}") for n in ("target", "quote", "position", "statement-1"))
    for t in [(URIRef(ann), OA.hasTarget, target), (URIRef(ann), OA.hasBody, body),
              (target, OA.hasSource, doc), (target, OA.hasSelector, sel), (target, OA.hasSelector, pos),
              (sel, RDF.type, OA.TextQuoteSelector),
              (sel, OA.exact, Literal(XSS)), (pos, RDF.type, OA.TextPositionSelector),
              (pos, OA.start, Literal(0, datatype=XSD.nonNegativeInteger)),
              (pos, OA.end, Literal(len(XSS), datatype=XSD.nonNegativeInteger)),
              (body, RDF.subject, org), (body, RDF.predicate, NRW.party), (body, RDF.object, person)]:
        ev.add(t)
    return store_from_nquads(to_nquads(ds))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    assert write_entity_pages(_hostile_store(), out) == 3
    ontology = Graph()
    hostile = URIRef(str(NRW) + "Hostile")  # a class the ontology does not have: NRW.Hostile would raise
    ontology.add((hostile, RDF.type, OWL.Class))
    ontology.add((hostile, RDFS.label, Literal(XSS, lang="de")))
    ontology.add((hostile, SKOS.definition, Literal(XSS, lang="en")))
    write_ontology_page(ontology, out)
    return out


def test_hostile_labels_and_quotes_are_escaped(hostile_site):
    pages = ["pages/organization/hostile.html", "pages/index.html", "pages/person/hostile.html",
             "ontology/index.html"]
    for path in [hostile_site / p for p in pages]:
        html = path.read_text(encoding="utf-8")
        assert "<script>" not in html and "<img" not in html, path
        page = _Page(html)
        assert "script" not in page.tags and "img" not in page.tags
        assert XSS in page.plain, f"{path}: the text is not shown as text"


@pytest.mark.slow  # starts Chromium
def test_hostile_page_runs_no_script_in_chromium(hostile_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            requests = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto((hostile_site / "pages" / "organization" / "hostile.html").as_uri())
            assert page.title() != "pwned"
            assert page.locator("h1").inner_text() == XSS
            assert page.locator("blockquote").first.inner_text() == XSS
            assert all(url.startswith("file://") for url in requests), requests
        finally:
            browser.close()
