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
import json
import re
from pathlib import Path

from markupsafe import Markup

from nrwkg.html import CSP, TEMPLATES, assert_offline, environment

__all__ = [
    "render_view",
    "render_page",
    "environment",
    "assert_offline",
    "TEMPLATES",
    "LIB_FILES",
    "vis_lib_dir",
    "view_json",
    "view_json_parts",
    "render_view_parts",
]

LIB_FILES = ("vis-network.min.js", "vis-network.css", "nrwkg-view.js", "nrwkg-view.css")
_REMOTE_TAG = re.compile(
    r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?", re.IGNORECASE
)
_CLOSING = re.compile(r"</(script|style)", re.IGNORECASE)
_DATA = "\x00nrwkg-view-data\x00"  # where the data block goes, while the page is checked
_MARK = b'"\\u0000'  # how json.dumps writes the start of a "\x00…" marker string (in UTF-8)


def vis_lib_dir() -> Path:
    """vis-network's standalone build as bundled by the installed pyvis (Apache-2.0 or MIT). Found
    without importing pyvis (with IPython, which it imports, 0.09 CPU s): a build whose views are
    all kept from the previous one (nrwkg.kept) renders none and needs only these files."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyvis is not installed", name="pyvis")
    return Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / "vis-9.1.2"


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


def render_view(
    nodes: list[dict], edges: list[dict], options: dict, page: dict, lib: str | None,
    encoded: dict | None = None,
) -> str:
    """The HTML of a network view. `page` holds title, description, root (relative path to the
    build folder), name and meta (legend, document titles); `lib` is the relative path to the
    shipped lib/ folder, or None to inline the libraries (for a page written outside the build).
    `encoded` (optional, one dict per build) keeps the JSON of edge details shared between views."""
    return b"".join(render_view_parts(nodes, edges, options, page, lib, encoded)).decode("utf-8")


def render_view_parts(
    nodes: list[dict], edges: list[dict], options: dict, page: dict, lib: str | None,
    encoded: dict | None = None,
) -> list[bytes]:
    """render_view's HTML as UTF-8 pieces, to be written one after the other: the JSON of an
    edge's details (most of a large view's bytes) is encoded once per build and every view that
    shows the edge writes the same bytes object, instead of copying it into one page string."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    net.nodes = nodes  # set directly: add_node takes a minute for 5,000 nodes
    net.edges = edges
    net.options = options
    net.heading = {
        **page,
        **_assets(lib, ("vis-network.min.js", "nrwkg-view.js"), ("vis-network.css", "nrwkg-view.css")),
        "data": Markup(_DATA),
    }
    net.path = "view.html"
    net.templateEnv = environment()
    html = assert_offline(_REMOTE_TAG.sub("", net.generate_html(name="view.html")))
    before, found, after = html.partition(_DATA)
    if not found or _DATA in after:
        raise AssertionError("the view template must hold the data block exactly once")
    # what the template's data block held when it was `tojson` of this dict (pyvis hands the
    # template its options as a JSON string)
    data = {"name": page["name"], "root": page["root"], "meta": page["meta"], "nodes": nodes,
            "edges": edges, "options": json.dumps(options)}
    return [before.encode("utf-8"), *view_json_parts(data, encoded), after.encode("utf-8")]


def _dumps(value) -> str:
    """Jinja's `tojson` with our environment's policy (sorted keys, UTF-8, no spaces), as text."""
    text = json.dumps(value, **environment().policies["json.dumps_kwargs"])
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def view_json(data: dict, encoded: dict | None = None) -> str:
    """`data|tojson` as the view template had it, byte for byte (see view_json_parts)."""
    return b"".join(view_json_parts(data, encoded)).decode("utf-8")


def view_json_parts(data: dict, encoded: dict | None = None) -> list[bytes]:
    """`data|tojson` as the view template had it, byte for byte, as UTF-8 pieces. With `encoded`,
    each edge's `nrwkg` dict is encoded once per dict object (the same object serves every view of
    the edge) and its bytes are one of the pieces; a marker that the data itself might hold makes it
    fall back to one plain dump."""
    edges = data.get("edges")
    if encoded is None or not edges:
        return [_dumps(data).encode("utf-8")]
    parts: list[bytes] = []
    slim = []
    for edge in edges:
        details = edge.get("nrwkg")
        if not isinstance(details, dict):
            slim.append(edge)
            continue
        entry = encoded.get(id(details))
        if entry is None or entry[0] is not details:  # the entry keeps its dict alive: ids stay unique
            entry = encoded[id(details)] = (details, _dumps(details).encode("utf-8"))
        slim.append({**edge, "nrwkg": f"\x00{len(parts)}\x00"})
        parts.append(entry[1])
    pieces = _dumps({**data, "edges": slim}).encode("utf-8").split(_MARK)
    if len(pieces) != len(parts) + 1:
        return [_dumps(data).encode("utf-8")]
    out = [pieces[0]]
    for i, (piece, part) in enumerate(zip(pieces[1:], parts, strict=True)):
        marker = b"%d\\u0000\"" % i
        if not piece.startswith(marker):
            return [_dumps(data).encode("utf-8")]
        out += (part, piece[len(marker):])
    return out


def render_page(
    template: str, lib: str | None, scripts: tuple[str, ...] = (), styles: tuple[str, ...] = (), **context
) -> str:
    """A page of ours that is not a network (index, timeline), from templates/{template}."""
    assets = _assets(lib, scripts, styles)
    html = environment().get_template(template).render(assets=assets, csp=assets["csp"], **context)
    return assert_offline(html)
