"""Blocks kept between builds (nrwkg.blockmemo): a kept block is the text a fresh write gives, a
block whose subject's lines changed is written again, and kept blocks are what a build reuses."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import XSD

from nrwkg import blockmemo
from nrwkg.blockmemo import NO_GROUPS, dataset_groups
from nrwkg.export.jsonld import write_jsonld
from nrwkg.export.rdfxml import write_rdfxml
from nrwkg.namespaces import GRAPH_EVIDENCE
from nrwkg.prefixes import load_prefixes
from nrwkg.serialize import union_of, write_nquads
from nrwkg.turtle import TurtleWriter

ANN = "https://w3id.org/nrwkg/id/annotation/"
ID = "https://w3id.org/nrwkg/id/"
OA = "http://www.w3.org/ns/oa#"
DOCS = ("alpha", "beta")
MARK = "\x00"


def _graphs(label: str = "Alpha") -> dict:
    """Two documents' graphs and their evidence: subjects …/annotation/<doc>/<statement>[/…]."""
    graphs: dict = {}
    evidence = []
    for doc in DOCS:
        name = URIRef(f"{ID}document/{doc}")
        org = URIRef(f"{ID}organization/{doc}-org")
        graphs[name] = [(org, RDF.type, URIRef(f"{ID}Org")),
                        (org, RDFS.label, Literal(label if doc == "alpha" else "Beta", lang="de"))]
        for n in (1, 2):
            a = URIRef(f"{ANN}{doc}/s{n}")
            st = URIRef(f"{ANN}{doc}/s{n}/statement-1")
            evidence += [(a, RDF.type, URIRef(f"{OA}Annotation")), (a, URIRef(f"{OA}hasBody"), st),
                         (st, RDF.subject, org), (st, RDF.predicate, RDFS.label),
                         (st, RDF.object, Literal(label if doc == "alpha" else "Beta", lang="de")),
                         (a, URIRef(f"{OA}start"), Literal(str(10 * n), datatype=XSD.integer)),
                         # a class (written first), and a subject referred to from the other document's
                         (a, URIRef(f"{OA}motivatedBy"), URIRef(f"{ANN}{doc}/kind")),
                         (a, RDFS.seeAlso, URIRef(f"{ANN}{'beta' if doc == 'alpha' else 'alpha'}/s1"))]
        evidence.append((URIRef(f"{ANN}{doc}/kind"), RDF.type, RDFS.Class))
    graphs[GRAPH_EVIDENCE] = evidence
    return dict(sorted(graphs.items()))


class _Blocks(dict):
    """The memos of kept blocks as one dict (what the tests read and mark)."""

    def values(self):
        return [value for table in blockmemo.tables() for value in table.values()]

    def __len__(self):
        return sum(map(len, blockmemo.tables()))

    def mark(self, value, marked) -> None:
        for table in blockmemo.tables():
            for key, found in table.items():
                if found is value:
                    dict.__setitem__(table, key, marked)


@pytest.fixture()
def blocks():
    """The memos of kept blocks, empty before and after the test."""
    for table in blockmemo.tables():
        dict.clear(table)
    room = blockmemo._ROOM[0]
    blockmemo._GROUPS.clear()
    yield _Blocks()
    for table in blockmemo.tables():
        dict.clear(table)
    blockmemo._ROOM[0] = room
    blockmemo._GROUPS.clear()


def _write_all(graphs: dict, groups) -> dict[str, str]:
    """TriG of every graph, Turtle, JSON-LD and RDF/XML of the union, written with `groups`."""
    prefixes = load_prefixes()
    names = list(graphs)
    part = ("union", *map(str, names))
    out = {}
    buf = io.StringIO()
    TurtleWriter(prefixes).write_trig(graphs, buf, groups=groups)
    out["trig"] = buf.getvalue()
    buf = io.StringIO()
    TurtleWriter(prefixes).write_to(union_of(graphs), buf, (groups.subjects, part))
    out["ttl"] = buf.getvalue()
    buf = io.StringIO()
    write_jsonld(SimpleNamespace(graphs=graphs), prefixes, names, buf, groups)
    out["jsonld"] = buf.getvalue()
    buf = io.StringIO()
    write_rdfxml(union_of(graphs), prefixes, buf, kept=(groups.subjects, part))
    out["rdf"] = buf.getvalue()
    return out


def _groups(graphs: dict, path):
    write_nquads(graphs, path)
    return dataset_groups(path)


def test_a_group_per_document_and_a_digest_per_graph_but_evidence(tmp_path):
    groups = _groups(_graphs(), tmp_path / "a.nq")
    assert set(groups.subjects) == {f"{ANN}{doc}/" for doc in DOCS}
    assert set(groups.graphs) == {f"{ID}document/{doc}" for doc in DOCS}
    edited = _groups(_graphs("Alpha edited"), tmp_path / "b.nq")
    assert edited.subjects[f"{ANN}beta/"] == groups.subjects[f"{ANN}beta/"]
    assert edited.subjects[f"{ANN}alpha/"] != groups.subjects[f"{ANN}alpha/"]
    assert edited.graphs[f"{ID}document/beta"] == groups.graphs[f"{ID}document/beta"]
    assert edited.graphs[f"{ID}document/alpha"] != groups.graphs[f"{ID}document/alpha"]


def test_unsorted_n_quads_give_no_groups(tmp_path):
    path = tmp_path / "a.nq"
    write_nquads(_graphs(), path)
    path.write_bytes(b"".join(reversed(path.read_bytes().splitlines(keepends=True))))
    assert dataset_groups(path) == NO_GROUPS


def test_kept_blocks_give_the_bytes_of_a_fresh_write(blocks, tmp_path):
    graphs = _graphs()
    fresh = _write_all(graphs, NO_GROUPS)
    groups = _groups(graphs, tmp_path / "a.nq")
    assert _write_all(graphs, groups) == fresh  # written, and kept
    assert len(blocks) >= 4 * len(DOCS)
    assert _write_all(graphs, groups) == fresh  # read back from what was kept


def test_kept_blocks_are_reused_and_the_edited_documents_are_written_again(blocks, tmp_path):
    _write_all(_graphs(), _groups(_graphs(), tmp_path / "a.nq"))
    # every kept text of the unedited document marked: the marks show where a kept text is used
    for value in blocks.values():
        kept = value[0] if isinstance(value, tuple) else value  # the blocks, or the blocks and more
        if isinstance(kept, dict) and any(s.startswith(f"{ANN}beta/") for s in kept):
            for subject, text in kept.items():
                kept[subject] = (text[0], text[1] + MARK) if isinstance(text, tuple) else text + MARK
    edited = _graphs("Alpha edited")
    marked = _write_all(edited, _groups(edited, tmp_path / "b.nq"))
    fresh = _write_all(edited, NO_GROUPS)
    for fmt in ("trig", "ttl", "jsonld", "rdf"):
        assert marked[fmt] != fresh[fmt], f"{fmt}: the unedited document's kept blocks were not used"
        # the marks aside, the same text: the edited document's blocks are not the stale ones
        assert marked[fmt].replace(MARK, "") == fresh[fmt], fmt
        assert "Alpha edited" in marked[fmt] and '"Alpha"' not in marked[fmt]


def test_a_file_of_one_graph_is_kept_while_the_graph_is_the_same(blocks):
    from nrwkg.export.bundle import _turtle_companions
    from nrwkg.export.source import Source
    from nrwkg.namespaces import GRAPH_ONTOLOGY

    def source(label: str) -> Source:
        graphs = _graphs()
        graphs[GRAPH_ONTOLOGY] = [(URIRef(f"{ID}Org"), RDF.type, RDFS.Class),
                                  (URIRef(f"{ID}Org"), RDFS.label, Literal(label, lang="en"))]
        return Source(dict(sorted(graphs.items())), load_prefixes())

    first = _turtle_companions(source("Organisation"))
    for value in blocks.values():  # marked: a kept text is the marked one
        if isinstance(value, tuple) and isinstance(value[0], str) and "Organisation" in value[0]:
            blocks.mark(value, (value[0] + MARK,))
    assert _turtle_companions(source("Organisation"))["ontology.ttl"] == first["ontology.ttl"] + MARK
    edited = _turtle_companions(source("Organization"))["ontology.ttl"]
    assert MARK not in edited and '"Organization"@en' in edited
