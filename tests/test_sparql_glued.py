"""No spelling that passes the check makes pyoxigraph call out: SERVICE glued to its neighbours.

pyoxigraph reads keywords without a word boundary (`trueSERVICE <u>` is `true SERVICE <u>` to it),
so the check cannot rely on whitespace. Every combination below of what stands before SERVICE,
what it is glued to, how it is written and what follows, is either refused by the endpoint's check
and by the embedded engines' check, or — when a check lets it through — run on a real pyoxigraph
store next to a loopback listener that must stay silent.
"""

from __future__ import annotations

import itertools

import pyoxigraph as ox
import pytest

from nrwkg.errors import QueryError
from nrwkg.query.sparql import canonical, check_local, inspect
from nrwkg.serve.safety import Refused, check_query
from tests.hit_counter import Listener

BEFORE = ["", "?s ?p ?o ", "?s ?p ?o .", "{}", "OPTIONAL{}", "FILTER(true)", "BIND(1 AS ?z)"]
GLUE = ["", "true", "false", "a", "1", "1.0", "1e1", '"x"', '"x"@en', "_:b", "e:", ":", "?x", "()", "[]",
        "UNION", "OPTIONAL", "MINUS", "GRAPH", "NOT", "EXISTS"]
WORD = ["SERVICE", "service", "\\u0053ERVICE"]
AFTER = ["SILENT", ""]
TARGET = ["<{u}>", "e:x", ":x", "?t"]


def passes(query: str) -> bool:
    try:
        check_query(query, frozenset())
        return True
    except Refused:
        pass
    try:
        check_local(inspect(canonical(query)), set())
        return True
    except QueryError:
        return False


@pytest.mark.parametrize("word", WORD)
def test_no_glued_service_passes_the_check_and_calls_out(word):
    listener = Listener("/x")
    store = ox.Store()
    try:
        for before, glue, after, sep1, sep2, target in itertools.product(BEFORE, GLUE, AFTER, ["", " "], ["", " "],
                                                                         TARGET):
            u = listener.url
            query = (f"PREFIX e: <{u}/> PREFIX : <{u}/> SELECT * WHERE {{ {before}{glue}{sep1}{word}{sep2}{after} "
                     f"{target.format(u=u)} {{ }} BIND(<{u}> AS ?t) }}")
            if not passes(query):
                continue
            try:
                list(store.query(canonical(query)))
            except (SyntaxError, OSError, QueryError):
                pass
            assert listener.connections == 0, query
    finally:
        listener.sock.close()
