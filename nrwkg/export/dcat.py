"""The DCAT description: the dataset and one distribution per exported file, as written.

Byte size and SHA-256 are computed from the bytes of each file (FileFacts: a file on disk is
read block by block, so a large dump is never held whole), so dcat.ttl must be written last; it
does not describe itself. A `.gz` file has the media type of what it holds and
dcat:compressFormat application/gzip; its size and checksum are those of the compressed bytes.
Media types are IANA's; GEXF and GraphML, which have none registered, are application/xml with
dcterms:conformsTo naming their schema.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from rdflib import RDF, XSD, Graph, Literal, URIRef

from nrwkg.export.void import DATASET, DCAT, SPDX, metadata
from nrwkg.namespaces import DCTERMS
from nrwkg.query.files import query_path, query_text

__all__ = ["dcat_graph", "MEDIA_TYPES", "describe_file", "FileFacts"]

_IANA = "https://www.iana.org/assignments/media-types/"
MEDIA_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples", ".trig": "application/trig",
               ".nq": "application/n-quads", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml",
               ".csv": "text/csv", ".gexf": "application/xml", ".graphml": "application/xml"}
_CONFORMS = {".gexf": "http://www.gexf.net/1.2draft", ".graphml": "http://graphml.graphdrawing.org/xmlns"}
_ASSERTED = "the asserted triples (documents, ontology, registry, evidence); no entailed or inferred ones"
_TITLES = {
    "nrwkg.ttl": "Turtle: " + _ASSERTED,
    "nrwkg.nt": "N-Triples: " + _ASSERTED,
    "nrwkg-entailed.ttl": "Turtle: the entailed triples alone (superclasses and superproperties materialised)",
    "nrwkg-inferred.ttl": "Turtle: the inferred triples alone (facts a document does not state, each with its reason)",
    "nrwkg.trig": "TriG: a named graph per document, plus ontology, registry, inferred, entailed, evidence",
    "nrwkg.nq": "N-Quads: a named graph per document, plus ontology, registry, inferred, entailed, evidence",
    "nrwkg.jsonld": "JSON-LD (context embedded): every named graph",
    "nrwkg.rdf": "RDF/XML: " + _ASSERTED,
    "ontology.rdf": "RDF/XML: the OWL ontology alone, without the SKOS schemes (for Protégé)",
    "ontology.ttl": "Turtle: the OWL ontology alone, without the SKOS schemes",
    "schemes.ttl": "Turtle: the SKOS concept schemes (instrument types, modalities, sectors, topics …)",
    "context.jsonld": "The JSON-LD context (the prefixes of the graph)",
    "nrwkg.gexf": "GEXF network for Gephi: entities, relations, modality and evidence as attributes",
    "nrwkg.graphml": "GraphML network for Cytoscape and yEd: entities, relations, modality and evidence",
    "void.ttl": "VoID description: counts per graph, class and property",
    "csv/entities.csv": "CSV: every entity with type, labels and external identifier",
    "csv/relations.csv": "CSV: every relation with modality, document and evidence quote",
}


def _title(path: str) -> str:
    if path.endswith(".gz"):
        return _title(path.removesuffix(".gz")) + " (gzip)"
    if path in _TITLES:
        return _TITLES[path]
    query = query_path("export", path.removeprefix("csv/").removesuffix(".csv"))
    if query.is_file():
        for line in query_text("export", query.stem).splitlines():
            if line.startswith("#+ summary:"):
                return "CSV: " + line.removeprefix("#+ summary:").split(" / ")[-1].strip()
    return path


@dataclass(frozen=True)
class FileFacts:
    """What a distribution states of its file: the byte size and the SHA-256 (hex)."""

    size: int
    sha256: str

    @classmethod
    def of_bytes(cls, data: bytes) -> FileFacts:
        return cls(len(data), hashlib.sha256(data).hexdigest())

    @classmethod
    def of_file(cls, path: Path) -> FileFacts:
        """Read block by block: the ×100 corpus's dumps are close to a gigabyte each."""
        with open(path, "rb") as f:
            digest = hashlib.file_digest(f, "sha256")
        return cls(path.stat().st_size, digest.hexdigest())


def describe_file(out: Graph, path: str, facts: FileFacts, base_url: str) -> URIRef:
    """Add one dcat:Distribution for the file at `path` (relative to the export folder)."""
    dist = URIRef(f"{DATASET}/distribution/{quote(path)}")
    suffix = "." + path.removesuffix(".gz").rsplit(".", 1)[-1]
    checksum = URIRef(f"{dist}#sha256")
    out.add((DATASET, DCAT.distribution, dist))
    out.add((dist, RDF.type, DCAT.Distribution))
    out.add((dist, DCTERMS.title, Literal(_title(path), lang="en")))
    out.add((dist, DCAT.downloadURL, URIRef(base_url + quote(path))))
    out.add((dist, DCAT.mediaType, URIRef(_IANA + MEDIA_TYPES.get(suffix, "application/octet-stream"))))
    out.add((dist, DCAT.byteSize, Literal(facts.size, datatype=XSD.nonNegativeInteger)))
    out.add((dist, SPDX.checksum, checksum))
    out.add((checksum, RDF.type, SPDX.Checksum))
    out.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    out.add((checksum, SPDX.checksumValue, Literal(facts.sha256, datatype=XSD.hexBinary)))
    if path.endswith(".gz"):
        out.add((dist, DCAT.compressFormat, URIRef(_IANA + "application/gzip")))
    if suffix in _CONFORMS:
        out.add((dist, DCTERMS.conformsTo, URIRef(_CONFORMS[suffix])))
    return dist


def dcat_graph(files: Mapping[str, FileFacts], base_url: str) -> Graph:
    """The dataset metadata plus a distribution for every file (path → its facts), dcat.ttl excluded."""
    out = metadata()
    for path in sorted(files):
        if path != "dcat.ttl":
            describe_file(out, path, files[path], base_url)
    return out
