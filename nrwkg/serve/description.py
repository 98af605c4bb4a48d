"""The SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/)."""

from __future__ import annotations

__all__ = ["service_description"]

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
PREFIXES = {"sd": SD, "formats": FORMATS, "void": VOID, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads")


def service_description(endpoint: str, info: dict, timeout: float, max_rows: int, fmt) -> bytes:
    """The description as bytes in the pyoxigraph RdfFormat `fmt`; `info` comes from worker.store_info."""
    import pyoxigraph as ox

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def count(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=iri("http://www.w3.org/2001/XMLSchema#integer"))

    a = iri(RDF_TYPE)
    service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, a, iri(SD + "Service")),
        ox.Triple(service, iri(SD + "endpoint"), iri(endpoint)),
        ox.Triple(service, iri(SD + "supportedLanguage"), iri(SD + "SPARQL11Query")),
        ox.Triple(service, iri(SD + "feature"), iri(SD + "UnionDefaultGraph")),
        *(ox.Triple(service, iri(SD + "resultFormat"), iri(FORMATS + f)) for f in RESULT_FORMATS),
        ox.Triple(service, iri(RDFS_COMMENT), ox.Literal(
            f"Read-only SPARQL 1.1 endpoint of nrwkg. Each query may run {timeout:g} s and return at most "
            f"{max_rows} rows; a query over either limit fails with an error status, never a shortened "
            "answer. SERVICE, LOAD, updates and dataset clauses naming other graphs are refused. The "
            "default graph is the de-duplicated union of all named graphs.", language="en")),
        ox.Triple(service, iri(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, a, iri(SD + "Dataset")),
        ox.Triple(dataset, iri(SD + "defaultGraph"), default),
        ox.Triple(default, a, iri(SD + "Graph")),
        ox.Triple(default, iri(VOID + "triples"), count(info["default_triples"])),
    ]
    for i, (name, size) in enumerate(sorted(info["graphs"].items())):
        named, graph = ox.BlankNode(f"named{i}"), ox.BlankNode(f"graph{i}")
        triples += [
            ox.Triple(dataset, iri(SD + "namedGraph"), named),
            ox.Triple(named, a, iri(SD + "NamedGraph")),
            ox.Triple(named, iri(SD + "name"), iri(name)),
            ox.Triple(named, iri(SD + "graph"), graph),
            ox.Triple(graph, a, iri(SD + "Graph")),
            ox.Triple(graph, iri(VOID + "triples"), count(size)),
        ]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE,) else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""
