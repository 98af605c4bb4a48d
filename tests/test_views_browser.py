"""Network views in a real headless Chromium (Debian's, driven by Playwright).

Each view of the bundled corpus must load with no console error and no request that leaves the
folder, draw on its canvas, have as many nodes and edges as the SPARQL selection over the store
(tests/views_sparql.py), and show the evidence when an edge is clicked. A screenshot of each is
saved under BUILD/screenshots/. A hostile dataset checks that labels cannot inject markup.
"""

# ruff: noqa: F811  (the browser fixture from tests.browser)
from __future__ import annotations

import http.server
import json
import threading
import time
from functools import partial
from pathlib import Path

import pytest

from tests import views_sparql
from tests.browser import browser, needs_chromium  # noqa: F401  (a fixture)

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(2)</script>"

pytestmark = [pytest.mark.slow, needs_chromium]  # starts Chromium


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def store(built):
    from nrwkg.store import open_store

    return open_store(built)


class Visit:
    """A page opened in a fresh context, with every request, console error and dialog recorded."""

    def __init__(self, browser, url: str, bypass_csp: bool = False):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)
        self.page.goto(url)

    def wait(self, expression: str, timeout: float = 30.0):
        """Poll a JavaScript expression from Python (the pages' CSP forbids in-page eval)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.page.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out after {timeout} s waiting for {expression}")

    def close(self):
        self.context.close()


def _screenshot(visit: Visit, built: Path, name: str) -> None:
    visit.page.mouse.move(5, 5)  # no hover tooltip over the picture
    folder = built / "screenshots"
    folder.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(folder / f"{name.replace(':', '--')}.png"))


_PAINTED = """() => {
  const canvas = document.querySelector('#network canvas');
  if (!canvas || !canvas.width || !canvas.height) return 0;
  const ctx = canvas.getContext('2d');
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 0; i < data.length; i += 4 * 97) {
    if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) painted++;
  }
  return painted;
}"""

# Find an edge whose midpoint is on the edge and not on a node, and where it is on screen.
_CLICKABLE_EDGE = """() => {
  const net = window.nrwkgNetwork;
  const data = JSON.parse(document.getElementById('nrwkg-data').textContent);
  const box = document.querySelector('#network').getBoundingClientRect();
  const edges = data.edges.filter(e => !e.smooth);
  for (const e of edges) {
    const p = net.getPositions([e.from, e.to]);
    const mid = net.canvasToDOM({x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2});
    if (mid.x < 5 || mid.y < 5 || mid.x > box.width - 5 || mid.y > box.height - 5) continue;
    if (net.getNodeAt(mid) !== undefined || net.getEdgeAt(mid) !== e.id) continue;
    return {id: e.id, x: box.left + mid.x, y: box.top + mid.y};
  }
  return null;
}"""

_SELECTED_EDGE = """() => {
  const id = window.nrwkgNetwork.getSelectedEdges()[0];
  const e = JSON.parse(document.getElementById('nrwkg-data').textContent).edges.find(x => x.id === id);
  return {relation: e.nrwkg.relation, quotes: e.nrwkg.evidence.map(v => v.quote)};
}"""


def _check_view(
    browser, built: Path, path: Path, name: str, expected: tuple[set, set] | None, focus: bool = False
) -> Visit:
    """Open a view; check offline, no error, drawn, counts, evidence on edge click; save a screenshot.
    With `focus`, the view must open on the details of the entity it is about (an ego view)."""
    visit = Visit(browser, path.resolve().as_uri())
    try:
        view = visit.wait("window.nrwkgView && window.nrwkgView.drawn ? window.nrwkgView : null")
        if focus:
            assert visit.page.locator("#details h2").inner_text() == visit.page.locator("h1").inner_text()
            _screenshot(visit, built, name)
        assert visit.page.evaluate(_PAINTED) > 20, f"{name}: nothing drawn on the canvas"
        if expected is not None:
            nodes, edges = expected
            shown, more = _bounded_counts(edges)
            assert (view["nodes"], view["edges"]) == (len(nodes), shown), f"{name}: counts differ from SPARQL"
            meta = json.loads(visit.page.locator("#nrwkg-data").text_content())["meta"]
            assert meta.get("pair_edges_more", 0) == more, f"{name}: edges left out differ from SPARQL"
            assert visit.page.locator("#pair-edges-more").count() == (1 if more else 0), name
        if view["edges"]:
            edge = visit.page.evaluate(_CLICKABLE_EDGE)
            assert edge, f"{name}: no edge could be clicked"
            visit.page.mouse.click(edge["x"], edge["y"])
            details = visit.page.locator("#details")
            assert details.is_visible() and details.get_attribute("data-kind") == "edge", name
            clicked = visit.page.evaluate(_SELECTED_EDGE)  # where edges cross, vis may pick a neighbour
            text = " ".join(details.inner_text().split())
            assert clicked["relation"] in text and "Beleg" in text, name
            for quote in clicked["quotes"]:
                assert " ".join(quote.split())[:60] in text, f"{name}: quote not shown"
            assert clicked["quotes"] or "Keine Belegstelle" in text
        if not focus:
            _screenshot(visit, built, name)
        assert not visit.errors, f"{name}: console errors {visit.errors}"
        assert all(u.startswith("file://") for u in visit.requests), f"{name}: {visit.requests}"
        return visit
    except BaseException:
        visit.close()
        raise


def _bounded_counts(edges: set[tuple[str, str, str]]) -> tuple[int, int]:
    """(edges a view shows, edges it leaves out) of a SPARQL selection's edges: at most
    PAIR_EDGE_LIMIT between two nodes, either direction (nrwkg.views.select.bound_pairs)."""
    from collections import Counter

    from nrwkg.views import PAIR_EDGE_LIMIT

    pairs = Counter(frozenset((s, o)) for s, _, o in edges)
    return (sum(min(c, PAIR_EDGE_LIMIT) for c in pairs.values()),
            sum(max(c - PAIR_EDGE_LIMIT, 0) for c in pairs.values()))


def _network(built):
    from nrwkg.network import build_network
    from nrwkg.store import open_store

    return build_network(open_store(built))


# --------------------------------------------------------------------------- the bundled corpus


@pytest.mark.parametrize("name", ["all", "actors", "policy"])
def test_main_view_loads_offline_counts_match_sparql_and_edges_show_evidence(browser, built, store, name):
    expected = views_sparql.selection(store, name)
    _check_view(browser, built, built / "views" / f"{name}.html", name, expected).close()


def test_each_document_view(browser, built, store):
    documents = sorted((built / "views" / "document").glob("*.html"))
    assert documents
    for path in documents:
        doc = f"https://w3id.org/nrwkg/id/document/{path.stem}"
        expected = views_sparql.selection(store, "document", doc=doc)
        _check_view(browser, built, path, f"document-{path.stem}", expected).close()


def test_ego_views_of_a_sample_of_entities(browser, built, store):
    from nrwkg.views import EGO_LIMIT

    net = _network(built)
    by_degree = sorted(net, key=lambda n: (-net.degree(n), n))
    sample = by_degree[:4] + by_degree[len(by_degree) // 2 :: max(1, len(by_degree) // 8)][:6]
    for iri in sample:
        kind, slug = iri.split("/id/", 1)[1].split("/")
        expected = views_sparql.selection(store, "ego", center=iri)
        cut = len(expected[0]) - 1 > EGO_LIMIT  # a hub's view shows its closest neighbours only
        path = built / "views" / "ego" / kind / f"{slug}.html"
        visit = _check_view(browser, built, path, f"ego-{kind}-{slug}", None if cut else expected, focus=True)
        try:
            if cut:
                assert visit.page.evaluate("window.nrwkgView.nodes") == EGO_LIMIT + 1, slug
                assert visit.page.locator("#neighbours-more").is_visible(), slug
        finally:
            visit.close()


def test_node_click_shows_type_aliases_identifier_documents_and_links(browser, built):
    visit = _check_view(browser, built, built / "views" / "all.html", "all", None)
    try:
        data = json.loads(visit.page.locator("#nrwkg-data").text_content())
        candidates = [n for n in data["nodes"] if n["nrwkg"]["wikidata"] and n["nrwkg"]["documents"]]
        assert candidates, "the corpus has entities with a Wikidata id mentioned in documents"
        node = max(candidates, key=lambda n: len(n["nrwkg"]["aliases"]))
        visit.page.evaluate(
            "id => { const net = window.nrwkgNetwork; net.focus(id, {scale: 1.5, animation: false}); }",
            node["id"],
        )
        point = visit.page.evaluate(
            """id => { const net = window.nrwkgNetwork; const p = net.getPositions([id])[id];
            const d = net.canvasToDOM(p);
            const box = document.querySelector('#network').getBoundingClientRect();
            return {x: box.left + d.x, y: box.top + d.y}; }""",
            node["id"],
        )
        visit.page.mouse.click(point["x"], point["y"])
        details = visit.page.locator("#details")
        assert details.get_attribute("data-kind") == "node"
        assert details.locator("h2").inner_text() == node["nrwkg"]["label"]
        text = details.inner_text()
        assert node["nrwkg"]["type"] in text
        for alias in node["nrwkg"]["aliases"]:
            assert alias in text
        wikidata = details.locator("a[href^='https://www.wikidata.org/wiki/Q']")
        assert wikidata.count() == 1 and wikidata.get_attribute("href") == node["nrwkg"]["wikidata"]
        for iri in node["nrwkg"]["documents"]:
            assert data["meta"]["documents"][iri]["title"] in text
        kind, slug = node["nrwkg"]["iri"].split("/id/", 1)[1].split("/")
        hrefs = details.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert f"../pages/{kind}/{slug}.html" in hrefs and f"../views/ego/{kind}/{slug}.html" in hrefs
        assert (built / "views" / "ego" / kind / f"{slug}.html").is_file()
    finally:
        visit.close()


def test_search_finds_a_node_and_the_legend_filters_by_type(browser, built):
    visit = _check_view(browser, built, built / "views" / "actors.html", "actors", None)
    try:
        data = json.loads(visit.page.locator("#nrwkg-data").text_content())
        target = next(n for n in data["nodes"] if n["nrwkg"]["group"] == "union")
        visit.page.fill("#search", target["nrwkg"]["label"][:12])
        visit.page.locator("#search-results button", has_text=target["nrwkg"]["label"]).first.click()
        assert visit.page.locator("#details h2").inner_text() == target["nrwkg"]["label"]
        group_count = sum(1 for n in data["nodes"] if n["nrwkg"]["group"] == "union")
        visit.page.locator("#legend-groups label", has_text="Gewerkschaften").locator("input").uncheck()
        hidden = visit.page.evaluate(
            "window.nrwkgNetwork.body.data.nodes.get({filter: n => n.hidden}).length"
        )
        assert hidden == group_count
        visit.page.locator("#legend-groups label", has_text="Gewerkschaften").locator("input").check()
        assert (
            visit.page.evaluate("window.nrwkgNetwork.body.data.nodes.get({filter: n => n.hidden}).length")
            == 0
        )
    finally:
        visit.close()


def test_timeline_lists_every_dated_thing(browser, built, store):
    query = (
        views_sparql.PREFIXES
        + """
    SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?x ?p ?d WHERE {
      VALUES ?p { nrw:date nrw:deadline } ?x ?p ?d .
      GRAPH ?g { ?x a ?c } FILTER(STRSTARTS(STR(?c), STR(nrw:)))
      FILTER(?g != <https://w3id.org/nrwkg/graph/entailed>) } }"""
    )
    expected = int(next(iter(store.query(query)))["n"].value)
    visit = Visit(browser, (built / "views" / "timeline.html").resolve().as_uri())
    try:
        view = visit.wait("window.nrwkgView")
        assert view["items"] == expected > 0
        assert visit.page.locator("svg.timeline-axis circle").count() == expected
        assert visit.page.locator("li.tl-item blockquote").count() >= 1, (
            "entries show the sentence that dates them"
        )
        _screenshot(visit, built, "timeline")
        assert not visit.errors and all(u.startswith("file://") for u in visit.requests)
    finally:
        visit.close()


def test_index_links_every_view_and_loads_offline(browser, built):
    visit = Visit(browser, (built / "index.html").resolve().as_uri())
    try:
        hrefs = visit.page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        views = [h for h in hrefs if h.startswith("views/")]
        assert {"views/all.html", "views/actors.html", "views/policy.html", "views/timeline.html"} <= set(
            views
        )
        assert all((built / h).is_file() for h in views)
        assert len([h for h in views if h.startswith("views/ego/")]) == len(
            list((built / "views" / "ego").rglob("*.html"))
        )
        _screenshot(visit, built, "index")
        assert not visit.errors and all(u.startswith("file://") for u in visit.requests)
    finally:
        visit.close()


def test_views_served_over_http_request_nothing_from_elsewhere(browser, built):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(built))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        origin = f"http://127.0.0.1:{server.server_address[1]}/"
        visit = Visit(browser, origin + "views/policy.html")
        try:
            visit.wait("window.nrwkgView && window.nrwkgView.drawn")
            assert visit.requests and all(u.startswith(origin) for u in visit.requests), visit.requests
            assert not visit.errors
        finally:
            visit.close()
    finally:
        server.shutdown()
        server.server_close()


def test_ego_view_written_outside_the_build_works_alone(browser, built, store, tmp_path):
    from nrwkg.views import write_ego

    net = _network(built)
    center = max(net, key=lambda n: (net.degree(n), n))
    out = write_ego(built, net.nodes[center]["curie"], 1, tmp_path / "x" / "ego.html")
    visit = _check_view(
        browser, built, out, "ego-outside-build", views_sparql.selection(store, "ego", center=center)
    )
    try:
        assert visit.requests == [out.resolve().as_uri()], "libraries inline: the page is the only request"
    finally:
        visit.close()


# --------------------------------------------------------------------------- hostile labels


def _hostile_dataset():
    """Labels, titles, aliases, quotes and identifiers that try to inject markup or script."""
    from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef

    from nrwkg.namespaces import DCTERMS, GRAPH_EVIDENCE, GRAPH_ONTOLOGY, GRAPH_REGISTRY, NRW, SKOS
    from nrwkg.serialize import to_nquads

    def iri(kind: str, slug: str) -> URIRef:
        return URIRef(f"https://w3id.org/nrwkg/id/{kind}/{slug}")

    doc, img, script = iri("document", "hostile"), iri("organization", "img"), iri("organization", "script")
    event = iri("event", "hostile")
    ds = Dataset(default_union=False)
    reg = ds.graph(GRAPH_REGISTRY)
    for t in [
        (img, RDF.type, NRW.Ministry),
        (img, SKOS.prefLabel, Literal(XSS_IMG, lang="de")),
        (img, SKOS.altLabel, Literal('"><svg onload=alert(3)>', lang="de")),
        (img, NRW.wikidata, URIRef("javascript:alert(4)")),
        (script, RDF.type, NRW.TradeUnion),
        (script, SKOS.prefLabel, Literal(XSS_SCRIPT, lang="de")),
        (doc, RDF.type, NRW.Document),
        (doc, DCTERMS.title, Literal("</title><script>alert(5)</script>", lang="de")),
        (doc, NRW.date, Literal("2024-01-31", datatype=XSD.date)),
        (event, RDF.type, NRW.Event),
        (event, RDFS.label, Literal("<iframe src=javascript:alert(6)>", lang="de")),
        (event, NRW.date, Literal("2024-02-01", datatype=XSD.date)),
    ]:
        reg.add(t)
    ds.graph(doc).add((img, NRW.partner, script))
    ds.graph(doc).add((event, NRW.participant, img))
    ds.graph(GRAPH_ONTOLOGY).add(
        (NRW.partner, RDFS.label, Literal("<b onmouseover=alert(7)>Partner</b>", lang="de"))
    )
    ds.graph(GRAPH_ONTOLOGY).add((NRW.Ministry, RDFS.label, Literal("<u>Ministerium</u>", lang="de")))
    ev = ds.graph(GRAPH_EVIDENCE)
    quote = f"{XSS_IMG} & {XSS_SCRIPT}"
    for n, triple in enumerate([(img, NRW.partner, script), (event, NRW.participant, img)]):
        for t in _annotation(f"https://w3id.org/nrwkg/id/annotation/hostile/s{n}", doc, quote, 0, triple):
            ev.add(t)
    return to_nquads(ds)


def _annotation(ann: str, doc, quote: str, start: int, triple) -> list:
    """The evidence triples of one quote (at `start` in `doc`) behind `triple`, as the build writes them."""
    from rdflib import RDF, XSD, Literal, URIRef

    from nrwkg.namespaces import OA

    target, sel, pos, body = (URIRef(f"{ann}/{x}") for x in ("target", "quote", "position", "statement"))
    s, p, o = triple
    return [
        (URIRef(ann), OA.hasTarget, target), (URIRef(ann), OA.hasBody, body),
        (target, OA.hasSource, doc), (target, OA.hasSelector, sel), (target, OA.hasSelector, pos),
        (sel, RDF.type, OA.TextQuoteSelector), (sel, OA.exact, Literal(quote)),
        (pos, RDF.type, OA.TextPositionSelector),
        (pos, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)),
        (pos, OA.end, Literal(start + len(quote), datatype=XSD.nonNegativeInteger)),
        (body, RDF.subject, s), (body, RDF.predicate, p), (body, RDF.object, o),
    ]


def _views_of(nquads: str, folder: Path, pages: bool = True) -> Path:
    """A folder with a store of `nquads`, the entity pages (unless `pages` is false) and the views
    written from them, as a build writes them."""
    from nrwkg.pages.entities import write_entity_pages
    from nrwkg.store import STORE_DIR, store_from_nquads
    from nrwkg.views import write_views

    store = store_from_nquads(nquads, folder / STORE_DIR)
    if pages:
        write_entity_pages(store, folder)
    del store
    write_views(None, folder)
    return folder


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    return _views_of(_hostile_dataset(), tmp_path_factory.mktemp("hostile-views"), pages=False)


_EVENT_HANDLERS = """() => [...document.querySelectorAll('*')].filter(
    e => [...e.attributes].some(a => a.name.startsWith('on'))).map(e => e.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("bypass_csp", [True, False], ids=["escaping-alone", "with-csp"])
def test_hostile_labels_show_as_text_and_run_nothing(browser, hostile_build, bypass_csp):
    pages = [
        hostile_build / "views" / "all.html",
        hostile_build / "views" / "ego" / "organization" / "img.html",
        hostile_build / "views" / "ego" / "organization" / "script.html",
        hostile_build / "views" / "document" / "hostile.html",
        hostile_build / "views" / "timeline.html",
        hostile_build / "index.html",
    ]
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        assert XSS_IMG not in raw and "<script>alert" not in raw and "<iframe" not in raw, path
        visit = Visit(browser, path.resolve().as_uri(), bypass_csp=bypass_csp)
        try:
            if "views/" in path.as_posix() and "timeline" not in path.name:
                visit.wait("window.nrwkgView && window.nrwkgView.drawn")
                visit.page.evaluate(
                    "() => { const v = window.nrwkgView; "
                    "v.showNode('organization:img'); v.showEdge('e0'); v.showNode('organization:script'); }"
                )
            body = visit.page.locator("body").inner_text()
            assert visit.page.locator("img, iframe, svg[onload], b, u").count() == 0, path
            assert visit.page.evaluate(_EVENT_HANDLERS) == [], path
            assert visit.dialogs == [], f"{path}: a script ran: {visit.dialogs}"
            assert visit.page.evaluate("document.scripts.length") <= 3, path
            if path.name == "img.html":
                assert visit.page.locator("h1").inner_text() == XSS_IMG
                assert visit.page.title().startswith(XSS_IMG)
            if path.name in ("all.html", "img.html", "script.html"):
                assert XSS_SCRIPT in body, f"{path}: the label is not shown literally"
            if path.name == "timeline.html":
                assert "<iframe src=javascript:alert(6)>" in body
                assert "</title><script>alert(5)</script>" in body
            assert all(u.startswith("file://") for u in visit.requests), visit.requests
        finally:
            visit.close()


# --------------------------------------------------------------------------- a long evidence list

_QUOTES = [f"Beleg Nummer {n:02d}: die Partner arbeiten zusammen." for n in range(13)]


def _crowded_dataset():
    """One fact (a is partner of b) backed by 13 quotes: more than a popup lists."""
    from rdflib import RDF, Dataset, Literal, URIRef

    from nrwkg.namespaces import DCTERMS, GRAPH_EVIDENCE, GRAPH_REGISTRY, NRW, SKOS
    from nrwkg.serialize import to_nquads

    def iri(kind: str, slug: str) -> URIRef:
        return URIRef(f"https://w3id.org/nrwkg/id/{kind}/{slug}")

    doc, a, b = iri("document", "crowded"), iri("organization", "a"), iri("organization", "b")
    ds = Dataset(default_union=False)
    reg = ds.graph(GRAPH_REGISTRY)
    for t in [
        (a, RDF.type, NRW.Ministry), (a, SKOS.prefLabel, Literal("Ministerium A", lang="de")),
        (b, RDF.type, NRW.TradeUnion), (b, SKOS.prefLabel, Literal("Gewerkschaft B", lang="de")),
        (doc, RDF.type, NRW.Document), (doc, DCTERMS.title, Literal("Viele Belege", lang="de")),
    ]:
        reg.add(t)
    ds.graph(doc).add((a, NRW.partner, b))
    ev = ds.graph(GRAPH_EVIDENCE)
    for n, quote in enumerate(_QUOTES):
        for t in _annotation(f"https://w3id.org/nrwkg/id/annotation/crowded/s{n}", doc, quote, n * 100,
                             (a, NRW.partner, b)):
            ev.add(t)
    return to_nquads(ds)


@pytest.fixture(scope="module")
def crowded_build(tmp_path_factory) -> Path:
    return _views_of(_crowded_dataset(), tmp_path_factory.mktemp("crowded-views"))


def test_a_popup_shows_ten_of_thirteen_quotes_and_links_to_the_page_with_all(browser, crowded_build):
    visit = Visit(browser, (crowded_build / "views" / "ego" / "organization" / "a.html").resolve().as_uri())
    try:
        visit.wait("window.nrwkgView && window.nrwkgView.drawn")
        edge = visit.page.evaluate("() => JSON.parse(document.getElementById('nrwkg-data').textContent)"
                                   ".edges.find(e => e.from === 'organization:a' && e.to === 'organization:b').id")
        visit.page.evaluate(f"() => window.nrwkgView.showEdge({json.dumps(edge)})")
        details = visit.page.locator("#details")
        text = " ".join(details.inner_text().split())
        assert [q for q in _QUOTES if q in text] == _QUOTES[:10]
        assert "10 von 13 Belegen gezeigt" in text
        rest = details.locator("p.more a")
        assert rest.count() == 1 and rest.inner_text() == "alle im Eintrag „Ministerium A“"
        rest.click()
        visit.wait("document.location.href.endsWith('/pages/organization/a.html')")
        page = visit.page.content()  # the relation's group of 13 quotes starts collapsed
        assert all(q in page for q in _QUOTES), "the entity page lists every quote"
        assert not visit.errors, visit.errors
        assert all(u.startswith("file://") for u in visit.requests), visit.requests
    finally:
        visit.close()


# --------------------------------------------------------------------------- a hub with many neighbours


def _iri(kind: str, slug: str):
    from rdflib import URIRef

    return URIRef(f"https://w3id.org/nrwkg/id/{kind}/{slug}")


def _with_hub(*registered):
    """A dataset whose registry names the ministry organization:hub („Ministerium Mitte“) and
    the triples `registered`: (dataset, registry graph)."""
    from rdflib import RDF, Dataset, Literal

    from nrwkg.namespaces import GRAPH_REGISTRY, NRW, SKOS

    hub = _iri("organization", "hub")
    ds = Dataset(default_union=False)
    reg = ds.graph(GRAPH_REGISTRY)
    for t in [(hub, RDF.type, NRW.Ministry), (hub, SKOS.prefLabel, Literal("Ministerium Mitte", lang="de")),
              *registered]:
        reg.add(t)
    return ds, reg


def _hub_dataset(neighbours: int):
    """One ministry partnering `neighbours` companies, each named in one document."""
    from rdflib import RDF, Literal

    from nrwkg.namespaces import DCTERMS, NRW, SKOS
    from nrwkg.serialize import to_nquads

    iri = _iri
    doc, hub = iri("document", "hub"), iri("organization", "hub")
    ds, reg = _with_hub((doc, RDF.type, NRW.Document), (doc, DCTERMS.title, Literal("Viele Partner", lang="de")))
    for i in range(neighbours):
        company = iri("organization", f"firma-{i:03d}")
        reg.add((company, RDF.type, NRW.Company))
        reg.add((company, SKOS.prefLabel, Literal(f"Firma {i:03d}", lang="de")))
        ds.graph(doc).add((hub, NRW.partner, company))
    return to_nquads(ds)


@pytest.fixture(scope="module")
def hub_build(tmp_path_factory) -> Path:
    from nrwkg.views import EGO_LIMIT

    return _views_of(_hub_dataset(EGO_LIMIT + 5), tmp_path_factory.mktemp("hub-views"))


def test_an_ego_view_of_a_hub_says_how_many_neighbours_it_leaves_out_and_links_to_the_page(browser, hub_build):
    from nrwkg.views import EGO_LIMIT

    visit = Visit(browser, (hub_build / "views" / "ego" / "organization" / "hub.html").resolve().as_uri())
    try:
        view = visit.wait("window.nrwkgView && window.nrwkgView.drawn ? window.nrwkgView : null")
        assert view["nodes"] == EGO_LIMIT + 1 and view["edges"] == EGO_LIMIT
        meta = json.loads(visit.page.locator("#nrwkg-data").text_content())["meta"]
        assert (meta["neighbours_shown"], meta["neighbours_more"]) == (EGO_LIMIT, 5)
        note = visit.page.locator("#neighbours-more")
        assert note.is_visible()
        text = " ".join(note.inner_text().split())
        assert text.startswith(f"{EGO_LIMIT} von {EGO_LIMIT + 5} Nachbarn gezeigt (5 ausgelassen)")
        rest = note.locator("a")
        assert rest.count() == 1 and rest.inner_text() == "alle Beziehungen im Eintrag"
        rest.click()
        visit.wait("document.location.href.endsWith('/pages/organization/hub.html')")
        page = visit.page.content()
        assert all(f"Firma {i:03d}" in page for i in range(EGO_LIMIT + 5)), "the entity page lists every partner"
        assert not visit.errors, visit.errors
        assert all(u.startswith("file://") for u in visit.requests), visit.requests
    finally:
        visit.close()
    # a neighbour's own view is not cut: no note
    visit = Visit(browser, (hub_build / "views" / "ego" / "organization" / "firma-000.html").resolve().as_uri())
    try:
        visit.wait("window.nrwkgView && window.nrwkgView.drawn")
        assert visit.page.locator("#neighbours-more").count() == 0
        assert not visit.errors, visit.errors
    finally:
        visit.close()


# --------------------------------------------------------------------------- many stances on one goal


def _stances_dataset(stances: int):
    """One ministry that commits to one goal in `stances` documents, one stance in each."""
    from rdflib import RDF, RDFS, Literal

    from nrwkg.namespaces import DCTERMS, NRW, SKOS
    from nrwkg.serialize import to_nquads

    iri = _iri
    hub, goal = iri("organization", "hub"), iri("goal", "klima")
    ds, reg = _with_hub((goal, RDF.type, NRW.Goal), (goal, SKOS.prefLabel, Literal("Klimaziel", lang="de")))
    for i in range(stances):
        doc, stance = iri("document", f"plan-{i:02d}"), iri("stance", f"zusage-{i:02d}")
        reg.add((doc, RDF.type, NRW.Document))
        reg.add((doc, DCTERMS.title, Literal(f"Plan {i:02d}", lang="de")))
        said = ds.graph(doc)
        for t in [(stance, RDF.type, NRW.Stance), (stance, NRW.holder, hub), (stance, NRW.object, goal),
                  (stance, NRW.modality, iri("modality", "commits")),
                  (stance, RDFS.label, Literal(f"Zusage {i:02d}", lang="de"))]:
            said.add(t)
    return to_nquads(ds)


@pytest.fixture(scope="module")
def stances_build(tmp_path_factory) -> Path:
    from nrwkg.views import PAIR_EDGE_LIMIT

    return _views_of(_stances_dataset(PAIR_EDGE_LIMIT + 3), tmp_path_factory.mktemp("stances-views"))


@pytest.mark.parametrize("view", ["all.html", "policy.html", "ego/organization/hub.html", "ego/goal/klima.html"])
def test_a_view_shows_ten_edges_between_two_nodes_and_says_how_many_it_leaves_out(browser, stances_build, view):
    from nrwkg.views import PAIR_EDGE_LIMIT

    visit = Visit(browser, (stances_build / "views" / view).resolve().as_uri())
    try:
        shown = visit.wait("window.nrwkgView && window.nrwkgView.drawn ? window.nrwkgView : null")
        documents = PAIR_EDGE_LIMIT + 3 if view == "all.html" else 0  # the whole network has them, unlinked
        assert (shown["nodes"], shown["edges"]) == (2 + documents, PAIR_EDGE_LIMIT)
        data = json.loads(visit.page.locator("#nrwkg-data").text_content())
        assert (data["meta"]["pairs_cut"], data["meta"]["pair_edges_more"]) == (1, 3)
        header = visit.page.locator("#pair-edges-more")
        assert header.is_visible()
        assert " ".join(header.inner_text().split()).startswith(
            f"Zwischen zwei Knoten höchstens {PAIR_EDGE_LIMIT} Beziehungen gezeigt: 3 weitere bei 1 Paar ausgelassen")
        ids = [e["id"] for e in data["edges"]]
        assert all(e["pair"]["more"] == 3 for e in data["edges"])
        visit.page.evaluate("id => window.nrwkgView.showEdge(id)", ids[-1])
        note = visit.page.locator("#details #pair-more")
        assert note.is_visible()
        text = " ".join(note.inner_text().split())
        assert text.startswith(f"{PAIR_EDGE_LIMIT} von {PAIR_EDGE_LIMIT + 3} Beziehungen zwischen „Ministerium Mitte“ "
                               "und „Klimaziel“ gezeigt (3 ausgelassen)"), text
        links = note.locator("a")
        assert links.count() == 2
        hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert [h.rsplit("/", 2)[-2:] for h in hrefs] == [["organization", "hub.html"], ["goal", "klima.html"]]
        links.first.click()
        visit.wait("document.location.href.endsWith('/pages/organization/hub.html')")
        page = visit.page.locator("body").text_content()  # the list of relations is folded
        # the entity page lists all 13 stances on the goal
        assert f"({PAIR_EDGE_LIMIT + 3})" in page and page.count("Klimaziel") >= PAIR_EDGE_LIMIT + 3, page
        assert not visit.errors, visit.errors
        assert all(u.startswith("file://") for u in visit.requests), visit.requests
    finally:
        visit.close()

