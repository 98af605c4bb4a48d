"""Where each node sits and how big it is, computed in Python so the browser draws at once.

Views are drawn with physics off from these positions: a browser that has to simulate a thousand
nodes first stalls for a minute. Each connected component is laid out on its own and the
components are packed in rows, largest first. Components up to `_SPRING_LIMIT` nodes get
igraph's force-directed (Fruchterman-Reingold) layout, which runs in C (a 300-node component:
0.03 s, where the same layout in numpy took 0.34 s). It costs O(n²) per step, so a larger
component is laid out in two levels: igraph lays out a coarse graph of a few hundred "cells"
(every node joins the cell of its nearest hub), each node starts near its cell, and a few force
steps that only look at nearby nodes (a k-d tree) spread them out. Node sizes follow betweenness,
also igraph's. Everything is seeded: the same graph gives the same picture.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Hashable

import networkx as nx

from nrwkg.memo import memo

__all__ = ["layout", "centrality", "simple_graph", "SPACING", "BETWEENNESS", "DEGREE"]

SPACING = 110.0  # about the distance between neighbouring nodes, in screen pixels
_SPRING_LIMIT = 1000  # components up to this size get the exact force-directed layout
_ITERATIONS = 120  # of the force-directed layout
_CELLS = 250  # cells of the coarse graph for larger components
_BETWEENNESS_LIMIT = 2500  # above this, node size follows degree
_NEAR_PAIRS_BY_TREE = 1000  # close pairs are found by a k-d tree above this many nodes, else compared all
BETWEENNESS = "Vermittlerrolle (Betweenness-Zentralität)"
DEGREE = "Zahl der Verbindungen (Grad)"
_SEED = 7
_MIN_DISTANCE = 105.0  # pixels between node centres after spreading
_LABEL_WIDTH = 190.0  # widest label on the canvas (vis widthConstraint)

Pos = dict[Hashable, tuple[float, float]]


def simple_graph(graph: nx.Graph) -> nx.Graph:
    """`graph` without directions, parallel edges and loops: what layout and centrality work on."""
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return simple


def layout(graph: nx.Graph, simple: nx.Graph | None = None) -> Pos:
    """Screen positions (pixels) for every node of `graph`, deterministic for a given graph
    (`simple`: simple_graph(graph), if the caller has it already)."""
    if simple is None:
        simple = simple_graph(graph)
    return _pack([_component(sub) for sub in _components(simple)])


def _components(simple: nx.Graph) -> list[nx.Graph]:
    """The connected components of `simple`, largest first, each a graph of its own."""
    order = {n: i for i, n in enumerate(simple)}
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(order[n] for n in c)))
    subs = []
    for nodes in components:
        # a new graph, not a subgraph view: a view iterates a set, whose order changes between runs
        sub = nx.Graph()
        sub.add_nodes_from(sorted(nodes, key=order.__getitem__))
        sub.add_edges_from((u, v) for u, v in simple.edges(sub) if v in nodes)
        subs.append(sub)
    return subs


def centrality(graph: nx.Graph, simple: nx.Graph | None = None) -> tuple[dict[Hashable, float], str]:
    """A centrality scaled to 0…1 and its German name, for node sizes.

    Betweenness (how often a node lies on the shortest paths between others: who connects whom)
    for views up to `_BETWEENNESS_LIMIT` nodes; degree (number of connections) beyond, and where no
    node lies between others.
    """
    if simple is None:
        simple = simple_graph(graph)
    n = simple.number_of_nodes()
    values: dict = {}
    name = DEGREE
    if 2 < n <= _BETWEENNESS_LIMIT:
        values, name = _betweenness(simple), BETWEENNESS
    if max(values.values(), default=0) <= 0:
        values, name = {v: float(d) for v, d in simple.degree()}, DEGREE
    top = max(values.values(), default=0) or 1.0
    return {v: values[v] / top for v in simple}, name


def _betweenness(simple: nx.Graph) -> dict:
    """Each node's betweenness (igraph's exact count of shortest paths through it, undirected; not
    normalised: centrality scales it to the largest)."""
    nodes = list(simple)
    index = {v: i for i, v in enumerate(nodes)}
    edges = tuple((index[u], index[v]) for u, v in simple.edges())
    cached = _BETWEENNESS.get((len(nodes), edges))  # the values depend only on the shape: many ego
    if cached is None:  # views share one, and an edit changes few (igraph need not even be imported)
        cached = _igraph(len(nodes), edges).betweenness(directed=False)
        if len(_BETWEENNESS) < _CACHED:
            _BETWEENNESS[(len(nodes), edges)] = cached
    return dict(zip(nodes, cached, strict=True))


# betweenness by shape (size and edges as index pairs); kept between builds (nrwkg.memo)
_BETWEENNESS: dict[tuple, list[float]] = memo("views-betweenness")


def _igraph(n: int, edges):
    """An igraph graph of n nodes (0 … n-1) and the index pairs `edges`."""
    import igraph

    return igraph.Graph(n=n, edges=list(edges))


def _force_directed(n: int, edges, iterations: int = _ITERATIONS) -> list[tuple[float, float]]:
    """igraph's Fruchterman-Reingold layout (exact forces, no grid) of the graph of n nodes and the
    index pairs `edges`, from seeded start positions, with igraph's random numbers (used for nodes
    that meet) from a generator seeded for this call: the same graph gives the same positions."""
    import igraph

    start = random.Random(_SEED)
    side = math.sqrt(n)
    seed = [[(start.random() - 0.5) * side, (start.random() - 0.5) * side] for _ in range(n)]
    igraph.set_random_number_generator(random.Random(_SEED))
    try:
        coords = _igraph(n, edges).layout_fruchterman_reingold(niter=iterations, seed=seed, grid=False).coords
    finally:
        igraph.set_random_number_generator(random)  # igraph's default
    return [(float(x), float(y)) for x, y in coords]


# laid-out components by shape (size and edges as index pairs); kept between builds (nrwkg.memo)
_COMPONENTS: dict[tuple, Pos] = memo("views-layout")
_CACHED = 20_000  # shapes kept, at most


def _shape(sub: nx.Graph) -> tuple[list, tuple]:
    """The nodes of a component, and its shape: size and edges as pairs of node indexes."""
    nodes = list(sub)
    index = {v: i for i, v in enumerate(nodes)}
    return nodes, (len(nodes), tuple((index[u], index[v]) for u, v in sub.edges()))


def _component(sub: nx.Graph) -> Pos:
    n = sub.number_of_nodes()
    if n == 1:
        return {next(iter(sub)): (0.0, 0.0)}
    if n > _SPRING_LIMIT:
        return _large_component(sub)
    # the layout depends only on the shape: many ego views share one (a node and its few neighbours)
    nodes, key = _shape(sub)
    placed = _COMPONENTS.get(key)
    if placed is None:
        placed = _placed(n, _force_directed(n, key[1]))
        if len(_COMPONENTS) < _CACHED:
            _COMPONENTS[key] = placed
    return {v: placed[i] for i, v in enumerate(nodes)}


# laid-out large components by their adjacency (each node's neighbours' indexes, in the order the
# layout visits them); kept between builds (nrwkg.memo): an edit that changes no edge of the whole
# network's component does not lay it out again
_LARGE: dict[tuple, Pos] = memo("views-large-layout")
_LARGE_CACHED = 64  # adjacencies kept, at most …
_LARGE_ROOM = [1_000_000]  # … and node and neighbour entries added by this process, at most (memory)


def _large_component(sub: nx.Graph) -> Pos:
    """The two-level layout of a component of more than _SPRING_LIMIT nodes. It depends only on
    the adjacency: the order of the nodes and of each node's neighbours (the hubs, the
    breadth-first cells and the coarse graph's edges follow them), not on what the nodes are."""
    nodes = list(sub)
    index = {v: i for i, v in enumerate(nodes)}
    key = tuple(tuple(index[w] for w in sub._adj[v]) for v in nodes)
    placed = _LARGE.get(key)
    if placed is None:
        n = len(nodes)
        laid = _two_level(sub)
        placed = _spread(_scale({i: laid[v] for i, v in enumerate(nodes)}, SPACING * max(math.sqrt(n) * 0.6, 1.8)),
                         _MIN_DISTANCE)
        size = n + sum(map(len, key))
        if len(_LARGE) < _LARGE_CACHED and size <= _LARGE_ROOM[0]:
            _LARGE[key] = placed
            _LARGE_ROOM[0] -= size
    return {v: placed[i] for i, v in enumerate(nodes)}


def _placed(n: int, raw) -> Pos:
    """A component's spring layout scaled to screen pixels and spread out."""
    return _spread(_scale(dict(enumerate(raw)), SPACING * max(math.sqrt(n) * 0.6, 1.8)), _MIN_DISTANCE)


def _spread(points: Pos, min_distance: float, rounds: int = 80) -> Pos:
    """Push apart nodes that sit closer than `min_distance` pixels, so dense clusters open up
    and their labels can be read when zoomed in; the rest of the picture keeps its shape."""
    import numpy as np

    keys = list(points)
    pos = np.array([points[k] for k in keys], dtype=float)
    for _ in range(rounds):
        pairs = _close_pairs(pos, min_distance * 0.999)
        if not len(pairs):
            break
        delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
        dist = np.sqrt((delta**2).sum(axis=1))
        same = dist < 1e-6
        angle = pairs[same, 0] * 2.399963  # coincident nodes: a fixed direction per node
        delta[same] = np.stack([np.cos(angle), np.sin(angle)], axis=1)
        dist[same] = 1.0
        push = delta / dist[:, None] * ((min_distance - dist) * 0.25)[:, None]
        moves = np.zeros_like(pos)
        np.add.at(moves, pairs[:, 0], push)
        np.add.at(moves, pairs[:, 1], -push)
        pos += moves
    return {k: (float(x), float(y)) for k, (x, y) in zip(keys, pos, strict=True)}


def _close_pairs(pos, distance: float):
    """The pairs (i, j), i < j, of the points `pos` at most `distance` apart, sorted. Up to
    `_NEAR_PAIRS_BY_TREE` points: a sweep along x (each point against those after it within
    `distance` in x; scipy's import alone costs more than the whole spreading of a few hundred
    nodes); above, a k-d tree."""
    import numpy as np

    n = len(pos)
    if n > _NEAR_PAIRS_BY_TREE:
        from scipy.spatial import cKDTree

        pairs = cKDTree(pos).query_pairs(distance, output_type="ndarray")
        return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))] if len(pairs) else pairs.reshape(0, 2)
    order = np.argsort(pos[:, 0], kind="stable")
    xs = pos[order, 0]
    counts = np.searchsorted(xs, xs + distance, side="right") - np.arange(n) - 1  # candidates after each
    first = np.repeat(np.arange(n), counts)
    second = first + 1 + np.arange(len(first)) - np.repeat(np.cumsum(counts) - counts, counts)
    a, b = order[first], order[second]
    delta = pos[a] - pos[b]
    near = np.add.reduce(delta * delta, axis=1) <= distance * distance
    a, b = a[near], b[near]
    low, high = np.minimum(a, b), np.maximum(a, b)
    keep = np.lexsort((high, low))
    return np.stack([low[keep], high[keep]], axis=1)


def _scale(raw: dict, radius: float) -> Pos:
    points = {v: (float(p[0]), float(p[1])) for v, p in raw.items()}
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {v: ((x - cx) / extent * radius, (y - cy) / extent * radius) for v, (x, y) in points.items()}


def _two_level(sub: nx.Graph) -> dict:
    import numpy as np

    nodes = list(sub)
    index = {v: i for i, v in enumerate(nodes)}
    degree = dict(sub.degree())
    hubs = sorted(nodes, key=lambda v: (-degree[v], index[v]))[:_CELLS]
    cell = _nearest_hub(sub, hubs)
    coarse = nx.Graph()
    coarse.add_nodes_from(hubs)
    for u, v in sub.edges():
        if cell[u] != cell[v]:
            coarse.add_edge(cell[u], cell[v])
    hub_index = {h: i for i, h in enumerate(hubs)}
    hub_pos = dict(zip(hubs, _unit(_force_directed(len(hubs), [(hub_index[a], hub_index[b]) for a, b in coarse.edges()],
                                                   iterations=100)), strict=True))
    size = {h: 0 for h in hubs}
    for v in nodes:
        size[cell[v]] += 1
    n = len(nodes)
    rng = np.random.default_rng(_SEED)
    # positions in units of one edge length: the whole component spans about sqrt(n) edge lengths
    span = math.sqrt(n)
    pos = np.empty((n, 2))
    for v in nodes:
        h = cell[v]
        spread = 0.5 * math.sqrt(size[h])
        pos[index[v]] = np.asarray(hub_pos[h]) * span + rng.normal(0.0, spread, 2) * (v != h)
    edges = np.array([(index[u], index[v]) for u, v in sub.edges()], dtype=np.int64)
    pos = _local_forces(pos, edges, steps=40)
    return {v: (pos[index[v], 0], pos[index[v], 1]) for v in nodes}


def _unit(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """`points` centred on their mean and scaled so the farthest coordinate is 1."""
    if not points:
        return []
    cx = sum(x for x, _ in points) / len(points)
    cy = sum(y for _, y in points) / len(points)
    lim = max(max(abs(x - cx), abs(y - cy)) for x, y in points) or 1.0
    return [((x - cx) / lim, (y - cy) / lim) for x, y in points]


def _nearest_hub(sub: nx.Graph, hubs: list) -> dict:
    """Each node's nearest hub (multi-source breadth-first search; ties go to the earlier hub)."""
    cell = {h: h for h in hubs}
    queue = deque(hubs)
    while queue:
        u = queue.popleft()
        for w in sub[u]:
            if w not in cell:
                cell[w] = cell[u]
                queue.append(w)
    return cell


def _local_forces(pos, edges, steps: int):
    """Fruchterman-Reingold steps with repulsion only between nodes closer than two edge lengths."""
    import numpy as np
    from scipy.spatial import cKDTree

    k, cutoff = 1.0, 2.0
    temperature = 1.0
    for _ in range(steps):
        disp = np.zeros_like(pos)
        pairs = cKDTree(pos).query_pairs(cutoff, output_type="ndarray")
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist2 = np.maximum((delta**2).sum(axis=1), 1e-4)
            push = delta * (k * k / dist2)[:, None]
            np.add.at(disp, pairs[:, 0], push)
            np.add.at(disp, pairs[:, 1], -push)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.sqrt(np.maximum((delta**2).sum(axis=1), 1e-4))
            pull = delta * (dist / k)[:, None]
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
        length = np.sqrt(np.maximum((disp**2).sum(axis=1), 1e-9))
        pos = pos + disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.93
    return pos


def _pack(boxes: list[Pos]) -> Pos:
    """Place laid-out components in rows, largest first; each takes at least a label's width."""
    if not boxes:
        return {}
    gap, min_width, min_height = SPACING * 0.5, _LABEL_WIDTH, SPACING * 0.6
    extents = []
    for box in boxes:
        xs = [p[0] for p in box.values()]
        ys = [p[1] for p in box.values()]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        extents.append(
            (min(xs) - (max(w, min_width) - w) / 2, min(ys), max(w, min_width), max(h, min_height))
        )
    area = sum((w + gap) * (h + gap) for _, _, w, h in extents)
    row_width = max(max(w for _, _, w, _ in extents), math.sqrt(area) * 1.3)
    out: Pos = {}
    x = y = row_height = 0.0
    for box, (x0, y0, w, h) in zip(boxes, extents, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for v, (px, py) in box.items():
            out[v] = (round(px - x0 + x, 1), round(py - y0 + y, 1))
        x += w + gap
        row_height = max(row_height, h)
    return out
