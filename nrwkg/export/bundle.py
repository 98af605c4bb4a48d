"""Which files each export format writes, and writing them: into build/export/, a folder, or stdout.

`nrwkg build` writes them in three steps (`write_dataset_exports` in a process of its own,
`write_network_exports`, `write_export_catalog`); `export` is `nrwkg export` (`write_all`). All
read the same dataset (see source.py), so they give the same bytes.
dcat.ttl is written last and describes the files as they were written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from nrwkg.errors import NrwkgError
from nrwkg.export.formats import DEFAULT_BASE_URL, EXPORT_DIR, FORMATS, GRAPH_FORMATS, PRIMARY
from nrwkg.export.source import Source, load_source
from nrwkg.export.streamed import STREAMED_FORMATS
from nrwkg.namespaces import GRAPH_ONTOLOGY, check_iri
from nrwkg.prefixes import Prefixes

if TYPE_CHECKING:
    from nrwkg.export.dcat import FileFacts

__all__ = ["FORMATS", "GRAPH_FORMATS", "PRIMARY", "DEFAULT_BASE_URL", "EXPORT_DIR", "render",
           "write_dataset_exports", "write_network_exports", "write_export_catalog", "DATASET_FORMATS",
           "NETWORK_FORMATS", "export", "write_all"]


def _bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def render(src: Source, fmt: str, graphs: list[URIRef] | None = None, base_url: str = DEFAULT_BASE_URL,
           sparql_endpoint: str | None = None, companions: bool = True) -> dict[str, bytes]:
    """path (relative to the export folder) → bytes, for one format other than dcat and all."""
    from nrwkg.export import graphml, jsonld, rdf, rdfxml, tables, void
    from nrwkg.export.compress import compressed

    if fmt in ("gexf", "graphml"):
        net = src.network
        return {PRIMARY[fmt]: graphml.to_gexf(net) if fmt == "gexf" else graphml.to_graphml(net)}
    if fmt == "csv":
        return {f"csv/{name}": _bytes(text) for name, text in tables.tables(src).items()}
    if fmt == "void":
        from nrwkg.turtle import to_turtle

        graph = void.void_graph(src, base_url, sparql_endpoint)
        return {"void.ttl": _bytes(to_turtle(graph, void.describe_prefixes(src.prefixes, base_url)))}
    writers = {"ttl": rdf.turtle, "nt": rdf.ntriples, "trig": rdf.trig, "nq": rdf.nquads}
    union_default = _read_graphs(src, fmt, graphs)
    if fmt in writers:
        out: dict[str, str | bytes] = {PRIMARY[fmt]: writers[fmt](src, union_default)}
    elif fmt == "jsonld":
        out = {"nrwkg.jsonld": jsonld.to_jsonld(src.dataset, src.prefixes, graphs or src.graphs)}
    elif fmt == "rdf":
        out = {"nrwkg.rdf": rdfxml.to_rdfxml(src.triples(union_default), src.prefixes)}
    else:
        raise NrwkgError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if companions:
        out.update(_companions(src, fmt))
        out.update(compressed({name: _bytes(text) for name, text in out.items()}))
    return {path: _bytes(text) for path, text in out.items()}


def _read_graphs(src: Source, fmt: str, graphs: list[URIRef] | None) -> list[URIRef] | None:
    """The graphs a dump of `fmt` holds: those asked for, else the asserted ones for the union
    files (Turtle, N-Triples, RDF/XML), else all."""
    from nrwkg.export import parts

    return graphs or (parts.asserted_graphs(src) if fmt in ("ttl", "nt", "rdf") else None)


def _companions(src: Source, fmt: str) -> dict[str, str]:
    """The small files written beside the dump of `fmt` (not its .gz)."""
    from nrwkg.export import jsonld, parts, rdfxml

    if fmt == "ttl":
        return _turtle_companions(src)
    if fmt == "jsonld":
        return {"context.jsonld": jsonld.context_document(src.prefixes)}
    if fmt == "rdf":
        def ontology_rdf() -> str:
            ontology = parts.ontology_alone(src)
            header = tuple(s for s, _, o in ontology if o == _OWL_ONTOLOGY)
            return rdfxml.to_rdfxml(ontology, src.prefixes, first=header)

        return {"ontology.rdf": _kept_file(src, "ontology.rdf", GRAPH_ONTOLOGY, ontology_rdf)}
    return {}


def _kept_file(src: Source, name: str, graph: URIRef, write: Callable[[], str]) -> str:
    """The text `write()` gives of a file made from the named graph `graph` alone (and the
    prefixes): the one the last build wrote when the graph's lines are the same (nrwkg.blockmemo)."""
    from nrwkg.blockmemo import dataset_groups, keep_whole, kept_whole, settings

    digest = dataset_groups(src.opened.nquads_file()).graphs.get(str(graph))
    variant = (settings("file", name, sorted(src.prefixes.mapping.items())),)
    found = kept_whole(variant, digest)
    if found is not None:
        return found[0]
    text = write()
    keep_whole(variant, digest, (text,), len(text))
    return text


def _write_dump(src: Source, fmt: str, folder: Path) -> None:
    """The files of `render(src, fmt)` written into `folder`, the dump straight into its file
    (nrwkg.export.streamed) and its .gz made from that file: no dump held whole in memory."""
    from nrwkg.export.compress import COMPRESSED, gzip_file
    from nrwkg.export.streamed import write_dump

    target = folder / PRIMARY[fmt]
    target.parent.mkdir(parents=True, exist_ok=True)
    write_dump(src, fmt, _read_graphs(src, fmt, None), target)
    _write(folder, {name: _bytes(text) for name, text in _companions(src, fmt).items()})
    if PRIMARY[fmt] in COMPRESSED:
        gzip_file(target, folder / f"{PRIMARY[fmt]}.gz")


_OWL_ONTOLOGY = URIRef("http://www.w3.org/2002/07/owl#Ontology")


def _turtle_companions(src: Source) -> dict[str, str]:
    """ontology.ttl and schemes.ttl apart, and each derived graph in its own file."""
    from nrwkg.export import parts

    out = {"ontology.ttl": _kept_file(src, "ontology.ttl", GRAPH_ONTOLOGY,
                                      lambda: src.turtle.write(parts.ontology_alone(src))),
           "schemes.ttl": _kept_file(src, "schemes.ttl", GRAPH_ONTOLOGY, lambda: src.turtle.write(parts.schemes(src)))}
    for graph, name in sorted(parts.DERIVED_FILES.items()):
        if graph in src.graphs:
            out[name] = _kept_file(src, name, graph, partial(_graph_turtle, src, graph))
    return out


def _graph_turtle(src: Source, graph: URIRef) -> str:
    return src.turtle.write(src.triples([graph]))


def _dcat(files: Mapping[str, FileFacts], prefixes: Prefixes, base_url: str) -> bytes:
    from nrwkg.export.dcat import dcat_graph
    from nrwkg.export.void import describe_prefixes
    from nrwkg.turtle import to_turtle

    return _bytes(to_turtle(dcat_graph(files, base_url), describe_prefixes(prefixes, base_url)))


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for path, data in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def write_all(src: Source, folder: Path, base_url: str = DEFAULT_BASE_URL,
              sparql_endpoint: str | None = None) -> dict[str, bytes]:
    """Every export into `folder`, then dcat.ttl describing them; returns path → bytes."""
    files: dict[str, bytes] = {}
    for fmt in FORMATS:
        if fmt not in ("dcat", "all"):
            files.update(render(src, fmt, base_url=base_url, sparql_endpoint=sparql_endpoint))
    _write(folder, files)
    from nrwkg.export.dcat import FileFacts

    files["dcat.ttl"] = _dcat({path: FileFacts.of_bytes(data) for path, data in files.items()}, src.prefixes,
                              base_url)
    _write(folder, {"dcat.ttl": files["dcat.ttl"]})
    return files


# The formats that read the named graphs alone, and those that read the store and the network:
# `nrwkg build` writes the first in a process of its own while it builds the network (see
# nrwkg.build.ARTEFACTS), then the second, then dcat.ttl over the files of both (write_export_catalog).
DATASET_FORMATS = ("ttl", "nt", "trig", "nq", "jsonld", "rdf", "void")
NETWORK_FORMATS = ("gexf", "graphml", "csv")


def _write_formats(build, out: Path, formats: tuple[str, ...]) -> None:
    from nrwkg.opened import opened_build

    src = Source(opened=opened_build(build, out))
    for fmt in FORMATS:
        if fmt in _STREAMED and fmt in formats:  # written as they are made: no file in memory
            target = out / EXPORT_DIR / PRIMARY[fmt]
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as fh:
                _stream(fmt, src.network, fh)
        elif fmt in STREAMED_FORMATS and fmt in formats:  # the dumps: straight into their files
            _write_dump(src, fmt, out / EXPORT_DIR)
        elif fmt in formats:  # written as soon as rendered: one format's bytes in memory at a time
            _write(out / EXPORT_DIR, render(src, fmt))


# The formats written straight into their file, with the bytes render gives: at 100x a GEXF file
# is hundreds of megabytes.
_STREAMED = ("gexf", "graphml")


def _stream(fmt: str, net, fh) -> None:
    from nrwkg.export import graphml

    (graphml.write_gexf if fmt == "gexf" else graphml.write_graphml)(net, fh)


def write_dataset_exports(build, out: Path) -> None:
    """The formats of DATASET_FORMATS into out/export/ (no dcat.ttl: see write_export_catalog)."""
    _write_formats(build, out, DATASET_FORMATS)


def write_network_exports(build, out: Path) -> None:
    """The formats of NETWORK_FORMATS into out/export/ (no dcat.ttl: see write_export_catalog)."""
    _write_formats(build, out, NETWORK_FORMATS)


def write_export_catalog(build, out: Path) -> None:
    """dcat.ttl describing every file of out/export/ as written: run after write_dataset_exports
    and write_network_exports, it gives the dcat.ttl of write_all."""
    from nrwkg.opened import opened_build

    folder = out / EXPORT_DIR
    _write(folder, {"dcat.ttl": _dcat(_folder_facts(folder), opened_build(build, out).prefixes, DEFAULT_BASE_URL)})


def _folder_facts(folder: Path) -> dict[str, FileFacts]:
    """Size and SHA-256 of each file of the export folder, each read block by block (at ×100 a
    dump read whole took 0.8 GB at the build's largest point)."""
    from nrwkg.export.dcat import FileFacts

    return {path: FileFacts.of_file(folder / path) for path in _folder_paths(folder)}


def _folder_paths(folder: Path) -> list[str]:
    """The files dcat.ttl describes: those under `folder` but dcat.ttl itself and the folder's
    index page (written by the pages; it lists the files, it is not one), relative and sorted."""
    return [path for path in (p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*"))
                              if p.is_file() and p.name != "dcat.ttl")
            if path != "index.html"]


def export(build_dir: Path, fmt: str = "all", graph: str | None = None, output: str | None = None,
           base_url: str = DEFAULT_BASE_URL, sparql_endpoint: str | None = None) -> list[str]:
    """`nrwkg export`: write `fmt` from the build in build_dir; returns what was written."""
    for iri, what in ((base_url, "--base-url"), (sparql_endpoint, "--sparql-endpoint")):
        if iri and check_iri(iri):
            raise NrwkgError(f"{what}: {check_iri(iri)}")
    if fmt not in FORMATS:
        raise NrwkgError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if graph and fmt not in GRAPH_FORMATS:
        raise NrwkgError(f"--graph applies to {', '.join(GRAPH_FORMATS)} only, not to {fmt}")
    single = fmt in PRIMARY
    if output == "-" and not single:
        raise NrwkgError(f"--format {fmt} writes several files: give a folder with -o, not -")
    if graph and output is None:
        raise NrwkgError("--graph writes one graph: give -o FILE, or -o - for standard output")
    src = load_source(build_dir)
    graphs = [src.resolve(graph)] if graph else None
    folder = build_dir / EXPORT_DIR
    if output is not None and output != "-" and (not single or Path(output).is_dir()):
        folder, output = Path(output), None
    if fmt == "all":
        folder.mkdir(parents=True, exist_ok=True)
        return [str(folder / p) for p in write_all(src, folder, base_url, sparql_endpoint)]
    if fmt == "dcat":
        described = folder if folder.is_dir() else build_dir / EXPORT_DIR
        files = {"dcat.ttl": _dcat(_folder_facts(described), src.prefixes, base_url)}
    else:
        files = render(src, fmt, graphs, base_url, sparql_endpoint, companions=output is None and not graph)
    if output == "-":
        sys.stdout.buffer.write(files[PRIMARY[fmt]])
        sys.stdout.buffer.flush()
        return ["-"]
    if output is not None:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_bytes(files[PRIMARY[fmt]])
        return [output]
    _write(folder, files)
    return [str(folder / p) for p in files]
