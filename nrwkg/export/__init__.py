"""Exports of a finished build for linked-data consumers, spreadsheets and network tools.

One module per format family (rdf, rdfxml, jsonld, tables, graphml, void, dcat); formats.py names
the files, bundle.py writes them. Everything reads one OpenedBuild (nrwkg.opened). Importing this package is
light: the writers load when they run.
"""

from __future__ import annotations

from pathlib import Path

from nrwkg.export.formats import DEFAULT_BASE_URL, EXPORT_DIR, FORMATS, GRAPH_FORMATS

__all__ = ["DEFAULT_BASE_URL", "EXPORT_DIR", "FORMATS", "GRAPH_FORMATS", "export",
           "write_dataset_exports", "write_network_exports", "write_export_catalog"]


def write_dataset_exports(build, out: Path) -> None:
    """The first `nrwkg build` export step: the formats that read the named graphs alone (RDF, VoID)."""
    from nrwkg.export.bundle import write_dataset_exports as write

    write(build, out)


def write_network_exports(build, out: Path) -> None:
    """The second `nrwkg build` export step: the formats that read the store and the network (GEXF,
    GraphML, CSV)."""
    from nrwkg.export.bundle import write_network_exports as write

    write(build, out)


def write_export_catalog(build, out: Path) -> None:
    """The last `nrwkg build` export step: dcat.ttl describing every file of out/export/ (both halves)."""
    from nrwkg.export.bundle import write_export_catalog as write

    write(build, out)


def export(build_dir: Path, fmt: str = "all", graph: str | None = None, output: str | None = None,
           base_url: str = DEFAULT_BASE_URL, sparql_endpoint: str | None = None) -> list[str]:
    """`nrwkg export`: see nrwkg.export.bundle.export."""
    from nrwkg.export.bundle import export as run

    return run(build_dir, fmt, graph, output, base_url, sparql_endpoint)
