"""No broken link (issue 14.6): every relative link of every page in the build resolves, from
file:// (the file system) and under `nrwkg serve` (an HTTP GET of each target answers 200).

Links are the href/src attributes of the markup and the paths a view's script turns into links
(entity pages, ego views, document pages and views, evidence passages in its JSON block). A link
with a fragment must find that id in its target page.
"""

from __future__ import annotations

import http.client
import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from nrwkg.serve.loadtest import server_process

_EXTERNAL = ("http://", "https://", "mailto:", "data:")


class _Links(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            value = attrs.get(name)
            if value is not None and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.links.append(value)


@cache
def _parse(path: Path) -> _Links:
    return _Links(path.read_text(encoding="utf-8"))


def _script_links(html: str) -> list[str]:
    """Paths a network view's script links to (relative to the build root, like `root + path`)."""
    block = re.search(r'<script type="application/json" id="nrwkg-data">(.*?)</script>', html, re.DOTALL)
    if not block:
        return []
    data = json.loads(block.group(1))
    root = data["root"]
    paths = []
    for node in data["nodes"]:
        paths += [node["nrwkg"]["page"], node["nrwkg"]["ego"]]
    for doc in data["meta"]["documents"].values():
        paths += [doc["page"], doc["view"]]
    for edge in data["edges"]:
        paths += [ev["url"] for ev in edge["nrwkg"]["evidence"]]
    return [root + p for p in paths if p]


def _pages(built: Path) -> list[Path]:
    return sorted(p for p in built.rglob("*.html") if "screenshots" not in p.relative_to(built).parts)


@pytest.fixture(scope="module")
def links(built) -> dict[tuple[str, str], list[str]]:
    """(target file relative to the build, fragment) → the pages that link to it."""
    root = built.resolve()
    found: dict[tuple[str, str], list[str]] = {}
    for page in _pages(built):
        html = page.read_text(encoding="utf-8")
        for link in _parse(page).links + _script_links(html):
            if link.startswith(_EXTERNAL):
                continue
            assert not link.startswith(("/", "file:", "javascript:")), f"{page}: {link} is not relative"
            target, _, fragment = link.partition("#")
            resolved = (page.parent / unquote(target)).resolve() if target else page.resolve()
            assert resolved.is_relative_to(root), f"{page}: {link} leaves the build folder"
            key = (resolved.relative_to(root).as_posix() + ("/" if link.split("#")[0].endswith("/") else ""),
                   fragment)
            found.setdefault(key, []).append(str(page.relative_to(built)))
    return found


def test_every_relative_link_resolves_on_the_file_system(built, links):
    broken = []
    for (target, fragment), sources in sorted(links.items()):
        path = built / target
        if target.endswith("/") or path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            broken.append(f"{sources[0]} (and {len(sources) - 1} more) → {target}")
            continue
        if fragment and path.suffix == ".html" and fragment not in _parse(path).ids:
            broken.append(f"{sources[0]} → {target}#{fragment} (no such id)")
    count = sum(len(s) for s in links.values())
    print(f"link check: {count} relative links to {len(links)} targets in {len(_pages(built))} pages")
    assert not broken, f"{len(broken)} broken links, e.g. " + "; ".join(broken[:10])
    assert count > 1000


@pytest.mark.slow  # starts nrwkg serve
def test_every_relative_link_answers_200_under_nrwkg_serve(built, links, tmp_path_factory):
    targets = sorted({target for target, _ in links})
    log = tmp_path_factory.mktemp("links-serve") / "server.log"
    failures = []
    with server_process(built, "--workers", "1", log=log) as server:
        url = urlsplit(server.url)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        try:
            for target in targets:
                conn.request("GET", "/" + target)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failures.append(f"/{target}: {response.status}")
        finally:
            conn.close()
    print(f"link check under nrwkg serve: {len(targets)} targets fetched")
    assert not failures, f"{len(failures)} targets fail: " + "; ".join(failures[:10])


def test_the_export_folder_is_a_page_and_a_stance_is_never_a_link(built):
    assert (built / "export" / "index.html").is_file()
    export = _parse(built / "export" / "index.html")
    assert "nrwkg.ttl" in export.links and "csv/relations.csv" in export.links
    timeline = (built / "views" / "timeline.html").read_text(encoding="utf-8")
    for link in re.findall(r'href="([^"]+)"', timeline):
        assert "/stance/" not in link, f"the timeline links a stance, which has no page: {link}"
