"""A read-only rdflib Graph over a fixed set of triples, indexed once: fast to fill and to read.

rdflib's in-memory stores spend most of their time on bookkeeping per added triple (events,
contexts). The writers of a build only read, so `frozen_graph(triples)` fills three plain indexes
(subject, predicate, object first) in one pass and answers every rdflib Graph read method
(`triples`, `subjects`, `objects`, `predicate_objects`, `value`, `len` …) from them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from rdflib import Graph, URIRef
from rdflib.store import Store

__all__ = ["frozen_graph", "FrozenStore"]


def _index() -> defaultdict:
    return defaultdict(lambda: defaultdict(set))


class FrozenStore(Store):
    """An rdflib Store holding a set of triples that never changes after it is made."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, triples: Iterable = ()):
        super().__init__()
        spo, pos, osp = _index(), _index(), _index()
        count = 0
        for s, p, o in set(triples):
            spo[s][p].add(o)
            pos[p][o].add(s)
            osp[o][s].add(p)
            count += 1
        self._spo, self._pos, self._osp, self._count = spo, pos, osp, count
        self._namespace: dict[str, URIRef] = {}
        self._prefix: dict[URIRef, str] = {}

    def add(self, triple, context=None, quoted=False) -> None:
        raise TypeError("a frozen graph cannot be changed: copy it into an rdflib Graph first")

    def remove(self, triple, context=None) -> None:
        raise TypeError("a frozen graph cannot be changed: copy it into an rdflib Graph first")

    def _match(self, s, p, o) -> Iterator[tuple]:
        if s is not None:
            by_p = self._spo.get(s, {})
            for p2 in (p,) if p is not None else list(by_p):
                objects = by_p.get(p2, ())
                if o is not None:
                    if o in objects:
                        yield s, p2, o
                else:
                    for o2 in objects:
                        yield s, p2, o2
        elif p is not None:
            by_o = self._pos.get(p, {})
            for o2 in (o,) if o is not None else list(by_o):
                for s2 in by_o.get(o2, ()):
                    yield s2, p, o2
        elif o is not None:
            for s2, preds in self._osp.get(o, {}).items():
                for p2 in preds:
                    yield s2, p2, o
        else:
            for s2, by_p in self._spo.items():
                for p2, objects in by_p.items():
                    for o2 in objects:
                        yield s2, p2, o2

    def triples(self, triple_pattern, context=None):
        s, p, o = triple_pattern
        for triple in self._match(s, p, o):
            yield triple, iter(())

    def __len__(self, context=None) -> int:
        return self._count

    def contexts(self, triple=None):
        return iter(())

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        bound = self._namespace.get(prefix)
        if bound is not None and not override:
            return
        if bound is not None:
            self._prefix.pop(bound, None)
        self._prefix.pop(namespace, None) if override else None
        self._namespace[prefix] = namespace
        self._prefix[namespace] = prefix

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefix.get(namespace)

    def namespace(self, prefix: str) -> URIRef | None:
        return self._namespace.get(prefix)

    def namespaces(self):
        yield from self._namespace.items()


def frozen_graph(triples: Iterable) -> Graph:
    """A read-only rdflib Graph of `triples` (duplicates collapse: it is a set)."""
    return Graph(store=FrozenStore(triples), bind_namespaces="none")


def _term(term):
    from rdflib import BNode, Literal

    kind = type(term).__name__
    if kind == "NamedNode":
        return URIRef(term.value)
    if kind == "BlankNode":
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def parse_nquads(path) -> dict:
    """named graph IRI → list of rdflib triples, names sorted, read from an N-Quads file with
    pyoxigraph (an order of magnitude faster than rdflib's parser; the same terms)."""
    import pyoxigraph as ox

    terms: dict = {}

    def term(t):
        found = terms.get(t)
        if found is None:
            found = terms[t] = _term(t)
        return found

    by_name: dict = defaultdict(set)
    with open(path, "rb") as f:
        for q in ox.parse(f, format=ox.RdfFormat.N_QUADS):
            if type(q.graph_name).__name__ == "NamedNode":
                by_name[URIRef(q.graph_name.value)].add((term(q.subject), term(q.predicate), term(q.object)))
    return {name: list(by_name[name]) for name in sorted(by_name)}
