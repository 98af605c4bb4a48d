"""The description of one entity as RDF: what is said about it, and the evidence for it.

`descriptions(store)` reads the store once and gives, for every resource IRI, the triples whose
subject it is (from the document, registry and inferred graphs; not the entailed ones) plus the
W3C Web Annotations whose statements are about it (target, selectors, bodies). The build writes
each as Turtle beside the entity page (`pages/{kind}/{slug}.ttl`, linked with
<link rel="alternate">); `nrwkg serve` answers `/id/{kind}/{slug}` with it in any RDF format.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from nrwkg.namespaces import GRAPH_ENTAILED, GRAPH_EVIDENCE, GRAPH_ONTOLOGY, ID
from nrwkg.urls import rdf_path

__all__ = ["descriptions", "serialize_description", "write_descriptions"]

_RDF_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"
_SKIPPED = {str(GRAPH_ENTAILED), str(GRAPH_ONTOLOGY)}


def descriptions(store) -> dict[str, list]:
    """resource IRI → its pyoxigraph triples (sorted, no duplicates)."""
    import pyoxigraph as ox

    about: dict[str, set] = defaultdict(set)
    evidence: dict[str, list] = defaultdict(list)
    for quad in store.quads_for_pattern(None, None, None, None):
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else ""
        triple = ox.Triple(quad.subject, quad.predicate, quad.object)
        if graph == str(GRAPH_EVIDENCE):
            evidence[subject].append(triple)
        elif graph not in _SKIPPED and subject.startswith(str(ID)):
            about[subject].add(triple)
    bodies_of: dict[str, set[str]] = defaultdict(set)  # resource → annotations with a statement about it
    for subject, triples in evidence.items():
        for t in triples:
            if t.predicate.value == _RDF_SUBJECT and isinstance(t.object, ox.NamedNode):
                annotation = subject.rsplit("/", 1)[0]
                bodies_of[t.object.value].add(annotation)
    for resource, found in bodies_of.items():
        for annotation in found:
            for subject in _closure(evidence, annotation):
                about[resource].update(evidence[subject])
    return {iri: sorted(triples, key=str) for iri, triples in about.items()}


def _closure(evidence: dict[str, list], start: str, depth: int = 3) -> set[str]:
    """The annotation and the nodes it reaches in the evidence graph (target, selectors, bodies)."""
    seen, frontier = {start}, [start]
    for _ in range(depth):
        frontier = [t.object.value for s in frontier for t in evidence.get(s, ())
                    if t.object.value in evidence and t.object.value not in seen]
        seen.update(frontier)
    return seen


def serialize_description(triples: list, fmt, prefixes: dict[str, str] | None = None) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(triples, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None) or b""


def write_descriptions(store, out: Path, entities, prefixes: dict[str, str]) -> int:
    """Write out/pages/{kind}/{slug}.ttl for every entity that has a page; returns how many."""
    import pyoxigraph as ox

    found = descriptions(store)
    count = 0
    for iri in entities:
        path = rdf_path(iri)
        if path is None:
            continue
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(serialize_description(found.get(iri, []), ox.RdfFormat.TURTLE, prefixes))
        count += 1
    return count
