"""Static entity pages: build/pages/{kind}/{slug}.html for every node of the network, and an index.

A page reads top-down: the key facts first (type, posts, memberships, agreements signed, the
documents that mention it), then what the documents say, grouped by relation and by document.
Each quote is shown once, with every fact it supports, and links to its passage in the document
reader; an inference reason is shown once and referred to by number; long groups are collapsed.
Curators' notes and registry bookkeeping are shown apart, never as facts.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from nrwkg.compile.quotes import display
from nrwkg.html import format_amount
from nrwkg.namespaces import GRAPH_INFERRED, GRAPH_REGISTRY, ID, NRW, ORG, SKOS
from nrwkg.network import build_network
from nrwkg.pages.links import relative
from nrwkg.pages.render import write_page
from nrwkg.pages.statements import Statements, dataset_quads, read_statements
from nrwkg.query.files import query_text
from nrwkg.query.solutions import text
from nrwkg.store import query
from nrwkg.urls import ego_path, page_path, passage_path, reader_path, root_of, split_iri

__all__ = ["write_entity_pages", "write_entity_index", "site_data", "PAGES_DIR", "OPEN_GROUP"]

PAGES_DIR = "pages"
OPEN_GROUP = 4  # a relation group with more quotes than this starts collapsed
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
_HEADER_PREDICATES = {_RDFS_LABEL, str(SKOS.prefLabel), str(SKOS.altLabel), str(NRW.wikidata),
                      str(NRW.externalIdConfidence)}
# what curators wrote about an entry or where the registry took a value from: not facts
_NOTE_PREDICATES = {str(SKOS.note), _RDFS_COMMENT, str(NRW.registryLabel), str(NRW.externalIdSource),
                    str(SKOS.editorialNote), str(SKOS.scopeNote)}
_NUMBER_TYPES = ("integer", "decimal", "double", "float", "int", "long")
_MONEY_PREDICATES = {str(NRW.value), str(NRW.minValue), str(NRW.maxValue)}
# key facts: (predicate, the entity is the edge's source?) → heading
_KEY_FACTS = [
    ((str(ORG.heldBy), False), "Ämter / posts"),
    ((str(ORG.postIn), True), "Amt in / post in"),
    ((str(ORG.subOrganizationOf), True), "Teil von / part of"),
    ((str(ORG.hasMember), False), "Mitglied in / member of"),
    ((str(NRW.partner), False), "Partner in / partner in"),
    ((str(NRW.party), False), "Partei in / party to"),
    ((str(NRW.signatory), False), "Unterzeichnet / agreements signed"),
    ((str(NRW.signedAs), False), "Unterzeichnet als / signed as"),
]
_EXPORT_LINKS = [("nrwkg.ttl", "Turtle"), ("nrwkg.trig", "TriG"), ("nrwkg.jsonld", "JSON-LD"),
                 ("csv/entities.csv", "CSV")]


def _query(store, name: str):
    return query(store, query_text("pages", name))


_v = text  # the value of a variable, "" when unbound


class _Site:
    """Everything the pages need, read once from the store (or from `statements`, the dataset read
    once: nrwkg.pages.statements)."""

    def __init__(self, store, net=None, statements: Statements | None = None):
        self.net = net if net is not None else build_network(store)
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        for s in _query(store, "labels"):
            self.labels[_v(s, "term")].setdefault(_v(s, "lang").lower()[:2], _v(s, "label"))
        for iri, d in self.net.nodes(data=True):  # a document has a title, not a label
            if d["label"] == d["curie"] and self.labels.get(iri):
                d["label"] = self.labels[iri].get("de") or self.labels[iri].get("en")
        if statements is None:
            statements = read_statements(dataset_quads(store), self.net.nodes)
        self.statements = statements
        quote = _Quotes(self.net)
        for items in statements.evidence.values():  # each quote as shown, added where it is (not copied)
            for ev in items:
                ev["quote"] = quote(ev["exact"])
        self.evidence: dict[tuple[str, str, str], list[dict]] = statements.evidence
        self.facts: dict[str, list] = statements.facts
        self._page_paths: dict[str, str] = {}

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

    def href(self, source: str, iri: str) -> str | None:
        """The link from the page at build-relative `source` to the page of `iri`, if it has one."""
        target = self._page_paths.get(iri) if iri in self.net else None
        if target is None and iri in self.net:
            target = self._page_paths[iri] = page_path(iri) or ""
        return relative(source, target) if target else None

    def by_document(self, document: str) -> list[tuple[tuple[str, str, str], dict]]:
        """The evidence quoted from `document` ((s, p, o), evidence), in the order of `evidence`
        (indexed once for all documents)."""
        if not hasattr(self, "_by_document"):
            self._by_document: dict[str, list] = defaultdict(list)
            for key, items in self.evidence.items():
                for ev in items:
                    self._by_document[ev["document"]].append((key, ev))
        return self._by_document.get(document, [])


class _Page:
    """One entity page being assembled: quotes numbered once, inference reasons numbered once."""

    def __init__(self, site: _Site, iri: str):
        self.site, self.iri, self.path = site, iri, page_path(iri) or ""
        self.quotes: dict[tuple[str, int, int], dict] = {}
        self.reasons: dict[str, int] = {}

    def href(self, iri: str) -> str | None:
        return self.site.href(self.path, iri)

    def reason(self, text: str) -> int:
        return self.reasons.setdefault(" ".join(text.split()), len(self.reasons) + 1)

    def quote(self, ev: dict) -> dict:
        """The quote's entry on this page: shown in full the first time, referred to afterwards."""
        key = (ev["document"], ev["start"], ev["end"])
        reasons = [self.reason(ev["inferred"])] if ev.get("inferred") else []
        if key in self.quotes:  # the reason is this statement's, even where the quote backed a stated fact first
            return {**self.quotes[key], "first": False, "reasons": reasons}
        entry = {"id": f"ev-{len(self.quotes) + 1}", "quote": ev["quote"],
                 "href": relative(self.path, passage_path(ev["document"], ev["start"], ev["end"]) or "")
                 if reader_path(ev["document"]) else None,
                 "reasons": reasons, "first": True}
        self.quotes[key] = entry
        return entry


class _Quotes:
    """display(exact) of each stored quote, worked out once (the network has done it for the quotes
    of its edges already)."""

    def __init__(self, net):
        self.known: dict[str, str] = {ev["exact"]: ev["quote"] for _, _, d in net.edges(data=True)
                                      for ev in d["evidence"] if "exact" in ev and "quote" in ev}

    def __call__(self, exact: str) -> str:
        found = self.known.get(exact)
        if found is None:
            found = self.known[exact] = display(exact)
        return found


def _number(value: str, datatype: str, currency: str, money: bool) -> str:
    if not datatype.endswith(_NUMBER_TYPES):
        return value
    return format_amount(value, currency if money else "")


def _grouped(page: _Page, claims: list[dict]) -> list[dict]:
    """Claims (relation, other, evidence) → groups by relation, then by document, then by quote."""
    groups: dict[tuple, dict] = {}
    for claim in claims:
        group = groups.setdefault(claim["group"], {"title": claim["title"], "title_en": claim["title_en"],
                                                    "documents": {}, "unquoted": [], "count": 0})
        group["count"] += 1
        if not claim["evidence"]:
            group["unquoted"].append(claim)
            continue
        for ev in claim["evidence"]:
            doc = group["documents"].setdefault(ev["document"], {
                "label": page.site.label(ev["document"]), "href": page.href(ev["document"]), "quotes": {}})
            key = (ev["start"], ev["end"])
            if key not in doc["quotes"]:
                doc["quotes"][key] = {"ev": ev, "claims": []}
            doc["quotes"][key]["claims"].append(claim)
    result = []
    for key in sorted(groups, key=lambda k: (groups[k]["title"].casefold(), k)):
        group = groups[key]
        documents = []
        for doc_iri in sorted(group["documents"], key=lambda d: (group["documents"][d]["label"].casefold(), d)):
            doc = group["documents"][doc_iri]
            quotes = []
            for (start, end) in sorted(doc["quotes"]):
                item = doc["quotes"][(start, end)]
                claims = sorted(item["claims"], key=lambda c: (c["label"].casefold(), c["href"] or ""))
                unique = list({(c["label"], c["href"], c.get("addressee_label")): c for c in claims}.values())
                quotes.append({**page.quote(item["ev"]), "claims": unique})
            documents.append({**doc, "quotes": quotes})
        group["documents"] = documents
        group["quote_count"] = sum(len(d["quotes"]) for d in documents)
        group["open"] = group["quote_count"] + len(group["unquoted"]) <= OPEN_GROUP
        group["unquoted"].sort(key=lambda c: (c["label"].casefold(), c["href"] or ""))
        result.append(group)
    return result


def _relation_claims(page: _Page, edges, outgoing: bool) -> list[dict]:
    site = page.site
    claims = []
    for s, o, d in edges:
        other = o if outgoing else s
        addressee = d["addressee"] if d["addressee"] and d["addressee"] != other else ""
        title = d["relation"] if outgoing else f"{d['relation']} (von / by)"
        title_en = d["relation_en"] if outgoing else f"{d['relation_en']} (by)"
        claims.append({"group": (d["predicate"], d["modality"], outgoing), "title": title, "title_en": title_en,
                       "label": site.label(other), "href": page.href(other),
                       "addressee_label": site.label(addressee) if addressee else "",
                       "addressee_href": page.href(addressee) if addressee else None,
                       "inferred": d["inferred"], "evidence": list(d["evidence"])})
    return claims


def _fact_claims(page: _Page, edges: set[tuple[str, str, str]]) -> tuple[list[dict], list[dict], list[dict]]:
    """(facts from documents, registry facts, curators' notes) about the entity."""
    site, iri = page.site, page.iri
    currency = next((o.value for p, o, _ in site.facts.get(iri, []) if p.value == str(NRW.currency)), "")
    stated: list[dict] = []
    registry: list[dict] = []
    notes, seen = [], set()
    graphs: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # a fact may be stated and inferred
    for p, o, graph in site.facts.get(iri, []):
        graphs[(iri, p.value, o.value)].add(graph)
    for p, o, graph in site.facts.get(iri, []):
        key = (iri, p.value, o.value)
        if p.value in _HEADER_PREDICATES or key in edges or key in seen:
            continue
        seen.add(key)
        if p.value in _NOTE_PREDICATES:
            notes.append({"property": site.label(p.value), "value": o.value})
            continue
        if currency and p.value == str(NRW.currency):
            continue  # shown with the amount
        claim = {"group": (p.value,), "title": site.label(p.value), "title_en": site.labels.get(p.value, {})
                 .get("en", ""), "label": o.value, "href": None, "external": False,
                 "addressee_label": "", "addressee_href": None, "inferred": graphs[key] == {str(GRAPH_INFERRED)},
                 "evidence": site.evidence.get(key, [])}
        if type(o).__name__ == "NamedNode":
            claim["label"], claim["href"] = site.label(o.value), page.href(o.value)
            external = o.value.startswith(("https://", "http://")) and not o.value.startswith(str(ID))
            if claim["href"] is None and external:
                claim["href"], claim["external"] = o.value, True
                claim["label"] = site.label(o.value) if o.value in site.labels else o.value
        else:
            datatype = o.datatype.value if getattr(o, "datatype", None) is not None else ""
            claim["label"] = _number(o.value, datatype, currency, p.value in _MONEY_PREDICATES)
        (registry if graph == str(GRAPH_REGISTRY) else stated).append(claim)
    registry.sort(key=lambda c: (c["title"].casefold(), c["label"].casefold()))
    notes.sort(key=lambda n: (n["property"].casefold(), n["value"]))
    return stated, registry, notes


def _key_facts(page: _Page, out_edges, in_edges) -> list[dict]:
    """The key facts; one that rests only on inferred statements is marked, with its reasons."""
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for edges, outgoing in ((out_edges, True), (in_edges, False)):
        for s, o, d in edges:
            if d["modality"]:
                continue
            title = dict(_KEY_FACTS).get((d["predicate"], outgoing))
            if title:
                other = o if outgoing else s
                entry = found[title].setdefault(other, {"label": page.site.label(other), "href": page.href(other),
                                                        "inferred": True, "reasons": []})
                entry["inferred"] = entry["inferred"] and bool(d["inferred"])
                entry["reasons"] += [ev["inferred"] for ev in d["evidence"] if ev.get("inferred")]
    for entries in found.values():
        for entry in entries.values():
            reasons = entry.pop("reasons")
            entry["reasons"] = sorted({page.reason(r) for r in reasons}) if entry["inferred"] else []
    return [{"title": title, "entries": sorted(found[title].values(), key=lambda i: (i["label"].casefold(),
                                                                                    i["href"] or ""))}
            for _, title in _KEY_FACTS if title in found]


def _type_info(page: _Page, curie: str) -> dict:
    if curie.startswith("nrw:"):
        iri = str(NRW) + curie[4:]
        return {"label": page.site.label(iri), "href": relative(page.path, f"ontology/index.html#{curie[4:]}")}
    return {"label": curie, "href": None}


def _entity_context(site: _Site, iri: str) -> dict:
    node = site.net.nodes[iri]
    page = _Page(site, iri)
    out_edges = list(site.net.out_edges(iri, data=True))
    in_edges = list(site.net.in_edges(iri, data=True))
    edge_keys = {(s, d["predicate"], o) for s, o, d in out_edges}
    wikidata = None
    if node["wikidata"]:
        qid = node["wikidata"].rsplit("/", 1)[-1]
        wikidata = {"id": qid, "href": f"https://www.wikidata.org/wiki/{qid}"}
    stated, registry, notes = _fact_claims(page, edge_keys)
    facts = _grouped(page, stated)
    relations = _grouped(page, _relation_claims(page, out_edges, True) + _relation_claims(page, in_edges, False))
    kind = (split_iri(iri) or ("", ""))[0]
    context = {
        "iri": iri, "node": node, "type": _type_info(page, node["type"]), "wikidata": wikidata,
        "root": root_of(page.path),
        "ego_href": relative(page.path, ego_path(iri) or ""),
        "rdf_href": relative(page.path, (page_path(iri) or ".html")[:-5] + ".ttl"),
        "reader_href": relative(page.path, reader_path(iri) or "") if kind == "document" else None,
        "document_view_href": relative(page.path, f"views/document/{iri.rsplit('/', 1)[-1]}.html")
        if kind == "document" else None,
        "documents": [{"label": site.label(d), "href": page.href(d),
                       "reader": relative(page.path, reader_path(d) or "") if reader_path(d) else None}
                      for d in node["documents"] if page.href(d) and d != iri],
        "key_facts": _key_facts(page, out_edges, in_edges),
        "facts": facts, "registry": registry, "notes": notes, "relations": relations,
        "reasons": sorted(((n, text) for text, n in page.reasons.items())),
        "members": [],
    }
    if kind == "document":
        context["members"] = sorted(
            ({"label": d["label"], "href": page.href(n), "type": d["type"]}
             for n, d in site.members(iri) if n != iri),
            key=lambda m: (m["label"].casefold(), m["href"]))
    return context


def _index_context(site: _Site, out: Path) -> dict:
    groups: dict[str, list[dict]] = defaultdict(list)
    for iri, d in site.net.nodes(data=True):
        groups[d["type"]].append({"label": d["label"], "href": relative("pages/index.html", page_path(iri) or "")})
    listed: list[dict[str, Any]] = []
    for curie, entities in groups.items():
        iri = str(NRW) + curie[4:] if curie.startswith("nrw:") else curie
        found = site.labels.get(iri, {})
        listed.append({"label": found.get("de") or curie, "label_en": found.get("en", ""),
                       "anchor": curie.replace(":", "-"),
                       "entities": sorted(entities, key=lambda e: (e["label"].casefold(), e["href"]))})
    listed.sort(key=lambda g: (g["label"].casefold(), g["anchor"]))
    downloads = [{"href": f"../export/{path}", "label": label} for path, label in _EXPORT_LINKS
                 if (out / "export" / path).is_file()]
    return {"groups": listed, "total": site.net.number_of_nodes(), "downloads": downloads, "root": "../"}


def site_data(store, net=None, statements: Statements | None = None) -> _Site:
    """What the entity pages and the document readers read from the store, read once; `net` is the
    build's network when the caller has it (else it is built from the store), `statements` the
    dataset read once (else it is read from the store)."""
    return _Site(store, net, statements)


def write_entity_pages(store, out: Path, site: _Site | None = None, index: bool = True) -> int:
    """Write one page per entity and out/pages/index.html (unless not `index`: see
    write_entity_index); returns the number of entity pages."""
    site = site or _Site(store)
    count = 0
    for iri in site.net.nodes:
        path = page_path(iri)
        if path is None:
            continue
        write_page(out / path, "entity.html", **_entity_context(site, iri))
        count += 1
    if index:
        write_entity_index(site, out)
    return count


def write_entity_index(site: _Site, out: Path) -> None:
    """out/pages/index.html: every entity by kind, and links to the export files that are there
    (written after the exports)."""
    write_page(out / PAGES_DIR / "index.html", "entities.html", **_index_context(site, out))
