"""GEXF (Gephi) and GraphML (Cytoscape, yEd) of the network, written with networkx.

Edge ids are e0, e1 … (unique, as graphology and Gephi require). Attributes are kept as strings
and booleans: lists become `|`-joined text, and each edge's evidence
(document, quote, offsets) is a JSON string, so the provenance travels with the edge.
GEXF's `lastmodifieddate` is dropped so that two exports of one build are byte-identical, and
carriage returns are written as `&#13;` (ElementTree leaves them raw, and an XML parser would
read them back as line feeds).
"""

from __future__ import annotations

import io
import json

import networkx as nx

__all__ = ["flat_network", "to_gexf", "to_graphml"]


def _flat(value):
    if isinstance(value, bool | str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "|".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def flat_network(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all strings or booleans, as both file formats need, and whose
    edges are keyed e0, e1 … in the network's order: an edge id must be unique in the file, and
    the network's own keys (predicate and stance) repeat between node pairs."""
    flat = nx.MultiDiGraph()
    for node, data in net.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in sorted(data.items())})
    for n, (s, o, data) in enumerate(net.edges(data=True)):
        attrs = {k: _flat(v) for k, v in sorted(data.items())}
        attrs["quote"] = data["evidence"][0]["quote"] if data.get("evidence") else ""
        flat.add_edge(s, o, key=f"e{n}", **attrs)
    return flat


def to_gexf(net: nx.MultiDiGraph) -> bytes:
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "nrwkg"
    flat = flat_network(net)
    for _, _, key, data in flat.edges(keys=True, data=True):
        data["id"] = key  # the GEXF edge id (networkx would number them itself)
    writer.add_graph(flat)
    buf = io.BytesIO()
    writer.write(buf)
    return _keep_carriage_returns(buf.getvalue())


def to_graphml(net: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml_xml(flat_network(net), buf, encoding="utf-8", prettyprint=True)
    return _keep_carriage_returns(buf.getvalue())


def _keep_carriage_returns(xml: bytes) -> bytes:
    """In UTF-8 the byte 0x0D is only ever a carriage return; as a reference it survives parsing."""
    return xml.replace(b"\r", b"&#13;")
