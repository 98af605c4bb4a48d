"""Property test: labels and quotes with awkward characters survive every export format.

A tiny dataset is built in the test (an organisation and a person, a relation between them with
its Web Annotation, and labels, an alias, a purpose and the quote drawn by hypothesis from text
full of quotes, `<>`, `#`, backslashes, umlauts, ß, line breaks and emoji), and the same writers
as `nrwkg build` write it. Each RDF file must read back isomorphic with rdflib and pyoxigraph (the
JSON-LD also with PyLD), the CSV and network files must give the same texts back. Control
characters other than tab and line breaks are left out: XML 1.0 (RDF/XML, GEXF, GraphML) cannot
carry them. An alias has no `|`: the network (and its CSV and attribute cells) joins several
aliases with it.
"""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef

from nrwkg.compile.quotes import display
from nrwkg.export.bundle import render
from nrwkg.export.source import Source
from nrwkg.namespaces import GRAPH_EVIDENCE, GRAPH_ONTOLOGY, GRAPH_REGISTRY, NRW, OA, SKOS
from nrwkg.prefixes import load_prefixes
from tests.export_helpers import (
    DATASET_FORMATS,
    N3_FORMATS,
    assert_isomorphic,
    assert_same_dataset,
    default_graph,
    n3js_read,
    node_available,
    oxigraph_read,
    pyld_read,
    rdflib_read,
    union_of,
)

DOC = URIRef("https://w3id.org/nrwkg/id/document/probe")
ORG = URIRef("https://w3id.org/nrwkg/id/organization/probe")
PERSON = URIRef("https://w3id.org/nrwkg/id/person/probe")
ANN = URIRef("https://w3id.org/nrwkg/id/annotation/probe/s1")
AWKWARD = list("\"'<>#&\\äöüÄÖÜß\n\r\t{}@:;,. -_*`|") + [
    "🏭", "😀", "€", "\u2028", "\u00a0", '"""', "@prefix "]
CHARS = st.one_of(st.sampled_from(AWKWARD),
                  st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"))
TEXT = st.lists(CHARS, max_size=25).map("".join)
QUOTE = st.lists(CHARS, min_size=1, max_size=25).map("".join)
FILES = {"ttl": "nrwkg.ttl", "nt": "nrwkg.nt", "rdf": "nrwkg.rdf", "trig": "nrwkg.trig", "nq": "nrwkg.nq",
         "jsonld": "nrwkg.jsonld"}


def probe_dataset(label: str, alias: str, label_en: str, purpose: str, quote: str) -> Dataset:
    ds = Dataset(default_union=False)
    ont = ds.graph(GRAPH_ONTOLOGY)
    ont.add((NRW.party, RDFS.label, Literal("Partei der Vereinbarung", lang="de")))
    reg = ds.graph(GRAPH_REGISTRY)
    reg.add((ORG, RDF.type, NRW.Ministry))
    reg.add((ORG, SKOS.prefLabel, Literal(label, lang="de")))
    reg.add((ORG, SKOS.prefLabel, Literal(label_en, lang="en")))
    reg.add((PERSON, RDF.type, NRW.Person))
    reg.add((PERSON, RDFS.label, Literal("Probe", lang="de")))
    doc = ds.graph(DOC)
    doc.add((ORG, NRW.party, PERSON))
    doc.add((ORG, SKOS.altLabel, Literal(alias, lang="de")))
    doc.add((ORG, NRW.purpose, Literal(purpose)))
    ev = ds.graph(GRAPH_EVIDENCE)
    target, sel, pos, body = (URIRef(f"{ANN}/{n}") for n in ("target", "quote", "position", "statement-1"))
    for t in [(ANN, RDF.type, OA.Annotation), (ANN, OA.hasTarget, target), (ANN, OA.hasBody, body),
              (target, OA.hasSource, DOC), (target, OA.hasSelector, sel), (target, OA.hasSelector, pos),
              (sel, RDF.type, OA.TextQuoteSelector), (sel, OA.exact, Literal(quote)),
              (pos, RDF.type, OA.TextPositionSelector),
              (pos, OA.start, Literal(3, datatype=XSD.nonNegativeInteger)),
              (pos, OA.end, Literal(3 + len(quote), datatype=XSD.nonNegativeInteger)),
              (body, RDF.subject, ORG), (body, RDF.predicate, NRW.party), (body, RDF.object, PERSON)]:
        ev.add(t)
    return ds


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(label=TEXT, alias=TEXT.map(lambda t: t.replace("|", "/")), label_en=TEXT, purpose=TEXT, quote=QUOTE)
def test_awkward_texts_round_trip_in_every_format(tmp_path_factory, label, alias, label_en, purpose, quote):
    ds = probe_dataset(label, alias, label_en, purpose, quote)
    src = Source(ds, load_prefixes())
    folder = tmp_path_factory.mktemp("probe")
    for fmt, name in FILES.items():
        path = folder / name
        path.write_bytes(render(src, fmt, companions=False)[name])
        for reader in (rdflib_read, oxigraph_read):
            read = reader(path, fmt)
            if fmt in DATASET_FORMATS:
                assert_same_dataset(ds, read, f"{name} by {reader.__name__}")
            else:
                assert_isomorphic(union_of(ds), read, f"{name} by {reader.__name__}")
    assert_same_dataset(ds, pyld_read(folder / "nrwkg.jsonld"), "nrwkg.jsonld by PyLD")

    tables = render(src, "csv")
    entity = {r["id"]: r for r in _csv_rows(tables["csv/entities.csv"])}[str(ORG)]
    assert entity["label_en"] == label_en
    if label:  # an empty German label falls back to the English one
        assert entity["label_de"] == label
    assert entity["aliases"] == alias
    relation = _csv_rows(tables["csv/relations.csv"])
    assert [r["quote_exact"] for r in relation] == [quote]  # the stored text, as curated
    assert [r["quote"] for r in relation] == [display(quote)]  # the text a person reads

    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        path = folder / f"nrwkg.{fmt}"
        path.write_bytes(render(src, fmt)[f"nrwkg.{fmt}"])
        net = read(path)
        assert net.nodes[str(ORG)].get("aliases", "") == alias
        assert net.nodes[str(ORG)].get("label_en", "") == label_en
        (edge,) = [d for _, _, d in net.edges(data=True)]
        assert edge["quote"] == display(quote)  # the readable quote; the evidence JSON keeps the stored one


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=TEXT, quote=QUOTE)
def test_awkward_texts_parse_the_same_in_n3js(tmp_path_factory, label, quote):
    assert node_available(), "N3.js is missing: run `npm ci` in tests/node (bash scripts/run test does)"
    ds = probe_dataset(label, label, label, label, quote)
    src = Source(ds, load_prefixes())
    folder = tmp_path_factory.mktemp("probe-n3")
    for fmt in N3_FORMATS:
        path = folder / FILES[fmt]
        path.write_bytes(render(src, fmt, companions=False)[FILES[fmt]])
        read = n3js_read(path, fmt)
        if fmt in DATASET_FORMATS:
            assert_same_dataset(ds, read, f"{path.name} by N3.js")
        else:
            assert_isomorphic(union_of(ds), default_graph(read), f"{path.name} by N3.js")
