"""Inferred is visible everywhere (issue 11.2): a library row, a network edge, a key fact on an entity
page and a date on the timeline that rest on an inferred fact say so; the same stated fact does not.
The fixture (tests/fixtures/inferred-links.trig) puts a stated and an inferred fact of each kind side
by side; each query runs on pyoxigraph and rdflib.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from nrwkg.api import Graph
from nrwkg.network import build_network
from nrwkg.pages.entities import write_entity_pages
from nrwkg.query.engines import OxigraphEngine, RdflibEngine
from nrwkg.store import store_from_nquads
from nrwkg.views.data import view_data
from nrwkg.views.lookup import load_lookup
from nrwkg.views.timeline import timeline_entries

FIXTURE = Path(__file__).parent / "fixtures" / "inferred-links.trig"
ID = "https://w3id.org/nrwkg/id/"


def _nquads() -> bytes:
    return ox.serialize(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS)


def _graphs() -> list[Graph]:
    return [Graph(OxigraphEngine(store_from_nquads(_nquads()))), Graph(RdflibEngine.from_nquads(_nquads()))]


ENGINES = pytest.mark.parametrize("graph", _graphs(), ids=["oxigraph", "rdflib"])


@ENGINES
def test_a_goal_pursued_through_a_stance_with_an_inferred_holder_is_inferred(graph):
    rows = graph.query("goals-by-actor", actor="organization:union")
    assert sorted((r["goal"], r["how"], r["inferred"]) for r in rows) == [
        ("goal:climate", "fordert", False), ("goal:jobs", "fordert", True)]


@ENGINES
def test_a_relation_a_document_supports_only_by_inference_is_inferred(graph):
    rows = graph.query("actor-relations", actor="organization:union")
    assert sorted((r["relation"], r["other"], r["document"], r["inferred"]) for r in rows) == [
        ("nrw:holder", "stance:climate", "document:a", False), ("nrw:holder", "stance:jobs", "document:a", True)]


@ENGINES
def test_a_quotation_whose_speaker_is_inferred_is_inferred(graph):
    rows = graph.query("quotations")
    assert sorted((r["speaker"], r["role"], r["inferred"]) for r in rows) == [
        ("person:anna", "Vorsitzende", False), ("person:ben", None, True)]


@ENGINES
def test_an_inferred_responsibility_is_inferred(graph):
    rows = graph.query("instruments-by-responsible", actor="organization:ministry")
    assert sorted((r["instrument"], r["inferred"]) for r in rows) == [
        ("instrument:fund", False), ("instrument:plan", True)]


@ENGINES
def test_a_unit_belongs_to_an_organisation_through_an_inferred_link_only_as_inferred(graph):
    rows = graph.query("sub-organisations")
    assert sorted((r["organization"], r["unit"], r["parent"], r["inferred"]) for r in rows) == [
        ("organization:branch", "organization:unit", "organization:branch", False),  # the registry's
        ("organization:federation", "organization:branch", "organization:federation", True),
        ("organization:federation", "organization:unit", "organization:branch", True),  # via the branch
    ]


@ENGINES
def test_an_instrument_serving_a_goal_only_by_inference_is_inferred(graph):
    rows = graph.query("instruments-by-goal")
    assert sorted((r["instrument"], r["goal"], r["inferred"]) for r in rows) == [
        ("instrument:fund", "goal:climate", False), ("instrument:plan", "goal:jobs", True)]


@ENGINES
def test_an_inferred_signatory_is_inferred(graph):
    rows = graph.query("agreement-signatories", agreement="agreement:declaration")
    assert sorted((r["signatory"], r["role_title"], r["organization"], r["inferred"]) for r in rows) == [
        ("person:anna", None, "organization:union", False), ("person:ben", None, None, True)]


@ENGINES
def test_instruments_whose_type_is_only_inferred_count_apart(graph):
    rows = graph.query("instrument-types")
    assert [(r["type"], r["instruments"], r["instruments_inferred"], r["inferred"]) for r in rows] == [
        ("itype:financing-instrument", 1, 1, True)]


@ENGINES
def test_standard_vocabulary_rows_resting_on_inferred_links_are_inferred(graph):
    organisations = graph.query("std-organisations")
    assert sorted((r["organization"], r["parent_name"], r["inferred"]) for r in organisations) == [
        ("organization:branch", "Bund", True),  # the branch is part of the federation by inference
        ("organization:federation", None, False),
        ("organization:union", None, False),
    ]
    posts = graph.query("std-people-and-posts")
    assert sorted((r["person"], r["post_label"], r["inferred"]) for r in posts) == [
        ("person:anna", "Vorsitzende", False), ("person:ben", "Sprecher", True)]


@ENGINES
def test_an_attribution_that_follows_from_an_inferred_holder_counts_apart(graph):
    rows = graph.query("std-prov-attribution")
    assert [(r["agent"], r["entities"], r["entities_inferred"], r["inferred"]) for r in rows] == [
        ("organization:union", 1, 1, True)]


STANDARD = Path(__file__).parent / "fixtures" / "inferred-standard.trig"
CPDB = ID + "cpdb/"


def _standard_graphs() -> list[Graph]:
    nquads = ox.serialize(ox.parse(path=str(STANDARD), format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS)
    return [Graph(OxigraphEngine(store_from_nquads(nquads))), Graph(RdflibEngine.from_nquads(nquads))]


@pytest.mark.parametrize("graph", _standard_graphs(), ids=["oxigraph", "rdflib"])
def test_funders_and_amount_values_resting_on_inferred_links_are_inferred(graph):
    rows = graph.query("std-schema-funders")
    assert sorted((r["funded"], r["funder_name"], r["max_value"], r["inferred"]) for r in rows) == [
        ("amount:budget", None, 200, True),  # its upper bound is inferred
        ("instrument:fund", "Ministerium", None, False),
        ("instrument:plan", "Bund", None, True),
    ]


@pytest.mark.parametrize("graph", _standard_graphs(), ids=["oxigraph", "rdflib"])
def test_an_inferred_concept_match_is_inferred(graph):
    rows = graph.query("std-skos-concepts")
    assert sorted((r["concept"], r["close_match"], r["inferred"]) for r in rows) == [
        ("itype:grant", CPDB + "loans", True), ("itype:loan", CPDB + "grants", False)]


@pytest.fixture(scope="module")
def store():
    return store_from_nquads(_nquads())


@pytest.fixture(scope="module")
def network(store):
    return build_network(store)


def test_a_stance_edge_whose_holder_is_inferred_is_dashed(store, network):
    union = ID + "organization/union"
    inferred = {o.rsplit("/", 1)[-1]: d["inferred"] for _, o, d in network.out_edges(union, data=True)}
    assert inferred == {"climate": False, "jobs": True}
    _, edges, _ = view_data(network, load_lookup(store, network), positions=False)
    dashed = {(e["from"], e["to"]): e["dashes"] for e in edges if e["from"] == "organization:union"}
    assert dashed == {("organization:union", "goal:climate"): False, ("organization:union", "goal:jobs"): True}


def test_the_timeline_view_marks_an_inferred_date_with_its_reason(store, network):
    entries = {e.item.rsplit("/", 1)[-1]: e for e in timeline_entries(store, load_lookup(store, network))}
    assert (entries["declaration"].inferred, entries["founding"].inferred) == (True, False)
    assert entries["declaration"].evidence[0]["reason"] == "Signed 'heute'; the date is the dateline's."


def _key_facts(html: str) -> str:
    found = re.search(r'<dl class="meta key-facts">(.*?)</dl>', html, re.DOTALL)
    assert found
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_an_entity_page_marks_an_inferred_key_fact_and_links_its_reason(store, network, tmp_path):
    write_entity_pages(store, tmp_path)
    branch = (tmp_path / "pages" / "organization" / "branch.html").read_text(encoding="utf-8")
    assert "Teil von / part of Bund erschlossen / inferred [1]" in _key_facts(branch)
    assert '<li id="reason-1" value="1" lang="en">A Landesbezirk is a district of the federation.</li>' in branch
    unit = (tmp_path / "pages" / "organization" / "unit.html").read_text(encoding="utf-8")
    assert "Teil von / part of Landesbezirk IRI" in _key_facts(unit) and "erschlossen" not in unit
    union = (tmp_path / "pages" / "organization" / "union.html").read_text(encoding="utf-8")
    claims = dict(re.findall(r"<li><a [^>]*>([^<]+)</a>( <span class=\"badge\">erschlossen / inferred</span>)?</li>",
                             union))
    assert (claims["Klimaneutrale Industrie"], claims["Sichere Arbeitsplätze"]) == (
        "", ' <span class="badge">erschlossen / inferred</span>')


@ENGINES
def test_an_amount_with_an_inferred_period_and_a_target_with_an_inferred_deadline_are_inferred(graph):
    amounts = graph.query("money-by-period")
    assert sorted((r["amount"], r["period_start"], r["value"], r["inferred"]) for r in amounts) == [
        ("amount:inferred", "2026", 200, True), ("amount:stated", "2025", 100, False)]
    targets = graph.query("targets-by-deadline")
    # the inferred deadline's row keeps the inferred graph as its document, as before
    assert sorted((r["target"], r["deadline"], r["document"], r["target_value"], r["inferred"]) for r in targets) == [
        ("target:inferred", "2035", "https://w3id.org/nrwkg/graph/inferred", 100, True),
        ("target:stated", "2030", "document:a", 50, False)]
