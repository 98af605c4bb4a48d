"""Load the ontology folder: OWL terms, SKOS schemes (shapes are kept apart)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from nrwkg.compile.controls import CONTROL, escape_line, message, refuse_in_text
from nrwkg.errors import InputError
from nrwkg.iri import NO_BASE, check_turtle
from nrwkg.memo import memo
from nrwkg.namespaces import NRW, SKOS

__all__ = ["load_ontology", "ontology_files", "closure", "parse_turtle_file", "SHAPES_FILE"]

SHAPES_FILE = "shapes.ttl"


def ontology_files(ontology_dir: Path) -> list[Path]:
    return sorted(p for p in ontology_dir.glob("*.ttl") if p.name != SHAPES_FILE)


def parse_turtle_file(path: Path, graph: Graph | None = None) -> Graph:
    """Parse a Turtle file strictly (every IRI absolute and valid; the file's path is never a base;
    no control character but TAB, LF and CR, written as such or as an escape in a literal)."""
    text = path.read_text(encoding="utf-8")
    refuse_in_text(path, text)
    problem = check_turtle(text)
    if problem is not None:
        raise InputError(path, problem.line, problem.message)
    graph = graph if graph is not None else Graph()
    try:
        graph.parse(path, format="turtle", publicID=NO_BASE)
    except BadSyntax as exc:
        raise InputError(path, getattr(exc, "lines", 0) + 1, f"Turtle syntax error: {exc._why}") from None
    escape = escape_line(text.split("\n")) if "\\" in text else None
    if escape is not None:  # an escape that writes a control character: in a literal, or a comment
        for literal in graph.objects():
            found = CONTROL.search(literal) if isinstance(literal, Literal) else None
            if found is not None:
                raise InputError(path, escape + 1, message(found.group(), "a literal"))
    return graph


def load_ontology(ontology_dir: Path) -> Graph:
    """The ontology files' triples in one graph, each file's in the order its parse gives them. A
    file parsed (and checked) before with the same bytes is not parsed again: its triples are kept
    between builds (nrwkg.memo) when they hold no blank node (one parse's labels): 3 files, 0.05 CPU
    s parsed, 0.02 kept."""
    graph = Graph()
    for path in ontology_files(ontology_dir):
        key = hashlib.sha256(path.read_bytes()).digest()
        triples = _PARSED.get(key)
        if triples is None:
            triples = list(parse_turtle_file(path))
            if not any(isinstance(term, BNode) for triple in triples for term in triple):
                _PARSED[key] = triples
        graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


# SHA-256 of an ontology file → its triples as its parse gives them (load_ontology)
_PARSED: dict[bytes, list] = memo("ontology-turtle")


def terms(ontology: Graph) -> tuple[frozenset[URIRef], frozenset[URIRef], frozenset[URIRef]]:
    """(nrw: terms, nrw: classes, SKOS concepts and schemes)."""
    nrw_terms = frozenset(s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(NRW)))
    classes = frozenset(s for s in nrw_terms if (s, RDF.type, OWL.Class) in ontology)
    concepts = frozenset(s for kind in (SKOS.Concept, SKOS.ConceptScheme)
                         for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef))
    return nrw_terms, classes, concepts


def closure(ontology: Graph, predicate: URIRef) -> dict[URIRef, set[URIRef]]:
    """For rdfs:subClassOf or rdfs:subPropertyOf: every term's transitive super-terms."""
    direct: dict[URIRef, set[URIRef]] = {}
    for s, o in ontology.subject_objects(predicate):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            direct.setdefault(s, set()).add(o)
    result: dict[URIRef, set[URIRef]] = {}
    for term in direct:
        seen: set[URIRef] = set()
        stack = list(direct[term])
        while stack:
            t = stack.pop()
            if t not in seen and t != term:
                seen.add(t)
                stack.extend(direct.get(t, ()))
        result[term] = seen
    return result


SUBCLASS, SUBPROPERTY = RDFS.subClassOf, RDFS.subPropertyOf
