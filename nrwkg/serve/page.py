"""The query page (HTML, offline): the library's queries as examples, run with fetch against the endpoint.

The page is rendered from nrwkg/templates/query.html by the site's one HTML layer (nrwkg.html);
its script and stylesheet are served from this package's templates/ folder under /_nrwkg/.
"""

from __future__ import annotations

import json
from importlib.resources import files

__all__ = ["query_page", "asset"]

ASSETS = {"query.js": "text/javascript; charset=utf-8", "query.css": "text/css; charset=utf-8"}


def _template(name: str) -> str:
    return files("nrwkg.serve").joinpath("templates", name).read_text(encoding="utf-8")


def script_json(value) -> str:
    """JSON safe inside <script type="application/json">: no `<`, `>` or `&` can end the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def query_page(examples: list[dict], timeout: float, max_rows: int) -> bytes:
    limits = (f"Each query may run {timeout:g} s and return {max_rows} rows at most; beyond either "
              "limit it fails with an error instead of a shortened answer.")
    from nrwkg.html import render

    page = render("query.html", limits=limits, count=len(examples), default_query=_template("default.rq"),
                  examples=examples, root="")
    return page.encode("utf-8")


def asset(name: str) -> tuple[bytes, str] | None:
    """(content, content type) of a page asset, or None for any other name."""
    if name not in ASSETS:
        return None
    return _template(name).encode("utf-8"), ASSETS[name]
