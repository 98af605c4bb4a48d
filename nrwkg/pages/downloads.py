"""build/export/index.html: the export folder as a page, one link per file with its size.

Static hosts and `nrwkg serve` show a folder through its index.html, so `export/` is a page, not a 404.
"""

from __future__ import annotations

from pathlib import Path

from nrwkg.pages.render import write_page

__all__ = ["write_download_index"]


def _size(n: int) -> str:
    for unit, step in (("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= step:
            return f"{n / step:.1f} {unit}".replace(".", ",")
    return f"{n} B"


def write_download_index(out: Path) -> int:
    """Write out/export/index.html listing every file under out/export/; returns how many."""
    folder = out / "export"
    if not folder.is_dir():
        return 0
    files = [{"href": p.relative_to(folder).as_posix(), "size": _size(p.stat().st_size)}
             for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "index.html"]
    write_page(folder / "index.html", "downloads.html", files=files, root="../")
    return len(files)
