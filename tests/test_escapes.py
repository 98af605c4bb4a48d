"""SERVICE, LOAD and FROM are refused however they are spelt, on every route and every engine.

SPARQL expands codepoint escapes (`\\u0053` is `S`) before it parses a query, so
`\\u0053ERVICE <url>` is a SERVICE clause: rdflib followed it and sent a POST to `url` while the
check, reading tokens of the raw text, saw no SERVICE. pyoxigraph reads keywords without a word
boundary, so `SERVICESILENT <url>` and `trueSERVICE <url>` are SERVICE clauses to it. A real
HTTP server on loopback counts every request it gets; each spelling goes through the CLI, the
Python API (both embedded engines) and `nrwkg serve`, and the counter must stay at 0. A control
shows that rdflib alone would call it.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from nrwkg.api import Graph
from nrwkg.cli import main
from nrwkg.errors import QueryError
from nrwkg.serve.loadtest import server_process
from tests.test_serve import get

ANSWER = json.dumps({"head": {"vars": ["s"]},
                     "results": {"bindings": [{"s": {"type": "uri", "value": "https://example.org/leak"}}]}})


class HitCounter:
    """An HTTP server on 127.0.0.1 that counts the requests it gets and answers with one row."""

    def __init__(self):
        counter = self
        self.hits = 0

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                counter.hits += 1
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                body = ANSWER.encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def spellings(url: str) -> list[str]:
    """SERVICE, FROM and LOAD spelt with escapes (written here as text: a backslash, u, 4 digits)."""
    pattern = "{ ?s ?p ?o }"
    service = [
        "SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "S\\u0045RVICE", "SERVIC\\u0045", "\\u0073ervice",
        "\\U00000053ERVICE", "\\u0053\\u0045\\u0052\\u0056\\u0049\\u0043\\u0045", "s\\u0065rv\\u0069ce",
    ]
    out = [f"SELECT * WHERE {{ {word} <{url}> {pattern} }}" for word in service]
    out += [
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {pattern} }}",
        f"SELECT * WHERE {{ SERVICE \\u003C{url}\\u003E {pattern} }}",           # the IRI's brackets escaped
        f"SELECT * WHERE {{ S\\u0045RVICE <{url.replace('/sparql', '/%73parql')}> {pattern} }}",
        f"PREFIX e: <{url.rsplit('/', 1)[0]}/> SELECT * WHERE {{ S\\u0045RVICE e:sparql {pattern} }}",
        f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ \\u0053ERVICE <{url}> {pattern} }} }} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o # \\u000A S\\u0045RVICE <{url}> {pattern} }}",  # a comment ended by an escape
        f"SELECT * WHERE {{ \\u005Cu0053ERVICE <{url}> {pattern} }}",            # an escape that makes an escape
        # pyoxigraph reads keywords without a word boundary: SERVICE glued to what is around it
        f"SELECT * WHERE {{ SERVICESILENT <{url}> {pattern} }}",
        f"SELECT * WHERE {{ ?a ?b trueSERVICE <{url}> {pattern} }}",
        f"SELECT * WHERE {{ ?a ?b false\\u0053ERVICE<{url}>{pattern} }}",
        f"PREFIX : <{url.rsplit('/', 1)[0]}/> SELECT * WHERE {{ ?a ?b ?c SERVICE:sparql {pattern} }}",
        f"SELECT * FROMNAMED <{url}> WHERE {pattern}",
        f"SELECT * \\u0046ROM <{url}> WHERE {pattern}",
        f"SELECT * fr\\u006Fm <{url}> WHERE {pattern}",
        f"SELECT * FROM \\u004EAMED <{url}> WHERE {{ GRAPH ?g {pattern} }}",
        f"\\u004COAD <{url}>",
        f"l\\u006Fad <{url}> INTO GRAPH <https://example.org/g>",
    ]
    return out


@pytest.fixture(scope="module")
def counter():
    running = HitCounter()
    yield running
    running.server.shutdown()


def test_control_rdflib_alone_follows_an_escaped_service(counter):
    from rdflib import Dataset

    before = counter.hits
    rows = list(Dataset().query(f"SELECT * WHERE {{ S\\u0045RVICE <{counter.url}> {{ ?s ?p ?o }} }}"))
    assert counter.hits > before and rows  # the counter notices, and rdflib returns its row
    counter.hits = 0


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_api_refuses_every_spelling(built, counter, engine):
    graph = Graph.load(built, engine=engine)
    for text in spellings(counter.url):
        with pytest.raises(QueryError) as refused:
            graph.query(text)
        assert "\n" not in str(refused.value), text
    assert counter.hits == 0


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_command_line_refuses_every_spelling(built, counter, engine, capsys, monkeypatch):
    for text in spellings(counter.url):
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        code = main(["query", "-", "--engine", engine, "--build-dir", str(built)])
        _, err = capsys.readouterr()
        assert code == 1 and err.startswith("nrwkg: error: ") and err.count("\n") == 1, (text, err)
    # and once as a separate process, exactly as a user runs it
    result = subprocess.run([sys.executable, "-m", "nrwkg", "query", "-", "--engine", engine, "--build-dir",
                             str(built)], input=spellings(counter.url)[4], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1 and "SERVICE" in result.stderr
    assert counter.hits == 0


@pytest.mark.slow  # starts nrwkg serve
def test_the_endpoint_refuses_every_spelling(built, counter, tmp_path):
    with server_process(built, "--workers", "1", log=tmp_path / "server.log") as server:
        for text in spellings(counter.url):
            status, _, body = get(server.url, text)
            assert status in (400, 403) and body.count(b"\n") == 1, (text, status, body)
    assert counter.hits == 0
