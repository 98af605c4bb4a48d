"""Which triples each union file holds: asserted ones apart from derived ones, the ontology apart
from its SKOS schemes.

- asserted: every named graph except `entailed` (the alignment materialised by the build) and
  `inferred` (facts a document does not state); those two go to files of their own, so a consumer
  of nrwkg.ttl never mistakes a derived triple for a stated one.
- the ontology graph holds the OWL ontology and the SKOS schemes; the schemes (every subject typed
  skos:Concept or skos:ConceptScheme) go to schemes.ttl, so that ontology.ttl describes exactly one
  owl:Ontology, as ontology documentation tools expect.
"""

from __future__ import annotations

from rdflib import RDF, URIRef
from rdflib.namespace import SKOS

from nrwkg.export.source import Source
from nrwkg.namespaces import GRAPH_ENTAILED, GRAPH_INFERRED, GRAPH_ONTOLOGY

__all__ = ["DERIVED", "DERIVED_FILES", "asserted_graphs", "ontology_alone", "schemes"]

DERIVED = (GRAPH_ENTAILED, GRAPH_INFERRED)
# the Turtle file that holds each derived graph (written beside nrwkg.ttl)
DERIVED_FILES = {GRAPH_ENTAILED: "nrwkg-entailed.ttl", GRAPH_INFERRED: "nrwkg-inferred.ttl"}
_SCHEME_TYPES = (SKOS.Concept, SKOS.ConceptScheme)


def asserted_graphs(src: Source) -> list[URIRef]:
    """The named graphs of the union files: documents, ontology, registry, evidence."""
    return [g for g in src.graphs if g not in DERIVED]


def _split(src: Source, keep_schemes: bool) -> list[tuple]:
    ontology = src.triples([GRAPH_ONTOLOGY])
    wanted = {s for s, p, o in ontology if p == RDF.type and o in _SCHEME_TYPES}
    return [(s, p, o) for s, p, o in ontology if (s in wanted) == keep_schemes]


def ontology_alone(src: Source) -> list[tuple]:
    """The triples of the ontology graph without the SKOS schemes."""
    return _split(src, keep_schemes=False)


def schemes(src: Source) -> list[tuple]:
    """The SKOS concept schemes and concepts of the ontology graph, as triples."""
    return _split(src, keep_schemes=True)
