"""Exports every tool accepts (issue 13, point 6), checked on the bundled build.

Jena's `riot --validate` and raptor's `rapper` read every RDF file; graphology (the graph library
behind sigma.js) reads the GEXF and GraphML files; no file declares a generated `ns1:` prefix;
the union files hold the asserted triples only, the derived ones have files of their own; the
ontology file holds one ontology and no SKOS schemes; the .gz dumps are deterministic; every CSV
is free of duplicate rows. The expectations are written from the issue, not from the code.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, URIRef
from rdflib.namespace import SKOS

from nrwkg.network import build_network
from nrwkg.store import open_store
from tests.export_helpers import NODE_DIR, assert_isomorphic, asserted_of, built_dataset, graphs_of
from tests.rdf_tools import RAPPER_SYNTAX, rapper_available, riot_available, riot_command

RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".rdf", ".jsonld")
ENTAILED = "https://w3id.org/nrwkg/graph/entailed"
INFERRED = "https://w3id.org/nrwkg/graph/inferred"
ONTOLOGY = URIRef("https://w3id.org/nrwkg/ontology")


def _rdf_files(built: Path) -> list[Path]:
    files = [p for p in sorted((built / "export").iterdir())
             if p.suffix in RDF_SUFFIXES or p.name.endswith(tuple(s + ".gz" for s in RDF_SUFFIXES))]
    return files + [built / "dataset.nq", built / "dataset.trig"]


def _problems(stderr: str) -> list[str]:
    """riot's warnings and errors, each with the file it was reading (riot logs `File: NAME` first)."""
    current, problems = "", []
    for line in stderr.splitlines():
        if " File: " in line:
            current = line.rsplit(" File: ", 1)[1]
        elif " WARN " in line or " ERROR " in line:
            problems.append(f"{current}: {line}")
    return problems


@pytest.mark.slow
def test_jena_riot_validates_every_rdf_file(built, tmp_path):
    assert riot_available(), "Jena is missing: apt-get install libapache-jena-java (bash scripts/run test does)"
    files = _rdf_files(built)
    assert {"nrwkg.ttl", "nrwkg.trig", "nrwkg.jsonld", "nrwkg.rdf", "ontology.ttl", "schemes.ttl",
            "nrwkg.nq.gz", "void.ttl", "dcat.ttl"} <= {p.name for p in files}
    riot = riot_command(tmp_path)
    plain = [str(p) for p in files if p.suffix != ".jsonld"]
    jsonld = [str(p) for p in files if p.suffix == ".jsonld"]
    for command in ([*riot, "--validate", *plain], [*riot, "--validate", "--syntax=jsonld10", *jsonld]):
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        problems = _problems(result.stderr)
        assert result.returncode == 0 and not problems, "\n".join(problems[:20]) or result.stderr[-2000:]


@pytest.mark.slow
def test_jena_riot_refuses_a_generated_https_prefix(tmp_path):
    """The check above can fail: the `ns1: <https://>` that nrwkg.ttl used to declare is refused."""
    assert riot_available(), "Jena is missing: apt-get install libapache-jena-java (bash scripts/run test does)"
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ns1: <https://> .\n<https://w3id.org/a> <http://xmlns.com/foaf/0.1/homepage> '
                   'ns1:www.vci.de .\n', encoding="utf-8")
    result = subprocess.run([*riot_command(tmp_path), "--validate", str(bad)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode != 0 and "Bad IRI" in result.stderr


@pytest.mark.slow
def test_rapper_parses_every_rdf_file(built):
    assert rapper_available(), "rapper is missing: apt-get install raptor2-utils (bash scripts/run test does)"
    for path in _rdf_files(built):
        if path.suffix not in RAPPER_SYNTAX:
            continue
        result = subprocess.run(["rapper", "-q", "-i", RAPPER_SYNTAX[path.suffix], "-c", str(path)],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0 and "Warning" not in result.stderr, f"{path.name}: {result.stderr[-1500:]}"


def _graphology(path: Path, fmt: str, node: str) -> dict:
    result = subprocess.run(["node", str(NODE_DIR / "network.mjs"), str(path), fmt, node],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"graphology could not read {path.name}: {result.stderr[-2000:]}"
    return json.loads(result.stdout)


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graphology_reads_the_network_files_with_unique_edge_ids(built, fmt):
    assert (NODE_DIR / "node_modules" / "graphology").is_dir(), "run `npm ci` in tests/node"
    path = built / "export" / f"nrwkg.{fmt}"
    ids = re.findall(r'<edge [^>]*\bid="([^"]*)"', path.read_text(encoding="utf-8"))
    net = build_network(open_store(built))
    assert len(ids) == len(set(ids)) == net.number_of_edges()
    mwike = "https://w3id.org/nrwkg/id/organization/mwike"
    read = _graphology(path, fmt, mwike)
    assert (read["nodes"], read["edges"], read["distinctEdgeKeys"]) == (
        net.number_of_nodes(), net.number_of_edges(), net.number_of_edges())
    assert read["node"]["label"] == net.nodes[mwike]["label"]


def test_no_file_declares_a_generated_prefix(built):
    for path in _rdf_files(built):
        if path.suffix not in (".ttl", ".trig", ".rdf"):
            continue
        text = path.read_text(encoding="utf-8")
        generated = re.findall(r"@prefix (ns\d+):|xmlns:(ns\d+)=", text)
        assert not generated, f"{path.name} declares {generated[:3]}"
        assert "<https://>" not in text and '"https://"' not in text, path.name
    ontology = (built / "export" / "ontology.ttl").read_text(encoding="utf-8")
    assert "<https://w3id.org/nrwkg/ontology> a owl:Ontology" in ontology


def test_union_files_hold_asserted_triples_and_derived_ones_have_their_own(built):
    ds = built_dataset(built)
    graphs = graphs_of(ds)
    asserted = asserted_of(ds)
    union = Graph().parse(built / "export" / "nrwkg.nt", format="nt")
    assert_isomorphic(asserted, union, "nrwkg.nt")
    only_derived = (set(graphs[ENTAILED]) | set(graphs[INFERRED])) - set(asserted)
    assert only_derived and not only_derived & set(union)
    for graph, name in ((ENTAILED, "nrwkg-entailed.ttl"), (INFERRED, "nrwkg-inferred.ttl")):
        assert_isomorphic(graphs[graph], Graph().parse(built / "export" / name, format="turtle"), name)
    trig = built / "export" / "nrwkg.trig"
    assert f"<{ENTAILED}> {{" in trig.read_text(encoding="utf-8")  # the dataset files keep every graph


def test_ontology_file_is_one_ontology_without_the_schemes(built):
    ontology = Graph().parse(built / "export" / "ontology.ttl", format="turtle")
    schemes = Graph().parse(built / "export" / "schemes.ttl", format="turtle")
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY]
    assert not list(ontology.subjects(RDF.type, SKOS.Concept))
    assert not list(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    assert ontology.value(ONTOLOGY, URIRef("http://purl.org/dc/terms/title")) is not None
    assert len(list(schemes.subjects(RDF.type, SKOS.ConceptScheme))) >= 5
    assert not list(schemes.subjects(RDF.type, OWL.Ontology))
    assert not list(schemes.subjects(RDF.type, OWL.Class))
    rdfxml = Graph().parse(built / "export" / "ontology.rdf", format="xml")
    assert_isomorphic(ontology, rdfxml, "ontology.rdf")


def test_gzip_dumps_hold_the_files_and_are_deterministic(built):
    folder = built / "export"
    dumps = sorted(folder.glob("*.gz"))
    assert {p.name for p in dumps} >= {"nrwkg.nq.gz", "nrwkg.ttl.gz"}
    for path in dumps:
        data = path.read_bytes()
        assert gzip.decompress(data) == (folder / path.stem).read_bytes(), path.name
        flags, mtime = data[3], int.from_bytes(data[4:8], "little")
        assert mtime == 0 and not flags & 0x08, f"{path.name}: a time stamp or a file name in the header"


def test_no_csv_has_duplicate_rows(built):
    for path in sorted((built / "export" / "csv").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [tuple(r) for r in csv.reader(fh)]
        repeated = [r for r, n in Counter(rows).items() if n > 1]
        assert not repeated, f"{path.name}: {len(repeated)} rows repeated, e.g. {repeated[0][:4]}"
