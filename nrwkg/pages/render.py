"""Writing a page: the pages use the site's one HTML layer (nrwkg.html) and URL scheme (nrwkg.urls).
A page whose template and context are those the previous build wrote it from is kept from that
build instead of being rendered again (nrwkg.kept)."""

from __future__ import annotations

from pathlib import Path

from nrwkg.html import write
from nrwkg.kept import keep, key_of, wrote

__all__ = ["write_page"]


def write_page(path: Path, template: str, **context) -> None:
    key = key_of(template, context)
    if not keep(path, key):
        write(path, template, **context)
        wrote(path, key)
