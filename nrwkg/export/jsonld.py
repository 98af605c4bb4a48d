"""Compact JSON-LD with the project's context embedded: no remote context is ever fetched.

The context is generated from graph/prefixes.ttl (one prefix per term, so every CURIE of the
curated files reads the same here). The document keeps the named graphs: its top-level @graph
holds one object per graph, `{"@id": graph, "@graph": [nodes…]}`. Nodes, properties and values
are sorted; literals are never turned into JSON numbers or booleans, so nothing is lost.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef

from nrwkg.errors import NrwkgError
from nrwkg.prefixes import Prefixes

if TYPE_CHECKING:
    from nrwkg.opened import OpenedBuild

__all__ = ["context", "to_jsonld", "context_document"]


def context(prefixes: Prefixes) -> dict[str, str]:
    """The JSON-LD context: every prefix of graph/prefixes.ttl as a term."""
    return dict(sorted(prefixes.mapping.items()))


def context_document(prefixes: Prefixes) -> str:
    """The context alone, as a file (build/export/context.jsonld) for whoever wants to reuse it."""
    return _dump({"@context": context(prefixes)})


class _Compactor:
    def __init__(self, prefixes: Prefixes):
        # longest namespace first, so `organization:` wins over a shorter namespace it starts with
        self.spaces = sorted(prefixes.mapping.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.terms = set(prefixes.mapping)

    def iri(self, iri: str) -> str:
        for prefix, ns in self.spaces:
            if iri.startswith(ns):
                local = iri[len(ns):]
                if local and not local.startswith("//"):
                    return f"{prefix}:{local}"
        if iri.split(":", 1)[0] in self.terms:
            raise NrwkgError(f"<{iri}> would read as a CURIE in JSON-LD: its scheme is a prefix")
        return iri

    def node_id(self, term) -> str:
        return f"_:{term}" if isinstance(term, BNode) else self.iri(str(term))

    def value(self, term):
        if isinstance(term, (URIRef, BNode)):
            return {"@id": self.node_id(term)}
        assert isinstance(term, Literal)
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if term.datatype and term.datatype != XSD.string:
            return {"@value": str(term), "@type": self.iri(str(term.datatype))}
        return str(term)


def _key(value) -> tuple:
    if isinstance(value, str):
        return (1, value, "", "")
    return (0 if "@id" in value else 2, value.get("@id", value.get("@value", "")),
            value.get("@language", ""), value.get("@type", ""))


def _one_or_many(values: list):
    values = sorted(values, key=_key)
    return values[0] if len(values) == 1 else values


def _nodes(graph: Graph, c: _Compactor) -> list[dict]:
    nodes = []
    for s in sorted(set(graph.subjects()), key=lambda t: (isinstance(t, BNode), c.node_id(t))):
        node: dict = {"@id": c.node_id(s)}
        types = [c.iri(str(o)) for o in graph.objects(s, RDF.type) if isinstance(o, URIRef)]
        if types:
            node["@type"] = sorted(types)[0] if len(types) == 1 else sorted(types)
        props: dict[str, list] = {}
        for p, o in graph.predicate_objects(s):
            if p == RDF.type and isinstance(o, URIRef):
                continue
            props.setdefault(c.iri(str(p)), []).append(c.value(o))
        for key in sorted(props):
            node[key] = _one_or_many(props[key])
        nodes.append(node)
    return nodes


def to_jsonld(ds: Dataset | OpenedBuild, prefixes: Prefixes, graphs: list[URIRef]) -> str:
    """The named graphs `graphs` of the dataset as one compact JSON-LD document."""
    c = _Compactor(prefixes)
    doc = {"@context": context(prefixes),
           "@graph": [{"@id": c.node_id(name), "@graph": _nodes(ds.graph(name), c)} for name in graphs]}
    return _dump(doc)


def _dump(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
