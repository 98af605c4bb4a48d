"""Compact JSON-LD with the project's context embedded: no remote context is ever fetched.

The context is generated from graph/prefixes.ttl (one prefix per term, so every CURIE of the
curated files reads the same here). The document keeps the named graphs: its top-level @graph
holds one object per graph, `{"@id": graph, "@graph": [nodes…]}`. Nodes, properties and values
are sorted; literals are never turned into JSON numbers or booleans, so nothing is lost.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from operator import itemgetter
from typing import TYPE_CHECKING

from rdflib import RDF, XSD, BNode, Dataset, Literal, URIRef

from nrwkg.blockmemo import NO_GROUPS, Groups, SubjectTexts, keep_whole, kept_whole, settings
from nrwkg.errors import NrwkgError
from nrwkg.prefixes import Prefixes

if TYPE_CHECKING:
    from nrwkg.opened import OpenedBuild

__all__ = ["context", "to_jsonld", "write_jsonld", "context_document"]


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
        self._compact: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        found = self._compact.get(iri)
        if found is None:
            found = self._compact[iri] = self._compacted(iri)
        return found

    def _compacted(self, iri: str) -> str:
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


# The document is written directly, as `json.dumps(doc, ensure_ascii=False, indent=2)` would
# write it (the same bytes; json's indenting encoder is pure Python and slow): a node is an
# object at depth 4 (document → @graph → graph → @graph → node), its members at depth 5.
_ENC = json.encoder.encode_basestring  # what json uses for ensure_ascii=False
_NODE_DEPTH = 4
_FIRST = itemgetter(0)
_TYPE = RDF.type  # read once: each attribute read of a DefinedNamespace runs Python code


def _pad(depth: int) -> str:
    return "\n" + "  " * depth


def _object(members: list[str], depth: int) -> str:
    """A JSON object at `depth` from its members' text (`"key": value`, each at depth + 1)."""
    if not members:
        return "{}"
    inner = _pad(depth + 1)
    return "{" + ",".join(inner + m for m in members) + _pad(depth) + "}"


def _array(items: list[str], depth: int) -> str:
    if not items:
        return "[]"
    inner = _pad(depth + 1)
    return "[" + ",".join(inner + i for i in items) + _pad(depth) + "]"


def _value_text(value, depth: int) -> str:
    if isinstance(value, str):
        return _ENC(value)
    return _object([f"{_ENC(k)}: {_ENC(v)}" for k, v in value.items()], depth)


class _Values:
    """The text of every value as a member of a node (depth 5) and inside an array (depth 6),
    with its sort key; IRIs and blank nodes, which recur, are written once."""

    def __init__(self, c: _Compactor):
        self.c = c
        self._nodes: dict = {}

    def __call__(self, term) -> tuple:
        if isinstance(term, Literal):
            return self._made(term)
        found = self._nodes.get(term)
        if found is None:
            found = self._nodes[term] = self._made(term)
        return found

    def _made(self, term) -> tuple:
        value = self.c.value(term)
        return _key(value), _value_text(value, _NODE_DEPTH + 1), _value_text(value, _NODE_DEPTH + 2)


def _member(key: str, texts: list[str], single: bool) -> str:
    """`"key": value` in a node; `texts` are the values written at depth 5 (single) or 6."""
    return f"{_ENC(key)}: " + (texts[0] if single else _array(texts, _NODE_DEPTH + 1))


def _nodes(triples: Iterable, c: _Compactor, values: _Values, texts: SubjectTexts | None = None) -> Iterator[str]:
    """The text of each node of one graph, one by one: subjects sorted (IRIs, then blank nodes),
    `@id`, then `@type`, then properties sorted, each property's values sorted. `texts`: the
    nodes kept from the last build (nrwkg.blockmemo)."""
    by_subject: dict = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append((p, o))
    kept = texts.kept if texts is not None else None
    keyed = []  # (sort key, subject, its node kept from the last build or None)
    for s in by_subject:
        blank = isinstance(s, BNode)
        if kept and not blank:
            found = kept.get(str(s))  # (@id, node)
            if found is not None:
                keyed.append(((False, found[0]), s, found[1]))
                continue
        keyed.append(((blank, c.node_id(s)), s, None))
    keyed.sort(key=_FIRST)
    for (_, node_id), s, text in keyed:
        if text is not None:
            yield text
            continue
        members = [f'"@id": {_ENC(node_id)}']
        types: list[str] = []
        props: dict[str, list] = {}
        for p, o in by_subject[s]:
            if p == _TYPE and isinstance(o, URIRef):
                types.append(c.iri(str(o)))
            else:
                props.setdefault(c.iri(str(p)), []).append(values(o))
        if types:
            types.sort()
            members.append(_member("@type", [_ENC(t) for t in types], len(types) == 1))
        for key in sorted(props):
            found = sorted(props[key], key=lambda v: v[0])
            single = len(found) == 1
            members.append(_member(key, [v[1] if single else v[2] for v in found], single))
        node = _object(members, _NODE_DEPTH)
        if texts is not None:
            texts.add((s, (node_id, node)))
        yield node


def _triples_of(ds) -> Callable[[URIRef], Iterable]:
    graphs = getattr(ds, "graphs", None)
    if isinstance(graphs, Mapping):  # an OpenedBuild: the triples it holds, without an rdflib Graph
        return lambda name: graphs.get(name, ())
    return ds.graph


def to_jsonld(ds: Dataset | OpenedBuild, prefixes: Prefixes, graphs: list[URIRef]) -> str:
    """The named graphs `graphs` of the dataset as one compact JSON-LD document: the text
    `json.dumps(doc, ensure_ascii=False, indent=2)` gives for
    `{"@context": …, "@graph": [{"@id": graph, "@graph": [node…]}…]}`, written directly."""
    out = io.StringIO()
    write_jsonld(ds, prefixes, graphs, out)
    return out.getvalue()


def write_jsonld(ds: Dataset | OpenedBuild, prefixes: Prefixes, graphs: list[URIRef], out,
                 groups: Groups | None = None) -> None:
    """The document `to_jsonld` gives, written to the text stream `out` graph by graph: the text of
    the whole dataset is never held (at 100x it is hundreds of megabytes). `groups`: the groups of
    the dataset (nrwkg.blockmemo): the nodes of an unchanged graph, and of unchanged subjects, are
    those the last build wrote."""
    c = _Compactor(prefixes)
    variant = settings("jsonld", sorted(prefixes.mapping.items()))
    groups = groups or NO_GROUPS
    values = _Values(c)
    triples_of = _triples_of(ds)
    context_text = _dump(context(prefixes)).rstrip("\n").replace("\n", _pad(1))
    # {"@context": …, "@graph": [{"@id": graph, "@graph": [node, …]}, …]} as _object/_array write it,
    # a node at a time
    out.write("".join(["{", _pad(1), '"@context": ', context_text, ",", _pad(1), '"@graph": ',
                       "[" if graphs else "[]"]))
    for n, name in enumerate(graphs):
        out.write("".join(["," if n else "", _pad(2), "{", _pad(3), f'"@id": {_ENC(c.node_id(name))}', ",",
                           _pad(3), '"@graph": ']))
        digest = groups.graphs.get(str(name))
        found = kept_whole((variant, "whole", str(name)), digest)
        if found is not None:
            out.write(found[0])
        else:
            _write_nodes(triples_of(name), c, values, out, (variant, str(name)), groups, digest)
        out.write(_pad(2) + "}")
    out.write((_pad(1) + "]" if graphs else "") + _pad(0) + "}\n")


def _write_nodes(triples: Iterable, c: _Compactor, values: _Values, out, variant: tuple, groups: Groups,
                 digest: bytes | None) -> None:
    """The array of one graph's nodes, node by node; kept whole for the next build when the graph
    has a digest (`groups.graphs`), else the nodes of subjects in groups are kept."""
    texts = SubjectTexts(groups.subjects, variant) if groups.subjects and digest is None else None
    parts: list[str] = []
    written = 0
    for node in _nodes(triples, c, values, texts):
        parts.append(("," if written else "[") + _pad(_NODE_DEPTH) + node)
        if digest is None:
            out.write(parts.pop())
        written += 1
    if texts is not None:
        texts.close()
    parts.append(_pad(_NODE_DEPTH - 1) + "]" if written else "[]")
    text = "".join(parts)
    out.write(text)
    if digest is not None:
        keep_whole((variant[0], "whole", variant[1]), digest, (text,), len(text))


def _dump(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
