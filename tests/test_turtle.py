"""The one Turtle and TriG writer (nrwkg.turtle) gives rdflib's text: prefixed names, layout, blank
nodes (written by rdflib), decimals in full, TriG file and text, on awkward triples and on a build."""

from __future__ import annotations

import itertools

from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer

from nrwkg.opened import OpenedBuild
from nrwkg.prefixes import load_prefixes
from nrwkg.serialize import nt_term
from nrwkg.turtle import TurtleWriter, _decimals_in_full, _rdflib_turtle_body, to_trig, to_turtle, write_trig
from tests.awkward_triples import DOC, ID, NRW, ODD, ORG, awkward_triples

# local names rdflib splits or refuses in other ways than the common `prefix:letters-and-digits`
LOCALS = ["a", "-a", "a.", "a.b", "1", "_x", "a(b)", "a%20", "a%zz", "", "ä", "a/b", "a#b", "a b", "x-1_2"]
_BLANK = {(ORG, NRW["address"], BNode("b1")), (BNode("b1"), NRW["city"], Literal("Düsseldorf"))}


def _rdflib_text(writer: TurtleWriter, triples) -> str:
    """The document of `triples` with the statements written by rdflib's serialiser."""
    with _decimals_in_full():
        body = _rdflib_turtle_body(triples, writer.namespaces)
    return writer._header(itertools.chain.from_iterable(triples)) + "\n" + body + "\n"


def test_prefixed_names_are_rdflibs():
    writer = TurtleWriter(load_prefixes())
    reference = writer._serializer
    iris = [URIRef(ns + local) for ns in [*writer.namespaces.values(), ID + "annotation/", "http://example.org/"]
            for local in LOCALS]
    for iri in iris:
        assert writer._pname(iri) == reference.get_pname(iri, gen_prefix=False), iri
    assert isinstance(reference, TurtleSerializer)


def test_direct_turtle_is_rdflibs_turtle():
    triples = awkward_triples()
    writer = TurtleWriter(load_prefixes())
    text = writer.write(triples)
    assert text == _rdflib_text(writer, triples)
    assert '"0.5"^^xsd:decimal' in text  # in full, not rdflib's short `0.5`
    assert "ns1:" not in text and "<http://example.org/some/other#thing>" in text


def test_a_writer_used_again_gives_the_text_of_a_new_one():
    triples = awkward_triples()
    writer = TurtleWriter(load_prefixes())
    writer.write(triples)
    some = list(triples)[:5]
    assert writer.write(some) == TurtleWriter(load_prefixes()).write(some) == to_turtle(iter(some), load_prefixes())


def test_blank_nodes_are_written_by_rdflib():
    triples = awkward_triples() | _BLANK
    writer = TurtleWriter(load_prefixes())
    assert writer.write(triples) == _rdflib_text(writer, triples)
    assert "[" in writer.write(triples)  # nested


def test_trig_file_is_the_text_and_each_graph_is_its_turtle(tmp_path):
    """TriG: one prefix block for all graphs, then each graph's statements as in Turtle; a graph
    with blank nodes is written by rdflib; the file holds the bytes of the text. Triples in two
    graphs, and IRIs that extend another (`…/mwike` and `…/mwike-nrw`, `ends-with.`)."""
    longer = URIRef(f"{ORG}-nrw")
    graphs = {DOC: list(awkward_triples()),
              ODD: [(ORG, NRW["partOf"], DOC), (ORG, NRW["partOf"], longer), (longer, RDF.type, NRW["Ministry"]),
                    (ORG, RDFS.label, Literal("Ministry", lang="en")), (ORG, RDFS.label, Literal("Ministry")),
                    *_BLANK]}
    graphs = {name: graphs[name] for name in sorted(graphs)}
    with open(tmp_path / "d.trig", "w", encoding="utf-8", newline="") as out:
        write_trig(graphs, load_prefixes(), out)
    text = to_trig(graphs, load_prefixes())
    assert (tmp_path / "d.trig").read_bytes() == text.encode("utf-8")
    writer = TurtleWriter(load_prefixes())
    with _decimals_in_full():
        bodies = {name: _rdflib_turtle_body(triples, writer.namespaces) for name, triples in graphs.items()}
    header = writer._header(itertools.chain.from_iterable(itertools.chain(*graphs.values())))
    assert text == header + "\n" + "\n".join(f"{nt_term(name)} {{\n{body}\n}}\n"
                                             for name, body in bodies.items())
    assert to_trig(graphs, load_prefixes(), [ODD]).endswith(f"{nt_term(ODD)} {{\n{bodies[ODD]}\n}}\n")


def test_turtle_of_the_build_is_rdflibs_turtle(built):
    opened = OpenedBuild.open(built)
    union = opened.union_triples
    writer = TurtleWriter(opened.prefixes)
    assert writer.write(union) == _rdflib_text(writer, union)
