"""One opened build: its named graphs, prefixes, store and network, read once and shared.

`nrwkg build` opens the dataset it has just compiled (no file is read back); `nrwkg export`,
`views`, `stats`, the API and the server open a finished build folder. Views, entity pages,
exports and stats all take this object, so the network is built once per build and a node's
display label (see nrwkg.labels) is the same everywhere.

    build ─► OpenedBuild ─┬─► graphs (named graph → triples) ─► dataset.nq, TriG, Turtle, JSON-LD …
                          ├─► store (pyoxigraph) ─► network (networkx, display labels) ─► views, pages, CSV, GEXF
                          └─► prefixes

The N-Quads and TriG texts of a large dataset take more memory than its triples (a text with one
character beyond Latin-1 takes two or four bytes a character): they are written to files as they
are made and read back by whoever needs their bytes, never kept in memory. The N-Quads of a
compiled dataset are written once to a temporary file (`nquads_file`, in TMPDIR; the union of its
graphs as N-Triples beside it, `union_file`), from which the validation's store, the build's store
and dataset.nq are all loaded.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import weakref
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from nrwkg.errors import NrwkgError
from nrwkg.namespaces import GRAPH_EVIDENCE
from nrwkg.paths import require_build  # the one "no build found" error
from nrwkg.prefixes import Prefixes, load_prefixes
from nrwkg.serialize import GraphMap, to_ntriples, union_of, write_nquads
from nrwkg.turtle import to_trig, write_trig

__all__ = ["OpenedBuild", "opened_build", "require_build"]


class OpenedBuild:
    """A dataset opened once. Everything is computed on first use and then kept."""

    def __init__(self, graphs: GraphMap | None, prefixes: Prefixes | None = None,
                 build_dir: Path | None = None, compiled=None):
        if graphs is not None:
            self.__dict__["graphs"] = graphs
        self._from_folder = graphs is None  # its dataset.nq is where the graphs come from
        self._nquads_file: Path | None = None  # the N-Quads this object wrote (a temporary file)
        self._trig_file: Path | None = None  # the TriG this object wrote (write_trig)
        self.prefixes = prefixes or load_prefixes()
        self.build_dir = Path(build_dir) if build_dir is not None else None
        self.compiled = compiled
        self._union: Graph | None = None
        self._names: list[URIRef] | None = None  # kept when the triples are let go (let_go_of_triples)
        self.site: Any = None  # the entity pages' data, from nrwkg.pages.write_pages to write_page_indexes
        # the store of nquads_file() and union_file() in memory, loaded with every check before the
        # validation's process was forked (nrwkg.build): its violation queries and the build read it
        self.checked_store: Any = None
        self.store_in_memory = False  # whether `store` is a store in memory (nrwkg.build.write_dataset_store)

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
    def from_parts(cls, build_dir: Path, parts: dict[str, Any]) -> OpenedBuild:
        """The parts (name → value: `network`, `lookup` …) another process read of the build being
        written to `build_dir`, for a writer whose process started before the dataset was compiled
        (nrwkg.forked); whatever else it asks for is read from `build_dir` as from a finished build."""
        opened = cls(None, None, build_dir)
        opened.__dict__.update(parts)
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
        return list(self._names) if self._names is not None and "graphs" not in self.__dict__ else list(self.graphs)

    def let_go_of_triples(self) -> None:
        """Forget the triples of the named graphs (and their union) once no later step of this
        process reads them: a compiled dataset's rdflib terms take about a gigabyte at 100x. The
        names stay; the triples are parsed again from the build's dataset.nq if anyone asks."""
        graphs = self.__dict__.pop("graphs", None)
        if graphs is not None:
            self._names = list(graphs)
        self.__dict__.pop("union_triples", None)
        self._union = None
        if self.compiled is not None:
            self.compiled.let_go_of_triples()

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

    def nquads_file(self) -> Path:
        """A file of the dataset as sorted N-Quads (nrwkg.serialize.to_nquads, UTF-8): dataset.nq of
        an opened build folder, else a temporary file written on first use and removed with this
        object (never by a forked process)."""
        if self._from_folder and self.build_dir is not None:
            return require_build(self.build_dir) / "dataset.nq"
        if self._nquads_file is None:
            folder = Path(tempfile.mkdtemp(prefix="nrwkg-nquads-"))
            weakref.finalize(self, _remove_spool, folder, os.getpid())
            digest = write_nquads(self.graphs, folder / "dataset.nq", union_path=folder / "union.nt",
                                  uncopied=GRAPH_EVIDENCE)
            self.__dict__["dataset_digest"] = digest  # taken while writing: the file is not read back
            self._nquads_file = folder / "dataset.nq"
        return self._nquads_file

    def union_file(self) -> Path | None:
        """What a store's default graph copies (nrwkg.store), as N-Triples beside nquads_file(): the
        set union of the named graphs but the evidence graph, or of all of them when the evidence
        graph shares a triple with another; None for an opened build folder."""
        union = self.nquads_file().with_name("union.nt")
        return None if self._from_folder else union

    @property
    def nquads(self) -> bytes:
        """The dataset as sorted N-Quads (UTF-8 bytes), read from nquads_file() (not kept)."""
        return self.nquads_file().read_bytes()

    @cached_property
    def dataset_digest(self) -> bytes:
        """SHA-256 of the sorted N-Quads (what caches key on): taken while nquads_file() writes
        them, or read from dataset.nq in blocks."""
        path = self.nquads_file()
        if "dataset_digest" in self.__dict__:  # nquads_file() has just written it
            return self.__dict__["dataset_digest"]
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").digest()

    @cached_property
    def ntriples(self) -> str:
        """The union as sorted N-Triples (export/nrwkg.nt when it holds every graph)."""
        return to_ntriples(self.union_triples)

    def write_trig(self, path: Path) -> None:
        """Write the dataset as TriG to `path` (UTF-8), block by block; `trig` then reads it back."""
        from nrwkg.blockmemo import dataset_groups

        groups = dataset_groups(self.nquads_file())  # the blocks of unchanged subjects are kept
        with open(path, "w", encoding="utf-8", newline="") as out:
            write_trig(self.graphs, self.prefixes, out, groups=groups)
        self._trig_file = Path(path)

    def trig_file(self) -> Path | None:
        """The file write_trig wrote, while it is there."""
        return self._trig_file if self._trig_file is not None and self._trig_file.is_file() else None

    @property
    def trig(self) -> bytes:
        """The dataset as TriG (UTF-8 bytes): the file write_trig wrote while it is there, else made."""
        written = self.trig_file()
        if written is not None:
            return written.read_bytes()
        return to_trig(self.graphs, self.prefixes).encode("utf-8")

    # -- the store and the network --------------------------------------------------------------
    @cached_property
    def store(self):
        """The pyoxigraph store: the build's persisted one if there is one, else in memory."""
        from nrwkg.store import STORE_DIR, load_store

        persisted = self.build_dir / STORE_DIR if self.build_dir is not None else None
        if persisted is not None and persisted.is_dir():
            import pyoxigraph as ox

            return ox.Store.read_only(str(persisted))
        return load_store(self.nquads_file(), self.union_file())

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


def _remove_spool(folder: Path, owner: int) -> None:
    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)


def opened_build(arg, out: Path) -> OpenedBuild:
    """The OpenedBuild an artefact writer was given: itself, a Compiled dataset, or None (then
    the build folder `out` is opened)."""
    if isinstance(arg, OpenedBuild):
        return arg
    if arg is not None and hasattr(arg, "dataset"):
        return OpenedBuild.from_compiled(arg, out)
    return OpenedBuild(None, None, out)
