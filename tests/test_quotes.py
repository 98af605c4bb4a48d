"""Quote matching: tolerant of PDF line breaks, hyphenation and glyphs; offsets into the stored text."""

import random
import re
from pathlib import Path

import pytest

from nrwkg.compile.quotes import NormalisedText, normalise

CORPUS = Path(__file__).resolve().parents[1] / "graph" / "corpus"


@pytest.fixture(scope="module")
def plan() -> NormalisedText:
    return NormalisedText((CORPUS / "001_4dc5cea5d242827b.txt").read_text(encoding="utf-8"))


def test_quote_across_line_break_and_compound_hyphen(plan):
    m = plan.find("Sieben-Punkte-Plan zur Industriepolitik")
    assert m is not None
    assert m.exact == "Sieben-Punkte-\n\nPlan zur Industriepolitik"
    assert plan.text[m.start:m.end] == m.exact


def test_quote_with_syllable_hyphenation_written_without_hyphen():
    text = NormalisedText((CORPUS / "003_a579cb60607384c4.txt").read_text(encoding="utf-8"))
    m = text.find("gezielte Investitionen in Bildung und Fachkräfte")
    assert m is not None and "Fach-\n\nkräfte" in m.exact


def test_bullet_glyph_and_line_breaks_are_ignored(plan):
    # the stored text has U+F02D before "Brückenstrompreis" and a line break inside the sentence
    m = plan.find("Brückenstrompreis: Die Energiepreisbremsen waren ein wirksames Instrument in der akuten Krise.")
    assert m is not None
    assert m.exact.startswith("Brückenstrompreis") and "\n" in m.exact


def test_markdown_emphasis_and_escapes_are_tolerated():
    text = NormalisedText((CORPUS / "004_5b5d792fa9a11b03.txt").read_text(encoding="utf-8"))
    m = text.find("der Arbeitnehmer*innenvertretung und der Industrie")
    assert m is not None and "\\*" in m.exact
    assert text.find("unseren CO2-Footprint zu verkleinern") is not None


def test_prefix_and_suffix_surround_the_quote(plan):
    m = plan.find("bis zu 700 Mio. Euro Landesmitteln")
    assert plan.text[m.start - len(m.prefix):m.start] == m.prefix
    assert plan.text[m.end:m.end + len(m.suffix)] == m.suffix
    assert len(m.prefix) == 32 and len(m.suffix) == 32


def test_missing_quote_and_occurrences(plan):
    assert plan.find("Dieser Satz steht nirgends im Text.") is None
    assert plan.count("Nordrhein-Westfalen") > 3
    first, second = plan.find("Nordrhein-Westfalen"), plan.find("Nordrhein-Westfalen", occurrence=2)
    assert first.start < second.start


def test_a_word_is_not_matched_inside_another_with_a_hyphen_gap(plan):
    # tolerance is for hyphens only: letters may not be skipped
    assert plan.find("Brückenstrompreise von 6 Cent") is None


def _reference(quote: str) -> re.Pattern[str]:
    """The matching rule written as a regular expression: the quote's characters, with an optional
    hyphen between two letters."""
    parts = []
    for k, ch in enumerate(quote):
        parts.append(re.escape(ch))
        if ch.isalpha() and quote[k + 1:k + 2].isalpha():
            parts.append("-?")
    return re.compile("".join(parts))


def test_matches_follow_the_rule_on_generated_texts():
    # letters, hyphens (single and doubled), digits, a non-letter numeral, spaces: every case the
    # matcher (which compiles no pattern) tells apart
    rng = random.Random(7)
    alphabet = "aab--- -1.Äß_²"
    for _ in range(5_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        quote = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
        wanted = normalise(quote)[0].strip()
        if not wanted:
            continue
        normalised, index = normalise(text)
        spans = [m.span() for m in _reference(wanted).finditer(normalised)]
        matcher = NormalisedText(text)
        assert matcher.count(quote) == len(spans), (text, quote)
        for occurrence, (a, b) in enumerate(spans, start=1):
            found = matcher.find(quote, occurrence)
            assert found is not None and (found.start, found.end) == (index[a], index[b - 1] + 1), (text, quote)
