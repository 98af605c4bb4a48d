"""Every export of the bundled build reads back, with other tools, as the built dataset.

The reference is build/dataset.nq read with rdflib. Each RDF export is read with rdflib and with
pyoxigraph: Turtle, N-Triples and RDF/XML must give the union of the asserted graphs (all but
entailed and inferred), TriG, N-Quads
and JSON-LD every named graph with the same triples. The JSON-LD is also expanded by PyLD with a
document loader that refuses every load, so the embedded context is all it may use. GEXF and
GraphML, read by networkx, hold the network's nodes and edges.
"""

from __future__ import annotations

import networkx as nx
import pytest

from nrwkg.network import build_network
from nrwkg.store import open_store
from tests.export_helpers import (
    assert_isomorphic,
    assert_same_dataset,
    asserted_of,
    built_dataset,
    graphs_of,
    oxigraph_read,
    pyld_read,
    rdflib_read,
)

UNION_FILES = {"nrwkg.ttl": "ttl", "nrwkg.nt": "nt", "nrwkg.rdf": "rdf"}
DATASET_FILES = {"nrwkg.trig": "trig", "nrwkg.nq": "nq", "nrwkg.jsonld": "jsonld"}
READERS = {"rdflib": rdflib_read, "pyoxigraph": oxigraph_read}


@pytest.fixture(scope="module")
def expected(built):
    return built_dataset(built)


@pytest.fixture(scope="module")
def expected_union(expected):
    return asserted_of(expected)


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("name", sorted(UNION_FILES))
def test_union_exports_read_back_as_the_union(built, expected_union, name, reader):
    graph = READERS[reader](built / "export" / name, UNION_FILES[name])
    assert_isomorphic(expected_union, graph, f"{name} read by {reader}")


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("name", sorted(DATASET_FILES))
def test_dataset_exports_keep_every_named_graph(built, expected, name, reader):
    ds = READERS[reader](built / "export" / name, DATASET_FILES[name])
    assert_same_dataset(expected, ds, f"{name} read by {reader}")


def test_named_graphs_are_one_per_document_plus_the_shared_ones(expected):
    names = set(graphs_of(expected))
    shared = {f"https://w3id.org/nrwkg/graph/{n}" for n in ("ontology", "registry", "inferred", "entailed",
                                                          "evidence")}
    assert shared <= names
    documents = {n for n in names if n.startswith("https://w3id.org/nrwkg/id/document/")}
    assert len(documents) >= 3 and names == shared | documents


def test_jsonld_expands_with_pyld_to_the_same_graphs_without_loading_anything(built, expected):
    expanded = pyld_read(built / "export" / "nrwkg.jsonld")
    assert_same_dataset(expected, expanded, "nrwkg.jsonld expanded by PyLD")


def test_ontology_files_with_the_schemes_are_the_ontology_graph(built, expected):
    ontology = graphs_of(expected)["https://w3id.org/nrwkg/graph/ontology"]
    schemes = rdflib_read(built / "export" / "schemes.ttl", "ttl")
    for reader in READERS.values():
        assert_isomorphic(ontology, reader(built / "export" / "ontology.rdf", "rdf") + schemes, "ontology.rdf")
    assert_isomorphic(ontology, rdflib_read(built / "export" / "ontology.ttl", "ttl") + schemes, "ontology.ttl")


def test_ontology_rdfxml_loads_in_owlready2(built, tmp_path):
    """The OWL tool path: owlready2 (what HermiT runs on) reads the ontology's RDF/XML."""
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology(f"file://{built / 'export' / 'ontology.rdf'}").load()
    names = {c.name for c in onto.classes()}
    assert {"Actor", "Ministry", "PolicyInstrument", "Stance"} <= names


@pytest.fixture(scope="module")
def network(built):
    return build_network(open_store(built))


@pytest.mark.parametrize("name, read", [("nrwkg.gexf", nx.read_gexf), ("nrwkg.graphml", nx.read_graphml)])
def test_network_files_hold_the_network(built, network, name, read):
    graph = read(built / "export" / name)
    assert graph.is_directed() and graph.is_multigraph()
    assert graph.number_of_nodes() == network.number_of_nodes()
    assert graph.number_of_edges() == network.number_of_edges()
    for node, data in network.nodes(data=True):
        assert graph.nodes[node]["label"] == data["label"]
        assert graph.nodes[node]["type"] == data["type"]
    modalities = sorted(d["modality"] for _, _, d in graph.edges(data=True) if d["modality"])
    assert modalities == sorted(d["modality"] for _, _, d in network.edges(data=True) if d["modality"])
    quoted = [d for _, _, d in graph.edges(data=True) if d["quote"]]
    assert quoted and all(d["documents"] for d in quoted)


@pytest.mark.parametrize("name", ["void.ttl", "dcat.ttl"])
def test_descriptions_read_the_same_in_rdflib_and_pyoxigraph(built, name):
    path = built / "export" / name
    graph = rdflib_read(path, "ttl")
    assert len(graph) > 50
    assert_isomorphic(graph, oxigraph_read(path, "ttl"), f"{name}: rdflib vs pyoxigraph")
