"""The digest of what an entity's view is made from (nrwkg.views.egokeys): after any change of the
network or the lookup, an entity whose digest stayed the same has the same view, byte for byte."""

from __future__ import annotations

import copy

import networkx as nx
import pytest

from nrwkg.kept import key_of
from nrwkg.views.catalog import ego_view
from nrwkg.views.data import view_data
from nrwkg.views.egokeys import EgoKeys
from nrwkg.views.lookup import ego_path
from nrwkg.views.site import _page, _relative

LIMITS = (None, 3)  # every neighbour, and views cut to three (which then depend on degrees)


@pytest.fixture(scope="module")
def opened(built):
    from nrwkg.opened import OpenedBuild

    return OpenedBuild.open(built)


def _view_keys(net: nx.MultiDiGraph, lookup, limit) -> dict[str, bytes]:
    """Each entity's view as the key of its bytes (nrwkg.views.site._write_view): its nodes, edges,
    page and library path, from which the template makes the HTML."""
    keys = {}
    for iri in net:
        path = ego_path(iri)
        if path:
            view = ego_view(net, lookup, iri, limit=limit)
            nodes, edges, meta = view_data(view.graph, lookup, focus=iri)
            keys[iri] = key_of("view", nodes, edges, _page(view, _relative(path, ".") + "/", meta),
                               _relative(path, "views/lib") + "/")
    return keys


def _reordered(net: nx.MultiDiGraph, a: str, b: str) -> nx.MultiDiGraph:
    """The same network with nodes a and b swapping places in its order."""
    order = [b if n == a else a if n == b else n for n in net]
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, net.nodes[n]) for n in order)
    out.add_edges_from(net.edges(keys=True, data=True))
    return out


def _hub_and_far_pair(net: nx.MultiDiGraph) -> tuple[str, str, str]:
    """A node with at least four neighbours, one of them w, and a node x two steps from the hub."""
    for hub in net:
        near = set(net.succ[hub]) | set(net.pred[hub])
        if len(near) < 4 or not ego_path(hub):
            continue
        for w in sorted(near):
            far = sorted((set(net.succ[w]) | set(net.pred[w])) - near - {hub})
            if far:
                return hub, w, far[0]
    raise AssertionError("no hub with a neighbour that has a neighbour of its own")


def _mutations(net: nx.MultiDiGraph, lookup):
    """(what changed, network, lookup) after one change each, on copies."""
    hub, w, x = _hub_and_far_pair(net)
    u, v, k, d = next((u, v, k, d) for u, v, k, d in net.edges(keys=True, data=True) if d.get("evidence"))
    addressed = next(((u2, v2, k2, d2) for u2, v2, k2, d2 in net.edges(keys=True, data=True) if d2.get("addressee")),
                     None)

    def copied():
        return copy.deepcopy(net), copy.deepcopy(lookup)

    n2, l2 = copied()  # a neighbour's degree: an edge to a node two steps away
    n2.add_edge(w, x, key="new edge", **copy.deepcopy(d))
    yield "a neighbour's new edge further out", n2, l2
    n2, l2 = copied()
    n2.edges[u, v, k]["evidence"][0] = {**n2.edges[u, v, k]["evidence"][0], "exact": "ein anderer Satz"}
    yield "a quote of an edge", n2, l2
    n2, l2 = copied()
    n2.remove_edge(u, v, k)
    yield "an edge left out", n2, l2
    n2, l2 = copied()
    l2.labels[w] = "Ein anderer Name"
    yield "a neighbour's display label", n2, l2
    n2, l2 = copied()
    n2.nodes[w]["aliases"] = [*n2.nodes[w].get("aliases", ()), "Noch ein Name"]
    yield "a neighbour's aliases", n2, l2
    n2, l2 = copied()
    document = sorted(net.nodes[w].get("documents") or d["documents"])[0]
    l2.documents[document] = "Ein anderer Titel"
    yield "a document's title", n2, l2
    n2, l2 = copied()
    l2.classes = {name: f"{label} (neu)" for name, label in l2.classes.items()}
    yield "the class names", n2, l2
    n2, l2 = copied()
    yield "two neighbours' places in the network's order", _reordered(n2, w, sorted(set(net.succ[hub]) - {w})[0]
                                                                      if set(net.succ[hub]) - {w}
                                                                      else sorted(set(net.pred[hub]) - {w})[0]), l2
    if addressed is not None:
        n2, l2 = copied()
        l2.labels[addressed[3]["addressee"]] = "Ein anderer Adressat"
        yield "an addressee's label", n2, l2


@pytest.mark.parametrize("limit", LIMITS)
def test_an_unchanged_digest_means_the_same_view_after_any_change(opened, limit):
    net, lookup = opened.network, opened.lookup
    before_views = _view_keys(net, lookup, limit)
    before = EgoKeys(net, lookup, limit=limit)
    assert all(before.key(iri) == EgoKeys(net, lookup, limit=limit).key(iri) for iri in before_views)
    for change, net2, lookup2 in _mutations(net, lookup):
        after_views = _view_keys(net2, lookup2, limit)
        after = EgoKeys(net2, lookup2, limit=limit)
        same_digest = {iri for iri in before_views if iri in after_views and before.key(iri) == after.key(iri)}
        changed_views = {iri for iri in before_views if after_views.get(iri) != before_views[iri]}
        wrong = sorted(same_digest & changed_views)
        assert not wrong, f"{change}: the same digest for another view: {wrong[:5]} ({len(wrong)} in all)"
        assert changed_views, f"{change}: changed no view (the test would prove nothing)"
        if change not in ("the class names", "a document's title"):  # those are in every view
            assert same_digest, f"{change}: changed every digest"


def test_a_neighbourhood_whose_data_cannot_be_digested_has_no_digest(opened):
    # such a view is rendered every time (nrwkg.views.site), never taken for another's
    net, lookup = copy.deepcopy(opened.network), opened.lookup
    hub, w, _ = _hub_and_far_pair(net)
    net.nodes[w]["unpicklable"] = lambda: None
    keys = EgoKeys(net, lookup)
    assert keys.key(hub) is None and keys.key(w) is None
    untouched = [n for n in net if w not in net.succ[n] and w not in net.pred[n] and n != w]
    assert untouched and all(keys.key(n) is not None for n in untouched)
