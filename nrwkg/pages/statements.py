"""What the entity pages, their RDF descriptions and the document readers read from the dataset,
in one pass over its quads.

The build's dataset.nq is parsed once (pyoxigraph's parser; iterating the persisted store or
ordering a SPARQL result by terms reads every term's text back from disk and costs several
times more). From that one pass come:

- `facts`: for every resource that has a page, what the document, registry and inferred graphs
  say about it (not its type), as (predicate, object, graph), in the order of
  `ORDER BY ?p ?o ?g` (queries/pages/facts.rq says the same in SPARQL);
- `evidence`: for every (subject, predicate, object) the quotes behind it, as in
  queries/network/evidence.rq, ordered by subject, predicate, object, document and start;
- `about` and `annotations`: the triples of each resource and of the evidence graph by subject
  (each subject's in the order of their N-Triples text), from which nrwkg.pages.describe writes
  the Turtle beside each page.

Without a dataset.nq (a store made in a test) the store's named graphs are read instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from nrwkg.namespaces import GRAPH_ENTAILED, GRAPH_EVIDENCE, GRAPH_ONTOLOGY, ID

__all__ = ["Statements", "read_statements", "dataset_quads", "term_order"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_OA = "http://www.w3.org/ns/oa#"
_TYPE = _RDF + "type"
_INFERRED_BECAUSE = "https://w3id.org/nrwkg/ontology#inferredBecause"
_HAS_BODY = _OA + "hasBody"
_NOT_FACTS = {str(GRAPH_ENTAILED), str(GRAPH_ONTOLOGY), str(GRAPH_EVIDENCE)}


def term_order(term) -> tuple:
    """SPARQL's ORDER BY for the terms the dataset holds: blank nodes, then IRIs, then literals,
    each by its text (a literal then by datatype and language)."""
    if isinstance(term, ox.NamedNode):
        return (1, term.value, "", "")
    if isinstance(term, ox.Literal):
        return (2, term.value, term.datatype.value, term.language or "")
    return (0, term.value, "", "")


@dataclass
class Statements:
    facts: dict[str, list[tuple]] = field(default_factory=dict)  # resource → [(p, o, graph IRI)]
    evidence: dict[tuple[str, str, str], list[dict]] = field(default_factory=dict)  # the pages add "quote"
    about: dict[str, set] = field(default_factory=dict)  # resource → its triples, from every graph
    annotations: dict = field(default_factory=dict)  # evidence graph: subject term → its triples, by str()


def dataset_quads(store, out: Path | None = None) -> Iterator:
    """Every quad of the named graphs: parsed from out/dataset.nq when the build has written it,
    else read from the store."""
    nquads = out / "dataset.nq" if out is not None else None
    if nquads is not None and nquads.is_file():
        return ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    return (q for q in store.quads_for_pattern(None, None, None, None)
            if not isinstance(q.graph_name, ox.DefaultGraph))


def read_statements(quads: Iterable, resources) -> Statements:
    """One pass over `quads` (named graphs only) for the `resources` (IRIs) that get a page."""
    wanted = set(resources)
    evidence_graph, id_ns = str(GRAPH_EVIDENCE), str(ID)
    about: dict[str, set] = defaultdict(set)
    facts: dict[str, list[tuple]] = defaultdict(list)
    annotations: dict = defaultdict(list)
    annotated: dict = {}  # the subjects with a body: the annotations, in the order they come
    for quad in quads:
        subject, graph = quad.subject, quad.graph_name.value
        triple = quad.triple
        if graph == evidence_graph:
            annotations[subject].append(triple)
            if triple.predicate.value == _HAS_BODY:
                annotated[subject] = None
        value = subject.value
        if value in wanted and isinstance(subject, ox.NamedNode) and value.startswith(id_ns):
            about[value].add(triple)
            if graph not in _NOT_FACTS and triple.predicate.value != _TYPE:
                facts[value].append((triple.predicate, triple.object, graph))
    for found in facts.values():
        found.sort(key=lambda f: (f[0].value, term_order(f[1]), f[2]))
    for triples in annotations.values():
        triples.sort(key=str)
    return Statements(dict(facts), _evidence(annotations, annotated), dict(about), dict(annotations))


def _by_predicate(triples) -> dict[str, list]:
    found: dict[str, list] = defaultdict(list)
    for t in triples:
        found[t.predicate.value].append(t.object)
    return found


def _evidence(annotations: dict, annotated: Iterable) -> dict[tuple[str, str, str], list[dict]]:
    """The rows of queries/network/evidence.rq, read from the evidence graph's triples: each
    annotation's body (the triple) with its target's document, quote and offsets. The properties
    of a node are looked up when its annotation is read, not kept for every node at once."""

    def index(subject) -> dict[str, list]:
        return _by_predicate(annotations.get(subject, ()))

    rows = []
    for annotation in annotated:
        properties = index(annotation)
        bodies, targets = properties.get(_OA + "hasBody"), properties.get(_OA + "hasTarget")
        if not bodies or not targets:
            continue
        reasons = [r.value for r in properties.get(_INFERRED_BECAUSE, ())] or [""]
        said = [(s, p, o) for body in bodies for b in (index(body),)
                for s in b.get(_RDF + "subject", ()) for p in b.get(_RDF + "predicate", ())
                for o in b.get(_RDF + "object", ())]
        if not said:
            continue
        for target in targets:
            t = index(target)
            selectors = [(sel, index(sel)) for sel in t.get(_OA + "hasSelector", ())]
            quotes = [exact.value for _, sel in selectors if _typed(sel, "TextQuoteSelector")
                      for exact in sel.get(_OA + "exact", ())]
            spans = [(start, end) for _, sel in selectors if _typed(sel, "TextPositionSelector")
                     for start in sel.get(_OA + "start", ()) for end in sel.get(_OA + "end", ())]
            for document in t.get(_OA + "hasSource", ()):
                for exact in quotes:
                    for start, end in spans:
                        for s, p, o in said:
                            for reason in reasons:
                                rows.append((s, p, o, document, exact, int(start.value), int(end.value), reason))
    rows.sort(key=lambda r: (term_order(r[0]), term_order(r[1]), term_order(r[2]), term_order(r[3]), r[5],
                             r[6], r[4], r[7]))
    evidence: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for s, p, o, document, exact, start, end, reason in rows:
        evidence[(s.value, p.value, o.value)].append(
            {"document": document.value, "exact": exact, "start": start, "end": end, "inferred": reason})
    return dict(evidence)


def _typed(properties: dict, kind: str) -> bool:
    return any(t.value == _OA + kind for t in properties.get(_TYPE, ()))
