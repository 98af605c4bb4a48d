"""`--endpoint URL`: the library against a real SPARQL 1.1 endpoint — the `oxigraph` server from
PyPI, started on loopback with the exported N-Quads (see tests/query_helpers.py: the union of the
named graphs is copied into the server's default graph, as nrwkg's own store does).

Every library query must return the rows of the embedded engine; parameters reach the server as a
VALUES block, so this also tests the binding of parameters for endpoints.
"""

# ruff: noqa: F811  (fixtures imported from tests.query_helpers)
from __future__ import annotations

import subprocess
import sys

import pytest

from nrwkg.errors import QueryError
from nrwkg.query.engines import EndpointEngine
from tests.query_helpers import (  # noqa: F401
    comparable,
    first_difference,
    library_queries,
    oxigraph_engine,
    oxigraph_server,
    query_ids,
    sample_bindings,
)

pytestmark = pytest.mark.slow  # starts an Oxigraph server process


@pytest.mark.parametrize("qdef", library_queries(), ids=query_ids())
def test_the_endpoint_returns_the_rows_of_the_embedded_engine(qdef, oxigraph_engine, oxigraph_server):  # noqa: F811
    bindings = sample_bindings(qdef, oxigraph_engine)
    expected = oxigraph_engine.run(qdef.text, bindings)
    got = EndpointEngine(oxigraph_server).run(qdef.text, bindings)
    assert comparable(got) == comparable(expected), first_difference(expected, got)


def test_the_command_line_queries_the_endpoint(oxigraph_server, tmp_path):  # noqa: F811
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "nrwkg",
            "query",
            "agreement-signatories",
            "--endpoint",
            oxigraph_server,
            "--format",
            "csv",
            "--build-dir",
            str(tmp_path / "no-build-needed"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "person:mona-neubaur" not in result.stdout and "/person/mona-neubaur" in result.stdout


def test_an_endpoint_error_is_one_clear_line(oxigraph_server):  # noqa: F811
    with pytest.raises(QueryError, match=r"answered 400") as info:
        EndpointEngine(oxigraph_server).run("SELECT * WHERE { ?s ?p }")
    assert "\n" not in str(info.value)


def test_an_unreachable_endpoint_is_reported():
    with pytest.raises(QueryError, match="cannot reach endpoint"):
        EndpointEngine("http://127.0.0.1:9/sparql", timeout=5).run("ASK {}")


def test_only_http_endpoints_are_accepted():
    with pytest.raises(QueryError, match="http"):
        EndpointEngine("file:///etc/passwd")
