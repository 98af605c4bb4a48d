"""`nrwkg serve` gives its query workers jemalloc where it is installed, and only them.

The workers are separate processes; the allocator a process uses is the library mapped into it,
read from /proc/PID/maps. The server process keeps the allocator it started with. `--malloc system`
and an LD_PRELOAD set by the user leave the workers on what they would load without nrwkg.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from nrwkg.serve.allocator import find_jemalloc, preload_for_workers
from nrwkg.serve.loadtest import _children, server_process

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="LD_PRELOAD and /proc are Linux's")
needs_jemalloc = pytest.mark.skipif(find_jemalloc() is None, reason="jemalloc is not installed (Debian: libjemalloc2)")


def maps_jemalloc(pid: int) -> bool:
    return "jemalloc" in Path(f"/proc/{pid}/maps").read_text()


def workers_of(pid: int) -> list[int]:
    """The query workers of `nrwkg serve` (its spawned Python children, not the resource tracker)."""
    return [child for child in _children(pid)
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()]


def answer(url: str) -> list:
    data = urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?class }"}).encode()
    request = urllib.request.Request(url + "sparql", data=data,
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["results"]["bindings"]


def test_an_ld_preload_set_by_the_user_is_left_as_it_is():
    environ = {"LD_PRELOAD": "libtcmalloc.so.4"}
    assert preload_for_workers(environ) is None
    assert environ == {"LD_PRELOAD": "libtcmalloc.so.4"}


@needs_jemalloc
def test_the_environment_names_jemalloc_for_the_processes_started_after():
    environ: dict[str, str] = {"PATH": "/usr/bin"}
    library = preload_for_workers(environ)
    assert library is not None and "jemalloc" in library
    assert environ == {"PATH": "/usr/bin", "LD_PRELOAD": library}


@pytest.mark.slow
@needs_jemalloc
def test_the_workers_allocate_with_jemalloc_and_answer_as_before(built, tmp_path):
    with server_process(built, "--workers", "2", "--quiet") as jemalloc, \
         server_process(built, "--workers", "2", "--quiet", "--malloc", "system") as system:
        ours, theirs = workers_of(jemalloc.pid), workers_of(system.pid)
        assert len(ours) == 2 and len(theirs) == 2
        assert all(maps_jemalloc(worker) for worker in ours)
        assert not maps_jemalloc(jemalloc.pid)  # the server keeps its own allocator
        assert not any(maps_jemalloc(worker) for worker in theirs)
        counted = answer(jemalloc.url)
        assert int(counted[0]["n"]["value"]) > 0 and counted == answer(system.url)
