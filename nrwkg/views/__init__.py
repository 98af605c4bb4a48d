"""HTML network views of the graph: offline, escaped, with the evidence one click away.

`write_views` is the `nrwkg build` artefact writer; `write_all` and `write_ego` back `nrwkg views`.
Modules: select (which part of the network), layout (positions and centrality in Python),
data (nodes and edges with what their popups show), render (pyvis with our template), timeline,
site (all views, lib/ and index.html).
"""

from __future__ import annotations

__all__ = ["write_views", "write_all", "write_ego", "ego_page", "EGO_LIMIT", "PAIR_EDGE_LIMIT"]

# An ego view shows at most this many nodes besides its entity (which ones: select.ego), so that a
# hub's view does not grow with the corpus; the entity page lists every relation. Above the most
# neighbours of any entity of the bundled corpus (105), whose ego views therefore show everything.
# Here, not in catalog, so that `nrwkg views --help` can name it without importing networkx.
EGO_LIMIT = 120
# Every view shows at most this many edges between the same two nodes (the first ones in the
# network's order, select.bound_pairs): a stance is one edge per document that states it, so the
# edges between a ministry and its climate target grow with the corpus (500 at x100) while the
# nodes do not. A cut pair's edges say how many are left out and link to the entity pages, which
# list every relation. Above the most edges between two nodes of the bundled corpus (7), whose
# views therefore show every edge.
PAIR_EDGE_LIMIT = 10


def write_views(compiled, out):
    from nrwkg.views.site import write_views as _write_views

    return _write_views(compiled, out)


def write_all(build_dir):
    from nrwkg.views.site import write_all as _write_all

    return _write_all(build_dir)


def ego_page(build_dir, entity, depth=1, out=None, limit=EGO_LIMIT):
    """(path, HTML) of one ego view, without writing it: see nrwkg.views.site.ego_page."""
    from nrwkg.views.site import ego_page as _ego_page

    return _ego_page(build_dir, entity, depth, out, limit)


def write_ego(build_dir, entity, depth=1, out=None, limit=EGO_LIMIT):
    from nrwkg.views.site import write_ego as _write_ego

    return _write_ego(build_dir, entity, depth, out, limit)
