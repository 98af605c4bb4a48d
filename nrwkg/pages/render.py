"""Writing a page: the pages use the site's one HTML layer (nrwkg.html) and URL scheme (nrwkg.urls)."""

from __future__ import annotations

from pathlib import Path

from nrwkg.html import write

__all__ = ["write_page"]


def write_page(path: Path, template: str, **context) -> None:
    write(path, template, **context)
