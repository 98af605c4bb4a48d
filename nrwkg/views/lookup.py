"""What views need besides the network: class names in German, document titles, link targets."""

from __future__ import annotations

from dataclasses import dataclass, field

from nrwkg.query.files import query_text
from nrwkg.store import query
from nrwkg.urls import document_view_path, ego_path, page_path, reader_path, split_iri

__all__ = ["Lookup", "load_lookup", "view_query", "split_iri", "page_path", "ego_path", "document_view_path",
           "reader_path"]


def view_query(name: str) -> str:
    return query_text("views", name)


@dataclass
class Lookup:
    classes: dict[str, str] = field(default_factory=dict)  # "nrw:Ministry" -> "Ministerium"
    documents: dict[str, str] = field(default_factory=dict)  # document IRI -> title
    dates: dict[str, str] = field(default_factory=dict)  # document IRI -> date, where known
    labels: dict[str, str] = field(default_factory=dict)  # node IRI -> German label

    def class_label(self, type_curie: str) -> str:
        return self.classes.get(type_curie) or type_curie.removeprefix("nrw:")

    def document_title(self, iri: str) -> str:
        return self.documents.get(iri) or self.labels.get(iri) or iri.rsplit("/", 1)[-1]

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or self.documents.get(iri) or iri.rsplit("/", 1)[-1]


def load_lookup(store, net) -> Lookup:
    """Class labels, document titles and quotations from the store, node labels from the network."""
    from nrwkg.network import compact
    from nrwkg.query.solutions import text as value

    lookup = Lookup()
    for s in query(store, view_query("class-labels")):
        lookup.classes[compact(value(s, "class"))] = value(s, "label_de") or value(s, "label_en")
    for s in query(store, view_query("documents")):
        if value(s, "title"):
            lookup.documents[value(s, "document")] = value(s, "title")
        if value(s, "date"):
            lookup.dates[value(s, "document")] = value(s, "date")
    quotations = {value(s, "quotation"): value(s, "text") for s in query(store, view_query("quotations"))}
    for node, data in net.nodes(data=True):
        label = data.get("label") or node
        if node in quotations and label == data.get("curie"):
            label = "Zitat: „" + " ".join(quotations[node].split()) + "“"
        lookup.labels[node] = lookup.documents.get(node) or label
    return lookup
