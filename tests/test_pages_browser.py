"""Every page usable at phone and desktop width (issue 14.5), and hub pages of a readable height
(issue 14.3), in a real headless Chromium (Debian's, driven by Playwright).

At 390 and 1600 px: nothing overflows sideways, no console error, no request leaves the folder;
in a network view the canvas keeps most of the height. Screenshots of each page at each width go
to BUILD/screenshots/ (NAME-WIDTH.png).
"""

# ruff: noqa: F811  (the browser fixture from tests.browser)
from __future__ import annotations

import pytest

from tests.browser import browser, needs_chromium  # noqa: F401  (a fixture)

WIDTHS = (390, 1600)
PAGES = {
    "index": "index.html",
    "actors": "views/actors.html",
    "policy": "views/policy.html",
    "all": "views/all.html",
    "timeline": "views/timeline.html",
    "reader": "documents/loi-zukunftsdialog-industrie.html",
    "mona-neubaur": "pages/person/mona-neubaur.html",
    "entities": "pages/index.html",
    "ontology": "ontology/index.html",
    "export": "export/index.html",
}
# Mona Neubaur's page was 72,681 px tall at 1600 px before the entity pages were regrouped
# (issue 14); a hub page may be at most a fifth of that.
HUB_HEIGHT_BEFORE = 72_681

pytestmark = [pytest.mark.slow, needs_chromium]  # starts Chromium


@pytest.fixture(scope="module")
def measured(built, browser) -> dict[tuple[str, int], dict]:
    shots = built / "screenshots"
    shots.mkdir(exist_ok=True)
    found = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        try:
            for name, rel in PAGES.items():
                page = context.new_page()
                errors, requests = [], []
                page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda x, e=errors: e.append(str(x)))
                page.on("request", lambda r, q=requests: q.append(r.url))
                fragment = ""
                if name == "reader":  # open the reader at a highlighted passage
                    html = (built / rel).read_text(encoding="utf-8")
                    fragment = "#" + html.split('class="anchor" id="', 2)[2].split('"', 1)[0]
                page.goto((built / rel).resolve().as_uri() + fragment)
                page.wait_for_load_state("load")
                if name in ("actors", "policy", "all"):
                    page.wait_for_function("() => window.nrwkgView && window.nrwkgView.drawn", timeout=60_000)
                size = page.evaluate(
                    "() => ({height: document.documentElement.scrollHeight, scrollWidth: "
                    "document.documentElement.scrollWidth, inner: window.innerWidth, canvas: "
                    "(document.getElementById('network') || {}).clientHeight || 0})")
                page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=size["height"] < 20_000)
                found[(name, width)] = {**size, "errors": errors, "requests": requests}
                page.close()
        finally:
            context.close()
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_width_without_errors(measured, name, width):
    m = measured[(name, width)]
    assert m["scrollWidth"] <= m["inner"], f"{name} at {width} px: {m['scrollWidth']} px wide content"
    assert m["errors"] == [], m["errors"]
    assert all(u.startswith(("file://", "data:")) for u in m["requests"]), m["requests"]


@pytest.mark.parametrize("name", ["actors", "policy", "all"])
def test_the_network_gets_the_height_on_a_phone(measured, name):
    m = measured[(name, 390)]
    assert m["canvas"] >= 0.45 * 900, f"{name}: the canvas is {m['canvas']} px tall at 390 px width"


def test_hub_page_is_at_most_a_fifth_of_its_former_height(measured, built):
    height = measured[("mona-neubaur", 1600)]["height"]
    assert height <= HUB_HEIGHT_BEFORE / 5, f"Mona Neubaur's page is {height} px tall"
    assert (built / "screenshots" / "mona-neubaur-390.png").is_file()
