"""jemalloc for the query workers, where the system has it (Debian: `apt install libjemalloc2`).

pyoxigraph allocates and frees many small objects while it evaluates a query (solution tuples,
hash tables); with glibc's allocator that took about a sixth of a worker's CPU time under load
(perf, the load test's fresh mix). With jemalloc in the workers, the endpoint spent 9-14 % less CPU
per request (server and workers, `scripts/load_test.py --scenario fresh`, in turns with the
same server on glibc's allocator): most of it in the workers, whose queries run side by side on
a busy machine; a worker running the queries one after another alone gains 3-5 %.

An allocator is chosen when a program starts, so the workers get it through `LD_PRELOAD` in the
environment they start with. `nrwkg serve` sets it in its own environment before it starts any
thread (setting a variable while other threads may read the environment is unsafe in C); the server
process itself keeps the allocator it started with, and only the processes it starts, its query
workers, load jemalloc. A `LD_PRELOAD` already set is left as it is.
"""

from __future__ import annotations

import ctypes.util
import os
from collections.abc import MutableMapping

__all__ = ["JEMALLOC", "find_jemalloc", "preload_for_workers"]

JEMALLOC = "jemalloc"


def find_jemalloc() -> str | None:
    """The file name of the system's jemalloc library (for the dynamic loader), or None."""
    return ctypes.util.find_library(JEMALLOC)


def preload_for_workers(environ: MutableMapping[str, str] | None = None) -> str | None:
    """Have the processes started from now on load jemalloc (call while this process has one thread).

    Returns the library now preloaded, or None: jemalloc is not installed, or `LD_PRELOAD` was set
    already (by the user; it is not changed)."""
    environ = os.environ if environ is None else environ
    if environ.get("LD_PRELOAD"):
        return None
    library = find_jemalloc()
    if library is None:
        return None
    environ["LD_PRELOAD"] = library
    return library
