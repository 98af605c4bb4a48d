"""Linked data under `nrwkg serve`: entity IRIs that resolve, and the dataset's VoID description.

`/id/{kind}/{slug}` (the path of https://w3id.org/nrwkg/id/{kind}/{slug}) negotiates: a browser
(HTML) gets 303 to the entity page `pages/{kind}/{slug}.html`; Turtle, N-Triples, JSON-LD or
RDF/XML get the entity's description with its evidence, read from the RDF the build wrote beside
the page. `/.well-known/void` answers with the build's VoID description (export/void.ttl).
"""

from __future__ import annotations

import re
from pathlib import Path

from nrwkg.serve.negotiate import GRAPH_TYPES, accepts, choose
from nrwkg.serve.safety import Refused

__all__ = ["ID_PREFIX", "VOID_PATH", "answer", "resolve_id", "void"]

ID_PREFIX = "/id/"
VOID_PATH = "/.well-known/void"
_SLUG = re.compile(r"^/id/([a-z0-9][a-z0-9-]*)/([A-Za-z0-9][A-Za-z0-9._-]*)$")
_FORMATS = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "jsonld": "JSON_LD", "rdfxml": "RDF_XML"}


def _wants_html(accept: str | None) -> bool:
    wants_rdf = max((accepts(accept, m) for _, _, types in GRAPH_TYPES for m in types), default=0.0)
    return not accept or accepts(accept, "text/html") >= wants_rdf or (wants_rdf == 0 and "*/*" in accept)


def _convert(turtle: bytes, accept: str | None, base: str | None = None) -> tuple[bytes, str]:
    import pyoxigraph as ox

    chosen = choose(accept, GRAPH_TYPES)
    if chosen is None:
        raise Refused(406, "available as HTML, Turtle, N-Triples, JSON-LD and RDF/XML")
    name, content_type = chosen
    if name == "turtle":
        return turtle, content_type
    triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE, base_iri=base))
    return ox.serialize(triples, format=getattr(ox.RdfFormat, _FORMATS[name])) or b"", content_type


def resolve_id(build_dir: Path, path: str, accept: str | None) -> tuple[int, bytes, str | None, dict]:
    """(status, body, content type, headers) for a request of /id/{kind}/{slug}."""
    m = _SLUG.match(path)
    if not m:
        raise Refused(404, "not found")
    kind, slug = m.groups()
    page = build_dir / "pages" / kind / f"{slug}.html"
    rdf = build_dir / "pages" / kind / f"{slug}.ttl"
    if not page.is_file() or not rdf.is_file():
        raise Refused(404, f"no entity {kind}:{slug} in this build")
    headers = {"Vary": "Accept"}
    if _wants_html(accept):
        return 303, b"", None, {**headers, "Location": f"../../pages/{kind}/{slug}.html"}
    body, content_type = _convert(rdf.read_bytes(), accept)
    return 200, body, content_type, {**headers, "Link": f'<../../pages/{kind}/{slug}.html>; rel="alternate"; '
                                                        'type="text/html"'}


def void(build_dir: Path, accept: str | None) -> tuple[int, bytes, str | None, dict]:
    """The VoID description of the dataset, in the RDF format asked for (Turtle by default)."""
    path = build_dir / "export" / "void.ttl"
    if not path.is_file():
        raise Refused(404, "this build has no export/void.ttl: run `nrwkg export`")
    if not accept or accept.strip() in ("*/*", "text/html") or "text/html" in accept and "turtle" not in accept:
        accept = "text/turtle"
    body, content_type = _convert(path.read_bytes(), accept)
    return 200, body, content_type, {"Vary": "Accept"}


def answer(build_dir: Path, path: str, accept: str | None) -> tuple[int, bytes, str | None, dict]:
    """The response to a linked-data path (/id/… or /.well-known/void)."""
    return void(build_dir, accept) if path == VOID_PATH else resolve_id(build_dir, path, accept)
