"""GEXF (Gephi) and GraphML (Cytoscape, yEd) of the network, written as text straight into a file.

Edge ids are e0, e1 … (unique, as graphology and Gephi require). Attributes are kept as strings
and booleans: lists become `|`-joined text, and each edge's evidence
(document, quote, offsets) is a JSON string, so the provenance travels with the edge.
GEXF's `lastmodifieddate` is left out so that two exports of one build are byte-identical, and
carriage returns are written as `&#13;` (an XML parser would read a raw one back as a line feed).

The bytes are those of networkx's writers (GEXFWriter, write_graphml_xml; pretty-printed, as
ElementTree serialises them) for this network's attributes, without the tree of every element
they build first: tests/test_graphml_bytes.py compares both on awkward text. Where networkx gives
a key a meaning of its own (a node's `id` or `viz`, an edge's `weight` …) this writer refuses it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import BinaryIO

import networkx as nx

__all__ = ["to_gexf", "to_graphml", "write_gexf", "write_graphml"]

# Keys networkx's GEXF writer takes out of the attributes (the node's or edge's own XML attributes,
# or elements of their own); the network has none of them but a node's `label`.
_GEXF_NODE_KEYS = frozenset({"id", "pid", "start", "end", "parents", "spells", "viz"})
_GEXF_EDGE_KEYS = frozenset({"id", "key", "networkx_key", "label", "weight", "type", "start", "end", "spells", "viz"})

_GEXF_HEAD = ('<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
              ' xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"'
              ' version="1.2">\n  <meta>\n    <creator>nrwkg</creator>\n  </meta>\n')
_GRAPHML_HEAD = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
                 ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
                 ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
                 ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


def _attr(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it: as element text, and quotes, line
    feeds and tabs as references."""
    text = _text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def _text(text: str) -> str:
    """Element text escaped as ElementTree escapes it, and a carriage return as a reference."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


class _Chunks:
    """Text written to a binary file in chunks of many elements, UTF-8 encoded (a lone surrogate,
    which UTF-8 cannot hold, as a character reference, as ElementTree writes it)."""

    def __init__(self, out: BinaryIO):
        self.out, self.parts = out, []  # type: ignore[var-annotated]

    def add(self, text: str) -> None:
        self.parts.append(text)
        if len(self.parts) >= 4096:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.parts).encode("utf-8", "xmlcharrefreplace"))
        self.parts.clear()


def _flat(value):
    kind = type(value)
    if kind is str or kind is bool:  # the most of them, told apart first without isinstance
        return value
    if kind is list and all(type(v) is str for v in value):
        return "|".join(value)
    if isinstance(value, bool | str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "|".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _nodes(net: nx.MultiDiGraph) -> Iterator[tuple[str, dict]]:
    """Each node with its attributes as strings or booleans, keys sorted."""
    for node, data in net.nodes(data=True):
        yield node, {k: _flat(v) for k, v in sorted(data.items())}


def _edges(net: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict]]:
    """Each edge with its id (e0, e1 … in the network's order: the network's own keys, predicate
    and stance, repeat between node pairs) and its attributes: sorted, then its first `quote`."""
    for n, (s, o, data) in enumerate(net.edges(data=True)):
        attrs = {k: _flat(v) for k, v in sorted(data.items())}
        attrs["quote"] = data["evidence"][0]["quote"] if data.get("evidence") else ""
        yield s, o, f"e{n}", attrs


def _node_keys(data: dict) -> list[tuple[str, bool]]:
    """A node's attribute names as written, each with whether its value is a boolean."""
    return [(k, isinstance(data[k], bool)) for k in sorted(data)]


def _edge_keys(data: dict) -> list[tuple[str, bool]]:
    """An edge's attribute names as written (see _edges), each with whether its value is a boolean."""
    keys = [(k, isinstance(data[k], bool) and k != "quote") for k in sorted(data)]
    return keys if "quote" in data else [*keys, ("quote", False)]


def _type(value) -> str:
    return "boolean" if isinstance(value, bool) else "string"


def _refuse(keys, reserved: frozenset[str], what: str) -> None:
    taken = reserved.intersection(keys)
    if taken:
        raise ValueError(f"the network's {what} attribute {sorted(taken)[0]!r} has a meaning of its own in GEXF")


def to_gexf(net: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    write_gexf(net, buf)
    return buf.getvalue()


def to_graphml(net: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    write_graphml(net, buf)
    return buf.getvalue()


def write_gexf(net: nx.MultiDiGraph, out: BinaryIO) -> None:
    """GEXF 1.2: the attribute declarations (edges', then nodes'), the nodes, the edges. The
    declarations are gathered in a first pass over the names alone, so no element waits in memory."""
    ids: dict[tuple[str, str], str] = {}  # (class, title) → id, numbered as first met
    declared: dict[str, list[str]] = {"node": [], "edge": []}

    def declare(cls: str, keys: list[tuple[str, bool]]) -> None:
        for key, boolean in keys:
            title = "networkx_key" if key == "key" else key
            if (cls, title) not in ids:
                found = ids[(cls, title)] = str(len(ids))
                kind = "boolean" if boolean else "string"
                declared[cls].append(f'      <attribute id="{found}" title="{_attr(title)}" type="{kind}" />\n')

    for _, data in net.nodes(data=True):
        _refuse(data, _GEXF_NODE_KEYS, "node")
        declare("node", [(k, b) for k, b in _node_keys(data) if k != "label"])
    for _, _, data in net.edges(data=True):
        _refuse(data, _GEXF_EDGE_KEYS, "edge")
        declare("edge", [*_edge_keys(data), ("networkx_key", False)])
    text = _Chunks(out)
    text.add(_DECLARATION + _GEXF_HEAD + '  <graph defaultedgetype="directed" mode="static" name="">\n')
    for cls in ("edge", "node"):
        if declared[cls]:
            text.add(f'    <attributes mode="static" class="{cls}">\n' + "".join(declared[cls]) + "    </attributes>\n")
    text.add("    <nodes>\n" if net.number_of_nodes() else "    <nodes />\n")
    for node, attrs in _nodes(net):
        label = attrs.pop("label", node)
        head = f'      <node id="{_attr(node)}" label="{_attr(str(label))}"'
        text.add(_gexf_element(head, "node", [(ids["node", "networkx_key" if k == "key" else k], v)
                                               for k, v in attrs.items()]))
    text.add(("    </nodes>\n" if net.number_of_nodes() else "")
             + ("    <edges>\n" if net.number_of_edges() else "    <edges />\n"))
    for s, o, key, attrs in _edges(net):
        attrs["networkx_key"] = key
        head = f'      <edge source="{_attr(s)}" target="{_attr(o)}" id="{key}"'
        text.add(_gexf_element(head, "edge", [(ids["edge", k], v) for k, v in attrs.items()]))
    text.add(("    </edges>\n" if net.number_of_edges() else "") + "  </graph>\n</gexf>\n")
    text.flush()


def _gexf_element(head: str, tag: str, values: list[tuple[str, object]]) -> str:
    if not values:
        return head + " />\n"
    lines = [head, ">\n        <attvalues>\n"]
    for attr_id, value in values:
        shown = ("true" if value else "false") if isinstance(value, bool) else _attr(value)  # type: ignore[arg-type]
        lines.append(f'          <attvalue for="{attr_id}" value="{shown}" />\n')
    lines.append(f"        </attvalues>\n      </{tag}>\n")
    return "".join(lines)


def write_graphml(net: nx.MultiDiGraph, out: BinaryIO) -> None:
    """GraphML: the keys (last declared first, as networkx inserts them), the nodes, the edges; the
    keys are gathered in a first pass over the names alone."""
    keys: dict[tuple[str, str, str], str] = {}  # (name, type, for) → d0, d1 … as first met
    declared: list[str] = []

    def declare(scope: str, names: list[tuple[str, bool]]) -> None:
        for name, boolean in names:
            kind = "boolean" if boolean else "string"
            if (name, kind, scope) not in keys:
                found = keys[(name, kind, scope)] = f"d{len(keys)}"
                declared.append(f'  <key id="{found}" for="{scope}" attr.name="{_attr(name)}" attr.type="{kind}" />\n')

    for _, data in net.nodes(data=True):
        declare("node", _node_keys(data))
    for _, _, data in net.edges(data=True):
        declare("edge", _edge_keys(data))
    text = _Chunks(out)
    text.add(_DECLARATION + _GRAPHML_HEAD + "".join(reversed(declared)))
    if not net.number_of_nodes():
        text.add('  <graph edgedefault="directed" />\n</graphml>\n')
        text.flush()
        return
    text.add('  <graph edgedefault="directed">\n')
    for node, attrs in _nodes(net):
        text.add(_graphml_element(f'    <node id="{_attr(node)}"', "node",
                                  [(keys[k, _type(v), "node"], v) for k, v in attrs.items()]))
    for s, o, key, attrs in _edges(net):
        head = f'    <edge source="{_attr(s)}" target="{_attr(o)}" id="{key}"'
        text.add(_graphml_element(head, "edge", [(keys[k, _type(v), "edge"], v) for k, v in attrs.items()]))
    text.add("  </graph>\n</graphml>\n")
    text.flush()


def _graphml_element(head: str, tag: str, values: list[tuple[str, object]]) -> str:
    if not values:
        return head + " />\n"
    lines = [head, ">\n"]
    for key, value in values:
        text = _text(str(value))  # a boolean as Python writes it (True, False), as networkx does
        lines.append(f'      <data key="{key}">{text}</data>\n' if text else f'      <data key="{key}" />\n')
    lines.append(f"    </{tag}>\n")
    return "".join(lines)
