"""The list cells of the CSV tables of queries/export/: declared, sorted, and what the store says.

GROUP_CONCAT joins a group's values in the store's order of evaluation, which no query can fix, and
grouping several lists at once multiplies them before the grouping. Each export query declares its
list columns (`#+ lists:`, nrwkg.export.tables.list_columns), joins them with U+001F, and the table
sorts them: a column paired with its label column (`holder+holder_label`) keeps each label with its
IRI. The store side is read with rdflib from dataset.nq, not with the queries under test.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from nrwkg import paths
from nrwkg.export.tables import LIST_SEPARATOR, list_columns, query_names, sorted_lists
from nrwkg.namespaces import DCTERMS, GRAPH_REGISTRY, NRW, ORG, SKOS
from tests.export_helpers import built_dataset, graphs_of, union_of

_GROUP_CONCAT = re.compile(r'GROUP_CONCAT\((?:[^()]|\([^()]*\))*?separator\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)')


def _text(name: str) -> str:
    return (paths.QUERIES / "export" / f"{name}.rq").read_text(encoding="utf-8")


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", query_names())
def test_every_list_of_an_export_query_is_declared_and_joined_with_the_unit_separator(name):
    text = _text(name)
    found = _GROUP_CONCAT.findall(text)
    declared = [column for columns in list_columns(text) for column in columns]
    assert text.count("GROUP_CONCAT") == len(found)
    assert sorted(column for _, column in found) == sorted(declared), name
    assert all(separator == "\\u001F" for separator, _ in found), name


def test_the_lists_are_declared_as_the_tables_need_them():
    assert list_columns(_text("stances")) == [("holder", "holder_label"), ("inferred_holder",),
                                              ("object", "object_label"), ("addressee", "addressee_label"),
                                              ("document",), ("quote",)]
    assert list_columns(_text("instruments")) == [("instrument_types",), ("status",), ("part_of",),
                                                  ("responsible_actors",), ("funded_by",), ("documents",)]
    assert list_columns("#+ lists: a b+b_label (a comment)\nSELECT") == [("a",), ("b", "b_label")]


def test_parallel_lists_are_sorted_by_the_first_and_the_others_follow():
    s = LIST_SEPARATOR
    assert sorted_lists([f"z{s}a{s}m", f"Zett{s}A | b{s}"]) == [["a", "m", "z"], ["A | b", "", "Zett"]]
    assert sorted_lists([""]) == [[""]]
    assert sorted_lists(["", ""]) == [[""], [""]]
    with pytest.raises(ValueError, match="stances.rq"):
        sorted_lists([f"a{s}b", "A"], "stances.rq")


@pytest.mark.parametrize("name", query_names())
def test_declared_list_columns_are_sorted_lists(built, name):
    """A table does not change with the plan or the engine: each list sorted (a pair by its IRIs)."""
    rows = _csv(built / "export" / "csv" / f"{name}.csv")
    for columns in list_columns(_text(name)):
        assert all(column in rows[0] for column in columns)
        for row in rows:
            parts = row[columns[0]].split("|")
            assert parts == sorted(parts), (name, next(iter(row.values())), columns[0])


@cache
def _union(build_dir: Path) -> Graph:
    return union_of(built_dataset(build_dir))


@cache
def _documents_of(build_dir: Path) -> dict[str, list[str]]:
    """subject IRI → the documents whose graph states a triple about it, sorted."""
    graphs = graphs_of(built_dataset(build_dir))
    registered = {str(d) for d in graphs[str(GRAPH_REGISTRY)].subjects(RDF.type, NRW.Document)}
    of: dict[str, set[str]] = {}
    for name, graph in graphs.items():
        if name in registered:
            for s in set(graph.subjects()):
                of.setdefault(str(s), set()).add(name)
    return {s: sorted(docs) for s, docs in of.items()}


def _iris(union: Graph, s: str, p) -> list[str]:
    return sorted(str(o) for o in union.objects(URIRef(s), p))


def _label(union: Graph, iri: str) -> str:
    """The German label a list cell shows for an IRI: the least of its skos:prefLabel and rdfs:label."""
    labels = [str(o) for p in (SKOS.prefLabel, RDFS.label) for o in union.objects(URIRef(iri), p)
              if isinstance(o, Literal) and (o.language or "").lower().startswith("de")]
    return min(labels, default="")


def _labels(union: Graph, iris: list[str]) -> str:
    return "|".join(_label(union, iri) for iri in iris)


def test_stance_lists_hold_the_stores_holders_objects_addressees_each_with_its_label(built):
    union = _union(built)
    rows = _csv(built / "export" / "csv" / "stances.csv")
    assert any("|" in row["holder"] for row in rows) and any("|" in row["object"] for row in rows)
    for row in rows:
        for column, predicate in (("holder", NRW.holder), ("object", NRW.object), ("addressee", NRW.addressee)):
            iris = _iris(union, row["stance"], predicate)
            assert row[column] == "|".join(iris), (row["stance"], column)
            assert row[f"{column}_label"] == _labels(union, iris), (row["stance"], column)


def test_amount_and_target_lists_hold_what_the_store_says(built):
    union, documents = _union(built), _documents_of(built)
    amounts = _csv(built / "export" / "csv" / "amounts.csv")
    assert any("|" in row["pays_for"] for row in amounts)
    for row in amounts:
        assert row["pays_for"] == "|".join(_iris(union, row["amount"], NRW.paysFor))
        assert row["payers"] == "|".join(_iris(union, row["amount"], NRW.payer))
        assert row["documents"] == "|".join(documents.get(row["amount"], []))
    targets = _csv(built / "export" / "csv" / "targets.csv")
    assert any("|" in row["documents"] for row in targets)
    for row in targets:
        assert row["scope"] == "|".join(_iris(union, row["target"], NRW.scope))
        assert row["documents"] == "|".join(documents.get(row["target"], []))


def test_document_creators_and_signatory_organisations_are_what_the_store_says(built):
    union = _union(built)
    for row in _csv(built / "export" / "csv" / "documents.csv"):
        assert row["creators"] == "|".join(sorted(str(o) for o in union.objects(URIRef(row["document"]),
                                                                               DCTERMS.creator)))
    rows = _csv(built / "export" / "csv" / "signatories.csv")
    assert rows and all(row["organization"] for row in rows)
    for row in rows:
        signed = {post for post in union.subjects(NRW.signedAs, URIRef(row["agreement"]))
                  if (post, ORG.heldBy, URIRef(row["signatory"])) in union}
        iris = sorted({str(o) for post in signed for o in union.objects(post, ORG.postIn)})
        assert row["organization"] == "|".join(iris)
        assert row["organization_label"] == _labels(union, iris)
