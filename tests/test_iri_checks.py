"""Issue 9.3: every IRI is checked where it is written; a bad or relative IRI gets file, line and the IRI.

Before: rdflib took `<http://a b>`, `|`, `^`, a backtick and `<http://[::1>` and the build ended in a
long traceback; a relative IRI was resolved against the working folder and reached the dataset as
`file:///…/relative-iri`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nrwkg.compile.dataset import compile_dataset
from nrwkg.errors import QueryError
from nrwkg.iri import check_iri
from tests.data_edits import compile_error, edit, line_of

REPO = Path(__file__).resolve().parents[1]
BAD_IRIS = ["<http://a b>", "<http://a|b>", "<http://a^b>", "<http://a`b>", "<http://[::1>"]
BAD_CURIES = ["organization:ihk nrw", "organization:ihk|nrw", "organization:ihk^nrw", "organization:ihk`nrw"]




@pytest.mark.parametrize("bad", BAD_IRIS)
def test_invalid_iri_in_turtle_block_names_file_line_and_iri(mini_root, bad):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, "nrw:place place:duesseldorf", f"nrw:place {bad}")
    err = compile_error(mini_root)
    assert err.path == path
    assert err.line == line_of(path, f"nrw:place {bad}")
    assert f"invalid IRI {bad}" in err.message
    assert "\n" not in str(err)


def test_escaped_space_in_turtle_iri_is_refused(mini_root):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, "nrw:place place:duesseldorf", "nrw:place <http://a\\u0020b>")
    err = compile_error(mini_root)
    assert err.path == path and err.line == line_of(path, "u0020b") and "invalid IRI" in err.message


@pytest.mark.parametrize("bad", ["<relative-iri>", "<#fragment>", "<../up>"])
def test_relative_iri_in_turtle_is_refused_not_resolved_against_the_checkout(mini_root, bad):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, "nrw:place place:duesseldorf", f"nrw:place {bad}")
    err = compile_error(mini_root)
    assert err.path == path and err.line == line_of(path, f"nrw:place {bad}")
    assert f"relative IRI {bad}" in err.message
    assert "file:" not in err.message


def test_file_iri_in_turtle_is_refused(mini_root):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, "nrw:place place:duesseldorf", "nrw:place <file:///etc/passwd>")
    err = compile_error(mini_root)
    assert err.line == line_of(path, "file:///etc/passwd") and "<file:///etc/passwd>" in err.message


def test_nothing_from_the_file_system_reaches_the_dataset(mini_root):
    compiled = compile_dataset(mini_root)
    for quad in compiled.dataset.quads((None, None, None, None)):
        assert not any(str(term).startswith("file:") for term in quad[:3])


@pytest.mark.parametrize("bad", BAD_CURIES)
def test_invalid_iri_in_registry_parent(mini_root, bad):
    path = mini_root / "graph/registry/entities.yaml"
    edit(path, "  label: Ralf Stoffels\n", f"  label: Ralf Stoffels\n  parent: '{bad}'\n")
    err = compile_error(mini_root)
    assert err.path == path and err.line == line_of(path, bad)
    assert "invalid" in err.message and bad.split(":")[1] in err.message


def test_invalid_document_type_iri(mini_root):
    path = mini_root / "graph/corpus/documents.yaml"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith("type:"))
    edit(path, old, old.split("type:")[0] + "type: 'doctype:letter of intent'")
    err = compile_error(mini_root)
    assert err.path == path and err.line == line_of(path, "letter of intent")
    assert "<https://w3id.org/nrwkg/id/document-type/letter of intent>" in err.message


def test_invalid_website_in_external_ids(mini_root):
    path = mini_root / "graph/reference/external-ids.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    column = header.index("website")
    row = next(n for n, line in enumerate(lines[1:], start=1) if line.split("\t")[column])
    cells = lines[row].split("\t")
    cells[column] = "https://example.org/a b"
    lines[row] = "\t".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = compile_error(mini_root)
    assert err.path == path and err.line == row + 1 and "<https://example.org/a b>" in err.message


def test_relative_prefix_iri_in_prefixes_ttl(mini_root):
    path = mini_root / "graph/prefixes.ttl"
    path.write_text(path.read_text(encoding="utf-8") + "@prefix local: <local/> .\n", encoding="utf-8")
    err = compile_error(mini_root)
    assert err.path == path and err.line == line_of(path, "@prefix local:")
    assert "relative IRI <local/>" in err.message


def test_invalid_iri_in_ontology_file(mini_root):
    path = mini_root / "ontology/nrwkg.ttl"
    path.write_text(path.read_text(encoding="utf-8") + "\n<https://w3id.org/nrwkg/ontology#x> "
                    "<http://www.w3.org/2000/01/rdf-schema#seeAlso> <http://a|b> .\n", encoding="utf-8")
    err = compile_error(mini_root)
    assert err.path == path and err.line == line_of(path, "<http://a|b>") and "<http://a|b>" in err.message


@pytest.mark.parametrize("iri", ["http://a b", "http://a|b", "http://a^b", "http://a`b", "http://[::1",
                                 "relative-iri", "file:///tmp/x"])
def test_check_iri_refuses(iri):
    assert f"<{iri}>" in check_iri(iri)


def test_check_iri_accepts_good_iris():
    for iri in ("https://w3id.org/nrwkg/id/organization/mwike", "http://[::1]/x", "urn:isbn:123",
                "https://schema.org/Person", "http://www.w3.org/ns/org#heldBy"):
        assert check_iri(iri) is None, iri


@pytest.mark.parametrize("value", ["<http://a b>", "<http://[::1>", "<relative-iri>", "person:mona neubaur"])
def test_query_parameter_iri_is_checked(value):
    from nrwkg.query.library import load_library

    query = load_library()["evidence-for-triple"]
    with pytest.raises(QueryError) as info:
        query.bind({"s": value, "p": "nrw:signatory", "o": "person:mona-neubaur"})
    assert str(info.value).startswith("parameter s: ")
    assert ("relative IRI" if "relative" in value else "invalid IRI") in str(info.value)


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "nrwkg", *args], capture_output=True, text=True, env=env,
                          timeout=120, cwd=REPO)


@pytest.mark.parametrize("args", [
    ("query", "evidence-for-triple", "-p", "s=<http://a|b>", "-p", "p=nrw:signatory", "-p", "o=person:x"),
    ("query", "evidence-for-triple", "-p", "s=agreement:x", "-p", "p=<relative>", "-p", "o=person:x"),
    ("views", "--entity", "<http://[::1>"),
    ("views", "--entity", "organization:ihk nrw"),
])
def test_cli_parameters_get_a_one_line_error(args, tmp_path):
    done = _cli(*args, "--build-dir", str(tmp_path))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nrwkg: error: ")
    assert "IRI <" in lines[0] and "Traceback" not in done.stderr


def test_ingest_source_url_is_checked_before_anything_is_written(tmp_path):
    text = tmp_path / "probe.txt"
    text.write_text("Düsseldorf, den 20. Januar 2023\n", encoding="utf-8")
    before = sorted(p.name for p in (REPO / "graph" / "corpus").iterdir())
    done = _cli("ingest", str(text), "--id", "document:iri-probe", "--source", "https://example.org/a b",
                "--dry-run")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "--source" in lines[0] and "<https://example.org/a b>" in lines[0]
    assert sorted(p.name for p in (REPO / "graph" / "corpus").iterdir()) == before


@pytest.mark.parametrize("field, value", [("source", "https://example.org/a|b"),
                                          ("publisher", "organization:ihk nrw")])
def test_ingested_metadata_iris_in_documents_yaml(mini_root, field, value):
    path = mini_root / "graph/corpus/documents.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"  {field}: '{value}'\n", encoding="utf-8")
    err = compile_error(mini_root)
    assert err.path == path and err.line == line_of(path, value) and "invalid" in err.message
