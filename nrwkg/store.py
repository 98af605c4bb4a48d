"""The embedded SPARQL store (pyoxigraph): named graphs plus a de-duplicated union as default graph.

pyoxigraph 0.5's `use_default_graph_as_union` returns a triple once per graph that holds it,
so counts over facts that two documents state would double. Instead nrwkg queries a default graph
that holds every triple of every named graph exactly once (a set), and named graphs stay
queryable with GRAPH. Copying the whole union into the store's default graph would double the
load (the evidence graph alone is about three quarters of the quads), so the store's own default
graph holds the set union of the named graphs *but the evidence graph*, and every query of nrwkg
reads the default graph as that copy plus the evidence graph (`default_graph(store)`). The two
share no triple (annotations and their bodies are the evidence graph's own; the evidence graph is
copied too when they do: checked while the build writes `OpenedBuild.union_file`,
by `load_store` otherwise), so their union, which pyoxigraph evaluates as a bag, is still a set.
A store whose default graph holds the evidence graph's triples as well (one built before this
layout, or with shared triples) is read as it is.

Run queries through `query`/`select` here, never `Store.query` directly: a query or request that
names its own dataset (FROM, FROM NAMED, default-graph-uri) gets exactly that dataset.
"""

from __future__ import annotations

import mmap
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from nrwkg.graph_iris import EVIDENCE
from nrwkg.query.files import query_text

__all__ = ["store_from_nquads", "load_store", "open_store", "query", "select", "default_graph", "STORE_DIR",
           "UNCOPIED_GRAPH", "may_hold_blank_nodes"]

STORE_DIR = "store"

# pyoxigraph's bulk loader holds in memory what it is given: a file is given to it by chunks of about
# this many bytes, cut after a line break. x100 (6.6M quads into a store on disk), peak and CPU: whole
# 1,721 MB 74 s; by 500,000 lines (about 128 MiB) 663 MB 77 s; by 250,000 lines 866 MB 85 s (more,
# smaller parts for RocksDB to merge). Read as blocks, not line by line: reading takes a quarter of the
# CPU time (x10: 0.06 s instead of 0.21 s).
CHUNK_BYTES = 128 << 20


UNCOPIED_GRAPH = ox.NamedNode(EVIDENCE)  # read beside the store's default graph, not copied into it


def _bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def load_store(nquads: str | bytes | Path, union: str | bytes | Path | None = None,
               path: Path | None = None, lenient: bool = False) -> ox.Store:
    """A store holding the dataset, persisted at `path` when given, else in memory.

    `nquads` is the dataset's N-Quads text, or the path of an N-Quads file (streamed from disk).
    `union`, when the caller has it already, is what the default graph copies as N-Triples (text or
    a file): the union of the named graphs but the evidence graph, or of all of them if the
    evidence graph shares a triple with another (`OpenedBuild.union_file`); it is bulk-loaded.
    Otherwise those graphs are copied into a store on disk from the N-Quads themselves, chunk by
    chunk as they are loaded (`_load_and_copy`), and into a store in memory, or from the first chunk
    of N-Quads that may hold a blank node on, from the store (CONSTRUCT, serialised and loaded by
    pyoxigraph: a store in memory reads its quads back fast; 1M quads, CPU s and peak: 5.9 and
    515 MB so, 6.0 and 665 MB copied from the lines); the evidence graph is copied as well if it
    shares a triple with them.
    `lenient`: pyoxigraph skips some checks (IRIs, language tags): for the build's store only, whose
    files the validation loads with every check before the build is swapped in (about a sixth less
    CPU time at 10×); never for a file from elsewhere."""
    store = ox.Store(str(path)) if path else ox.Store()
    add = _bulk_load if path else _load_in_memory
    if union is not None:
        add(store, nquads, ox.RdfFormat.N_QUADS, lenient=lenient)
        add(store, union, ox.RdfFormat.N_TRIPLES, ox.DefaultGraph(), lenient=lenient)
    elif path is None:
        add(store, nquads, ox.RdfFormat.N_QUADS, lenient=lenient)
        _copy_by_query(store)
    else:
        _load_and_copy(store, nquads, lenient)
    store.flush() if path else None
    return store


def _load_and_copy(store: ox.Store, nquads: str | bytes | Path, lenient: bool,
                   chunk_bytes: int = CHUNK_BYTES) -> None:
    """The N-Quads bulk-loaded into a store on disk by chunks of whole lines, and after each chunk the
    triples of its named graphs but the evidence graph copied into the default graph from the same
    lines, as N-Triples: cut from them (`_copy_by_cutting`), or where a line does not have the form that
    needs, parsed again by pyoxigraph (`_copy_by_parsing`). The evidence graph is copied too if it
    shares a triple with the default graph; that is asked (a query) only when it may: when a copied
    subject has a triple in the evidence graph (the subjects of annotations never do), or a line may
    hold a triple of the default graph or of the evidence graph that the copy does not tell. Reading the
    quads back from a store on disk is what made the copy slow (RocksDB, every term looked up): 1M
    quads, CPU s against `oxigraph load` in the same run (three runs on a shared machine), 1.46×, 1.44×,
    1.38× copying them from the store (a CONSTRUCT, then the query of shared triples), 1.03×, 1.17×,
    1.21× so; peak memory 0.69× both (scripts/bench_store.py). A blank node's label names one node
    within one parse only: from the first chunk where `_:` occurs (in a literal too) on, the rest is
    bulk-loaded whole and every named graph but the evidence graph copied from the store
    (`_copy_by_query`). Each chunk is looked at for `_:` as it is read, not the whole file before (that
    read it once more: 1M quads, 0.23 s CPU). A line pyoxigraph refuses is told by its number in the
    whole text or file."""
    subjects: set = set()
    ask = False
    start = 0
    for chunk in _line_chunks(nquads, chunk_bytes):
        if _holds_blank_node_label(chunk):
            with _lines_counted_from(nquads, start):
                _bulk_load_rest(store, nquads, start, lenient)
            _copy_by_query(store)
            return
        with _lines_counted_from(nquads, start):
            _bulk_load(store, chunk, ox.RdfFormat.N_QUADS, lenient=lenient)
        start += len(chunk)
        copy = _copy_by_cutting(chunk)
        if copy is not None:
            try:  # the cut lines hold parts of lines the load has just checked: no check but the syntax
                _bulk_load(store, copy.ntriples, ox.RdfFormat.N_TRIPLES, ox.DefaultGraph(), lenient=True)
            except SyntaxError:  # a triple of the default graph was cut: what was loaded of the rest is right
                copy = None
        if copy is None:
            copy = _copy_by_parsing(chunk)
            _bulk_load(store, copy.ntriples, ox.RdfFormat.N_TRIPLES, ox.DefaultGraph(), lenient=True)
        subjects |= copy.subjects
        ask = ask or copy.ask
    if ask or any(next(iter(store.quads_for_pattern(s, None, None, UNCOPIED_GRAPH)), None) for s in subjects):
        _copy_evidence_if_shared(store)


class _Copy(NamedTuple):
    """The copy of one chunk's lines: N-Triples, their subjects, and whether to ask the store if the
    evidence graph shares a triple with the default graph whatever those subjects say."""
    ntriples: bytes
    subjects: set
    ask: bool


_UNCOPIED_NAME = f"<{EVIDENCE}>".encode()
_UNCOPIED_LINE_END = b" " + _UNCOPIED_NAME + b" ."  # as nrwkg and pyoxigraph write N-Quads
_GRAPH_END = re.compile(rb" <[^\\\s<>]*> \.")  # from a line's last " <": an IRI without escapes, the full stop
_COMMENT_AFTER_STOP = re.compile(rb"\.[ \t]*#")  # 0.08 s a 128 MiB chunk; searching the bytes for ".#" alone, 0.13 s


def _statement_may_end_early(chunk: bytes) -> bool:
    """Whether a statement may end before the end of its line: a carriage return ends a line too,
    and a comment may follow the full stop (`. #` in a literal makes this say yes as well)."""
    return b"\r" in chunk or _COMMENT_AFTER_STOP.search(chunk) is not None


def _lines_but_uncopied(chunk: bytes) -> tuple[list, bool]:
    """The lines of `chunk` less those that end in the evidence graph's name (three quarters of a
    build's lines): each is a quad of that graph or a triple of the default graph whose object is
    that name (no statement ends earlier on a line: checked by the callers), neither of them copied;
    and whether that name occurs in them elsewhere too (then a triple of the default graph may be
    one of the evidence graph)."""
    lines = chunk.split(b"\n")
    if not lines[-1]:
        lines.pop()
    kept = [line for line in lines if not line.endswith(_UNCOPIED_LINE_END)]
    named = chunk.count(_UNCOPIED_NAME)
    in_kept = sum(line.count(_UNCOPIED_NAME) for line in kept) if named else 0
    return kept, named - in_kept != len(lines) - len(kept)


def _copy_by_cutting(chunk: bytes) -> _Copy | None:
    """The copy of the chunk's lines as they are written by nrwkg and pyoxigraph, each line cut
    before its graph name; None when a line ends otherwise than in one space, an IRI without
    escapes other than the evidence graph's name and ` .`, or when a statement may end before the
    end of its line. A triple of the default graph (`<s> <p> <o> .`) would be cut to two terms:
    pyoxigraph refuses those N-Triples (the caller then parses the chunk)."""
    if _statement_may_end_early(chunk):
        return None
    kept, named_elsewhere = _lines_but_uncopied(chunk)
    ends = {line[line.rfind(b" <"):] for line in kept}
    if _UNCOPIED_LINE_END in ends or not all(_GRAPH_END.fullmatch(end) for end in ends):
        return None
    ntriples = b"".join([line[:line.rfind(b" <")] + b" .\n" for line in kept])
    subjects, plain = set(), True
    for term in {line[:line.find(b">") + 1] for line in kept}:
        if term.startswith(b"<") and not term.startswith(b"<<") and b"\\" not in term:
            try:
                subjects.add(ox.NamedNode(term[1:-1].decode("utf-8")))
                continue
            except ValueError:
                pass
        plain = False  # a subject not read here: the store is asked
    return _Copy(ntriples, subjects, named_elsewhere or not plain)


def _copy_by_parsing(chunk: bytes) -> _Copy:
    """The copy of the chunk's lines as pyoxigraph parses them (leniently: the load has just checked
    the same bytes), less the lines that end in the evidence graph's name when no statement may end
    before the end of its line."""
    if _statement_may_end_early(chunk):
        lines, named_elsewhere = chunk.split(b"\n"), True
    else:
        lines, named_elsewhere = _lines_but_uncopied(chunk)
    quads = list(ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_QUADS, lenient=True))
    copied = [quad.triple for quad in quads
              if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name != UNCOPIED_GRAPH]
    judged_apart = len(copied) != len(quads)  # a triple of the default graph, or of the evidence graph
    return _Copy(_ntriples(copied) if copied else b"", {triple.subject for triple in copied},
                 named_elsewhere or judged_apart)


def _copy_by_query(store: ox.Store) -> None:
    """The named graphs but the evidence graph copied into the default graph from the store itself
    (a CONSTRUCT), and the evidence graph too if it shares a triple with them."""
    copied = _ntriples(store.query(query_text("store", "copied-union")))
    store.bulk_load(copied, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    _copy_evidence_if_shared(store)


def _copy_evidence_if_shared(store: ox.Store) -> None:
    """The evidence graph copied into the default graph if it shares a triple with the copy there
    (the bag union queries read would count that triple twice)."""
    if store.query(query_text("store", "evidence-shared")):
        evidence = store.quads_for_pattern(None, None, None, UNCOPIED_GRAPH)
        store.bulk_load(_ntriples(q.triple for q in evidence), format=ox.RdfFormat.N_TRIPLES,
                        to_graph=ox.DefaultGraph())


def _load_in_memory(store: ox.Store, source: str | bytes | Path, fmt: ox.RdfFormat,
                    to_graph: ox.DefaultGraph | None = None, lenient: bool = False) -> None:
    """`source` (text or a file) parsed whole into an in-memory store by its ordinary loader. The
    memory store keeps every quad anyway, so the bulk loader's batches and chunks only cost: x10
    (386,535 quads with the union copy), CPU and peak 1.50 s and 346 MB by chunks of the bulk loader,
    1.10 s and 151 MB so."""
    options: dict = {"format": fmt, "lenient": lenient}
    if to_graph is not None:
        options["to_graph"] = to_graph
    if isinstance(source, Path):
        store.load(path=str(source), **options)
    else:
        store.load(_bytes(source), **options)


def _bulk_load(store: ox.Store, source: str | bytes | Path, fmt: ox.RdfFormat,
               to_graph: ox.DefaultGraph | None = None, lenient: bool = False) -> None:
    """`source` (text or a file) bulk-loaded into a store on disk; a file by chunks (_bulk_load_file)."""
    if isinstance(source, Path):
        _bulk_load_file(store, source, fmt, to_graph, lenient=lenient)
    elif to_graph is None:
        store.bulk_load(_bytes(source), format=fmt, lenient=lenient)
    else:
        store.bulk_load(_bytes(source), format=fmt, to_graph=to_graph, lenient=lenient)


def _bulk_load_file(store: ox.Store, path: Path, fmt: ox.RdfFormat, to_graph: ox.DefaultGraph | None = None,
                    chunk_bytes: int = CHUNK_BYTES, lenient: bool = False) -> None:
    """The file `path` (N-Quads or N-Triples: one statement a line) bulk-loaded by chunks of whole
    lines, about `chunk_bytes` each. A blank node's label names one node within one parse only, so a
    file that may hold blank nodes is loaded whole."""
    options: dict = {"format": fmt, "lenient": lenient}
    if to_graph is not None:
        options["to_graph"] = to_graph
    if may_hold_blank_nodes(path):
        store.bulk_load(path=str(path), **options)
        return
    start = 0
    for chunk in _line_chunks(path, chunk_bytes):
        with _lines_counted_from(path, start):
            store.bulk_load(chunk, **options)
        start += len(chunk)


_LINE_NUMBER = re.compile(r"\bline (\d+)")


@contextmanager
def _lines_counted_from(source: str | bytes | Path, start: int) -> Iterator[None]:
    """pyoxigraph's SyntaxError for the part of `source` from byte `start` (a chunk) re-raised with
    the lines counted from the beginning of `source`, and the file named when it is one. Counted only
    then: a load that succeeds does not count lines."""
    try:
        yield
    except SyntaxError as exc:
        before = _line_breaks_before(source, start)
        message = _LINE_NUMBER.sub(lambda m: f"line {int(m[1]) + before}", exc.msg or str(exc))
        where = str(source) if isinstance(source, Path) else None
        raise SyntaxError(message, (where, (exc.lineno or 1) + before, exc.offset, exc.text)) from None


def _line_breaks_before(source: str | bytes | Path, start: int) -> int:
    """The number of line breaks in the first `start` bytes of the text or file."""
    if not isinstance(source, Path):
        return _bytes(source).count(b"\n", 0, start)
    breaks = 0
    with open(source, "rb") as text:
        while start > 0 and (block := text.read(min(start, CHUNK_BYTES))):
            breaks += block.count(b"\n")
            start -= len(block)
    return breaks


def _line_chunks(source: str | bytes | Path, chunk_bytes: int = CHUNK_BYTES):
    """`source` (text or a file) as chunks of whole lines of about `chunk_bytes` each, cut after a
    line break (a line break in a term is escaped). A file is read as blocks, not line by line: where
    a block ends is found first (the rest of the line from its last byte), so that each is read once
    into bytes of its own size (a block read, then the rest of its line added, copied it again:
    1M quads, 0.20 s CPU so reading, 0.15 s)."""
    if not isinstance(source, Path):
        text = _bytes(source)
        start = 0
        while start < len(text):
            end = text.find(b"\n", start + chunk_bytes - 1) + 1 or len(text)
            yield text[start:end]
            start = end
        return
    with open(source, "rb") as lines:
        size, start = lines.seek(0, 2), 0
        while start < size:
            lines.seek(start + chunk_bytes - 1)
            lines.readline()  # the rest of the block's last line
            end = min(lines.tell(), size)
            lines.seek(start)
            yield lines.read(end - start)
            start = end


def _bulk_load_rest(store: ox.Store, nquads: str | bytes | Path, start: int, lenient: bool) -> None:
    """The N-Quads text or file from byte `start` (where a line begins) to its end, bulk-loaded whole."""
    if not isinstance(nquads, Path):
        store.bulk_load(_bytes(nquads)[start:], format=ox.RdfFormat.N_QUADS, lenient=lenient)
        return
    with open(nquads, "rb") as rest:
        rest.seek(start)
        store.bulk_load(rest, format=ox.RdfFormat.N_QUADS, lenient=lenient)


def may_hold_blank_nodes(source: str | bytes | Path) -> bool:
    """Whether `_:` occurs anywhere in the text or file (in a literal too: then it is loaded whole)."""
    if not isinstance(source, Path):
        return _holds_blank_node_label(_bytes(source))
    with open(source, "rb") as f:
        if not f.seek(0, 2):
            return False
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as text:
            return _holds_blank_node_label(text)


# Underscores looked at one by one before `_:` is searched for as such.
_UNDERSCORES_LOOKED_AT = 10_000


def _holds_blank_node_label(text: bytes | mmap.mmap) -> bool:
    """Whether `_:` occurs in `text`. An underscore is rare in N-Quads and found by memchr; a colon is
    in every IRI, and a search for `_:` as such stops at each of them (1M quads, 254 MB: 0.23 s CPU;
    so, 1,880 underscores looked at, a few ms). More underscores than `_UNDERSCORES_LOOKED_AT`: the
    rest is searched for `_:`."""
    found = text.find(b"_")
    for _ in range(_UNDERSCORES_LOOKED_AT):
        if found < 0:
            return False
        if text[found + 1:found + 2] == b":":
            return True
        found = text.find(b"_", found + 1)
    return found >= 0 and text.find(b"_:", found) >= 0


def _ntriples(triples) -> bytes:
    """N-Triples written by pyoxigraph: of a CONSTRUCT's result, or of any iterable of triples."""
    if isinstance(triples, ox.QueryTriples):
        written = triples.serialize(format=ox.RdfFormat.N_TRIPLES)
    else:
        written = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert written is not None  # no output given: the bytes are returned
    return written


def store_from_nquads(nquads: str | bytes, path: Path | None = None) -> ox.Store:
    """A store holding the dataset; persisted at `path` when given, else in memory."""
    return load_store(nquads, None, path)


def open_store(build_dir: Path) -> ox.Store:
    """Open the store of a finished build (read-only), or load it from the dataset's N-Quads."""
    persisted = build_dir / STORE_DIR
    if persisted.is_dir():
        return ox.Store.read_only(str(persisted))
    return load_store(build_dir / "dataset.nq")


def default_graph(store: ox.Store) -> list:
    """The graphs whose union is the de-duplicated union of all named graphs: the store's default
    graph, plus the evidence graph unless the default graph holds its triples already."""
    first = next(iter(store.quads_for_pattern(None, None, None, UNCOPIED_GRAPH)), None)
    if first is None or ox.Quad(first.subject, first.predicate, first.object) in store:
        return [ox.DefaultGraph()]
    return [ox.DefaultGraph(), UNCOPIED_GRAPH]


def query(store, text: str, *, own_dataset: bool = False, **kwargs):
    """`store.query(text, **kwargs)` with the de-duplicated union as default graph, unless the
    query names its dataset (`own_dataset`: FROM or FROM NAMED) or `default_graph` is given.
    A store that is not a pyoxigraph Store (a remote endpoint) answers with its own default graph."""
    if isinstance(store, ox.Store) and not own_dataset and kwargs.get("default_graph") is None:
        kwargs["default_graph"] = default_graph(store)
    return store.query(text, **kwargs)


def select(store: ox.Store, text: str, **kwargs) -> ox.QuerySolutions:
    """The solutions of a SELECT query (pyoxigraph's `query` may also give a boolean or triples)."""
    result = query(store, text, **kwargs)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    return result
