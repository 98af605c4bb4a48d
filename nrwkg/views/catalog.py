"""The views a build has: whole graph, actor network, policy map, one per document, one per entity."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from nrwkg.views import EGO_LIMIT, PAIR_EDGE_LIMIT, select
from nrwkg.views.lookup import Lookup, document_view_path, ego_path, split_iri
from nrwkg.views.style import style
from nrwkg.views.timeline import german_date

__all__ = ["View", "main_views", "document_views", "ego_view", "ego_heading", "EGO_DEPTH", "EGO_LIMIT",
           "PAIR_EDGE_LIMIT"]

EGO_DEPTH = 1


@dataclass
class View:
    name: str
    path: str  # relative to the build folder, e.g. views/all.html
    title: str
    description: str
    graph: nx.MultiDiGraph
    focus: str | None = None
    date: str = ""
    group: str = ""
    left_out: int = 0  # nodes within reach that an ego view leaves out (EGO_LIMIT)

    @property
    def nodes(self) -> int:
        return self.graph.number_of_nodes()

    @property
    def edges(self) -> int:
        return self.graph.number_of_edges()


def main_views(net: nx.MultiDiGraph) -> list[View]:
    return [
        View(
            "all",
            "views/all.html",
            "Das ganze Netz",
            "Alle Akteure, Vereinbarungen, Instrumente, Ziele, Orte und Dokumente mit jeder Beziehung, "
            "die ein Dokument belegt.",
            select.whole(net, PAIR_EDGE_LIMIT),
        ),
        View(
            "actors",
            "views/actors.html",
            "Wer mit wem: das Akteursnetz",
            "Wer welche Vereinbarung unterzeichnet hat, wer Partner in welchem Bündnis oder Dialog ist "
            "und wer welches Amt in welcher Organisation hat.",
            select.actors(net, PAIR_EDGE_LIMIT),
        ),
        View(
            "policy",
            "views/policy.html",
            "Die Politikkarte",
            "Welche Instrumente und Maßnahmen welchen Zielen dienen, wer verantwortlich ist, wer zahlt "
            "und wie viel – und wer sie plant, zusagt oder fordert.",
            select.policy(net, PAIR_EDGE_LIMIT),
        ),
    ]


def document_views(net: nx.MultiDiGraph, lookup: Lookup) -> list[View]:
    views = []
    for iri in sorted(n for n, d in net.nodes(data=True) if d.get("type") == "nrw:Document"):
        path = document_view_path(iri)
        if not path:
            continue
        title = lookup.document_title(iri)
        date = german_date(lookup.dates[iri]) if iri in lookup.dates else ""
        views.append(
            View(
                f"document:{(split_iri(iri) or ('', iri))[1]}",
                path,
                title,
                f"Was das Dokument „{title}“ sagt: jede Beziehung, die es belegt (oder die aus ihm "
                "abgeleitet ist), mit dem Satz dazu.",
                select.document(net, iri, PAIR_EDGE_LIMIT),
                date=date,
            )
        )
    return views


def ego_heading(net: nx.MultiDiGraph, lookup: Lookup, iri: str) -> tuple[str, str]:
    """(title, legend group) of the view of `iri`: what the index lists it under."""
    return lookup.label(iri), style().group(net.nodes[iri].get("type", "")).label


def ego_view(
    net: nx.MultiDiGraph, lookup: Lookup, iri: str, depth: int = EGO_DEPTH, path: str | None = None,
    limit: int | None = EGO_LIMIT,
) -> View:
    """The view of everything within `depth` steps of `iri`, at most `limit` nodes besides it
    (None: no bound); a cut view says so in its description and its `left_out`. Like every view,
    at most PAIR_EDGE_LIMIT edges between two nodes."""
    label, group = ego_heading(net, lookup, iri)
    steps = "einen Schritt" if depth == 1 else f"{depth} Schritte"
    graph = select.ego(net, iri, depth, limit, PAIR_EDGE_LIMIT)
    left_out = graph.graph["left_out"]
    if left_out:
        shown = graph.number_of_nodes() - 1
        description = (
            f"Die {shown} von {shown + left_out} Knoten höchstens {steps} von „{label}“ entfernt, die am "
            "engsten mit ihm verbunden sind, mit den Beziehungen dazwischen; alle Beziehungen stehen im Eintrag."
        )
    else:
        description = f"Alles, was höchstens {steps} von „{label}“ entfernt ist, mit den Beziehungen dazwischen."
    return View(
        f"ego:{net.nodes[iri].get('curie', iri)}",
        path or ego_path(iri) or "",
        label,
        description,
        graph,
        focus=iri,
        group=group,
        left_out=left_out,
    )
