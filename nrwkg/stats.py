"""`nrwkg stats`: counts by class, by document and by graph, and triples without evidence."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from nrwkg import paths
from nrwkg.store import select

__all__ = ["Stats", "compute_stats", "format_stats", "stats_json"]

_BY_CLASS = """
PREFIX nrw: <https://w3id.org/nrwkg/ontology#>
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(nrw:)))
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/nrwkg/id/"))
} GROUP BY ?class ORDER BY ?class
"""
_BY_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_BY_DOCUMENT = """
PREFIX nrw: <https://w3id.org/nrwkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?doc ?file (COUNT(DISTINCT ?a) AS ?statements) WHERE {
  GRAPH <https://w3id.org/nrwkg/graph/registry> { ?doc a nrw:Document ; nrw:fileName ?file }
  OPTIONAL { GRAPH <https://w3id.org/nrwkg/graph/evidence> { ?a oa:hasTarget/oa:hasSource ?doc } }
} GROUP BY ?doc ?file ORDER BY ?file
"""
@dataclass
class Stats:
    by_class: list[tuple[str, int]]
    by_graph: list[tuple[str, int]]
    by_document: list[tuple[str, str, int, int]]  # iri, file, triples, statements
    entities: int
    distinct_triples: int
    without_evidence: int


def _int(term) -> int:
    return int(term.value)


def compute_stats(store: ox.Store) -> Stats:
    by_class = [(s["class"].value, _int(s["n"])) for s in select(store, _BY_CLASS)]
    by_graph = [(s["g"].value, _int(s["n"])) for s in select(store, _BY_GRAPH)]
    graph_sizes = dict(by_graph)
    by_document = [
        (s["doc"].value, s["file"].value, graph_sizes.get(s["doc"].value, 0), _int(s["statements"]))
        for s in select(store, _BY_DOCUMENT)
    ]
    entities_rq = (paths.QUERIES / "network" / "entities.rq").read_text(encoding="utf-8")
    entities = sum(1 for _ in select(store, entities_rq))  # the rows of csv/entities.csv
    distinct = _int(next(iter(select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"])
    check = (paths.QUERIES / "checks" / "triple-without-evidence-violation.rq").read_text(encoding="utf-8")
    without = sum(1 for _ in select(store, check))
    return Stats(by_class, by_graph, by_document, entities, distinct, without)


def format_stats(stats: Stats) -> str:
    nrw = "https://w3id.org/nrwkg/ontology#"
    lines = ["Entities by class (including superclasses):"]
    lines += [f"  {c.replace(nrw, 'nrw:'):<28} {n:>6}" for c, n in stats.by_class]
    lines.append("By document:")
    lines += [f"  {f:<28} {t:>6} triples  {s:>4} statements  {d}" for d, f, t, s in stats.by_document]
    lines.append("By named graph:")
    lines += [f"  {g:<64} {n:>6}" for g, n in stats.by_graph]
    lines.append(f"Entities (typed resources in the id/ space except annotations; "
                 f"the rows of export/csv/entities.csv): {stats.entities}")
    lines.append(f"Distinct triples (union): {stats.distinct_triples}")
    lines.append(f"Asserted triples without evidence: {stats.without_evidence}")
    return "\n".join(lines)


def stats_json(stats: Stats) -> dict:
    """The same counts as format_stats, for `nrwkg stats --format json`."""
    return {
        "entities": stats.entities,
        "distinct_triples": stats.distinct_triples,
        "asserted_triples_without_evidence": stats.without_evidence,
        "entities_by_class": dict(stats.by_class),
        "triples_by_graph": dict(stats.by_graph),
        "documents": [{"document": d, "file": f, "triples": t, "statements": n} for d, f, t, n in stats.by_document],
    }
