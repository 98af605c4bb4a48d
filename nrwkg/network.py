"""The graph as a network (networkx): entities as nodes, relations as edges with their evidence.

Views, entity pages, GEXF/GraphML and the CSV exports all read this one structure, and a node's
`label` is its display label everywhere (decided in nrwkg.labels). Nodes and
edges come from the SPARQL queries in queries/network/, so a view can be checked against them.
A stance (who demands what from whom) becomes one edge holder → object carrying its modality
and addressee, so a party's demand and a ministry's commitment never look alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from nrwkg.compile.quotes import display
from nrwkg.labels import display_label
from nrwkg.namespaces import GRAPH_ENTAILED, GRAPH_EVIDENCE, GRAPH_INFERRED, GRAPH_ONTOLOGY, ID, NRW
from nrwkg.prefixes import resource_curie
from nrwkg.query.files import query_text
from nrwkg.query.solutions import text
from nrwkg.store import select
from nrwkg.urls import passage_path

__all__ = ["Evidence", "build_network", "network_query", "compact"]

_STANDARD_LABELS = {
    "http://www.w3.org/ns/org#heldBy": ("inne gehabt von", "held by"),
    "http://www.w3.org/ns/org#postIn": ("Amt in", "post in"),
    "http://www.w3.org/ns/org#subOrganizationOf": ("Teil von", "sub-organisation of"),
    "http://www.w3.org/ns/org#originalOrganization": ("Vorgänger", "original organisation"),
    "http://www.w3.org/ns/org#resultingOrganization": ("Nachfolger", "resulting organisation"),
    "http://purl.org/dc/terms/creator": ("Urheber", "creator"),
    "http://purl.org/dc/terms/publisher": ("Herausgeber", "publisher"),
}


@dataclass(frozen=True)
class Evidence:
    """The quote behind an edge: `quote` is the text a person reads (quotes.display), `exact` the
    stored text between `start` and `end`, `url` the reader at that passage (build-relative)."""

    document: str
    quote: str
    start: int
    end: int
    inferred: str = ""
    exact: str = ""
    url: str = ""


def _evidence(document: str, exact: str, start: str, end: str, inferred: str, shown: dict[str, str]) -> Evidence:
    """One quote's evidence; `shown` keeps each quote's display text (a text may be quoted again)."""
    quote = shown.get(exact)
    if quote is None:
        quote = shown[exact] = display(exact)
    first, last = int(start), int(end)
    return Evidence(document, quote, first, last, inferred, exact, passage_path(document, first, last) or "")


def _evidence_order(e: Evidence) -> tuple:
    """A total order, so that evidence held in sets always comes out the same way."""
    return (e.document, e.start, e.end, e.quote, e.inferred)


@dataclass
class _Edge:
    source: str
    target: str
    predicate: str
    graphs: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)
    modality: str = ""
    addressee: str = ""
    stance: str = ""


def compact(iri: str) -> str:
    """`organization:mwike` for a resource IRI, `nrw:Term` for an ontology term, else the IRI."""
    return resource_curie(iri) or iri


def network_query(name: str) -> str:
    return query_text("network", name)


_value = text  # the value of a variable, "" when unbound


def _values(solution) -> tuple[str, ...]:
    """The values of a solution in the order the query projects them, "" for an unbound one."""
    return tuple(["" if term is None else term.value for term in solution])


def _rows(solutions) -> list[tuple[str, ...]]:
    """The values of every solution, sorted: for a query whose rows are unique in their first
    variables (a GROUP BY key), the order its ORDER BY gave on IRIs, in a fraction of the time (the
    store's ORDER BY took 0.67 of the edges query's 1.79 CPU seconds at 10x; Python sorts the same
    rows in milliseconds)."""
    return sorted(_values(s) for s in solutions)


_TERM_RANK = {ox.BlankNode: 1, ox.NamedNode: 2, ox.Literal: 3}


def _sparql_order(solution) -> tuple:
    """A sort key that orders solutions as SPARQL's ORDER BY over all their variables does, for
    unbound variables, IRIs and plain or boolean literals: unbound first, then blank nodes, IRIs,
    literals, each by its text."""
    return tuple((0, "") if term is None else (_TERM_RANK[type(term)], term.value) for term in solution)


def _graphs_but(store: ox.Store, *skipped) -> list:
    """The named graphs but `skipped`, for a query whose FILTER on ?g leaves those out anyway:
    its GRAPH ?g then reads the others alone (not also the much larger evidence graph)."""
    names = {str(g) for g in skipped}
    return [g for g in store.named_graphs() if g.value not in names]


def build_network(store: ox.Store, collapse_stances: bool = True) -> nx.MultiDiGraph:
    """The network of the built dataset. Node and edge attributes are plain strings and lists."""
    net = nx.MultiDiGraph()
    evidence: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    shown: dict[str, str] = {}
    quotes: dict[tuple[str, ...], Evidence] = {}  # one object per quote: a quote backs several triples
    for row in select(store, network_query("evidence-rows")):  # in no order: see _add_edge
        s, p, o, document, exact, start, end, inferred = row  # all bound but ?inferred
        quote = (document.value, exact.value, start.value, end.value, "" if inferred is None else inferred.value)
        ev = quotes.get(quote)
        if ev is None:
            ev = quotes[quote] = _evidence(*quote, shown)
        evidence[(s.value, p.value, o.value)].append(ev)
    mentioned: dict[str, set[str]] = defaultdict(set)
    for (s, _, o), items in evidence.items():
        for ev in items:
            mentioned[s].add(ev.document)
            mentioned[o].add(ev.document)
    titles = {_value(s, "node"): (_value(s, "title_de") or _value(s, "title"), _value(s, "quotation"))
              for s in select(store, network_query("titles"))}
    nodes = select(store, network_query("nodes"),
                   named_graphs=_graphs_but(store, GRAPH_ENTAILED, GRAPH_ONTOLOGY, GRAPH_EVIDENCE))
    for iri, cls, label_de, label_en, aliases, wikidata, confidence in _rows(nodes):  # by IRI
        title, quotation = titles.get(iri, ("", ""))
        label = display_label(compact(iri), label_de, label_en, title, quotation)
        net.add_node(iri, curie=compact(iri), kind=compact(iri).split(":")[0], type=compact(cls),
                     label=label, label_en=label_en, aliases=sorted(a for a in aliases.split("\x1f") if a),
                     wikidata=wikidata, confidence=confidence, documents=sorted(mentioned.get(iri, ())))
    labels = {_value(s, "p"): (_value(s, "de"), _value(s, "en"))
              for s in select(store, network_query("predicate-labels"))}
    labels.update({k: v for k, v in _STANDARD_LABELS.items() if k not in labels})
    stance_nodes = {n for n, d in net.nodes(data=True) if d["type"] == "nrw:Stance"} if collapse_stances else set()
    edges = select(store, network_query("edges"),
                   named_graphs=_graphs_but(store, GRAPH_ENTAILED, GRAPH_ONTOLOGY, GRAPH_EVIDENCE))
    for src, pred, tgt, graphs in _rows(edges):  # by source, predicate, target
        # the query leaves it to this test that both ends are nodes (an EXISTS per row costs more)
        if src in stance_nodes or tgt in stance_nodes or src not in net or tgt not in net:
            continue
        edge = _Edge(src, tgt, pred, set(graphs.split("|")), evidence.get((src, pred, tgt), []))
        _add_edge(net, edge, labels)
    if collapse_stances:
        _add_stance_edges(net, store, evidence, stance_nodes, labels)
        net.remove_nodes_from(stance_nodes)
    return net


def _add_edge(net: nx.MultiDiGraph, edge: _Edge, labels: dict[str, tuple[str, str]]) -> None:
    de, en = labels.get(edge.predicate, ("", ""))
    local = edge.predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    documents = sorted({ev.document for ev in edge.evidence} | {g for g in edge.graphs if g.startswith(str(ID))})
    net.add_edge(edge.source, edge.target, key=f"{edge.predicate} {edge.stance}".strip(),
                 predicate=edge.predicate, relation=de or local, relation_en=en or local,
                 modality=edge.modality, addressee=edge.addressee, stance=edge.stance,
                 inferred=bool(edge.graphs) and all(g == str(GRAPH_INFERRED) for g in edge.graphs),
                 documents=documents,
                 evidence=[ev.__dict__ for ev in sorted(edge.evidence, key=_evidence_order)])


def _add_stance_edges(net, store, evidence, stance_nodes, labels) -> None:
    modality_labels = _concept_labels(store)
    by_subject: dict[str, list[Evidence]] = defaultdict(list)  # stance → the evidence of its triples
    for key, items in evidence.items():
        by_subject[key[0]].extend(items)
    # by stance, holder, object, addressee, modality (each unbound one first), inferred
    rows = sorted(select(store, network_query("stances")), key=lambda s: _sparql_order(
        (s["stance"], s["holder"], s["object"], s["addressee"], s["modality"], s["inferred"])))
    unique_of: dict[str, list[Evidence]] = {}  # stance → its distinct evidence, sorted (a stance has many rows)
    for s in rows:
        stance, holder, obj = _value(s, "stance"), _value(s, "holder"), _value(s, "object")
        addressee, modality = _value(s, "addressee"), _value(s, "modality")
        target = obj if obj in net and obj not in stance_nodes else addressee
        if not holder or holder not in net or not target or target not in net:
            continue
        unique = unique_of.get(stance)
        if unique is None:
            unique = unique_of[stance] = sorted(set(by_subject.get(stance, ())), key=_evidence_order)
        de, en = modality_labels.get(modality, (compact(modality), compact(modality)))
        graphs = {e.document for e in unique}
        # inferred when the holder, modality, object or addressee is only inferred (the stance's other
        # facts may well be stated), or when every quote behind the stance is an inference
        only_inferred_quotes = any(e.inferred for e in unique) and not any(not e.inferred for e in unique)
        if _value(s, "inferred") == "true" or only_inferred_quotes:
            graphs = {str(GRAPH_INFERRED)}
        edge = _Edge(holder, target, str(NRW.modality), graphs, unique,
                     modality=modality.rsplit("/", 1)[-1], addressee=addressee, stance=stance)
        _add_edge(net, edge, {str(NRW.modality): (de, en)})


def _concept_labels(store) -> dict[str, tuple[str, str]]:
    query = network_query("modality-labels")
    return {_value(s, "c"): (_value(s, "de"), _value(s, "en")) for s in select(store, query)}
