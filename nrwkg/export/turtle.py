"""Turtle for the exports: the text of nrwkg.serialize.to_turtle, written with less work per triple.

`TurtleWriter(prefixes)` writes several files with the same prefixes (nrwkg.ttl, ontology.ttl,
schemes.ttl, the derived graphs) and keeps what it has worked out once: the prefixed name of every
IRI and the text of every term. Within a file, the triples are read once into an index; the prefix
block is decided from the distinct terms, not from every triple. Subjects, predicates and objects
come out in nrwkg.serialize's order (rdflib's layout), so the bytes are the same; a graph with
blank nodes is handed to nrwkg.serialize (rdflib nests those).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from operator import itemgetter

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import XMLNS
from rdflib.plugins.serializers.turtle import TurtleSerializer

from nrwkg.prefixes import Prefixes
from nrwkg.serialize import _decimals_in_full, _namespaces, to_turtle

__all__ = ["TurtleWriter"]

_TYPE, _LABEL, _NIL, _CLASS = RDF.type, RDFS.label, RDF.nil, RDFS.Class
_OBJECT = itemgetter(2)


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


class TurtleWriter:
    """Turtle files that share one set of prefixes (see the module's docstring)."""

    def __init__(self, prefixes: Prefixes):
        self.prefixes = prefixes
        self.namespaces = _namespaces(None, prefixes)
        self._spaces = sorted(self.namespaces.items())
        g = Graph(bind_namespaces="none")
        for prefix, ns in self.namespaces.items():
            g.bind(prefix, ns, override=True, replace=True)
        self._serializer = TurtleSerializer(g)
        self._text: dict = {}  # term → its Turtle text (subject or object position)
        self._verbs: dict = {_TYPE: "a"}
        self._simple, self._near_bound = _simple_namespaces(g)

    def write(self, triples: Iterable) -> str:
        """The triples (any iterable; a set or a list of distinct ones) as a Turtle document."""
        triples = triples if isinstance(triples, list | set | frozenset | tuple) else list(triples)
        index: dict = {}
        for s, p, o in triples:
            if isinstance(s, BNode) or isinstance(o, BNode):
                return to_turtle(triples, self.prefixes)
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
        with _decimals_in_full():
            body = self._body(index, references)
        return self._header(index, references) + "\n" + body + "\n"

    # -- the prefix block ------------------------------------------------------------------
    def _header(self, index: dict, references: Counter) -> str:
        """`@prefix` lines for every namespace that starts an IRI of the graph (as serialize's)."""
        iris = {str(s) for s in index}
        for props in index.values():
            iris.update(map(str, props))
        for o in references:
            if isinstance(o, URIRef):
                iris.add(str(o))
            elif isinstance(o, Literal) and o.datatype:
                iris.add(str(o.datatype))
        ordered = sorted(iris)
        used = []
        for prefix, ns in self._spaces:
            at = bisect_left(ordered, ns)
            if at < len(ordered) and ordered[at].startswith(ns):
                used.append(f"@prefix {prefix}: <{ns}> .\n")
        return "".join(used)

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

    def _body(self, index: dict, references: Counter) -> str:
        """rdflib's layout: classes first (sorted), then subjects by how often they are objects,
        then IRI; rdf:type and rdfs:label first, other predicates sorted; objects sorted."""
        # subjects are IRIs here (no blank nodes), so rdflib's order is that of their text
        top = sorted((s for s, props in index.items() if _CLASS in props.get(_TYPE, ())), key=str)
        seen = set(top)
        rest = sorted((s for s in index if s not in seen), key=lambda s: (references.get(s, 0), str(s)))
        label, verb = self._label, self._verb
        out = []
        for s in top + rest:
            props = index[s]
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
            out.append("".join(parts) + " .")
        return "\n\n".join(out)
