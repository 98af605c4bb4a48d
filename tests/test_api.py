"""The notebook API: load a build, run library queries with parameters, rows, DataFrames, evidence."""

from __future__ import annotations

import datetime

import pytest

from nrwkg.api import Evidence, Graph
from nrwkg.errors import QueryError
from tests.conftest import REPO


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return Graph.load(built)


def _stored_text(document_curie: str) -> str:
    import yaml

    slug = document_curie.split(":", 1)[1]
    entries = yaml.safe_load((REPO / "graph" / "corpus" / "documents.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in entries if e["id"] == f"document:{slug}")
    return (REPO / "graph" / "corpus" / entry["file"]).read_text(encoding="utf-8")


def test_rows_are_dicts_of_python_values(graph):
    rows = graph.query("agreement-signatories", agreement="agreement:loi-zukunftsdialog-industrie")
    assert rows and all(r["agreement"] == "agreement:loi-zukunftsdialog-industrie" for r in rows)
    neubaur = [r for r in rows if r["signatory"] == "person:mona-neubaur"]
    assert neubaur and neubaur[0]["organization"] == "organization:mwike"
    dated = graph.query("agreements")
    assert any(isinstance(r["date"], datetime.date) for r in dated)
    assert all(isinstance(r["parties"], int) for r in dated)


def test_the_evidence_of_a_triple_is_a_quote_at_its_offsets_in_the_stored_text(graph):
    found = graph.evidence("agreement:loi-zukunftsdialog-industrie", "nrw:signatory", "person:mona-neubaur")
    assert found and all(isinstance(e, Evidence) for e in found)
    for e in found:
        assert _stored_text(e.document)[e.start : e.end] == e.exact == e.quote
        assert "Mona Neubaur" in e.text and "**" not in e.text


def test_evidence_for_a_standard_property_finds_the_statement_of_our_subproperty(graph):
    stances = graph.query("stances-by-modality", modality="modality:demands")
    holder, stance = next((r["holder"], r["stance"]) for r in stances if r["holder"])
    found = graph.evidence(stance, "prov:wasAttributedTo", holder)
    assert found and {e.stated_as for e in found} == {"nrw:holder"}


def test_a_registry_fact_has_no_quote(graph):
    assert graph.evidence("organization:mwike", "rdf:type", "nrw:Ministry") == []


def test_ask_gives_a_bool_and_construct_gives_triples(graph):
    assert graph.query("is-stated") is True
    assert graph.query("is-stated", o="organization:ig-bce") is False
    triples = graph.query("std-org-chart")
    assert ("organization:mwike", "rdf:type", "org:Organization") in triples


def test_sparql_text_works_too(graph):
    rows = graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/nrwkg/ontology#Document> }")
    assert rows == [{"n": len(graph.query("documents"))}] and rows[0]["n"] > 0  # as many as the library lists


def test_unknown_query_and_parameter_are_errors(graph):
    with pytest.raises(QueryError, match="unknown query"):
        graph.query("agreement-signatory")
    with pytest.raises(QueryError, match="unknown parameter 'actr'"):
        graph.query("money-by-actor", actr="organization:mwike")


def test_the_rdflib_engine_gives_the_same_rows(graph, built):
    other = Graph.load(built, engine="rdflib")
    assert other.query("posts") == graph.query("posts")


def test_a_dataframe_has_one_column_per_variable(graph):
    pd = pytest.importorskip("pandas")
    frame = graph.dataframe("actors-by-type")
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["kind", "kind_de", "kind_en", "actors"]
    actors = graph.query(
        "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/nrwkg/ontology#Actor> }"
    )
    assert frame["actors"].sum() == actors[0]["n"]  # every actor has one curated kind
    assert frame.equals(pd.DataFrame(graph.query("actors-by-type")))
