"""SHACL after a change (nrwkg.validate.shacl_since): what it validates again finds every violation a
whole validation finds, and it steps aside (None) where its reasoning does not hold."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, Literal, URIRef

from nrwkg.namespaces import GRAPH_EVIDENCE, GRAPH_ONTOLOGY
from nrwkg.serialize import write_nquads
from nrwkg.validate.dataset import shacl_problems
from nrwkg.validate.shacl_since import changed_subjects, conforms_since, shape_reach

ROOT = Path(__file__).resolve().parents[1]
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
SHAPES = rdflib.Graph().parse(SHAPES_FILE)
ONTOLOGY = rdflib.Graph()
for _path in sorted((ROOT / "ontology").glob("*.ttl")):
    if _path != SHAPES_FILE:
        ONTOLOGY.parse(_path)
DOCUMENT = URIRef("https://w3id.org/nrwkg/id/document/example")
EX = "https://example.org/"
NAMES = sorted(p.name.removesuffix("-violating.ttl") for p in FIXTURES.glob("*-violating.ttl"))


def _nquads(path: Path, graphs: dict[URIRef, set]) -> Path:
    write_nquads({name: sorted(graphs[name]) for name in sorted(graphs)}, path)
    return path


def _data(*graphs) -> rdflib.Graph:
    data = rdflib.Graph()
    for triples in graphs:
        for triple in triples:
            data.add(triple)
    return data


def _changed(tmp_path: Path, before: dict, after: dict, passed=lambda digest: True):
    return changed_subjects(_nquads(tmp_path / "before.nq", before), _nquads(tmp_path / "after.nq", after), passed)


@pytest.mark.parametrize("name", NAMES)
def test_a_dataset_changed_from_a_conforming_fixture_to_a_violating_one_does_not_conform(tmp_path, name):
    conforming = set(rdflib.Graph().parse(FIXTURES / f"{name}-conforming.ttl"))
    violating = set(rdflib.Graph().parse(FIXTURES / f"{name}-violating.ttl"))
    ontology = set(ONTOLOGY)
    before = {DOCUMENT: conforming, GRAPH_ONTOLOGY: ontology}
    after = {DOCUMENT: violating, GRAPH_ONTOLOGY: ontology}
    changed = _changed(tmp_path, before, after)
    assert changed, name
    data = _data(violating, ontology)
    assert shacl_problems(data, SHAPES), name  # what a whole validation says
    assert conforms_since(data, SHAPES, changed) is False, name
    # the same data, and nothing changed since a version that passed: nothing to validate again
    assert conforms_since(data, SHAPES, set()) is True
    # and a conforming change conforms
    data = _data(conforming, ontology)
    assert conforms_since(data, SHAPES, _changed(tmp_path, after, before)) is True, name


_NESTED = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <{EX}> .
ex:AShape a sh:NodeShape ; sh:targetClass ex:A ;
    sh:property [ sh:path ex:p ; sh:node [ sh:property [ sh:path ex:q ; sh:class ex:C ] ] ] .
"""


def test_a_type_two_path_steps_from_the_focus_node_is_read_again_when_it_changes(tmp_path):
    # a: A --p--> x --q--> y, and y must be a C (sh:class two steps away): y losing its type breaks a
    shapes = rdflib.Graph().parse(data=_NESTED, format="turtle")
    a, x, y, z = (URIRef(EX + n) for n in "axyz")
    p, q = URIRef(EX + "p"), URIRef(EX + "q")
    A, C = URIRef(EX + "A"), URIRef(EX + "C")  # noqa: N806 - classes
    base = {(a, RDF.type, A), (a, p, x), (x, q, y), (z, RDF.type, C)}
    before = {DOCUMENT: base | {(y, RDF.type, C)}}
    after = {DOCUMENT: base}
    assert shape_reach(shapes) == (2, {p, q})
    changed = _changed(tmp_path, before, after)
    assert changed == {y}
    data = _data(after[DOCUMENT])
    assert shacl_problems(data, shapes)
    assert conforms_since(data, shapes, changed) is False
    # another node's type changing reaches no focus node: nothing to validate again
    moved = {DOCUMENT: before[DOCUMENT] - {(z, RDF.type, C)}}
    changed = _changed(tmp_path, before, moved)
    assert changed == {z} and conforms_since(_data(moved[DOCUMENT]), shapes, changed) is True


def test_the_bundled_shapes_are_within_reach_of_the_reasoning():
    reach = shape_reach(SHAPES)
    assert reach is not None
    steps, paths = reach
    assert steps >= 1 and URIRef("https://w3id.org/nrwkg/ontology#party") in paths


@pytest.mark.parametrize("extra", [
    "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path ex:p ; sh:node ex:S ] .",
    "ex:S a sh:NodeShape, rdfs:Class ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "_:s a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
])
def test_shapes_the_reasoning_does_not_cover_are_validated_whole(extra):
    shapes = rdflib.Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <{EX}> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:Plain a sh:NodeShape ; sh:targetClass ex:B ; sh:property [ sh:path ex:r ; sh:class ex:C ] .
        {extra}""", format="turtle")
    assert shape_reach(shapes) is None
    assert conforms_since(rdflib.Graph(), shapes, set()) is None


def test_what_the_changed_subjects_are_and_when_there_is_no_telling(tmp_path):
    a, b = URIRef(EX + "a"), URIRef(EX + "b")
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    before = {DOCUMENT: {(a, label, Literal("A")), (b, label, Literal("B"))},
              GRAPH_EVIDENCE: {(URIRef(EX + "e"), label, Literal("quote"))},
              GRAPH_ONTOLOGY: {(URIRef(EX + "C"), label, Literal("C"))}}
    relabelled = {**before, DOCUMENT: {(a, label, Literal("A2")), (b, label, Literal("B"))}}
    assert _changed(tmp_path, before, relabelled) == {a}
    assert _changed(tmp_path, before, before) == set()
    # the evidence graph is not SHACL's: its changes are none
    assert _changed(tmp_path, before, {**before, GRAPH_EVIDENCE: set()}) == set()
    # the ontology changed: anything may have
    assert _changed(tmp_path, before, {**before, GRAPH_ONTOLOGY: set()}) is None
    # a blank node changed: it cannot be named as a focus node
    blank = {(rdflib.BNode("x"), label, Literal("x"))}
    assert _changed(tmp_path, before, {**before, DOCUMENT: before[DOCUMENT] | blank}) is None
    # the previous version did not pass (its digest is not known to have)
    previous = _nquads(tmp_path / "previous.nq", before)
    digest = hashlib.sha256(previous.read_bytes()).digest()
    seen = []
    now = _nquads(tmp_path / "now.nq", relabelled)
    assert changed_subjects(previous, now, lambda d: seen.append(d) or False) is None
    assert seen == [digest]
    assert changed_subjects(tmp_path / "missing.nq", tmp_path / "now.nq", lambda d: True) is None
    # a file out of order: a merge of the two would miss changes
    unsorted = tmp_path / "unsorted.nq"
    unsorted.write_bytes(b"".join(reversed(previous.read_bytes().splitlines(keepends=True))))
    assert changed_subjects(unsorted, now, lambda d: True) is None
