"""The document reader: build/documents/{slug}.html for every source document.

The full stored text, laid out for reading (nrwkg.pages.layout), with every evidence passage
highlighted under a stable anchor `#q-{start}-{end}` (offsets into the stored text, as in the
annotations). Each passage lists the facts it supports, linked to their entities; clicking a
highlight shows them beside the text. Sentences that no passage covers can be shown on demand.
The head of the page gives the document's metadata: title, date (or that it is unknown),
author and publisher as stated or inferred, file, sha256.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from nrwkg.namespaces import DCTERMS, GRAPH_INFERRED, NRW
from nrwkg.pages.layout import Spans, layout
from nrwkg.pages.links import relative
from nrwkg.pages.render import write_page
from nrwkg.urls import (
    document_view_path,
    ego_path,
    page_path,
    passage_anchor,
    reader_path,
    root_of,
)
from nrwkg.views.timeline import german_date

__all__ = ["write_readers", "reader_context"]

_PEOPLE = [(str(DCTERMS.creator), "Verfasser / author"), (str(DCTERMS.publisher), "Herausgeber / publisher")]
_NOT_RECORDED = "nicht erfasst / not recorded"


def _passage_facts(site, document: str) -> dict[tuple[int, int], list[dict]]:
    """(start, end) → the facts that passage supports in `document`."""
    path = reader_path(document) or ""
    found: dict[tuple[int, int], dict[tuple, dict]] = defaultdict(dict)
    for (s, p, o), ev in site.by_document(document):
        obj_is_entity = o in site.net or o in site.labels
        fact = {"subject": site.label(s), "subject_href": site.href(path, s),
                "relation": site.label(p) if p in site.labels else p.rsplit("#", 1)[-1].rsplit("/", 1)[-1],
                "object": site.label(o) if obj_is_entity else o, "object_href": site.href(path, o),
                "inferred": ev["inferred"]}
        found[(ev["start"], ev["end"])][(s, p, o)] = fact
    return {key: sorted(facts.values(), key=lambda f: (f["subject"].casefold(), f["relation"], f["object"]))
            for key, facts in found.items()}


def _metadata(site, document) -> dict:
    iri = str(document.iri)
    facts = site.facts.get(iri, [])
    path = reader_path(iri) or ""
    title = next((o.value for p, o, _ in facts if p.value == str(DCTERMS.title)), "") or site.label(iri)
    dates = sorted({o.value for p, o, _ in facts if p.value == str(NRW.date)})
    people: list[dict[str, Any]] = []
    for predicate, heading in _PEOPLE:
        values: list[dict[str, Any]] = []
        for p, o, graph in facts:
            if p.value != predicate:
                continue
            evidence = site.evidence.get((iri, predicate, o.value), [])
            reason = next((ev["inferred"] for ev in evidence if ev["inferred"]), "")
            inferred = graph == str(GRAPH_INFERRED) or bool(reason)
            passage = next((ev for ev in evidence if ev["document"] == iri), None)
            values.append({"label": site.label(o.value), "href": site.href(path, o.value),
                           "how": "erschlossen / inferred" if inferred else "im Text genannt / stated",
                           "reason": reason,
                           "passage": "#" + passage_anchor(passage["start"], passage["end"]) if passage else None})
        if not values:
            status = document.author_status if predicate == str(DCTERMS.creator) else ""
            values.append({"label": "unbekannt / unknown" if status == "unknown" else _NOT_RECORDED,
                           "href": None, "how": "", "reason": "", "passage": None})
        people.append({"heading": heading, "entries": sorted(values, key=lambda v: v["label"].casefold())})
    return {
        "title": title,
        "date": ", ".join(german_date(d) for d in dates) if dates
        else "unbekannt / unknown" if document.date_status == "unknown" else _NOT_RECORDED,
        "people": people,
        "source": _NOT_RECORDED,
        "retrieved": _NOT_RECORDED,
        "file": document.path.name,
        "sha256": document.sha256,
        "language": document.language,
        "type": site.label(str(document.type)),
    }


def reader_context(site, document) -> dict:
    """Everything the reader page of one document shows."""
    from nrwkg.coverage import sentences

    iri = str(document.iri)
    path = reader_path(iri) or ""
    text = document.text
    facts = _passage_facts(site, iri)
    passages = {passage_anchor(a, b): (a, b) for a, b in sorted(facts)}
    spans = Spans(passages.values())
    uncovered = [(s.start, s.end) for s in sentences(text) if spans.reaching(s.end) <= s.start]  # no overlap
    listed = [{"id": pid, "start": a, "end": b, "facts": facts[(a, b)],
               "reasons": sorted({f["inferred"] for f in facts[(a, b)] if f["inferred"]}),
               "text": " ".join(text[a:b].split())}
              for pid, (a, b) in passages.items()]
    from nrwkg.compile.quotes import display

    for item in listed:
        item["text"] = display(text[item["start"]:item["end"]])
    return {
        "iri": iri, "root": root_of(path), "meta": _metadata(site, document),
        "blocks": layout(text, passages, uncovered), "passages": listed,
        "uncovered": len(uncovered),
        "page_href": relative(path, page_path(iri) or ""),
        "view_href": relative(path, document_view_path(iri) or ""),
        "ego_href": relative(path, ego_path(iri) or ""),
        "script": relative(path, "views/lib/nrwkg-reader.js"),
    }


def write_readers(site, documents, out: Path) -> int:
    """Write out/documents/{slug}.html for each source document; returns how many."""
    count = 0
    for document in documents:
        path = reader_path(str(document.iri))
        if path is None:
            continue
        write_page(out / path, "document.html", **reader_context(site, document))
        count += 1
    return count
