"""Behind the check, a query worker has no network: a SERVICE that reached it would reach nothing.

The check refuses SERVICE before a query runs (tests/test_escapes.py). Here a job is handed to a
real worker with the check skipped, naming a real HTTP listener on loopback: the worker (in a
network namespace of its own) cannot connect, and the listener stays silent. Where the kernel
allows no network namespace for this user, the test is skipped (the check alone stands there).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest

from nrwkg.serve.pool import WorkerPool
from nrwkg.serve.safety import Checked
from nrwkg.serve.worker import Job


def _namespaces_allowed() -> bool:
    probe = subprocess.run([sys.executable, "-c", "from nrwkg.serve.worker import _without_network as w; "
                            "print(w())"], capture_output=True, text=True, timeout=120)
    return probe.stdout.strip() == "True"


def test_a_worker_cannot_reach_the_network_even_if_a_service_passed_the_check(built):
    if not _namespaces_allowed():
        pytest.skip("no network namespace for this user here: workers keep the network, the check alone stands")
    listener = socket.create_server(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    accepted: list[int] = []

    def accept():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(1)
            conn.close()

    threading.Thread(target=accept, daemon=True).start()
    pool = WorkerPool(str(built / "store"), 1, 30)
    try:
        text = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
        smuggled = Checked(text, "SELECT", ())  # as if the check had let it through
        reply = pool.run(Job(text, "application/sparql-results+json", checked=smuggled))
        assert accepted == [] and reply.status >= 400, reply.body
    finally:
        pool.close()
        listener.close()
