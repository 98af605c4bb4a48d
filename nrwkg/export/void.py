"""The VoID description: what the dataset holds, counted over the union and per named graph.

Counts: triples, entities (IRIs in the `https://w3id.org/nrwkg/id/` space that are subjects),
classes, properties, distinct subjects and objects; a class and a property partition; one
void:subset per named graph (linked to the graph by sd:name); the vocabularies used; example
resources; the dumps; and a SPARQL endpoint only when one is being served. The union files
(nrwkg.ttl, .nt, .rdf) are the dumps of the subset dataset/asserted; the entailed and inferred
graphs name their own Turtle files.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Collection
from itertools import compress
from operator import itemgetter
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from nrwkg.export.compress import COMPRESSED
from nrwkg.export.parts import DERIVED_FILES, asserted_graphs
from nrwkg.export.source import Source, short_name
from nrwkg.namespaces import DCAT, DCTERMS, FORMATS, ID, SD, SPDX, VOID
from nrwkg.prefixes import Prefixes

__all__ = ["VOID", "SD", "DATASET", "ASSERTED", "metadata", "describe_prefixes", "void_graph", "DUMPS",
           "ASSERTED_DUMPS", "EXAMPLE_KINDS"]

DATASET = URIRef("https://w3id.org/nrwkg/dataset")
# the RDF dumps among the exports, with the W3C format IRI of each: the first three hold every
# named graph, the union files only the asserted triples (void:subset dataset/asserted)
DUMPS = {"nrwkg.nq": FORMATS["N-Quads"], "nrwkg.trig": FORMATS.TriG, "nrwkg.jsonld": FORMATS["JSON-LD"],
         "nrwkg.ttl": FORMATS.Turtle, "nrwkg.nt": FORMATS["N-Triples"], "nrwkg.rdf": FORMATS.RDF_XML}
ASSERTED_DUMPS = ("nrwkg.nt", "nrwkg.rdf", "nrwkg.ttl")
ASSERTED = URIRef(f"{DATASET}/asserted")
_SAFE = re.compile(r"^[A-Za-z0-9_.-]+$")
EXAMPLE_KINDS = ["agreement", "organization", "person", "instrument", "document"]


def metadata() -> Graph:
    """The hand-written description of the dataset (title, licence, publisher …)."""
    return Graph().parse(Path(__file__).with_name("dataset.ttl"), format="turtle")


def describe_prefixes(prefixes: Prefixes, base_url: str) -> Prefixes:
    """The project's prefixes plus those the descriptions use (VoID, DCAT, SPDX, media types …)."""
    extra = {"void": str(VOID), "sd": str(SD), "dcat": str(DCAT), "spdx": str(SPDX), "formats": str(FORMATS),
             "nrwkg": "https://w3id.org/nrwkg/", "dataset": f"{DATASET}/", "export": base_url,
             "iana": "https://www.iana.org/assignments/media-types/", "licenses": "https://spdx.org/licenses/",
             "iso639": "http://id.loc.gov/vocabulary/iso639-1/"}
    return Prefixes({**prefixes.mapping, **extra}, prefixes.source)


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


_TYPE_TEXT = str(RDF.type)


class _Counts:
    """What VoID counts in a set of triples, read column by column at C speed (three passes of
    itemgetter: half the time of zip(*triples), which unpacks every triple as an argument)."""

    def __init__(self, triples: Collection):
        if not isinstance(triples, list | tuple | set | frozenset):
            triples = list(triples)  # read three times, in the same order each time
        subjects, predicates, objects = (list(map(itemgetter(n), triples)) for n in range(3))
        self.triples = len(subjects)
        self.subjects = Counter(subjects)  # subject → number of triples
        self.predicates = Counter(predicates)
        self.objects = set(objects)
        # the objects of rdf:type, picked by C-level string comparison of the predicates (all IRIs)
        self.classes = Counter(compress(objects, map(_TYPE_TEXT.__eq__, predicates)))


def _stats(out: Graph, subject: URIRef, counts: _Counts) -> None:
    out.add((subject, VOID.triples, _int(counts.triples)))
    out.add((subject, VOID.entities, _int(sum(1 for s in counts.subjects if str(s).startswith(str(ID))))))
    out.add((subject, VOID.classes, _int(len(counts.classes))))
    out.add((subject, VOID.properties, _int(len(counts.predicates))))
    out.add((subject, VOID.distinctSubjects, _int(len(counts.subjects))))
    out.add((subject, VOID.distinctObjects, _int(len(counts.objects))))


def _partition_iri(kind: str, term: Node, prefixes: Prefixes) -> URIRef:
    """`…/dataset/class/nrw-Actor`; a term without a prefix gets a name from its hash."""
    name = prefixes.compact(str(term)).replace(":", "-", 1)
    if not _SAFE.match(name):
        name = "iri-" + hashlib.sha256(str(term).encode("utf-8")).hexdigest()[:16]
    return URIRef(f"{DATASET}/{kind}/{name}")


def _partitions(out: Graph, union: _Counts, prefixes: Prefixes) -> None:
    for cls, n in sorted(union.classes.items()):
        part = _partition_iri("class", cls, prefixes)
        out.add((DATASET, VOID.classPartition, part))
        out.add((part, VOID["class"], cls))
        out.add((part, VOID.entities, _int(n)))
    for prop, n in sorted(union.predicates.items()):
        part = _partition_iri("property", prop, prefixes)
        out.add((DATASET, VOID.propertyPartition, part))
        out.add((part, VOID.property, prop))
        out.add((part, VOID.triples, _int(n)))


def _vocabularies(union: _Counts, prefixes: Prefixes) -> set[URIRef]:
    terms = set(union.predicates) | set(union.classes)
    spaces = [ns for ns in prefixes.mapping.values() if not ns.startswith(str(ID))]
    return {URIRef(ns) for ns in spaces if any(str(t).startswith(ns) for t in terms)}


def _examples(union: _Counts) -> list[URIRef]:
    """Per kind, the resource described by the most triples (ties: the first IRI)."""
    sizes = {s: n for s, n in union.subjects.items() if isinstance(s, URIRef)}
    picks = []
    for kind in EXAMPLE_KINDS:
        space = f"{ID}{kind}/"
        ranked = sorted((-n, str(s)) for s, n in sizes.items() if str(s).startswith(space))
        if ranked:
            picks.append(URIRef(ranked[0][1]))
    return picks


def void_graph(src: Source, base_url: str, sparql_endpoint: str | None = None) -> Graph:
    out = metadata()
    union = _Counts(src.triples())
    _stats(out, DATASET, union)
    _partitions(out, union, src.prefixes)
    for vocab in sorted(_vocabularies(union, src.prefixes)):
        out.add((DATASET, VOID.vocabulary, vocab))
    for example in _examples(union):
        out.add((DATASET, VOID.exampleResource, example))
    for name, fmt in sorted(DUMPS.items()):
        holder = ASSERTED if name in ASSERTED_DUMPS else DATASET
        for dump in (name, f"{name}.gz") if name in COMPRESSED else (name,):
            out.add((holder, VOID.dataDump, URIRef(base_url + dump)))
        out.add((DATASET, VOID.feature, fmt))
    _asserted_subset(out, src, base_url)
    if sparql_endpoint:
        out.add((DATASET, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))
    for name in src.graphs:
        subset = URIRef(f"{DATASET}/graph/{short_name(name)}")
        out.add((DATASET, VOID.subset, subset))
        out.add((subset, RDF.type, VOID.Dataset))
        out.add((subset, SD.name, name))
        out.add((subset, DCTERMS.title, Literal(f"named graph {short_name(name)}", lang="en")))
        if str(name).startswith(f"{ID}document/"):
            out.add((subset, DCTERMS.source, name))
        _stats(out, subset, _Counts(src.triples([name])))
        if name in DERIVED_FILES:
            out.add((subset, VOID.dataDump, URIRef(base_url + DERIVED_FILES[name])))
            out.add((subset, DCTERMS.description, Literal(_DERIVED_NOTE, lang="en")))
    return out


_ASSERTED_NOTE = ("What the documents and the curated registry state, with the ontology and the evidence: "
                  "every named graph except entailed and inferred, whose triples are in files of their own.")
_DERIVED_NOTE = ("Derived, not asserted: not in nrwkg.ttl, nrwkg.nt or nrwkg.rdf; "
                 "in nrwkg.trig, nrwkg.nq and its own file.")


def _asserted_subset(out: Graph, src: Source, base_url: str) -> None:
    """dataset/asserted: the triples of the union files (nrwkg.ttl, .nt, .rdf)."""
    out.add((DATASET, VOID.subset, ASSERTED))
    out.add((ASSERTED, RDF.type, VOID.Dataset))
    out.add((ASSERTED, DCTERMS.title, Literal("asserted triples", lang="en")))
    out.add((ASSERTED, DCTERMS.description, Literal(_ASSERTED_NOTE, lang="en")))
    _stats(out, ASSERTED, _Counts(src.triples(asserted_graphs(src))))
