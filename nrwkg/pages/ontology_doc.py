"""The ontology documentation, build/ontology/index.html, generated from the ontology graph.

Classes, properties (object, datatype, annotation) and SKOS schemes with their concepts, each
with German and English labels and definitions, and the alignments to standard vocabularies
(rdfs:subClassOf / rdfs:subPropertyOf to ORG, FOAF, PROV, schema.org …, skos:*Match crosswalks).
Internal terms link to their anchors on the page; external terms link to their IRIs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from nrwkg.namespaces import DCTERMS, ID, NRW, SKOS
from nrwkg.pages.render import write_page
from nrwkg.prefixes import load_prefixes

__all__ = ["ontology_context", "write_ontology_page", "anchor"]

VANN = "http://purl.org/vocab/vann/"
_PROPERTY_KINDS = [(OWL.ObjectProperty, "Objekteigenschaften / object properties"),
                   (OWL.DatatypeProperty, "Dateneigenschaften / datatype properties"),
                   (OWL.AnnotationProperty, "Annotationseigenschaften / annotation properties")]
_MATCHES = [SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch]


def anchor(iri: str) -> str | None:
    """The id of a term on the page: the local name of an nrw: term, `id-…` for a concept or scheme."""
    if iri.startswith(str(NRW)):
        return iri[len(str(NRW)):]
    if iri.startswith(str(ID)):
        return "id-" + iri[len(str(ID)):].replace("/", "-")
    return None


class _Doc:
    def __init__(self, graph: Graph):
        self.g = graph
        self.prefixes = load_prefixes()
        self.documented = {str(s) for s in graph.subjects() if anchor(str(s))}

    def text(self, s, p, lang: str) -> str:
        values = sorted(str(o) for o in self.g.objects(s, p) if isinstance(o, Literal) and o.language == lang)
        return values[0] if values else ""

    def link(self, term) -> dict:
        iri = str(term)
        name = self.prefixes.compact(iri)
        label = self.text(term, SKOS.prefLabel, "de") or self.text(term, RDFS.label, "de")
        if iri in self.documented:
            return {"text": label or name, "curie": name, "href": "#" + (anchor(iri) or ""), "external": False}
        return {"text": name, "curie": name, "href": iri if iri.startswith(("http://", "https://")) else None,
                "external": True}

    def links(self, s, p, inverse: bool = False) -> list[dict]:
        terms = self.g.subjects(p, s) if inverse else self.g.objects(s, p)
        return sorted((self.link(t) for t in terms if isinstance(t, URIRef)), key=lambda x: x["curie"])

    def term(self, s) -> dict:
        label_p = SKOS.prefLabel if (s, SKOS.prefLabel, None) in self.g else RDFS.label
        return {"iri": str(s), "curie": self.prefixes.compact(str(s)), "anchor": anchor(str(s)),
                "label_de": self.text(s, label_p, "de"), "label_en": self.text(s, label_p, "en"),
                "definition_de": self.text(s, SKOS.definition, "de"),
                "definition_en": self.text(s, SKOS.definition, "en")}

    def nrw_terms(self, kind) -> list:
        """The nrw: terms of a kind, in the order of their German labels."""
        terms = [s for s in self.g.subjects(RDF.type, kind) if str(s).startswith(str(NRW))]
        return sorted(terms, key=lambda s: ((self.text(s, RDFS.label, "de") or str(s)).casefold(), str(s)))


def ontology_context(graph: Graph) -> dict:
    doc = _Doc(graph)
    g = graph
    # the ontology's header (or, without one, an IRI about which nothing is said)
    ontology = next(iter(sorted(g.subjects(RDF.type, OWL.Ontology), key=str)), URIRef(str(NRW).rstrip("#")))
    classes = []
    for c in doc.nrw_terms(OWL.Class):
        classes.append({**doc.term(c), "supers": doc.links(c, RDFS.subClassOf),
                        "subs": doc.links(c, RDFS.subClassOf, inverse=True),
                        "disjoint": doc.links(c, OWL.disjointWith),
                        "domain_of": doc.links(c, RDFS.domain, inverse=True),
                        "range_of": doc.links(c, RDFS.range, inverse=True)})
    properties = []
    for kind, title in _PROPERTY_KINDS:
        terms = [{**doc.term(p), "supers": doc.links(p, RDFS.subPropertyOf),
                  "domain": doc.links(p, RDFS.domain), "range": doc.links(p, RDFS.range),
                  "inverse": doc.links(p, OWL.inverseOf)}
                 for p in doc.nrw_terms(kind)]
        properties.append({"title": title, "terms": terms})
    schemes = []
    for scheme in sorted(g.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        concepts = [{**doc.term(c),
                     "notation": ", ".join(sorted(str(n) for n in g.objects(c, SKOS.notation))),
                     "broader": doc.links(c, SKOS.broader),
                     "matches": [{"relation": doc.prefixes.compact(str(m)), "terms": doc.links(c, m)}
                                 for m in _MATCHES if (c, m, None) in g]}
                    for c in sorted(g.subjects(SKOS.inScheme, scheme), key=str)]
        schemes.append({**doc.term(scheme), "concepts": concepts})
    alignments: list[dict[str, Any]] = [
                  {"term": doc.link(s), "relation": doc.prefixes.compact(str(p)), "target": doc.link(o)}
                  for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty)
                  for s, o in g.subject_objects(p)
                  if str(s).startswith(str(NRW)) and isinstance(o, URIRef)
                  and not str(o).startswith(str(NRW))]
    alignments.sort(key=lambda a: (a["term"]["curie"], a["relation"], a["target"]["curie"]))
    external = sorted({doc.prefixes.compact(str(s)) for kind in (OWL.Class, OWL.ObjectProperty,
                       OWL.DatatypeProperty, OWL.AnnotationProperty) for s in g.subjects(RDF.type, kind)
                       if isinstance(s, URIRef) and not anchor(str(s))})
    return {
        "ontology": doc.term(ontology), "title_de": doc.text(ontology, DCTERMS.title, "de"),
        "title_en": doc.text(ontology, DCTERMS.title, "en"),
        "version": str(g.value(ontology, OWL.versionInfo) or ""),
        "namespace": str(g.value(ontology, URIRef(VANN + "preferredNamespaceUri")) or NRW),
        "prefix": str(g.value(ontology, URIRef(VANN + "preferredNamespacePrefix")) or "nrw"),
        "classes": classes, "properties": properties, "schemes": schemes, "alignments": alignments,
        "external": external,
    }


def write_ontology_page(graph: Graph, out: Path) -> None:
    """Write out/ontology/index.html; links to the exports only when they have been written."""
    names = ("ontology.ttl", "ontology.rdf", "schemes.ttl")  # the SKOS schemes are a file of their own
    downloads = [{"href": f"../export/{name}", "label": name} for name in names if (out / "export" / name).is_file()]
    write_page(out / "ontology" / "index.html", "ontology.html", downloads=downloads, root="../",
               **ontology_context(graph))
