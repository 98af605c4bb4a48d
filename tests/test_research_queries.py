"""Questions the library could not answer before (issue 11.5), on small fixtures with provenance:
contradictions between documents, members two alliances share, changes between two documents, and the
shortest connections between two actors.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from nrwkg.api import Graph
from nrwkg.query.engines import OxigraphEngine, RdflibEngine
from nrwkg.store import store_from_nquads

FIXTURES = Path(__file__).parent / "fixtures"


def _graphs(name: str) -> list[Graph]:
    nquads = ox.serialize(ox.parse(path=str(FIXTURES / name), format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS)
    return [Graph(OxigraphEngine(store_from_nquads(nquads))), Graph(RdflibEngine.from_nquads(nquads))]


@pytest.mark.parametrize("graph", _graphs("two-documents-different-deadlines.trig"), ids=["oxigraph", "rdflib"])
def test_two_documents_stating_different_deadlines_are_a_contradiction_with_both_quotes(graph):
    rows = graph.query("contradictions")
    found = {(r["property"], str(r["value1"]), str(r["value2"])) for r in rows}
    assert found == {("nrw:deadline", "2045", "2040"), ("nrw:deadlineQualifier", "spätestens", "bis")}
    deadline = next(r for r in rows if r["property"] == "nrw:deadline")
    assert (deadline["quote1"], deadline["quote2"]) == ("bis spätestens 2045", "Bis 2040")
    assert deadline["document1"] == "document:a" and deadline["matched_by"] == "same node"


@pytest.mark.parametrize("graph", _graphs("connections.trig"), ids=["oxigraph", "rdflib"])
def test_the_shortest_connection_goes_over_posts_membership_and_partnership_with_evidence(graph):
    [path] = graph.connections("person:anna", "organization:company")
    assert [(s.subject, s.predicate, s.object) for s in path] == [
        ("post:leiterin", "org:heldBy", "person:anna"),
        ("post:leiterin", "org:postIn", "organization:union-nrw"),
        ("organization:union-nrw", "org:subOrganizationOf", "organization:union"),
        ("organization:alliance", "nrw:partner", "organization:union"),
        ("organization:alliance", "nrw:partner", "organization:company"),
    ]
    assert path[-1].evidence[0].quote == "Partner des Bündnisses sind die Gewerkschaft und das Unternehmen"
    assert path[2].evidence[0].document is None and not path[2].inferred  # a registry fact


@pytest.mark.parametrize("graph", _graphs("connections.trig"), ids=["oxigraph", "rdflib"])
def test_a_shared_place_is_no_connection(graph):
    from nrwkg.errors import QueryError

    with pytest.raises(QueryError, match="other-company has no membership"):
        graph.connections("person:anna", "organization:other-company")


@pytest.mark.parametrize("graph", _graphs("aggregates.trig"), ids=["oxigraph", "rdflib"])
def test_amounts_of_different_period_kinds_are_never_added_and_a_joint_amount_counts_once(graph):
    rows = {r["period_kind"]: r for r in graph.query("money-by-actor", actor="organization:land")}
    assert (rows["pro Jahr"]["sum_lower"], rows["über einen Zeitraum"]["sum_lower"]) == (250000000, 7500000000)
    joint = rows["Summe ohne Zeitraum"]
    got = (joint["amounts"], joint["sum_lower"], joint["joint_amounts"], joint["joint_sum_lower"])
    assert got == (0, 0, 1, 2300000000)
    assert joint["joint_sum_upper"] is None  # "more than": the upper sum is unknown, not smaller
    eu = graph.query("money-by-actor", actor="organization:eu")
    assert [(r["sum_lower"], r["joint_sum_lower"]) for r in eu] == [(0, 2300000000)]


@pytest.mark.parametrize("graph", _graphs("aggregates.trig"), ids=["oxigraph", "rdflib"])
def test_a_sub_unit_beside_its_parent_counts_once_and_an_inferred_party_apart(graph):
    [row] = graph.query("agreements")
    assert (row["parties"], row["parties_inferred"], row["rolled_up"], row["inferred"]) == (2, 1, 1, True)


@pytest.mark.parametrize("graph", _graphs("aggregates.trig"), ids=["oxigraph", "rdflib"])
def test_a_post_shows_the_title_its_own_document_gives(graph):
    rows = graph.query("posts")
    assert sorted((r["document"], r["role_title"]) for r in rows) == [
        ("document:a", "Ministerin"), ("document:b", "stellvertretende Ministerpräsidentin")]


@pytest.mark.parametrize("graph", _graphs("two-documents-different-deadlines.trig"), ids=["oxigraph", "rdflib"])
def test_what_changed_between_two_documents(graph):
    rows = graph.query("document-changes", old="document:a", new="document:b")
    found = {(r["subject"], r["property"], r["change"], str(r["old_value"]), str(r["new_value_or_top"])) for r in rows}
    assert ("target:klimaneutral", "nrw:deadline", "changed", "2045", "2040") in found
    assert ("target:klimaneutral", "nrw:deadlineQualifier", "changed", "spätestens", "bis") in found
    assert not any(r["property"] == "nrw:targetValue" for r in rows)  # 100 in both
    deadline = next(r for r in rows if r["property"] == "nrw:deadline")
    assert (deadline["old_quote"], deadline["new_quote"]) == ("bis spätestens 2045", "Bis 2040")


# Every kind of change between two documents, one subject each (tests/fixtures/document-changes.trig).
DOCUMENT_CHANGES = {
    ("target:deadline", "nrw:deadline", "changed", "2045", "2040", None),
    ("target:status", "nrw:status", "removed", "status:planned", None, None),
    ("target:two-kept", "nrw:targetValue", "removed", "5", None, None),
    ("target:two-new", "nrw:targetValue", "changed", "5", "7", None),
    ("target:added", "nrw:deadline", "added", None, "2035", None),
    ("instrument:rolled", "nrw:partner", "rolled up", "organization:union-nrw", "organization:union",
     "organization:union"),
    ("instrument:rolled", "nrw:partner", "added", None, "organization:union", None),
    ("instrument:swap", "nrw:partner", "removed", "organization:company", None, None),
    ("instrument:swap", "nrw:partner", "added", None, "organization:chamber", None),
}


@pytest.mark.parametrize("graph", _graphs("document-changes.trig"), ids=["oxigraph", "rdflib"])
def test_every_kind_of_change_between_two_documents(graph):
    rows = graph.query("document-changes", old="document:a", new="document:b")
    found = {(r["subject"], r["property"], r["change"], _text(r["old_value"]), _text(r["new_value_or_top"]),
              r["part_of"]) for r in rows}
    assert found == DOCUMENT_CHANGES
    assert graph.query("document-changes", old="document:a", new="document:a") == []


def _text(value):
    return None if value is None else str(value)
