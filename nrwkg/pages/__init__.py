"""Static HTML for people: an entity page per node (build/pages/) and the ontology documentation
(build/ontology/index.html). Both are steps of `nrwkg build`."""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_pages", "write_ontology_docs"]


def write_pages(compiled, out: Path) -> None:
    """The `nrwkg build` step: out/pages/index.html and out/pages/{kind}/{slug}.html."""
    from nrwkg.pages.entities import write_entity_pages
    from nrwkg.store import open_store

    write_entity_pages(open_store(out), out)


def write_ontology_docs(compiled, out: Path) -> None:
    """The `nrwkg build` step: out/ontology/index.html from the ontology graph."""
    from nrwkg.pages.ontology_doc import write_ontology_page

    write_ontology_page(compiled.ontology, out)
