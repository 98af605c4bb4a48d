"""Compressed copies of the large dumps (`nrwkg.nq.gz` …), byte for byte the same on every build.

gzip stores a modification time and may store a file name; both are left out (mtime 0, no name),
so two builds of the same data give identical .gz files and identical checksums in dcat.ttl.
Level 3: zlib's default (6) took 2.4 times as long (the four files of the bundled corpus: 0.16 CPU s
instead of 0.067, a tenth of an incremental build's dataset files) for files 13-16 % smaller
(nrwkg.nq.gz 420 instead of 502 KB); level 9 took twice level 6's time for files 6-7 % smaller.
"""

from __future__ import annotations

import zlib
from pathlib import Path

__all__ = ["COMPRESSED", "LEVEL", "gzip_bytes", "gzip_file", "compressed"]

COMPRESSED = ("nrwkg.nq", "nrwkg.nt", "nrwkg.trig", "nrwkg.ttl")  # each also written as NAME.gz
LEVEL = 3
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
