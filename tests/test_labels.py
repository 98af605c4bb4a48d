"""A node reads the same everywhere: view data, entity page, CSV, GEXF and GraphML."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from nrwkg.labels import display_label

LOI = "https://w3id.org/nrwkg/id/document/loi-zukunftsdialog-industrie"
PINKWART = "https://w3id.org/nrwkg/id/quotation/pinkwart-aluminiumbuendnis"
MWIKE = "https://w3id.org/nrwkg/id/organization/mwike"
_DATA = re.compile(r'<script type="application/json" id="nrwkg-data">(.*?)</script>', re.S)
_H1 = re.compile(r"<h1>(.*?)</h1>", re.S)


def _view_labels(built: Path) -> dict[str, str]:
    labels: dict[str, str] = {}
    for path in sorted((built / "views").rglob("*.html")):
        match = _DATA.search(path.read_text(encoding="utf-8"))
        if not match:
            continue
        for node in json.loads(match.group(1))["nodes"]:
            labels.setdefault(node["nrwkg"]["iri"], node["nrwkg"]["label"])
            assert labels[node["nrwkg"]["iri"]] == node["nrwkg"]["label"], f"{path}: {node['nrwkg']['iri']}"
    return labels


def _page_label(built: Path, iri: str) -> str:
    kind, slug = iri.removeprefix("https://w3id.org/nrwkg/id/").split("/", 1)
    text = (built / "pages" / kind / f"{slug}.html").read_text(encoding="utf-8")
    return html.unescape(_H1.search(text).group(1)).strip()


@pytest.fixture(scope="module")
def sources(built) -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO((built / "export/csv/entities.csv").read_text(encoding="utf-8")))
    gexf = nx.read_gexf(built / "export/nrwkg.gexf")
    graphml = nx.read_graphml(built / "export/nrwkg.graphml")
    return {
        "view": _view_labels(built),
        "csv": {r["id"]: r["label_de"] for r in rows if r["in_network"] == "true"},  # the network's nodes
        "gexf": {n: d["label"] for n, d in gexf.nodes(data=True)},
        "graphml": {n: d["label"] for n, d in graphml.nodes(data=True)},
    }


def test_every_node_reads_the_same_in_view_page_csv_gexf_and_graphml(built, sources):
    nodes = set(sources["csv"])
    assert nodes and set(sources["gexf"]) == nodes == set(sources["graphml"]) == set(sources["view"])
    differ = []
    for iri in sorted(nodes):
        seen = {name: labels[iri] for name, labels in sources.items()}
        seen["page"] = _page_label(built, iri)
        if len(set(seen.values())) > 1:
            differ.append((iri, seen))
    assert not differ, f"{len(differ)} nodes read differently, first: {differ[0]}"


def test_a_document_reads_as_its_title_and_a_quotation_as_its_text(built, sources):
    for labels in sources.values():
        assert labels[LOI] == "Letter of Intent zum „Zukunftsdialog Industrie“"
        assert labels[PINKWART].startswith("Zitat: „Nordrhein-Westfalen ist der wichtigste Aluminium-St")
        assert labels[MWIKE] == ("Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie "
                                 "des Landes Nordrhein-Westfalen")
    assert _page_label(built, LOI) == "Letter of Intent zum „Zukunftsdialog Industrie“"


def test_the_rule_title_then_label_then_quotation_then_curie():
    assert display_label("document:x", "Etikett", "label", title="Titel", quotation="q") == "Titel"
    assert display_label("organization:x", "", "English", quotation="q") == "English"
    assert display_label("quotation:x", quotation="Wir  sagen\n es.") == "Zitat: „Wir sagen es.“"
    assert display_label("place:x") == "place:x"
