"""Shared fixtures: a real build of the bundled corpus, and copies of the data for bad-input tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A complete `nrwkg build` of the bundled corpus in a temporary folder (once per session).

    Set NRWKG_TEST_BUILD=PATH to reuse an existing build folder instead (for quick local runs).
    """
    reuse = os.environ.get("NRWKG_TEST_BUILD")
    if reuse:
        return Path(reuse)
    from nrwkg.build import build

    out = tmp_path_factory.mktemp("nrwkg") / "build"
    build(out)
    return out


@pytest.fixture
def data_root(tmp_path) -> Path:
    """A writable copy of ontology/, queries/ and graph/ to break on purpose."""
    root = tmp_path / "root"
    for name in ("ontology", "queries", "graph"):
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture
def mini_root(tmp_path) -> Path:
    """A data root with the project's ontology/ and queries/ and the minimal graph of
    tests/fixtures/mini/ (statements from the Letter of Intent): small, fast, breakable."""
    root = tmp_path / "mini"
    for name in ("ontology", "queries"):
        shutil.copytree(REPO / name, root / name)
    fixture = Path(__file__).parent / "fixtures" / "mini"
    graph = root / "graph"
    (graph / "corpus").mkdir(parents=True)
    shutil.copy(REPO / "graph" / "prefixes.ttl", graph / "prefixes.ttl")
    shutil.copytree(REPO / "graph" / "reference", graph / "reference")
    shutil.copy(REPO / "graph" / "corpus" / "002_5c0d0ef1a373a4d5.txt", graph / "corpus")
    shutil.copy(fixture / "documents.yaml", graph / "corpus" / "documents.yaml")
    shutil.copytree(fixture / "registry", graph / "registry")
    shutil.copytree(fixture / "statements", graph / "statements")
    return root
