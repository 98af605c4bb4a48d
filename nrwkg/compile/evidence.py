"""W3C Web Annotations that tie each statement to the quote that supports it."""

from __future__ import annotations

from rdflib import RDF, XSD, Literal, URIRef

from nrwkg.compile.statements import Statement
from nrwkg.namespaces import ID, NRW, OA

__all__ = ["annotation_iri", "annotation_triples"]

# One term object each, made once: `OA.hasBody` makes a new URIRef at every use, and the evidence
# graph (three quarters of the dataset) would hold one per triple. Shared, they take no memory per
# triple, and every later dictionary lookup finds them by identity instead of comparing text.
_TYPE, _STATEMENT = RDF.type, RDF.Statement
_SUBJECT, _PREDICATE, _OBJECT = RDF.subject, RDF.predicate, RDF.object
_ANNOTATION, _MOTIVATED_BY, _DESCRIBING, _HAS_TARGET = OA.Annotation, OA.motivatedBy, OA.describing, OA.hasTarget
_SPECIFIC_RESOURCE, _HAS_SOURCE, _HAS_SELECTOR = OA.SpecificResource, OA.hasSource, OA.hasSelector
_QUOTE_SELECTOR, _EXACT, _PREFIX, _SUFFIX = OA.TextQuoteSelector, OA.exact, OA.prefix, OA.suffix
_POSITION_SELECTOR, _START, _END = OA.TextPositionSelector, OA.start, OA.end
_HAS_BODY, _INFERRED_BECAUSE = OA.hasBody, NRW.inferredBecause
_COUNT = XSD.nonNegativeInteger


def annotation_iri(statement: Statement) -> URIRef:
    return URIRef(f"{ID}annotation/{statement.document.slug}/{statement.id}")


def annotation_triples(statement: Statement):
    """The annotation: target = the document with quote and position selectors, bodies = the triples."""
    ann = annotation_iri(statement)
    target = URIRef(f"{ann}/target")
    quote_sel = URIRef(f"{ann}/quote")
    position_sel = URIRef(f"{ann}/position")
    m = statement.match
    yield ann, _TYPE, _ANNOTATION
    yield ann, _MOTIVATED_BY, _DESCRIBING
    yield ann, _HAS_TARGET, target
    yield target, _TYPE, _SPECIFIC_RESOURCE
    yield target, _HAS_SOURCE, statement.document.iri
    yield target, _HAS_SELECTOR, quote_sel
    yield target, _HAS_SELECTOR, position_sel
    yield quote_sel, _TYPE, _QUOTE_SELECTOR
    yield quote_sel, _EXACT, Literal(m.exact)
    yield quote_sel, _PREFIX, Literal(m.prefix)
    yield quote_sel, _SUFFIX, Literal(m.suffix)
    yield position_sel, _TYPE, _POSITION_SELECTOR
    yield position_sel, _START, Literal(m.start, datatype=_COUNT)
    yield position_sel, _END, Literal(m.end, datatype=_COUNT)
    if statement.inferred:
        yield ann, _INFERRED_BECAUSE, Literal(statement.inferred.strip(), lang="en")
    for n, (s, p, o) in enumerate(statement.triples, start=1):
        body = URIRef(f"{ann}/statement-{n}")
        yield ann, _HAS_BODY, body
        yield body, _TYPE, _STATEMENT
        yield body, _SUBJECT, s
        yield body, _PREDICATE, p
        yield body, _OBJECT, o
