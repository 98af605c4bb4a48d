"""The site's URL scheme: where each generated page of a build lives, relative to the build folder.

One place decides every path, so that views, entity pages, the document reader, the timeline,
the query page and the API link to the same files:

| page | path |
| --- | --- |
| entity page | `pages/{kind}/{slug}.html` (its RDF beside it: `pages/{kind}/{slug}.ttl`) |
| document reader | `documents/{slug}.html`, a passage `documents/{slug}.html#q-{start}-{end}` |
| ego view (depth 1) | `views/ego/{kind}/{slug}.html` |
| document view | `views/document/{slug}.html` |

Resource IRIs are `https://w3id.org/nrwkg/id/{kind}/{slug}`; anything else has no page.
"""

from __future__ import annotations

import posixpath

from nrwkg.namespaces import ID

__all__ = [
    "split_iri",
    "page_path",
    "rdf_path",
    "ego_path",
    "document_view_path",
    "reader_path",
    "passage_anchor",
    "passage_path",
    "relative",
    "root_of",
]


def split_iri(iri: str) -> tuple[str, str] | None:
    """(kind, slug) of a resource IRI `https://w3id.org/nrwkg/id/{kind}/{slug}`, else None."""
    if not iri.startswith(str(ID)):
        return None
    kind, _, slug = iri[len(str(ID)) :].partition("/")
    return (kind, slug) if kind and slug and "/" not in slug else None


def page_path(iri: str) -> str | None:
    """The entity page of a resource."""
    parts = split_iri(iri)
    return f"pages/{parts[0]}/{parts[1]}.html" if parts else None


def rdf_path(iri: str, extension: str = "ttl") -> str | None:
    """The description of a resource as RDF, beside its page (for static hosting)."""
    parts = split_iri(iri)
    return f"pages/{parts[0]}/{parts[1]}.{extension}" if parts else None


def ego_path(iri: str, depth: int = 1, bounded: bool = True) -> str | None:
    """The ego view of a resource; a deeper view gets a file of its own (`….depth-2.html`), and so
    does one without the bound on its nodes (`….all.html`, `….depth-2.all.html`)."""
    parts = split_iri(iri)
    if not parts:
        return None
    suffix = ("" if depth == 1 else f".depth-{depth}") + ("" if bounded else ".all")
    return f"views/ego/{parts[0]}/{parts[1]}{suffix}.html"


def document_view_path(iri: str) -> str | None:
    parts = split_iri(iri)
    return f"views/document/{parts[1]}.html" if parts and parts[0] == "document" else None


def reader_path(iri: str) -> str | None:
    """The reader of a source document: its full text with every evidence passage marked."""
    parts = split_iri(iri)
    return f"documents/{parts[1]}.html" if parts and parts[0] == "document" else None


def passage_anchor(start: int, end: int) -> str:
    """The id of a passage in the reader: character offsets into the stored text."""
    return f"q-{int(start)}-{int(end)}"


def passage_path(document: str, start: int, end: int) -> str | None:
    """The reader opened at a highlighted passage, e.g. `documents/aluminiumbuendnis-nrw.html#q-10-90`."""
    path = reader_path(document)
    return f"{path}#{passage_anchor(start, end)}" if path else None


def relative(source: str, target: str) -> str:
    """The relative link from the page at build-relative `source` to build-relative `target`."""
    path, _, fragment = target.partition("#")
    folder = posixpath.dirname(source)
    rel = posixpath.relpath(path, folder or ".")
    if folder and "/" not in rel and rel != "." and posixpath.dirname(path) == folder:
        # a sibling page: `../goal/x.html` rather than `x.html`, so that a link reads the same
        # wherever in the folder tree it is written
        rel = f"../{posixpath.basename(folder)}/{rel}"
    if path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel + ("#" + fragment if fragment else "")


def root_of(source: str) -> str:
    """The relative path from the page at build-relative `source` to the build folder (`../../`)."""
    depth = source.count("/")
    return "../" * depth
