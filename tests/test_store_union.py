"""The store's default graph, as nrwkg queries it, is the de-duplicated union of the named graphs
(nrwkg.store): its own default graph copies every named graph but the evidence graph, and queries
read that copy plus the evidence graph. A fact two documents state counts once; a triple the
evidence graph shares with another graph makes the evidence graph copied too (else the bag union
pyoxigraph evaluates would count it twice); a query naming its own dataset gets that dataset."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from nrwkg.namespaces import GRAPH_EVIDENCE
from nrwkg.opened import OpenedBuild
from nrwkg.query.engines import OxigraphEngine
from nrwkg.store import UNCOPIED_GRAPH, _bulk_load_file, default_graph, load_store, select

EX = "https://example.org/"
DOC_A, DOC_B = URIRef(EX + "doc-a"), URIRef(EX + "doc-b")
SHARED = (URIRef(EX + "s"), URIRef(EX + "p"), Literal("stated twice"))
ONLY_A = (URIRef(EX + "s"), URIRef(EX + "q"), Literal("stated once"))
ANNOTATION = (URIRef(EX + "annotation"), URIRef(EX + "hasBody"), URIRef(EX + "body"))
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } ORDER BY ?n"


def _graphs(evidence_shares: bool) -> dict:
    evidence = {ANNOTATION} | ({SHARED} if evidence_shares else set())
    return {DOC_A: {SHARED, ONLY_A}, DOC_B: {SHARED}, GRAPH_EVIDENCE: evidence}


def _store(graphs: dict, how: str, tmp_path: Path) -> ox.Store:
    opened = OpenedBuild(graphs)
    union = opened.union_file()
    assert union is not None
    if how == "text":
        return load_store(opened.nquads, union.read_bytes())
    if how == "build":  # as nrwkg build loads it: the N-Quads and the copied union from files
        return load_store(opened.nquads_file(), union, tmp_path / "store")
    nq = tmp_path / "dataset.nq"
    nq.write_bytes(opened.nquads)
    return load_store(nq, None, tmp_path / "store")


def _count(store: ox.Store, text: str = COUNT) -> int:
    return int(next(iter(select(store, text)))["n"].value)


@pytest.mark.parametrize("how", ["text", "build", "file"])
@pytest.mark.parametrize("evidence_shares", [False, True])
def test_the_default_graph_counts_each_fact_once(how, evidence_shares, tmp_path):
    store = _store(_graphs(evidence_shares), how, tmp_path)
    assert _count(store) == 3  # SHARED, ONLY_A, ANNOTATION: each once
    copied = set(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if evidence_shares:  # copied too: the store's default graph alone is the union
        assert default_graph(store) == [ox.DefaultGraph()] and len(copied) == 3
    else:  # the evidence graph is read beside the copy, not copied
        assert default_graph(store) == [ox.DefaultGraph(), UNCOPIED_GRAPH] and len(copied) == 2


def test_a_query_naming_its_dataset_gets_that_dataset(tmp_path):
    engine = OxigraphEngine(_store(_graphs(False), "text", tmp_path))
    answer = engine.select(f"SELECT (COUNT(*) AS ?n) FROM <{DOC_B}> WHERE {{ ?s ?p ?o }} ORDER BY ?n")
    assert [int(row[0].value) for row in answer.rows] == [1]
    answer = engine.select(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{DOC_B}> WHERE {{ ?s ?p ?o }} ORDER BY ?n")
    assert [int(row[0].value) for row in answer.rows] == [0]  # FROM NAMED alone: an empty default graph
    assert [int(row[0].value) for row in engine.select(COUNT).rows] == [3]


def test_a_store_holding_the_whole_union_is_read_as_it_is():
    store = ox.Store()
    opened = OpenedBuild(_graphs(False))
    store.bulk_load(opened.nquads, format=ox.RdfFormat.N_QUADS)
    store.bulk_load(opened.ntriples, format=ox.RdfFormat.N_TRIPLES)  # the layout of earlier builds
    assert default_graph(store) == [ox.DefaultGraph()]
    assert _count(store) == 3


@pytest.mark.parametrize("chunk_bytes", [1, 7, 10_000])
def test_a_file_loaded_by_chunks_holds_every_line(chunk_bytes, tmp_path):
    """A chunk ends where a line ends, however short the chunks (a chunk of one byte is a line)."""
    opened = OpenedBuild(_graphs(False))
    store = ox.Store()
    _bulk_load_file(store, opened.nquads_file(), ox.RdfFormat.N_QUADS, chunk_bytes=chunk_bytes)
    assert len(store) == 4  # SHARED twice (doc-a, doc-b), ONLY_A, ANNOTATION
    whole = ox.Store()
    whole.bulk_load(opened.nquads, format=ox.RdfFormat.N_QUADS)
    assert set(store) == set(whole)
