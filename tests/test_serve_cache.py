"""The answer cache of `nrwkg serve`: the same answer again, never an old build's, never an error's.

The server remembers complete answers of its current build generation by canonical query text,
result format and dataset parameters (nrwkg.serve.cache). These tests ask a real server on
loopback: a repeated query gets the same bytes, each format its own; after `nrwkg build` swaps
a new folder in, the next answer is the new build's; a query over the row or time limit gets its
error every time. The byte bound is checked on the cache itself.
"""

from __future__ import annotations

import shutil

import pytest

from nrwkg.build import build, write_dataset
from nrwkg.serve.cache import ResultCache
from nrwkg.serve.loadtest import server_process
from nrwkg.serve.worker import Reply
from tests.test_serve import get, rows_of
from tests.test_serve_generation import COUNT, count_of, quads_in

MAX_ROWS = 5
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # all triples, cubed


@pytest.mark.slow
def test_a_repeated_query_gets_the_same_answer_in_each_format(built, tmp_path):
    with server_process(built, "--workers", "2", "--quiet", log=tmp_path / "server.log") as server:
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        first = get(server.url, query)
        second = get(server.url, query)
        assert first[0] == second[0] == 200
        assert first[2] == second[2] and rows_of(first[2])
        csv = get(server.url, query, accept="text/csv")
        assert csv[0] == 200 and csv[1]["content-type"].startswith("text/csv")
        assert get(server.url, query)[1]["content-type"].startswith("application/sparql-results+json")
        assert get(server.url, query, accept="text/csv")[2] == csv[2]


@pytest.mark.slow
def test_a_new_build_is_never_answered_from_the_old_builds_answers(built, mini_root, tmp_path):
    site = tmp_path / "build"
    shutil.copytree(built, site)
    full = quads_in(site)
    with server_process(site, "--workers", "1", "--quiet", log=tmp_path / "server.log") as server:
        assert count_of(server.url) == full
        assert count_of(server.url) == full  # now remembered
        build(site, mini_root, reasoner=False, artefacts=[write_dataset])
        mini = quads_in(site)
        assert mini != full
        assert count_of(server.url) == mini
        assert count_of(server.url) == mini
        assert get(server.url, COUNT)[0] == 200


@pytest.mark.slow
def test_errors_and_limits_are_not_remembered(built, tmp_path):
    args = ("--workers", "2", "--quiet", "--max-rows", str(MAX_ROWS), "--timeout", "1")
    with server_process(built, *args, log=tmp_path / "server.log") as server:
        over = f"SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {MAX_ROWS + 1}"
        within = f"SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {MAX_ROWS}"
        for _ in range(2):
            status, _, body = get(server.url, over)
            assert status == 422 and b"row limit" in body
            status, _, body = get(server.url, within)
            assert status == 200 and len(rows_of(body)) == MAX_ROWS
            status, _, body = get(server.url, SLOW)
            assert status == 503 and b"time limit" in body
            status, _, body = get(server.url, "SELECT * WHERE { ?s ?p }")
            assert status == 400 and b"syntax error" in body


def reply(size: int) -> Reply:
    return Reply(200, "application/sparql-results+json", b"x" * size)


def key(n: int) -> tuple:
    return (f"SELECT {n}", "application/sparql-results+json", (), ())


def test_the_cache_stays_within_its_bytes_and_forgets_the_least_recently_used():
    cache = ResultCache(80_000)
    for n in range(20):
        assert cache.put(key(n), reply(9_000))
        assert cache.bytes <= 80_000
        cache.get(key(0))  # kept in use: never the one forgotten
    assert cache.get(key(0)) is not None and cache.get(key(19)) is not None
    assert cache.get(key(1)) is None
    assert 0 < len(cache) < 20


def test_the_cache_keeps_only_complete_answers_of_modest_size():
    cache = ResultCache(80_000)
    assert not cache.put(key(1), reply(20_000))  # more than an eighth of the bound
    assert not cache.put(key(2), Reply(422, "text/plain; charset=utf-8", b"422 too many rows\n"))
    assert not cache.put(key(3), Reply(503, "text/plain; charset=utf-8", b"503 time limit\n"))
    assert len(cache) == 0 and cache.bytes == 0
    assert cache.put(key(4), reply(10))
    assert cache.put(key(4), reply(20))  # the same key again: counted once
    assert len(cache) == 1 and cache.bytes == 20 + len(key(4)[0]) + 256
