"""Where each node sits and how big it is, computed in Python so the browser draws at once.

Views are drawn with physics off from these positions: a browser that has to simulate a thousand
nodes first stalls for a minute. Each connected component is laid out on its own and the
components are packed in rows, largest first. Small components get networkx's force-directed
(Fruchterman-Reingold) layout. networkx's layout costs O(n²) per step, so a large component is
laid out in two levels: networkx lays out a coarse graph of a few hundred "cells" (every node joins
the cell of its nearest hub), each node starts near its cell, and a few force steps that only look
at nearby nodes (a k-d tree) spread them out. Everything is seeded: the same graph gives the same
picture.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from nrwkg.memo import memo

__all__ = ["layout", "prepare", "centrality", "simple_graph", "SPACING", "BETWEENNESS", "DEGREE"]

SPACING = 110.0  # about the distance between neighbouring nodes, in screen pixels
_SPRING_LIMIT = 400  # components up to this size get networkx's exact layout
_CELLS = 250  # cells of the coarse graph for larger components
_EXACT_BETWEENNESS = 600  # above this, betweenness is estimated from a sample of sources …
_SAMPLE = 48  # … of this many
_BETWEENNESS_LIMIT = 2500  # above this, node size follows degree
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


def prepare(graphs: Iterable[nx.Graph]) -> None:
    """Lay out every component shape of `graphs` that is not laid out yet, before `layout` asks
    for them one view at a time: the springs of shapes with the same number of nodes run side by
    side in one array (numpy's per-call cost paid once for dozens of small ego views), each with
    the same numbers as alone."""
    pending: dict[int, dict[tuple, None]] = {}
    for graph in graphs:
        for sub in _components(simple_graph(graph)):
            n = sub.number_of_nodes()
            if 1 < n <= _SPRING_LIMIT:
                key = _shape(sub)[1]
                if key not in _COMPONENTS:
                    pending.setdefault(n, {})[key[1]] = None
    for n, shapes in sorted(pending.items()):
        edges = list(shapes)
        for edge_list, raw in zip(edges, _springs(n, edges, k=2.0 / math.sqrt(n), iterations=120), strict=True):
            if len(_COMPONENTS) < _CACHED:
                _COMPONENTS[(n, edge_list)] = _placed(n, raw)


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
    for views up to a few thousand nodes, estimated from a fixed sample of sources above
    `_EXACT_BETWEENNESS` nodes; degree (number of connections) beyond `_BETWEENNESS_LIMIT`, where
    even sampled betweenness takes minutes in pure Python. Degree also stands in when no node lies
    between others.
    """
    if simple is None:
        simple = simple_graph(graph)
    n = simple.number_of_nodes()
    values: dict = {}
    name = DEGREE
    if 2 < n <= _EXACT_BETWEENNESS:
        values, name = _betweenness(simple), BETWEENNESS
    elif 2 < n <= _BETWEENNESS_LIMIT:
        values, name = _sampled_betweenness(simple), BETWEENNESS
    if max(values.values(), default=0) <= 0:
        values, name = {v: float(d) for v, d in simple.degree()}, DEGREE
    top = max(values.values(), default=0) or 1.0
    return {v: values[v] / top for v in simple}, name


def _betweenness(simple: nx.Graph) -> dict:
    """networkx's exact betweenness_centrality (normalized, no endpoints, unweighted), the same
    floating-point operations in the same order, on lists of node indexes instead of dicts: the
    same values to the last bit, at a fraction of the cost for the many small ego views."""
    nodes = list(simple)
    index = {v: i for i, v in enumerate(nodes)}
    adj = tuple(tuple(index[w] for w in simple._adj[v]) for v in nodes)
    cached = _BETWEENNESS.get(adj)  # the values depend only on the shape: many ego views share one
    if cached is None:
        cached = _brandes(adj)
        if len(_BETWEENNESS) < 20_000:
            _BETWEENNESS[adj] = cached
    return dict(zip(nodes, cached, strict=True))


def _sampled_betweenness(simple: nx.Graph) -> dict:
    """networkx's betweenness_centrality(simple, k=_SAMPLE, seed=_SEED) (normalized, no
    endpoints, unweighted), as _betweenness is its exact one: the same sources (drawn by the same
    random.Random(_SEED).sample), the same floating-point operations in the same order, on lists
    of node indexes; the same values to the last bit at a fraction of the cost (views of a
    thousand nodes and more: ego views of the hubs of a large corpus)."""
    nodes = list(simple)
    index = {v: i for i, v in enumerate(nodes)}
    adj = tuple(tuple(index[w] for w in simple._adj[v]) for v in nodes)
    sources = [index[v] for v in random.Random(_SEED).sample(nodes, _SAMPLE)]
    raw = _brandes(adj, sources, rescale=False)
    n = len(nodes)
    if n - 1 >= 2:  # _rescale with sampled nodes: normalized, endpoints excluded
        scale_source = 1 / ((_SAMPLE - 1) * (n - 2))
        scale_other = 1 / (_SAMPLE * (n - 2))
        sampled = set(sources)
        raw = [b * (scale_source if i in sampled else scale_other) for i, b in enumerate(raw)]
    return dict(zip(nodes, raw, strict=True))


# betweenness by shape (each node's neighbours' indexes); kept between builds (nrwkg.memo)
_BETWEENNESS: dict[tuple, list[float]] = memo("views-betweenness")


def _brandes(adj: tuple, sources: list[int] | None = None, rescale: bool = True) -> list[float]:
    """Brandes' algorithm as networkx runs it, on neighbour lists by node index: from every node
    (rescaled as networkx does without sampling), or from `sources` only (not rescaled)."""
    n = len(adj)
    betweenness = [0.0] * n
    for s in (range(n) if sources is None else sources):
        # breadth-first search from s, counting shortest paths (_single_source_shortest_path_basic)
        order = []
        preds: list[list[int]] = [[] for _ in range(n)]
        sigma = [0.0] * n
        dist = [-1] * n
        sigma[s] = 1.0
        dist[s] = 0
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            dv = dist[v] + 1
            sigmav = sigma[v]
            for w in adj[v]:
                if dist[w] < 0:
                    queue.append(w)
                    dist[w] = dv
                if dist[w] == dv:
                    sigma[w] += sigmav
                    preds[w].append(v)
        # dependencies, farthest first (_accumulate_basic)
        delta = [0.0] * n
        while order:
            w = order.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                betweenness[w] += delta[w]
    if rescale and n - 1 >= 2:  # _rescale: normalized, undirected, endpoints excluded
        scale = 1 / ((n - 1) * (n - 2))
        if scale != 1:
            betweenness = [b * scale for b in betweenness]
    return betweenness


# laid-out components by shape (size and edges as index pairs); kept between builds (nrwkg.memo)
_COMPONENTS: dict[tuple, Pos] = memo("views-layout")
_CACHED = 20_000  # shapes kept, at most
_BATCH = 2_000_000  # numbers in the largest array of a batch of springs (8 bytes each)


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
        placed = _placed(n, _springs(n, [key[1]], k=2.0 / math.sqrt(n), iterations=120)[0])
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


def _springs(n: int, shapes: list[tuple], k: float, iterations: int, threshold: float = 1e-4) -> list:
    """networkx's spring_layout(method="force", seed=_SEED) of graphs of n < 500 nodes given as
    tuples of index pairs: the same numpy operations on the same arrays (so the same positions to
    the last bit), without the per-call overhead of networkx's and numpy's Python wrappers. Graphs
    of one size start from the same seeded positions and run side by side along a first axis:
    every operation is elementwise, along the last axis or summed over one node's neighbours in
    the same order, so each graph gets the numbers it gets alone; one that stops early (networkx's
    `threshold`) leaves the batch."""
    if len(shapes) * n * n * 2 > _BATCH and len(shapes) > 1:
        size = max(1, _BATCH // (n * n * 2))
        return [raw for at in range(0, len(shapes), size)
                for raw in _springs(n, shapes[at:at + size], k, iterations, threshold)]
    import numpy as np
    from numpy._core.multiarray import c_einsum as einsum  # what np.einsum calls when not optimising
    a = np.zeros((len(shapes), n, n))
    for b, edges in enumerate(shapes):
        for i, j in edges:
            a[b, i, j] = a[b, j, i] = 1.0
    start = np.random.RandomState(_SEED).rand(n, 2)
    t = max(max(start.T[0]) - min(start.T[0]), max(start.T[1]) - min(start.T[1])) * 0.1
    dt = t / (iterations + 1)
    kk = k * k
    pos = np.repeat(start[np.newaxis], len(shapes), axis=0)
    live = list(range(len(shapes)))  # the shape of each row of pos
    done: dict[int, Any] = {}
    # networkx's arrays, each written into one buffer of its own (the same values, fewer allocations)
    delta, square = np.empty((len(shapes), n, n, 2)), np.empty((len(shapes), n, n, 2))
    distance, force, pull = np.empty((len(shapes), n, n)), np.empty((len(shapes), n, n)), np.empty((len(shapes), n, n))
    for _ in range(iterations):
        if len(live) < len(delta):  # a graph left the batch
            delta, square, distance, force, pull = (x[:len(live)] for x in (delta, square, distance, force, pull))
        np.subtract(pos[:, :, np.newaxis, :], pos[:, np.newaxis, :, :], out=delta)
        np.multiply(delta, delta, out=square)
        np.add.reduce(square, axis=(-1,), out=distance)  # np.linalg.norm(axis=-1)
        np.sqrt(distance, out=distance)
        np.maximum(distance, 0.01, out=distance)  # np.clip(distance, 0.01, None)
        np.square(distance, out=force)  # distance**2
        np.divide(kk, force, out=force)
        np.multiply(a, distance, out=pull)
        np.divide(pull, k, out=pull)
        np.subtract(force, pull, out=force)  # kk / distance**2 - a * distance / k
        displacement = einsum("bijk,bij->bik", delta, force)
        length = np.sqrt(np.add.reduce(displacement * displacement, axis=(-1,)))
        length = np.maximum(length, 0.01)
        delta_pos = einsum("bij,bi->bij", displacement, t / length)
        pos += delta_pos
        t -= dt
        # networkx stops when sqrt(flat.dot(flat)) / n < threshold, flat being the step of all
        # nodes; summed here for the whole batch at once (rounded otherwise, far below the margin),
        # and the graphs near the threshold checked exactly as networkx does
        near = np.flatnonzero(np.sqrt(np.add.reduce(delta_pos * delta_pos, axis=(1, 2))) / n
                              < threshold * (1 + 1e-9))
        stop: list[int] = []
        for row in near.tolist():
            flat = np.array(delta_pos[row]).ravel(order="K")
            if (np.sqrt(flat.dot(flat)) / n) < threshold:
                stop.append(row)
        if stop:
            for row in stop:
                done[live[row]] = pos[row].copy()
            keep = [row for row in range(len(live)) if row not in stop]
            live, pos, a = [live[row] for row in keep], pos[keep], a[keep]
            if not live:
                break
    for row, shape in enumerate(live):
        done[shape] = pos[row].copy()
    result = []
    for shape in range(len(shapes)):
        one = done[shape]
        one -= one.mean(axis=0)  # networkx's rescale_layout(scale=1), then + center (zeros)
        lim = np.abs(one).max()
        if lim > 0:
            one *= 1 / lim
        result.append(one + np.zeros(2))
    return result


def _spread(points: Pos, min_distance: float, rounds: int = 80) -> Pos:
    """Push apart nodes that sit closer than `min_distance` pixels, so dense clusters open up
    and their labels can be read when zoomed in; the rest of the picture keeps its shape."""
    import numpy as np
    from scipy.spatial import cKDTree

    keys = list(points)
    pos = np.array([points[k] for k in keys], dtype=float)
    for _ in range(rounds):
        pairs = cKDTree(pos).query_pairs(min_distance * 0.999, output_type="ndarray")
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
    hub_pos = nx.spring_layout(coarse, seed=_SEED, iterations=100, method="force")
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
