"""The exceptions nrwkg raises: every input error names its file and line."""

from __future__ import annotations

from pathlib import Path

__all__ = ["NrwkgError", "InputError", "ValidationError", "QueryError", "NoBuildError"]


class NrwkgError(Exception):
    """Base of every error nrwkg reports to a user."""


class InputError(NrwkgError):
    """A curated or source file is wrong; names the file and the line."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")


class ValidationError(NrwkgError):
    """The compiled graph breaks a rule (SHACL, OWL consistency, a violation query)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("validation failed:\n" + "\n".join(f"  - {p}" for p in problems))


class QueryError(NrwkgError):
    """A query cannot be run: syntax error, unknown query or parameter, refused feature."""


class NoBuildError(QueryError):
    """There is no finished build where one was asked for (a QueryError, as the engines raised before)."""

    def __init__(self, build_dir: Path | str):
        self.build_dir = Path(build_dir)
        super().__init__(f"no build found in {build_dir}/: run `nrwkg build` first (or pass --build-dir)")
