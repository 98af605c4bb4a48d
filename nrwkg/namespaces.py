"""Namespaces and the IRIs of the named graphs: the one place the code takes a vocabulary from
(the graphs' IRIs as strings are nrwkg.graph_iris, for modules that do not load rdflib).

Every vocabulary namespace is closed: its terms come from the ontology (NRW, read from
ontology/*.ttl) or from the bundled term lists (nrwkg/vocab/*.txt), so a misspelt term
(`ORG.heldByy`) raises AttributeError with "did you mean org:heldBy" instead of becoming an IRI.
Only ID, the resources minted from curated ids, is open.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

from nrwkg import graph_iris
from nrwkg.iri import SLUG, check_iri
from nrwkg.vocab import NRW_NAMESPACE, ClosedVocabulary, bundled, ontology_vocabulary

__all__ = [
    "NRW", "ID", "OA", "ORG", "SCHEMA", "GEO", "PROV", "DCTERMS", "FOAF", "SKOS", "XSD",
    "DCAT", "VOID", "SD", "SPDX", "FORMATS", "SH",
    "GRAPH_ONTOLOGY", "GRAPH_REGISTRY", "GRAPH_INFERRED", "GRAPH_ENTAILED", "GRAPH_EVIDENCE",
    "SLUG", "check_iri", "resource_iri", "closed",
]


def closed(prefix: str) -> ClosedVocabulary:
    """The closed namespace of a bundled vocabulary (nrwkg/vocab/PREFIX.txt)."""
    vocab = bundled()[prefix]
    return ClosedVocabulary(vocab.namespace, prefix, lambda: bundled()[prefix])


NRW = ClosedVocabulary(NRW_NAMESPACE, "nrw", ontology_vocabulary)
ID = Namespace("https://w3id.org/nrwkg/id/")
OA = closed("oa")
ORG = closed("org")
SCHEMA = closed("schema")
GEO = closed("geo")
PROV = closed("prov")
DCTERMS = closed("dcterms")
FOAF = closed("foaf")
SKOS = closed("skos")
XSD = closed("xsd")
DCAT = closed("dcat")
VOID = closed("void")
SD = closed("sd")
SPDX = closed("spdx")
FORMATS = closed("formats")
SH = closed("sh")

GRAPH_ONTOLOGY = URIRef(graph_iris.ONTOLOGY)
GRAPH_REGISTRY = URIRef(graph_iris.REGISTRY)
GRAPH_INFERRED = URIRef(graph_iris.INFERRED)
GRAPH_ENTAILED = URIRef(graph_iris.ENTAILED)
GRAPH_EVIDENCE = URIRef(graph_iris.EVIDENCE)


def resource_iri(kind: str, slug: str) -> URIRef:
    """The IRI of a resource; raises ValueError for a malformed kind or slug."""
    iri = f"{ID}{kind}/{slug}"
    problem = check_iri(iri)
    if problem:
        raise ValueError(problem)
    return URIRef(iri)
