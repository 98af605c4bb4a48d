"""Static HTML for people: an entity page per node (build/pages/) and the ontology documentation
(build/ontology/index.html). Both are steps of `nrwkg build`."""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_pages", "write_ontology_docs"]


def write_pages(build, out: Path) -> None:
    """The `nrwkg build` step: out/pages/index.html and out/pages/{kind}/{slug}.html."""
    from nrwkg.opened import opened_build
    from nrwkg.pages.entities import write_entity_pages

    opened = opened_build(build, out)
    write_entity_pages(opened.store, out, opened.network)


def write_ontology_docs(build, out: Path) -> None:
    """The `nrwkg build` step: out/ontology/index.html from the ontology graph."""
    from nrwkg.namespaces import GRAPH_ONTOLOGY
    from nrwkg.opened import opened_build
    from nrwkg.pages.ontology_doc import write_ontology_page

    opened = opened_build(build, out)
    ontology = opened.compiled.ontology if opened.compiled is not None else opened.graph(GRAPH_ONTOLOGY)
    write_ontology_page(ontology, out)
