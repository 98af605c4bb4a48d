"""The fast JSON-LD and N-Triples writers of the exports give the text of the plain ones, on awkward
triples and on a build. (Turtle and TriG: tests/test_turtle.py.)"""

from __future__ import annotations

import json

from rdflib import BNode, Literal

from nrwkg.export.jsonld import to_jsonld
from nrwkg.opened import OpenedBuild
from nrwkg.prefixes import load_prefixes
from tests.awkward_triples import DOC, NRW, ODD, ORG
from tests.awkward_triples import awkward_triples as _triples


def test_jsonld_text_is_json_dumps_text(built):
    """JSON-LD is written as text: it must be what json.dumps(indent=2) makes of the same document."""
    opened = OpenedBuild.open(built)
    text = to_jsonld(opened, opened.prefixes, opened.names)
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


def test_jsonld_text_of_awkward_values_is_json_dumps_text():
    triples = _triples() | {(ORG, NRW["note"], Literal('quote " backslash \\ tab \t nul \x00 line\u2028sep')),
                            (ORG, NRW["address"], BNode("b1")), (BNode("b1"), NRW["city"], Literal("Köln", lang="de"))}
    ds = OpenedBuild({DOC: list(triples), ODD: []}, load_prefixes())
    text = to_jsonld(ds, load_prefixes(), [DOC, ODD])
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    assert '"@graph": []' in text


def test_ntriples_cut_from_nquads_are_the_union_written_again(built):
    from nrwkg.export.rdf import ntriples_of_nquads
    from nrwkg.serialize import to_nquads, to_ntriples, union_of

    graphs = {DOC: list(_triples()), ODD: [(ORG, NRW["note"], Literal("a <b> c .\u2028 d"))] + list(_triples())[:3]}
    assert ntriples_of_nquads(to_nquads(graphs), [DOC, ODD]) == to_ntriples(union_of(graphs))
    assert ntriples_of_nquads(to_nquads(graphs), [ODD]) == to_ntriples(graphs[ODD])
    opened = OpenedBuild.open(built)
    some = opened.names[::2]
    expected = to_ntriples(union_of(opened.graphs, some)).encode("utf-8")
    assert ntriples_of_nquads(opened.nquads, some) == expected  # UTF-8 bytes in, bytes out
    assert ntriples_of_nquads(opened.nquads_file(), some) == expected  # a file, read line by line
