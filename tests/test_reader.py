"""The document reader (issue 14.1): build/documents/SLUG.html for every source document.

The full text is there, laid out (headings, paragraphs, lists; emphasis as formatting, never as
`**`); every evidence passage has the anchor `#q-START-END` exactly once and is highlighted; each
passage lists the facts it supports with links to their entities; the metadata says what is known
and what is not. Every evidence link of views, entity pages, timeline and API opens a passage that
exists. Checked on the files and in a real Chromium.
"""

# ruff: noqa: F811  (the browser fixture from tests.browser)
from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from nrwkg.compile.quotes import display
from tests.browser import browser, needs_chromium  # noqa: F401  (a fixture)

CORPUS = Path(__file__).resolve().parents[1] / "graph" / "corpus"
LOI = "https://w3id.org/nrwkg/id/document/loi-zukunftsdialog-industrie"


class _Reader(HTMLParser):
    """Ids, links, the text of the article and the text under each passage's highlights."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.article: list[str] = []
        self.marked: dict[str, list[str]] = {}
        self._in_article = 0
        self._marks: list[list[str]] = []
        self.tags: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "article":
            self._in_article += 1
        if self._in_article:
            self.tags.append(tag)
        if tag == "mark":
            self._marks.append(attrs.get("data-p", "").split())

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1
        if tag == "mark" and self._marks:
            self._marks.pop()

    def handle_data(self, data):
        if self._in_article:
            self.article.append(data)
            for ids in self._marks:
                for pid in ids:
                    self.marked.setdefault(pid, []).append(data)


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u2013]+", "", display(text))


def _documents() -> list[dict]:
    return yaml.safe_load((CORPUS / "documents.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def evidence(built):
    """document IRI → {(start, end)} of every evidence passage in the build."""
    from nrwkg.network import network_query
    from nrwkg.store import open_store

    found: dict[str, set[tuple[int, int]]] = {}
    for s in open_store(built).query(network_query("evidence")):
        found.setdefault(s["document"].value, set()).add((int(s["start"].value), int(s["end"].value)))
    return found


def _reader(built: Path, slug: str) -> _Reader:
    return _Reader((built / "documents" / f"{slug}.html").read_text(encoding="utf-8"))


def test_every_document_has_a_reader_with_every_passage_anchored_once_and_highlighted(built, evidence):
    for doc in _documents():
        slug = doc["id"].split(":", 1)[1]
        iri = f"https://w3id.org/nrwkg/id/document/{slug}"
        text = (CORPUS / doc["file"]).read_text(encoding="utf-8")
        page = _reader(built, slug)
        for start, end in evidence.get(iri, ()):
            pid = f"q-{start}-{end}"
            assert page.ids.count(pid) == 1, f"{slug}: anchor {pid} appears {page.ids.count(pid)} times"
            # the highlighted runs of the passage read as the stored quote does
            # (list items are separate elements: compare without spaces and item dashes)
            assert _squeeze(" ".join(page.marked.get(pid, []))) == _squeeze(text[start:end]), f"{slug} {pid}"
        # the whole text is on the page: every word of the stored text, none of its Markdown
        shown = display("".join(page.article))
        assert "**" not in "".join(page.article)
        words = [w for w in display(text).split() if w.strip("-–")]  # rules (---) and item dashes aside
        assert [w for w in shown.split() if w.strip("-–")] == words, slug


def test_layout_gives_headings_lists_and_emphasis(built):
    page = _reader(built, "loi-zukunftsdialog-industrie")
    # 002: "## Letter of Intent …", "### **Zukunftsdialog Industrie: …**", a list of four "- " items
    assert "h3" in page.tags and "h4" in page.tags
    assert page.tags.count("li") >= 4 and "ul" in page.tags
    assert "strong" in page.tags
    leitbild = _reader(built, "industriepolitisches-leitbild-2025")
    assert "sub" in leitbild.tags or "strong" in leitbild.tags


def test_metadata_says_what_is_known_and_what_is_not(built):
    for doc in _documents():
        slug = doc["id"].split(":", 1)[1]
        html = (built / "documents" / f"{slug}.html").read_text(encoding="utf-8")
        plain = unescape(re.sub(r"<[^>]+>", " ", html))
        assert doc["sha256"] in plain and doc["file"] in plain
        if doc.get("date") == "unknown":
            assert re.search(r"Datum / date\s+unbekannt / unknown", plain), slug
        if doc.get("author") == "unknown":  # the text names no author: unknown, or inferred and said so
            assert re.search(r"Verfasser / author\s+(unbekannt / unknown|[^\n]*\(erschlossen / inferred)", plain), slug
        # where and when the text was retrieved is not recorded in the corpus: said so, not invented
        assert re.search(r"Quelle / source address\s+nicht erfasst / not recorded", plain), slug
    loi = unescape(re.sub(r"<[^>]+>", " ", (built / "documents" / "loi-zukunftsdialog-industrie.html")
                          .read_text(encoding="utf-8")))
    assert re.search(r"Datum / date\s+20\. Januar 2023", loi)  # "Düsseldorf, den 20. Januar 2023"
    plan = (built / "documents" / "sieben-punkte-plan-industrie.html").read_text(encoding="utf-8")
    assert "erschlossen / inferred" in plan  # the plan's author is inferred, and says so


def test_each_passage_lists_the_facts_it_supports_with_links(built):
    page = _reader(built, "loi-zukunftsdialog-industrie")
    html = (built / "documents" / "loi-zukunftsdialog-industrie.html").read_text(encoding="utf-8")
    block = re.search(r'<div class="passage-facts" id="facts-(q-\d+-\d+)"[^>]*>\s*<p><a href="#q-\d+-\d+">'
                      r"[^<]*</a>: „Mona Neubaur MdL Ministerin.*?</div>", html, re.DOTALL)
    assert block, "the signature of Mona Neubaur is a passage with its facts"
    assert '../pages/person/mona-neubaur.html' in block.group(0)
    assert '../pages/agreement/loi-zukunftsdialog-industrie.html' in block.group(0)
    assert page.ids.count("facts-" + block.group(1)) == 1


def _resolves(built: Path, source: Path, link: str) -> bool:
    target, _, fragment = link.partition("#")
    path = (source.parent / target).resolve()
    if not path.is_file():
        return False
    return not fragment or f'id="{fragment}"' in path.read_text(encoding="utf-8")


def test_every_evidence_link_opens_its_passage(built):
    links = 0
    # entity pages
    for path in sorted((built / "pages").rglob("*.html")):
        for link in re.findall(r'href="([^"]*documents/[^"]*#q-\d+-\d+)"', path.read_text(encoding="utf-8")):
            links += 1
            assert _resolves(built, path, link), f"{path}: {link}"
    # the timeline
    timeline = built / "views" / "timeline.html"
    for link in re.findall(r'href="([^"]*#q-\d+-\d+)"', timeline.read_text(encoding="utf-8")):
        links += 1
        assert _resolves(built, timeline, link), link
    # the views' evidence (the page script links root + url)
    view = built / "views" / "actors.html"
    data = json.loads(re.search(r'id="nrwkg-data">(.*?)</script>', view.read_text(encoding="utf-8"),
                                re.DOTALL).group(1))
    for edge in data["edges"]:
        for ev in edge["nrwkg"]["evidence"]:
            links += 1
            assert ev["url"] == f"documents/{ev['document'].rsplit('/', 1)[1]}.html#q-{ev['start']}-{ev['end']}"
            assert _resolves(built, built / "index.html", ev["url"])
    assert links > 100


@pytest.mark.slow  # starts Chromium
@needs_chromium
def test_reader_in_chromium_shows_the_facts_of_the_passage_opened_and_clicked(built, evidence, browser):
    start, end = min(evidence[LOI])
    url = (built / "documents" / "loi-zukunftsdialog-industrie.html").resolve().as_uri()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{url}#q-{start}-{end}")
    page.wait_for_function("() => window.nrwkgReader && window.nrwkgReader.shown.length > 0",
                           timeout=20_000)
    assert page.evaluate("() => window.nrwkgReader.shown") == [f"q-{start}-{end}"]
    assert page.locator("#facts-body a").count() > 0
    assert page.locator("mark.current").count() > 0
    # click the signature of Daniela Jansen: its facts replace the panel
    page.locator("article.text mark", has_text="Daniela Jansen").first.click()
    page.wait_for_function("() => window.nrwkgReader.shown.length > 0 && "
                           f"window.nrwkgReader.shown[0] !== 'q-{start}-{end}'", timeout=20_000)
    assert "daniela-jansen.html" in page.locator("#facts-body").inner_html()
    # uncovered sentences on demand
    page.locator("#show-uncovered").check()
    assert page.evaluate("() => document.body.classList.contains('show-uncovered')")
    assert errors == [], errors
    assert all(u.startswith("file://") for u in requests), requests


def test_a_hostile_text_and_labels_are_shown_as_text(tmp_path):
    """A stored text and labels full of markup stay text in the reader (autoescaped templates)."""
    from dataclasses import dataclass

    from rdflib import URIRef

    from nrwkg.pages.entities import site_data
    from nrwkg.pages.reader import write_readers
    from tests.test_pages import XSS, _hostile_store

    @dataclass
    class Doc:  # what the reader reads of a compiled SourceDocument
        iri: URIRef
        text: str
        path: Path
        sha256: str = "0" * 64
        language: str = "de"
        type: URIRef = URIRef("https://w3id.org/nrwkg/id/document-type/letter")
        date_status: str = "unknown"
        author_status: str = "unknown"

    text = XSS + "\n\n## **" + XSS + "**\n"
    doc = Doc(URIRef("https://w3id.org/nrwkg/id/document/hostile"), text, tmp_path / "x.txt")
    assert write_readers(site_data(_hostile_store()), [doc], tmp_path) == 1
    html = (tmp_path / "documents" / "hostile.html").read_text(encoding="utf-8")
    assert "<script>document" not in html and "<img" not in html
    page = _Reader(html)
    assert "script" not in page.tags and "img" not in page.tags
    assert XSS in "".join(page.article)
    assert f"q-0-{len(XSS)}" in page.ids  # the hostile store's quote spans the first line
