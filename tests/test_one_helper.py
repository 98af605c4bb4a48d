"""Issue 10.3: one helper each for "no build found", IRI to CURIE and solution to value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from nrwkg.errors import NoBuildError, NrwkgError, QueryError
from nrwkg.paths import require_build
from nrwkg.prefixes import compact_iri, resource_curie
from nrwkg.query.solutions import integer, text

REPO = Path(__file__).resolve().parents[1]


def test_require_build_is_the_one_no_build_error(tmp_path):
    with pytest.raises(NoBuildError) as info:
        require_build(tmp_path)
    assert isinstance(info.value, QueryError) and isinstance(info.value, NrwkgError)
    assert str(info.value) == f"no build found in {tmp_path}/: run `nrwkg build` first (or pass --build-dir)"
    (tmp_path / "dataset.nq").write_text("", encoding="utf-8")
    assert require_build(tmp_path) == tmp_path


@pytest.mark.parametrize("command", [["stats"], ["views"], ["export"], ["query", "documents"], ["serve"]])
def test_every_command_reports_a_missing_build_alike(tmp_path, command):
    done = subprocess.run([sys.executable, "-m", "nrwkg", *command, "--build-dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 1
    assert done.stderr.strip() == (f"nrwkg: error: no build found in {tmp_path}/: "
                                   "run `nrwkg build` first (or pass --build-dir)")


def test_compact_iri_takes_the_longest_namespace():
    mapping = {"id": "https://w3id.org/nrwkg/id/", "organization": "https://w3id.org/nrwkg/id/organization/"}
    assert compact_iri("https://w3id.org/nrwkg/id/organization/mwike", mapping) == "organization:mwike"
    assert compact_iri("https://w3id.org/nrwkg/id/person/x", mapping) == "id:person/x"
    assert compact_iri("https://w3id.org/nrwkg/id/organization/", mapping) == "id:organization/"
    assert compact_iri("https://schema.org/Person", mapping) is None


def test_resource_curie():
    assert resource_curie("https://w3id.org/nrwkg/id/organization/mwike") == "organization:mwike"
    assert resource_curie("https://w3id.org/nrwkg/ontology#Ministry") == "nrw:Ministry"
    assert resource_curie("https://schema.org/Person") is None


def test_solution_values():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("7")))
    solution = next(iter(store.query(
        "SELECT ?s ?missing (COUNT(*) AS ?n) WHERE { ?s ?p ?o OPTIONAL { ?s <http://example.org/q> ?missing } } "
        "GROUP BY ?s ?missing ORDER BY ?s")))
    assert text(solution, "s") == "http://example.org/s"
    assert text(solution, "missing") == ""
    assert integer(solution, "n") == 1
