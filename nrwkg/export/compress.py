"""Compressed copies of the large dumps (`nrwkg.nq.gz` …), byte for byte the same on every build.

gzip stores a modification time and may store a file name; both are left out (mtime 0, no name),
so two builds of the same data give identical .gz files and identical checksums in dcat.ttl.
Level 6 (zlib's default): level 9 took twice the time (1.1 s instead of 0.46 s for nrwkg.nq of a
10× corpus) for files 6-7 % smaller.
"""

from __future__ import annotations

import zlib
from pathlib import Path

__all__ = ["COMPRESSED", "LEVEL", "gzip_bytes", "gzip_file", "compressed"]

COMPRESSED = ("nrwkg.nq", "nrwkg.nt", "nrwkg.trig", "nrwkg.ttl")  # each also written as NAME.gz
LEVEL = 6
_GZIP = 31  # zlib's wbits for a gzip stream: zlib writes the header (mtime 0, no name) and trailer
_BLOCK = 1 << 20  # bytes of a file compressed at a time


def _compressor():
    return zlib.compressobj(LEVEL, zlib.DEFLATED, _GZIP)


def gzip_bytes(data: bytes) -> bytes:
    """`data` gzipped: the bytes of gzip.compress(data, LEVEL, mtime=0) (whose own way this is)."""
    gz = _compressor()
    return gz.compress(data) + gz.flush()


def gzip_file(source: Path, target: Path) -> None:
    """`source` gzipped into `target` block by block, never read whole: the same bytes as
    gzip_bytes of its contents (deflate gives the same stream however its input is cut)."""
    gz = _compressor()
    with open(source, "rb") as data, open(target, "wb") as out:
        while block := data.read(_BLOCK):
            out.write(gz.compress(block))
        out.write(gz.flush())


def compressed(files: dict[str, bytes]) -> dict[str, bytes]:
    """NAME.gz → bytes for every file of COMPRESSED among `files`."""
    return {f"{name}.gz": gzip_bytes(files[name]) for name in COMPRESSED if name in files}
