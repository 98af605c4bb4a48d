"""The export formats and the file each writes (light: no RDF library is imported here)."""

from __future__ import annotations

__all__ = ["PRIMARY", "FORMATS", "GRAPH_FORMATS", "DEFAULT_BASE_URL", "EXPORT_DIR"]

EXPORT_DIR = "export"  # build/export/
DEFAULT_BASE_URL = "https://w3id.org/nrwkg/export/"  # where VoID/DCAT say the files are published
# format → its main file; ttl, rdf and jsonld also write companions (ontology.ttl, ontology.rdf,
# context.jsonld) into the export folder, csv writes csv/*.csv, all writes everything
PRIMARY = {"ttl": "nrwkg.ttl", "nt": "nrwkg.nt", "trig": "nrwkg.trig", "nq": "nrwkg.nq",
           "jsonld": "nrwkg.jsonld", "rdf": "nrwkg.rdf", "gexf": "nrwkg.gexf", "graphml": "nrwkg.graphml",
           "void": "void.ttl", "dcat": "dcat.ttl"}
FORMATS = [*PRIMARY, "csv", "all"]
GRAPH_FORMATS = ["ttl", "nt", "trig", "nq", "jsonld", "rdf"]  # the formats --graph applies to
