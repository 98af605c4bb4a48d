"""Which part of the network a view shows. Every selection is a subgraph of `build_network`.

Each selection is defined by relations (predicates) and classes, so that it can be checked against
a SPARQL query over the store: the browser tests count nodes and edges both ways. An ego view
bounded to its closest neighbours (`ego` with a limit) is a part of its SPARQL selection. With
`pair_limit`, a selection keeps at most that many edges between any two nodes (either direction:
the first ones in the network's order) and `graph["pairs_left_out"]` says, for each pair cut
(a frozenset of its two nodes), how many it leaves out; the nodes stay the same.
"""

from __future__ import annotations

import weakref

import networkx as nx

from nrwkg.namespaces import NRW, ORG

__all__ = [
    "ACTOR_PREDICATES",
    "POLICY_PREDICATES",
    "POLICY_TYPES",
    "whole",
    "actors",
    "policy",
    "document",
    "ego",
    "bound_pairs",
]

# Who signed or is party to which agreement, who partners in which alliance or dialogue, who holds
# which post in which organisation, which organisation belongs to or succeeded which.
ACTOR_PREDICATES = frozenset(
    str(p)
    for p in (
        NRW.party,
        NRW.signatory,
        NRW.signedAs,
        NRW.partner,
        NRW.establishes,
        ORG.heldBy,
        ORG.postIn,
        ORG.subOrganizationOf,
        ORG.hasMember,
        ORG.originalOrganization,
        ORG.resultingOrganization,
    )
)
# Instruments and measures → goals and targets, who is responsible, who pays, for whom, how much.
POLICY_PREDICATES = frozenset(
    str(p)
    for p in (
        NRW.servesGoal,
        NRW.partOf,
        NRW.responsible,
        NRW.fundedBy,
        NRW.beneficiary,
        NRW.hasAmount,
        NRW.payer,
        NRW.recipientOfFunds,
        NRW.paysFor,
        NRW.establishes,
        NRW.agreedMeasure,
    )
)
# The policy map shows every node of these classes, and every stance (demands, plans, commits …)
# whose object is one of them.
POLICY_TYPES = frozenset(
    {"nrw:PolicyInstrument", "nrw:Measure", "nrw:Goal", "nrw:Target", "nrw:MonetaryAmount"}
)
_STANCE = str(NRW.modality)
_POSITIONS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_EDGES_BY_DOCUMENT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def whole(net: nx.MultiDiGraph, pair_limit: int | None = None) -> nx.MultiDiGraph:
    if pair_limit is None:
        return net.copy()
    sub = nx.MultiDiGraph()
    sub.add_nodes_from(net.nodes(data=True))
    left_out: dict = {}
    sub.add_edges_from(bound_pairs(net.edges(keys=True, data=True), pair_limit, left_out))
    sub.graph["pairs_left_out"] = left_out
    return sub


def bound_pairs(edges, limit: int | None, left_out: dict):
    """The (u, v, key, data) `edges` but those beyond the first `limit` between the same two nodes
    (either direction), in the order given; `left_out` gets, for each pair cut (frozenset of its
    two nodes), how many edges were left out. With `limit` None: every edge."""
    if limit is None:
        yield from edges
        return
    seen: dict = {}
    for edge in edges:
        u, v = edge[0], edge[1]
        pair = frozenset((u, v))
        count = seen[pair] = seen.get(pair, 0) + 1
        if count <= limit:
            yield edge
        else:
            left_out[pair] = count - limit


def _by_edges(net: nx.MultiDiGraph, keep, extra_nodes=(), pair_limit: int | None = None) -> nx.MultiDiGraph:
    sub = nx.MultiDiGraph()
    for node in extra_nodes:
        sub.add_node(node, **net.nodes[node])
    for u, v, k, data in net.edges(keys=True, data=True):
        if keep(u, v, data):
            for n in (u, v):
                if n not in sub:
                    sub.add_node(n, **net.nodes[n])
            sub.add_edge(u, v, key=k, **data)
    return _in_network_order(net, sub, pair_limit)


def _in_network_order(net: nx.MultiDiGraph, sub: nx.MultiDiGraph, pair_limit: int | None = None) -> nx.MultiDiGraph:
    ordered = nx.MultiDiGraph()
    ordered.add_nodes_from((n, net.nodes[n]) for n in net if n in sub)
    left_out: dict = {}
    ordered.add_edges_from(bound_pairs(
        ((u, v, k, d) for u, v, k, d in net.edges(keys=True, data=True) if sub.has_edge(u, v, k)),
        pair_limit, left_out))
    ordered.graph["pairs_left_out"] = left_out
    return ordered


def actors(net: nx.MultiDiGraph, pair_limit: int | None = None) -> nx.MultiDiGraph:
    """The actor network: agreements, alliances and dialogues with their parties, signatories and
    partners; posts with who holds them and where; organisational structure."""
    return _by_edges(net, lambda u, v, d: d["predicate"] in ACTOR_PREDICATES, pair_limit=pair_limit)


def policy(net: nx.MultiDiGraph, pair_limit: int | None = None) -> nx.MultiDiGraph:
    """The policy map: instruments, measures, goals, targets and amounts, how they connect, and
    who is responsible, pays, benefits, plans, commits to or demands them."""

    def keep(u, v, d) -> bool:
        if d["predicate"] == _STANCE:
            return net.nodes[v]["type"] in POLICY_TYPES
        return d["predicate"] in POLICY_PREDICATES

    extra = [n for n, d in net.nodes(data=True) if d["type"] in POLICY_TYPES]
    return _by_edges(net, keep, extra, pair_limit)


def document(net: nx.MultiDiGraph, iri: str, pair_limit: int | None = None) -> nx.MultiDiGraph:
    """What one document says: every relation it states (or that is inferred from it).

    The same as `_by_edges(net, lambda u, v, d: iri in d["documents"])`, from an index of the
    edges by document made in one pass per network (not one pass per document)."""
    index = _EDGES_BY_DOCUMENT.get(net)
    if index is None:
        index = _EDGES_BY_DOCUMENT[net] = {}
        for u, v, k, d in net.edges(keys=True, data=True):
            for doc in dict.fromkeys(d["documents"]):
                index.setdefault(doc, []).append((u, v, k, d))
    edges = index.get(iri, [])
    positions = _node_positions(net)
    members = sorted({n for u, v, _, _ in edges for n in (u, v)}, key=positions.__getitem__)
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, net.nodes[n]) for n in members)
    left_out: dict = {}
    sub.add_edges_from(bound_pairs(edges, pair_limit, left_out))
    sub.graph["pairs_left_out"] = left_out
    return sub


def ego(
    net: nx.MultiDiGraph, center: str, depth: int = 1, limit: int | None = None, pair_limit: int | None = None
) -> nx.MultiDiGraph:
    """Everything within `depth` steps of `center` (either direction), with the edges among them.

    With `limit`, at most `limit` nodes besides the centre, taken step by step: first the nodes one
    step away, then those two steps away that touch a node already taken, and so on. Within a step
    the nodes with the most edges to the nodes already taken come first (one step away: the most
    edges to or from the centre), then those with the highest degree in the network, then by IRI.
    The edges are those among the nodes taken (at most `pair_limit` between two nodes, see
    bound_pairs). `graph["left_out"]` of the result is how many nodes within `depth` steps it
    leaves out (0 when nothing is cut)."""
    levels = [[center]]
    reached = {center}
    for _ in range(depth):
        frontier = list(
            dict.fromkeys(
                w for u in levels[-1] for w in (*net.successors(u), *net.predecessors(u)) if w not in reached
            )
        )
        reached.update(frontier)
        levels.append(frontier)
    if limit is None or len(reached) - 1 <= limit:
        sub = _induced_in_network_order(net, reached, pair_limit)
        sub.graph["left_out"] = 0
        return sub
    taken = _bounded_levels(net, levels, limit)
    sub = _induced_in_network_order(net, taken, pair_limit)
    sub.graph["left_out"] = len(reached) - len(taken)
    return sub


def _bounded_levels(net: nx.MultiDiGraph, levels: list[list], limit: int) -> set:
    """The centre (levels[0]) and at most `limit` more nodes of the later levels, in ego's order."""
    taken = set(levels[0])
    previous = levels[0]
    for level in levels[1:]:
        room = limit - (len(taken) - 1)
        if room <= 0:
            break
        ties = _edges_to(net, previous, set(level))
        ranked = sorted(ties, key=lambda w: (-ties[w], -net.degree(w), w))[:room]
        taken.update(ranked)
        previous = ranked
    return taken


def _edges_to(net: nx.MultiDiGraph, sources: list, candidates: set) -> dict:
    """For each candidate with an edge to or from one of `sources`: how many such edges it has."""
    counts: dict = {}
    for u in sources:
        for adjacency in (net.succ[u], net.pred[u]):
            for w, keyed in adjacency.items():
                if w in candidates:
                    counts[w] = counts.get(w, 0) + len(keyed)
    return counts


def _node_positions(net: nx.MultiDiGraph) -> dict:
    """Each node's place in the network's order, computed once per network (not once per view)."""
    cached = _POSITIONS.get(net)
    if cached is None or len(cached) != net.number_of_nodes():
        cached = _POSITIONS[net] = {n: i for i, n in enumerate(net)}
    return cached


def _induced_in_network_order(net: nx.MultiDiGraph, nodes: set, pair_limit: int | None = None) -> nx.MultiDiGraph:
    """The subgraph induced by `nodes`, nodes and edges in the network's order (what
    _in_network_order gives), reading only the edges at those nodes, not the whole network; at
    most `pair_limit` edges between two nodes (bound_pairs)."""
    positions = _node_positions(net)
    ordered = nx.MultiDiGraph()
    members = sorted(nodes, key=positions.__getitem__)
    ordered.add_nodes_from((n, net.nodes[n]) for n in members)
    left_out: dict = {}
    ordered.add_edges_from(bound_pairs(
        ((u, v, k, d) for u in members for v, keyed in net.adj[u].items() if v in nodes for k, d in keyed.items()),
        pair_limit, left_out))
    ordered.graph["pairs_left_out"] = left_out
    return ordered
