"""W3C Web Annotations that tie each statement to the quote that supports it."""

from __future__ import annotations

from rdflib import RDF, XSD, Literal, URIRef

from nrwkg.compile.statements import Statement
from nrwkg.namespaces import ID, NRW, OA

__all__ = ["annotation_iri", "annotation_triples"]


def annotation_iri(statement: Statement) -> URIRef:
    return URIRef(f"{ID}annotation/{statement.document.slug}/{statement.id}")


def annotation_triples(statement: Statement):
    """The annotation: target = the document with quote and position selectors, bodies = the triples."""
    ann = annotation_iri(statement)
    target = URIRef(f"{ann}/target")
    quote_sel = URIRef(f"{ann}/quote")
    position_sel = URIRef(f"{ann}/position")
    m = statement.match
    yield ann, RDF.type, OA.Annotation
    yield ann, OA.motivatedBy, OA.describing
    yield ann, OA.hasTarget, target
    yield target, RDF.type, OA.SpecificResource
    yield target, OA.hasSource, statement.document.iri
    yield target, OA.hasSelector, quote_sel
    yield target, OA.hasSelector, position_sel
    yield quote_sel, RDF.type, OA.TextQuoteSelector
    yield quote_sel, OA.exact, Literal(m.exact)
    yield quote_sel, OA.prefix, Literal(m.prefix)
    yield quote_sel, OA.suffix, Literal(m.suffix)
    yield position_sel, RDF.type, OA.TextPositionSelector
    yield position_sel, OA.start, Literal(m.start, datatype=XSD.nonNegativeInteger)
    yield position_sel, OA.end, Literal(m.end, datatype=XSD.nonNegativeInteger)
    if statement.inferred:
        yield ann, NRW.inferredBecause, Literal(statement.inferred.strip(), lang="en")
    for n, (s, p, o) in enumerate(statement.triples, start=1):
        body = URIRef(f"{ann}/statement-{n}")
        yield ann, OA.hasBody, body
        yield body, RDF.type, RDF.Statement
        yield body, RDF.subject, s
        yield body, RDF.predicate, p
        yield body, RDF.object, o
