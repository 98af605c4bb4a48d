"""A running server follows the build: after `nrwkg build` its pages and its answers come from the new build.

`nrwkg build` swaps a new folder in at the same path. The server notices the new folder on its
next request and switches to it (new workers on the new store) before answering, so the first
answer after the build is the new build's, for a page and for a query alike. A folder that is
not a finished build is refused with a clear message rather than served half.
"""

from __future__ import annotations

import shutil
import threading

import pyoxigraph as ox
import pytest

from nrwkg.build import build, write_dataset
from nrwkg.serve.loadtest import server_process
from nrwkg.store import open_store
from tests.test_serve import get, request, rows_of

pytestmark = pytest.mark.slow  # starts nrwkg serve and builds while it serves

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def count_of(base: str) -> int:
    status, _, body = get(base, COUNT)
    assert status == 200, body
    return int(rows_of(body)[0]["n"]["value"])


def quads_in(build_dir) -> int:
    store = open_store(build_dir)
    return len(store) - len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())))


def page(base: str, path: str) -> bytes:
    status, _, body = request(base, "GET", path)
    assert status == 200, (path, body)
    return body


def test_a_build_while_serving_switches_pages_and_answers_together(built, mini_root, tmp_path):
    site = tmp_path / "build"
    shutil.copytree(built, site)
    full = quads_in(site)
    (site / "generation.txt").write_text("first", encoding="utf-8")
    with server_process(site, "--workers", "2", log=tmp_path / "server.log") as server:
        assert count_of(server.url) == full
        assert page(server.url, "/generation.txt") == b"first"
        answers: list[int] = []
        statuses: list[int] = []
        stop = threading.Event()

        def keep_asking():  # clients that keep querying while the build runs and is swapped in
            while not stop.is_set():
                status, _, body = get(server.url, COUNT)
                statuses.append(status)
                if status == 200:
                    answers.append(int(rows_of(body)[0]["n"]["value"]))

        asking = threading.Thread(target=keep_asking)
        asking.start()
        try:
            build(site, mini_root, reasoner=False,
                  artefacts=[write_dataset, lambda compiled, out: (out / "generation.txt").write_text("second")])
        finally:
            stop.set()
            asking.join(120)
        mini = quads_in(site)
        assert mini != full
        # the first answers after the build are the new build's: pages and store together
        assert page(server.url, "/generation.txt") == b"second"
        assert count_of(server.url) == mini
        status, _, description = request(server.url, "GET", "/sparql", headers={"Accept": "text/turtle"})
        assert status == 200 and b"document/" in description
        assert set(answers) <= {full, mini}, "an answer from neither build"
        assert set(statuses) <= {200, 503}, statuses


def test_a_folder_that_is_not_a_finished_build_is_refused_clearly(built, tmp_path):
    site = tmp_path / "build"
    shutil.copytree(built, site)
    with server_process(site, "--workers", "1", log=tmp_path / "server.log") as server:
        assert get(server.url, "ASK {}")[0] == 200
        site.rename(tmp_path / "old")
        site.mkdir()  # an empty folder where the build was: no store
        status, headers, body = get(server.url, "ASK {}")
        assert status == 503 and b"new build" in body and b"no store" in body
        assert int(headers["retry-after"]) >= 1
        status, _, body = request(server.url, "GET", "/index.html")
        assert status == 503 and body.count(b"\n") == 1
