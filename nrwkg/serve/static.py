"""Files of the build folder served as they are: safe path resolution and content types."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

__all__ = ["resolve", "content_type", "HIDDEN"]

HIDDEN = {"store"}  # the binary store is for the workers only
TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json",
    ".txt": "text/plain; charset=utf-8", ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon", ".woff2": "font/woff2",
    ".woff": "font/woff", ".ttl": "text/turtle; charset=utf-8", ".nt": "application/n-triples",
    ".nq": "application/n-quads", ".trig": "application/trig", ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml", ".owl": "application/rdf+xml", ".csv": "text/csv; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8", ".gexf": "application/gexf+xml",
    ".graphml": "application/graphml+xml", ".xml": "application/xml", ".rq": "application/sparql-query",
}


def resolve(root: Path, url_path: str) -> Path | None:
    """The file or folder under `root` that `url_path` names, or None (missing, hidden, outside `root`).

    Segments are decoded once; `..`, `.`, backslashes, NUL and dotfiles are refused before the
    file system is touched, and the real path (symlinks followed) must stay inside root.
    """
    try:
        parts = [unquote(p, errors="strict") for p in url_path.split("/") if p]
    except UnicodeDecodeError:
        return None
    for part in parts:
        if part.startswith(".") or "\\" in part or "\0" in part or "/" in part:
            return None
    base = Path(os.path.realpath(root))
    target = Path(os.path.realpath(base.joinpath(*parts)))
    if not target.is_relative_to(base) or not (target.is_file() or target.is_dir()):
        return None
    inside = target.relative_to(base).parts
    if inside and inside[0] in HIDDEN:
        return None
    return target


def content_type(path: Path) -> str:
    return TYPES.get(path.suffix.lower(), "application/octet-stream")
