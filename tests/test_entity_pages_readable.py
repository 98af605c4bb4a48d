"""Entity pages that read well (issue 14.3): key facts first, each quote once with all the facts it
supports, an inference reason once, long groups collapsed, numbers as people write them, curators'
notes never shown as facts, one language per label set."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import pytest

from nrwkg.html import format_amount


@pytest.mark.parametrize(("value", "unit", "text"), [
    (700_000_000, "EUR", "700 Mio. €"),      # 001: "mit bis zu 700 Mio. Euro Landesmitteln"
    (30_000_000_000, "EUR", "30 Mrd. €"),    # 000: "30 Milliarden Euro"
    (1_500_000_000, "EUR", "1,5 Mrd. €"),
    (40_000_000, "EUR", "40 Mio. €"),        # 003: "Volumen i. H. v. 40 Mio. Euro"
    (2500, "", "2.500"),                     # 001: "Betrieben mit bis zu 2.500 Beschäftigten"
    ("0.01", "", "0,01"),                    # 001: "Mindestsatz von 0,01 ct/kWh"
])
def test_numbers_are_written_as_people_write_them(value, unit, text):
    assert format_amount(value, unit) == text


def _page(built, path: str) -> str:
    return (built / "pages" / path).read_text(encoding="utf-8")


def test_the_hub_page_shows_each_quote_and_each_inference_reason_once(built):
    html = _page(built, "person/mona-neubaur.html")
    # a quote is a passage of a document: its text and its place (the link to it in the reader)
    quotes = Counter(re.findall(r'<blockquote>(.*?)</blockquote>\s*<figcaption><a href="([^"]+)"', html, re.DOTALL))
    assert quotes and max(quotes.values()) == 1, quotes.most_common(1)
    assert len(quotes) == html.count("<blockquote>")
    reasons = re.findall(r'<li id="reason-\d+"[^>]*>(.*?)</li>', html, re.DOTALL)
    assert reasons and len(reasons) == len(set(reasons))
    # the note on how her ministry was inferred was repeated 107 times before (the whole text: two
    # documents give reasons for her MdL post that differ only after their first 80 characters)
    assert sum(html.count(r) for r in reasons) == len(reasons)
    assert re.search(r'<details class="group">', html), "long groups start collapsed"


def test_key_facts_come_first(built):
    html = _page(built, "person/mona-neubaur.html")
    posts = html.index("Ämter / posts")
    signed = html.index("Unterzeichnet / agreements signed")
    relations = html.index("<h2>Beziehungen / relations</h2>")
    assert posts < relations and signed < relations
    key = html[posts:relations]
    assert "Ministerin für Wirtschaft" in unescape(key) and "loi-zukunftsdialog-industrie.html" in key


def test_curators_notes_are_not_shown_as_facts(built):
    html = _page(built, "amount/spp-landesmittel-thyssenkrupp-duisburg.html")
    assert "700 Mio. €" in html
    note = "die höchste Fördersumme in der Geschichte des Landes."  # the skos:note of the amount
    facts, _, rest = html.partition('<details class="notes">')
    assert note not in unescape(re.sub(r"<blockquote>.*?</blockquote>", "", facts, flags=re.DOTALL))
    assert note in unescape(rest)


def test_one_language_per_label_set(built):
    html = _page(built, "organization/mwike.html")
    h1 = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert "Ministerium" in unescape(h1) and "Ministry" not in h1
    assert re.search(r'<details class="lang"><summary>English</summary>', html)
