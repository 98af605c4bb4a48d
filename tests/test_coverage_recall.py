"""`nrwkg coverage` reports fact recall beside sentence coverage (curation audit 2.2: facts kept only
in comments, and Impressum lines counted as covered because they share a sentence with a quote).

The text below is the Impressum of the 2025 guidelines (003, lines 271-278), shortened.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace as NS

from rdflib import Literal, URIRef

from nrwkg.coverage import document_coverage, format_coverage

TEXT = ("Herausgeber\n\nMinisterium für Wirtschaft, Industrie, Klimaschutz und Energie\n"
        "Tel.: +49(0) 211 61772 0\n\nInternet: www.wirtschaft.nrw\n")
DOC = URIRef("https://w3id.org/nrwkg/id/document/d")
MWIKE = URIRef("https://w3id.org/nrwkg/id/organization/mwike")
PUBLISHER = URIRef("http://purl.org/dc/terms/publisher")
COMMENT = URIRef("http://www.w3.org/2000/01/rdf-schema#comment")


def _statement(quote: str, triples):
    start = TEXT.index(quote)
    return NS(match=NS(start=start, end=start + len(quote)), triples=triples)


def _compiled(*statements):
    document = NS(iri=DOC, text=TEXT, path=Path("d.txt"))
    return NS(documents=[document], statement_files=[NS(document=document, statements=list(statements))])


def test_a_line_beside_a_quoted_line_is_covered_but_not_recalled():
    publisher = _statement("Herausgeber\n\nMinisterium für Wirtschaft, Industrie, Klimaschutz und Energie",
                           [(DOC, PUBLISHER, MWIKE)])
    internet = _statement("Internet: www.wirtschaft.nrw", [(DOC, COMMENT, Literal("www.wirtschaft.nrw"))])
    [cov] = document_coverage(_compiled(publisher, internet))
    assert (len(cov.sentences), cov.covered) == (3, 3)  # heading, publisher + phone, internet
    assert [s.text for s in cov.without_facts] == [
        "Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie Tel.: +49(0) 211 61772 0",
        "Internet: www.wirtschaft.nrw",
    ]
    assert cov.with_facts == 1
    report = format_coverage([cov])
    assert "3/3 sentences with evidence (100.0%), 1 with their content in relations (fact recall 33.3%)" in report
    assert "(text only): Internet: www.wirtschaft.nrw" in report


def test_a_phone_number_as_a_relation_is_recalled():
    publisher = _statement("Herausgeber\n\nMinisterium für Wirtschaft, Industrie, Klimaschutz und Energie",
                           [(DOC, PUBLISHER, MWIKE)])
    phone = _statement("Tel.: +49(0) 211 61772 0",
                       [(MWIKE, URIRef("https://schema.org/telephone"), Literal("+49(0) 211 61772 0"))])
    [cov] = document_coverage(_compiled(publisher, phone))
    assert cov.with_facts == 2 and [s.text for s in cov.uncovered] == ["Internet: www.wirtschaft.nrw"]
