"""A burst of slow queries from one client leaves other clients' cheap queries answering.

Clients are told apart by their remote address: on Linux every 127.x.y.z address is loopback, so
each test client connects from an address of its own (127.0.0.2, 127.0.0.3 …). One client sends
20 slow queries at once: it runs `--per-client` of them, a few wait, the rest get 503 with
Retry-After at once; with a second slow client the general workers are all busy, and still
another client's `ASK {}` and a look-up known to be cheap (it takes the worker kept for cheap
queries) are answered within a second.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest

from nrwkg.serve.loadtest import server_process
from tests.waiting import wait_until

pytestmark = pytest.mark.slow  # starts nrwkg serve


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # all triples, cubed
LIGHT = "SELECT ?s WHERE { ?s a <https://w3id.org/nrwkg/ontology#Organization> } ORDER BY ?s LIMIT 5"
TIMEOUT = 3


def ask(base: str, query: str, source: str) -> tuple[int, dict, bytes, float]:
    """GET the query from the loopback address `source`: (status, headers, body, seconds)."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120, source_address=(source, 0))
    started = time.monotonic()
    try:
        conn.request("GET", "/sparql?" + urlencode({"query": query}),
                     headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body, time.monotonic() - started
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    log = tmp_path_factory.mktemp("fairness") / "server.log"
    with server_process(built, "--workers", "3", "--timeout", str(TIMEOUT), "--per-client", "1",
                        "--queue", "16", log=log) as running:
        yield running


def test_twenty_slow_queries_from_one_client_leave_another_clients_ask_answering(server):
    answers: list[tuple] = []
    lock = threading.Lock()

    def slow(source: str):
        answer = ask(server.url, SLOW, source)
        with lock:
            answers.append(answer)

    # a light query with variables: cheap only because it ran fast before (so it may use the kept worker)
    assert ask(server.url, LIGHT, "127.0.0.3")[0] == 200
    # two slow clients: with --per-client 1 they take both general workers; 20 queries from the first
    burst = [threading.Thread(target=slow, args=("127.0.0.2",)) for _ in range(20)]
    burst.append(threading.Thread(target=slow, args=("127.0.0.6",)))
    for t in burst:
        t.start()
    # the burst has reached the server once its overflow is refused (at once, with Retry-After)
    wait_until(lambda: sum(a[0] == 503 for a in answers) >= 10, 60, "the burst's overflow to be refused")
    timings = []
    for _ in range(5):
        status, _, body, seconds = ask(server.url, "ASK {}", "127.0.0.3")
        assert status == 200 and b"true" in body
        timings.append(seconds)
        status, _, body, seconds = ask(server.url, LIGHT, "127.0.0.3")
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5
        timings.append(seconds)
    still_running = sum(t.is_alive() for t in burst)
    for t in burst:
        t.join(TIMEOUT * 10 + 60)
    print(f"\nASK {{}} and a light look-up during a burst of slow queries: "
          f"{', '.join(f'{t * 1000:.0f} ms' for t in timings)}")
    assert max(timings) < 1.0
    assert still_running >= 1  # the ASKs were answered while slow queries still ran or waited
    refused = [a for a in answers if a[0] == 503 and b"try again" in a[2]]
    assert refused and all(int(a[1]["retry-after"]) >= 1 for a in refused)
    immediate = [a for a in refused if b"queries running" in a[2]]
    assert immediate and max(a[3] for a in immediate) < TIMEOUT  # the full queue answers at once
    assert len(answers) == 21 and {a[0] for a in answers} <= {503}  # the slow ones hit the time limit


def test_one_client_runs_no_more_than_its_share(server):
    """With --per-client 1, a client's second query waits for its first; another client's does not."""
    from tests.test_serve_limits import _busy_worker, _settle

    done: dict[str, float] = {}

    def send(name: str, query: str, source: str):
        status, _, _, _ = ask(server.url, query, source)
        done[name] = time.monotonic()
        done[name + " status"] = status

    workers = _settle(server.pid, 3)
    started = time.monotonic()
    first = threading.Thread(target=send, args=("slow", SLOW, "127.0.0.4"))
    first.start()
    _busy_worker(server.pid, workers)
    # texts never sent before (so not known to be cheap), with variables (so not ground)
    same = threading.Thread(target=send, args=("same client", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "127.0.0.4"))
    same.start()
    send("other client", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 4", "127.0.0.5")
    first.join(TIMEOUT * 10 + 60)
    same.join(TIMEOUT * 10 + 60)
    assert done["other client status"] == 200 and done["other client"] < done["slow"]
    assert done["same client status"] == 200
    assert done["same client"] - started >= TIMEOUT  # it waited for its client's slow query to be stopped
