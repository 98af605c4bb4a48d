"""Turtle and TriG: the one writer of both, deterministic (the same triples always give the same bytes).

`TurtleWriter(prefixes)` writes rdflib's Turtle layout directly (subjects by how often they are
objects, rdf:type and rdfs:label first, sorted objects, four-space indents): the same text as
rdflib's serialiser, an order of magnitude faster. One writer serves several files with the same
prefixes (nrwkg.ttl, ontology.ttl, schemes.ttl, the derived graphs; or the named graphs of one
TriG file) and keeps what it has worked out once: the prefixed name of every IRI and the text of
every term. What differs between the files is a parameter, not a copy:

- the prefixes (`prefixes`): the project's prefixes and a few well-known extras; nothing else gets
  one, so no file ever declares a generated `ns1:`; the `@prefix` block names only the namespaces
  that start an IRI of the file (of any of its graphs, in TriG);
- the unit written: one document (`write`, `to_turtle`) or a block per named graph under one
  prefix block (`write_trig`, `to_trig`);
- blank nodes: a graph with blank nodes is written by rdflib's serialiser (rdflib nests those),
  for a whole document or for one named graph of a TriG file;
- decimals are written in full (`"0.5"^^xsd:decimal`, never rdflib's short `0.5`/`51.0`).
"""

from __future__ import annotations

import io
import itertools
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from operator import itemgetter
from typing import NamedTuple

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XMLNS, XSD
from rdflib.plugins.serializers.turtle import TurtleSerializer

from nrwkg.blockmemo import ANNOTATION, NO_GROUPS, Groups, SubjectTexts, keep_whole, kept_whole, settings
from nrwkg.prefixes import Prefixes
from nrwkg.serialize import GraphMap, graph_map, nt_term

__all__ = ["TurtleWriter", "to_turtle", "to_trig", "write_trig", "known_namespaces"]

_TYPE, _LABEL, _NIL, _CLASS = RDF.type, RDFS.label, RDF.nil, RDFS.Class
_OBJECT = itemgetter(2)
_FIRST = itemgetter(0)

_EXTRA = {
    "vann": "http://purl.org/vocab/vann/", "sh": "http://www.w3.org/ns/shacl#", "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#", "wd": "http://www.wikidata.org/entity/",
    "annotation": "https://w3id.org/nrwkg/id/annotation/", "nrwgraph": "https://w3id.org/nrwkg/graph/",
}


def known_namespaces(prefixes: Prefixes) -> dict[str, str]:
    """The project's prefixes and a few well-known extras (prefix → namespace). Nothing else gets a
    prefix: an IRI in another namespace is written in full, so no file declares a generated `ns1:`."""
    known = dict(prefixes.mapping)
    for p, ns in _EXTRA.items():
        known.setdefault(p, ns)
    return known


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


def _bound_graph(namespaces: dict[str, str]) -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in namespaces.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


_SIMPLE_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")
_NOT_IN_IRI = set('<>" {}|\\^`')


def _simple_namespaces(g: Graph) -> tuple[dict[str, str], set[str]]:
    """(namespace → prefix for the bound namespaces that end in `/` or `#` and that no other bound
    namespace extends within a local name, the bound namespaces and what each starts with up to
    its last `/` or `#`): an IRI whose head is in neither has no prefixed name."""
    bound = {str(ns): prefix for prefix, ns in g.namespace_manager.namespaces()}
    heads = {ns[:max(ns.rfind("/"), ns.rfind("#")) + 1] for ns in bound}
    simple = {}
    for ns in bound:
        extended = any(len(other) > len(ns) and other.startswith(ns) and not set("/#") & set(other[len(ns):])
                       for other in bound)
        if ns[-1:] in ("/", "#") and not extended and not _NOT_IN_IRI & set(ns) and not ns.startswith(XMLNS):
            prefix = g.namespace_manager.store.prefix(URIRef(ns))
            if prefix is not None:
                simple[ns] = prefix
    return simple, set(bound) | heads


class _NoGeneratedPrefixes(TurtleSerializer):
    """rdflib's Turtle writer, except that it never invents a prefix (`ns1:`) for a predicate."""

    def get_pname(self, uri, gen_prefix: bool = True):
        return super().get_pname(uri, gen_prefix=False)


def _rdflib_turtle_body(triples: Iterable, namespaces: dict[str, str]) -> str:
    """The statements of rdflib's own Turtle of `triples` (its prefix block dropped): the writer of
    graphs with blank nodes."""
    g = _bound_graph(namespaces)
    for t in triples:
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


def _as_collection(triples: Iterable):
    """`triples` as something that can be read twice (a generator becomes a list)."""
    return triples if isinstance(triples, list | set | frozenset | tuple | Graph) else list(triples)


def _index(triples) -> tuple[dict, Counter] | None:
    """(subject → predicate → objects, object → how many triples have it), or None when a triple
    holds a blank node (looked for among the distinct subjects and objects: far fewer than the
    triples, and an isinstance test of an rdflib term is slow)."""
    index: dict = {}
    for s, p, o in triples:
        by_p = index.get(s)
        if by_p is None:
            index[s] = {p: [o]}
            continue
        objects = by_p.get(p)
        if objects is None:
            by_p[p] = [o]
        else:
            objects.append(o)
    references = Counter(map(_OBJECT, triples))
    if any(isinstance(term, BNode) for term in itertools.chain(index, references)):
        return None
    return index, references


class TurtleWriter:
    """Turtle documents and TriG files that share one set of prefixes (see the module's docstring)."""

    def __init__(self, prefixes: Prefixes):
        self.prefixes = prefixes
        self.namespaces = known_namespaces(prefixes)
        self._spaces = sorted(self.namespaces.items())
        g = _bound_graph(self.namespaces)
        self._serializer = TurtleSerializer(g)
        self._text: dict = {}  # term → its Turtle text (subject or object position)
        self._verbs: dict = {_TYPE: "a"}
        self._simple, self._near_bound = _simple_namespaces(g)
        self._settings = settings("turtle", self._spaces)  # what a block is made from beyond its triples

    # -- the documents ---------------------------------------------------------------------
    def write(self, triples: Iterable) -> str:
        """The triples (any iterable; a set or a list of distinct ones) as a Turtle document."""
        out = io.StringIO()
        self.write_to(triples, out)
        return out.getvalue()

    def write_to(self, triples: Iterable, out, kept: tuple[dict[str, bytes], tuple] | None = None) -> None:
        """The document `write` gives, written to the text stream `out` block by block (the text of
        a large union is never held whole). `kept`: (the subject groups of the dataset, what the
        triples are, e.g. the names of the graphs of a union): the blocks of unchanged subjects are
        those the last build wrote (nrwkg.blockmemo)."""
        triples = _as_collection(triples)
        texts = SubjectTexts(kept[0], (self._settings, *kept[1])) if kept and kept[0] else None
        part = self._part(triples, texts) if texts is not None else None
        if part is not None and texts is not None:  # the blocks of the subjects not kept indexed, the rest kept
            out.write(self._prefix_lines(part.used) + "\n")
            with _decimals_in_full():
                for k, block in enumerate(self._part_blocks(part, texts)):
                    out.write("\n\n" + block if k else block)
            out.write("\n")
            texts.close(part.extras)
            return
        indexed = _index(triples)
        if indexed is None:
            with _decimals_in_full():
                body = _rdflib_turtle_body(triples, self.namespaces)
            out.write(self._header(itertools.chain.from_iterable(triples)) + "\n" + body + "\n")
            return
        index, references = indexed
        terms = itertools.chain(index, itertools.chain.from_iterable(index.values()), references)
        out.write(self._header(terms) + "\n")
        with _decimals_in_full():
            for k, block in enumerate(self._blocks(index, references)):
                out.write("\n\n" + block if k else block)
        out.write("\n")

    def _part(self, triples, texts: SubjectTexts) -> _Part | None:
        """The triples of the subjects whose blocks are not kept, indexed, with what the order of
        the blocks and the prefix block need of the kept ones and of each group written now;
        None when a triple holds a blank node (rdflib writes the document)."""
        kept = texts.kept
        # (a blank node whose label is a kept IRI's text is not that IRI: its triples stay)
        rest = [t for t in triples if str(t[0]) not in kept or type(t[0]) is BNode] if kept else triples
        indexed = _index(rest)
        if indexed is None:
            return None
        index, references = indexed
        iris = {o: str(o) for o in references if isinstance(o, URIRef)}  # the IRIs among the objects, as text
        refs = {text: references[o] for o, text in iris.items()}
        # what each group written now needs kept beside its blocks (SubjectTexts.close), and the
        # terms of the other subjects' triples (for the prefix block)
        pending, start = texts.pending, len(ANNOTATION)
        found: dict[str, tuple[set, Counter, list]] = {}
        others: list = []
        for s, props in index.items():
            text = str(s)
            cut = text.find("/", start) if text.startswith(ANNOTATION) else -1
            group = text[:cut + 1] if cut >= 0 else None
            if group in pending:
                entry = found.get(group)
                if entry is None:
                    entry = found[group] = (set(), Counter(), [])
                if _CLASS in props.get(_TYPE, ()):
                    entry[0].add(text)
                for objects in props.values():
                    entry[1].update(filter(None, map(iris.get, objects)))
                terms = entry[2]
            else:
                terms = others
            terms.append(s)
            terms.extend(props)
            terms.extend(itertools.chain.from_iterable(props.values()))
        extras = {group: (frozenset(classes), dict(counts), frozenset(self._used(terms)))
                  for group, (classes, counts, terms) in found.items()}
        used = self._used(others)
        classes: set[str] = set()
        for _, _, group_used in itertools.chain(texts.extras, extras.values()):
            used.update(group_used)
        for group_classes, group_refs, _ in texts.extras:
            classes.update(group_classes)
            for iri, n in group_refs.items():
                refs[iri] = refs.get(iri, 0) + n
        return _Part(index, refs, classes, used, extras)

    def _part_blocks(self, part: _Part, texts: SubjectTexts):
        """The blocks of `_blocks`, in its order: those kept and those written now."""
        index, refs, kept = part.by_subject, part.refs, texts.kept
        top: list[tuple] = [(str(s), s) for s, props in index.items() if _CLASS in props.get(_TYPE, ())]
        top += [(iri, iri) for iri in part.classes]  # a kept subject is its text, not a term
        top.sort(key=_FIRST)
        seen = {s for _, s in top}
        rest: list[tuple] = [((refs.get(str(s), 0), str(s)), s) for s in index if s not in seen]
        rest += [((refs.get(iri, 0), iri), iri) for iri in kept if iri not in part.classes]
        rest.sort(key=_FIRST)
        for _, s in itertools.chain(top, rest):
            if type(s) is str:
                yield kept[s]
            else:
                block = self._block(s, index[s])
                texts.add((s, block))
                yield block

    def write_trig(self, graphs: GraphMap, out, names: list[URIRef] | None = None,
                   groups: Groups | None = None) -> None:
        """The named graphs `names` (all by default) as TriG, written to the text stream `out` block
        by block, never held whole: one prefix block, then each graph's Turtle statements.
        `groups`: the groups of the dataset (nrwkg.blockmemo): the statements of an unchanged graph,
        and the blocks of unchanged subjects, are those the last build wrote."""
        names = names or list(graphs)
        groups = groups or NO_GROUPS
        kept = {}  # graph → (its statements, the prefixes they use) as the last build wrote them
        for name in names:
            found = kept_whole((self._settings, "whole", str(name)), groups.graphs.get(str(name)))
            if found is not None:
                kept[name] = found
        parts = {}  # graph → its subjects' kept blocks and the triples of the others (TurtleWriter._part)
        for name in names:
            if groups.subjects and name not in kept and str(name) not in groups.graphs:
                texts = SubjectTexts(groups.subjects, (self._settings, "graph", str(name)))
                part = self._part(_as_collection(graphs.get(name, ())), texts)
                if part is not None:
                    parts[name] = (texts, part)
        whole = {}  # graph → the prefixes its triples use, for the graphs to be kept whole
        for name in names:
            if name not in kept and name not in parts and str(name) in groups.graphs:
                whole[name] = frozenset(self._used(itertools.chain.from_iterable(graphs.get(name, ()))))
        every = itertools.chain.from_iterable(graphs.get(name, ()) for name in names
                                              if name not in kept and name not in parts and name not in whole)
        used = self._used(itertools.chain.from_iterable(every))  # not a union set: memory
        for prefixes in itertools.chain((found[1] for found in kept.values()), whole.values()):
            used.update(prefixes)
        for _, part in parts.values():
            used.update(part.used)
        out.write(self._prefix_lines(used) + "\n")
        with _decimals_in_full():
            for n, name in enumerate(names):
                # not indented: a line inside a multi-line (triple-quoted) literal is part of its value
                out.write(("\n" if n else "") + f"{nt_term(name)} {{\n")
                if name in kept:
                    out.write(kept[name][0])
                elif name in parts:
                    texts, part = parts.pop(name)
                    for k, block in enumerate(self._part_blocks(part, texts)):
                        out.write("\n\n" + block if k else block)
                    texts.close(part.extras)
                else:
                    self._write_graph(graphs.get(name, ()), name, out, groups, whole.get(name))
                out.write("\n}\n")

    def _write_graph(self, triples, name: URIRef, out, groups: Groups, used: frozenset | None = None) -> None:
        """One graph's statements in a TriG file, kept whole for the next build when the graph has
        a digest (`write_trig`), with the prefixes `used` by its triples."""
        triples = _as_collection(triples)
        indexed = _index(triples)
        if indexed is None:
            out.write(_rdflib_turtle_body(triples, self.namespaces))
            return
        digest = groups.graphs.get(str(name))
        parts = []
        for k, block in enumerate(self._blocks(*indexed)):
            parts.append("\n\n" + block if k else block)
            if digest is None:
                out.write(parts.pop())
        if digest is not None:  # the graph as a whole, with the prefixes its triples use
            text = "".join(parts)
            out.write(text)
            if used is None:
                used = frozenset(self._used(itertools.chain.from_iterable(triples)))
            keep_whole((self._settings, "whole", str(name)), digest, (text, used), len(text))

    # -- the prefix block ------------------------------------------------------------------
    def _header(self, terms: Iterable) -> str:
        """`@prefix` lines for every namespace that starts an IRI among `terms` (or the datatype IRI
        of a literal among them), sorted by prefix."""
        return self._prefix_lines(self._used(terms))

    def _used(self, terms: Iterable) -> set[str]:
        """The prefixes of the namespaces that start an IRI among `terms` (or the datatype IRI of a
        literal among them)."""
        iris = set()
        for term in set(terms):  # a term occurs many times: a set fills without a Python loop
            if isinstance(term, URIRef):
                iris.add(str(term))
            elif isinstance(term, Literal) and term.datatype:
                iris.add(str(term.datatype))
        ordered = sorted(iris)
        used = set()
        for prefix, ns in self._spaces:
            at = bisect_left(ordered, ns)  # the IRIs that start with ns sort right after it
            if at < len(ordered) and ordered[at].startswith(ns):
                used.add(prefix)
        return used

    def _prefix_lines(self, used: set[str]) -> str:
        """The `@prefix` lines of the prefixes `used`, sorted by prefix."""
        return "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in self._spaces if prefix in used)

    # -- the statements --------------------------------------------------------------------
    def _label(self, node) -> str:
        text = self._text.get(node)
        if text is None:
            if node == _NIL:
                text = "()"
            elif isinstance(node, Literal):
                text = node._literal_n3(use_plain=True, qname_callback=self._datatype)
            else:
                text = self._pname(node) or node.n3()
            self._text[node] = text
        return text

    def _datatype(self, dt):
        return self._pname(dt)

    def _verb(self, node) -> str:
        text = self._verbs.get(node)
        if text is None:
            text = self._verbs[node] = self._pname(node) or node.n3()
        return text

    def _pname(self, node) -> str | None:
        """rdflib's prefixed name for `node` (never a generated `ns1:`), or None. An IRI of the
        common shape, a bound namespace ending in `/` or `#` and a local name of ASCII letters,
        digits, `_` and `-`, is named here directly, with the prefix rdflib would choose: rdflib
        splits such an IRI at the same place (its split_uri stops at the `/` or `#`), and looks
        for a bound namespace from there on only. An IRI of that shape whose head no bound
        namespace starts at has no prefixed name."""
        if isinstance(node, URIRef):
            iri = str(node)
            cut = max(iri.rfind("/"), iri.rfind("#")) + 1
            head = iri[:cut]
            if _SIMPLE_LOCAL.match(iri, cut) and not iri.startswith(XMLNS):
                prefix = self._simple.get(head)
                if prefix is not None:
                    return f"{prefix}:{iri[cut:]}"
                if head not in self._near_bound and iri not in self._near_bound:
                    return None  # rdflib finds no bound namespace for it either
        return self._serializer.get_pname(node, gen_prefix=False)

    def _blocks(self, index: dict, references: Counter):
        """The subject blocks, one by one, in rdflib's layout: classes first (sorted), then subjects
        by how often they are objects, then IRI; rdf:type and rdfs:label first, other predicates
        sorted; objects sorted (`_part_blocks`: the same, with blocks kept from the last build)."""
        # subjects are IRIs here (no blank nodes), which rdflib orders as their text: sorted by
        # that text, without a Python-level comparison of two terms
        top = sorted((s for s, props in index.items() if _CLASS in props.get(_TYPE, ())), key=str)
        seen = set(top)
        rest = sorted((s for s in index if s not in seen), key=lambda s: (references.get(s, 0), str(s)))
        for s in top + rest:
            yield self._block(s, index[s])

    def _block(self, s, props: dict) -> str:
        """The block of subject `s` with its predicates and objects `props`."""
        label, verb = self._label, self._verb
        preds = sorted(props, key=str)
        if _LABEL in props:
            preds.remove(_LABEL)
            preds.insert(0, _LABEL)
        if _TYPE in props:
            preds.remove(_TYPE)
            preds.insert(0, _TYPE)
        parts = [label(s)]
        head = " "
        for p in preds:
            objects = props[p]
            if len(objects) > 1:
                objects = sorted(objects)
            parts.append(head + verb(p) + " " + label(objects[0]))
            head = " ;\n    "
            for o in objects[1:]:
                parts.append(",\n        " + label(o))
        return "".join(parts) + " ."


class _Part(NamedTuple):
    """A document's triples for TurtleWriter._part_blocks: those of the subjects whose blocks are
    not kept, indexed; the IRIs among all objects, by text, with how often each is one; the kept
    subjects that are classes; the prefixes every triple uses; and of each group written now, its
    classes, the IRIs its triples have as objects (how often), the prefixes its triples use."""

    by_subject: dict
    refs: dict[str, int]
    classes: set[str]
    used: set[str]
    extras: dict[str, tuple]  # what SubjectTexts.close keeps beside the blocks of each group written


def to_turtle(triples: Iterable, prefixes: Prefixes) -> str:
    """The triples (or an rdflib Graph) as a Turtle document (TurtleWriter(prefixes).write)."""
    return TurtleWriter(prefixes).write(triples)


def write_trig(ds: Dataset | GraphMap, prefixes: Prefixes, out, graphs: list[URIRef] | None = None,
               groups: Groups | None = None) -> None:
    """The named graphs `graphs` (all by default) of `ds` as TriG, written to the text stream `out`
    (`groups`: see TurtleWriter.write_trig)."""
    TurtleWriter(prefixes).write_trig(graph_map(ds), out, graphs, groups)


def to_trig(ds: Dataset | GraphMap, prefixes: Prefixes, graphs: list[URIRef] | None = None) -> str:
    """The text that write_trig writes."""
    out = io.StringIO()
    write_trig(ds, prefixes, out, graphs)
    return out.getvalue()
