"""Which HermiT verdicts an incremental build may reuse: OWL consistency is monotonic, and
annotations carry no meaning for it.

HermiT decides whether the ontology and the data have a model at all; it writes nothing into the
build (the entailed graph is computed in Python at compile, nrwkg.compile.dataset). Under OWL 2's
direct semantics a consistent set of axioms stays consistent when axioms are taken away, and an
annotation assertion (a triple whose predicate the ontology declares an owl:AnnotationProperty:
labels, alternative names, notes, definitions, external ids) is no axiom about the world at all.
So if the data's *core* (every triple except annotation assertions) is a subset of the core of
data found consistent before, with the same ontology, it is consistent too: renaming an entity,
fixing a label or dropping a statement needs no new run of HermiT. Anything else (a new relation,
a new type, an edited ontology) runs HermiT as always.

The core is kept as a set of 16-byte digests of its N-Triples lines, by a digest of the ontology.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import OWL, RDF, Graph, URIRef

from nrwkg.serialize import to_ntriples

__all__ = ["ontology_key", "core_digests", "covered"]


def ontology_key(ontology: Graph) -> str:
    return hashlib.sha256(to_ntriples(ontology).encode("utf-8")).hexdigest()


def _annotation_properties(ontology: Graph) -> frozenset:
    declared = set(ontology.subjects(RDF.type, OWL.AnnotationProperty))
    other = {p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in ontology.subjects(RDF.type, kind)}
    return frozenset(p for p in declared - other if isinstance(p, URIRef))


def core_digests(ontology: Graph, data: Iterable) -> frozenset[bytes]:
    """Digests of the data's triples that are not annotation assertions."""
    annotations = _annotation_properties(ontology)
    core = [t for t in data if t[1] not in annotations]
    return frozenset(hashlib.blake2b(line.encode("utf-8"), digest_size=16).digest()
                     for line in to_ntriples(core).splitlines())


def covered(core: frozenset[bytes], consistent_before: frozenset[bytes] | None) -> bool:
    """Whether data with this core is consistent because data with `consistent_before` was."""
    return consistent_before is not None and core <= consistent_before
