"""The violation queries run by a process of their own (nrwkg.validate.apart) find what they find in
this process, and an error there comes back as the same exception."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from nrwkg.store import store_from_nquads
from nrwkg.validate.apart import ChecksHere, check_problems_apart, start_check_problems_apart, start_checks
from nrwkg.validate.checks import check_problems
from tests.conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures" / "checks"


@pytest.mark.parametrize("fixture", ["signatory-not-linked.violating.trig", "label-missing.violating.trig",
                                     "triple-without-evidence.violating.trig"])
def test_the_process_of_their_own_finds_the_same_problems_in_the_same_order(fixture, tmp_path):
    nquads = ox.serialize(ox.parse(path=str(FIXTURES / fixture), format=ox.RdfFormat.TRIG),
                          format=ox.RdfFormat.N_QUADS)
    (tmp_path / "dataset.nq").write_bytes(nquads)
    here = check_problems(store_from_nquads(nquads), REPO / "queries")
    assert here
    assert check_problems_apart(tmp_path / "dataset.nq", None, REPO / "queries") == here


def test_an_error_in_the_process_comes_back_as_its_exception(tmp_path):
    with pytest.raises(FileNotFoundError):
        check_problems_apart(tmp_path / "no-such-dataset.nq", None, REPO / "queries")


def test_a_stopped_process_is_ended_and_says_so(tmp_path):
    """When SHACL fails first, the violation queries' process is ended, not left running."""
    (tmp_path / "dataset.nq").write_bytes(b"")
    checks = start_check_problems_apart(tmp_path / "dataset.nq", None, REPO / "queries")
    checks.stop()
    assert checks._process.returncode is not None  # ended and reaped
    with pytest.raises(RuntimeError, match="stopped before its answer"):
        checks.result()


@pytest.mark.parametrize("fixture", ["signatory-not-linked.violating.trig", "triple-without-evidence.violating.trig"])
def test_a_small_dataset_is_checked_here_with_the_same_problems(fixture, tmp_path):
    nquads = ox.serialize(ox.parse(path=str(FIXTURES / fixture), format=ox.RdfFormat.TRIG),
                          format=ox.RdfFormat.N_QUADS)
    (tmp_path / "dataset.nq").write_bytes(nquads)
    checks = start_checks(tmp_path / "dataset.nq", None, REPO / "queries")
    assert isinstance(checks, ChecksHere)
    assert checks.result() == check_problems_apart(tmp_path / "dataset.nq", None, REPO / "queries")
    with pytest.raises(FileNotFoundError):
        ChecksHere(tmp_path / "no-such-dataset.nq", None, REPO / "queries").result()


def test_the_checks_here_read_the_store_they_are_given(tmp_path):
    """A build loads the checks' store once, before the validation's process is forked, and hands
    it to the violation queries (nrwkg.build._checked_store): they query that store, not the files."""
    violating = ox.serialize(ox.parse(path=str(FIXTURES / "signatory-not-linked.violating.trig"),
                                      format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS)
    conforming = ox.serialize(ox.parse(path=str(FIXTURES / "signatory-not-linked.conforming.trig"),
                                       format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS)
    (tmp_path / "dataset.nq").write_bytes(violating)
    loaded = ChecksHere(tmp_path / "dataset.nq", None, REPO / "queries").result()
    assert any(problem.startswith("signatory-not-linked-violation:") for problem in loaded)
    given = start_checks(tmp_path / "dataset.nq", None, REPO / "queries", store_from_nquads(violating))
    assert given.result() == loaded
    other = start_checks(tmp_path / "dataset.nq", None, REPO / "queries", store_from_nquads(conforming))
    assert not any(problem.startswith("signatory-not-linked-violation:") for problem in other.result())


def test_the_build_loads_the_checks_store_with_every_check(tmp_path):
    """nrwkg.build._checked_store: the store of the dataset's files as the violation queries load it
    (the same quads in every graph); None when that load refuses the files (an IRI with a space,
    which the build's lenient load would let through), so the validation loads them and says why."""
    from rdflib import Literal, URIRef

    from nrwkg.build import _checked_store
    from nrwkg.opened import OpenedBuild
    from nrwkg.store import load_store

    registry = URIRef("https://w3id.org/nrwkg/graph/registry")
    label = (URIRef("https://w3id.org/nrwkg/id/x"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("x"))
    opened = OpenedBuild({registry: {label}})
    store = _checked_store(opened)
    assert store is not None and opened.checked_store is store
    expected = load_store(opened.nquads_file(), opened.union_file())
    assert sorted(map(str, store)) == sorted(map(str, expected)) and len(store) == 2  # the named graph and the default
    broken = OpenedBuild({registry: {label, (URIRef("https://w3id.org/nrwkg/id/y"),
                                             URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
                                             URIRef("http://exa mple.org/"))}})
    with pytest.raises(SyntaxError):
        load_store(broken.nquads_file(), broken.union_file())
    assert _checked_store(broken) is None and broken.checked_store is None
