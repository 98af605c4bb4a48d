"""A bounded load test of `nrwkg serve`: concurrent clients on loopback, zero errors.

The figures (throughput, p50, p99) are printed, not asserted: speed targets live in
scripts/load_test.py, which runs the same load standalone.
"""

from __future__ import annotations

import pytest

from nrwkg.serve.examples import load_examples
from nrwkg.serve.loadtest import run_load, server_process

CLIENTS = 8
pytestmark = pytest.mark.slow  # starts `nrwkg serve` and concurrent clients


SECONDS = 5.0
LOOKUP = ('PREFIX skos: <http://www.w3.org/2004/02/skos/core#> '
          'SELECT ?s ?label WHERE { ?s skos:prefLabel ?label FILTER(CONTAINS(LCASE(STR(?label)), "nrw")) } '
          'ORDER BY ?s ?label LIMIT 20')


def test_concurrent_clients_get_complete_answers_without_errors(built, tmp_path):
    queries = [example["query"] for example in load_examples()] + ["ASK {}", LOOKUP]
    # all clients come from 127.0.0.1: that one address may use every worker, and a busy machine gets
    # time (fairness between addresses is test_serve_fairness.py's subject, complete answers this one's)
    options = ("--quiet", "--workers", "4", "--per-client", str(CLIENTS), "--queue", "64", "--timeout", "60")
    with server_process(built, *options, log=tmp_path / "server.log") as server:
        report = run_load(server.url + "sparql", queries, clients=CLIENTS, seconds=SECONDS)
    print(f"\nload test: {report.summary()}")
    assert report.errors == []
    assert report.requests >= CLIENTS  # every client completed at least one request
    assert len(report.latencies) == report.requests
