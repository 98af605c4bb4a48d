"""Where a quote is in a stored text is kept between builds (SourceDocument.find, nrwkg.memo) by the
text's digest, the quote and the occurrence: a kept match is the one a fresh look-up gives, and a
changed text is searched again."""

from __future__ import annotations

from rdflib import URIRef

from nrwkg.compile.corpus import SourceDocument
from nrwkg.compile.yamlfile import Entry
from nrwkg.memo import memo


def _document(path, text: str) -> SourceDocument:
    path.write_text(text, encoding="utf-8")
    return SourceDocument(URIRef("https://w3id.org/nrwkg/id/document/a"), path, "", URIRef("https://example.org/t"),
                          "de", "stated", "stated", Entry())


def test_a_kept_match_is_one_of_the_same_text(tmp_path):
    kept = memo("quote-matches")
    first = _document(tmp_path / "a.md", "Die Industrie  in NRW\nwächst. Die Industrie in NRW auch.").find(
        "Industrie in NRW wächst")
    assert first is not None and (first.start, first.exact) == (4, "Industrie  in NRW\nwächst")
    assert first in kept.values()
    again = _document(tmp_path / "b.md", "Die Industrie  in NRW\nwächst. Die Industrie in NRW auch.")
    assert again.find("Industrie in NRW wächst") == first
    assert again.find("Industrie in NRW", 2) == again.matcher.find("Industrie in NRW", 2)
    moved = _document(tmp_path / "c.md", "Heute: Die Industrie in NRW wächst.").find("Industrie in NRW wächst")
    assert moved is not None and (moved.start, moved.exact) == (11, "Industrie in NRW wächst")
    assert _document(tmp_path / "d.md", "Nichts davon.").find("Industrie in NRW") is None
