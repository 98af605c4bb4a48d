"""A worker writes SPARQL JSON once when its braces prove the row limit holds, and counts exactly otherwise.

The JSON answer must be the same bytes either way, and the row limit must cut at the same row:
exactly `max_rows` rows answer, one more gets 422, whatever route the worker took.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from nrwkg.serve.safety import check_query
from nrwkg.serve.worker import Job, execute
from nrwkg.store import open_store

JSON = "application/sparql-results+json"
ROWS = "SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ORDER BY ?g ?s ?p ?o LIMIT {n}"


@pytest.fixture(scope="module")
def store(built):
    return open_store(built)


def answer(store, query: str, max_rows: int, accept: str = JSON):
    return execute(store, frozenset(), Job(query, accept, max_rows=max_rows, checked=check_query(query, ())))


def converted(store, query: str) -> bytes:
    """The JSON the worker wrote before: TSV, parsed and written again as JSON."""
    tsv = store.query(check_query(query, ()).text).serialize(format=ox.QueryResultsFormat.TSV)
    return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=ox.QueryResultsFormat.JSON)


@pytest.mark.parametrize("max_rows", [100_000, 20, 10])
def test_json_is_the_same_whether_written_once_or_counted_first(store, max_rows):
    query = ROWS.format(n=10)  # 10 rows, more than 10 closing braces: at 20 and 10 the rows are counted
    reply = answer(store, query, max_rows)
    assert reply.status == 200 and reply.content_type == JSON
    assert reply.body == converted(store, query)
    assert len(json.loads(reply.body)["results"]["bindings"]) == 10


def test_the_row_limit_cuts_at_the_same_row_on_every_route(store):
    assert answer(store, ROWS.format(n=11), 10).status == 422
    assert answer(store, ROWS.format(n=11), 10, accept="text/csv").status == 422
    assert answer(store, ROWS.format(n=10), 10, accept="text/csv").status == 200


def test_braces_inside_literals_do_not_make_rows(store):
    query = 'SELECT ?x WHERE { VALUES ?x { "}}}}" "{}" "}" } }'
    reply = answer(store, query, 3)
    assert reply.status == 200 and [r["x"]["value"] for r in json.loads(reply.body)["results"]["bindings"]] == [
        "}}}}", "{}", "}"]
    assert answer(store, query, 2).status == 422
