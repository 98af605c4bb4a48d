"""Network views without a browser: what the build writes, offline and escaped, the CLI, the layout.

The browser tests are in test_views_browser.py.
"""

from __future__ import annotations

import math
import random
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import networkx as nx
import pytest

from nrwkg.namespaces import ID, NRW
from nrwkg.views.layout import BETWEENNESS

REPO = Path(__file__).resolve().parents[1]
_REMOTE = re.compile(r"""\b(?:src|href|action)\s*=\s*["']?(?:[a-z][a-z0-9+.-]*:)?//""", re.IGNORECASE)
_SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(</script>)", re.IGNORECASE | re.DOTALL)


def _html_files(built: Path) -> list[Path]:
    return [built / "index.html", *sorted((built / "views").rglob("*.html"))]


@pytest.fixture(scope="module")
def network(built):
    from nrwkg.network import build_network
    from nrwkg.store import open_store

    return build_network(open_store(built))


def test_build_writes_every_view_the_index_and_the_shared_library(built, network):
    views = built / "views"
    for name in ("all", "actors", "policy", "timeline"):
        assert (views / f"{name}.html").is_file(), name
    documents = [n for n, d in network.nodes(data=True) if d["type"] == "nrw:Document"]
    assert documents
    for iri in documents:
        assert (views / "document" / f"{iri.rsplit('/', 1)[1]}.html").is_file(), iri
    for iri in network:  # every entity page links to an ego view: each must exist
        kind, slug = iri[len(str(ID)) :].split("/")
        assert (views / "ego" / kind / f"{slug}.html").is_file(), iri
    lib = views / "lib"
    assert (lib / "vis-network.min.js").stat().st_size > 100_000
    assert "Apache" in (lib / "README.txt").read_text(encoding="utf-8")
    index = (built / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Zeitleiste</a>.*\((\d+) Einträge\)", index)
    for link in (
        "views/all.html",
        "views/actors.html",
        "views/policy.html",
        "views/timeline.html",
        "pages/index.html",
        "ontology/index.html",
    ):
        assert f'href="{link}"' in index, link


def test_no_page_loads_anything_from_outside_and_each_has_a_strict_policy(built):
    pages = _html_files(built)
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        markup = _SCRIPT_BODY.sub(r"\1\2", html)
        assert not _REMOTE.search(markup), f"{path}: {_REMOTE.search(markup).group(0)}"
        assert "@import" not in markup and "cdn" not in markup.lower(), path
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        assert policy and "default-src 'none'" in unescape(policy.group(1)), path
        assert re.search(r"script-src ('self'|'sha256-)", unescape(policy.group(1))), path
        assert "<h1>" not in markup.split("<body", 1)[0], path


def test_data_is_escaped_json_and_no_text_comes_as_markup(built):
    html = (built / "views" / "all.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="nrwkg-data">(.*?)</script>', html, re.DOTALL)
    assert block, "the view carries its data in one JSON block"
    assert "<" not in block.group(1) and ">" not in block.group(1)
    import json

    data = json.loads(block.group(1))
    assert len(data["nodes"]) > 50 and len(data["edges"]) > 50
    assert all("title" not in n for n in data["nodes"]) and all("title" not in e for e in data["edges"]), (
        "no vis-network HTML tooltips: the page shows details with its own text-only popup"
    )
    assert any(e["nrwkg"]["evidence"] for e in data["edges"])


def test_every_class_of_the_ontology_has_a_legend_group():
    from rdflib import OWL, RDF, Graph

    from nrwkg.views.style import style

    graph = Graph().parse(REPO / "ontology" / "nrwkg.ttl")
    classes = {
        str(c).rsplit("#", 1)[1]
        for c in graph.subjects(RDF.type, OWL.Class)
        if str(c).startswith("https://w3id.org/nrwkg/ontology#")
    }
    classes.discard("Stance")  # stances are drawn as edges, not nodes
    st = style()
    missing = sorted(c for c in classes if st.group(f"nrw:{c}").id == "other")
    assert not missing, f"classes without colour and shape in nrwkg/views/legend.yaml: {missing}"


def test_views_are_deterministic(built, network):
    from nrwkg.store import open_store
    from nrwkg.views.catalog import main_views
    from nrwkg.views.lookup import load_lookup
    from nrwkg.views.site import render

    lookup = load_lookup(open_store(built), network)
    view = main_views(network)[1]
    first = render(view, lookup, "../", "lib/")
    assert first == render(view, lookup, "../", "lib/")
    assert first == (built / "views" / "actors.html").read_text(encoding="utf-8")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nrwkg", "views", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )


def test_ego_view_from_the_cli_goes_to_the_path_asked_for(built, network, tmp_path):
    center = max(network, key=network.degree)
    curie = network.nodes[center]["curie"]
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = tmp_path / "elsewhere" / "ego.html"
    result = _cli(
        "--build-dir", str(built.resolve()), "--entity", curie, "--depth", "2", "--out", str(out), cwd=cwd
    )
    assert result.returncode == 0, result.stderr
    assert list(cwd.iterdir()) == [], "nothing may be written to the working directory"
    html = out.read_text(encoding="utf-8")
    assert "vis.Network" in html or "vis-network" in html
    assert "<script src=" not in html, "a page outside the build carries its libraries inline"
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", unescape(html))
    # the same entity by full IRI gives the same page
    again = tmp_path / "other" / "ego.html"
    assert (
        _cli(
            "--build-dir",
            str(built.resolve()),
            "--entity",
            center,
            "--depth",
            "2",
            "--out",
            str(again),
            cwd=cwd,
        ).returncode
        == 0
    )
    assert again.read_text(encoding="utf-8") == html


def test_unknown_entity_is_a_clear_error(built, tmp_path):
    result = _cli("--build-dir", str(built.resolve()), "--entity", "organization:no-such-thing", cwd=tmp_path)
    assert result.returncode == 1
    assert "unknown entity 'organization:no-such-thing'" in result.stderr
    assert "Traceback" not in result.stderr


def test_views_without_a_build_is_a_clear_error(tmp_path):
    result = _cli("--build-dir", str(tmp_path / "nothing"), cwd=tmp_path)
    assert result.returncode == 1 and "run `nrwkg build` first" in result.stderr


def test_large_layouts_are_computed_in_python_spread_out_and_deterministic():
    from nrwkg.views.layout import layout

    graph = nx.barabasi_albert_graph(3000, 1, seed=3)
    graph.add_edges_from(nx.barabasi_albert_graph(3000, 1, seed=4).edges())
    graph.add_nodes_from(range(3000, 3010))  # a few isolated nodes
    pos = layout(graph)
    assert set(pos) == set(graph)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    points = sorted(pos.values())
    assert len(set(points)) == len(points), "no two nodes on the same spot"
    assert pos == layout(graph)


def test_a_large_component_laid_out_again_from_the_memo_is_the_fresh_layout_of_its_nodes():
    # the layout of a component too large for springs depends only on its adjacency: a graph of
    # the same shape with other nodes (an edited label, a build later) gets the same positions
    from nrwkg.memo import memo
    from nrwkg.views.layout import layout

    large = memo("views-large-layout")
    graph = nx.barabasi_albert_graph(1200, 2, seed=5)  # above _SPRING_LIMIT
    dict.clear(large)
    fresh = layout(graph)
    assert len(large) == 1
    renamed = nx.relabel_nodes(graph, {v: f"node-{v}" for v in graph})
    assert layout(renamed) == {f"node-{v}": p for v, p in fresh.items()}
    assert len(large) == 1  # from the memo
    dict.clear(large)
    assert layout(renamed) == {f"node-{v}": p for v, p in fresh.items()}  # and computed again


def test_a_force_directed_layout_is_the_same_for_the_same_graph_and_pulls_neighbours_together():
    # the positions depend on the graph alone (not on the state of Python's random numbers, nor on
    # an earlier layout), and neighbours end up closer than the average pair: a drawing, not noise
    import numpy as np

    from nrwkg.views.layout import _force_directed

    rng = random.Random(11)
    for n in (2, 3, 13, 60, 300):
        edges = sorted({(rng.randrange(v), v) for v in range(1, n)}
                       | {(i, j) for i, j in ((rng.randrange(n), rng.randrange(n)) for _ in range(n // 2)) if i < j})
        first = _force_directed(n, edges)
        random.seed(n)
        _force_directed(n + 1, [(0, n)])
        assert _force_directed(n, edges) == first
        pos = np.array(first)
        assert len(set(first)) == n and np.isfinite(pos).all()
        if n > 3:
            apart = np.sqrt(((pos[:, None, :] - pos[None, :, :]) ** 2).sum(axis=-1))
            neighbours = np.mean([apart[i, j] for i, j in edges])
            assert neighbours < 0.5 * apart[np.triu_indices(n, 1)].mean(), n


def test_close_pairs_are_every_pair_within_the_distance_in_order_on_both_ways_of_finding_them():
    import numpy as np

    from nrwkg.views.layout import _NEAR_PAIRS_BY_TREE, _close_pairs

    rng = np.random.default_rng(5)
    for n in (0, 1, 2, 40, _NEAR_PAIRS_BY_TREE, _NEAR_PAIRS_BY_TREE + 300):  # the last by the k-d tree
        pos = rng.uniform(0, 60 * max(n, 1) ** 0.5, (n, 2))
        if n >= 4:
            pos[n // 2:n // 2 + 2] = pos[:2]  # two points on the spot of two others
        apart = np.sqrt(((pos[:, None, :] - pos[None, :, :]) ** 2).sum(axis=-1))
        expected = [(i, j) for i in range(n) for j in range(i + 1, n) if apart[i, j] <= 105.0]
        assert [tuple(int(x) for x in pair) for pair in _close_pairs(pos, 105.0)] == expected, n


def test_node_size_follows_centrality():
    from nrwkg.views.data import view_data
    from nrwkg.views.lookup import Lookup

    star = nx.MultiDiGraph()
    for i in range(6):
        star.add_edge("hub", f"leaf{i}", predicate="p", relation="r", documents=[], evidence=[])
    star.add_edge("leaf0", "tail", predicate="p", relation="r", documents=[], evidence=[])
    nodes, edges, meta = view_data(star, Lookup())
    size = {n["id"]: n["size"] for n in nodes}
    assert size["hub"] == max(size.values()) > size["leaf0"] > size["leaf1"]
    assert len(edges) == 7 and all(e["from"] in size and e["to"] in size for e in edges)


def test_betweenness_is_networkx_s_up_to_scale():
    """Node sizes follow betweenness scaled to the largest: igraph's counts, scaled so, are
    networkx's normalised betweenness scaled so (trees, sparse and disconnected graphs)."""
    from nrwkg.views.layout import centrality

    rng = random.Random(3)
    for n, m in ((40, 60), (120, 119), (650, 1300), (900, 700)):
        graph = nx.Graph()
        graph.add_nodes_from(f"n{rng.randrange(10**6)}-{i}" for i in range(n))  # not in index order
        nodes = list(graph)
        graph.add_edges_from(rng.sample(nodes, 2) for _ in range(m))
        sizes, name = centrality(graph)
        exact = nx.betweenness_centrality(graph)
        top = max(exact.values())
        assert name == BETWEENNESS and list(sizes) == list(graph)
        assert all(math.isclose(sizes[v], exact[v] / top, rel_tol=1e-9, abs_tol=1e-12) for v in graph), n


def test_a_page_with_a_remote_reference_is_refused():
    from nrwkg.views.render import assert_offline

    with pytest.raises(AssertionError):
        assert_offline('<link rel="stylesheet" href="https://cdn.example.org/x.css">')
    with pytest.raises(AssertionError):
        assert_offline('<script src="//cdn.example.org/x.js"></script>')
    assert_offline('<script type="application/json">{"quote": "src=//x"}</script>')


def test_the_wheel_carries_the_view_templates_and_legend(tmp_path):
    import zipfile

    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(REPO)]
    subprocess.run(command, check=True)
    (wheel,) = tmp_path.glob("nrwkg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("base.html", "view.html", "timeline.html", "index.html", "entity.html", "document.html",
                 "query.html", "lib/nrwkg-view.js", "lib/nrwkg-view.css", "lib/nrwkg-reader.js"):
        assert f"nrwkg/templates/{name}" in names, name  # one template folder for every page
    assert "nrwkg/views/legend.yaml" in names and "nrwkg/views/vis-options.json" in names
    assert "nrwkg/_data/queries/views/timeline.rq" in names


def test_view_json_with_shared_edge_details_is_tojson_byte_for_byte():
    """The data block as encoded for a build (each edge's details once, spliced in) is what Jinja's
    `tojson` gave, also for data that holds the splice marker or characters `tojson` escapes."""
    from nrwkg.html import environment
    from nrwkg.views.render import view_json

    details = [{"relation": "fordert <ab> & 'zu'", "evidence": [{"quote": "„Zitat“ \u2028 </script>"}]},
               {"relation": "\x000\x00", "evidence": []}, {"relation": 'x"\\u0000', "evidence": []}]
    data = {"name": "n", "root": "../", "meta": {"b": 1, "a": [0.5, 1.0]}, "nodes": [{"id": "a"}],
            "edges": [{"id": f"e{i}", "nrwkg": d} for i, d in enumerate(details)] + [{"id": "x"}],
            "options": '{"a": 1}'}
    expected = str(environment().from_string("{{ data|tojson }}").render(data=data))
    encoded: dict = {}
    assert view_json(data) == expected
    assert view_json(data, encoded) == view_json(data, encoded) == expected
    plain = {**data, "edges": data["edges"][:1]}
    assert view_json(plain, encoded) == str(environment().from_string("{{ data|tojson }}").render(data=plain))


def test_a_popup_lists_the_first_ten_quotes_and_documents_and_links_to_the_rest():
    """An edge with 13 quotes and a node in 13 documents: the view holds the first 10 of each, in
    order, the number left out and the entity page that lists them all; lists of 10 stay as they were."""
    from nrwkg.views.data import VIEW_LIST_LIMIT, view_data
    from nrwkg.views.lookup import Lookup, page_path

    assert VIEW_LIST_LIMIT == 10
    actor, goal, other = ID + "organization/actor", ID + "goal/climate", ID + "goal/jobs"
    docs = [f"{ID}document/d{i:02d}" for i in range(13)]

    def evidence(n: int) -> list[dict]:
        return [{"quote": f"Zitat {i}", "document": docs[i], "start": i, "end": i + 5, "url": ""} for i in range(n)]

    graph = nx.MultiDiGraph()
    graph.add_node(actor, curie="organization:actor", documents=docs)
    graph.add_node(goal, curie="goal:climate", documents=docs[:10])
    graph.add_node(other, curie="goal:jobs", documents=docs[:3])
    graph.add_edge(actor, goal, predicate="p", relation="fordert", documents=docs, evidence=evidence(13))
    graph.add_edge(actor, other, predicate="p", relation="fordert", documents=docs[:10], evidence=evidence(10))
    nodes, edges, meta = view_data(graph, Lookup(), positions=False)
    by_id = {n["id"]: n["nrwkg"] for n in nodes}
    by_target = {e["to"]: e["nrwkg"] for e in edges}

    cut = by_target["goal:climate"]
    assert [ev["quote"] for ev in cut["evidence"]] == [f"Zitat {i}" for i in range(10)]
    assert cut["documents"] == docs[:10]
    assert (cut["evidence_more"], cut["documents_more"]) == (3, 3)
    assert cut["all_listed_on"] == page_path(actor) == "pages/organization/actor.html"
    node = by_id["organization:actor"]
    assert node["documents"] == docs[:10] and node["documents_more"] == 3
    assert node["all_listed_on"] == node["page"] == page_path(actor)

    whole = by_target["goal:jobs"]  # exactly 10: nothing cut, no extra fields
    assert len(whole["evidence"]) == len(whole["documents"]) == 10
    assert not {"evidence_more", "documents_more", "all_listed_on"} & set(whole)
    assert not {"documents_more", "all_listed_on"} & (set(by_id["goal:climate"]) | set(by_id["goal:jobs"]))
    # the legend's documents are the ones the shown lists name
    assert sorted(meta["documents"]) == docs[:10]


def _hub(neighbours: int) -> tuple[nx.MultiDiGraph, str]:
    """A hub with `neighbours` neighbours: neighbour i has (i % 3) + 1 edges with the hub, and the
    even ones are partners of one another; a few have neighbours of their own (two steps away)."""
    hub = ID + "organization/hub"
    net = nx.MultiDiGraph()
    net.add_node(hub, curie="organization:hub", type="nrw:Ministry")
    names = [f"{ID}organization/n{i:03d}" for i in range(neighbours)]
    for i, name in enumerate(names):
        net.add_node(name, curie=f"organization:n{i:03d}", type="nrw:Company")
        for k in range(i % 3 + 1):
            u, v = (hub, name) if k % 2 == 0 else (name, hub)
            net.add_edge(u, v, predicate=f"p{k}", relation="Partner", documents=[], evidence=[])
    for a, b in zip(names[::2], names[2::2], strict=False):
        net.add_edge(a, b, predicate="p", relation="Partner", documents=[], evidence=[])
    for i in range(0, neighbours, 10):
        far = f"{ID}organization/far{i:03d}"
        net.add_node(far, curie=f"organization:far{i:03d}", type="nrw:Company")
        net.add_edge(names[i], far, predicate="p", relation="Partner", documents=[], evidence=[])
    return net, hub


def test_an_ego_view_of_a_hub_shows_its_closest_neighbours_and_the_edges_among_them():
    """At most `limit` nodes besides the centre: the most edges with the centre first, then the
    highest degree, then by IRI; the edges are those among them; the rest is counted."""
    from nrwkg.views import select

    net, hub = _hub(30)
    view = select.ego(net, hub, 1, limit=12)
    shown = set(view) - {hub}
    assert len(shown) == 12 and view.graph["left_out"] == 30 - 12
    # 10 neighbours have 3 edges with the hub (i % 3 == 2); of the 10 with 2 edges, the 2 with the
    # highest degree: n010 (5: two partners and a node further out), then n004 (4, tied with n016
    # and n022, first by IRI)
    three = {f"{ID}organization/n{i:03d}" for i in range(30) if i % 3 == 2}
    assert three < shown
    assert shown - three == {f"{ID}organization/n010", f"{ID}organization/n004"}
    kept = {(u, v, k) for u, v, k in net.edges(keys=True) if u in view and v in view}
    assert set(view.edges(keys=True)) == kept
    assert list(view) == [n for n in net if n in view]  # in the network's order
    # nothing cut: the same as without a limit
    whole = select.ego(net, hub, 1, limit=30)
    assert whole.graph["left_out"] == 0
    assert list(whole.edges(keys=True)) == list(select.ego(net, hub, 1).edges(keys=True))
    # two steps: the nearest first; further out, only nodes next to a node already shown
    deeper = select.ego(net, hub, 2, limit=31)
    assert set(deeper) - {hub} >= set(select.ego(net, hub, 1)) - {hub}
    assert len(deeper) == 32 and deeper.graph["left_out"] == 2
    assert set(deeper) - set(net.neighbors(hub)) - set(net.predecessors(hub)) == {hub, f"{ID}organization/far000"}
    assert select.ego(net, hub, 2, limit=12).graph["left_out"] == 33 - 12


def test_a_cut_ego_view_carries_the_count_left_out_and_the_entity_page():
    from nrwkg.views import select
    from nrwkg.views.data import view_data
    from nrwkg.views.lookup import Lookup, page_path

    net, hub = _hub(30)
    _, _, meta = view_data(select.ego(net, hub, 1, limit=12), Lookup(), focus=hub, positions=False)
    assert (meta["neighbours_shown"], meta["neighbours_more"]) == (12, 18)
    assert meta["all_listed_on"] == page_path(hub) == "pages/organization/hub.html"
    _, _, whole = view_data(select.ego(net, hub, 1, limit=30), Lookup(), focus=hub, positions=False)
    assert not {"neighbours_shown", "neighbours_more", "all_listed_on"} & set(whole)


def _parallel(stances: int) -> tuple[nx.MultiDiGraph, str, str]:
    """A ministry with `stances` stances on one goal (one edge each, as one per document), an edge
    back from the goal, and a partner with two edges of its own."""
    ministry, goal, partner = ID + "organization/ministry", ID + "goal/climate", ID + "organization/partner"
    net = nx.MultiDiGraph()
    for node, curie, type_ in ((ministry, "organization:ministry", "nrw:Ministry"),
                               (goal, "goal:climate", "nrw:Goal"), (partner, "organization:partner", "nrw:Company")):
        net.add_node(node, curie=curie, type=type_)
    for i in range(stances):
        net.add_edge(ministry, goal, key=f"modality stance-{i:02d}", predicate=str(NRW.modality), stance=f"s{i:02d}",
                     relation="sagt zu", modality="commits", documents=[f"{ID}document/d{i:02d}"], evidence=[])
    net.add_edge(goal, ministry, key="responsible", predicate=str(NRW.responsible), relation="verantwortlich",
                 documents=[f"{ID}document/d00"], evidence=[])
    for k in ("partner", "signatory"):
        net.add_edge(ministry, partner, key=k, predicate=str(getattr(NRW, k)), relation=k,
                     documents=[f"{ID}document/d00"], evidence=[])
    return net, ministry, goal


def test_every_selection_keeps_at_most_pair_limit_edges_between_two_nodes_the_first_ones():
    """Either direction counts for the pair; the first edges in the network's order stay; the nodes
    stay the same; the rest of each pair is counted; without a cut, every edge."""
    from nrwkg.views import select

    net, ministry, goal = _parallel(13)
    partner = ID + "organization/partner"
    pair, partners = frozenset((ministry, goal)), frozenset((ministry, partner))
    between = [(u, v, k) for u, v, k in net.edges(keys=True) if frozenset((u, v)) == pair]
    assert len(between) == 14
    for sub in (select.whole(net, 4), select.policy(net, 4), select.ego(net, ministry, 1, None, 4),
                select.ego(net, goal, 1, 1, 4)):
        assert [(u, v, k) for u, v, k in sub.edges(keys=True) if frozenset((u, v)) == pair] == between[:4]
        assert sub.graph["pairs_left_out"] == {pair: 10}
        assert list(sub) == [n for n in net if n in sub]
    assert set(select.whole(net, 4)) == set(net) and select.whole(net, 4).number_of_edges() == 4 + 2
    assert select.actors(net, 1).graph["pairs_left_out"] == {partners: 1}
    # document d00: its stance, the edge back and the partner's two
    assert select.document(net, f"{ID}document/d00", 2).number_of_edges() == 4
    assert select.document(net, f"{ID}document/d00", 2).graph["pairs_left_out"] == {}
    one = select.document(net, f"{ID}document/d00", 1)
    assert [k for _, _, k in one.edges(keys=True)] == ["modality stance-00", "partner"]
    assert one.graph["pairs_left_out"] == {pair: 1, partners: 1}
    # nothing cut at or above the most parallel edges: the same edges as without a limit
    for limit in (14, 100):
        assert list(select.whole(net, limit).edges(keys=True)) == list(net.edges(keys=True))
        assert select.whole(net, limit).graph["pairs_left_out"] == {}
        assert list(select.ego(net, ministry, 1, None, limit).edges(keys=True)) == list(
            select.ego(net, ministry).edges(keys=True))


def test_a_cut_pair_says_how_many_edges_it_leaves_out_and_links_the_pages_of_both_ends():
    from nrwkg.views import select
    from nrwkg.views.data import view_data
    from nrwkg.views.lookup import Lookup

    net, ministry, goal = _parallel(13)
    _, edges, meta = view_data(select.whole(net, 4), Lookup(), positions=False)
    cut = [e for e in edges if {e["from"], e["to"]} == {"organization:ministry", "goal:climate"}]
    assert len(cut) == 4 and len(edges) == 6
    assert [e["pair"] for e in cut] == [
        {"shown": 4, "more": 10, "listed_on": ["pages/organization/ministry.html", "pages/goal/climate.html"]}
    ] * 4
    assert all("pair" not in e for e in edges if e not in cut)
    assert (meta["pairs_cut"], meta["pair_edges_more"], meta["pair_edges_shown"]) == (1, 10, 4)
    # nothing cut: no trace of the bound
    _, edges, meta = view_data(select.whole(net, 14), Lookup(), positions=False)
    assert all("pair" not in e for e in edges)
    assert not {"pairs_cut", "pair_edges_more", "pair_edges_shown"} & set(meta)


def test_the_build_views_show_at_most_pair_edge_limit_edges_between_two_nodes():
    from nrwkg.views import PAIR_EDGE_LIMIT
    from nrwkg.views.catalog import ego_view, main_views
    from nrwkg.views.lookup import Lookup

    net, ministry, _ = _parallel(PAIR_EDGE_LIMIT + 5)
    views = [*main_views(net), ego_view(net, Lookup(), ministry)]
    for view in views:
        pairs: dict = {}
        for u, v in view.graph.edges():
            pairs[frozenset((u, v))] = pairs.get(frozenset((u, v)), 0) + 1
        assert max(pairs.values(), default=0) <= PAIR_EDGE_LIMIT, view.name
    assert views[0].edges == PAIR_EDGE_LIMIT + 2 and views[-1].edges == PAIR_EDGE_LIMIT + 2
