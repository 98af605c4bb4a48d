"""N3.js (npm, tests/node/) parses the Turtle, N-Triples, TriG and N-Quads exports of the bundled build.

tests/node/parse.mjs parses a file with N3.js and writes back what it read as N-Quads; the test
compares that, quad for quad and graph by graph, with build/dataset.nq read by rdflib. `npm ci`
in tests/node installs N3.js (bash scripts/run test does it).
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from tests.export_helpers import (
    N3_FORMATS,
    assert_isomorphic,
    assert_same_dataset,
    asserted_of,
    built_dataset,
    default_graph,
    graphs_of,
    n3js_read,
    node_available,
)

FILES = {"ttl": "nrwkg.ttl", "nt": "nrwkg.nt", "trig": "nrwkg.trig", "nq": "nrwkg.nq"}


@pytest.fixture(scope="module")
def expected(built):
    assert node_available(), "N3.js is missing: run `npm ci` in tests/node (bash scripts/run test does)"
    return built_dataset(built)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("fmt", sorted(N3_FORMATS))
def test_n3js_reads_the_same_data(built, expected, fmt):
    read = n3js_read(built / "export" / FILES[fmt], fmt)
    if fmt in ("trig", "nq"):
        assert len(graphs_of(read)) == len(graphs_of(expected))
        quads = sum(len(g) for g in graphs_of(expected).values())
        assert sum(len(g) for g in graphs_of(read).values()) == quads
        assert_same_dataset(expected, read, f"{FILES[fmt]} read by N3.js")
    else:
        union = asserted_of(expected)
        assert len(default_graph(read)) == len(union)
        assert_isomorphic(union, default_graph(read), f"{FILES[fmt]} read by N3.js")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("name", ["void.ttl", "dcat.ttl", "ontology.ttl", "schemes.ttl", "nrwkg-entailed.ttl",
                                  "nrwkg-inferred.ttl"])
def test_n3js_reads_the_descriptions_and_the_ontology(built, expected, name):
    path = built / "export" / name
    assert_isomorphic(Graph().parse(path, format="turtle"), default_graph(n3js_read(path, "ttl")), name)
