"""Violation queries (queries/checks/*-violation.rq): each must return no rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from nrwkg.query.files import query_names, query_path, query_text
from nrwkg.query.solutions import text
from nrwkg.store import select

__all__ = ["CheckResult", "run_checks", "check_files", "check_problems"]


@dataclass
class CheckResult:
    name: str
    rows: list[dict[str, str]]


def check_files(queries_dir: Path) -> list[Path]:
    return [query_path("checks", name, queries_dir)
            for name in query_names("checks", queries_dir, "*-violation.rq")]


def run_checks(store: ox.Store, queries_dir: Path) -> list[CheckResult]:
    results = []
    for path in check_files(queries_dir):
        solutions = select(store, query_text("checks", path.stem, queries_dir))
        names = [v.value for v in solutions.variables]
        rows = [{n: text(sol, n) for n in names} for sol in solutions]
        results.append(CheckResult(path.stem, rows))
    return results


def check_problems(store: ox.Store, queries_dir: Path, shown: int = 10) -> list[str]:
    """The rows of every check as problems, at most `shown` of each, then how many more it found."""
    problems: list[str] = []
    for result in run_checks(store, queries_dir):
        for row in result.rows[:shown]:
            problems.append(f"{result.name}: " + ", ".join(f"{k}={v}" for k, v in row.items()))
        if len(result.rows) > shown:
            problems.append(f"{result.name}: … {len(result.rows) - shown} more rows")
    return problems
