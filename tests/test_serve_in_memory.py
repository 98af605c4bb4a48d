"""Query workers answer from an in-memory copy of a small store, the same bytes as from the store on disk.

`nrwkg serve --in-memory-quads N` makes each worker copy a store of at most N quads into memory
(nrwkg.serve.in_memory). Two real servers on loopback, one per path, get the same library
queries (SELECT in JSON and CSV, a CONSTRUCT in Turtle) and the service description: the answers
must be byte-identical. A threshold below the store's size keeps the store on disk. A worker
that replaces one stopped at the time limit answers from the store on disk, the same bytes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox
import pytest

from nrwkg.serve.examples import load_examples
from nrwkg.serve.in_memory import copy_if_small
from nrwkg.serve.server import Settings, make_server
from nrwkg.store import open_store
from tests.test_serve import get, request
from tests.waiting import wait_until

LIBRARY = ("document-changes", "actors-in-several-documents", "actor-co-occurrence", "document-statements",
           "std-org-chart")
PUBLIC = "https://example.org/sparql"  # the same sd:endpoint for both servers


@contextmanager
def serving(server) -> Iterator[str]:
    """`server` answering on loopback in a thread while the block runs; its URL."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        thread.join(30)


def answers(url: str) -> list[tuple]:
    examples = {example["name"]: example["query"] for example in load_examples()}
    found = []
    for name in LIBRARY:
        graph = examples[name].lstrip().upper().find("CONSTRUCT") >= 0
        for accept in ("text/turtle", "application/n-triples") if graph else ("application/sparql-results+json",
                                                                               "text/csv"):
            found.append((name, accept, get(url, examples[name], accept=accept)))
    found.append(("description", "text/turtle", request(url, "GET", "/sparql", headers={"Accept": "text/turtle"})))
    return [(name, accept, status, headers["content-type"], body) for name, accept, (status, headers, body) in found]


@pytest.mark.slow
def test_the_in_memory_copy_answers_the_same_bytes_as_the_store_on_disk(built):
    on_disk = make_server(built, Settings(port=0, workers=1, in_memory_quads=0, cache_mb=0, public_url=PUBLIC))
    in_memory = make_server(built, Settings(port=0, workers=1, cache_mb=0, public_url=PUBLIC))
    try:
        assert not on_disk.pool.in_memory and in_memory.pool.in_memory
        with serving(on_disk) as disk_url, serving(in_memory) as memory_url:
            expected, got = answers(disk_url), answers(memory_url)
        assert [status for _, _, status, _, _ in expected] == [200] * len(expected)
        assert got == expected
    finally:
        on_disk.close()
        in_memory.close()


@pytest.mark.slow
def test_a_store_over_the_threshold_stays_on_disk(built):
    quads = len(open_store(built))
    server = make_server(built, Settings(port=0, workers=1, in_memory_quads=quads - 1))
    try:
        assert not server.pool.in_memory
    finally:
        server.close()


def test_the_copy_holds_every_quad_and_the_threshold_counts_them(built):
    store = ox.Store.read_only(str(built / "store"))
    copy = copy_if_small(store, len(store))
    assert copy is not store and set(copy) == set(store)
    assert copy_if_small(store, len(store) - 1) is store
    assert copy_if_small(store, 0) is store


@pytest.mark.slow
def test_a_replacement_worker_answers_the_same_bytes(built):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # all triples, cubed
    server = make_server(built, Settings(port=0, workers=1, timeout=1, cache_mb=0, public_url=PUBLIC))
    try:
        with serving(server) as url:
            before = answers(url)
            status, _, body = get(url, slow)
            assert status == 503 and b"time limit" in body
            after = wait_until(lambda: (found := answers(url)) and found[0][2] == 200 and found, 60,
                               "a replacement worker")
        assert after == before
    finally:
        server.close()
