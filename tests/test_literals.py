"""One literal, one form (issue 13.5): the build writes every typed literal in the form the embedded
store keeps, so the published files, the embedded store, `nrwkg serve` and rdflib show the same
literal, and `--engine rdflib` and the embedded engine agree on every library query value for value
(not only numerically: the same lexical form and datatype; tested with the other engine comparisons in
test_engines.py, which runs each library query on rdflib once).

Jena agrees too (slow: Debian's libapache-jena-java, tests/rdf_tools.py): riot reads every literal of
every published RDF file as one the dataset holds, whatever the syntax, and Jena's TDB2 store, which
keeps integers, booleans, doubles and date-times in its own canonical form (the guard literals show
it), gives back every literal of the dataset and of the metadata files exactly as written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

from nrwkg.compile.literals import canonical_forms, canonicalise_literals
from nrwkg.store import open_store
from tests.rdf_tools import riot_available, riot_command


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


# ---- Jena -----------------------------------------------------------------------------------------
METADATA = ("dcat.ttl", "void.ttl")  # literals of their own (counts, checksums), not the dataset's
JENA_MISSING = "Jena is missing: apt-get install libapache-jena-java (bash scripts/run test does)"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def _literals(quads) -> set[ox.Literal]:
    return {q.object for q in quads if isinstance(q.object, ox.Literal)}


def _published_rdf(built: Path) -> list[Path]:
    suffixes = (".ttl", ".nt", ".nq", ".trig", ".rdf", ".jsonld")
    return [built / "dataset.nq", built / "dataset.trig",
            *(p for p in sorted((built / "export").iterdir())
              if p.name.endswith(suffixes) or p.name.endswith(tuple(s + ".gz" for s in suffixes)))]


def _jena(tmp_path: Path, tool: str, *args: str) -> bytes:
    """A Jena command line tool (`riotcmd.riot`, `tdb2.tdbloader`, …) on the classpath riot uses."""
    command = [*riot_command(tmp_path)[:-1], tool, *args]
    result = subprocess.run(command, capture_output=True, timeout=900)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    return result.stdout


@pytest.mark.slow
def test_jena_reads_every_published_literal_as_the_dataset_holds_it(built, tmp_path):
    """Turtle's bare numbers, RDF/XML, JSON-LD, N-Triples, compressed or not: riot reads from every
    published file only literals that build/dataset.nq holds in exactly that form (the metadata
    files add their own), and from the union files all of them."""
    assert riot_available(), JENA_MISSING
    files = _published_rdf(built)
    assert {"nrwkg.ttl", "nrwkg.rdf", "nrwkg.jsonld", "nrwkg.nt.gz", "dataset.trig", *METADATA} <= {
        p.name for p in files}
    dataset = _literals(ox.parse(path=str(built / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
    metadata = set().union(*(_literals(ox.parse(path=str(built / "export" / name), format=ox.RdfFormat.TURTLE))
                             for name in METADATA))
    plain = [str(p) for p in files if not p.name.endswith(".jsonld")]
    jsonld = [str(p) for p in files if p.name.endswith(".jsonld") and p.name != "context.jsonld"]
    for group, syntax in ((plain, []), (jsonld, ["--syntax=jsonld10"])):
        read = _literals(ox.parse(_jena(tmp_path, "riotcmd.riot", "--output=nquads", *syntax, *group),
                                  format=ox.RdfFormat.N_QUADS))
        unknown = sorted(str(lit) for lit in read - dataset - metadata)
        assert not unknown, f"Jena reads literals the dataset does not hold: {unknown[:5]}"
        assert dataset <= read, f"Jena misses literals: {sorted(str(x) for x in dataset - read)[:5]}"


@pytest.mark.slow
def test_a_jena_store_keeps_every_literal_as_written(built, tmp_path):
    """Jena's TDB2 rewrites a literal that is not in its canonical form ("007" as "7", a boolean "1"
    as "true", "1.5E0" as "1.5e0"): loaded with the dataset and the metadata files, it gives back
    every quad of the dataset and every literal of the metadata as the build wrote them."""
    assert riot_available(), JENA_MISSING
    guard = tmp_path / "guard.nq"
    guard.write_text(f'<urn:s> <urn:p> "007"^^<{XSD_NS}integer> <urn:guard> .\n'
                     f'<urn:s> <urn:p> "1"^^<{XSD_NS}boolean> <urn:guard> .\n'
                     f'<urn:s> <urn:p> "1.5E0"^^<{XSD_NS}double> <urn:guard> .\n', encoding="utf-8")
    location = tmp_path / "tdb2"
    _jena(tmp_path, "tdb2.tdbloader", "--loc", str(location), str(built / "dataset.nq"),
          *(str(built / "export" / name) for name in METADATA), str(guard))
    dumped = list(ox.parse(_jena(tmp_path, "tdb2.tdbdump", "--loc", str(location)), format=ox.RdfFormat.N_QUADS))
    by_graph: dict[str, set] = {}
    for q in dumped:
        key = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        by_graph.setdefault(key, set()).add(q)
    assert sorted(lit.value for lit in _literals(by_graph.pop("urn:guard"))) == ["1.5e0", "7", "true"]
    written = set(ox.parse(path=str(built / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
    kept = set().union(*(quads for name, quads in by_graph.items() if name))
    changed = sorted(str(q.object) for q in written - kept)[:5]
    assert not changed, f"Jena's store rewrote these literals of dataset.nq: {changed}"
    assert kept == written
    metadata = set().union(*(_literals(ox.parse(path=str(built / "export" / name), format=ox.RdfFormat.TURTLE))
                             for name in METADATA))
    assert _literals(by_graph.get("", set())) == metadata
