"""Relative links for many pages at once: nrwkg.urls.relative, worked out once per folder and target.

An entity page links a few dozen pages and passages, and the pages of one folder link the same
targets over and over; `posixpath.relpath` (what nrwkg.urls.relative uses) asks the operating
system for the working directory on every call. A link depends only on the folder of the page
that holds it and on the target page (a `#fragment` is kept as it is), so it is cached by those,
and between two plain build-relative paths (no `.`, `..` or empty parts) it is worked out from
their parts alone, as relpath would.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from nrwkg import urls

__all__ = ["relative"]

_NOT_PLAIN = frozenset({"", ".", ".."})


@lru_cache(maxsize=1 << 16)
def _relative(folder: str, path: str) -> str:
    ups = folder.split("/") if folder else []
    downs = path.split("/")
    if _NOT_PLAIN.intersection(ups) or _NOT_PLAIN.intersection(downs):
        return urls.relative(posixpath.join(folder, "page.html"), path)
    common = 0
    for up, down in zip(ups, downs, strict=False):
        if up != down:
            break
        common += 1
    rel = "/".join([".."] * (len(ups) - common) + downs[common:]) or "."
    if folder and "/" not in rel and rel != "." and len(downs) == len(ups) + 1 and common == len(ups):
        rel = f"../{ups[-1]}/{rel}"  # a sibling page reads the same wherever it is linked from (urls.relative)
    return rel


_folder = lru_cache(maxsize=1 << 12)(posixpath.dirname)  # a page asks for dozens of links


def relative(source: str, target: str) -> str:
    """The relative link from the page at build-relative `source` to build-relative `target`
    (the same as nrwkg.urls.relative)."""
    path, _, fragment = target.partition("#")
    rel = _relative(_folder(source), path)
    return f"{rel}#{fragment}" if fragment else rel
