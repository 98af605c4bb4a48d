"""A selected subgraph as vis-network nodes and edges, each carrying what its popup shows.

Everything here is plain data (strings, numbers, lists); the page receives it as escaped JSON and
its script only ever sets text, never HTML. vis-network's options are in vis-options.json.
A popup's lists of quotes and documents hold at most VIEW_LIST_LIMIT entries; the entity page it
links to lists them all, so a view does not grow with the number of quotes behind its edges.
Likewise an ego view cut to its closest neighbours (catalog.EGO_LIMIT, select.ego) carries in its
meta how many it shows and leaves out (`neighbours_shown`, `neighbours_more`) and the entity page
that lists every relation (`all_listed_on`). A view showing at most PAIR_EDGE_LIMIT edges between
two nodes (select.bound_pairs) gives each shown edge of a cut pair `pair`: how many edges of the
pair it shows and leaves out and the entity pages of the edge's two ends, which list them all; its
meta counts the cut pairs and the edges left out (`pairs_cut`, `pair_edges_more`) and says how
many a cut pair shows (`pair_edges_shown`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import networkx as nx

from nrwkg.views.labels import declutter
from nrwkg.views.layout import centrality, layout, simple_graph
from nrwkg.views.lookup import Lookup, document_view_path, ego_path, page_path
from nrwkg.views.style import Group, style

__all__ = ["view_data", "options", "short_label", "LABEL_LIMIT", "EDGE_LABEL_LIMIT", "OVERVIEW_LIMIT",
           "OVERVIEW_SIZE", "VIEW_LIST_LIMIT"]

LABEL_LIMIT = 1000  # above this many nodes only the most central ones carry a label on the canvas
EDGE_LABEL_LIMIT = 80  # up to this many edges, each edge shows its relation on the canvas
_LABELLED_IN_LARGE = 150
OVERVIEW_LIMIT = 150  # a view with more nodes opens on an overview …
OVERVIEW_SIZE = 40  # … of this many most central nodes
# a popup lists at most this many quotes of an edge and documents of an edge or node (the first ones),
# says how many more there are and links to the entity page that lists them all
VIEW_LIST_LIMIT = 10
_GOAL_TYPES = ("nrw:Goal", "nrw:Target")
_HUBS = 10  # in views of more than 60 nodes, these most central ones get a larger label
_WIKIDATA = re.compile(r"^https?://www\.wikidata\.org/entity/(Q[0-9]+)$")
_OPTIONS = Path(__file__).with_name("vis-options.json")


def short_label(label: str, limit: int = 42) -> str:
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


@cache
def _darker(color: str) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.7) for c in (r, g, b)))


def _wikidata(iri: str) -> str:
    m = _WIKIDATA.match(iri or "")
    return f"https://www.wikidata.org/wiki/{m.group(1)}" if m else ""


def view_data(
    graph: nx.MultiDiGraph, lookup: Lookup, focus: str | None = None, positions: bool = True,
    shared: dict | None = None,
) -> tuple[list[dict], list[dict], dict]:
    """(vis nodes, vis edges, legend and lookup data) for one view; positions precomputed unless
    `positions` is False (then the browser's physics has to place the nodes). `shared` (one dict
    per network and lookup) keeps each edge's details and the documents they name, each node's
    details and each document's legend entry, so that the views of one build share them
    (nrwkg.views.render encodes the edges' details once); treat them as read-only. A graph whose
    `graph["left_out"]` is set (a cut ego view, select.ego) gets the note's data in its meta."""
    st = style()
    simple = simple_graph(graph)
    pos = layout(graph, simple) if positions else {}
    cent, cent_name = centrality(graph, simple)
    ranked = sorted(graph, key=lambda n: -cent.get(n, 0.0))  # most central first
    labelled = set(ranked[:_LABELLED_IN_LARGE]) if graph.number_of_nodes() > LABEL_LIMIT else set(graph)
    hubs = set(ranked[:_HUBS]) if graph.number_of_nodes() > 60 else set()
    ids = {n: d.get("curie") or str(n) for n, d in graph.nodes(data=True)}
    groups = {n: st.group(d.get("type", "")) for n, d in graph.nodes(data=True)}
    known = shared.setdefault("nodes", {}) if shared is not None else {}
    nodes = []
    for n, d in graph.nodes(data=True):
        static = known.get(n)
        if static is None:
            static = known[n] = _node_details(n, d, groups[n], lookup)
        node = _node(static, ids[n], groups[n], cent.get(n, 0.0), graph.degree(n), n in labelled)
        if n in hubs:  # the names of the most central nodes stay readable with the whole view in sight
            node["font"] = {"size": round(14 + 10 * cent.get(n, 0.0) ** 0.5)}
        if n in pos:
            node["x"], node["y"] = pos[n]
        if n == focus:
            node.update(borderWidth=4, size=max(node["size"], 24.0))
            node["color"]["border"] = "#000000"
            node["font"] = {"size": max(18, node.get("font", {}).get("size", 0)), "bold": True}
        nodes.append(node)
    if pos:  # labels that would cover a more central one stay off the canvas
        index = {n: i for i, n in enumerate(graph)}
        declutter(nodes, [index[n] for n in ranked])
    overview = [ids[n] for n in ranked[:OVERVIEW_SIZE]] if graph.number_of_nodes() > OVERVIEW_LIMIT else []
    pairs_left_out = graph.graph.get("pairs_left_out") or {}
    edges, sources = _edges(graph, ids, lookup, shared, pairs_left_out)
    if overview:  # drawn hidden from the start, so that the first draw is the overview
        shown = set(overview)
        for node in nodes:
            node["hidden"] = node["id"] not in shown
        for edge in edges:
            edge["hidden"] = edge["from"] not in shown or edge["to"] not in shown
    documents = {doc for node in nodes for doc in node["nrwkg"]["documents"]}
    documents = documents.union(*sources)
    counts = Counter(g.id for g in groups.values())
    modalities = {e["nrwkg"]["modality"]: e for e in edges if e["nrwkg"]["modality"]}
    meta = {
        "focus": ids.get(focus, "") if focus else "",
        "centrality": cent_name,
        "groups": [{"id": g.id, "label": g.label, "color": g.color, "shape": g.shape, "count": counts[g.id]}
                   for g in st.groups if counts[g.id]],
        "fact": {"label": st.fact_label, "color": st.fact_color},
        "modalities": [{"id": m, "label": modalities[m]["nrwkg"]["relation"], "color": st.edge_color(m)}
                       for m in st.modalities if m in modalities],
        "documents": {iri: _document(iri, lookup, shared) for iri in sorted(documents)},
        # a large view opens on its most central nodes; a click shows a node's neighbours
        "overview": overview,
        "goals": sorted(({"id": ids[n], "label": lookup.label(n) if n in lookup.labels else d.get("label", "")}
                         for n, d in graph.nodes(data=True) if d.get("type") in _GOAL_TYPES),
                        key=lambda g: (g["label"].casefold(), g["id"])),
    }
    left_out = graph.graph.get("left_out", 0)
    if left_out and focus is not None:  # an ego view cut to its closest neighbours (select.ego)
        meta["neighbours_shown"] = graph.number_of_nodes() - 1
        meta["neighbours_more"] = left_out
        meta["all_listed_on"] = page_path(str(focus)) or ""
    if pairs_left_out:  # at most PAIR_EDGE_LIMIT edges between two nodes (select.bound_pairs)
        meta["pairs_cut"] = len(pairs_left_out)
        meta["pair_edges_more"] = sum(pairs_left_out.values())
        meta["pair_edges_shown"] = max(e["pair"]["shown"] for e in edges if "pair" in e)
    return nodes, edges, meta


def _node(static: dict, id_: str, group: Group, cent: float, degree: int, labelled: bool) -> dict:
    """A vis node; `static` is what _node_details gives for it (the same in every view)."""
    return {
        "id": id_, "label": short_label(static["label"]) if labelled else "", "shape": group.shape,
        "size": round(9 + 26 * cent ** 0.5, 1),
        "color": {"background": group.color, "border": _darker(group.color),
                  "highlight": {"background": group.color, "border": "#000000"},
                  "hover": {"background": group.color, "border": "#000000"}},
        "nrwkg": {**static, "degree": degree},
    }


def _node_details(n, d: dict, group: Group, lookup: Lookup) -> dict:
    """What a node's popup shows but its degree in the view: the same in every view of the node."""
    label = lookup.label(n) if n in lookup.labels else d.get("label", str(n))
    details = {
        "iri": str(n), "label": label, "label_en": d.get("label_en", ""),
        "type": lookup.class_label(d.get("type", "")), "group": group.id,
        "aliases": [a for a in d.get("aliases", ()) if a != label],
        "wikidata": _wikidata(d.get("wikidata", "")), "confidence": d.get("confidence", ""),
        "documents": list(d.get("documents", ())), "page": page_path(str(n)) or "",
        "ego": ego_path(str(n)) or "",
    }
    return _bounded(details, details["page"])


def _document(iri: str, lookup: Lookup, shared: dict | None) -> dict:
    """A document's title and links for a view's legend, made once per build (with `shared`)."""
    known = shared.setdefault("documents", {}) if shared is not None else {}
    entry = known.get(iri)
    if entry is None:
        entry = known[iri] = {"title": lookup.document_title(iri), "page": page_path(iri) or "",
                              "view": document_view_path(iri) or ""}
    return entry


def _edges(graph: nx.MultiDiGraph, ids: dict, lookup: Lookup, shared: dict | None = None,
           pairs_left_out: dict | None = None) -> tuple[list[dict], list[frozenset]]:
    """The vis edges, and for each the documents its popup names (stated in or quoted from). An
    edge of a pair in `pairs_left_out` (frozenset of two nodes → edges left out) gets `pair`."""
    st = style()
    show_labels = graph.number_of_edges() <= EDGE_LABEL_LIMIT
    opacity = 1.0 if graph.number_of_edges() <= 300 else 0.5  # in dense views, names stay in front
    pairs = Counter(frozenset((u, v)) for u, v in graph.edges())
    seen: Counter = Counter()
    edges = []
    sources = []
    for i, (u, v, k, d) in enumerate(graph.edges(keys=True, data=True)):
        color = st.edge_color(d.get("modality", ""))
        known = shared.get((u, v, k)) if shared is not None else None
        if known is None:
            details = _details(d, lookup, page_path(str(u)) or "")
            known = (details, frozenset(details["documents"]).union(ev["document"] for ev in details["evidence"]))
            if shared is not None:
                shared[(u, v, k)] = known
        details = known[0]
        sources.append(known[1])
        edge = {
            "id": f"e{i}", "from": ids[u], "to": ids[v], "dashes": bool(d.get("inferred")),
            "color": {"color": color, "highlight": _darker(color), "hover": _darker(color),
                      "opacity": opacity},
            "nrwkg": details,
        }
        if show_labels:
            edge["label"] = short_label(d.get("relation", ""), 28)
        pair = frozenset((u, v))
        if pairs[pair] > 1:  # parallel edges curve apart so each can be seen and clicked
            seen[pair] += 1
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.15 * seen[pair], 2)}
        if pairs_left_out and pair in pairs_left_out:  # the view shows the first edges of this pair only
            edge["pair"] = {"shown": pairs[pair], "more": pairs_left_out[pair],
                            "listed_on": [page_path(str(u)) or "", page_path(str(v)) or ""]}
        edges.append(edge)
    return edges, sources


def _details(d: dict, lookup: Lookup, listed_on: str) -> dict:
    """What an edge's popup shows: the same for every view of the edge. `listed_on` is the entity
    page of the edge's subject, which lists every quote and document of the edge."""
    details = {
        "relation": d.get("relation", ""), "relation_en": d.get("relation_en", ""),
        "modality": d.get("modality", ""), "inferred": bool(d.get("inferred")),
        "addressee": lookup.label(d["addressee"]) if d.get("addressee") else "",
        "documents": list(d.get("documents", ())),
        "evidence": list(d.get("evidence", ())),
    }
    details = _bounded(details, listed_on)
    details["evidence"] = [dict(e) for e in details["evidence"]]  # copies of the shown ones only
    return details


def _bounded(details: dict, listed_on: str) -> dict:
    """`details` with its lists of documents and evidence cut to VIEW_LIST_LIMIT entries (the first
    ones). A cut list gets the number left out (`documents_more`, `evidence_more`) and the details
    get `all_listed_on`, the page that lists them all; details with nothing cut stay as they were."""
    cut = False
    for key in ("documents", "evidence"):
        items = details.get(key)
        if items is not None and len(items) > VIEW_LIST_LIMIT:
            details[key] = items[:VIEW_LIST_LIMIT]
            details[f"{key}_more"] = len(items) - VIEW_LIST_LIMIT
            cut = True
    if cut:
        details["all_listed_on"] = listed_on
    return details


def options(n_nodes: int, physics: bool = False) -> dict:
    """vis-network options: physics off (positions are precomputed) unless asked for."""
    opts = json.loads(_OPTIONS.read_text(encoding="utf-8"))
    default_physics = opts.pop("pyvisDefaultPhysics")
    large = n_nodes > 1000
    opts["interaction"].update(hideEdgesOnDrag=large, hideEdgesOnZoom=large)
    if physics:  # what pyvis does by default: let the browser simulate forces until stable
        opts["physics"] = default_physics
        opts["layout"] = {"improvedLayout": True}
        opts["edges"]["smooth"] = {"enabled": True, "type": "dynamic"}
    return opts
