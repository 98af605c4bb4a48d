"""GEXF and GraphML are written as text (nrwkg.export.graphml): the bytes must be those networkx's
writers and ElementTree give for the same network, on awkward text and on the bundled build."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from nrwkg.export.graphml import _flat, to_gexf, to_graphml  # the flattening both writers share
from nrwkg.opened import OpenedBuild

AWKWARD = ['quote " and \'single\'', "a < b > c & d &amp;", "Köln – Düsseldorf „Zitat“ 😀", "tab\there",
           "line\nfeed", "carriage\rreturn", "crlf\r\nend", "control \x01\x0b\x1f", " ", "", "]]> <!-- -->",
           "lone \ud800 surrogate", "line\u2028separator"]


# -- the reference: networkx's writers, as nrwkg wrote GEXF and GraphML before ------------------

def _flat_network(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    flat = nx.MultiDiGraph()
    for node, data in net.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in sorted(data.items())})
    for n, (s, o, data) in enumerate(net.edges(data=True)):
        attrs = {k: _flat(v) for k, v in sorted(data.items())}
        attrs["quote"] = data["evidence"][0]["quote"] if data.get("evidence") else ""
        flat.add_edge(s, o, key=f"e{n}", **attrs)
    return flat


def _networkx_gexf(net: nx.MultiDiGraph) -> bytes:
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "nrwkg"
    flat = _flat_network(net)
    for _, _, key, data in flat.edges(keys=True, data=True):
        data["id"] = key
    writer.add_graph(flat)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue().replace(b"\r", b"&#13;")


def _networkx_graphml(net: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml_xml(_flat_network(net), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().replace(b"\r", b"&#13;")


# -- networks to write --------------------------------------------------------------------------

def _node(text: str, n: int) -> dict:
    return {"curie": f"organization:n{n}", "kind": "organization", "type": "nrw:Organization", "label": text,
            "label_en": text[::-1], "aliases": [text, "b"], "wikidata": "", "confidence": text,
            "documents": [f"https://w3id.org/nrwkg/id/document/{text}"]}


def _edge(text: str, n: int, evidence: bool = True) -> dict:
    quotes = [{"document": "d", "quote": text, "start": n, "end": n + 1, "inferred": "", "exact": text, "url": ""},
              {"document": "e", "quote": "zweites", "start": 0, "end": 7, "inferred": text, "exact": "", "url": ""}]
    return {"predicate": f"https://w3id.org/nrwkg/ontology#p{n}", "relation": text, "relation_en": "rel",
            "modality": "", "addressee": text, "stance": "", "inferred": n % 2 == 0, "documents": [text, "x"],
            "evidence": quotes if evidence else []}


def _awkward_network() -> nx.MultiDiGraph:
    net = nx.MultiDiGraph()
    ids = [f"https://w3id.org/nrwkg/id/organization/{i}?q=\"<&>\"" for i in range(len(AWKWARD))]
    for n, (iri, text) in enumerate(zip(ids, AWKWARD, strict=True)):
        net.add_node(iri, **_node(text, n))
    for n, text in enumerate(AWKWARD):
        net.add_edge(ids[n], ids[(n + 3) % len(ids)], key=f"k{n}", **_edge(text, n, evidence=n % 3 != 0))
        net.add_edge(ids[n], ids[(n + 3) % len(ids)], key=f"k{n} again", **_edge(text[::-1], n))
        net.add_edge(ids[-1], ids[n], key="back", **_edge(text, n))
    return net


def _odd_networks() -> dict[str, nx.MultiDiGraph]:
    empty = nx.MultiDiGraph()
    bare = nx.MultiDiGraph()
    bare.add_node("a")  # a node with no attribute at all, and one with its label alone
    bare.add_node("b", label="B & b")
    no_edges = nx.MultiDiGraph()
    no_edges.add_node("n", **_node("x", 0))
    edges_only = nx.MultiDiGraph()
    edges_only.add_edge("s", "t", key="k")  # nodes without attributes, an edge without attributes
    edges_only.add_edge("s", "t", key="k2", flag=True, note="text")
    mixed = nx.MultiDiGraph()
    mixed.add_node("m", flag=True, other={"z": 1, "a": [1, "x"]}, count=3)
    mixed.add_node("n", flag="yes", other=[1, 2])  # one name, two types: GraphML declares two keys
    mixed.add_edge("m", "n", key="e", flag=False)
    mixed.add_edge("n", "m", key="f", flag="no")
    return {"empty": empty, "bare": bare, "no edges": no_edges, "edges only": edges_only, "mixed types": mixed}


@pytest.mark.parametrize("write, reference", [(to_gexf, _networkx_gexf), (to_graphml, _networkx_graphml)],
                         ids=["gexf", "graphml"])
def test_awkward_text_gives_the_bytes_of_networkx(write, reference):
    net = _awkward_network()
    assert write(net) == reference(net)


@pytest.mark.parametrize("name", list(_odd_networks()))
@pytest.mark.parametrize("write, reference", [(to_gexf, _networkx_gexf), (to_graphml, _networkx_graphml)],
                         ids=["gexf", "graphml"])
def test_empty_and_odd_networks_give_the_bytes_of_networkx(write, reference, name):
    net = _odd_networks()[name]
    assert write(net) == reference(net)


def test_the_bundled_network_gives_the_bytes_of_networkx(built):
    net = OpenedBuild.open(built).network
    assert net.number_of_edges() > 0
    assert to_gexf(net) == _networkx_gexf(net)
    assert to_graphml(net) == _networkx_graphml(net)


@pytest.mark.parametrize("attrs", [{"viz": "x"}, {"id": "x"}, {"pid": "p"}])
def test_a_node_attribute_gexf_reserves_is_refused(attrs):
    net = nx.MultiDiGraph()
    net.add_node("n", **attrs)
    with pytest.raises(ValueError, match="a meaning of its own in GEXF"):
        to_gexf(net)


@pytest.mark.parametrize("attrs", [{"weight": 1}, {"label": "x"}, {"networkx_key": "k"}])
def test_an_edge_attribute_gexf_reserves_is_refused(attrs):
    net = nx.MultiDiGraph()
    net.add_edge("s", "t", **attrs)
    with pytest.raises(ValueError, match="a meaning of its own in GEXF"):
        to_gexf(net)
