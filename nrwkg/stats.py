"""`nrwkg stats`: counts by class, by document and by graph, and triples without evidence."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from nrwkg.query.files import query_text
from nrwkg.query.solutions import integer, text
from nrwkg.store import select

__all__ = ["Stats", "compute_stats", "format_stats", "stats_json"]

@dataclass
class Stats:
    by_class: list[tuple[str, int]]
    by_graph: list[tuple[str, int]]
    by_document: list[tuple[str, str, int, int]]  # iri, file, triples, statements
    entities: int
    distinct_triples: int
    without_evidence: int


def compute_stats(store: ox.Store) -> Stats:
    by_class = [(text(s, "class"), integer(s, "n")) for s in select(store, query_text("stats", "by-class"))]
    by_graph = [(text(s, "g"), integer(s, "n")) for s in select(store, query_text("stats", "by-graph"))]
    graph_sizes = dict(by_graph)
    by_document = [
        (text(s, "doc"), text(s, "file"), graph_sizes.get(text(s, "doc"), 0), integer(s, "statements"))
        for s in select(store, query_text("stats", "by-document"))
    ]
    entities = sum(1 for _ in select(store, query_text("network", "entities")))  # the rows of csv/entities.csv
    distinct = integer(next(iter(select(store, query_text("stats", "distinct-triples")))), "n")
    without = sum(1 for _ in select(store, query_text("checks", "triple-without-evidence-violation")))
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
