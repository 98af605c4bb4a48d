"""Views that open readable (issue 14.4).

The policy map and the whole graph open on an overview (their most central nodes), grow when a
node is clicked and filter by document and by goal; the actor network's labels do not overlap
at the default zoom; `nrwkg views --entity X --depth N` writes a file of its own; the timeline's
overview strip is labelled.
"""

# ruff: noqa: F811  (the browser fixture from tests.browser)
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nrwkg.views.data import OVERVIEW_LIMIT, OVERVIEW_SIZE
from nrwkg.views.labels import _overlaps, label_box
from tests.browser import browser, needs_chromium  # noqa: F401  (a fixture)


def _data(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="nrwkg-data">(.*?)</script>', html, re.DOTALL).group(1))


def test_large_views_open_on_their_most_central_nodes(built):
    for name in ("policy", "all"):
        data = _data(built / "views" / f"{name}.html")
        if len(data["nodes"]) <= OVERVIEW_LIMIT:
            continue
        overview = data["meta"]["overview"]
        assert len(overview) == OVERVIEW_SIZE
        shown = [n for n in data["nodes"] if not n.get("hidden")]
        assert {n["id"] for n in shown} == set(overview)
        biggest = sorted(data["nodes"], key=lambda n: -n["size"])[:OVERVIEW_SIZE]
        assert min(n["size"] for n in shown) >= min(n["size"] for n in biggest)
        assert all(e.get("hidden") == (e["from"] not in overview or e["to"] not in overview)
                   for e in data["edges"])


def test_actor_labels_do_not_overlap_at_the_default_zoom(built):
    data = _data(built / "views" / "actors.html")
    labelled = [n for n in data["nodes"] if n["label"]]
    assert len(labelled) >= 10
    boxes = [label_box(n) for n in labelled]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not _overlaps(a, b)
    # the hubs keep their names
    hubs = sorted(data["nodes"], key=lambda n: -n["size"])[:5]
    assert all(n["label"] for n in hubs)


def test_a_deeper_ego_view_never_replaces_the_linked_one(built):
    linked = built / "views" / "ego" / "organization" / "mwike.html"
    before = linked.read_bytes()
    result = subprocess.run([sys.executable, "-m", "nrwkg", "views", "--build-dir", str(built),
                             "--entity", "organization:mwike", "--depth", "2"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    deeper = built / "views" / "ego" / "organization" / "mwike.depth-2.html"
    try:
        assert deeper.is_file() and str(deeper) in result.stdout
        assert linked.read_bytes() == before
        assert len(_data(deeper)["nodes"]) > len(_data(linked)["nodes"])
    finally:
        deeper.unlink(missing_ok=True)  # the shared build stays as `nrwkg build` wrote it


def test_an_ego_view_on_request_is_bounded_unless_every_node_is_asked_for(built):
    """`nrwkg views --entity X --depth 2` keeps the bound of the build's views; --all-nodes shows
    everything within two steps, in a file of its own."""
    from nrwkg.network import build_network
    from nrwkg.store import open_store
    from nrwkg.views import EGO_LIMIT

    net = build_network(open_store(built))
    center = "https://w3id.org/nrwkg/id/organization/mwike"
    near = set(net.successors(center)) | set(net.predecessors(center))
    reach = near.union(*(set(net.successors(n)) | set(net.predecessors(n)) for n in near)) | {center}
    folder = built / "views" / "ego" / "organization"
    linked = (folder / "mwike.html").read_bytes()
    written = []
    try:
        for extra, name in (((), "mwike.depth-2.html"), (("--all-nodes",), "mwike.depth-2.all.html")):
            result = subprocess.run([sys.executable, "-m", "nrwkg", "views", "--build-dir", str(built), "--entity",
                                     "organization:mwike", "--depth", "2", *extra],
                                    capture_output=True, text=True, timeout=600)
            assert result.returncode == 0, result.stderr
            written.append(folder / name)
            assert str(folder / name) in result.stdout
        bounded, everything = (_data(path) for path in written)
        assert len(bounded["nodes"]) == min(EGO_LIMIT + 1, len(reach))
        assert len(everything["nodes"]) == len(reach)
        cut = len(reach) - 1 > EGO_LIMIT
        assert bounded["meta"].get("neighbours_more", 0) == (len(reach) - 1 - EGO_LIMIT if cut else 0)
        assert "neighbours_more" not in everything["meta"]
        assert (folder / "mwike.html").read_bytes() == linked
    finally:
        for path in written:
            path.unlink(missing_ok=True)  # the shared build stays as `nrwkg build` wrote it


def test_the_timeline_strip_has_labels(built):
    html = (built / "views" / "timeline.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg class="timeline-axis".*?</svg>', html, re.DOTALL).group(0)
    years = re.findall(r"<text[^>]*>(\d{4})</text>", svg)
    counts = [int(c) for c in re.findall(r'<text class="count"[^>]*>(\d+)</text>', svg)]
    assert years and counts
    assert sum(counts) == html.count('class="tl-item"')


@pytest.mark.slow  # starts Chromium
@needs_chromium
def test_overview_grows_on_click_and_filters_by_document_and_goal(built, browser):
    data = _data(built / "views" / "policy.html")
    if len(data["nodes"]) <= OVERVIEW_LIMIT:
        pytest.skip("the policy map is small enough to open whole")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((built / "views" / "policy.html").resolve().as_uri())
    page.wait_for_function("() => window.nrwkgView && window.nrwkgView.drawn", timeout=60_000)
    assert page.evaluate("() => window.nrwkgView.visible") == OVERVIEW_SIZE
    assert "Gezeigt: 40 von" in page.locator("#overview-note").inner_text()
    hub = data["meta"]["overview"][0]
    point = page.evaluate(
        """id => { const net = window.nrwkgNetwork; const d = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.querySelector('#network').getBoundingClientRect();
        return {x: box.left + d.x, y: box.top + d.y}; }""", hub)
    page.mouse.click(point["x"], point["y"])
    grown = page.evaluate("() => window.nrwkgView.visible")
    assert grown > OVERVIEW_SIZE, "a click on the hub brings in its neighbours"
    document = sorted(data["meta"]["documents"])[0]
    page.select_option("#filter-document", document)
    expected = {e["from"] for e in data["edges"] if document in e["nrwkg"]["documents"]} | \
        {e["to"] for e in data["edges"] if document in e["nrwkg"]["documents"]} | \
        {n["id"] for n in data["nodes"] if document in n["nrwkg"]["documents"]}
    assert page.evaluate("() => window.nrwkgView.visible") == len(expected)
    goal = data["meta"]["goals"][0]["id"]
    page.select_option("#filter-goal", goal)
    visible = page.evaluate("() => window.nrwkgView.visible")
    assert 1 < visible < len(data["nodes"])
    page.click("#show-all")
    assert page.evaluate("() => window.nrwkgView.visible") == len(data["nodes"])
    assert errors == []
