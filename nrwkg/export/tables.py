"""CSV for spreadsheets: entities and relations from the network, plus one table per query.

entities.csv and relations.csv come from nrwkg.network.build_network (the same nodes and edges
as the views); the other tables are the SELECT queries in queries/export/*.rq, one file each,
named after the query. Multiple values in one cell are separated by `|`. UTF-8, RFC 4180.
A `quote` column holds the quote as a person reads it (nrwkg.compile.quotes.display); the stored
text, to which `start` and `end` refer, is in `quote_exact` beside it.
"""

from __future__ import annotations

import csv
import io

from nrwkg import paths
from nrwkg.compile.quotes import display
from nrwkg.export.source import Source

__all__ = ["ENTITY_COLUMNS", "RELATION_COLUMNS", "tables", "entities_rows", "relations_rows", "query_names"]

ENTITY_COLUMNS = ["id", "curie", "type", "label_de", "label_en", "aliases", "wikidata",
                  "external_id_confidence", "documents"]
RELATION_COLUMNS = ["subject", "subject_label", "predicate", "relation", "relation_en", "object",
                    "object_label", "modality", "addressee", "stance", "inferred", "document", "quote",
                    "quote_exact", "start", "end"]


def _csv(header: list[str], rows) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def entities_rows(net) -> list[list[str]]:
    return [[node, d["curie"], d["type"], d["label"], d["label_en"], "|".join(d["aliases"]), d["wikidata"],
             d["confidence"], "|".join(d["documents"])] for node, d in net.nodes(data=True)]


def relations_rows(net, prefixes) -> list[list]:
    """One row per piece of evidence (an edge stated by two documents gives two rows)."""
    rows = []
    for s, o, d in net.edges(data=True):
        head = [s, net.nodes[s]["label"], prefixes.compact(d["predicate"]), d["relation"], d["relation_en"],
                o, net.nodes[o]["label"], d["modality"], d["addressee"], d["stance"],
                "true" if d["inferred"] else "false"]
        if not d["evidence"]:
            rows.append(head + ["|".join(d["documents"]), "", "", "", ""])
        for ev in d["evidence"]:
            rows.append(head + [ev["document"], ev["quote"], ev["exact"], ev["start"], ev["end"]])
    return rows


def query_names() -> list[str]:
    return sorted(p.stem for p in (paths.QUERIES / "export").glob("*.rq"))


def _query_table(store, name: str) -> str:
    results = store.query((paths.QUERIES / "export" / f"{name}.rq").read_text(encoding="utf-8"))
    header = [v.value for v in results.variables]
    rows = [["" if s[v] is None else s[v].value for v in header] for s in results]
    if "quote" in header:  # the readable quote, and the stored one beside it
        at = header.index("quote")
        header.insert(at + 1, "quote_exact")
        for row in rows:
            row.insert(at, display(row[at]))
    return _csv(header, rows)


def tables(src: Source) -> dict[str, str]:
    """file name → CSV text, for entities, relations and every query of queries/export/."""
    net = src.network
    out = {"entities.csv": _csv(ENTITY_COLUMNS, entities_rows(net)),
           "relations.csv": _csv(RELATION_COLUMNS, relations_rows(net, src.prefixes))}
    for name in query_names():
        out[f"{name}.csv"] = _query_table(src.store, name)
    return out
