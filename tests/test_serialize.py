"""The direct Turtle writer gives rdflib's text; a build opens its dataset once and writes each text once."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, XSD, BNode, Dataset, Literal, Namespace, URIRef

from nrwkg.prefixes import load_prefixes
from nrwkg.serialize import (
    _namespaces,
    _rdflib_turtle_body,
    _turtle_blocks,
    graph_map,
    to_nquads,
    to_ntriples,
    to_trig,
    union_of,
    write_nquads,
    write_trig,
)
from nrwkg.triples import frozen_graph, parse_nquads

NRW = Namespace("https://w3id.org/nrwkg/ontology#")
ORG = URIRef("https://w3id.org/nrwkg/id/organization/mwike")
DOC = URIRef("https://w3id.org/nrwkg/id/document/loi-zukunftsdialog-industrie")
ODD = URIRef("http://example.org/some/other#thing")


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
        (ORG, NRW["ratio"], Literal("1.5E3", datatype=XSD.double)),
        (ORG, NRW["date"], Literal("2023-01-20", datatype=XSD.date)),
        (ORG, NRW["year"], Literal("2045", datatype=XSD.gYear)),
        (ORG, NRW["odd"], Literal("x", datatype=URIRef("http://example.org/dt#weird"))),
        (ORG, NRW["partOf"], DOC), (DOC, NRW["mentions"], ORG), (ODD, NRW["mentions"], ORG),
        (DOC, RDF.type, NRW["Document"]), (DOC, NRW["list"], RDF.nil),
        (URIRef("https://w3id.org/nrwkg/id/organization/ends-with."), NRW["partOf"], ORG),
    }


def test_direct_turtle_is_rdflibs_turtle():
    triples = _triples()
    namespaces = _namespaces(triples, load_prefixes())
    assert _turtle_blocks(triples, namespaces) == _rdflib_turtle_body(triples, namespaces)


def test_blank_nodes_go_to_rdflib():
    triples = _triples() | {(ORG, NRW["address"], BNode("b1")), (BNode("b1"), NRW["city"], Literal("Düsseldorf"))}
    namespaces = _namespaces(triples, load_prefixes())
    assert _turtle_blocks(triples, namespaces) is None


def test_nquads_read_back_are_the_same_terms(tmp_path: Path):
    ds = Dataset(default_union=False)
    for t in _triples():
        ds.graph(DOC).add(t)
    text = to_nquads(ds)
    (tmp_path / "d.nq").write_text(text, encoding="utf-8")
    back = parse_nquads(tmp_path / "d.nq")
    assert to_nquads(back) == text
    assert to_trig(back, load_prefixes()) == to_trig(ds, load_prefixes())
    assert set(graph_map(ds)[DOC]) == set(back[DOC])


def test_files_are_the_texts(tmp_path: Path):
    """N-Quads, the union's N-Triples and TriG written to files hold the bytes of the texts; a triple
    in two graphs is once in the union, also beside IRIs that extend another (`…/mwike` and
    `…/mwike-nrw`, `ends-with.`)."""
    longer = URIRef(f"{ORG}-nrw")
    graphs = {DOC: list(_triples()),
              ODD: [(ORG, NRW["partOf"], DOC), (ORG, NRW["partOf"], longer), (longer, RDF.type, NRW["Ministry"]),
                    (ORG, RDFS.label, Literal("Ministry", lang="en")), (ORG, RDFS.label, Literal("Ministry"))]}
    graphs = {name: graphs[name] for name in sorted(graphs)}
    write_nquads(graphs, tmp_path / "d.nq", union_path=tmp_path / "u.nt")
    assert (tmp_path / "d.nq").read_bytes() == to_nquads(graphs).encode("utf-8")
    assert (tmp_path / "u.nt").read_bytes() == to_ntriples(union_of(graphs)).encode("utf-8")
    with open(tmp_path / "d.trig", "w", encoding="utf-8", newline="") as out:
        write_trig(graphs, load_prefixes(), out)
    assert (tmp_path / "d.trig").read_bytes() == to_trig(graphs, load_prefixes()).encode("utf-8")


def test_frozen_graph_answers_like_an_rdflib_graph():
    g = frozen_graph(_triples())
    assert len(g) == len(_triples())
    assert set(g.objects(ORG, RDF.type)) == {NRW["Ministry"], NRW["Organization"]}
    assert set(g.subjects(NRW["mentions"], ORG)) == {DOC, ODD}
    assert g.value(DOC, NRW["list"]) == RDF.nil
    assert (ORG, NRW["partOf"], DOC) in g and (DOC, NRW["partOf"], ORG) not in g
    assert sum(1 for _ in g.predicate_objects(ORG)) == 14


def test_a_build_builds_the_network_once_and_writes_each_text_once(mini_root, tmp_path, monkeypatch):
    import nrwkg.network
    from nrwkg.build import build

    calls = tmp_path / "calls"
    real = nrwkg.network.build_network

    def counted(*args, **kwargs):
        with calls.open("a") as f:  # a file: a forked writer's calls are counted too
            f.write("network\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(nrwkg.network, "build_network", counted)
    out = tmp_path / "build"
    build(out, mini_root, reasoner=False)
    assert calls.read_text().splitlines() == ["network"]
    assert (out / "dataset.trig").read_bytes() == (out / "export" / "nrwkg.trig").read_bytes()
    assert (out / "dataset.nq").read_bytes() == (out / "export" / "nrwkg.nq").read_bytes()
    assert (out / "views" / "all.html").is_file() and (out / "pages" / "index.html").is_file()
