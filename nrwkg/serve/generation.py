"""One build generation: the build folder as one `nrwkg build` left it, and the workers on its store.

`nrwkg build` writes a new folder and renames it into place, so each build is a new directory
(a new device/inode pair) at the same path. The server compares that pair with its generation's
on every request (one stat call); when a new build has been swapped in, it opens a new generation
(new workers on the new store, its graphs and description) before it answers anything else, and
retires the old one once its running queries had their time. Pages and query answers therefore
always come from the same build, and so do remembered answers: each generation has its own
answer cache (nrwkg.serve.cache), dropped with it.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nrwkg.errors import NrwkgError

if TYPE_CHECKING:
    from nrwkg.serve.cache import ResultCache
    from nrwkg.serve.pool import WorkerPool

__all__ = ["Generation", "identity"]

log = logging.getLogger("nrwkg.serve")


def identity(build_dir: Path) -> tuple[int, int] | None:
    """(device, inode) of the build folder, None while it is missing (a build is being swapped in)."""
    try:
        found = os.stat(build_dir)
    except OSError:
        return None
    return found.st_dev, found.st_ino


@dataclass(eq=False)
class Generation:
    ident: tuple[int, int]
    pool: WorkerPool
    info: dict
    graphs: frozenset[str]
    descriptions: dict = field(default_factory=dict)  # (endpoint, format) -> bytes
    cache: ResultCache | None = None  # this generation's answers (nrwkg.serve.cache), None: not kept
    store_path: str = ""
    _store: object = None

    @property
    def store(self):
        """The store opened read-only in the server process, for bounded queries (opened on first use)."""
        if self._store is None:
            from nrwkg.serve.remote import open_backend

            self._store = open_backend(self.store_path)  # build/store, or the --backend endpoint
        return self._store

    @classmethod
    def open(cls, build_dir: Path, settings) -> Generation:
        """Workers on the store of the build now at `build_dir` (raises NrwkgError)."""
        from nrwkg.serve.pool import WorkerPool

        for _ in range(5):  # a build swapped in while the workers started: start again on the new one
            ident = identity(build_dir)
            store = build_dir / "store"
            backend = getattr(settings, "backend", None)  # a remote endpoint instead of build/store
            if ident is None or (backend is None and not store.is_dir()):
                raise NrwkgError(f"no store in {build_dir}/: run `nrwkg build` first")
            location = backend or str(store)
            try:
                pool = WorkerPool(location, settings.workers, settings.timeout, settings.memory_mb,
                                  expect=None if backend else (str(build_dir), *ident),
                                  in_memory_quads=getattr(settings, "in_memory_quads", 0))
            except NrwkgError:
                if identity(build_dir) != ident:
                    continue
                raise
            try:
                info = pool.info()
            except BaseException:
                pool.close()
                raise
            return cls(ident, pool, info, frozenset(info["graphs"]), store_path=location, cache=_cache(settings))
        raise NrwkgError(f"{build_dir}/ kept changing while the server opened it: try again after the build")

    def retire(self, grace: float) -> None:
        """End the workers once queries already running have had `grace` seconds to finish; forget
        the remembered answers now (no request reads them after the switch)."""
        self.cache = None
        def end() -> None:
            self.pool.close()
            self._store = None  # the server's own handle on the old store

        timer = threading.Timer(grace, end)
        timer.daemon = True
        timer.start()


def _cache(settings) -> ResultCache | None:
    """A new, empty answer cache for a generation; none with --backend (the remote store may change
    without a new build) or with --cache-mb 0."""
    from nrwkg.serve.cache import ResultCache

    megabytes = getattr(settings, "cache_mb", 0)
    if getattr(settings, "backend", None) or not megabytes:
        return None
    return ResultCache(megabytes * 1024 * 1024)
