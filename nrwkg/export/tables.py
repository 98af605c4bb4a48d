"""CSV for spreadsheets: entities and relations from the network, plus one table per query.

entities.csv lists every entity `nrwkg stats` counts: the network's nodes (as the views show
them) and the rest (stances, which the network shows as edges, and SKOS concepts), marked by
`in_network`; relations.csv has the network's edges (from nrwkg.network.build_network, as the
views), one row per quote; the other tables are the SELECT queries in queries/export/*.rq, one file
each, named after the query. Multiple values in one cell are separated by `|`. UTF-8, RFC 4180.
A query's list columns (GROUP_CONCAT) are declared in its header, `#+ lists:` (see `list_columns`):
the query joins their values with U+001F, which no value of the corpus holds (one that did would be
cut in two), and the table sorts them and joins them with `|`; a column paired with its label column
(`holder+holder_label`) is sorted with it, by the first.
A `quote` column holds the quote as a person reads it (nrwkg.compile.quotes.display); the stored
text, to which `start` and `end` refer, is in `quote_exact` beside it.
"""

from __future__ import annotations

import csv
import io

from nrwkg.compile.quotes import display
from nrwkg.export.source import Source
from nrwkg.query import files as query_files
from nrwkg.store import query

__all__ = ["ENTITY_COLUMNS", "RELATION_COLUMNS", "LIST_SEPARATOR", "tables", "entities_rows", "relations_rows",
           "query_names", "list_columns", "sorted_lists"]

ENTITY_COLUMNS = ["id", "curie", "type", "label_de", "label_en", "aliases", "wikidata",
                  "external_id_confidence", "documents", "in_network"]
LIST_SEPARATOR = "\x1f"  # GROUP_CONCAT's separator in queries/export/: U+001F, the unit separator
RELATION_COLUMNS = ["subject", "subject_label", "predicate", "relation", "relation_en", "object",
                    "object_label", "modality", "addressee", "stance", "inferred", "document", "quote",
                    "quote_exact", "start", "end"]


def _csv(header: list[str], rows) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def entities_rows(net, store=None) -> list[list[str]]:
    """Every entity `nrwkg stats` counts (queries/network/entities.rq), sorted by IRI: a network node
    with what the network knows of it; any other (a stance, a SKOS concept) with class and labels."""
    rows = {node: [node, d["curie"], d["type"], d["label"], d["label_en"], "|".join(d["aliases"]), d["wikidata"],
                   d["confidence"], "|".join(d["documents"]), "true"] for node, d in net.nodes(data=True)}
    if store is not None:
        from nrwkg.network import compact, network_query

        for s in query(store, network_query("entities")):
            iri = s["entity"].value
            if iri not in rows:
                de, en = (s[v].value if s[v] is not None else "" for v in ("label_de", "label_en"))
                rows[iri] = [iri, compact(iri), _type_curie(s["type"].value), de or en, en, "", "", "", "", "false"]
    return [rows[iri] for iri in sorted(rows)]


def _type_curie(iri: str) -> str:
    from nrwkg.network import compact

    skos = "http://www.w3.org/2004/02/skos/core#"
    return "skos:" + iri[len(skos):] if iri.startswith(skos) else compact(iri)


def relations_rows(net, prefixes) -> list[list]:
    """One row per quote (an edge stated by two documents gives two rows)."""
    rows = []
    curies: dict[str, str] = {}  # predicate → its CURIE: a few predicates, many edges
    for s, o, d in net.edges(data=True):
        predicate = curies.get(d["predicate"])
        if predicate is None:
            predicate = curies[d["predicate"]] = prefixes.compact(d["predicate"])
        head = [s, net.nodes[s]["label"], predicate, d["relation"], d["relation_en"],
                o, net.nodes[o]["label"], d["modality"], d["addressee"], d["stance"],
                "true" if d["inferred"] else "false"]
        if not d["evidence"]:
            rows.append(head + ["|".join(d["documents"]), "", "", "", ""])
        # evidence that differs only in its inference reason (not a column here) gives one row
        quotes = dict.fromkeys((ev["document"], ev["quote"], ev["exact"], ev["start"], ev["end"])
                               for ev in d["evidence"])
        rows.extend(head + list(quote) for quote in quotes)
    return rows


def query_names() -> list[str]:
    return query_files.query_names("export")


def _query_table(store, name: str) -> str:
    text = query_files.query_text("export", name)
    results = query(store, text)
    header = [v.value for v in results.variables]
    rows = [["" if s[v] is None else s[v].value for v in header] for s in results]
    for columns in list_columns(text):
        places = [header.index(column) for column in columns]
        for row in rows:
            lists = sorted_lists([row[i] for i in places], f"{name}.rq, {columns} of {row[0]}")
            for i, values in zip(places, lists, strict=True):
                row[i] = "|".join(values)
    if "quote" in header:  # the readable quote, and the stored one beside it
        at = header.index("quote")
        header.insert(at + 1, "quote_exact")
        for row in rows:
            row.insert(at, display(row[at]))
    return _csv(header, rows)


def list_columns(text: str) -> list[tuple[str, ...]]:
    """The list columns a query declares, `#+ lists: a b+b_label …` (anything from `(` on is a
    comment): a column alone, or a column and the column parallel to it joined by `+` (IRIs and
    their labels: the n-th label is the n-th IRI's). GROUP_CONCAT joins values in the store's order
    of evaluation, which no query can fix: `_query_table` sorts each list, a pair by its first column."""
    for line in text.splitlines():
        if line.startswith("#+ lists:"):
            return [tuple(item.split("+")) for item in line.removeprefix("#+ lists:").split("(")[0].split()]
    return []


def sorted_lists(cells: list[str], where: str = "") -> list[list[str]]:
    """Parallel cells (values joined by LIST_SEPARATOR, as many in each) as lists, sorted together by
    the first cell's values; raises ValueError (naming `where`) if they are not parallel."""
    if not any(LIST_SEPARATOR in cell for cell in cells):  # one value each (most cells): nothing to sort
        return [[cell] for cell in cells]
    lists = [cell.split(LIST_SEPARATOR) for cell in cells]
    if len({len(values) for values in lists}) > 1:
        raise ValueError(f"{where}: parallel lists of different lengths {[len(v) for v in lists]}")
    rows = sorted(zip(*lists, strict=True))
    return [[r[k] for r in rows] for k in range(len(lists))]


def tables(src: Source) -> dict[str, str]:
    """file name → CSV text, for entities, relations and every query of queries/export/."""
    net = src.network
    out = {"entities.csv": _csv(ENTITY_COLUMNS, entities_rows(net, src.store)),
           "relations.csv": _csv(RELATION_COLUMNS, relations_rows(net, src.prefixes))}
    for name in query_names():
        out[f"{name}.csv"] = _query_table(src.store, name)
    return out
