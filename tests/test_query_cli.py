"""`nrwkg query`: list the library, run by name, file or stdin, every output format, and errors
as one clear line with a non-zero exit."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from nrwkg.cli import main
from nrwkg.query.index import library_markdown
from nrwkg.query.library import load_library


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nrwkg", "query", *args], capture_output=True, text=True, input=stdin
    )


def _main(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["query", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_query_with_its_summary_and_parameters():
    result = _run("--list")
    assert result.returncode == 0, result.stderr
    library = load_library()
    for name, qdef in library.items():
        assert f"  {name} " in result.stdout and qdef.summary_en in result.stdout
    assert "parameters: modality=modality:demands" in result.stdout
    assert _run("--list", "--lang", "de").stdout.count(library["posts"].summary_de) == 1


def test_list_markdown_is_the_generated_part_of_the_readme(capsys):
    code, out, _ = _main(capsys, "--list", "--markdown")
    assert code == 0 and out == library_markdown(load_library())
    from tests.conftest import REPO

    assert out.strip() in (REPO / "queries" / "README.md").read_text(encoding="utf-8")


def test_a_query_by_name_prints_a_table(built, capsys):
    code, out, _ = _main(capsys, "agreement-signatories", "--build-dir", str(built))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["agreement", "agreement_label", "signatory"]
    assert "person:mona-neubaur" in out and "organization:mwike" in out
    assert lines[-1] == f"({len(lines) - 3} rows)"


def test_a_parameter_is_bound(built, capsys):
    code, out, _ = _main(
        capsys,
        "stances-by-modality",
        "--param",
        "modality=modality:commits",
        "--build-dir",
        str(built),
        "--format",
        "csv",
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows
    assert {r["modality"] for r in rows} == {"https://w3id.org/nrwkg/id/modality/commits"}


@pytest.mark.parametrize("fmt", ["json", "tsv", "csv"])
def test_row_formats_are_the_w3c_result_formats(built, capsys, fmt):
    code, out, _ = _main(capsys, "agreement-signatories", "--format", fmt, "--build-dir", str(built))
    assert code == 0
    _, table, _ = _main(capsys, "agreement-signatories", "--format", "tsv", "--build-dir", str(built))
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0][:2] == ["agreement", "agreement_label"] and len(rows) == table.count("\n")
        return
    parsed = ox.parse_query_results(
        out.encode(), format={"json": ox.QueryResultsFormat.JSON, "tsv": ox.QueryResultsFormat.TSV}[fmt]
    )
    names = [v.value for v in parsed.variables]
    rows = [tuple(s[n] for n in names) for s in parsed]
    expected = ox.parse_query_results(table.encode(), format=ox.QueryResultsFormat.TSV)
    assert rows == [tuple(s[n] for n in names) for s in expected] and rows


def test_markdown_escapes_the_pipe(built, capsys):
    code, out, _ = _main(capsys, "agreement-parties", "--format", "md", "--build-dir", str(built))
    assert code == 0 and out.startswith("| agreement | agreement_label |")
    assert "Initiative In\\|du\\|strie" in out


@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_construct_results_are_rdf(built, capsys, fmt, rdflib_format):
    code, out, _ = _main(capsys, "std-org-chart", "--format", fmt, "--build-dir", str(built))
    assert code == 0
    _, reference, _ = _main(capsys, "std-org-chart", "--format", "nt", "--build-dir", str(built))
    graph = Graph().parse(data=out, format=rdflib_format)
    assert len(graph) > 50 and isomorphic(graph, Graph().parse(data=reference, format="nt"))
    if fmt == "jsonld":
        assert "@context" not in out  # expanded JSON-LD: nothing to fetch


def test_a_query_from_a_file_and_from_stdin(built, tmp_path):
    query = "SELECT (COUNT(*) AS ?documents) WHERE { ?d a <https://w3id.org/nrwkg/ontology#Document> }"
    path = tmp_path / "count.rq"
    path.write_text(query, encoding="utf-8")
    from_file = _run(str(path), "--build-dir", str(built), "--format", "csv")
    from_stdin = _run("-", "--build-dir", str(built), "--format", "csv", stdin=query)
    # CSV rows end in CRLF; the text-mode pipe reads them as a newline
    documents = len(list((built / "documents").glob("*.html")))  # a reading page per document of the build
    assert documents and from_file.returncode == 0
    assert from_file.stdout == from_stdin.stdout == f"documents\n{documents}\n"


def test_ask_prints_true_or_false(built, capsys):
    code, out, _ = _main(capsys, "is-stated", "--build-dir", str(built), "--format", "json")
    assert code == 0 and json.loads(out) == {"head": {}, "boolean": True}
    code, out, _ = _main(
        capsys, "is-stated", "-p", "o=organization:ig-bce", "--build-dir", str(built), "-f", "csv"
    )
    assert out == "ask\r\nfalse\r\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["no-such-query"], "unknown query 'no-such-query'"),
        (["agreement-signatories", "--param", "agreemnt=agreement:x"], "unknown parameter 'agreemnt'"),
        (["agreement-signatories", "--param", "agreement"], "--param expects NAME=VALUE"),
        (["agreement-signatories", "--param", "agreement=nope:x"], "unknown prefix 'nope'"),
        (["targets-by-deadline", "--param", "until=soon"], "parameter until: expected an integer"),
        (["-"], "syntax error"),
        (["agreement-signatories", "--format", "ttl"], "--format ttl is for CONSTRUCT"),
        (["std-org-chart", "--format", "json"], "a CONSTRUCT result is a graph"),
        (["agreement-signatories", "--endpoint", "ftp://x"], "must be an http"),
    ],
)
def test_errors_are_one_clear_line(built, args, message):
    stdin = "SELECT * WHERE { ?s ?p " if args == ["-"] else None
    result = _run(*args, "--build-dir", str(built), stdin=stdin)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("nrwkg: error: ")
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_missing_build_is_one_clear_line(tmp_path):
    result = _run("documents", "--build-dir", str(tmp_path / "nothing"))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "no build found" in result.stderr and "nrwkg build" in result.stderr


def test_service_from_stdin_is_refused(built):
    result = _run(
        "-", "--build-dir", str(built), stdin="SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    )
    assert result.returncode == 1 and "SERVICE is not allowed" in result.stderr
