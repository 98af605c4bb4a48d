"""A control character (U+001F, the exports' list separator, and every other one but TAB, LF, CR)
in a curated literal or a source text is refused with file, line and character; a previous build
stays as it was, and `nrwkg ingest` writes nothing."""

from __future__ import annotations

import hashlib

import pytest
import yaml

from nrwkg.build import build, write_dataset
from nrwkg.compile.dataset import compile_dataset
from nrwkg.errors import InputError, NrwkgError
from tests.data_edits import compile_error, edit, line_of
from tests.test_build import _digest
from tests.test_ingest import PM

STATEMENTS = "graph/statements/002_loi.yaml"
REGISTRY = "graph/registry/entities.yaml"


def _refused(err: InputError, path, line: int, character: str = "U+001F") -> None:
    assert err.path == path and err.line == line, str(err)
    assert f"control character {character}" in err.message, err.message


@pytest.mark.parametrize(("escape", "character"), [
    (r"\u001F", "U+001F"), (r"\U0000001f", "U+001F"), (r"\u0000", "U+0000"), (r"\b", "U+0008"),
    (r"\f", "U+000C"), (r"\u007F", "U+007F"),
])
def test_an_escape_in_a_turtle_literal_of_a_statements_file(mini_root, escape, character):
    path = mini_root / STATEMENTS
    edit(path, 'nrw:roleTitle "Präsident"@de', f'nrw:roleTitle "Prä{escape}sident"@de')
    _refused(compile_error(mini_root), path, line_of(path, "nrw:roleTitle \"Prä"), character)


def test_an_escape_in_a_double_quoted_yaml_value_of_a_statements_file(mini_root):
    path = mini_root / STATEMENTS
    edit(path, "quote: Düsseldorf, den 20. Januar 2023", 'quote: "Düsseldorf,\\x1F den 20. Januar 2023"')
    _refused(compile_error(mini_root), path, line_of(path, "Düsseldorf,\\x1F"))


def test_a_control_character_written_as_such_in_a_statements_file(mini_root):
    path = mini_root / STATEMENTS
    edit(path, 'nrw:roleTitle "Präsident"@de', 'nrw:roleTitle "Prä\x1fsident"@de')
    _refused(compile_error(mini_root), path, line_of(path, "Prä\x1fsident"))


def test_another_character_yaml_refuses_is_an_error_with_its_line(mini_root):
    path = mini_root / REGISTRY
    edit(path, "label: Ralf Stoffels", "label: Ralf\x90Stoffels")  # a C1 control character: YAML's own refusal
    err = compile_error(mini_root)
    assert err.path == path and err.line == line_of(path, "Ralf\x90Stoffels")
    assert "character U+0090 is not allowed in YAML" in err.message


@pytest.mark.parametrize(("file", "value", "escaped", "raw"), [
    (REGISTRY, "label: Ralf Stoffels", 'label: "Ralf\\u001FStoffels"', "label: Ralf\x1fStoffels"),
    ("ontology/schemes.ttl", '"Instrumenttypen"@de', '"Instrument\\u001Ftypen"@de', '"Instrument\x1ftypen"@de'),
], ids=["registry-yaml", "ontology-turtle"])
def test_a_label_written_as_an_escape_or_as_such(mini_root, file, value, escaped, raw):
    path = mini_root / file
    edit(path, value, escaped)
    _refused(compile_error(mini_root), path, line_of(path, escaped))
    edit(path, escaped, raw)
    _refused(compile_error(mini_root), path, line_of(path, raw))


def test_an_escape_in_a_turtle_comment_is_no_literal(mini_root):
    path = mini_root / "ontology/schemes.ttl"
    edit(path, '"Instrumenttypen"@de', '"Instrumenttypen"@de  # not "\\u001F"\n   ')
    compile_dataset(mini_root)


def test_a_cell_of_the_external_identifier_table(mini_root):
    path = mini_root / "graph/reference/external-ids.tsv"
    edit(path, "Vallourec\torg", "Vall\x1fourec\torg")
    _refused(compile_error(mini_root), path, line_of(path, "Vall\x1fourec"))


def test_a_source_text(mini_root):
    text = mini_root / "graph/corpus/002_5c0d0ef1a373a4d5.txt"
    data = text.read_bytes().replace("Düsseldorf".encode(), "Düssel\fdorf".encode(), 1)
    text.write_bytes(data)
    meta = mini_root / "graph/corpus/documents.yaml"
    edit(meta, "d7d48b8bc07846b19d37a58ed9fd261aac3abfb08e9a8aef90429e0dc74148eb", hashlib.sha256(data).hexdigest())
    line = data.decode("utf-8").split("Düssel\fdorf")[0].count("\n") + 1  # a form feed ends no line
    _refused(compile_error(mini_root), text, line, "U+000C")


def test_tab_line_feed_and_carriage_return_are_allowed(mini_root):
    path = mini_root / STATEMENTS
    edit(path, 'nrw:roleTitle "Präsident"@de', 'nrw:roleTitle "Prä\\tsi\\r\\ndent"@de')
    compile_dataset(mini_root)


def test_a_refused_character_leaves_the_previous_build_untouched(mini_root, tmp_path):
    out = tmp_path / "build"
    build(out, mini_root, artefacts=[write_dataset])
    before = _digest(out)
    path = mini_root / REGISTRY
    edit(path, "label: Ralf Stoffels", 'label: "Ralf\\u001FStoffels"')
    with pytest.raises(InputError, match="U\\+001F"):
        build(out, mini_root, artefacts=[write_dataset])
    assert _digest(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".build")], "staging folder left behind"


def test_ingest_refuses_a_text_with_a_control_character_and_writes_nothing(data_root, tmp_path):
    from nrwkg.ingest.command import ingest

    lines = PM.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + "\x1f\n"
    text = tmp_path / "pm.txt"
    text.write_text("".join(lines), encoding="utf-8")
    graph = data_root / "graph"
    before = {p: p.read_bytes() for p in sorted(graph.rglob("*")) if p.is_file()}
    with pytest.raises(InputError) as info:
        ingest(text, "document:pm-steuerzeichen", {"type": "doctype:press-release"}, root=data_root)
    _refused(info.value, text, 3)
    with pytest.raises(NrwkgError, match="--title: control character U\\+001F"):
        ingest(PM, "document:pm-steuerzeichen", {"type": "doctype:press-release", "title": "A\x1fB"},
               root=data_root)
    assert {p: p.read_bytes() for p in sorted(graph.rglob("*")) if p.is_file()} == before
    assert yaml.safe_load((graph / "corpus" / "documents.yaml").read_text(encoding="utf-8"))[-1]["id"] != \
        "document:pm-steuerzeichen"


def test_ingest_refuses_a_draft_that_would_hold_a_control_character():
    from nrwkg.ingest.command import refuse_controls_in_draft
    from nrwkg.ingest.drafts import analyse
    from nrwkg.ingest.knowledge import load_knowledge
    from tests.conftest import REPO

    draft = analyse(PM.read_text(encoding="utf-8"), "document:pm-steuerzeichen", load_knowledge(REPO))
    refuse_controls_in_draft(draft)  # the fixture's draft holds none
    statement = draft.statements[0]
    statement["turtle"] = statement["turtle"].replace('"', '"\x1f', 1)
    with pytest.raises(NrwkgError, match=f"draft statement {statement['id']}, turtle: control character U\\+001F"):
        refuse_controls_in_draft(draft)
