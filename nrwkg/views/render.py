"""One network view as an HTML string, generated with pyvis from our own template.

pyvis's own template links Bootstrap and vis-network from CDNs in every mode and inserts the
heading and tooltips as raw HTML, so we hand pyvis a template of ours (templates/view.html): it
puts nodes, edges and options into one `<script type="application/json">` block (escaped by
Jinja's `tojson`: `<`, `>`, `&` become `\\u003c` …), escapes every visible text, and loads scripts
only from the shipped `lib/` folder, or inlines them. A Content-Security-Policy allows no other
script. The output is checked for remote references before it is returned.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from nrwkg.html import CSP, TEMPLATES, assert_offline, environment

__all__ = [
    "render_view",
    "render_page",
    "environment",
    "assert_offline",
    "TEMPLATES",
    "LIB_FILES",
    "vis_lib_dir",
]

LIB_FILES = ("vis-network.min.js", "vis-network.css", "nrwkg-view.js", "nrwkg-view.css")
_REMOTE_TAG = re.compile(
    r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?", re.IGNORECASE
)
_CLOSING = re.compile(r"</(script|style)", re.IGNORECASE)


def vis_lib_dir() -> Path:
    """vis-network's standalone build as bundled by the installed pyvis (Apache-2.0 or MIT)."""
    import pyvis

    return Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


def lib_text(name: str) -> str:
    folder = vis_lib_dir() if name.startswith("vis-") else TEMPLATES / "lib"
    return (folder / name).read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """A library's source made safe to sit inside an inline <script> or <style> element: only the
    sequences that end the element early or switch the parser state are changed (inside strings)."""
    return _CLOSING.sub(lambda m: "<\\/" + m.group(1), text).replace("<!--", "<\\!--")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _assets(lib: str | None, scripts: tuple[str, ...], styles: tuple[str, ...]) -> dict:
    """Links to the shipped lib/ folder, or (lib=None) the libraries inlined, plus the CSP to match."""
    if lib is not None:
        return {
            "lib": lib,
            "scripts": scripts,
            "styles": styles,
            "inline_js": [],
            "inline_css": [],
            "csp": CSP,
        }
    js = [_script_safe(lib_text(name)) for name in scripts]
    css = [_script_safe(lib_text(name)) for name in styles]
    hashes = " ".join(_sha256(s) for s in js)
    return {
        "lib": "",
        "scripts": (),
        "styles": (),
        "inline_js": js,
        "inline_css": css,
        "csp": f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'",
    }


def render_view(nodes: list[dict], edges: list[dict], options: dict, page: dict, lib: str | None) -> str:
    """The HTML of a network view. `page` holds title, description, root (relative path to the
    build folder), name and meta (legend, document titles); `lib` is the relative path to the
    shipped lib/ folder, or None to inline the libraries (for a page written outside the build)."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    net.nodes = nodes  # set directly: add_node takes a minute for 5,000 nodes
    net.edges = edges
    net.options = options
    net.heading = {
        **page,
        **_assets(lib, ("vis-network.min.js", "nrwkg-view.js"), ("vis-network.css", "nrwkg-view.css")),
    }
    net.path = "view.html"
    net.templateEnv = environment()
    html = net.generate_html(name="view.html")
    return assert_offline(_REMOTE_TAG.sub("", html))


def render_page(
    template: str, lib: str | None, scripts: tuple[str, ...] = (), styles: tuple[str, ...] = (), **context
) -> str:
    """A page of ours that is not a network (index, timeline), from templates/{template}."""
    assets = _assets(lib, scripts, styles)
    html = environment().get_template(template).render(assets=assets, csp=assets["csp"], **context)
    return assert_offline(html)
