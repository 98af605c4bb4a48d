"""The ontology: every term labelled and defined in German and English, aligned, with SKOS schemes."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Namespace

from nrwkg import paths
from nrwkg.compile.dataset import compile_dataset
from nrwkg.namespaces import NRW, SKOS
from nrwkg.ontology import load_ontology
from nrwkg.validate.reasoner import hermit_inconsistency

SCHEME = Namespace("https://w3id.org/nrwkg/id/scheme/")
ONT = load_ontology(paths.ONTOLOGY)
TERMS = sorted(s for s in ONT.subjects(RDF.type, None) if str(s).startswith(str(NRW)))


def _langs(subject, predicate) -> set[str]:
    return {o.language for o in ONT.objects(subject, predicate)}


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.split("#")[1])
def test_every_term_has_german_and_english_label_and_definition(term):
    assert {"de", "en"} <= _langs(term, RDFS.label)
    assert {"de", "en"} <= _langs(term, SKOS.definition)


def test_every_property_is_typed_for_owl_tools():
    for term in TERMS:
        kinds = set(ONT.objects(term, RDF.type))
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}, term


@pytest.mark.parametrize("cls, standard", [
    (NRW.Organization, "http://www.w3.org/ns/org#Organization"),
    (NRW.Organization, "http://xmlns.com/foaf/0.1/Organization"),
    (NRW.Person, "http://xmlns.com/foaf/0.1/Person"),
    (NRW.Person, "https://schema.org/Person"),
    (NRW.Actor, "http://www.w3.org/ns/prov#Agent"),
    (NRW.Post, "http://www.w3.org/ns/org#Post"),
    (NRW.Succession, "http://www.w3.org/ns/org#ChangeEvent"),
    (NRW.Place, "https://schema.org/Place"),
    (NRW.Site, "http://www.w3.org/ns/org#Site"),
    (NRW.MonetaryAmount, "https://schema.org/MonetaryAmount"),
    (NRW.Document, "http://xmlns.com/foaf/0.1/Document"),
    (NRW.Quotation, "https://schema.org/Quotation"),
])
def test_classes_are_aligned_with_standard_vocabularies(cls, standard):
    supers = set(ONT.transitive_objects(cls, RDFS.subClassOf))
    assert any(str(s) == standard for s in supers)


def test_instrument_types_have_crosswalks_to_the_climate_policy_database():
    types = list(ONT.subjects(SKOS.inScheme, SCHEME["instrument-type"]))
    assert len(types) >= 15
    for concept in types:
        matches = list(ONT.objects(concept, SKOS.closeMatch))
        assert matches, concept
        assert all((m, SKOS.inScheme, SCHEME.cpdb) in ONT for m in matches)


@pytest.mark.parametrize("scheme, members", [
    ("modality", {"demands", "proposes", "advocates", "plans", "commits", "implements", "funds", "reports",
                  "expects", "forecasts", "requests"}),
    ("instrument-type", {"funding-programme", "fund", "tax-measure", "price-mechanism", "law-regulation",
                         "strategy-plan", "dialogue-forum", "task-force", "standard", "campaign", "portal", "board"}),
    ("topic", set()), ("sector", set()),
])
def test_schemes_hold_their_concepts_with_german_and_english_labels(scheme, members):
    concepts = set(ONT.subjects(SKOS.inScheme, SCHEME[scheme]))
    assert concepts
    notations = {str(ONT.value(c, SKOS.notation)) for c in concepts}
    assert members <= notations
    for c in concepts:
        assert {"de", "en"} <= _langs(c, SKOS.prefLabel)


def test_bundled_graph_is_consistent_under_hermit():
    compiled = compile_dataset()
    assert hermit_inconsistency(compiled.ontology, compiled.data_graph()) is None


def test_ontology_files_parsed_before_are_kept_by_their_bytes(tmp_path):
    """load_ontology keeps each file's triples by a digest of its bytes (nrwkg.memo): the same
    bytes give the same triples without a parse, changed bytes are parsed again, and a file with
    blank nodes (labels of one parse) is never kept."""
    import shutil

    from rdflib import BNode, Literal, URIRef

    from nrwkg.memo import memo

    folder = tmp_path / "ontology"
    shutil.copytree(paths.DATA_ROOT / "ontology", folder)
    kept = memo("ontology-turtle")
    first = load_ontology(folder)
    assert len(kept) >= 3
    assert set(load_ontology(folder)) == set(first)
    path = folder / "topics.ttl"
    path.write_text(path.read_text(encoding="utf-8") + '\n<https://w3id.org/nrwkg/id/topic/x> '
                    '<http://www.w3.org/2000/01/rdf-schema#label> "neu"@de .\n', encoding="utf-8")
    edited = load_ontology(folder)
    added = (URIRef("https://w3id.org/nrwkg/id/topic/x"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
             Literal("neu", lang="de"))
    assert added in edited and added not in first and len(edited) == len(first) + 1
    size = len(kept)
    path.write_text(path.read_text(encoding="utf-8") + "\n<https://w3id.org/nrwkg/id/topic/x> "
                    "<http://www.w3.org/2000/01/rdf-schema#seeAlso> [ a <http://www.w3.org/2002/07/owl#Thing> ] .\n",
                    encoding="utf-8")
    with_blank = load_ontology(folder)
    assert len(kept) == size
    assert any(isinstance(o, BNode) for o in with_blank.objects(URIRef("https://w3id.org/nrwkg/id/topic/x")))
