"""The load test's clients send what they say: each query as a form, in fresh mode a new text each time.

The clients encode each query once and, in fresh mode, only the numbered comment per request (so
that encoding a 3 KB text is not timed as the server's latency): a real HTTP server on loopback
records what arrives, decoded as any server decodes a form.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from nrwkg.serve.loadtest import run_load

QUERIES = ['SELECT ?s WHERE { ?s ?p "ä „x“ 100 % + & = #" } LIMIT 1', "ASK {}"]


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    received: list[str] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        self.received.append(parse_qs(body, keep_blank_values=True, errors="strict")["query"][0])
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args) -> None:
        pass


@contextmanager
def recorder():
    """A recording server on loopback (its URL), shut down after."""
    Recorder.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/sparql"
    finally:
        server.shutdown()
        server.server_close()


def timed_load(url: str, fresh: bool) -> list[str]:
    """The texts the clients sent in their timed part (after the warm-up pass), from short runs repeated
    until one has sent some (a busy machine may start a client's thread after its time is up), at most
    60 s in all."""
    deadline = time.monotonic() + 60
    while True:
        Recorder.received = []
        report = run_load(url, QUERIES, clients=2, seconds=0.3, warm_up=True, fresh=fresh)
        received = Recorder.received
        assert report.errors == [] and len(received) == report.requests + len(QUERIES)  # and the warm-up
        assert received[:len(QUERIES)] == QUERIES  # the warm-up sends each query as it is
        if report.requests or time.monotonic() > deadline:
            return received[len(QUERIES):]


def test_fresh_requests_are_the_queries_each_with_a_new_comment():
    with recorder() as url:
        timed = timed_load(url, fresh=True)
    assert timed and len(set(timed)) == len(timed)  # never the same text twice
    for text in timed:
        query, comment = text.split("\n# run ", 1)
        assert query in QUERIES and " client " in comment and " request " in comment


def test_without_fresh_the_queries_are_sent_as_they_are():
    with recorder() as url:
        timed = timed_load(url, fresh=False)
    assert timed and set(timed) <= set(QUERIES)
