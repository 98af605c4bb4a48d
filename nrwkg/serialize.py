"""Deterministic serialisations of the dataset: the same graph always gives the same bytes.

Every writer takes either an rdflib Dataset or a *graph map* (named graph IRI → its triples, see
`graph_map`), so that a build extracts the quads from rdflib once and serialises them many times.
Turtle and TriG follow rdflib's Turtle layout exactly but are written here directly (rdflib's
serialiser is the fallback for graphs with blank nodes, which rdflib nests).
"""

from __future__ import annotations

import bisect
import io
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import contextmanager

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.serializers.turtle import TurtleSerializer

from nrwkg.prefixes import Prefixes

__all__ = ["nt_term", "nquads_lines", "write_nquads", "to_nquads", "to_trig", "write_trig", "to_turtle",
           "to_ntriples", "graph_names", "graph_map", "union_of", "GraphMap"]

GraphMap = Mapping[URIRef, list]  # named graph IRI → list of (s, p, o), names sorted


def graph_map(ds: Dataset | GraphMap) -> GraphMap:
    """The non-empty named graphs of `ds` (IRIs only), sorted by name, read in one pass."""
    if not isinstance(ds, Dataset):
        return ds
    by_name: dict[URIRef, set] = defaultdict(set)
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if isinstance(name, URIRef):
            by_name[name].add((s, p, o))
    return {name: list(by_name[name]) for name in sorted(by_name)}


def union_of(graphs: Mapping[URIRef, Iterable], names: Iterable[URIRef] | None = None) -> set:
    """The set union of the named graphs `names` (all by default)."""
    union: set = set()
    for name in graphs if names is None else names:
        union.update(graphs.get(name, ()))
    return union


def graph_names(ds: Dataset | GraphMap) -> list[URIRef]:
    if not isinstance(ds, Dataset):
        return list(ds)
    return sorted(g.identifier for g in ds.graphs() if isinstance(g.identifier, URIRef) and len(g))


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term) -> str:
    """A term in N-Triples syntax (one line, escaped), for literals, IRIs and blank nodes."""
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def _nt_lines(triples, end: str) -> set[str]:
    """`s p o{end}` per triple; each term is written once however often it occurs."""
    terms: dict = {}

    def nt(term) -> str:
        text = terms.get(term)
        if text is None:
            text = terms[term] = nt_term(term)
        return text

    return {f"{nt(s)} {nt(p)} {nt(o)}{end}" for s, p, o in triples}


def nquads_lines(ds: Dataset | GraphMap, graphs: list[URIRef] | None = None) -> list[bytes]:
    """Every quad as one UTF-8 line of N-Quads, sorted, each once. UTF-8 keeps the order of code
    points, so the bytes sort as the text would; a line of bytes takes half or a quarter of the
    memory of the same line in a text that holds one character beyond Latin-1 (as ours do)."""
    gm = graph_map(ds)
    terms: dict = {}

    def nt(term) -> bytes:
        text = terms.get(term)
        if text is None:
            text = terms[term] = nt_term(term).encode("utf-8")
        return text

    lines: list[bytes] = []
    for name in graphs or list(gm):
        end = b" " + nt(name) + b" .\n"
        lines.extend(b" ".join((nt(s), nt(p), nt(o) + end)) for s, p, o in gm.get(name, ()))
    terms.clear()  # before the sort: it needs the memory more
    lines.sort()
    return [line for n, line in enumerate(lines) if n == 0 or line != lines[n - 1]]


def write_nquads(ds: Dataset | GraphMap, path, graphs: list[URIRef] | None = None, union_path=None,
                 uncopied: URIRef | None = None) -> None:
    """The N-Quads of to_nquads written to the file `path` (UTF-8), never held as one text; with
    `union_path`, the union of the graphs as N-Triples there too (for a store's default graph):
    of the graphs but `uncopied`, unless `uncopied` shares a triple with another graph (then of all:
    see nrwkg.store)."""
    lines = nquads_lines(ds, graphs)
    with open(path, "wb") as f:
        f.writelines(lines)
    if union_path is not None:
        with open(union_path, "wb") as f:
            f.writelines(_union_lines(lines, None if uncopied is None else nt_term(uncopied).encode("utf-8")))


def _union_lines(nquads: list[bytes], uncopied: bytes | None = None):
    """Sorted N-Quads lines without their graph term, each triple once, leaving out the triples
    only the graph `uncopied` holds unless it shares one with another graph: the lines of one
    triple in several graphs differ only at the end, so they are neighbours."""
    groups = list(_triples_and_graphs(nquads))
    shared = uncopied is not None and any(uncopied in names and len(names) > 1 for _, names in groups)
    for triple, names in groups:
        if uncopied is None or shared or names != [uncopied]:
            yield triple


def _triples_and_graphs(nquads: list[bytes]):
    """(N-Triples line, [graph terms]) of sorted N-Quads lines, one pair per triple."""
    triple: bytes | None = None
    names: list[bytes] = []
    for line in nquads:
        cut = line.rindex(b" <")  # the graph term: an IRI holds no space
        this = line[:cut] + b" .\n"
        if this != triple:
            if triple is not None:
                yield triple, names
            triple, names = this, []
        names.append(line[cut + 1:-3])
    if triple is not None:
        yield triple, names


def to_nquads(ds: Dataset | GraphMap, graphs: list[URIRef] | None = None) -> str:
    return b"".join(nquads_lines(ds, graphs)).decode("utf-8")


def to_ntriples(graph: Iterable) -> str:
    return "".join(sorted(_nt_lines(graph, " .\n")))


_EXTRA = {
    "vann": "http://purl.org/vocab/vann/", "sh": "http://www.w3.org/ns/shacl#", "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#", "wd": "http://www.wikidata.org/entity/",
    "annotation": "https://w3id.org/nrwkg/id/annotation/", "nrwgraph": "https://w3id.org/nrwkg/graph/",
}


def _namespaces(graph, prefixes: Prefixes) -> dict[str, str]:
    """The project's prefixes and a few well-known extras. Nothing else gets a prefix: an IRI in
    another namespace is written in full, so no file ever declares a generated `ns1:`."""
    known = dict(prefixes.mapping)
    for p, ns in _EXTRA.items():
        known.setdefault(p, ns)
    return known


def _iris(graph):
    """The IRIs of `graph`'s terms and of its literals' datatypes, each once (the terms are
    gathered in one set first: a term occurs many times, and a set fills without a Python loop)."""
    for term in set(itertools.chain.from_iterable(graph)):
        if isinstance(term, URIRef):
            yield str(term)
        elif isinstance(term, Literal) and term.datatype:
            yield str(term.datatype)


@contextmanager
def _decimals_in_full():
    """rdflib writes "51"^^xsd:decimal in Turtle's short form as `51.0`, another lexical form than the
    one the build chose (compile/literals.py): while serialising, decimals are written in full."""
    import rdflib.term

    plain = rdflib.term._PLAIN_LITERAL_TYPES
    rdflib.term._PLAIN_LITERAL_TYPES = tuple(t for t in plain if t != XSD.decimal)
    try:
        yield
    finally:
        rdflib.term._PLAIN_LITERAL_TYPES = plain


def _turtle_body(graph, namespaces: dict[str, str], labels: _Labels | None = None) -> str:
    """The Turtle statements of `graph` (any iterable of triples), without the prefix block.
    `labels` (made for the same `namespaces`) may be shared by several calls."""
    graph = graph if isinstance(graph, list | set | frozenset | tuple | Graph) else list(graph)
    with _decimals_in_full():
        fast = _turtle_blocks(graph, namespaces, labels)
        return fast if fast is not None else _rdflib_turtle_body(graph, namespaces)


_TYPE, _NIL, _CLASS = RDF.type, RDF.nil, RDFS.Class
_FIRST = (RDF.type, RDFS.label)  # rdflib's predicate order: these first, then the rest sorted


class _Labels:
    """Subjects, objects and predicates as Turtle writes them under `namespaces`, each worked out
    once however often it occurs (in one graph or, for TriG, in all of them)."""

    def __init__(self, namespaces: dict[str, str]):
        g = Graph(bind_namespaces="none")
        for prefix, ns in namespaces.items():
            g.bind(prefix, ns, override=True, replace=True)
        self._serializer = TurtleSerializer(g)
        self._objects: dict = {}
        self._verbs: dict = {_TYPE: "a"}

    def _datatype(self, dt):
        return self._serializer.get_pname(dt, gen_prefix=False)

    def label(self, node) -> str:  # a subject or an object
        text = self._objects.get(node)
        if text is None:
            if node == _NIL:
                text = "()"
            elif isinstance(node, Literal):
                text = node._literal_n3(use_plain=True, qname_callback=self._datatype)
            else:
                text = self._serializer.get_pname(node, gen_prefix=False) or node.n3()
            self._objects[node] = text
        return text

    def verb(self, node) -> str:
        text = self._verbs.get(node)
        if text is None:  # never ns1:
            text = self._verbs[node] = self._serializer.get_pname(node, gen_prefix=False) or node.n3()
        return text


def _turtle_blocks(triples, namespaces: dict[str, str], labels: _Labels | None = None) -> str | None:
    """rdflib's Turtle layout (subjects by reference count then IRI, rdf:type and rdfs:label first,
    sorted objects, four-space indents), written directly: the same text as rdflib's serialiser,
    an order of magnitude faster. None when the graph holds blank nodes (rdflib nests those)."""
    blocks = _turtle_block_texts(triples, namespaces, labels)
    return None if blocks is None else "\n\n".join(blocks)


def _turtle_block_texts(triples, namespaces: dict[str, str], labels: _Labels | None = None):
    """The subject blocks of _turtle_blocks one by one (an iterator), or None for blank nodes."""
    index: dict = {}
    references: dict = defaultdict(int)
    for s, p, o in triples:
        if isinstance(s, BNode) or isinstance(o, BNode):
            return None
        index.setdefault(s, {}).setdefault(p, []).append(o)
        references[o] += 1
    labels = labels if labels is not None else _Labels(namespaces)

    # subjects are IRIs here, which rdflib orders as their text: sorted by that text, without a
    # Python-level comparison of two terms
    top = sorted((s for s, props in index.items() if _CLASS in props.get(_TYPE, ())), key=str)
    seen = set(top)
    order = top + sorted((s for s in index if s not in seen), key=lambda s: (references[s], str(s)))
    return _subject_blocks(index, order, labels)


def _subject_blocks(index: dict, order: list, labels: _Labels):
    label, verb = labels.label, labels.verb
    for s in order:
        props = index[s]
        preds = [p for p in _FIRST if p in props]
        preds += sorted(p for p in props if p not in _FIRST)
        parts = [label(s)]
        for n, p in enumerate(preds):
            objects = sorted(props[p]) if len(props[p]) > 1 else props[p]
            head = " " if n == 0 else " ;\n    "
            parts.append(head + verb(p) + " " + label(objects[0]))
            for o in objects[1:]:
                parts.append(",\n        " + label(o))
        yield "".join(parts) + " ."


class _NoGeneratedPrefixes(TurtleSerializer):
    """rdflib's Turtle writer, except that it never invents a prefix (`ns1:`) for a predicate."""

    def get_pname(self, uri, gen_prefix: bool = True):
        return super().get_pname(uri, gen_prefix=False)


def _rdflib_turtle_body(graph, namespaces: dict[str, str]) -> str:
    g = Graph(bind_namespaces="none")
    for prefix, ns in namespaces.items():
        g.bind(prefix, ns, override=True, replace=True)
    for t in graph:
        g.add(t)
    buf = io.BytesIO()
    _NoGeneratedPrefixes(g).serialize(buf, encoding="utf-8")
    lines = buf.getvalue().decode("utf-8").split("\n")
    # drop rdflib's own prefix block only: a later line may be inside a multi-line literal, and
    # splitlines() would also split at U+2028, U+0085 … inside one
    start = 0
    while start < len(lines) and (lines[start].startswith("@prefix") or not lines[start].strip()):
        start += 1
    return "\n".join(lines[start:]).strip()


def _header(graph, namespaces: dict[str, str]) -> str:
    iris = sorted(set(_iris(graph)))
    used = [(p, ns) for p, ns in sorted(namespaces.items()) if _any_starts_with(iris, ns)]
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in used)


def _any_starts_with(ordered: list[str], start: str) -> bool:
    """Whether a string of the sorted list `ordered` starts with `start` (those sort right after it)."""
    at = bisect.bisect_left(ordered, start)
    return at < len(ordered) and ordered[at].startswith(start)


def to_turtle(graph, prefixes: Prefixes) -> str:
    namespaces = _namespaces(graph, prefixes)
    return _header(graph, namespaces) + "\n" + _turtle_body(graph, namespaces) + "\n"


def to_trig(ds: Dataset | GraphMap, prefixes: Prefixes, graphs: list[URIRef] | None = None) -> str:
    out = io.StringIO()
    write_trig(ds, prefixes, out, graphs)
    return out.getvalue()


def write_trig(ds: Dataset | GraphMap, prefixes: Prefixes, out, graphs: list[URIRef] | None = None) -> None:
    """The text of to_trig written to the text stream `out` block by block, never held whole."""
    gm = graph_map(ds)
    names = graphs or list(gm)
    namespaces = _namespaces(None, prefixes)
    every = itertools.chain.from_iterable(gm.get(name, ()) for name in names)  # not a union set: memory
    out.write(_header(every, namespaces) + "\n")
    labels = _Labels(namespaces)
    with _decimals_in_full():
        for n, name in enumerate(names):
            # not indented: a line inside a multi-line (triple-quoted) literal is part of its value
            out.write(("\n" if n else "") + f"{nt_term(name)} {{\n")
            triples = gm.get(name, ())
            triples = triples if isinstance(triples, list | set | frozenset | tuple | Graph) else list(triples)
            blocks = _turtle_block_texts(triples, namespaces, labels)
            if blocks is None:
                out.write(_rdflib_turtle_body(triples, namespaces))
            else:
                for k, block in enumerate(blocks):
                    out.write("\n\n" + block if k else block)
            out.write("\n}\n")
