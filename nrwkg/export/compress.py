"""Compressed copies of the large dumps (`nrwkg.nq.gz` …), byte for byte the same on every build.

gzip stores a modification time and may store a file name; both are left out (mtime 0, no name),
so two builds of the same data give identical .gz files and identical checksums in dcat.ttl.
"""

from __future__ import annotations

import gzip

__all__ = ["COMPRESSED", "gzip_bytes", "compressed"]

COMPRESSED = ("nrwkg.nq", "nrwkg.nt", "nrwkg.trig", "nrwkg.ttl")  # each also written as NAME.gz


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def compressed(files: dict[str, bytes]) -> dict[str, bytes]:
    """NAME.gz → bytes for every file of COMPRESSED among `files`."""
    return {f"{name}.gz": gzip_bytes(files[name]) for name in COMPRESSED if name in files}
