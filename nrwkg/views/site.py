"""All views of a build: whole graph, actors, policy map, one per document, one per entity (ego),
the timeline, the shared lib/ folder and build/index.html.

`write_views(compiled, out)` is the `nrwkg build` artefact writer; `write_all(build_dir)` and
`write_ego(build_dir, entity, depth, out)` back `nrwkg views`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx

from nrwkg.errors import NrwkgError
from nrwkg.kept import keep, key_of, wrote
from nrwkg.memo import memo
from nrwkg.views.catalog import EGO_LIMIT, View, document_views, ego_heading, ego_view, main_views
from nrwkg.views.data import options, view_data
from nrwkg.views.egokeys import EgoKeys
from nrwkg.views.lookup import Lookup, ego_path
from nrwkg.views.render import LIB_FILES, lib_text, render_page, render_view_parts
from nrwkg.views.style import style
from nrwkg.views.timeline import axis

__all__ = ["render", "render_parts", "write_views", "write_all", "write_ego", "resolve_entity"]

_LIB_README = """Shared files of the nrwkg network views.

vis-network.min.js, vis-network.css: vis-network 9.1.2 (https://visjs.github.io/vis-network/),
copied from the pyvis 0.3.2 package; (c) 2011-2017 Almende B.V., (c) 2017-2019 visjs contributors;
dual licensed under the Apache License 2.0 and the MIT License (see the header of the .js file).
nrwkg-view.js, nrwkg-view.css, nrwkg-timeline.js, nrwkg-reader.js: part of nrwkg (MIT).
"""


def _relative(path: str, target: str) -> str:
    """The relative link from the page at build-relative `path` to build-relative `target`."""
    rel = os.path.relpath(target, os.path.dirname(path) or ".")
    return rel.replace(os.sep, "/")


def render(view: View, lookup: Lookup, root: str, lib: str | None, physics: bool = False) -> str:
    """One view's HTML."""
    return b"".join(render_parts(view, lookup, root, lib, physics)).decode("utf-8")


def render_parts(view: View, lookup: Lookup, root: str, lib: str | None, physics: bool = False,
                 shared: dict | None = None, encoded: dict | None = None) -> list[bytes]:
    """One view's HTML as UTF-8 pieces (render_view_parts). `shared` and `encoded` (one dict each
    per build) let the views of a build share each edge's details and their JSON bytes (see
    view_data and render_view_parts)."""
    nodes, edges, meta = view_data(view.graph, lookup, focus=view.focus, positions=not physics, shared=shared)
    return render_view_parts(nodes, edges, options(len(nodes), physics=physics), _page(view, root, meta), lib, encoded)


def _page(view: View, root: str, meta: dict) -> dict:
    return {"title": view.title, "description": view.description, "root": root, "name": view.name, "meta": meta}


def _write_view(path: Path, view: View, lookup: Lookup, root: str, lib: str, shared: dict,
                encoded: dict) -> bytes | None:
    """One view of a build (render_parts), or the previous build's file of it when that was written
    from the same nodes, edges and page (nrwkg.kept): the rest of the HTML is the template's.
    Returns that key (None: the view's data cannot be keyed)."""
    nodes, edges, meta = view_data(view.graph, lookup, focus=view.focus, positions=True, shared=shared)
    page = _page(view, root, meta)
    key = key_of("view", nodes, edges, page, lib)
    if not keep(path, key):
        _write_parts(path, render_view_parts(nodes, edges, options(len(nodes), physics=False), page, lib, encoded))
        wrote(path, key)
    return key


# an entity's view by the digest of what it is made from (EgoKeys) → (the key of the view it
# wrote, nrwkg.kept; its number of nodes): a build keeps the file of a view whose neighbourhood is
# unchanged without selecting or rendering it (statement left out, bundled corpus: 0.2 CPU s)
_EGOS = memo("views-ego")


def _write_ego_view(out: Path, net: nx.MultiDiGraph, lookup: Lookup, iri: str, path: str, keys: EgoKeys,
                    shared: dict, encoded: dict) -> dict[str, Any]:
    """The view of one entity (catalog.ego_view) at `path`; its entry in the index."""
    title, kind = ego_heading(net, lookup, iri)
    entry = {"path": path, "title": title, "kind": kind}
    key = keys.key(iri)
    known = _EGOS.get(key) if key is not None else None
    if known is not None and keep(out / path, known[0]):
        return {**entry, "nodes": known[1]}
    view = ego_view(net, lookup, iri, path=path)
    written = _write_view(out / path, view, lookup, _relative(path, ".") + "/", _relative(path, "views/lib") + "/",
                          shared, encoded)
    if key is not None and written is not None:
        _EGOS[key] = (written, view.nodes)
    return {**entry, "nodes": view.nodes}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_parts(path: Path, parts: list[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.writelines(parts)


def _write_lib(out: Path) -> None:
    lib = out / "views" / "lib"
    lib.mkdir(parents=True, exist_ok=True)
    for name in (*LIB_FILES, "nrwkg-timeline.js", "nrwkg-reader.js"):
        (lib / name).write_text(lib_text(name), encoding="utf-8")
    (lib / "README.txt").write_text(_LIB_README, encoding="utf-8")


def _write_views(opened, out: Path) -> None:
    """Every view, the timeline, lib/ and index.html into the build folder `out`."""
    net, lookup = opened.network, opened.lookup
    _write_lib(out)
    mains = main_views(net)
    docs = document_views(net, lookup)
    shared: dict = {}  # edge → its details, and their JSON: the same in every view of this build
    encoded: dict = {}
    for view in (*mains, *docs):
        root = _relative(view.path, ".") + "/"
        lib = _relative(view.path, "views/lib") + "/"
        _write_view(out / view.path, view, lookup, root, lib, shared, encoded)
    keys = EgoKeys(net, lookup)
    egos = [_write_ego_view(out, net, lookup, iri, path, keys, shared, encoded)
            for iri in net if (path := ego_path(iri))]
    entries = opened.timeline
    timeline: dict[str, Any] = {
        "path": "views/timeline.html",
        "title": "Zeitleiste",
        "count": len(entries),
        "description": "Datierte Ereignisse, Dokumente und Vereinbarungen und die Fristen von Zielen "
        "und Vorhaben, jeweils mit dem Satz, der das Datum nennt.",
    }
    _write(
        out / timeline["path"],
        render_page(
            "timeline.html",
            "lib/",
            scripts=("nrwkg-timeline.js",),
            styles=("nrwkg-view.css",),
            entries=entries,
            axis=axis(entries),
            root="../",
            description=timeline["description"],
        ),
    )
    order = {g.label: i for i, g in enumerate(style().groups)}
    ego_list: list[dict[str, Any]] = sorted(
        egos, key=lambda v: (order.get(v["kind"], 99), v["title"].casefold(), v["path"]))
    _write(
        out / "index.html",
        render_page(
            "index.html",
            "views/lib/",
            styles=("nrwkg-view.css",),
            views=mains,
            document_views=docs,
            ego_views=ego_list,
            timeline=timeline,
            documents=docs,
        ),
    )


def write_views(build, out: Path) -> None:
    """`nrwkg build` artefact: all views from the opened build (or the store in `out`)."""
    from nrwkg.opened import opened_build

    _write_views(opened_build(build, out), out)


def write_all(build_dir: Path) -> Path:
    """Regenerate views/ and index.html of an existing build; the old ones are replaced at the end."""
    from nrwkg.opened import OpenedBuild

    opened = OpenedBuild.open(build_dir)
    staging = Path(tempfile.mkdtemp(prefix=".views.partial-", dir=build_dir))
    try:
        _write_views(opened, staging)
        old = build_dir / "views"
        if old.exists():
            shutil.rmtree(old)
        (staging / "views").rename(old)
        os.replace(staging / "index.html", build_dir / "index.html")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return build_dir / "index.html"


def resolve_entity(net: nx.MultiDiGraph, entity: str) -> str:
    """The node IRI for a CURIE (`organization:mwike`) or a full IRI; a clear error otherwise."""
    if entity in net:
        return entity
    for node, data in net.nodes(data=True):
        if data.get("curie") == entity:
            return node
    raise NrwkgError(
        f"unknown entity {entity!r}: give a CURIE such as organization:mwike or a full IRI "
        "of a node of the network (see build/pages/index.html)"
    )


def write_ego(build_dir: Path, entity: str, depth: int, out: Path | None, limit: int | None = EGO_LIMIT) -> Path:
    """One ego view: at most `limit` nodes besides the entity (None: all within `depth` steps).
    Inside the build it links the shared lib/; elsewhere the libraries are inlined and links point
    back into the build folder."""
    target, html = ego_page(build_dir, entity, depth, out, limit)
    _write(target, html)
    return target


def ego_page(
    build_dir: Path, entity: str, depth: int, out: Path | None, limit: int | None = EGO_LIMIT
) -> tuple[Path, str]:
    """(where the page belongs, its HTML) for write_ego; `out` only decides the relative links."""
    from nrwkg.opened import OpenedBuild

    if depth < 1:
        raise NrwkgError(f"--depth must be 1 or more, not {depth}")
    opened = OpenedBuild.open(build_dir)
    net, lookup = opened.network, opened.lookup
    iri = resolve_entity(net, entity)
    build = build_dir.resolve()
    # a deeper or unbounded view gets a file of its own: the page the other pages link to stays as it is
    target = (out or build / (ego_path(iri, depth, bounded=limit is not None) or "views/ego.html")).resolve()
    view = ego_view(net, lookup, iri, depth, limit=limit)
    rel_root = Path(os.path.relpath(build, target.parent)).as_posix()
    root = "" if rel_root == "." else rel_root + "/"
    inside = target.is_relative_to(build)
    lib = Path(os.path.relpath(build / "views" / "lib", target.parent)).as_posix() + "/" if inside else None
    if inside and not (build / "views" / "lib" / "vis-network.min.js").is_file():
        _write_lib(build)
    return target, render(view, lookup, root, lib)
