"""Shortest connections between two actors (issue 11.5), found with networkx.

The edges are those of queries/network/connection-edges.rq: membership (org:subOrganizationOf),
partnership (nrw:partner), signature and party of an agreement (nrw:signatory, nrw:party) and posts
(org:heldBy, org:postIn: person – post – organisation). Places, goals and topics are no bridges:
two actors are not connected because they mention the same city. Every step of a path carries its
evidence: the document and quote that state it (or the registry, for a registry parent), and the
reason when the fact is inferred.

    >>> from nrwkg.api import Graph
    >>> g = Graph.load("build")                                            # doctest: +SKIP
    >>> path = g.connections("person:ralf-stoffels", "organization:ig-metall")[0]  # doctest: +SKIP
    >>> [(s.subject, s.predicate, s.object) for s in path]                  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from nrwkg import paths
from nrwkg.errors import QueryError

__all__ = ["Step", "Evidence", "connections"]


@dataclass(frozen=True)
class Evidence:
    graph: str  # the named graph holding the fact (a document, the registry, the inferred graph)
    document: str | None  # the document whose quote states it (None for a registry fact)
    quote: str | None
    inferred_because: str | None = None


@dataclass(frozen=True)
class Step:
    """One edge of a path, as the data states it (subject, predicate, object), with its evidence."""

    subject: str
    predicate: str
    object: str
    evidence: tuple[Evidence, ...] = field(default=())

    @property
    def inferred(self) -> bool:
        """True when only the inferred graph holds the fact (no document states it, no registry entry)."""
        return all(e.graph == _INFERRED for e in self.evidence)


_INFERRED = "https://w3id.org/nrwkg/graph/inferred"


def _edges_query() -> str:
    return (Path(paths.QUERIES) / "network" / "connection-edges.rq").read_text(encoding="utf-8")


def connections(graph, a: str, b: str, limit: int = 10) -> list[list[Step]]:
    """Up to `limit` shortest paths between the actors `a` and `b` (CURIEs or IRIs), each a list of
    steps from `a` to `b`; an empty list when they are not connected."""
    rows = graph.query(_edges_query())
    network = nx.Graph()
    for r in rows:
        s, p, o = r["s"], r["p"], r["o"]
        key = (s, p, o)
        data = network.get_edge_data(s, o, default=None)
        evidence = Evidence(str(r["graph"]), r["document"], r["quote"], r["inferred_because"])
        if data is None:
            network.add_edge(s, o, facts={key: [evidence]})
        else:
            data["facts"].setdefault(key, []).append(evidence)
    a, b = _curie(graph, a), _curie(graph, b)
    for node in (a, b):
        if node not in network:
            raise QueryError(f"{node} has no membership, partnership, signature or post in the graph")
    try:
        found = nx.all_shortest_paths(network, a, b)
        result = []
        for nodes in found:
            steps = []
            for x, y in zip(nodes, nodes[1:], strict=False):
                facts = network.get_edge_data(x, y)["facts"]
                (s, p, o), evidence = sorted(facts.items())[0]
                ordered = sorted(set(evidence), key=lambda e: (e.graph, e.document or "", e.quote or ""))
                steps.append(Step(s, p, o, tuple(ordered)))
            result.append(steps)
            if len(result) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    return sorted(result, key=lambda path: [(s.subject, s.predicate, s.object) for s in path])


def _curie(graph, value: str) -> str:
    """The node name as Graph.query gives it (a CURIE where a prefix fits)."""
    import pyoxigraph as ox

    from nrwkg.query.results import to_python

    iri = value
    if not value.startswith(("http://", "https://")):
        prefix, _, local = value.partition(":")
        if prefix not in graph.prefixes:
            raise QueryError(f"unknown prefix in {value!r}")
        iri = graph.prefixes[prefix] + local
    return to_python(ox.NamedNode(iri), graph.prefixes)
