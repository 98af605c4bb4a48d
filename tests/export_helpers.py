"""Helpers for the export tests: read files with rdflib, pyoxigraph, PyLD and N3.js, compare graphs.

Graphs are compared with rdflib.compare.isomorphic; on a mismatch the assertion shows a few of the
triples only one side has. Datasets are compared graph by graph (same names, isomorphic graphs).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

NODE_DIR = Path(__file__).parent / "node"
OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
              "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD, "rdf": ox.RdfFormat.RDF_XML}
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads", "jsonld": "json-ld",
                  "rdf": "xml"}
N3_FORMATS = {"ttl": "Turtle", "nt": "N-Triples", "trig": "TriG", "nq": "N-Quads"}
DATASET_FORMATS = {"trig", "nq", "jsonld"}


@cache
def built_dataset(build_dir: Path) -> Dataset:
    ds = Dataset(default_union=False)
    ds.parse(build_dir / "dataset.nq", format="nquads")
    return ds


def graphs_of(ds: Dataset) -> dict[str, Graph]:
    """Named graph IRI → graph, for the non-empty named graphs."""
    return {str(g.identifier): g for g in ds.graphs() if isinstance(g.identifier, URIRef)
            and str(g.identifier) != "urn:x-rdflib:default" and len(g)}


def union_of(ds: Dataset) -> Graph:
    union = Graph()
    for g in graphs_of(ds).values():
        for t in g:
            union.add(t)
    return union


DERIVED_GRAPHS = ("https://w3id.org/nrwkg/graph/entailed", "https://w3id.org/nrwkg/graph/inferred")


def asserted_of(ds: Dataset) -> Graph:
    """What the union files (nrwkg.ttl, .nt, .rdf) hold: every named graph but entailed and inferred."""
    union = Graph()
    for name, g in graphs_of(ds).items():
        if name not in DERIVED_GRAPHS:
            for t in g:
                union.add(t)
    return union


def assert_isomorphic(expected: Graph, actual: Graph, what: str) -> None:
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    missing = sorted(only_expected)[:5]
    extra = sorted(only_actual)[:5]
    raise AssertionError(f"{what}: {len(expected)} expected vs {len(actual)} read; "
                         f"missing e.g. {missing}; unexpected e.g. {extra}")


def assert_same_dataset(expected: Dataset, actual: Dataset, what: str) -> None:
    want, got = graphs_of(expected), graphs_of(actual)
    assert sorted(got) == sorted(want), f"{what}: named graphs differ"
    for name in want:
        assert_isomorphic(want[name], got[name], f"{what}, graph <{name}>")


def rdflib_read(path: Path, fmt: str) -> Dataset | Graph:
    if fmt in DATASET_FORMATS:
        ds = Dataset(default_union=False)
        ds.parse(path, format=RDFLIB_FORMATS[fmt])
        return ds
    return Graph().parse(path, format=RDFLIB_FORMATS[fmt])


def _ox_term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return None  # the default graph


def _default_graph(ds: Dataset) -> Graph:
    """The dataset's default graph (rdflib 7.1 calls it default_context, later ones default_graph)."""
    return ds.default_graph if hasattr(ds, "default_graph") else ds.default_context


def quads_to_dataset(quads) -> Dataset:
    ds = Dataset(default_union=False)
    default = _default_graph(ds)
    for q in quads:
        graph = _ox_term(q.graph_name)
        target = ds.graph(graph) if graph is not None else default
        target.add((_ox_term(q.subject), _ox_term(q.predicate), _ox_term(q.object)))
    return ds


def oxigraph_read(path: Path, fmt: str) -> Dataset | Graph:
    ds = quads_to_dataset(ox.parse(path=str(path), format=OX_FORMATS[fmt]))
    if fmt in DATASET_FORMATS:
        return ds
    graph = Graph()
    for t in _default_graph(ds):
        graph.add(t)
    return graph


def _refuse(url, options=None):
    raise AssertionError(f"the JSON-LD processor tried to load {url}: the context must be embedded")


def pyld_read(path: Path) -> Dataset:
    """Expand and convert the JSON-LD with PyLD (an independent processor) that may load nothing."""
    from pyld import jsonld

    doc = json.loads(path.read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _refuse})
    ds = Dataset(default_union=False)
    ds.parse(data=nquads, format="nquads")
    return ds


def node_available() -> bool:
    return shutil.which("node") is not None and (NODE_DIR / "node_modules" / "n3").is_dir()


def n3js_read(path: Path, fmt: str) -> Dataset:
    """Parse with N3.js (tests/node/parse.mjs) and read back the N-Quads it writes."""
    result = subprocess.run(["node", str(NODE_DIR / "parse.mjs"), str(path), N3_FORMATS[fmt]],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"N3.js could not parse {path.name}: {result.stderr[-2000:]}"
    ds = Dataset(default_union=False)
    ds.parse(data=result.stdout, format="nquads")
    return ds


def default_graph(ds: Dataset) -> Graph:
    graph = Graph()
    for t in _default_graph(ds):
        graph.add(t)
    return graph
