"""Clean quotes wherever a person reads them (issue 14.2).

The stored texts keep their transcription debris (Markdown `**`, hard line breaks, PDF bullet
glyphs U+F02D, end-of-line hyphens); the quote a person reads never shows it: not in the views,
the entity pages, the timeline, the CSV tables or the API. The stored text stays available
(`quote_exact`, `Evidence.exact`) and the offsets keep pointing into it.
"""

from __future__ import annotations

import csv
import json
import re
from html import unescape
from pathlib import Path

import pytest

from nrwkg.compile.quotes import display

# Debris a reader must never see. An end-of-line hyphen shows up as "letter- lowercase" once the
# line break is gone; "Planungs- und …" (a dropped word) is German, not debris.
_HYPHEN_BREAK = re.compile(r"[^\W\d_]- (?!(?:und|oder|bzw|sowie|als|wie)\b)[a-zäöüß]")


def debris(text: str) -> list[str]:
    found = []
    if "*" in text:
        found.append("emphasis marker *")
    if "\n" in text or "\r" in text:
        found.append("hard line break")
    if re.search(r"[\ue000-\uf8ff\u2022]", text):
        found.append("bullet glyph")
    if "\\" in text:
        found.append("backslash escape")
    if re.search(r"</?(?:sub|sup)>", text):
        found.append("sub/sup tag")
    if _HYPHEN_BREAK.search(text):
        found.append(f"end-of-line hyphen: {_HYPHEN_BREAK.search(text).group(0)!r}")
    if re.match(r"\s*#+\s", text):
        found.append("heading mark")
    return found


# Hand-written from the stored texts of the corpus (graph/corpus/), with what a person should read.
@pytest.mark.parametrize(
    ("stored", "readable"),
    [
        # 002 (Letter of Intent): the signature block, "**" after the name, two spaces and a line break
        ("Daniela Jansen**  \nStv. Vorsitzende des Vorstands  \nZukunft durch Industrie",
         "Daniela Jansen Stv. Vorsitzende des Vorstands Zukunft durch Industrie"),
        # 003 (Leitbild 2025): bold programme name inside a sentence
        ("Das unterstützen wir mit unserem Förderprogramm **„Start-up Transfer“** mit einem Volumen",
         "Das unterstützen wir mit unserem Förderprogramm „Start-up Transfer“ mit einem Volumen"),
        # 001 (seven-point plan, a PDF): hyphenation at a line end inside a word …
        ("Kleine und mittelständische \nUnternehmen sind das verlässliche Zugpferd der nordrhein-\nwestfälischen",
         "Kleine und mittelständische Unternehmen sind das verlässliche Zugpferd der nordrhein-westfälischen"),
        ("Fach-\n\nkräfte", "Fachkräfte"),
        # … a hyphen before a capital stays (a compound), and before "und" it is a dropped word
        ("Das Industrieland Nordrhein-\nWestfalen verfügt", "Das Industrieland Nordrhein-Westfalen verfügt"),
        ("Veränderungs- und \n Sozialpartnerschaft", "Veränderungs- und Sozialpartnerschaft"),
        ("Kraftwerkskapazität (H2-\nready)", "Kraftwerkskapazität (H2-ready)"),
        # 001: a PDF bullet glyph starts a list item
        ("Das heißt konkret: \n\n\uf02d Brückenstrompreis: Die Energiepreisbremsen",
         "Das heißt konkret: – Brückenstrompreis: Die Energiepreisbremsen"),
        # 003: a Markdown list inside a quote
        ("Aber auch bestehende Flächen haben Potenzial:\n\n- Brachflächen reaktivieren\n- Nachverdichtung ermöglichen",
         "Aber auch bestehende Flächen haben Potenzial: – Brachflächen reaktivieren – Nachverdichtung ermöglichen"),
        # 004 (press release): CO<sub>2</sub> and an italic quotation
        ("um unseren CO<sub>2</sub>-Footprint zu verkleinern", "um unseren CO2-Footprint zu verkleinern"),
        ("Pinkwart: „*Nordrhein-Westfalen ist der wichtigste Aluminium-Standort",
         "Pinkwart: „Nordrhein-Westfalen ist der wichtigste Aluminium-Standort"),
        # 002: a heading mark
        ("### **Zukunftsdialog Industrie: Gemeinsam**", "Zukunftsdialog Industrie: Gemeinsam"),
    ],
)
def test_display_gives_the_text_a_person_reads(stored, readable):
    assert display(stored) == readable
    assert debris(readable) == []


def test_display_keeps_every_word_of_the_quote():
    stored = "Ansprechpartner:**\n\n**Tim Stappen**\n\nAluminium Deutschland e. V. (AD)"
    assert display(stored) == "Ansprechpartner: Tim Stappen Aluminium Deutschland e. V. (AD)"


# --------------------------------------------------------------------------- every quote of the build

@pytest.fixture(scope="module")
def stored_texts(built):
    from nrwkg.store import open_store

    store = open_store(built)
    query = """PREFIX nrw: <https://w3id.org/nrwkg/ontology#>
    SELECT ?d ?f WHERE { GRAPH <https://w3id.org/nrwkg/graph/registry> { ?d nrw:fileName ?f } }"""
    corpus = Path(__file__).resolve().parents[1] / "graph" / "corpus"
    return {s["d"].value: (corpus / s["f"].value).read_text(encoding="utf-8") for s in store.query(query)}


def test_every_quote_in_the_views_is_clean_and_its_offsets_point_into_the_stored_text(built, stored_texts):
    seen = 0
    for path in sorted((built / "views").rglob("*.html")):
        block = re.search(r'<script type="application/json" id="nrwkg-data">(.*?)</script>',
                          path.read_text(encoding="utf-8"), re.DOTALL)
        if not block:
            continue
        for edge in json.loads(block.group(1))["edges"]:
            for ev in edge["nrwkg"]["evidence"]:
                seen += 1
                assert debris(ev["quote"]) == [], f"{path.name}: {ev['quote']!r}"
                assert stored_texts[ev["document"]][ev["start"]:ev["end"]] == ev["exact"]
                assert ev["quote"] == display(ev["exact"])
    assert seen > 0


def test_every_quote_in_the_csv_tables_is_clean_and_the_stored_text_is_beside_it(built, stored_texts):
    folder = built / "export" / "csv"
    tables = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        if not rows or "quote" not in rows[0]:
            continue
        tables += 1
        assert "quote_exact" in rows[0], path.name
        for row in rows:
            assert debris(row["quote"]) == [], f"{path.name}: {row['quote']!r}"
            assert row["quote"] == display(row["quote_exact"])
            if path.name == "relations.csv" and row["quote_exact"]:
                text = stored_texts[row["document"]]
                assert text[int(row["start"]):int(row["end"])] == row["quote_exact"]
    assert tables >= 2  # relations.csv and at least one query table


def test_every_quote_on_the_entity_pages_and_the_timeline_is_clean(built):
    quotes = 0
    for path in [*sorted((built / "pages").rglob("*.html")), built / "views" / "timeline.html"]:
        for raw in re.findall(r"<blockquote>(.*?)</blockquote>", path.read_text(encoding="utf-8"), re.DOTALL):
            quotes += 1
            text = unescape(raw)
            assert debris(text) == [], f"{path}: {text!r}"
    assert quotes > 0


def test_the_api_gives_the_readable_text_and_the_stored_one(built, stored_texts):
    from nrwkg.api import Graph

    graph = Graph.load(built)
    found = graph.evidence("agreement:loi-zukunftsdialog-industrie", "nrw:signatory", "person:daniela-jansen")
    assert found
    for ev in found:
        assert "**" in ev.exact and "**" not in ev.text  # the stored signature block has "Daniela Jansen**"
        assert ev.text.startswith("Daniela Jansen Stv. Vorsitzende")
        assert stored_texts["https://w3id.org/nrwkg/id/document/loi-zukunftsdialog-industrie"][ev.start:ev.end] \
            == ev.exact
        assert ev.url == f"documents/loi-zukunftsdialog-industrie.html#q-{ev.start}-{ev.end}"
