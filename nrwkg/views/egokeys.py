"""What an entity's view (catalog.ego_view: one step, at most `limit` neighbours) is made from, as a
digest, so that a build keeps the previous build's file of a view whose digest is unchanged
(nrwkg.kept) without selecting, laying out or encoding the view again.

An entity's view shows its centre and nodes one step away in the network's order, the edges among
them in adjacency order, their data, display labels and class names, the labels of the edges'
addressees and the titles of the documents they name; which neighbours a view cut to `limit`
shows depends on their edges with the centre and their degree in the whole network. So the digest
holds, for the centre and each node one step away in the network's order, the node's data and
display label and every edge at it (either direction, in adjacency order, with its data and its
addressee's label); and, the same for every view of a build, the lookup's class names, document
titles and dates, the title of every document a node or edge names, and the limits. That is more than a
view reads (an edge to a node two steps away counts for a degree only), never less: the same digest
means the same page for the same code (the memo that keeps them is only read by the same code,
nrwkg.buildcache), a changed one at worst renders a page that turns out the same.
"""

from __future__ import annotations

import networkx as nx

from nrwkg.kept import key_of
from nrwkg.views import EGO_LIMIT, PAIR_EDGE_LIMIT
from nrwkg.views.catalog import EGO_DEPTH
from nrwkg.views.lookup import Lookup

__all__ = ["EgoKeys"]


class EgoKeys:
    """The digests of the one-step views of the nodes of `net`, each made on first use (nrwkg.kept's
    key_of: None where some data cannot be pickled, and such a view is always rendered)."""

    def __init__(self, net: nx.MultiDiGraph, lookup: Lookup, limit: int | None = EGO_LIMIT,
                 pair_limit: int | None = PAIR_EDGE_LIMIT, depth: int = EGO_DEPTH):
        if depth != 1:
            raise ValueError(f"the digest covers the views of one step, not {depth}")
        self.net, self.lookup = net, lookup
        self._positions = {n: i for i, n in enumerate(net)}
        self._stars: dict = {}  # node → the digest of its data, label and edges
        self._edges: dict = {}  # (u, v, key) → the digest of the edge
        documents: set[str] = set()
        for _, d in net.nodes(data=True):
            documents.update(d.get("documents", ()))
        for _, _, d in net.edges(data=True):
            documents.update(d.get("documents", ()))
            documents.update(ev["document"] for ev in d.get("evidence", ()))
        self._common = key_of(
            "ego", depth, limit, pair_limit, sorted(lookup.classes.items()), sorted(lookup.documents.items()),
            sorted(lookup.dates.items()), sorted((doc, lookup.document_title(doc)) for doc in documents))

    def key(self, center: str) -> bytes | None:
        """The digest of everything the one-step view of `center` is made from (None: not known)."""
        members = sorted({center, *self.net.succ[center], *self.net.pred[center]}, key=self._positions.__getitem__)
        stars = [self._star(node) for node in members]
        if self._common is None or None in stars:
            return None
        return key_of(self._common, center, stars)

    def _star(self, node: str) -> bytes | None:
        if node not in self._stars:
            out = [self._edge(node, v, k, d) for v, keyed in self.net.succ[node].items() for k, d in keyed.items()]
            into = [self._edge(u, node, k, d) for u, keyed in self.net.pred[node].items() for k, d in keyed.items()]
            self._stars[node] = None if None in out or None in into else key_of(
                node, self.net.nodes[node], self.lookup.labels.get(node), out, into)
        return self._stars[node]

    def _edge(self, u: str, v: str, k, d: dict) -> bytes | None:
        if (u, v, k) not in self._edges:
            addressee = self.lookup.label(d["addressee"]) if d.get("addressee") else ""
            self._edges[(u, v, k)] = key_of(u, v, k, d, addressee)
        return self._edges[(u, v, k)]
