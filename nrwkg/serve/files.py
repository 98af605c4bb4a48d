"""Files of the build as HTTP responses: validators (ETag, Last-Modified), conditional requests
(304) and gzip compression of text formats for clients that accept it.

The ETag names the file's size and modification time, so it changes whenever the build rewrites
the file; a compressed response gets its own ETag (`…-gzip`). Compressed bodies are kept in a
small cache keyed by path, size and time.
"""

from __future__ import annotations

import gzip
import os
import threading
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

__all__ = ["file_response", "COMPRESSIBLE"]

COMPRESSIBLE = ("text/", "application/json", "application/ld+json", "application/n-triples",
                "application/n-quads", "application/trig", "application/rdf+xml", "application/xml",
                "application/gexf+xml", "application/graphml+xml", "application/sparql-query",
                "image/svg+xml")
_MIN_SIZE = 1024
_CACHE: dict[tuple[str, int, int], bytes] = {}
_CACHE_BYTES = 64 << 20
_LOCK = threading.Lock()


def _accepts_gzip(header: str | None) -> bool:
    for part in (header or "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
            try:
                return float(q) > 0
            except ValueError:
                return False
    return False


def _compressed(path: Path, size: int, mtime: int) -> bytes:
    key = (str(path), size, mtime)
    with _LOCK:
        found = _CACHE.get(key)
    if found is not None:
        return found
    body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
    with _LOCK:
        if sum(map(len, _CACHE.values())) + len(body) > _CACHE_BYTES:
            _CACHE.clear()
        _CACHE[key] = body
    return body


def _not_modified(headers, etag: str, mtime_s: float) -> bool:
    match = headers.get("If-None-Match")
    if match is not None:
        return any(tag.strip() in (etag, "*", "W/" + etag) for tag in match.split(","))
    since = headers.get("If-Modified-Since")
    if since:
        try:
            return int(mtime_s) <= int(parsedate_to_datetime(since).timestamp())
        except (TypeError, ValueError, OverflowError):
            return False
    return False


def file_response(path: Path, content_type: str, headers) -> tuple[int, bytes | None, dict]:
    """(status, body or None to stream the file as it is, response headers) for a GET/HEAD of `path`."""
    stat = os.stat(path)
    etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    out = {"Last-Modified": formatdate(stat.st_mtime, usegmt=True), "Cache-Control": "no-cache"}
    compress = content_type.startswith(COMPRESSIBLE) and stat.st_size >= _MIN_SIZE
    if compress:
        out["Vary"] = "Accept-Encoding"
        if _accepts_gzip(headers.get("Accept-Encoding")):
            etag = etag[:-1] + '-gzip"'
            out["ETag"] = etag
            if _not_modified(headers, etag, stat.st_mtime):
                return 304, b"", out
            out["Content-Encoding"] = "gzip"
            return 200, _compressed(path, stat.st_size, stat.st_mtime_ns), out
    out["ETag"] = etag
    if _not_modified(headers, etag, stat.st_mtime):
        return 304, b"", out
    return 200, None, out
