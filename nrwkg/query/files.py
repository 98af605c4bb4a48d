"""The one loader of the query files: queries/<folder>/<name>.rq.

Folders: "" (the query library), checks, export, network, pages, views, stats, store. Every file
stands alone: its own prefixes, a `#+ summary:` header and, for a SELECT, an ORDER BY; outside
the library a SELECT whose reader sorts the rows itself says so instead (`#+ order: none; x.py sorts …`).
An export query (queries/export/) declares its list columns, `#+ lists:` (nrwkg.export.tables.list_columns).
"""

from __future__ import annotations

from pathlib import Path

from nrwkg import paths
from nrwkg.errors import QueryError

__all__ = ["query_path", "query_text", "query_names"]


def query_path(folder: str, name: str, root: Path | None = None) -> Path:
    return (root or paths.QUERIES) / folder / f"{name}.rq"


def query_text(folder: str, name: str, root: Path | None = None) -> str:
    """The text of queries/<folder>/<name>.rq (raises QueryError naming the file when it is missing)."""
    return _read(query_path(folder, name, root))


def query_names(folder: str, root: Path | None = None, pattern: str = "*.rq") -> list[str]:
    """The sorted names (file stems) of the queries in queries/<folder>/."""
    return sorted(p.stem for p in ((root or paths.QUERIES) / folder).glob(pattern))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"no query file {path}") from None
