"""The command line: every command has help; errors are one clear line with a non-zero exit."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nrwkg.cli import parser


def _run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nrwkg", *args], capture_output=True, text=True, cwd=cwd)


def _commands() -> list[str]:
    sub = next(a for a in parser()._actions if a.dest == "command")
    return sorted(sub.choices)


def test_help_lists_every_command_with_examples():
    result = _run("--help")
    assert result.returncode == 0
    for name in _commands():
        assert name in result.stdout
    assert "examples:" in result.stdout


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(command):
    result = _run(command, "--help")
    assert result.returncode == 0 and "usage: nrwkg " + command in result.stdout


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command):
    from tests.conftest import REPO

    assert f"nrwkg {command}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_stats_without_a_build_is_one_clear_line(tmp_path):
    result = _run("stats", "--build-dir", str(tmp_path / "nothing"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "run `nrwkg build` first" in result.stderr and "Traceback" not in result.stderr


def test_stats_of_the_bundled_build_has_no_triple_without_evidence(built):
    result = _run("stats", "--build-dir", str(built))
    assert result.returncode == 0, result.stderr
    assert "Asserted triples without evidence: 0" in result.stdout
    for name in ("000_", "001_", "002_", "003_", "004_"):
        assert name in result.stdout
