"""`nrwkg serve` is safe: refusals on the parsed query, read-only, limits that fail loudly, no stalls.

A loopback listener stands in for "the outside": every refused SERVICE, LOAD or FROM points at
it, and the tests assert that it was never contacted. A control test shows that pyoxigraph itself
would contact it, so the listener would notice a leak.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from nrwkg.serve.loadtest import server_process
from nrwkg.store import open_store
from tests.hit_counter import Listener
from tests.test_serve import get, post_form, request, rows_of
from tests.waiting import alive, cpu_ticks, wait_until

pytestmark = pytest.mark.slow  # starts `nrwkg serve` processes


TIMEOUT = 2
MAX_ROWS = 1000
WORKERS = 3
MEMORY_MB = 768
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # all triples, cubed
REGISTRY = "https://w3id.org/nrwkg/graph/registry"


@pytest.fixture(scope="module")
def listener():
    listening = Listener()
    yield listening
    listening.sock.close()


@pytest.fixture(scope="module")
def server_log(tmp_path_factory):
    return tmp_path_factory.mktemp("serve-limits") / "server.log"


@pytest.fixture(scope="module")
def server(built, server_log):
    log = server_log
    args = ("--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--workers", str(WORKERS),
            "--memory-limit", str(MEMORY_MB))
    with server_process(built, *args, log=log) as running:
        yield running


@pytest.fixture(scope="module")
def base(server):
    return server.url


@pytest.fixture(scope="module")
def store(built):
    return open_store(built)


def every_way(base: str, query: str) -> list[tuple[int, bytes]]:
    """The query sent by GET, POST form and POST direct: [(status, body)]."""
    answers = [get(base, query), post_form(base, {"query": query}),
               request(base, "POST", "/sparql", query, {"Content-Type": "application/sparql-query"})]
    return [(status, body) for status, _, body in answers]


def service_queries(target: str) -> list[str]:
    prefix, local = target.rsplit("/", 1)
    return [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }} LIMIT 1",
        f"SELECT * WHERE {{ ?x ?y ?z FILTER EXISTS {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }} LIMIT 1",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"PREFIX e: <{prefix}/> SELECT * WHERE {{ SERVICE e:{local} {{ ?s ?p ?o }} }}",
        # oxigraph ends a comment at a carriage return, rdflib only at a line feed
        f"SELECT * WHERE {{ ?s ?p ?o # a comment\r SERVICE <{target}> {{ ?a ?b ?c }}\n }}",
        f"SELECT * WHERE {{ ?s ?p ?o # a comment \\u000D SERVICE <{target}> {{ ?a ?b ?c }}\n }}",
        f"SELECT * WHERE {{ ?s ?p ?o # a comment \\u005Cu000A SERVICE <{target}> {{ ?a ?b ?c }}\n }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
    ]


def test_control_pyoxigraph_alone_would_call_the_listener(listener):
    before = listener.connections
    local = ox.Store()
    example = ox.NamedNode("https://example.org/x")
    local.add(ox.Quad(example, example, example))
    smuggled = service_queries(listener.url)[10]  # the SERVICE hidden from rdflib behind a \r
    for query in (service_queries(listener.url)[0], smuggled):
        try:
            list(local.query(query))
        except OSError:
            pass  # the listener hangs up; what counts is that it was called
    assert listener.connections == before + 2


def test_service_is_refused_in_every_form(base, listener):
    for query in service_queries(listener.url):
        for status, body in every_way(base, query):
            assert status == 400, (query, body)
            assert b"\n" == body[-1:] and body.count(b"\n") == 1
    plain = every_way(base, service_queries(listener.url)[0])[0][1]
    assert b"SERVICE is refused" in plain


@pytest.fixture(autouse=True)
def _listener_baseline(listener, request):
    """Tests other than the control must leave the listener untouched."""
    before = listener.connections
    yield
    if request.node.name != "test_control_pyoxigraph_alone_would_call_the_listener":
        assert listener.connections == before, "a refused query reached the listener"


def dataset_queries(target: str) -> list[str]:
    return [
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{target}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "BASE <file:///etc/> SELECT * FROM <passwd> WHERE { ?s ?p ?o }",
        "PREFIX f: <file:///etc/> SELECT * FROM f:passwd WHERE { ?s ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "DESCRIBE ?s FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        f"ASK FROM <{REGISTRY}> FROM <{REGISTRY}-not-a-graph> {{ ?s ?p ?o }}",
    ]


def test_dataset_clauses_outside_the_dataset_are_refused(base, listener):
    for query in dataset_queries(listener.url):
        for status, body in every_way(base, query):
            assert status == 400, (query, body)
            assert b"FROM" in body and b"refused" in body


def test_dataset_clauses_naming_own_graphs_work(base, store):
    registry = ox.NamedNode(REGISTRY)
    size = len(list(store.quads_for_pattern(None, None, None, registry)))
    status, _, body = get(base, f"SELECT (COUNT(*) AS ?n) FROM <{REGISTRY}> WHERE {{ ?s ?p ?o }}")
    assert status == 200 and int(rows_of(body)[0]["n"]["value"]) == size
    named = f"SELECT DISTINCT ?g FROM NAMED <{REGISTRY}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    status, _, body = get(base, named)
    assert status == 200 and [r["g"]["value"] for r in rows_of(body)] == [REGISTRY]


def test_protocol_dataset_parameters(base, store, listener):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for name in ("default-graph-uri", "named-graph-uri"):
        for outside in ("file:///etc/passwd", listener.url, REGISTRY + "-not-a-graph"):
            status, _, body = get(base, count, **{name: outside})
            assert status == 400 and name.encode() in body
            status, _, body = post_form(base, {"query": count, name: outside})
            assert status == 400
    size = len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(REGISTRY))))
    status, _, body = get(base, count, **{"default-graph-uri": REGISTRY})
    assert status == 200 and int(rows_of(body)[0]["n"]["value"]) == size
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    status, _, body = get(base, graphs, **{"named-graph-uri": REGISTRY})
    assert status == 200 and [r["g"]["value"] for r in rows_of(body)] == [REGISTRY]


# ---- read-only ----------------------------------------------------------------------------------
def update_texts(target: str) -> list[str]:
    return [
        "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "CLEAR ALL", "DROP DEFAULT", "CREATE GRAPH <https://example.org/g>",
        "ADD DEFAULT TO <https://example.org/g>",
        "LOAD <file:///etc/passwd>", f"LOAD <{target}> INTO GRAPH <https://example.org/g>",
    ]


def sizes(base: str) -> tuple[int, int]:
    quads = rows_of(get(base, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[2])
    triples = rows_of(get(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2])
    return int(quads[0]["n"]["value"]), int(triples[0]["n"]["value"])


def test_every_update_form_is_refused_and_the_data_is_unchanged(base, store, listener):
    before = sizes(base)
    named = [q.triple for g in store.named_graphs() for q in store.quads_for_pattern(None, None, None, g)]
    assert before[0] == len(named)
    assert before[1] == len(set(named)) > 0  # the default graph nrwkg queries: their set union (nrwkg.store)
    for text in update_texts(listener.url):
        answers = [
            request(base, "GET", "/sparql?" + urlencode({"update": text})),
            post_form(base, {"update": text}),
            request(base, "POST", "/sparql", text, {"Content-Type": "application/sparql-update"}),
            get(base, text),                                      # an update sent as a query
            post_form(base, {"query": text}),
            request(base, "POST", "/sparql", text, {"Content-Type": "application/sparql-query"}),
        ]
        for status, _, body in answers:
            assert status in (403, 405), (text, status, body)
            assert b"read-only" in body
    sparql = SPARQLWrapper(base + "sparql", updateEndpoint=base + "sparql")
    sparql.setMethod(POST)
    sparql.setQuery(update_texts(listener.url)[0])
    with pytest.raises(HTTPError) as refused:
        sparql.query()
    assert refused.value.code == 403
    assert sizes(base) == before
    assert get(base, "ASK { <https://example.org/a> ?p ?o }")[2].find(b"false") > 0


# ---- limits -------------------------------------------------------------------------------------
def test_row_limit_fails_loudly_before_any_result(base):
    for accept in ("application/sparql-results+json", "text/csv", "application/sparql-results+xml"):
        status, headers, body = get(base, "SELECT * WHERE { ?s ?p ?o }", accept=accept)
        assert status == 422, accept
        assert headers["content-type"].startswith("text/plain")
        assert f"more than {MAX_ROWS} rows".encode() in body
    status, _, body = get(base, "CONSTRUCT WHERE { ?s ?p ?o }", accept="text/turtle")
    assert status == 422 and b"row limit" in body
    status, _, body = get(base, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert status == 200 and len(rows_of(body)) == MAX_ROWS
    assert get(base, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS + 1}")[0] == 422
    sparql = SPARQLWrapper(base + "sparql")
    sparql.setQuery("SELECT * WHERE { ?s ?p ?o }")
    sparql.setReturnFormat(JSON)
    with pytest.raises(HTTPError) as too_many:
        sparql.query()
    assert too_many.value.code == 422


def _workers(pid: int) -> set[int]:
    """The live query worker processes of the server `pid`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        state = stat.rsplit(")", 1)[1].split()[0]
        if ppid == pid and b"spawn_main" in cmdline and state != "Z":
            found.add(int(entry.name))
    return found


def _settle(pid: int, count: int, seconds: float = 60) -> set[int]:
    """The worker set once it has `count` live members (bounded wait)."""
    return _settle_on(pid, lambda workers: len(workers) == count, seconds, f"{count} query workers")


def _settle_on(pid: int, condition, seconds: float, what: str) -> set[int]:
    def check():
        workers = _workers(pid)
        return workers if condition(workers) else None
    return wait_until(check, seconds, what)


def _busy_worker(pid: int, workers: set[int], seconds: float = 60) -> int:
    """Wait until one of `workers` has used 0.1 s of CPU more than now: it is running a query."""
    start = {w: cpu_ticks(w) for w in workers}
    return wait_until(lambda: next((w for w in workers if cpu_ticks(w) >= start[w] + 10), None),
                      seconds, "a query worker to start on the slow query")


def test_time_limit_stops_the_query_and_replaces_its_worker(base, server):
    before = _settle(server.pid, WORKERS)
    assert len(before) == WORKERS
    started = time.monotonic()
    status, headers, body = get(base, SLOW)
    elapsed = time.monotonic() - started
    assert status == 503 and b"time limit" in body
    assert headers["content-type"].startswith("text/plain")
    assert TIMEOUT <= elapsed < TIMEOUT + 10
    # the killed worker goes at once, its replacement is started in the background: wait for both
    after = _settle_on(server.pid, lambda w: len(w) == WORKERS and len(before - w) == 1, 60,
                       "the killed worker to be replaced")
    assert len(after - before) == 1  # one killed, one new
    assert get(base, "ASK {}")[0] == 200


def test_a_slow_query_does_not_stall_others(base, server):
    results = {}
    workers = _settle(server.pid, WORKERS)
    slow = threading.Thread(target=lambda: results.setdefault("slow", get(base, SLOW)))
    slow.start()
    _busy_worker(server.pid, workers)  # the slow query is running in its worker
    timings = []
    for _ in range(3):
        started = time.monotonic()
        status, _, body = get(base, "ASK {}")
        timings.append(time.monotonic() - started)
        assert status == 200 and b"true" in body
    assert slow.is_alive()  # every ASK was answered while the slow query still ran
    slow.join()
    assert results["slow"][0] == 503
    print(f"ASK {{}} while a slow query runs: {', '.join(f'{t * 1000:.0f} ms' for t in timings)}")
    assert max(timings) < 1.0


def test_memory_hungry_query_fails_with_an_error_status(base, server):
    hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d LIMIT 1"  # sorts all pairs of triples
    status, headers, body = get(base, hungry)
    assert status == 503 and headers["content-type"].startswith("text/plain")
    assert b"memory limit" in body or b"time limit" in body  # whichever is reached first
    assert len(_settle(server.pid, WORKERS)) == WORKERS
    assert get(base, "ASK {}")[0] == 200


def test_an_engine_panic_is_reported_as_one_and_its_worker_replaced(base, server, server_log):
    panicking = (Path(__file__).parent / "fixtures" / "engine-panic" / "order-by-mixed-kinds.rq").read_text()
    workers = _settle(server.pid, WORKERS)
    status, headers, body = post_form(base, {"query": panicking})
    assert status == 500 and headers["content-type"].startswith("text/plain")
    assert body.decode() == ("500 Internal Server Error: the query engine (pyoxigraph) failed on this query: "
                             "user-provided comparison function does not correctly implement a total order; "
                             "the worker was replaced\n")
    assert get(base, "ASK {}")[0] == 200
    after = _settle_on(server.pid, lambda w: len(w) == WORKERS and len(workers - w) == 1, 60,
                       "the worker to be replaced")
    assert len(after - workers) == 1
    # the worker's own stderr (Rust's panic message) still reaches the server's log
    wait_until(lambda: b"panicked at" in server_log.read_bytes(), 10, "the panic in the server's log")


def test_server_recovers_after_more_slow_queries_than_workers(base, server):
    threads = [threading.Thread(target=lambda: get(base, SLOW)) for _ in range(WORKERS + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 4 + 30)
    assert not any(t.is_alive() for t in threads)
    assert len(_settle(server.pid, WORKERS)) == WORKERS
    assert get(base, "ASK {}")[0] == 200


def _quietly(func, *args):
    try:
        func(*args)
    except OSError:
        pass  # the server went away mid-request: expected here


def test_stopping_the_server_ends_its_workers_mid_query(built, tmp_path):
    with server_process(built, "--timeout", "60", "--workers", "2", log=tmp_path / "log") as running:
        workers = _settle(running.pid, 2)
        slow = threading.Thread(target=_quietly, args=(get, running.url, SLOW), daemon=True)
        slow.start()
        _busy_worker(running.pid, workers)
    try:
        wait_until(lambda: not any(alive(pid) for pid in workers), 20, "the workers to end")
    except AssertionError:
        raise AssertionError(f"workers outlived the server: {[p for p in workers if alive(p)]}") from None
