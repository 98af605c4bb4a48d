"""Namespaces and the IRIs of the named graphs."""

from __future__ import annotations

from rdflib import Namespace, URIRef

from nrwkg.iri import SLUG, check_iri

__all__ = [
    "NRW", "ID", "OA", "ORG", "SCHEMA", "GEO", "PROV", "DCTERMS", "FOAF", "SKOS",
    "GRAPH_ONTOLOGY", "GRAPH_REGISTRY", "GRAPH_INFERRED", "GRAPH_ENTAILED", "GRAPH_EVIDENCE",
    "SLUG", "check_iri", "resource_iri",
]

NRW = Namespace("https://w3id.org/nrwkg/ontology#")
ID = Namespace("https://w3id.org/nrwkg/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")

_GRAPH = "https://w3id.org/nrwkg/graph/"
GRAPH_ONTOLOGY = URIRef(_GRAPH + "ontology")
GRAPH_REGISTRY = URIRef(_GRAPH + "registry")
GRAPH_INFERRED = URIRef(_GRAPH + "inferred")
GRAPH_ENTAILED = URIRef(_GRAPH + "entailed")
GRAPH_EVIDENCE = URIRef(_GRAPH + "evidence")



def resource_iri(kind: str, slug: str) -> URIRef:
    """The IRI of a resource; raises ValueError for a malformed kind or slug."""
    iri = f"{ID}{kind}/{slug}"
    problem = check_iri(iri)
    if problem:
        raise ValueError(problem)
    return URIRef(iri)
