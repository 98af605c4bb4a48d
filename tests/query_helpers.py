"""Fixtures and helpers for the query tests: engines over the bundled build, a real `oxigraph`
server on loopback holding the exported N-Quads, and an engine-neutral comparison of results.

Import the fixtures you use into the test module (`from tests.query_helpers import oxigraph_engine`).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from nrwkg.query.engines import OxigraphEngine, RdflibEngine
from nrwkg.query.library import QueryDef, load_library
from nrwkg.query.results import Result, normalise

UNION_INTO_DEFAULT = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def comparable(result: Result):
    """Rows in order with numbers compared by value; a graph as a sorted list of triples."""
    if result.form == "graph":
        return sorted({str(t) for t in result.triples})
    if result.form == "ask":
        return bool(result.boolean)
    return [tuple(normalise(t) for t in row) for row in result.rows]


def first_difference(a: Result, b: Result) -> str:
    ka, kb = comparable(a), comparable(b)
    if isinstance(ka, bool) or isinstance(kb, bool):
        return f"{ka} != {kb}"
    for i, (x, y) in enumerate(zip(ka, kb, strict=False)):
        if x != y:
            return f"row {i}:\n  {x}\n  {y}"
    return f"{len(ka)} rows != {len(kb)} rows"


def sample_bindings(qdef: QueryDef, engine) -> dict:
    """Bindings with every UNDEF parameter set to a value from the query's own unbound result
    (parameters are projected), so a binding test really restricts something."""
    bindings = qdef.bind()
    unbound = [name for name in qdef.params if name not in bindings]
    if not unbound or qdef.form != "SELECT":
        return bindings
    result = engine.run(qdef.text, bindings)
    for name in unbound:
        column = result.variables.index(name)
        values = [row[column] for row in result.rows if row[column] is not None]
        if values:
            bindings[name] = values[len(values) // 2]
    return bindings


def library_queries() -> list[QueryDef]:
    return list(load_library().values())


def query_ids() -> list[str]:
    return [q.name for q in library_queries()]


@pytest.fixture(scope="session")
def library() -> dict[str, QueryDef]:
    return load_library()


@pytest.fixture(scope="session")
def oxigraph_engine(built) -> OxigraphEngine:
    return OxigraphEngine.from_build(built)


@pytest.fixture(scope="session")
def rdflib_engine(built) -> RdflibEngine:
    return RdflibEngine.from_build(built)


def _oxigraph_cli() -> str:
    candidate = Path(sys.executable).with_name("oxigraph")
    found = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the `oxigraph` server (pip install oxigraph, in the test extra) is not installed")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(built, tmp_path_factory):
    """`oxigraph serve-read-only` on 127.0.0.1 with the exported dataset; yields the query URL.

    The exported N-Quads hold named graphs only. As in nrwkg's own store, the union of the named
    graphs is copied into the server's default graph (a set: a triple two documents state is
    there once), so plain patterns mean the same on both sides. `--union-default-graph` would
    instead return such a triple once per graph (pyoxigraph 0.5's bag union, see DESIGN.md).
    """
    cli = _oxigraph_cli()
    db = tmp_path_factory.mktemp("oxigraph") / "db"
    subprocess.run(
        [cli, "load", "--location", str(db), "--file", str(built / "dataset.nq")],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [cli, "update", "--location", str(db), "--update", UNION_INTO_DEFAULT],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    log = db.with_name("server.log")
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [cli, "serve-read-only", "--location", str(db), "--bind", f"127.0.0.1:{port}"],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph server did not start: {log.read_text()}") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
