"""The violation queries (queries/checks/*-violation.rq) catch what they guard against.

Each query has a violating and a conforming fixture (tests/fixtures/checks/, see its README): the
query must name every `bad-` node of the violating one, return nothing on the conforming one, and
nothing on the bundled build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from nrwkg.store import open_store, store_from_nquads
from nrwkg.validate.checks import check_files, run_checks
from tests.conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
CHECKS = check_files(REPO / "queries")
BAD = re.compile(r"<(https://w3id\.org/nrwkg/id/[a-z]+/bad-[a-z0-9-]+)>")


def _name(path: Path) -> str:
    return path.stem.removesuffix("-violation")


def _store(fixture: Path) -> ox.Store:
    quads = ox.parse(path=str(fixture), format=ox.RdfFormat.TRIG)
    return store_from_nquads(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))


def _answer(check: Path, fixture: Path) -> list[dict]:
    """The rows of one check on a fixture, run as the build runs every check."""
    return next(r.rows for r in run_checks(_store(fixture), REPO / "queries") if r.name == check.stem)


def _bad_nodes(fixture: Path) -> set[str]:
    expanded = ox.serialize(ox.parse(path=str(fixture), format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS)
    return set(BAD.findall(expanded.decode("utf-8")))


def test_every_check_has_both_fixtures():
    assert len(CHECKS) >= 10
    missing = [f"{_name(c)}.{kind}.trig" for c in CHECKS for kind in ("violating", "conforming")
               if not (FIXTURES / f"{_name(c)}.{kind}.trig").is_file()]
    assert missing == []


@pytest.mark.parametrize("check", CHECKS, ids=_name)
def test_the_check_names_every_offending_node(check):
    fixture = FIXTURES / f"{_name(check)}.violating.trig"
    bad = _bad_nodes(fixture)
    assert bad, f"{fixture.name} names no bad- node"
    named = {value for row in _answer(check, fixture) for value in row.values()}
    assert bad <= named, f"{check.name} missed {sorted(bad - named)}"


@pytest.mark.parametrize("check", CHECKS, ids=_name)
def test_the_check_accepts_the_conforming_fixture(check):
    assert _answer(check, FIXTURES / f"{_name(check)}.conforming.trig") == []


def test_the_bundled_build_violates_no_check(built):
    failing = {r.name: r.rows[:3] for r in run_checks(open_store(built), REPO / "queries") if r.rows}
    assert failing == {}
