"""Triples that are awkward to write, shared by the tests of the writers (Turtle, TriG, N-Quads,
JSON-LD): multi-line and quoted literals, several datatypes and languages, a datatype without a
prefix, rdf:nil, a class, IRIs without a prefixed name (another namespace, a local name that ends
in `.`) and one in a namespace that extends another (`annotation:` inside `id/`)."""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef

__all__ = ["NRW", "ID", "ORG", "DOC", "ODD", "awkward_triples"]

NRW = Namespace("https://w3id.org/nrwkg/ontology#")
ID = "https://w3id.org/nrwkg/id/"
ORG = URIRef(ID + "organization/mwike")
DOC = URIRef(ID + "document/loi-zukunftsdialog-industrie")
ODD = URIRef("http://example.org/some/other#thing")


def awkward_triples() -> set:
    """21 triples, 14 of them about ORG."""
    return {
        (ORG, RDF.type, NRW["Ministry"]), (ORG, RDF.type, NRW["Organization"]),
        (ORG, RDFS.label, Literal("Ministerium für Wirtschaft", lang="de")),
        (ORG, RDFS.label, Literal("Ministry", lang="en")),
        (ORG, NRW["note"], Literal('zwei\nZeilen mit "Anführung" und \\ Schrägstrich')),
        (ORG, NRW["note"], Literal("tab\tund ''' drei")),
        (ORG, NRW["count"], Literal("7", datatype=XSD.integer)),
        (ORG, NRW["share"], Literal("0.5", datatype=XSD.decimal)),
        (ORG, NRW["flag"], Literal("true", datatype=XSD.boolean)),
        (ORG, NRW["ratio"], Literal("1.5E3", datatype=XSD.double)),
        (ORG, NRW["date"], Literal("2023-01-20", datatype=XSD.date)),
        (ORG, NRW["year"], Literal("2045", datatype=XSD.gYear)),
        (ORG, NRW["odd"], Literal("x", datatype=URIRef("http://example.org/dt#weird"))),
        (ORG, NRW["partOf"], DOC), (DOC, NRW["mentions"], ORG), (ODD, NRW["mentions"], ORG),
        (DOC, RDF.type, NRW["Document"]), (DOC, NRW["list"], RDF.nil), (NRW["Document"], RDF.type, RDFS.Class),
        (URIRef(ID + "organization/ends-with."), NRW["partOf"], ORG),
        (URIRef(ID + "annotation/doc/statement-1"), NRW["about"], ORG),
    }
