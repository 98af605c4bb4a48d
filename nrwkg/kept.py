"""Files an incremental build keeps from the previous build folder instead of writing them again.

A writer that can say what a file is made from (its *key*: a digest of the template and of every
value the file's bytes come from) asks `keep(path, key)` before it renders the file. When the
previous build wrote the same path from the same key and that file is still the one it wrote
(same size, modification time and inode: nobody replaced or edited it since), the file is linked
into the new build folder (copied where the file system cannot link) and the writer skips it;
otherwise the writer writes it and tells `wrote(path, key)`. What each file was written from is
kept between builds in memos (nrwkg.memo, nrwkg.buildcache) by path.

The output stays byte-identical to a build from scratch: a file is kept only when its key, which
holds everything its bytes depend on for the same code (the memo is only read by the same code,
nrwkg.buildcache.code_key), is the one the kept file was written from. A build from scratch
(`nrwkg build --full`) loads no memo and keeps nothing.

`nrwkg.build.write_build` sets the folders (`kept_from`); outside a build nothing is kept.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nrwkg.memo import memo

__all__ = ["kept_from", "key_of", "keep", "wrote", "previous_folder"]

# build-relative path → (key, size, modification time in ns, inode) of the file the last build
# wrote there from that key: one memo per top folder (pages/, documents/, views/ …), as a writer in
# a process of its own saves the memos it filled (nrwkg.build) and each top folder has one writer
def _written(name: str) -> dict[str, tuple[bytes, int, int, int]]:
    return memo(f"kept-{name.split('/', 1)[0]}")


_FOLDERS: list[tuple[Path | None, Path]] = []  # (previous build folder, folder being written), while a build runs


@contextmanager
def kept_from(previous: Path | None, staging: Path) -> Iterator[None]:
    """While a build writes `staging`: files may be kept from `previous` (None: none are, and what
    each file is written from is recorded for the next build)."""
    _FOLDERS.append((previous, staging))
    _MADE.clear()
    try:
        yield
    finally:
        _FOLDERS.remove((previous, staging))
        _MADE.clear()


_MADE: set[str] = set()  # the folders `keep` has made (or found) in the folder being written


def previous_folder() -> Path | None:
    """The previous build folder files may be kept from, during an incremental build; else None."""
    return _FOLDERS[-1][0] if _FOLDERS else None


def key_of(*parts) -> bytes | None:
    """A digest of `parts` (pickled: plain data, in the order it is given); None when they cannot
    be pickled (such a file is always written)."""
    digest = hashlib.sha256()
    try:  # streamed into the digest: the pickle of a large view is never held whole
        pickle.Pickler(_Sink(digest.update), protocol=pickle.HIGHEST_PROTOCOL).dump(parts)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return digest.digest()


class _Sink:
    def __init__(self, write):
        self.write = write


def _relative(path: Path) -> tuple[Path | None, str] | None:
    """(previous build folder, `path` relative to the folder being written), during a build."""
    if not _FOLDERS:
        return None
    previous, staging = _FOLDERS[-1]
    text, root = os.fspath(path), os.fspath(staging)
    if os.sep == "/" and text.startswith(root + "/"):  # a path made as staging / name (pathlib: no ., no //)
        return previous, text[len(root) + 1:]
    try:
        return previous, Path(path).relative_to(staging).as_posix()
    except ValueError:
        return None


def keep(path: Path, key: bytes | None) -> bool:
    """Place the previous build's file at `path` if it was written from `key` and is unchanged
    since; False when the caller must write it."""
    found = _relative(path)
    if found is None or key is None:
        return False
    previous, name = found
    if previous is None:
        return False
    written = _written(name).get(name)
    if written is None or written[0] != key:
        return False
    source = os.path.join(previous, name)
    try:
        st = os.lstat(source)
    except OSError:
        return False
    if (st.st_size, st.st_mtime_ns, st.st_ino) != written[1:]:
        return False
    folder = os.path.dirname(os.fspath(path))
    if folder not in _MADE:  # one mkdir a folder, not one a file (1,250 files kept after a label edit)
        os.makedirs(folder, exist_ok=True)
        _MADE.add(folder)
    try:
        os.link(source, path)
    except OSError:
        shutil.copy2(source, path)  # the same modification time: still known as the written file
        _record(name, key, Path(path))
    return True


def wrote(path: Path, key: bytes | None) -> None:
    """The file at `path` has just been written from `key`."""
    found = _relative(path)
    if found is not None and key is not None:
        _record(found[1], key, Path(path))


def _record(name: str, key: bytes, path: Path) -> None:
    st = os.lstat(path)
    _written(name)[name] = (key, st.st_size, st.st_mtime_ns, st.st_ino)
