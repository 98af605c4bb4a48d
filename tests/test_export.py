"""`nrwkg export` and the exports of `nrwkg build`: files, determinism, --graph, stdout, VoID, DCAT, CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from nrwkg.export.formats import PRIMARY
from nrwkg.export.tables import query_names
from nrwkg.export.void import DCAT, SD, SPDX, VOID
from nrwkg.namespaces import DCTERMS, OA
from nrwkg.network import build_network
from nrwkg.store import open_store
from tests.export_helpers import asserted_of, built_dataset, graphs_of, union_of

INFERRED = "https://w3id.org/nrwkg/graph/inferred"
ENTAILED = "https://w3id.org/nrwkg/graph/entailed"
LOI = "https://w3id.org/nrwkg/id/document/loi-zukunftsdialog-industrie"


def _nrwkg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nrwkg", *args], capture_output=True, timeout=900,
                          env={**os.environ, **(env or {})})


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def network(built):
    return build_network(open_store(built))


def test_build_writes_every_export(built):
    expected = set(PRIMARY.values()) | {"ontology.ttl", "ontology.rdf", "schemes.ttl", "nrwkg-entailed.ttl",
                                        "nrwkg-inferred.ttl", "context.jsonld", "csv/entities.csv",
                                        "csv/relations.csv"} | {f"csv/{q}.csv" for q in query_names()}
    expected |= {"nrwkg.nq.gz", "nrwkg.nt.gz", "nrwkg.trig.gz", "nrwkg.ttl.gz"}
    expected.add("index.html")  # the folder's page, written by the site (nrwkg.pages.downloads)
    files = _files(built / "export")
    assert set(files) == expected
    assert all(len(data) > 100 for data in files.values())


def test_two_exports_of_one_build_are_byte_identical_and_equal_the_build(built, tmp_path):
    """Run in two processes with different hash seeds, so no set or dict order can leak into a file."""
    for name, seed in (("a", "1"), ("b", "2")):
        result = _nrwkg("export", "--build-dir", str(built), "-o", str(tmp_path / name),
                        env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr.decode()
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first.keys() == second.keys() == _files(built / "export").keys() - {"index.html"}
    for path, data in first.items():
        assert data == second[path], f"{path} differs between two exports"
        assert data == (built / "export" / path).read_bytes(), f"{path} differs from the build's"


def test_the_build_writes_every_format_in_exactly_one_of_its_two_export_steps():
    """`nrwkg build` writes the exports in two steps (one in a process of its own): a format in
    neither would be missing from the build, one in both written twice."""
    from nrwkg.export.bundle import DATASET_FORMATS, NETWORK_FORMATS
    from nrwkg.export.formats import FORMATS

    assert sorted(DATASET_FORMATS + NETWORK_FORMATS) == sorted(set(FORMATS) - {"dcat", "all"})


def test_one_graph_to_stdout(built):
    result = _nrwkg("export", "--build-dir", str(built), "--format", "nq", "--graph", "inferred", "-o", "-")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode("utf-8").splitlines()
    in_dataset = [line for line in (built / "dataset.nq").read_text(encoding="utf-8").splitlines()
                  if line.endswith(f"<{INFERRED}> .")]
    assert lines and lines == in_dataset


def test_one_document_graph_as_turtle_file(built, tmp_path):
    out = tmp_path / "loi.ttl"
    result = _nrwkg("export", "--build-dir", str(built), "--format", "ttl",
                    "--graph", "loi-zukunftsdialog-industrie", "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    graph = Graph().parse(out, format="turtle")
    assert set(graph) == set(graphs_of(built_dataset(built))[LOI])


@pytest.mark.parametrize("args, message", [
    (["--format", "ttl", "--graph", "no-such-document", "-o", "-"], "no named graph 'no-such-document'"),
    (["--format", "csv", "-o", "-"], "writes several files"),
    (["--format", "ttl", "--graph", "inferred"], "give -o FILE"),
    (["--format", "gexf", "--graph", "inferred", "-o", "-"], "--graph applies to"),
    (["--format", "void", "--sparql-endpoint", "not an iri", "-o", "-"], "--sparql-endpoint"),
])
def test_bad_options_are_one_clear_line(built, args, message):
    result = _nrwkg("export", "--build-dir", str(built), *args)
    err = result.stderr.decode()
    assert result.returncode == 1 and message in err
    assert err.strip().count("\n") == 0 and "Traceback" not in err


def test_export_without_a_build_says_so(tmp_path):
    result = _nrwkg("export", "--build-dir", str(tmp_path / "nothing"))
    assert result.returncode == 1 and "run `nrwkg build` first" in result.stderr.decode()


def _subject_lines(turtle: str) -> list[str]:
    """The lines that start a subject block: at column 0, outside any triple-quoted literal."""
    starts, in_long = [], False
    for line in turtle.split("\n"):
        if not in_long and line and not line[0].isspace() and not line.startswith("@prefix"):
            starts.append(line.split(" ", 1)[0])
        if line.count('"""') % 2:
            in_long = not in_long
    return starts


def test_turtle_is_readable_one_block_per_subject(built):
    text = (built / "export" / "nrwkg.ttl").read_text(encoding="utf-8")
    head = text.split("\n\n", 1)[0].splitlines()
    assert head and all(line.startswith("@prefix ") for line in head)
    starts = _subject_lines(text)
    assert len(starts) == len(set(starts)), "a subject has more than one block"
    assert len(starts) == len(set(asserted_of(built_dataset(built)).subjects()))


def test_export_dcat_of_a_build_is_the_builds_dcat(built, tmp_path):
    """`nrwkg export --format dcat` describes the same files as the build's dcat.ttl (not the
    export folder's index page, which the pages write after it)."""
    from nrwkg.export.bundle import export

    assert (built / "export" / "index.html").is_file()  # the page is there to be left out
    export(built, "dcat", output=str(tmp_path / "dcat.ttl"))
    assert (tmp_path / "dcat.ttl").read_bytes() == (built / "export" / "dcat.ttl").read_bytes()


def test_jsonld_context_is_embedded_and_from_prefixes(built):
    from nrwkg.prefixes import load_prefixes

    doc = json.loads((built / "export" / "nrwkg.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == load_prefixes().mapping
    context = json.loads((built / "export" / "context.jsonld").read_text(encoding="utf-8"))
    assert context == {"@context": doc["@context"]}
    ids = {g["@id"] for g in doc["@graph"]}
    assert {"document:loi-zukunftsdialog-industrie", "https://w3id.org/nrwkg/graph/evidence"} <= ids


def test_dcat_describes_every_file_as_written(built):
    dcat = Graph().parse(built / "export" / "dcat.ttl", format="turtle")
    dataset = URIRef("https://w3id.org/nrwkg/dataset")
    for p in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.publisher):
        assert dcat.value(dataset, p) is not None, p
    assert {t.language for t in dcat.objects(dataset, DCTERMS.title)} == {"de", "en"}
    described = {}
    for dist in dcat.objects(dataset, DCAT.distribution):
        url = str(dcat.value(dist, DCAT.downloadURL))
        path = url.removeprefix("https://w3id.org/nrwkg/export/")
        data = (built / "export" / path).read_bytes()
        assert int(dcat.value(dist, DCAT.byteSize)) == len(data), path
        checksum = dcat.value(dist, SPDX.checksum)
        assert str(dcat.value(checksum, SPDX.checksumValue)).lower() == hashlib.sha256(data).hexdigest(), path
        assert str(dcat.value(dist, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
        described[path] = str(dcat.value(dist, DCAT.mediaType)).rsplit("/", 2)[-2:]
    assert set(described) == set(_files(built / "export")) - {"dcat.ttl", "index.html"}  # the page lists them
    assert described["nrwkg.ttl"] == ["text", "turtle"]
    assert described["nrwkg.nq"] == ["application", "n-quads"]
    assert described["nrwkg.nq.gz"] == ["application", "n-quads"]  # what it holds, compressed:
    gzipped = URIRef("https://w3id.org/nrwkg/dataset/distribution/nrwkg.nq.gz")
    assert dcat.value(gzipped, DCAT.compressFormat) == URIRef(
        "https://www.iana.org/assignments/media-types/application/gzip")
    assert dcat.value(URIRef("https://w3id.org/nrwkg/dataset/distribution/nrwkg.nq"), DCAT.compressFormat) is None


def test_void_counts_match_the_dataset(built, tmp_path):
    void = Graph().parse(built / "export" / "void.ttl", format="turtle")
    dataset = URIRef("https://w3id.org/nrwkg/dataset")
    expected = built_dataset(built)
    union = union_of(expected)
    assert int(void.value(dataset, VOID.triples)) == len(union)
    assert int(void.value(dataset, VOID.classes)) == len(set(union.objects(None, RDF.type)))
    assert int(void.value(dataset, VOID.properties)) == len(set(union.predicates()))
    subsets = {str(void.value(s, SD.name)): int(void.value(s, VOID.triples))
               for s in void.objects(dataset, VOID.subset) if void.value(s, SD.name) is not None}
    assert subsets == {name: len(g) for name, g in graphs_of(expected).items()}
    asserted = URIRef("https://w3id.org/nrwkg/dataset/asserted")
    assert (dataset, VOID.subset, asserted) in void
    assert int(void.value(asserted, VOID.triples)) == len(asserted_of(expected)) < len(union)
    export = "https://w3id.org/nrwkg/export/"
    assert {str(d) for d in void.objects(asserted, VOID.dataDump)} == {
        export + n for n in ("nrwkg.ttl", "nrwkg.nt", "nrwkg.rdf", "nrwkg.ttl.gz", "nrwkg.nt.gz")}
    assert URIRef(export + "nrwkg.nq") in set(void.objects(dataset, VOID.dataDump))
    for graph, name in ((INFERRED, "nrwkg-inferred.ttl"), (ENTAILED, "nrwkg-entailed.ttl")):
        (subset,) = void.subjects(SD.name, URIRef(graph))
        assert void.value(subset, VOID.dataDump) == URIRef(export + name)
    vocabularies = {str(v) for v in void.objects(dataset, VOID.vocabulary)}
    assert {"http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/prov#",
            "https://schema.org/", "http://www.w3.org/ns/oa#"} <= vocabularies
    assert list(void.objects(dataset, VOID.exampleResource))
    assert void.value(dataset, VOID.sparqlEndpoint) is None  # nothing is served by a build
    served = _nrwkg("export", "--build-dir", str(built), "--format", "void", "--sparql-endpoint",
                    "http://127.0.0.1:8000/sparql", "-o", "-")
    graph = Graph().parse(data=served.stdout.decode("utf-8"), format="turtle")
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef("http://127.0.0.1:8000/sparql")


def test_entities_csv_has_every_entity_stats_counts_and_every_network_node(built, network):
    from nrwkg.stats import compute_stats

    rows = _csv(built / "export" / "csv" / "entities.csv")
    assert len(rows) == compute_stats(open_store(built)).entities
    assert [r["id"] for r in rows] == sorted({r["id"] for r in rows})
    assert [r["id"] for r in rows if r["in_network"] == "true"] == list(network.nodes)
    others = {r["type"] for r in rows if r["in_network"] == "false"}
    assert {"nrw:Stance", "skos:Concept", "skos:ConceptScheme"} <= others
    for row in (r for r in rows if r["in_network"] == "true"):
        node = network.nodes[row["id"]]
        assert (row["type"], row["label_de"]) == (node["type"], node["label"])
        assert row["wikidata"] == node["wikidata"]
    assert any(r["wikidata"].startswith("http://www.wikidata.org/entity/Q") for r in rows)


def test_relations_csv_has_every_edge_with_its_quotes(built, network):
    rows = _csv(built / "export" / "csv" / "relations.csv")
    quotes = [{(e["document"], e["quote"], e["start"], e["end"]) for e in d["evidence"]}
              for _, _, d in network.edges(data=True)]
    assert len(rows) == sum(max(1, len(q)) for q in quotes)
    exact = {str(o) for o in graphs_of(built_dataset(built))["https://w3id.org/nrwkg/graph/evidence"].objects(
        None, OA.exact)}
    quoted = [r for r in rows if r["quote"]]
    assert quoted and all(r["quote_exact"] in exact and r["document"].startswith("https://w3id.org/nrwkg/id/document/")
                          for r in quoted)
    assert {r["modality"] for r in rows} >= {"demands", "commits"}


@pytest.mark.parametrize("name", query_names())
def test_query_tables_have_the_query_columns_and_rows(built, name):
    from nrwkg import paths

    text = (paths.QUERIES / "export" / f"{name}.rq").read_text(encoding="utf-8")
    assert text.startswith("#+ summary:") and "ORDER BY" in text
    rows = _csv(built / "export" / "csv" / f"{name}.csv")
    header = next(csv.reader(io.StringIO((built / "export" / "csv" / f"{name}.csv").read_text(
        encoding="utf-8"))))
    # quote_exact is added beside a query's ?quote: the stored text, while quote is the readable one
    assert header[0] and all(f"?{column}" in text for column in header if column != "quote_exact")
    assert rows, f"{name}.csv has no rows"
    assert all(row[header[0]].startswith("https://w3id.org/nrwkg/id/") for row in rows)


def test_signatories_table_names_the_loi_signatories_with_quotes(built):
    rows = [r for r in _csv(built / "export" / "csv" / "signatories.csv")
            if r["agreement"] == "https://w3id.org/nrwkg/id/agreement/loi-zukunftsdialog-industrie"]
    signatories = {r["signatory"] for r in rows}
    assert "https://w3id.org/nrwkg/id/person/mona-neubaur" in signatories
    assert len(rows) == len(signatories) == 15  # one row per signatory, as the letter lists them
    assert all(r["quote"] and r["document"] == LOI and r["role_title"] and r["organization"] for r in rows)
    neubaur = next(r for r in rows if r["signatory"].endswith("/mona-neubaur"))
    assert neubaur["role_title"] == ("Ministerin für Wirtschaft, Industrie, Klimaschutz und Energie des Landes "
                                     "Nordrhein-Westfalen")  # as the letter writes it, not other documents' wording


def test_stances_table_has_one_row_per_stance_with_its_quote(built):
    rows = _csv(built / "export" / "csv" / "stances.csv")
    stances = [r["stance"] for r in rows]
    assert len(stances) == len(set(stances)) > 100
    assert all(r["modality"] and r["quote"] and r["document"] for r in rows)
    fonds = next(r for r in rows if r["stance"].endswith("/forderung-transformationsfonds"))
    assert fonds["modality"].endswith("/demands") and "30 Milliarden Euro" in fonds["quote"]
    assert fonds["inferred_holder"] == fonds["holder"]  # the party statement names no author


def test_jsonld_has_no_json_numbers_or_booleans(built):
    """Typed literals (dates, decimals, integers) stay strings with @type, so no value changes."""
    def scalars(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from scalars(v)
        elif isinstance(value, list):
            for v in value:
                yield from scalars(v)
        else:
            yield value

    doc = json.loads((built / "export" / "nrwkg.jsonld").read_text(encoding="utf-8"))
    assert all(isinstance(v, str) for v in scalars(doc))
    text = json.dumps(doc)
    assert '"@type": "xsd:date"' in text and '"@type": "xsd:decimal"' in text
