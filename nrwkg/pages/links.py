"""Relative links for many pages at once: nrwkg.urls.relative, worked out once per folder and target.

An entity page links a few dozen pages and passages, and the pages of one folder link the same
targets over and over; `posixpath.relpath` (what nrwkg.urls.relative uses) asks the operating
system for the working directory on every call. A link depends only on the folder of the page
that holds it and on the target page (a `#fragment` is kept as it is), so it is cached by those.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from nrwkg import urls

__all__ = ["relative"]


@lru_cache(maxsize=1 << 16)
def _relative(folder: str, path: str) -> str:
    return urls.relative(posixpath.join(folder, "page.html"), path)


def relative(source: str, target: str) -> str:
    """The relative link from the page at build-relative `source` to build-relative `target`
    (the same as nrwkg.urls.relative)."""
    path, _, fragment = target.partition("#")
    rel = _relative(posixpath.dirname(source), path)
    return f"{rel}#{fragment}" if fragment else rel
