"""GEXF (Gephi) and GraphML (Cytoscape, yEd) of the network, written with networkx.

Attributes are kept as strings and booleans: lists become `|`-joined text, and each edge's
evidence (document, quote, offsets) is a JSON string, so the provenance travels with the edge.
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
    """A copy whose attributes are all strings or booleans, as both file formats need."""
    flat = nx.MultiDiGraph()
    for node, data in net.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in sorted(data.items())})
    for s, o, key, data in net.edges(keys=True, data=True):
        attrs = {k: _flat(v) for k, v in sorted(data.items())}
        attrs["quote"] = data["evidence"][0]["quote"] if data.get("evidence") else ""
        flat.add_edge(s, o, key=key, **attrs)
    return flat


def to_gexf(net: nx.MultiDiGraph) -> bytes:
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "nrwkg"
    writer.add_graph(flat_network(net))
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
