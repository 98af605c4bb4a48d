"""The CPU time the load test reads from /proc stays known while the server's threads come and go."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nrwkg.serve.loadtest import cpu_seconds

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")

# a process like `nrwkg serve`: a thread starts and ends for every connection
_THREADS_COME_AND_GO = """
import threading
print("ready", flush=True)
while True:
    threads = [threading.Thread(target=lambda: None) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
"""


def test_cpu_time_is_known_while_threads_end():
    """Before, a thread that ended between listing the process's threads and reading one made the
    whole figure unknown (`nan` CPU ms/request in scripts/load_test.py)."""
    child = subprocess.Popen([sys.executable, "-c", _THREADS_COME_AND_GO], stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        figures = [cpu_seconds(child.pid) for _ in range(2000)]
    finally:
        child.kill()
        child.wait()
    assert None not in figures
    assert figures == sorted(figures)  # CPU time only grows


def test_cpu_time_of_an_ended_process_is_unknown():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert cpu_seconds(child.pid) is None
