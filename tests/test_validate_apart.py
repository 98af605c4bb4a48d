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
