"""The IRIs of the dataset's own graphs, as strings.

nrwkg.namespaces gives them as rdflib terms; nrwkg.store, which the server's workers and
`load_store` in a process of its own import, reads them here and so does not load rdflib
(0.13 s CPU)."""

from __future__ import annotations

GRAPH_BASE = "https://w3id.org/nrwkg/graph/"
ONTOLOGY = GRAPH_BASE + "ontology"
REGISTRY = GRAPH_BASE + "registry"
INFERRED = GRAPH_BASE + "inferred"
ENTAILED = GRAPH_BASE + "entailed"
EVIDENCE = GRAPH_BASE + "evidence"
