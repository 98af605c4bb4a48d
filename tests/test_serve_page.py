"""The query page in a real headless Chromium: load a library example, run it, read the table.

Also: text from the data or the server is never interpreted as HTML, and the page requests
nothing but its own origin (it works offline).
"""

# ruff: noqa: F811  (the browser fixture from tests.browser)
from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from nrwkg.serve.examples import load_examples
from nrwkg.serve.loadtest import server_process
from tests.browser import browser, needs_chromium  # noqa: F401  (a fixture)
from tests.test_serve import post_form

pytestmark = [pytest.mark.slow, needs_chromium]  # starts a server and Chromium


HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><b>bold</b>'


@pytest.fixture(scope="module")
def base(built, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve-page") / "server.log"
    with server_process(built, "--quiet", "--workers", "2", log=log) as server:
        yield server.url


@pytest.fixture(params=[False])
def page(browser, base, request):
    context = browser.new_context(bypass_csp=request.param)
    page = context.new_page()
    page.requested = []
    page.problems = []
    page.on("request", lambda r: page.requested.append(r.url))
    page.on("console", lambda m: page.problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.goto(base + "query")
    yield page
    assert all(url.startswith(base) for url in page.requested), page.requested
    assert page.problems == []
    context.close()


def run(page) -> str:
    from playwright.sync_api import expect

    page.click("button[type=submit]")
    expect(page.locator("#status")).not_to_contain_text("running", timeout=30000)
    expect(page.locator("#status")).not_to_be_empty()
    return page.inner_text("#status")


def test_an_example_loads_runs_and_fills_the_table(page, base):
    examples = load_examples()
    assert page.locator("#example option").count() == len(examples) + 1
    example = next(e for e in examples if "SELECT" in e["query"] and "LIMIT" not in e["query"])
    index = examples.index(example)
    page.select_option("#example", str(index))
    assert page.input_value("#query") == example["query"]
    assert example["summary"] in page.inner_text("#summary")
    status, _, body = post_form(base, {"query": example["query"]})
    assert status == 200
    expected = json.loads(body)
    assert f"{len(expected['results']['bindings'])} rows" in run(page)
    headers = page.locator("#output th").all_inner_texts()
    assert headers == expected["head"]["vars"]
    assert page.locator("#output tbody tr").count() == len(expected["results"]["bindings"])
    if expected["results"]["bindings"]:
        first = expected["results"]["bindings"][0]
        cells = page.locator("#output tbody tr").first.locator("td").all_inner_texts()
        for name, cell in zip(expected["head"]["vars"], cells, strict=True):
            if name in first:
                assert cell.startswith(first[name]["value"])


@pytest.mark.parametrize("page", [False, True], indirect=True, ids=["with-csp", "without-csp"])
def test_text_from_the_data_is_never_html(page):
    query = "SELECT ?x WHERE { VALUES ?x { " + json.dumps(HOSTILE) + " } }"
    page.fill("#query", query)
    assert "1 rows" in run(page)
    assert page.locator("#output img, #output b").count() == 0
    assert page.locator("#output td").first.inner_text() == HOSTILE
    assert page.title() != "pwned"


def test_errors_and_other_formats_show_as_text(page):
    page.fill("#query", "SELECT * WHERE { ?s ?p ")
    status = run(page)
    assert status.startswith("400") and "syntax error" in status
    assert page.get_attribute("#status", "class") == "error"
    page.fill("#query", "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                        "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l } LIMIT 3")
    page.select_option("#format", "text/turtle")
    assert run(page).startswith("text/turtle")
    assert "@prefix skos:" in page.inner_text("#output pre")


def test_the_form_works_without_script_as_a_plain_get(base):
    from urllib.request import Request, urlopen

    with urlopen(Request(base + "sparql?" + urlencode({"query": "ASK {}"}),
                         headers={"Accept": "text/html,application/xml;q=0.9,*/*;q=0.8"}), timeout=30) as r:
        assert r.headers["Content-Type"].startswith("application/sparql-results+xml")
        assert b"<boolean>true</boolean>" in r.read()
