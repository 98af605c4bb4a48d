"""The endpoint's fast paths keep its safety: a cheap check, bounded queries without a worker, TCP_NODELAY.

The figures themselves (ASK {} under 2 ms, throughput beside an Oxigraph server) are measured by
scripts/load_test.py; here each mechanism is shown to be in place and to keep the limits.
"""

from __future__ import annotations

import socket
import statistics
import time

import pytest

from nrwkg.query.library import load_library
from nrwkg.serve.safety import Refused, check_query
from nrwkg.serve.server import Settings, make_server

pytestmark = pytest.mark.slow  # starts nrwkg serve


GRAPHS = frozenset({"https://w3id.org/nrwkg/graph/registry"})


def test_checking_a_new_query_text_takes_milliseconds():
    texts = [q.text for q in load_library().values()]
    seconds = []
    for i, text in enumerate(texts):
        started = time.perf_counter()
        check_query(f"{text}\n# never seen before {time.time_ns()} {i}", GRAPHS)
        seconds.append(time.perf_counter() - started)
    print(f"\ncheck of a new text: median {statistics.median(seconds) * 1000:.2f} ms")
    assert statistics.median(seconds) < 0.005


@pytest.mark.parametrize("text, ground, bounded", [
    ("ASK {}", True, True),
    ("ASK { <https://example.org/a> <https://example.org/b> <https://example.org/c> }", True, True),
    ("CONSTRUCT { <https://example.org/a> <https://example.org/b> 1 } WHERE {}", True, True),
    ("ASK { <https://example.org/a> <https://example.org/p>* <https://example.org/b> }", True, False),
    ("ASK { <https://example.org/a> !<https://example.org/p> <https://example.org/b> }", True, False),
    ("DESCRIBE <https://example.org/a>", True, False),
    ("ASK { [] <https://example.org/p> <https://example.org/b> }", False, False),
    ("ASK { _:x <https://example.org/p> _:y }", False, False),
    ("ASK { ?s ?p ?o }", False, False),
])
def test_only_ground_queries_without_paths_skip_the_worker(text, ground, bounded):
    checked = check_query(text, GRAPHS)
    assert (checked.ground, checked.bounded) == (ground, bounded)


def test_the_fast_check_still_refuses():
    for text, status in [("S\\u0045RVICE", 400), ("ASK { SERVICE <http://127.0.0.1:9/> {} }", 400),
                         ("ASK FROM <file:///etc/passwd> {}", 400), ("\\u004COAD <file:///etc/passwd>", 403)]:
        with pytest.raises(Refused) as refused:
            check_query(text, GRAPHS)
        assert refused.value.status == status, text


def test_accepted_sockets_send_without_delay(built):
    server = make_server(built, Settings(port=0, workers=1))
    try:
        client = socket.create_connection(("127.0.0.1", server.server_port), timeout=30)
        conn, _ = server.get_request()
        try:
            assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        finally:
            conn.close()
            client.close()
    finally:
        server.close()
