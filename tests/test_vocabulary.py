"""Issues 10.3 and 12.4: every vocabulary is closed. A misspelt term in graph/ fails the build with
file, line and "did you mean"; a misspelt term in the code raises; adding a class or a document type
is one place (the ontology) plus its shape.

Before: `dcterms:tittle`, `org:heldby` went into the graph unnoticed and `ORG.heldByy` became an IRI.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from nrwkg.compile.dataset import compile_dataset
from nrwkg.errors import ValidationError
from nrwkg.namespaces import GRAPH_REGISTRY
from tests.data_edits import compile_error, edit, line_of

REPO = Path(__file__).resolve().parents[1]
LOI = "graph/statements/002_loi.yaml"




@pytest.mark.parametrize("old, bad, wrong, meant", [
    ("org:heldBy person:ralf-stoffels", "org:heldby person:ralf-stoffels", "org:heldby", "org:heldBy"),
    ("org:postIn organization:ihk-nrw", "org:postin organization:ihk-nrw", "org:postin", "org:postIn"),
    ('rdfs:label "Präsident IHK NRW"@de', 'rdfs:lable "Präsident IHK NRW"@de', "rdfs:lable", "rdfs:label"),
    ("person:ralf-stoffels skos:altLabel", "person:ralf-stoffels skos:altLable", "skos:altLable",
     "skos:altLabel"),
    ('nrw:date "2023-01-20"^^xsd:date ;', 'nrw:date "2023-01-20"^^xsd:dat ;', "xsd:dat", "xsd:date"),
    ('nrw:roleTitle "Präsident"@de', 'nrw:roleTitel "Präsident"@de', "nrw:roleTitel", "nrw:roleTitle"),
])
def test_misspelt_term_names_file_line_and_the_meant_term(mini_root, old, bad, wrong, meant):
    path = mini_root / LOI
    edit(path, old, bad)
    err = compile_error(mini_root)
    assert err.path == path
    assert err.line == line_of(path, bad)
    assert f"{wrong}" in err.message and f"did you mean {meant}" in err.message


@pytest.mark.parametrize("term, meant", [("dcterms:tittle", "dcterms:title"),
                                         ("schema:abuot", "schema:about"),
                                         ("prov:wasAttributedto", "prov:wasAttributedTo"),
                                         ("foaf:homePage", "foaf:homepage"),
                                         ("geo:lon", "geo:long")])
def test_misspelt_term_of_every_standard_vocabulary(mini_root, term, meant):
    path = mini_root / LOI
    edit(path, 'document:loi-zukunftsdialog-industrie nrw:date "2023-01-20"^^xsd:date .',
          f'document:loi-zukunftsdialog-industrie {term} "x"@de .')
    err = compile_error(mini_root)
    assert err.path == path and err.line == line_of(path, term)
    assert f"unknown term {term}" in err.message and f"did you mean {meant}" in err.message


def test_prefix_without_a_term_list_is_refused(mini_root):
    path = mini_root / "graph/prefixes.ttl"
    path.write_text(path.read_text(encoding="utf-8") + "@prefix ex: <http://example.org/ns#> .\n",
                    encoding="utf-8")
    err = compile_error(mini_root)
    assert err.path == path and err.line == line_of(path, "@prefix ex:")
    assert "no vocabulary with a bundled term list" in err.message


def test_unknown_document_type_is_refused(mini_root):
    path = mini_root / "graph/corpus/documents.yaml"
    edit(path, "type: doctype:letter-of-intent", "type: doctype:letter-of-intnet")
    err = compile_error(mini_root)
    assert err.path == path and err.line == line_of(path, "letter-of-intnet")
    assert "did you mean doctype:letter-of-intent" in err.message


def test_unknown_class_in_registry_suggests_the_class(mini_root):
    path = mini_root / "graph/registry/entities.yaml"
    edit(path, "type: nrw:Chamber", "type: nrw:Chambre")
    err = compile_error(mini_root)
    assert err.line == line_of(path, "nrw:Chambre") and "did you mean nrw:Chamber" in err.message


def test_closed_namespaces_in_the_code():
    from nrwkg.namespaces import DCTERMS, NRW, OA, ORG, SCHEMA

    assert str(ORG.heldBy) == "http://www.w3.org/ns/org#heldBy"
    assert str(NRW.Ministry) == "https://w3id.org/nrwkg/ontology#Ministry"
    assert str(SCHEMA.Quotation) == "https://schema.org/Quotation"
    assert str(OA.TextQuoteSelector) == "http://www.w3.org/ns/oa#TextQuoteSelector"
    for namespace, bad, meant in [(ORG, "heldByy", "org:heldBy"), (NRW, "Ministy", "nrw:Ministry"),
                                  (DCTERMS, "tittle", "dcterms:title"), (OA, "hasTargett", "oa:hasTarget")]:
        with pytest.raises(AttributeError, match=f"did you mean {meant}"):
            getattr(namespace, bad)
        with pytest.raises(KeyError):
            namespace[bad]


def test_closed_namespaces_survive_pickling_for_worker_processes():
    import copy
    import pickle

    from nrwkg.namespaces import NRW, ORG

    for namespace in (ORG, NRW):
        again = pickle.loads(pickle.dumps(namespace))
        assert again == namespace and copy.deepcopy(namespace) == namespace
        with pytest.raises(AttributeError):
            getattr(again, "noSuchTerm")  # noqa: B009 - the attribute access is the test


def test_every_term_the_ontology_uses_is_in_its_vocabulary():
    from nrwkg.vocab import by_namespace

    vocabularies = by_namespace()
    unknown = []
    for path in sorted((REPO / "ontology").glob("*.ttl")):
        for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            terms = [quad.subject, quad.predicate, quad.object]
            if isinstance(quad.object, pyoxigraph.Literal):
                terms.append(quad.object.datatype)
            for term in terms:
                if not isinstance(term, pyoxigraph.NamedNode):
                    continue
                for namespace, vocab in vocabularies.items():
                    if term.value.startswith(namespace) and term.value[len(namespace):] not in vocab:
                        unknown.append(f"{path.name}: {term.value}")
    assert not unknown


def test_vocabulary_files_agree_with_prefixes_ttl():
    from nrwkg.prefixes import load_prefixes
    from nrwkg.vocab import bundled

    mapping = load_prefixes(REPO / "graph/prefixes.ttl").mapping
    for prefix, vocab in bundled().items():
        assert vocab.terms, prefix
        if prefix in mapping:
            assert mapping[prefix] == vocab.namespace, prefix


def test_generated_term_lists_are_in_step_with_rdflib(tmp_path):
    script = (REPO / "scripts/vocab_terms.py").read_text(encoding="utf-8")
    out = 'OUT = Path(__file__).resolve().parents[1] / "nrwkg" / "vocab"'
    assert out in script
    script = script.replace(out, f"OUT = Path({str(tmp_path)!r})")
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, timeout=120)
    generated = sorted(tmp_path.glob("*.txt"))
    assert len(generated) >= 10
    for path in generated:
        assert path.read_text(encoding="utf-8") == (REPO / "nrwkg/vocab" / path.name).read_text(encoding="utf-8")


# IHK NRW is the federation of the chambers of commerce in North Rhine-Westphalia: a new subclass
# of nrw:Chamber for it is a plausible extension of the ontology, and the mini fixture has the entity.
NEW_CLASS = """
nrw:ChamberFederation a owl:Class ; rdfs:subClassOf nrw:Chamber ;
    rdfs:label "Kammerverbund"@de, "Federation of chambers"@en ;
    skos:definition "Ein Zusammenschluss von Kammern."@de, "A federation of chambers."@en .
"""
NEW_SHAPE = """
nrwsh:ChamberFederationShape a sh:NodeShape ;
    sh:targetClass nrw:ChamberFederation ;
    rdfs:label "Chamber federation shape"@en ;
    sh:description "A federation of chambers is a chamber; it has no parent organisation."@en ;
    sh:property [ sh:path org:subOrganizationOf ; sh:maxCount 0 ] .
"""
NEW_DOCTYPE = """
doctype:report a skos:Concept ;
    skos:inScheme scheme:document-type ;
    skos:prefLabel "Bericht"@de, "Report"@en .
"""


def _add_class(root: Path) -> None:
    with (root / "ontology/nrwkg.ttl").open("a", encoding="utf-8") as fh:
        fh.write(NEW_CLASS)
    edit(root / "graph/registry/entities.yaml", "type: nrw:Chamber", "type: nrw:ChamberFederation")


def test_adding_a_class_is_the_ontology_plus_its_shape(mini_root, monkeypatch):
    from nrwkg import paths
    from nrwkg.validate.dataset import validate
    from nrwkg.views import style as style_module
    from nrwkg.vocab import ontology_vocabulary

    _add_class(mini_root)
    with (mini_root / "ontology/shapes.ttl").open("a", encoding="utf-8") as fh:
        fh.write(NEW_SHAPE)
    compiled = compile_dataset(mini_root)
    validate(compiled, mini_root, reasoner=False)
    assert "ChamberFederation" in ontology_vocabulary(mini_root / "ontology")
    monkeypatch.setattr(paths, "ONTOLOGY", mini_root / "ontology")
    style_module._superclasses.cache_clear()
    try:
        assert style_module.style().group("nrw:ChamberFederation").id == style_module.style().group("nrw:Chamber").id
    finally:
        monkeypatch.undo()
        style_module._superclasses.cache_clear()


def test_a_class_without_its_shape_fails_the_build_naming_shapes_ttl(mini_root):
    from nrwkg.validate.dataset import validate

    _add_class(mini_root)
    with pytest.raises(ValidationError) as info:
        validate(compile_dataset(mini_root), mini_root, reasoner=False)
    problems = [p for p in info.value.problems if "nrw:ChamberFederation has no shape" in p]
    assert problems and "shapes.ttl" in problems[0] and re.search(r"nrwsh:ChamberFederationShape", problems[0])


def test_adding_a_document_type_is_one_concept_in_schemes_ttl(mini_root):
    from nrwkg.validate.dataset import validate

    with (mini_root / "ontology/schemes.ttl").open("a", encoding="utf-8") as fh:
        fh.write(NEW_DOCTYPE)
    edit(mini_root / "graph/corpus/documents.yaml", "type: doctype:letter-of-intent", "type: doctype:report")
    compiled = compile_dataset(mini_root)
    validate(compiled, mini_root, reasoner=False)
    registry = compiled.graph(GRAPH_REGISTRY)
    assert any(str(o).endswith("document-type/report") for o in registry.objects())
