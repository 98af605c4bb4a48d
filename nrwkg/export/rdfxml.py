"""RDF/XML for OWL tools (Protégé, owlready2): one rdf:Description per subject, sorted.

Written by hand rather than with rdflib's serialiser so that the output is deterministic and
every text is escaped the same way: `&`, `<`, `>` and carriage returns (which an XML parser
would otherwise turn into line feeds). Characters XML 1.0 cannot carry are refused.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from xml.sax.saxutils import quoteattr

from rdflib import RDF, BNode, Literal, URIRef

from nrwkg.blockmemo import SubjectTexts, settings
from nrwkg.errors import NrwkgError
from nrwkg.prefixes import Prefixes

__all__ = ["to_rdfxml", "write_rdfxml", "split_predicate"]

_WELL_KNOWN = {"vann": "http://purl.org/vocab/vann/", "void": "http://rdfs.org/ns/void#",
               "dcat": "http://www.w3.org/ns/dcat#"}
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def split_predicate(iri: str) -> tuple[str, str]:
    """(namespace, local name) with a local name that is an XML name; raises NrwkgError if none."""
    match = _LOCAL.search(iri)
    if not match or match.start() == 0:
        raise NrwkgError(f"cannot write <{iri}> as an RDF/XML property: it does not end in an XML name")
    return iri[:match.start()], iri[match.start():]


def _check(text: str, what: str) -> str:
    bad = _NOT_XML.search(text)
    if bad:
        raise NrwkgError(f"{what} {text[:60]!r} holds U+{ord(bad.group()):04X}, which XML 1.0 cannot carry")
    return text


def _sort_key(term) -> tuple:
    return (type(term).__name__, str(term), getattr(term, "language", None) or "",
            str(getattr(term, "datatype", None) or ""))


def _namespaces(predicates, prefixes: Prefixes) -> dict[str, str]:
    """namespace → prefix for every predicate, named from prefixes.ttl where possible."""
    known = {ns: p for p, ns in {**_WELL_KNOWN, **prefixes.mapping}.items()}
    known[str(RDF)] = "rdf"
    spaces = {split_predicate(str(p))[0] for p in predicates} | {str(RDF)}
    result, n = {}, 0
    for ns in sorted(spaces):
        if ns in known:
            result[ns] = known[ns]
        else:
            n += 1
            result[ns] = f"ns{n}"
    return result


def _node_attr(term) -> str:
    if isinstance(term, BNode):
        return f"rdf:nodeID={quoteattr('b' + str(term))}"
    return f"rdf:about={quoteattr(_check(str(term), 'IRI'))}"


def _property(qname: str, obj) -> str:
    if isinstance(obj, URIRef):
        return f"<{qname} rdf:resource={quoteattr(_check(str(obj), 'IRI'))}/>"
    if isinstance(obj, BNode):
        return f"<{qname} rdf:nodeID={quoteattr('b' + str(obj))}/>"
    assert isinstance(obj, Literal)
    attrs = ""
    if obj.language:
        attrs = f" xml:lang={quoteattr(obj.language)}"
    elif obj.datatype:
        attrs = f" rdf:datatype={quoteattr(str(obj.datatype))}"
    return f"<{qname}{attrs}>{_check(str(obj), 'literal').translate(_TEXT)}</{qname}>"


def to_rdfxml(graph: Iterable, prefixes: Prefixes, first: tuple = ()) -> str:
    """The triples of `graph` (an rdflib Graph or any iterable of triples) as RDF/XML; subjects in
    `first` come first (e.g. the owl:Ontology header)."""
    out = io.StringIO()
    write_rdfxml(graph, prefixes, out, first)
    return out.getvalue()


def write_rdfxml(graph: Iterable, prefixes: Prefixes, out, first: tuple = (),
                 kept: tuple[dict[str, bytes], tuple] | None = None) -> None:
    """The text `to_rdfxml` gives, written to the text stream `out` a subject at a time. `kept`:
    (the subject groups of the dataset, what `graph` is, e.g. the names of the graphs of a union):
    the descriptions of unchanged subjects are those the last build wrote (nrwkg.blockmemo)."""
    by_subject: dict = {}
    for s, p, o in graph:
        by_subject.setdefault(s, []).append((p, o))
    predicates = {p for pos in by_subject.values() for p, _ in pos}
    spaces = _namespaces(predicates, prefixes)
    qnames = {}
    for p in predicates:
        ns, local = split_predicate(str(p))
        qnames[p] = f"{spaces[ns]}:{local}"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f"    xmlns:{p}={quoteattr(ns)}" for ns, p in sorted(spaces.items(), key=lambda kv: kv[1])]
    lines[-1] += ">"
    out.write("\n".join(lines) + "\n")
    heads = set(first)
    resources: dict = {}  # an IRI object → its property element after the name, written once

    def prop(qname: str, o) -> str:
        if isinstance(o, URIRef):
            tail = resources.get(o)
            if tail is None:
                tail = resources[o] = f" rdf:resource={quoteattr(_check(str(o), 'IRI'))}/>"
            return f"<{qname}{tail}"
        return _property(qname, o)

    texts = None
    if kept and kept[0]:  # a description is made from its triples and the properties' names
        texts = SubjectTexts(kept[0], (settings("rdfxml", sorted(spaces.items())),
                                       *kept[1]))
    kept_texts = texts.kept if texts is not None else None
    for s in sorted(by_subject, key=lambda s: (s not in heads, _sort_key(s))):
        if kept_texts and not isinstance(s, BNode):
            text = kept_texts.get(str(s))
            if text is not None:
                out.write(text)
                continue
        lines = [f"  <rdf:Description {_node_attr(s)}>"]
        for p, o in sorted(by_subject[s], key=lambda po: (str(po[0]), _sort_key(po[1]))):
            lines.append("    " + prop(qnames[p], o))
        lines.append("  </rdf:Description>\n")
        text = "\n".join(lines)
        if texts is not None:
            texts.add((s, text))
        out.write(text)
    out.write("</rdf:RDF>\n")
    if texts is not None:
        texts.close()
