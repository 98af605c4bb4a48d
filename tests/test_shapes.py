"""The SHACL shapes of ontology/shapes.ttl: one per ontology class, each proven by two fixtures.

Fixtures live in tests/fixtures/shapes/: `<Shape>-conforming.ttl` must conform, and
`<Shape>-violating.ttl` must fail with results from that shape only; its `# Components:` header
line names the SHACL constraint components it breaks. The shapes are applied exactly as the
comment at the top of ontology/shapes.ttl says (ontology in the data graph, inference none).
"""

import re
from pathlib import Path

import pytest
import rdflib
from pyshacl import validate
from rdflib.namespace import OWL, RDF, RDFS, SH

ROOT = Path(__file__).resolve().parents[1]
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
NRW = "https://w3id.org/nrwkg/ontology#"
NRWSH = "https://w3id.org/nrwkg/shapes#"

SHAPES = rdflib.Graph().parse(SHAPES_FILE)
ONTOLOGY = rdflib.Graph()
for path in sorted((ROOT / "ontology").glob("*.ttl")):
    if path != SHAPES_FILE:
        ONTOLOGY.parse(path)

TARGETS = dict(SHAPES.subject_objects(SH.targetClass))  # shape -> class
NAMES = sorted(str(shape).removeprefix(NRWSH) for shape in TARGETS)


def apply_shapes(data: rdflib.Graph):
    """Validate as documented in ontology/shapes.ttl."""
    return validate(data + ONTOLOGY, shacl_graph=SHAPES, inference="none", advanced=False,
                    abort_on_first=False, allow_infos=False, allow_warnings=False)


def load_fixture(name: str, kind: str) -> tuple[str, rdflib.Graph]:
    """A fixture's text and graph; it says where it comes from and has a focus node of the shape."""
    path = FIXTURES / f"{name}-{kind}.ttl"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Source:"), f"{path.name} does not start with '# Source:'"
    data = rdflib.Graph().parse(data=text, format="turtle")
    classes = set(ONTOLOGY.transitive_subjects(RDFS.subClassOf, TARGETS[rdflib.URIRef(NRWSH + name)]))
    assert set(data.objects(None, RDF.type)) & classes, f"{path.name} has no focus node for {name}"
    return text, data


def owning_shape(shape):
    """The class shape a (possibly nested, blank) source shape belongs to."""
    while shape not in TARGETS:
        shape = next(SHAPES.subjects(object=shape))
    return shape


def test_every_class_has_a_shape_named_after_it():
    classes = {c for c in ONTOLOGY.subjects(RDF.type, OWL.Class) if str(c).startswith(NRW)}
    assert classes, "no nrw: classes found in ontology/nrwkg.ttl"
    assert classes - set(TARGETS.values()) == set(), "classes without a shape"
    for shape, cls in TARGETS.items():
        assert str(shape) == NRWSH + str(cls).removeprefix(NRW) + "Shape"
        assert (shape, RDF.type, SH.NodeShape) in SHAPES


def test_shapes_are_valid_shacl():
    conforms, _, text = validate(SHAPES, shacl_graph=None, meta_shacl=True)
    assert conforms, text


def test_every_fixture_belongs_to_a_shape():
    expected = {f"{name}-{kind}.ttl" for name in NAMES for kind in ("conforming", "violating")}
    present = {p.name for p in FIXTURES.glob("*.ttl")}
    assert expected - present == set(), "missing fixtures"
    assert present - expected == set(), "fixtures of no shape"


@pytest.mark.parametrize("name", NAMES)
def test_conforming_fixture_conforms(name):
    _, data = load_fixture(name, "conforming")
    conforms, _, text = apply_shapes(data)
    assert conforms, text


@pytest.mark.parametrize("name", NAMES)
def test_violating_fixture_violates_only_its_shape(name):
    fixture, data = load_fixture(name, "violating")
    assert f"# Violates: nrwsh:{name} " in fixture, "the header must say which constraint it breaks"
    declared = re.search(r"^# Components: (.+)$", fixture, re.M)
    assert declared, "the header must list the broken constraint components"
    conforms, report, text = apply_shapes(data)
    assert not conforms
    results = list(report.objects(None, SH.result))
    assert {owning_shape(report.value(r, SH.sourceShape)) for r in results} == {
        rdflib.URIRef(NRWSH + name)}, text
    components = {str(report.value(r, SH.sourceConstraintComponent)).removeprefix(str(SH))
                  for r in results}
    assert components == {c.strip().removeprefix("sh:") for c in declared[1].split(",")}, text
