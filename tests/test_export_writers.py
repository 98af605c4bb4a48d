"""The fast writers of the exports give the text of the plain ones, on awkward triples and on a build."""

from __future__ import annotations

import json

from rdflib import RDF, RDFS, XSD, BNode, Literal, Namespace, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer

from nrwkg.export.jsonld import to_jsonld
from nrwkg.export.turtle import TurtleWriter
from nrwkg.opened import OpenedBuild
from nrwkg.prefixes import load_prefixes
from nrwkg.serialize import to_turtle

NRW = Namespace("https://w3id.org/nrwkg/ontology#")
ID = "https://w3id.org/nrwkg/id/"
ORG = URIRef(ID + "organization/mwike")
DOC = URIRef(ID + "document/loi-zukunftsdialog-industrie")
ODD = URIRef("http://example.org/some/other#thing")
# local names rdflib splits or refuses in other ways than the common `prefix:letters-and-digits`
LOCALS = ["a", "-a", "a.", "a.b", "1", "_x", "a(b)", "a%20", "a%zz", "", "ä", "a/b", "a#b", "a b", "x-1_2"]


def _triples():
    return {
        (ORG, RDF.type, NRW["Ministry"]), (ORG, RDF.type, NRW["Organization"]),
        (ORG, RDFS.label, Literal("Ministerium für Wirtschaft", lang="de")),
        (ORG, RDFS.label, Literal("Ministry", lang="en")),
        (ORG, NRW["note"], Literal('zwei\nZeilen mit "Anführung" und \\ Schrägstrich')),
        (ORG, NRW["note"], Literal("tab\tund ''' drei")),
        (ORG, NRW["count"], Literal("7", datatype=XSD.integer)),
        (ORG, NRW["share"], Literal("0.5", datatype=XSD.decimal)),
        (ORG, NRW["flag"], Literal("true", datatype=XSD.boolean)),
        (ORG, NRW["year"], Literal("2045", datatype=XSD.gYear)),
        (ORG, NRW["odd"], Literal("x", datatype=URIRef("http://example.org/dt#weird"))),
        (ORG, NRW["partOf"], DOC), (DOC, NRW["mentions"], ORG), (ODD, NRW["mentions"], ORG),
        (DOC, RDF.type, NRW["Document"]), (DOC, NRW["list"], RDF.nil), (NRW["Document"], RDF.type, RDFS.Class),
        (URIRef(ID + "organization/ends-with."), NRW["partOf"], ORG),
        (URIRef(ID + "annotation/doc/statement-1"), NRW["about"], ORG),
    }


def test_prefixed_names_are_rdflibs():
    prefixes = load_prefixes()
    writer = TurtleWriter(prefixes)
    reference = TurtleWriter(prefixes)._serializer
    iris = [URIRef(ns + local) for ns in [*writer.namespaces.values(), ID + "annotation/", "http://example.org/"]
            for local in LOCALS]
    for iri in iris:
        assert writer._pname(iri) == reference.get_pname(iri, gen_prefix=False), iri
    assert isinstance(reference, TurtleSerializer)


def test_turtle_writer_gives_serialize_text():
    triples = _triples()
    writer = TurtleWriter(load_prefixes())
    assert writer.write(triples) == to_turtle(triples, load_prefixes())
    assert writer.write(list(triples)[:5]) == to_turtle(list(triples)[:5], load_prefixes())  # reused


def test_blank_nodes_are_written_by_serialize():
    triples = _triples() | {(ORG, NRW["address"], BNode("b1")), (BNode("b1"), NRW["city"], Literal("Düsseldorf"))}
    assert TurtleWriter(load_prefixes()).write(triples) == to_turtle(triples, load_prefixes())


def test_turtle_of_the_build_is_serialize_text(built):
    opened = OpenedBuild.open(built)
    union = opened.union_triples
    assert TurtleWriter(opened.prefixes).write(union) == to_turtle(union, opened.prefixes)


def test_jsonld_text_is_json_dumps_text(built):
    """JSON-LD is written as text: it must be what json.dumps(indent=2) makes of the same document."""
    opened = OpenedBuild.open(built)
    text = to_jsonld(opened, opened.prefixes, opened.names)
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


def test_jsonld_text_of_awkward_values_is_json_dumps_text():
    triples = _triples() | {(ORG, NRW["note"], Literal('quote " backslash \\ tab \t nul \x00 line\u2028sep')),
                            (ORG, NRW["address"], BNode("b1")), (BNode("b1"), NRW["city"], Literal("Köln", lang="de"))}
    ds = OpenedBuild({DOC: list(triples), ODD: []}, load_prefixes())
    text = to_jsonld(ds, load_prefixes(), [DOC, ODD])
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    assert '"@graph": []' in text


def test_ntriples_cut_from_nquads_are_the_union_written_again(built):
    from nrwkg.export.rdf import ntriples_of_nquads
    from nrwkg.serialize import to_nquads, to_ntriples, union_of

    graphs = {DOC: list(_triples()), ODD: [(ORG, NRW["note"], Literal("a <b> c .\u2028 d"))] + list(_triples())[:3]}
    assert ntriples_of_nquads(to_nquads(graphs), [DOC, ODD]) == to_ntriples(union_of(graphs))
    assert ntriples_of_nquads(to_nquads(graphs), [ODD]) == to_ntriples(graphs[ODD])
    opened = OpenedBuild.open(built)
    some = opened.names[::2]
    expected = to_ntriples(union_of(opened.graphs, some)).encode("utf-8")
    assert ntriples_of_nquads(opened.nquads, some) == expected  # UTF-8 bytes in, bytes out
    assert ntriples_of_nquads(opened.nquads_file(), some) == expected  # a file, read line by line
