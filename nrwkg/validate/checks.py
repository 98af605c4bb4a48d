"""Violation queries (queries/checks/*-violation.rq): each must return no rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from nrwkg.store import select

__all__ = ["CheckResult", "run_checks", "check_files"]


@dataclass
class CheckResult:
    name: str
    rows: list[dict[str, str]]


def check_files(queries_dir: Path) -> list[Path]:
    return sorted((queries_dir / "checks").glob("*-violation.rq"))


def _text(term) -> str:
    return term.value if term is not None else ""


def run_checks(store: ox.Store, queries_dir: Path) -> list[CheckResult]:
    results = []
    for path in check_files(queries_dir):
        solutions = select(store, path.read_text(encoding="utf-8"))
        names = [v.value for v in solutions.variables]
        rows = [{n: _text(sol[n]) for n in names} for sol in solutions]
        results.append(CheckResult(path.stem, rows))
    return results
