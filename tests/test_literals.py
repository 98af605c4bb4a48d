"""One literal, one form (issue 13.5): the build writes every typed literal in the form the embedded
store keeps, so the published files, the embedded store, `nrwkg serve` and rdflib show the same
literal, and `--engine rdflib` and the embedded engine agree on every library query value for value
(not only numerically: the same lexical form and datatype; tested with the other engine comparisons in
test_engines.py, which runs each library query on rdflib once)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

from nrwkg.compile.literals import canonical_forms, canonicalise_literals
from nrwkg.store import open_store


def test_the_embedded_store_keeps_every_quad_of_the_published_file_as_written(built):
    written = set(ox.parse(path=str(built / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
    stored = set(open_store(built).quads_for_pattern(None, None, None, None))
    named = {q for q in stored if isinstance(q.graph_name, ox.NamedNode)}
    rewritten = sorted(str(q.object) for q in written - named)[:5]
    assert not rewritten, f"the store rewrote these literals of dataset.nq: {rewritten}"
    assert named == written


# hand-written forms (pyoxigraph 0.5, XSD 1.1 canonical lexical forms)
@pytest.mark.parametrize(("written", "datatype", "kept", "kept_type"), [
    ("51.0", XSD.decimal, "51", XSD.decimal),
    ("14.520390", XSD.decimal, "14.52039", XSD.decimal),
    ("-5.0", XSD.decimal, "-5", XSD.decimal),
    ("7", XSD.nonNegativeInteger, "7", XSD.integer),
    ("1.50", XSD.decimal, "1.5", XSD.decimal),
])
def test_a_literal_is_written_in_the_form_the_store_keeps(written, datatype, kept, kept_type):
    ds = Dataset()
    graph = ds.graph(URIRef("urn:g"))
    graph.add((URIRef("urn:s"), URIRef("urn:p"), Literal(written, datatype=datatype)))
    assert canonicalise_literals(ds) == 1
    (obj,) = [o for _s, _p, o in graph]
    assert (str(obj), obj.datatype) == (kept, kept_type)


def test_canonical_literals_are_left_alone():
    already = [Literal("51", datatype=XSD.decimal), Literal("2030", datatype=XSD.gYear),
               Literal("2025-06-02", datatype=XSD.date), Literal("Stahl", lang="de"), Literal("EUR")]
    assert canonical_forms(already) == {}
