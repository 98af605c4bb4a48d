"""`nrwkg publish` (issue 13.2): a build goes into a running store, each named graph replaced as a
whole, and the store's count of every graph is checked against the build's VoID. Against a
read-write `oxigraph serve` (Graph Store Protocol) and Virtuoso (bulk loader through isql), both
started here on 127.0.0.1."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from nrwkg.publish import PublishError, store_counts, verify_counts, void_counts
from nrwkg.query.engines import EndpointEngine, OxigraphEngine
from nrwkg.query.library import load_library
from tests.query_helpers import comparable
from tests.store_servers import oxigraph_server, virtuoso_server

pytestmark = pytest.mark.slow  # starts Oxigraph and Virtuoso servers


DOCUMENT = "https://w3id.org/nrwkg/id/document/loi-zukunftsdialog-industrie"
OTHER = "urn:example:not-ours"


def nrwkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nrwkg", *args], capture_output=True, text=True, timeout=900)


def put(store: str, graph: str, ntriples: str) -> None:
    url = store + "?" + urllib.parse.urlencode({"graph": graph})
    request = urllib.request.Request(url, data=ntriples.encode(), method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(request, timeout=30).read()


@pytest.fixture
def writable(tmp_path):
    with oxigraph_server(tmp_path, read_only=False) as running:
        yield running


@pytest.fixture(scope="module")
def expected(built) -> dict[str, int]:
    return void_counts(built / "export" / "void.ttl")


def test_publish_puts_every_graph_into_an_oxigraph_server_and_checks_the_counts(built, writable, expected):
    stale = "<urn:x:stale> <urn:x:p> <urn:x:o> .\n"
    put(writable.store_url, DOCUMENT, stale)          # an older version of a document graph
    put(writable.store_url, OTHER, stale)             # someone else's graph in the same store
    result = nrwkg("publish", "--endpoint", writable.query_url, "--build-dir", str(built))
    assert result.returncode == 0, result.stderr
    assert re.search(rf"published \d+ triples in {len(expected)} named graphs", result.stdout), result.stdout
    counts = store_counts(writable.query_url)
    assert {g: counts[g] for g in expected} == expected
    assert counts[OTHER] == 1, "publish touched a graph that is not the build's"
    engine = EndpointEngine(writable.query_url)
    assert engine.run(f"ASK {{ GRAPH <{DOCUMENT}> {{ <urn:x:stale> ?p ?o }} }}").boolean is False
    # and the library answers there as on the embedded store
    qdef = load_library()["agreement-signatories"]
    embedded = OxigraphEngine.from_build(built).run(qdef.text, qdef.bind())
    assert comparable(engine.run(qdef.text, qdef.bind())) == comparable(embedded)


def test_publishing_twice_replaces_rather_than_adds(built, writable, expected):
    for _ in range(2):
        result = nrwkg("publish", "--endpoint", writable.query_url, "--build-dir", str(built))
        assert result.returncode == 0, result.stderr
    counts = store_counts(writable.query_url)
    assert {g: counts[g] for g in expected} == expected


def test_a_count_that_differs_from_the_void_fails_loudly(built, writable, tmp_path, expected):
    copy = tmp_path / "build"
    (copy / "export").mkdir(parents=True)
    shutil.copyfile(built / "dataset.nq", copy / "dataset.nq")
    void = (built / "export" / "void.ttl").read_text(encoding="utf-8")
    n = expected[DOCUMENT]
    tampered = void.replace(f"void:triples {n} ;\n    sd:name document:loi-zukunftsdialog-industrie",
                            f"void:triples {n + 1} ;\n    sd:name document:loi-zukunftsdialog-industrie")
    assert tampered != void, "the VoID layout changed: adapt the test"
    (copy / "export" / "void.ttl").write_text(tampered, encoding="utf-8")
    result = nrwkg("publish", "--endpoint", writable.query_url, "--build-dir", str(copy))
    assert result.returncode == 1
    assert f"<{DOCUMENT}>: {n} triples in the store, {n + 1} in the build" in result.stderr
    assert f"1 of {len(expected)} graphs differ" in result.stderr


def test_verify_names_a_graph_the_store_lacks(writable, expected):
    with pytest.raises(PublishError, match=re.escape(f"<{DOCUMENT}>: 0 triples in the store")):
        verify_counts(writable.query_url, expected)


def test_publish_without_a_graph_store_url_says_what_to_pass(built):
    result = nrwkg("publish", "--endpoint", "http://127.0.0.1:9/sparql", "--build-dir", str(built))
    assert result.returncode == 1 and "--store URL" in result.stderr


def test_publish_into_virtuoso_through_its_bulk_loader(built, tmp_path, expected):
    with virtuoso_server(tmp_path) as virtuoso:
        for _ in range(2):  # the second time replaces the graphs, it does not add to them
            result = nrwkg("publish", "--endpoint", virtuoso.query_url, "--isql", virtuoso.isql,
                           "--load-dir", str(virtuoso.load_dir), "--build-dir", str(built))
            assert result.returncode == 0, result.stderr + result.stdout
            assert "Virtuoso's bulk loader" in result.stdout
        counts = store_counts(virtuoso.query_url)
        assert {g: counts.get(g, 0) for g in expected} == expected
