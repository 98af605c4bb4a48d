"""Whether a build folder already holds what a build would write into it.

Every file of a build is a function of the dataset's N-Quads, the prefixes, the artefact writers
and the code (`nrwkg export` rewrites the exports from build/dataset.nq alone and gets the same
bytes). After a build is swapped in, the build cache records that *output key* with the folder's
manifest: every file's path, size, mode, modification time and inode. A later build whose output
key is the same finds the folder up to date when the manifest still matches (nobody wrote to,
replaced, added or removed a file since), and leaves it as it is. The pages of `nrwkg review`
(build/review/), which builds carry over without writing them, are not part of the manifest.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["output_key", "manifest", "input_manifest", "INPUT_FOLDERS"]

_CARRIED_OVER = "review"  # build/review/: written by `nrwkg review`, kept by every build
INPUT_FOLDERS = ("graph", "ontology", "queries")  # what a build of a data root reads there


def output_key(code: str, dataset_digest: bytes, prefixes: dict[str, str], writers: Iterable[Callable]) -> str:
    digest = hashlib.sha256(f"{code}\n".encode())
    for prefix, namespace in sorted(prefixes.items()):
        digest.update(f"{prefix} {namespace}\n".encode())
    for write in writers:
        digest.update(f"{write.__module__}.{write.__qualname__}\n".encode())
    digest.update(dataset_digest)
    return digest.hexdigest()


def manifest(build_dir: Path, under: str | None = None) -> dict[str, tuple[int, int, int, int]]:
    """Path → (size, mode, modification time in ns, inode) of every file and link in build_dir (in
    its folder `under` alone, if given)."""
    found: dict[str, tuple[int, int, int, int]] = {}
    for path, dirs, files in os.walk(build_dir if under is None else build_dir / under):
        if path == str(build_dir) and _CARRIED_OVER in dirs:
            dirs.remove(_CARRIED_OVER)
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(path, name)
            st = os.lstat(full)
            found[os.path.relpath(full, build_dir)] = (st.st_size, st.st_mode, st.st_mtime_ns, st.st_ino)
    return found


def input_manifest(root: Path) -> dict[str, tuple[int, int, int, int]]:
    """manifest() of the folders of a data root a build reads (INPUT_FOLDERS): when it is the one
    the last build of a folder found, that build most likely has nothing to write (a hint only:
    whether it does is decided by the output key)."""
    found: dict[str, tuple[int, int, int, int]] = {}
    for folder in INPUT_FOLDERS:
        if (root / folder).is_dir():
            found.update(manifest(root, folder))
    return found
