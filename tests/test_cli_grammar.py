"""One CLI grammar (issue 10, point 5): shared options declared once, `-` is standard output for every
writer, `json` for every reader, and every command and option is in `--help` and in the README.

The command list and options are read from the parser itself, so a command added later is held
to the same rule: its row in the README's command reference must name each of its options.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nrwkg.cli import parser
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
WRITERS = ("export", "views", "query", "review")  # commands that write a result somewhere
READERS = ("stats", "coverage", "query")  # commands that print what they read


def _commands() -> dict[str, argparse.ArgumentParser]:
    (sub,) = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def _options(sp: argparse.ArgumentParser) -> list[str]:
    return [s for a in sp._actions for s in a.option_strings if s not in ("-h", "--help")]


def _nrwkg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nrwkg", *args], capture_output=True, text=True, timeout=900,
                          cwd=cwd, env={**os.environ, "PYTHONPATH": str(REPO)})


def _readme_row(command: str) -> str:
    rows = [line for line in README.splitlines() if line.startswith(f"| `nrwkg {command}` |")]
    assert len(rows) == 1, f"the README's command reference has no single row for nrwkg {command}"
    return rows[0]


def test_every_command_is_in_the_top_help_and_every_option_in_its_help_and_the_readme():
    commands = _commands()
    assert {"build", "check", "stats", "coverage", "serve", "export", "views", "query"} <= set(commands)
    top = _nrwkg("--help").stdout
    for name, sp in commands.items():
        assert re.search(rf"^\s+{name}\s", top, re.M), f"nrwkg --help does not list {name}"
        own = sp.format_help()
        row = _readme_row(name)
        for option in _options(sp):
            assert option in own, f"nrwkg {name} --help does not show {option}"
            assert re.search(rf"[`/]{re.escape(option)}[`/ ]", row), (
                f"the README row of nrwkg {name} does not name {option}")


def test_build_dir_is_declared_once_and_shared():
    declared = [p.relative_to(REPO).as_posix() for p in (REPO / "nrwkg").rglob("*.py")
                if 'add_argument("--build-dir"' in p.read_text(encoding="utf-8")]
    assert declared == ["nrwkg/cli_options.py"]
    uses = {name for name, sp in _commands().items() if "--build-dir" in _options(sp)}
    assert uses >= {"build", "stats", "serve", "export", "views", "query", "publish"}


def test_every_writer_takes_output_and_every_reader_json():
    commands = _commands()
    for name in WRITERS:
        assert {"-o", "--output"} <= set(_options(commands[name])), name
    for name in READERS:
        (fmt,) = [a for a in commands[name]._actions if "--format" in a.option_strings]
        assert "json" in fmt.choices, name


def test_views_output_dash_is_standard_output_not_a_file(built, tmp_path):
    result = _nrwkg("views", "--build-dir", str(built.resolve()), "--entity", "organization:mwike", "-o", "-",
                    cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in result.stdout
    assert list(tmp_path.iterdir()) == [], "a file was written beside the page on standard output"


def test_views_old_out_spelling_still_writes_the_file(built, tmp_path):
    target = tmp_path / "mwike.html"
    result = _nrwkg("views", "--build-dir", str(built.resolve()), "--entity", "organization:mwike",
                    "--out", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_query_output_to_a_file_equals_standard_output(built, tmp_path):
    args = ("query", "documents", "--build-dir", str(built), "--format", "csv")
    printed = _nrwkg(*args).stdout
    assert _nrwkg(*args, "-o", str(tmp_path / "docs.csv")).returncode == 0
    assert (tmp_path / "docs.csv").read_text(encoding="utf-8") == printed
    assert printed.startswith("document,")


def test_stats_json_says_what_the_text_says(built):
    data = json.loads(_nrwkg("stats", "--build-dir", str(built), "--format", "json").stdout)
    text = _nrwkg("stats", "--build-dir", str(built)).stdout
    assert f"): {data['entities']}\n" in text
    assert f"Distinct triples (union): {data['distinct_triples']}" in text
    assert data["asserted_triples_without_evidence"] == 0
    assert data["entities_by_class"]["https://w3id.org/nrwkg/ontology#Document"] == len(data["documents"])
    with (built / "export" / "csv" / "entities.csv").open(encoding="utf-8", newline="") as fh:
        assert data["entities"] == len(list(csv.DictReader(fh)))


@pytest.mark.parametrize("summary", [True, False])
def test_coverage_json_says_what_the_text_says(summary):
    flag = ("--summary",) if summary else ()
    data = json.loads(_nrwkg("coverage", "--format", "json", *flag).stdout)
    text = _nrwkg("coverage", *flag).stdout
    assert f"total  {data['covered']}/{data['sentences']} sentences with evidence" in text
    for doc in data["documents"]:
        assert f"{doc['file']}  {doc['covered']}/{doc['sentences']} sentences" in text
        assert ("uncovered" in doc) is not summary
        for sentence in doc.get("uncovered", []):
            assert f"    line {sentence['line']}: {sentence['text']}" in text
