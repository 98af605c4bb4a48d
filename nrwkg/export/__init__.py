"""Exports of a finished build for linked-data consumers, spreadsheets and network tools.

One module per format family (rdf, rdfxml, jsonld, tables, graphml, void, dcat); formats.py names
the files, bundle.py writes them. Everything reads one OpenedBuild (nrwkg.opened). Importing this package is
light: the writers load when they run.
"""

from __future__ import annotations

from pathlib import Path

from nrwkg.export.formats import DEFAULT_BASE_URL, EXPORT_DIR, FORMATS, GRAPH_FORMATS

__all__ = ["DEFAULT_BASE_URL", "EXPORT_DIR", "FORMATS", "GRAPH_FORMATS", "export", "write_exports"]


def write_exports(build, out: Path) -> None:
    """The `nrwkg build` step: every export under out/export/ (from the build opened once)."""
    from nrwkg.export.bundle import write_exports as write

    write(build, out)


def export(build_dir: Path, fmt: str = "all", graph: str | None = None, output: str | None = None,
           base_url: str = DEFAULT_BASE_URL, sparql_endpoint: str | None = None) -> list[str]:
    """`nrwkg export`: see nrwkg.export.bundle.export."""
    from nrwkg.export.bundle import export as run

    return run(build_dir, fmt, graph, output, base_url, sparql_endpoint)
