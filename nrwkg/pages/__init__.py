"""Static HTML for people: an entity page per node (build/pages/), a reader per source document
(build/documents/) and the ontology documentation (build/ontology/index.html). All are steps of
`nrwkg build`, rendered through the site's one HTML layer (nrwkg.html)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_pages", "write_page_indexes", "write_ontology_docs"]


def write_pages(build, out: Path) -> None:
    """The `nrwkg build` step: out/pages/{kind}/{slug}.html and the document readers
    out/documents/{slug}.html. None of them reads the export folder, so they may be written while
    the exports are; the pages that list export files come after them (write_page_indexes)."""
    from nrwkg.opened import opened_build
    from nrwkg.pages.describe import write_descriptions
    from nrwkg.pages.entities import site_data, write_entity_pages
    from nrwkg.pages.reader import write_readers
    from nrwkg.pages.redirects import write_redirects
    from nrwkg.pages.statements import dataset_quads, read_statements

    opened = opened_build(build, out)
    statements = read_statements(dataset_quads(opened.store, out), opened.network.nodes)
    # the descriptions first: they alone read the triples by subject (`about`, `annotations`: most
    # of the dataset as pyoxigraph terms), which the pages and readers then do without
    write_descriptions(statements, out, opened.network.nodes, opened.prefixes.mapping)
    statements.about, statements.annotations = {}, {}
    site = site_data(opened.store, opened.network, statements)
    write_entity_pages(opened.store, out, site, index=False)
    opened.site = site  # for write_page_indexes
    documents = opened.compiled.documents if opened.compiled is not None else _documents()
    write_readers(site, documents, out)
    write_redirects(out)


def write_page_indexes(build, out: Path) -> None:
    """The `nrwkg build` step after the exports and their catalog: out/pages/index.html (it links the
    export files that are there) and out/export/index.html (every file of the export folder)."""
    from nrwkg.opened import opened_build
    from nrwkg.pages.downloads import write_download_index
    from nrwkg.pages.entities import site_data, write_entity_index

    opened = opened_build(build, out)
    site = opened.site or site_data(opened.store, opened.network)
    opened.site = None
    write_entity_index(site, out)
    write_download_index(out)


def _documents():
    """The bundled corpus (for rewriting the pages of an existing build)."""
    from nrwkg import paths
    from nrwkg.compile.corpus import load_corpus
    from nrwkg.prefixes import load_prefixes

    graph = paths.DATA_ROOT / "graph"
    return load_corpus(graph / "corpus", load_prefixes(graph / "prefixes.ttl"))


def write_ontology_docs(build, out: Path) -> None:
    """The `nrwkg build` step: out/ontology/index.html from the ontology graph."""
    from nrwkg.namespaces import GRAPH_ONTOLOGY
    from nrwkg.opened import opened_build
    from nrwkg.pages.ontology_doc import write_ontology_page

    opened = opened_build(build, out)
    ontology = opened.compiled.ontology if opened.compiled is not None else opened.graph(GRAPH_ONTOLOGY)
    write_ontology_page(ontology, out)
