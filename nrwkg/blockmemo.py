"""The text of subject blocks kept between builds: the Turtle/TriG, JSON-LD and RDF/XML writers
of a build write a block again only for the subjects whose triples changed.

Three quarters of the quads are in the evidence graph, whose subjects are
`…/id/annotation/<document>/<statement>[/…]`: one document's evidence changes when it is edited,
the others' does not. The sorted N-Quads of the dataset (dataset.nq, written before the writers
run) hold the lines of every subject that starts with `…/annotation/<document>/` as one run, in
every graph; a digest of that run (a *group*) is a key of everything those subjects' blocks are
made from, in any graph or union of graphs. A writer finds in `SubjectTexts.kept` the block
the last build wrote for a subject in the same part (graph, or union of graphs) with the same
writer settings, when its group's lines are the same bytes; else it writes the block and hands
it to `add`, and `close` keeps the blocks of the groups that were written (nrwkg.memo:
kept between builds by nrwkg.buildcache, only read by the same code, so a kept block is the
bytes the writer gives for those triples). A build from scratch loads no memo: it writes every
block and keeps them for the next build.

What a block is made from beyond its subject's triples (the prefixes, the RDF/XML names of the
properties, the graphs of a union) is the writer's `variant`, part of the key. A writer of one
graph at a time (TriG, JSON-LD) also keeps each graph but the evidence graph whole, by a digest
of the graph's lines (`Groups.graphs`, `kept_whole`), and so do the files made from one graph
(ontology.ttl, schemes.ttl, ontology.rdf, the derived graphs' files). In the union files
(nrwkg.ttl, nrwkg.rdf) the subjects outside the groups (entities, the ontology, the registry)
are always written.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import zlib
from bisect import bisect_left
from collections.abc import Callable
from itertools import islice
from operator import le
from pathlib import Path
from typing import Any, NamedTuple

from rdflib import BNode

from nrwkg.memo import memo
from nrwkg.namespaces import GRAPH_EVIDENCE

__all__ = ["tables", "SubjectTexts", "Groups", "NO_GROUPS", "dataset_groups", "kept_whole", "keep_whole", "settings",
           "ANNOTATION"]

ANNOTATION = "https://w3id.org/nrwkg/id/annotation/"
_LINE_START = ("<" + ANNOTATION).encode("utf-8")

# (writer's variant, group digest) → {subject IRI: its block}; kept between builds (nrwkg.memo)
# kept in _TABLES memos by what a block is of (its document's group, its graph or file): an edit adds
# to the memos of its document's groups and of the graphs it changed, and only those are written
# again, without the entries they replace (the memos of the bundled corpus take 18 MB; one memo
# written whole took 0.07 s of CPU time a build)
_TABLES = 16
_BLOCKS: list[dict[tuple, Any]] = [memo(f"export-blocks-{n:x}") for n in range(_TABLES)]


_SAME: dict[str, str] = {}  # the blocks this process kept, each text once


def tables() -> list[dict[tuple, Any]]:
    """The memos of kept blocks (_BLOCKS)."""
    return _BLOCKS


def _table(of: str) -> dict[tuple, Any]:
    return _BLOCKS[zlib.crc32(of.encode("utf-8")) % _TABLES]
_ROOM = [24 << 20]  # characters of blocks this process may add to the memo, at most (memory at 100x)



class Groups(NamedTuple):
    """What the blocks of a dataset are made from, from its sorted N-Quads: `subjects`, each
    `…/annotation/<document>/` → the digest of the lines of the subjects that start with it, and
    `graphs`, each named graph but the evidence graph → the digest of its lines (a graph is
    written as a whole by a writer of one graph at a time: TriG, JSON-LD)."""

    subjects: dict[str, bytes]
    graphs: dict[str, bytes]


NO_GROUPS = Groups({}, {})
_GROUPS: dict[tuple, Groups] = {}  # (path, size, mtime, inode) → its groups, once a process
_EVIDENCE_END = f" <{GRAPH_EVIDENCE}> .\n".encode()


def dataset_groups(nquads: Path) -> Groups:
    """The groups of the sorted N-Quads file `nquads` (read once a process); none when the file is
    not sorted, or larger than _LARGEST bytes."""
    st = os.stat(nquads)
    if st.st_size > _LARGEST:
        return NO_GROUPS
    stamp = (os.fspath(nquads), st.st_size, st.st_mtime_ns, st.st_ino)
    found = _GROUPS.get(stamp)
    if found is None:
        _GROUPS.clear()
        found = _GROUPS[stamp] = _groups(Path(nquads).read_bytes())
    return found


# The N-Quads of a larger dataset are not read for groups (read whole and cut into lines they would
# take three times their size in this process's memory; at 10x they take 92 MB): its blocks are all
# written, as before, and none is kept (the memo's room would hold a small part of them anyway).
_LARGEST = 32 << 20


def _digest(data) -> bytes:
    return hashlib.sha256(data).digest()[:16]  # SHA-256: the processor computes it (twice blake2b's speed)


def _groups(data: bytes) -> Groups:
    lines = data.split(b"\n")  # a line break inside a term is always escaped
    if lines and not lines[-1]:
        lines.pop()
    if not all(map(le, lines, islice(lines, 1, None))):
        return NO_GROUPS  # not sorted: a subject's lines could be anywhere
    # where each line starts in `data`: a group's lines are hashed there, not joined again
    offsets = list(itertools.accumulate(map((1).__add__, map(len, lines)), initial=0))
    view = memoryview(data)
    start = bisect_left(lines, _LINE_START)
    end = bisect_left(lines, _LINE_START[:-1] + b"0", start)  # past every line that starts with it
    subjects: dict[str, bytes] = {}
    at = start
    while at < end:
        line = lines[at]
        close = line.find(b"> ")
        cut = line.find(b"/", len(_LINE_START), close)
        if close < 0 or cut < 0:  # a subject …/annotation/x itself: no group, always written
            at += 1
            continue
        prefix = line[:cut + 1]
        stop = bisect_left(lines, prefix[:-1] + b"0", at, end)  # `0` follows `/`
        subjects[prefix[1:].decode("utf-8")] = _digest(view[offsets[at]:offsets[stop]])
        at = stop
    graphs: dict[str, bytes] = {}
    # each graph's lines, when every line of the annotations is in the evidence graph (no other
    # graph then has a line among them): the graph term ends a line, and no line break is in one
    if data.count(_EVIDENCE_END, offsets[start], offsets[end]) == end - start:
        by_graph: dict[bytes, list[bytes]] = {}
        for line in itertools.chain(islice(lines, 0, start), islice(lines, end, None)):
            name = line[line.rindex(b" <") + 2:-3]  # `… <graph> .`
            found = by_graph.get(name)
            if found is None:
                by_graph[name] = [line]
            else:
                found.append(line)
        evidence = _EVIDENCE_END[2:-4]
        graphs = {name.decode("utf-8"): _digest(b"\n".join(found)) for name, found in by_graph.items()
                  if name != evidence}
    return Groups(subjects, graphs)


def kept_whole(variant: tuple, digest: bytes | None):
    """What a writer kept for a whole part made from lines with this digest (`keep_whole`), or None.
    The last string of `variant` names the part (its graph, its file)."""
    return None if digest is None else _table(variant[-1]).get((variant, digest))


def keep_whole(variant: tuple, digest: bytes | None, value: tuple, size: int) -> None:
    """Keep `value` (plain data, about `size` characters) for the part made from lines with this digest."""
    if digest is not None and size <= _ROOM[0]:
        _table(variant[-1])[(variant, digest)] = value
        _ROOM[0] -= size


class SubjectTexts:
    """The kept blocks of one part (a graph, or a union of graphs) written by one writer with
    the settings `variant` (a tuple of plain strings), for the groups of `groups`. A writer looks
    a subject up in `kept` by its IRI as a plain string (`str(subject)`: an rdflib term is never
    equal to a plain string); a subject found there is a kept block. Every block it writes it
    hands to `add` as (subject, block); `close` keeps those of the groups not kept."""

    def __init__(self, groups: dict[str, bytes], variant: tuple):
        self.variant = variant
        self.kept: dict[str, Any] = {}  # subject IRI → its block, for the groups kept
        self.extras: list[tuple] = []  # what else a writer kept of each group kept (`close`)
        self.pending: dict[str, bytes] = {}  # group → its digest, for the groups not kept
        for prefix, digest in groups.items():
            entry = _table(prefix).get((variant, digest))
            if entry is None:
                self.pending[prefix] = digest
            elif isinstance(entry, tuple):
                self.kept.update(entry[0])
                self.extras.append(entry[1:])
            else:
                self.kept.update(entry)
        self._added: list[tuple] = []  # (subject, block) written now
        self.add: Callable[[tuple], None] = self._added.append  # a call a block: kept cheap

    def close(self, extras: dict[str, tuple] | None = None) -> None:
        """Keep the blocks written for the groups that were not kept (within the memo's room),
        with what else the writer keeps of each, `extras` (group → plain data)."""
        new: dict[str, dict[str, Any]] = {}  # group → the blocks written now
        start = len(ANNOTATION)
        for subject, text in self._added:
            iri = str(subject)  # only IRIs are in a group's lines
            cut = iri.find("/", start) if iri.startswith(ANNOTATION) and type(subject) is not BNode else -1
            prefix = iri[:cut + 1]
            if cut >= 0 and prefix in self.pending:
                blocks = new.get(prefix)
                if blocks is None:
                    blocks = new[prefix] = {}
                blocks[iri] = text
        self._added.clear()
        for prefix, blocks in new.items():
            size = sum(len(text) if isinstance(text, str) else sum(map(len, text)) for text in blocks.values())
            if size <= _ROOM[0]:
                # a text written twice (a block of the evidence graph and of the union) kept once
                blocks = {subject: _SAME.setdefault(text, text) if isinstance(text, str) else text
                          for subject, text in blocks.items()}
                value = blocks if extras is None else (blocks, *extras[prefix])
                _table(prefix)[(self.variant, self.pending[prefix])] = value
                _ROOM[0] -= size


def settings(*parts) -> str:
    """A digest of writer settings (plain data whose repr is stable: strings, tuples, sorted items)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()
