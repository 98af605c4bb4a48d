"""The dumps of `nrwkg build` written straight into their files: the bytes `render` gives
(nrwkg.export.bundle), never held as one text in memory.

At 100x (3.4M quads) each dump is hundreds of megabytes (nrwkg.nq 880 MB, nrwkg.nt 690 MB):
rendered whole, a dump's text, its UTF-8 bytes and its .gz were all in memory at once. Here the
Turtle, N-Triples, JSON-LD and RDF/XML writers write to the file as they go, N-Quads and TriG are
second names (hard links; copies where the file system has none) of the dataset's files
(dataset.nq, dataset.trig) when they hold every graph, and the .gz
beside a dump is made from its file (nrwkg.export.compress.gzip_file).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from rdflib import URIRef

from nrwkg.blockmemo import NO_GROUPS, dataset_groups
from nrwkg.export import jsonld, rdf, rdfxml
from nrwkg.export.source import Source
from nrwkg.turtle import write_trig

__all__ = ["STREAMED_FORMATS", "write_dump"]

STREAMED_FORMATS = ("ttl", "nt", "trig", "nq", "jsonld", "rdf")


def write_dump(src: Source, fmt: str, graphs: list[URIRef] | None, target: Path) -> None:
    """The dump of `fmt` (one of STREAMED_FORMATS) of the union or named graphs `graphs` (all by
    default, as `render` reads them) into the file `target`."""
    # the blocks of unchanged subjects (and graphs) are those the last build wrote: nrwkg.blockmemo
    groups = dataset_groups(src.opened.nquads_file()) if fmt in ("ttl", "jsonld", "rdf") else NO_GROUPS
    part = ("union", *map(str, graphs or src.graphs))
    if fmt == "ttl":
        with _text(target) as out:
            src.turtle.write_to(src.triples(graphs), out, (groups.subjects, part))
    elif fmt == "nt":
        with open(target, "wb") as out:
            rdf.write_ntriples(src, graphs, out)
    elif fmt == "trig":
        written = src.opened.trig_file()
        if written is not None and (not graphs or graphs == src.graphs):
            _same_file(written, target)
        else:
            with _text(target) as out:
                write_trig(src.opened.graphs, src.prefixes, out, graphs)
    elif fmt == "nq":
        if not graphs or graphs == src.graphs:
            _same_file(src.opened.nquads_file(), target)
        else:
            text = rdf.nquads(src, graphs)
            target.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    elif fmt == "jsonld":
        with _text(target) as out:
            jsonld.write_jsonld(src.dataset, src.prefixes, graphs or src.graphs, out, groups)
    elif fmt == "rdf":
        with _text(target) as out:
            rdfxml.write_rdfxml(src.triples(graphs), src.prefixes, out, kept=(groups.subjects, part))
    else:
        raise ValueError(f"{fmt} is not written by write_dump")


def _same_file(source: Path, target: Path) -> None:
    """`target` a second name of the file `source` (the same bytes, no copy to write), or a copy
    where the file system cannot link them."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _text(path: Path):
    """A text file written as `str.encode("utf-8")` would give its text (no newline translation)."""
    return open(path, "w", encoding="utf-8", newline="")
