"""Static entity pages: build/pages/{kind}/{slug}.html for every node of the network, and an index.

A page shows the entity's labels, type, external identifiers, its facts (literal values and
concepts), its relations in both directions, each with the quote and document that state it,
and links to its ego view, its neighbours' pages and the ontology documentation.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from nrwkg import paths
from nrwkg.namespaces import GRAPH_INFERRED, GRAPH_REGISTRY, ID, NRW, SKOS
from nrwkg.network import build_network, network_query
from nrwkg.pages.render import page_path, page_ref, write_page

__all__ = ["write_entity_pages", "PAGES_DIR"]

PAGES_DIR = "pages"
_HEADER_PREDICATES = {"http://www.w3.org/2000/01/rdf-schema#label", str(SKOS.prefLabel), str(SKOS.altLabel),
                      str(NRW.wikidata), str(NRW.externalIdConfidence)}
_EXPORT_LINKS = [("nrwkg.ttl", "Turtle"), ("nrwkg.trig", "TriG"), ("nrwkg.jsonld", "JSON-LD"),
                 ("csv/entities.csv", "CSV")]


def _query(store, name: str):
    return store.query((paths.QUERIES / "pages" / f"{name}.rq").read_text(encoding="utf-8"))


def _v(solution, name: str) -> str:
    term = solution[name]
    return term.value if term is not None else ""


class _Site:
    """Everything the pages need, read once from the store."""

    def __init__(self, store, net=None):
        self.net = net if net is not None else build_network(store)
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        for s in _query(store, "labels"):
            self.labels[_v(s, "term")].setdefault(_v(s, "lang").lower()[:2], _v(s, "label"))
        for iri, d in self.net.nodes(data=True):  # a document has a title, not a label
            if d["label"] == d["curie"] and self.labels.get(iri):
                d["label"] = self.labels[iri].get("de") or self.labels[iri].get("en")
        self.evidence: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
        for s in store.query(network_query("evidence")):
            self.evidence[(_v(s, "s"), _v(s, "p"), _v(s, "o"))].append(
                {"document": _v(s, "document"), "quote": _v(s, "exact"), "start": int(_v(s, "start")),
                 "end": int(_v(s, "end")), "inferred": _v(s, "inferred")})
        self.facts: dict[str, list] = defaultdict(list)
        for s in _query(store, "facts"):
            if s["s"].value in self.net:
                self.facts[s["s"].value].append((s["p"], s["o"], _v(s, "g")))

    def members(self, document: str) -> list[tuple[str, dict]]:
        """The nodes a document mentions (indexed once for all documents)."""
        if not hasattr(self, "_members"):
            self._members: dict[str, list] = defaultdict(list)
            for n, d in self.net.nodes(data=True):
                for doc in dict.fromkeys(d["documents"]):
                    self._members[doc].append((n, d))
        return self._members.get(document, [])

    def label(self, iri: str) -> str:
        if iri in self.net:
            return self.net.nodes[iri]["label"]
        found = self.labels.get(iri, {})
        return found.get("de") or found.get("en") or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def href(self, iri: str, depth: str = "../") -> str | None:
        return depth + page_path(iri) if iri in self.net else None

    def evidence_of(self, key: tuple[str, str, str], items: list[dict] | None = None) -> list[dict]:
        return [{**ev, "document_label": self.label(ev["document"]),
                 "document_href": self.href(ev["document"])}
                for ev in (items if items is not None else self.evidence.get(key, []))]


def _source(graph: str) -> str:
    if graph == str(GRAPH_REGISTRY):
        return "Register / registry"
    if graph == str(GRAPH_INFERRED):
        return "erschlossen / inferred"
    return "ohne Zitat / no quote"


def _facts(site: _Site, iri: str, edges: set[tuple[str, str, str]]) -> list[dict]:
    rows, seen = [], set()
    for p, o, graph in site.facts.get(iri, []):
        key = (iri, p.value, o.value)
        if p.value in _HEADER_PREDICATES or key in edges or key in seen:
            continue
        seen.add(key)
        row = {"property": site.label(p.value), "value": o.value, "lang": getattr(o, "language", None) or "",
               "href": None, "external": False, "evidence": site.evidence_of(key), "source": _source(graph)}
        if type(o).__name__ == "NamedNode":
            row["value"], row["href"] = site.label(o.value), site.href(o.value)
            external = o.value.startswith(("https://", "http://")) and not o.value.startswith(str(ID))
            if row["href"] is None and external:
                row["href"], row["external"] = o.value, True
                row["value"] = site.label(o.value) if o.value in site.labels else o.value
        rows.append(row)
    return sorted(rows, key=lambda r: (r["property"].casefold(), r["value"].casefold()))


def _relation_rows(site: _Site, edges, outgoing: bool) -> list[dict]:
    rows = []
    for s, o, d in edges:
        other = o if outgoing else s
        addressee = None
        if d["addressee"] and d["addressee"] != other:
            addressee = {"label": site.label(d["addressee"]), "href": site.href(d["addressee"])}
        rows.append({"relation": d["relation"], "relation_en": d["relation_en"], "label": site.label(other),
                     "href": site.href(other), "addressee": addressee, "inferred": d["inferred"],
                     "evidence": site.evidence_of((), d["evidence"]),
                     "source": "Register / registry" if not d["documents"] else _source("")})
    return sorted(rows, key=lambda r: (r["relation"].casefold(), r["label"].casefold(), r["href"]))


def _type_info(site: _Site, curie: str) -> dict:
    if curie.startswith("nrw:"):
        iri = str(NRW) + curie[4:]
        return {"label": site.label(iri), "href": f"../../ontology/index.html#{curie[4:]}"}
    return {"label": curie, "href": None}


def _entity_context(site: _Site, iri: str) -> dict:
    node = site.net.nodes[iri]
    kind, slug = page_ref(iri)
    out_edges = list(site.net.out_edges(iri, data=True))
    in_edges = list(site.net.in_edges(iri, data=True))
    edge_keys = {(s, d["predicate"], o) for s, o, d in out_edges}
    wikidata = None
    if node["wikidata"]:
        qid = node["wikidata"].rsplit("/", 1)[-1]
        wikidata = {"id": qid, "href": f"https://www.wikidata.org/wiki/{qid}"}
    context = {
        "iri": iri, "node": node, "type": _type_info(site, node["type"]), "wikidata": wikidata,
        "ego_href": f"../../views/ego/{kind}/{slug}.html",
        "document_view_href": f"../../views/document/{slug}.html" if kind == "document" else None,
        "documents": [{"label": site.label(d), "href": site.href(d)}
                      for d in node["documents"] if site.href(d) and d != iri],
        "facts": _facts(site, iri, edge_keys),
        "relations": [
            {"title": "Beziehungen / relations", "other": "zu / to",
             "rows": _relation_rows(site, out_edges, True)},
            {"title": "Eingehende Beziehungen / incoming relations", "other": "von / from",
             "rows": _relation_rows(site, in_edges, False)}],
        "members": [],
    }
    if kind == "document":
        context["members"] = sorted(
            ({"label": d["label"], "href": "../" + page_path(n), "type": d["type"]}
             for n, d in site.members(iri) if n != iri),
            key=lambda m: (m["label"].casefold(), m["href"]))
    return context


def _index_context(site: _Site, out: Path) -> dict:
    groups: dict[str, list[dict]] = defaultdict(list)
    for iri, d in site.net.nodes(data=True):
        groups[d["type"]].append({"label": d["label"], "href": page_path(iri)})
    listed = []
    for curie, entities in groups.items():
        iri = str(NRW) + curie[4:] if curie.startswith("nrw:") else curie
        found = site.labels.get(iri, {})
        listed.append({"label": found.get("de") or curie, "label_en": found.get("en", ""),
                       "anchor": curie.replace(":", "-"),
                       "entities": sorted(entities, key=lambda e: (e["label"].casefold(), e["href"]))})
    listed.sort(key=lambda g: (g["label"].casefold(), g["anchor"]))
    downloads = [{"href": f"../export/{path}", "label": label} for path, label in _EXPORT_LINKS
                 if (out / "export" / path).is_file()]
    return {"groups": listed, "total": site.net.number_of_nodes(), "downloads": downloads}


def write_entity_pages(store, out: Path, net=None) -> int:
    """Write out/pages/index.html and one page per entity; returns the number of entity pages.
    `net` is the build's network when the caller has it (else it is built from the store)."""
    site = _Site(store, net)
    pages = out / PAGES_DIR
    count = 0
    for iri in site.net.nodes:
        if page_ref(iri) is None:
            continue
        write_page(pages / page_path(iri), "entity.html", **_entity_context(site, iri))
        count += 1
    write_page(pages / "index.html", "index.html", **_index_context(site, out))
    return count
