"""N-Quads and N-Triples files are the texts; a build opens its dataset once and writes each text once.
(Turtle and TriG: tests/test_turtle.py.)"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Dataset, Literal, URIRef

from nrwkg.prefixes import load_prefixes
from nrwkg.serialize import graph_map, to_nquads, to_ntriples, union_of, write_nquads
from nrwkg.triples import frozen_graph, parse_nquads
from nrwkg.turtle import to_trig
from tests.awkward_triples import DOC, NRW, ODD, ORG
from tests.awkward_triples import awkward_triples as _triples


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
    """N-Quads and the union's N-Triples written to files hold the bytes of the texts; a triple
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
