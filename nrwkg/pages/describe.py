"""The description of one entity as RDF: what is said about it, and the evidence for it.

`descriptions(statements)` gives, for every resource with a page, the triples whose subject it
is (from every graph of the dataset) plus the W3C Web Annotations whose statements are about it
(target, selectors, bodies); the dataset is read once for all pages (nrwkg.pages.statements).
The build writes each as Turtle beside the entity page (`pages/{kind}/{slug}.ttl`, linked with
<link rel="alternate">); `nrwkg serve` answers `/id/{kind}/{slug}` with it in any RDF format.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

from nrwkg.kept import keep, wrote
from nrwkg.urls import rdf_path

__all__ = ["descriptions", "serialize_description", "write_descriptions"]

_RDF_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"


def descriptions(statements, resources=None) -> dict[str, list]:
    """resource IRI → its pyoxigraph triples (sorted, no duplicates); only `resources` when given."""
    import pyoxigraph as ox

    evidence = statements.annotations
    wanted = set(resources) if resources is not None else None
    about: dict[str, set] = statements.about
    bodies_of: dict[str, set[str]] = defaultdict(set)  # resource → annotations with a statement about it
    for subject, triples in evidence.items():
        if not isinstance(subject, ox.NamedNode):
            continue
        for t in triples:
            if t.predicate.value == _RDF_SUBJECT and isinstance(t.object, ox.NamedNode) \
                    and (wanted is None or t.object.value in wanted):
                bodies_of[t.object.value].add(subject.value.rsplit("/", 1)[0])
    closures: dict[str, set] = {}  # annotation → its closure (an annotation may be about several resources)
    found = {}
    for iri in [*about, *(r for r in bodies_of if r not in about)]:
        if wanted is not None and iri not in wanted:
            continue
        subjects: set = set()
        for annotation in bodies_of.get(iri, ()):
            closure = closures.get(annotation)
            if closure is None:
                closure = closures[annotation] = _closure(evidence, ox.NamedNode(annotation))
            subjects |= closure
        own = about.get(iri)
        if own:
            subjects.add(ox.NamedNode(iri))
        listed: list = []
        # sorted as str(triple) sorts, subject by subject: the text of a triple starts with its
        # subject's and a space, which sorts before any character of a term
        for subject in sorted(subjects, key=str):
            if own and isinstance(subject, ox.NamedNode) and subject.value == iri:
                listed += sorted(own.union(evidence.get(subject, ())), key=str)
            else:
                listed += evidence.get(subject, ())  # sorted already (nrwkg.pages.statements)
        found[iri] = listed
    return found


def _closure(evidence: dict, start, depth: int = 3) -> set:
    """The annotation and the nodes it reaches in the evidence graph (target, selectors, bodies)."""
    seen, frontier = {start}, [start]
    for _ in range(depth):
        frontier = [t.object for s in frontier for t in evidence.get(s, ())
                    if t.object in evidence and t.object not in seen]
        seen.update(frontier)
    return seen


def serialize_description(triples: list, fmt, prefixes: dict[str, str] | None = None) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(triples, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None) or b""


def write_descriptions(statements, out: Path, entities, prefixes: dict[str, str]) -> int:
    """Write out/pages/{kind}/{slug}.ttl for every entity that has a page; returns how many.

    In an incremental build, a description whose bytes are those the previous build wrote there is
    linked from it (nrwkg.kept, keyed by a digest of the bytes): serialising them is cheap, writing
    a new file is not (bundled corpus: 413 files, 0.1 CPU s written, 0.01 linked)."""
    import pyoxigraph as ox

    entities = list(entities)
    found = descriptions(statements, entities)
    count = 0
    folders: set[Path] = set()
    for iri in entities:
        path = rdf_path(iri)
        if path is None:
            continue
        target = out / path
        data = serialize_description(found.get(iri, []), ox.RdfFormat.TURTLE, prefixes)
        key = hashlib.sha256(b"description\n" + data).digest()
        if not keep(target, key):
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            target.write_bytes(data)
            wrote(target, key)
        count += 1
    return count
