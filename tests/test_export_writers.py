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


def test_a_dump_gzipped_from_its_file_is_the_gzip_of_its_bytes(built, tmp_path):
    """The build gzips a dump from its file, block by block (nrwkg.export.compress.gzip_file): the
    same bytes as gzip.compress(…, mtime=0) of the whole text, over several blocks."""
    import gzip

    from nrwkg.export.compress import LEVEL, gzip_bytes, gzip_file

    data = (built / "dataset.nq").read_bytes() * 3  # more than one block
    source, target = tmp_path / "dump.nq", tmp_path / "dump.nq.gz"
    source.write_bytes(data)
    gzip_file(source, target)
    assert target.read_bytes() == gzip_bytes(data) == gzip.compress(data, compresslevel=LEVEL, mtime=0)
    assert gzip.decompress(target.read_bytes()) == data


def test_streamed_writers_write_the_text_of_the_plain_ones(tmp_path):
    """JSON-LD and RDF/XML written to a file as they go (as the build writes them) are the bytes of
    the texts to_jsonld and to_rdfxml give: no line break translated."""
    from nrwkg.export.jsonld import write_jsonld
    from nrwkg.export.rdfxml import to_rdfxml, write_rdfxml

    triples = _triples() | {(BNode("b1"), NRW["city"], Literal("Köln", lang="de"))}
    prefixes = load_prefixes()
    ds = OpenedBuild({DOC: list(triples), ODD: []}, prefixes)
    for name, write, expected in (
            ("a.jsonld", lambda out: write_jsonld(ds, prefixes, [DOC, ODD], out), to_jsonld(ds, prefixes, [DOC, ODD])),
            ("b.jsonld", lambda out: write_jsonld(ds, prefixes, [], out), to_jsonld(ds, prefixes, [])),
            ("c.rdf", lambda out: write_rdfxml(triples, prefixes, out), to_rdfxml(triples, prefixes))):
        with open(tmp_path / name, "w", encoding="utf-8", newline="") as out:
            write(out)
        assert (tmp_path / name).read_bytes() == expected.encode("utf-8")


def test_the_n_quads_and_trig_dumps_are_the_dataset_files_under_a_second_name(built):
    # the same bytes, not written again: hard links where the file system has them (the build's
    # temporary N-Quads may be on another one: then a copy)
    assert (built / "export/nrwkg.trig").stat().st_ino == (built / "dataset.trig").stat().st_ino
    assert (built / "export/nrwkg.nq").read_bytes() == (built / "dataset.nq").read_bytes()
