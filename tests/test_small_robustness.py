"""Issue 9.7 (smaller items) and 12.1: each case failed before its fix.

- an empty registry file was skipped, and the build failed later with "unknown id" in a statements file;
- `nrwkg query` crashed with UnicodeEncodeError printing German text under an ASCII locale;
- a text in graph/corpus/ that documents.yaml does not list was silently ignored.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nrwkg.compile.dataset import compile_dataset
from nrwkg.errors import InputError

REPO = Path(__file__).resolve().parents[1]


def _error(root: Path) -> InputError:
    with pytest.raises(InputError) as info:
        compile_dataset(root)
    return info.value


@pytest.mark.parametrize("content", ["", "# all entries moved elsewhere\n", "[]\n"])
def test_empty_registry_file_is_named(mini_root, content):
    path = mini_root / "graph/registry/entities.yaml"
    path.write_text(content, encoding="utf-8")
    err = _error(mini_root)
    assert err.path == path
    assert "empty registry file" in err.message
    assert "unknown id" not in err.message


def test_corpus_text_missing_from_documents_yaml_is_an_error(mini_root):
    corpus = mini_root / "graph/corpus"
    extra = sorted(p for p in (REPO / "graph/corpus").glob("*.txt") if not (corpus / p.name).exists())[0]
    shutil.copy(extra, corpus / extra.name)
    err = _error(mini_root)
    assert err.path == corpus / "documents.yaml"
    assert extra.name in err.message and "not listed" in err.message


def test_listed_corpus_compiles_without_complaint(mini_root):
    assert len(compile_dataset(mini_root).documents) == 1


def _query(env_changes: dict[str, str | None], built: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run([sys.executable, "-m", "nrwkg", "query", *args, "--build-dir", str(built)],
                          capture_output=True, env=env, timeout=300, cwd=REPO)


@pytest.mark.parametrize("env_changes", [
    {"LC_ALL": "C", "LANG": None, "PYTHONUTF8": "0", "PYTHONIOENCODING": None},
    {"PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"},
])
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_prints_german_text_under_an_ascii_locale(built, env_changes, fmt):
    done = _query(env_changes, built, "documents", "--format", fmt)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    # piped output is UTF-8 whatever the locale: "Absichtserklärung" is the German label of doctype:letter-of-intent
    assert "Absichtserklärung".encode() in done.stdout or b"Absichtserkl\\u00e4rung" in done.stdout
