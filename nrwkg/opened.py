"""One opened build: its named graphs, prefixes, store and network, read once and shared.

`nrwkg build` opens the dataset it has just compiled (no file is read back); `nrwkg export`,
`views`, `stats`, the API and the server open a finished build folder. Views, entity pages,
exports and stats all take this object, so the network is built once per build and a node's
display label (see nrwkg.labels) is the same everywhere.

    build ─► OpenedBuild ─┬─► graphs (named graph → triples) ─► dataset.nq, TriG, Turtle, JSON-LD …
                          ├─► store (pyoxigraph) ─► network (networkx, display labels) ─► views, pages, CSV, GEXF
                          └─► prefixes
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef

from nrwkg.errors import NrwkgError
from nrwkg.namespaces import GRAPH_EVIDENCE
from nrwkg.paths import require_build  # the one "no build found" error
from nrwkg.prefixes import Prefixes, load_prefixes
from nrwkg.serialize import GraphMap, to_nquads, to_ntriples, to_trig, union_of

__all__ = ["OpenedBuild", "opened_build", "require_build"]


class OpenedBuild:
    """A dataset opened once. Everything is computed on first use and then kept."""

    def __init__(self, graphs: GraphMap | None, prefixes: Prefixes | None = None,
                 build_dir: Path | None = None, compiled=None):
        if graphs is not None:
            self.__dict__["graphs"] = graphs
        self.prefixes = prefixes or load_prefixes()
        self.build_dir = Path(build_dir) if build_dir is not None else None
        self.compiled = compiled
        self._union: Graph | None = None

    @classmethod
    def from_compiled(cls, compiled, build_dir: Path | None = None) -> OpenedBuild:
        """The compiled dataset, opened once (later calls return the same object)."""
        opened = compiled.__dict__.get("_opened")
        if opened is None:
            opened = cls(compiled.graphs, compiled.prefixes, build_dir, compiled)
            compiled.__dict__["_opened"] = opened
        if build_dir is not None:
            opened.build_dir = Path(build_dir)
        return opened

    @classmethod
    def open(cls, build_dir: Path, prefixes: Prefixes | None = None) -> OpenedBuild:
        """A finished build folder (raises NrwkgError when there is none)."""
        return cls(None, prefixes, require_build(build_dir))

    # -- the data ------------------------------------------------------------------------------
    @cached_property
    def graphs(self) -> GraphMap:
        """named graph IRI → its triples, names sorted (parsed from dataset.nq when opened)."""
        from nrwkg.triples import parse_nquads

        if self.build_dir is None:
            raise NrwkgError("this dataset was not opened from a build folder")
        return parse_nquads(require_build(self.build_dir) / "dataset.nq")

    @property
    def names(self) -> list[URIRef]:
        return list(self.graphs)

    def graph(self, name: URIRef) -> Graph:
        """One named graph as a read-only rdflib Graph."""
        return self.union([name])

    def union(self, names: list[URIRef] | None = None) -> Graph:
        """The set union of named graphs (all by default) as a read-only rdflib Graph."""
        from nrwkg.triples import frozen_graph

        if names and list(names) != self.names:
            return frozen_graph(union_of(self.graphs, names))  # not kept: memory stays bounded
        if self._union is None:
            self._union = frozen_graph(self.union_triples)
        return self._union

    @cached_property
    def union_triples(self) -> set:
        return union_of(self.graphs)

    @cached_property
    def nquads(self) -> str:
        return to_nquads(self.graphs)

    @cached_property
    def ntriples(self) -> str:
        """The union as sorted N-Triples."""
        return to_ntriples(self.union_triples)

    @cached_property
    def copied_ntriples(self) -> str:
        """What the store copies into its default graph (nrwkg.store), as sorted N-Triples: the set
        union of the named graphs but the evidence graph, or of all of them when the evidence graph
        shares a triple with another (its union with the copy would count that triple twice)."""
        copied = union_of(self.graphs, [g for g in self.graphs if g != GRAPH_EVIDENCE])
        evidence = self.graphs.get(GRAPH_EVIDENCE, ())
        return to_ntriples(copied if copied.isdisjoint(evidence) else copied.union(evidence))

    @cached_property
    def trig(self) -> str:
        return to_trig(self.graphs, self.prefixes)

    # -- the store and the network --------------------------------------------------------------
    @cached_property
    def store(self):
        """The pyoxigraph store: the build's persisted one if there is one, else in memory."""
        from nrwkg.store import STORE_DIR, load_store

        persisted = self.build_dir / STORE_DIR if self.build_dir is not None else None
        if persisted is not None and persisted.is_dir():
            import pyoxigraph as ox

            return ox.Store.read_only(str(persisted))
        return load_store(self.nquads, self.copied_ntriples)

    @cached_property
    def network(self):
        """The network (nrwkg.network), with every node's display label decided once."""
        from nrwkg.network import build_network

        return build_network(self.store)

    @cached_property
    def timeline(self):
        """The timeline's entries (nrwkg.views.timeline), read from the store once."""
        from nrwkg.views.timeline import timeline_entries

        return timeline_entries(self.store, self.lookup)

    @cached_property
    def lookup(self):
        """What views need besides the network: class names, document titles and dates."""
        from nrwkg.views.lookup import load_lookup

        return load_lookup(self.store, self.network)


def opened_build(arg, out: Path) -> OpenedBuild:
    """The OpenedBuild an artefact writer was given: itself, a Compiled dataset, or None (then
    the build folder `out` is opened)."""
    if isinstance(arg, OpenedBuild):
        return arg
    if arg is not None and hasattr(arg, "dataset"):
        return OpenedBuild.from_compiled(arg, out)
    return OpenedBuild(None, None, out)
