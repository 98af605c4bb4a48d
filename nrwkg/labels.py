"""A node's display label, decided here and only here.

Views, entity pages, the CSV tables and the GEXF/GraphML exports all show `label` of the node in
nrwkg.network, which this rule fills in:

1. a document reads as its title (dcterms:title, German first);
2. anything with a label (skos:prefLabel or rdfs:label) reads as it, German first, else English;
3. a quotation without a label reads as `Zitat: „…“`, its text with whitespace collapsed;
4. everything else reads as its CURIE (`organization:mwike`).
"""

from __future__ import annotations

__all__ = ["display_label", "quotation_label"]


def quotation_label(text: str) -> str:
    return "Zitat: „" + " ".join(text.split()) + "“"


def display_label(curie: str, label_de: str = "", label_en: str = "", title: str = "",
                  quotation: str = "") -> str:
    if title:
        return title
    if label_de or label_en:
        return label_de or label_en
    if quotation:
        return quotation_label(quotation)
    return curie
