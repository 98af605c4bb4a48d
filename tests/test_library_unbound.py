"""Every library query runs with its parameters unbound on an in-memory store (where pyoxigraph
0.5.13 panicked on actor-relations: ?actor also took the literal objects of evidence bodies, and
ORDER BY over them aborted the process)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nrwkg.query.library import load_library

pytestmark = pytest.mark.slow  # runs the whole library in a child process (about 10 s)


def test_every_library_query_runs_unbound_and_actor_relations_lists_only_iri_actors(built):
    ran = subprocess.run([sys.executable, "-m", "tests.library_unbound", str(built)],
                         capture_output=True, text=True, timeout=600)
    lines = ran.stdout.splitlines()
    running = [line for line in lines if line.startswith("running ")]
    last = running[-1] if running else "the child"
    assert ran.returncode == 0, f"{last} ended it ({ran.returncode}): {ran.stderr[-2000:]}"
    assert len([line for line in lines if line.startswith("done ")]) == len(load_library())
    assert "non-IRI actors 0" in lines
