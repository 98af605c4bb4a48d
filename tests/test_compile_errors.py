"""Every bad input gets an error naming the file and the line; nothing else is accepted silently."""

from __future__ import annotations

import re

import pytest

from nrwkg.compile.dataset import compile_dataset
from tests.data_edits import compile_error, edit, line_of


def test_mini_root_compiles(mini_root):
    compiled = compile_dataset(mini_root)
    assert len(compiled.statement_files) == 1


def test_malformed_yaml_names_file_and_line(mini_root):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, "  - id: place-named\n", "  - id: place-named\n    quote: [unclosed\n")
    err = compile_error(mini_root)
    assert err.path == path and err.line is not None
    assert "malformed YAML" in str(err)


def test_unknown_id_names_line_of_turtle(mini_root):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, "place:duesseldorf skos:altLabel", "place:dusseldorf skos:altLabel")
    err = compile_error(mini_root)
    assert err.path == path and "unknown id" in err.message and "place/dusseldorf" in err.message
    assert err.line == line_of(path, "place:dusseldorf skos:altLabel")


def test_duplicate_registry_id(mini_root):
    path = mini_root / "graph/registry/entities.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "- id: person:ralf-stoffels\n  type: nrw:Person\n"
                    "  label: Ralf Stoffels\n", encoding="utf-8")
    err = compile_error(mini_root)
    assert err.path == path and "duplicate id" in err.message
    assert err.line == len(path.read_text(encoding="utf-8").splitlines()) - 2


def test_duplicate_statement_id(mini_root):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, "  - id: place-named", "  - id: date-place")
    err = compile_error(mini_root)
    assert "duplicate statement id" in err.message
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [n for n, line in enumerate(lines, start=1) if line.strip() == "- id: date-place"][1]
    assert err.line == second


def test_quote_not_in_text(mini_root):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, "quote: Düsseldorf, den 20. Januar 2023", "quote: Düsseldorf, den 21. Januar 2023")
    err = compile_error(mini_root)
    assert err.path == path and "quote not found" in err.message
    assert err.line == line_of(path, "21. Januar 2023")


@pytest.mark.parametrize("bad", ["person:Ralf_Stoffels", "person:ralf stoffels"])
def test_invalid_iri_in_registry(mini_root, bad):
    path = mini_root / "graph/registry/entities.yaml"
    edit(path, "id: person:ralf-stoffels", f"id: {bad}")
    err = compile_error(mini_root)
    assert err.path == path and re.search(r"invalid", err.message)
    assert err.line == line_of(path, bad)


def test_invalid_iri_in_turtle(mini_root):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, "place:duesseldorf skos:altLabel", "<https://w3id.org/nrwkg/id/place/D%C3%BCsseldorf> skos:altLabel")
    err = compile_error(mini_root)
    assert "invalid resource IRI" in err.message and err.path == path


def test_unknown_ontology_term(mini_root):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, "nrw:roleTitle \"Präsident\"@de", "nrw:roleTitel \"Präsident\"@de")
    err = compile_error(mini_root)
    assert "unknown ontology term nrw:roleTitel" in err.message and err.path == path


def test_turtle_syntax_error_points_at_the_broken_line(mini_root):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, 'nrw:roleTitle "Ministerin"@de ;', 'nrw:roleTitle "Ministerin@de ;')
    err = compile_error(mini_root)
    assert "Turtle" in err.message and err.path == path
    assert err.line == line_of(path, '"Ministerin@de')


def test_blank_nodes_are_refused(mini_root):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, 'place:duesseldorf skos:altLabel "Düsseldorf"@de .', '[] skos:altLabel "Düsseldorf"@de .')
    assert "blank nodes" in compile_error(mini_root).message


def test_changed_text_is_refused_by_its_hash(mini_root):
    text = mini_root / "graph/corpus/002_5c0d0ef1a373a4d5.txt"
    text.write_bytes(text.read_bytes().replace(b"20. Januar", b"21. Januar"))
    err = compile_error(mini_root)
    assert err.path.name == "documents.yaml" and "sha256" in err.message and "changed" in err.message
    assert err.line == line_of(err.path, "sha256:")


def test_unknown_class_and_unknown_external_row(mini_root):
    path = mini_root / "graph/registry/entities.yaml"
    edit(path, "type: nrw:Chamber", "type: nrw:Chambre")
    err = compile_error(mini_root)
    assert "unknown class" in err.message and err.line == line_of(path, "nrw:Chambre")
    edit(path, "type: nrw:Chambre", "type: nrw:Chamber")
    edit(path, "external: IHK NRW", "external: IHK Nordrhein-Westfalen")
    err = compile_error(mini_root)
    assert "external-ids.tsv" in err.message and err.line == line_of(path, "IHK Nordrhein-Westfalen")


def test_unknown_field_is_refused(mini_root):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, "  - id: place-named\n", "  - id: place-named\n    qoute: typo\n")
    assert "unknown field" in compile_error(mini_root).message


def test_inferred_statement_needs_a_reason(mini_root):
    path = mini_root / "graph/statements/002_loi.yaml"
    edit(path, "  - id: place-named\n", "  - id: place-named\n    inferred: ''\n")
    assert "reason" in compile_error(mini_root).message
