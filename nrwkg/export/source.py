"""The built dataset as the exports read it: the OpenedBuild of `nrwkg build`, or build/dataset.nq.

`nrwkg build` hands the exports the dataset it holds; `nrwkg export` reads build/dataset.nq into
the same structure, so both give the same bytes. Named graphs are chosen by IRI or by a short name.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef

from nrwkg.errors import NrwkgError
from nrwkg.namespaces import (
    GRAPH_ENTAILED,
    GRAPH_EVIDENCE,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_REGISTRY,
    ID,
)
from nrwkg.opened import OpenedBuild
from nrwkg.prefixes import Prefixes
from nrwkg.serialize import graph_map, union_of
from nrwkg.turtle import TurtleWriter

__all__ = ["Source", "load_source", "SPECIAL_GRAPHS", "short_name"]

SPECIAL_GRAPHS = {
    "ontology": GRAPH_ONTOLOGY, "registry": GRAPH_REGISTRY, "inferred": GRAPH_INFERRED,
    "entailed": GRAPH_ENTAILED, "evidence": GRAPH_EVIDENCE,
}
_DOCUMENT = f"{ID}document/"


class Source:
    """A dataset to export: named graphs, prefixes and (for network and tables) a SPARQL store.

    A thin view of an OpenedBuild (nrwkg.opened), which holds the data, the store and the network
    once for every writer; `Source(dataset, prefixes)` opens an rdflib Dataset the same way."""

    def __init__(self, dataset=None, prefixes: Prefixes | None = None, build_dir: Path | None = None,
                 graphs: list[URIRef] | None = None, opened: OpenedBuild | None = None):
        if opened is None:
            opened = OpenedBuild(graph_map(dataset), prefixes, build_dir)
        self.opened = opened
        self.prefixes = prefixes or opened.prefixes
        self.build_dir = opened.build_dir
        self.graphs = graphs or opened.names
        self._unions: dict[tuple, set] = {}

    @property
    def dataset(self) -> OpenedBuild:
        """The named graphs: `.graph(iri)` gives one as a read-only rdflib Graph."""
        return self.opened

    def union(self, graphs: list[URIRef] | None = None) -> Graph:
        """The set union of the named graphs (all of them by default; read-only)."""
        return self.opened.union(None if not graphs or graphs == self.graphs else graphs)

    def triples(self, graphs: list[URIRef] | None = None) -> set | list:
        """The set union of the named graphs as plain triples (all of them by default), without
        the indexes of an rdflib Graph: what a writer that reads every triple once needs. One graph
        is its own list; a union of several is computed once and kept (the writers of a build ask
        for the same unions: all graphs, the asserted ones)."""
        if not graphs or graphs == self.graphs:
            return self.opened.union_triples
        if len(graphs) == 1:
            return self.opened.graphs.get(graphs[0], [])
        key = tuple(graphs)
        if key not in self._unions:
            self._unions[key] = union_of(self.opened.graphs, graphs)
        return self._unions[key]

    @cached_property
    def turtle(self) -> TurtleWriter:
        """The Turtle writer of this dataset's files (one, so prefixed names are worked out once)."""
        return TurtleWriter(self.prefixes)

    @property
    def network(self):
        """The network of nrwkg.network.build_network over this dataset's store (built once)."""
        return self.opened.network

    @property
    def store(self):
        """The pyoxigraph store of the build (or of this dataset when there is no build folder)."""
        return self.opened.store

    def resolve(self, name: str) -> URIRef:
        """A named graph from its IRI, `document:slug`, a document slug or a special name."""
        if name in SPECIAL_GRAPHS:
            iri = SPECIAL_GRAPHS[name]
        elif "://" in name:
            iri = URIRef(name)
        else:
            iri = URIRef(_DOCUMENT + name.removeprefix("document:"))
        if iri not in self.graphs:
            known = ", ".join(short_name(g) for g in self.graphs)
            raise NrwkgError(f"no named graph {name!r} in this build; known graphs: {known}")
        return iri


def short_name(graph: URIRef) -> str:
    """`ontology`, `registry`, … for the special graphs, the slug for a document's graph."""
    for name, iri in SPECIAL_GRAPHS.items():
        if graph == iri:
            return name
    return str(graph).removeprefix(_DOCUMENT)


def load_source(build_dir: Path, prefixes: Prefixes | None = None) -> Source:
    """The build in build_dir (raises NrwkgError when there is none)."""
    return Source(opened=OpenedBuild.open(build_dir, prefixes))
