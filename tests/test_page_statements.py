"""The pages read the dataset in one pass over its quads (nrwkg.pages.statements): what they get
is what the SPARQL queries queries/pages/facts.rq and queries/network/evidence.rq return, in the
same order."""

from __future__ import annotations

from collections import defaultdict

import pytest

from nrwkg.network import build_network
from nrwkg.pages.statements import dataset_quads, read_statements
from nrwkg.query.files import query_text
from nrwkg.store import open_store


def _term(t):
    return (type(t).__name__, t.value, getattr(t, "datatype", None) and t.datatype.value,
            getattr(t, "language", None))


@pytest.fixture(scope="module")
def store_and_nodes(built):
    store = open_store(built)
    return store, set(build_network(store).nodes)


@pytest.mark.parametrize("source", ["dataset.nq", "store"])
def test_facts_and_evidence_are_what_the_queries_return(built, store_and_nodes, source):
    store, nodes = store_and_nodes
    found = read_statements(dataset_quads(store, built if source == "dataset.nq" else None), nodes)

    facts: dict[str, list] = defaultdict(list)
    for s in store.query(query_text("pages", "facts")):
        if s["s"].value in nodes:
            facts[s["s"].value].append((_term(s["p"]), _term(s["o"]), s["g"].value))
    assert {k: [(_term(p), _term(o), g) for p, o, g in v] for k, v in found.facts.items()} == dict(facts)

    evidence: dict[tuple, list] = defaultdict(list)
    for s in store.query(query_text("network", "evidence")):
        evidence[(s["s"].value, s["p"].value, s["o"].value)].append(
            {"document": s["document"].value, "exact": s["exact"].value, "start": int(s["start"].value),
             "end": int(s["end"].value), "inferred": s["inferred"].value if s["inferred"] else ""})
    assert list(found.evidence.items()) == list(evidence.items())  # the same keys in the same order


def test_every_page_gets_its_description(built, store_and_nodes):
    from nrwkg.pages.describe import descriptions

    store, nodes = store_and_nodes
    found = descriptions(read_statements(dataset_quads(store, built), nodes), nodes)
    assert set(found) <= nodes and found
    for iri, triples in found.items():
        assert any(t.subject.value == iri for t in triples), iri
        assert triples == sorted(set(triples), key=str)
