"""The built dataset as the exports read it: parsed from build/dataset.nq, plus its store.

Every export reads the same N-Quads file, whether `nrwkg build` or `nrwkg export` runs it, so
both give the same bytes. Named graphs are chosen by IRI or by a short name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from nrwkg.errors import NrwkgError
from nrwkg.namespaces import (
    GRAPH_ENTAILED,
    GRAPH_EVIDENCE,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_REGISTRY,
    ID,
)
from nrwkg.prefixes import Prefixes, load_prefixes
from nrwkg.serialize import graph_names

__all__ = ["Source", "load_source", "SPECIAL_GRAPHS", "short_name"]

SPECIAL_GRAPHS = {
    "ontology": GRAPH_ONTOLOGY, "registry": GRAPH_REGISTRY, "inferred": GRAPH_INFERRED,
    "entailed": GRAPH_ENTAILED, "evidence": GRAPH_EVIDENCE,
}
_DOCUMENT = f"{ID}document/"


@dataclass
class Source:
    """A dataset to export: named graphs, prefixes and (for network and tables) a SPARQL store."""

    dataset: Dataset
    prefixes: Prefixes
    build_dir: Path | None = None
    graphs: list[URIRef] = field(default_factory=list)
    _unions: dict[tuple[URIRef, ...], Graph] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.graphs = self.graphs or graph_names(self.dataset)

    def union(self, graphs: list[URIRef] | None = None) -> Graph:
        """The set union of the named graphs (all of them by default; do not modify it). Each union
        is built once: the union files, VoID and the ontology files ask for the same ones."""
        if not graphs or graphs == self.graphs:
            return self._union_of_all
        key = tuple(graphs)
        if key not in self._unions:
            self._unions[key] = self._union(graphs)
        return self._unions[key]

    def _union(self, graphs: list[URIRef]) -> Graph:
        union = Graph(bind_namespaces="none")
        for name in graphs:
            for triple in self.dataset.graph(name):
                union.add(triple)
        return union

    @cached_property
    def _union_of_all(self) -> Graph:
        return self._union(self.graphs)

    @cached_property
    def network(self):
        """The network of nrwkg.network.build_network over this dataset's store."""
        from nrwkg.network import build_network

        return build_network(self.store)

    @cached_property
    def store(self):
        """The pyoxigraph store of the build (or of this dataset when there is no build folder)."""
        from nrwkg.serialize import to_nquads
        from nrwkg.store import open_store, store_from_nquads

        if self.build_dir is not None and (self.build_dir / "dataset.nq").is_file():
            return open_store(self.build_dir)
        return store_from_nquads(to_nquads(self.dataset, self.graphs))

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
    """Read build_dir/dataset.nq (raises NrwkgError when there is no build)."""
    path = build_dir / "dataset.nq"
    if not path.is_file():
        raise NrwkgError(f"no build found in {build_dir}/: run `nrwkg build` first")
    ds = Dataset(default_union=False)
    ds.parse(path, format="nquads")
    return Source(ds, prefixes or load_prefixes(), build_dir)
