"""Benchmark the network views: generation time and time to first draw in headless Chromium.

Usage: python scripts/bench_views.py [--sizes 100,1000,5000,20000] [--bound 90] [--keep DIR]
       python scripts/bench_views.py --build BUILD_DIR [--repeat 3]

For synthetic networks of each size (scale-free, about two edges per node, node and edge attributes
like those of nrwkg.network, one evidence quote per edge) it writes one view with positions
computed in Python and physics off (what nrwkg does) and one with the browser's physics on and
pyvis's default stabilisation (what pyvis does by default), opens each in Debian's Chromium and
waits, at most --bound seconds, for vis-network's first `afterDrawing`. Time to first draw is
`performance.now()` at that moment: from navigation start, so it includes parsing the page.
Prints a Markdown table. Not part of the test suite: timings depend on the machine.

With --build, it times instead what `nrwkg build` spends on the views of a finished build folder
(e.g. one of scripts/gen_corpus.py's corpora): the network, labels and timeline read from its
store, then every view written into a temporary folder; wall and CPU seconds, best of --repeat,
each repeat in a fresh process (so nothing is cached from the one before), the process's peak
memory (maxRSS) and the bytes written (all views, and the ego views alone). --code DIR times the
nrwkg package of another checkout (e.g. the main branch's) on the same build folder, so that two
versions can be compared side by side:

    python scripts/bench_views.py --build /tmp/x10-build --repeat 1 --code /path/to/main
    python scripts/bench_views.py --build /tmp/x10-build --repeat 1
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from nrwkg.views.data import options, view_data
from nrwkg.views.lookup import Lookup
from nrwkg.views.render import LIB_FILES, lib_text, render_view

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TYPES = [
    "nrw:Ministry",
    "nrw:Company",
    "nrw:TradeUnion",
    "nrw:Person",
    "nrw:Post",
    "nrw:PolicyInstrument",
    "nrw:Measure",
    "nrw:Goal",
    "nrw:City",
    "nrw:Document",
    "nrw:MonetaryAmount",
    "nrw:LetterOfIntent",
]
MODALITIES = ["", "", "", "plans", "commits", "demands", "advocates", "supports"]


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A scale-free network of n nodes shaped like nrwkg.network's output."""
    rng = random.Random(seed)
    skeleton = nx.barabasi_albert_graph(n, 2, seed=seed)
    net = nx.MultiDiGraph()
    doc = "https://w3id.org/nrwkg/id/document/synthetic"
    for v in skeleton:
        iri = f"https://w3id.org/nrwkg/id/organization/n{v}"
        net.add_node(
            iri,
            curie=f"organization:n{v}",
            kind="organization",
            type=rng.choice(TYPES),
            label=f"Akteur Nummer {v} in Nordrhein-Westfalen",
            label_en=f"Actor {v}",
            aliases=[f"A{v}"],
            wikidata="",
            confidence="",
            documents=[doc],
        )
    for u, v in skeleton.edges():
        if rng.random() < 0.5:
            u, v = v, u
        modality = rng.choice(MODALITIES)
        net.add_edge(
            f"https://w3id.org/nrwkg/id/organization/n{u}",
            f"https://w3id.org/nrwkg/id/organization/n{v}",
            predicate="https://w3id.org/nrwkg/ontology#partner",
            relation=modality or "Partner",
            relation_en="partner",
            modality=modality,
            addressee="",
            stance="",
            inferred=False,
            documents=[doc],
            evidence=[
                {
                    "document": doc,
                    "quote": f"Satz {u} über {v}, wörtlich zitiert.",
                    "start": u,
                    "end": u + 30,
                    "inferred": "",
                }
            ],
        )
    return net


def generate(net: nx.MultiDiGraph, physics: bool, folder: Path) -> tuple[Path, float]:
    started = time.perf_counter()
    nodes, edges, meta = view_data(net, Lookup(), positions=not physics)
    page = {
        "title": f"{len(nodes)} Knoten",
        "description": "Benchmark",
        "root": "",
        "name": "bench",
        "meta": meta,
    }
    html = render_view(nodes, edges, options(len(nodes), physics=physics), page, "lib/")
    seconds = time.perf_counter() - started
    path = folder / f"bench-{len(nodes)}-{'physics' if physics else 'layout'}.html"
    path.write_text(html, encoding="utf-8")
    return path, seconds


# Runs before the page's own scripts (Playwright init scripts are not subject to the page's CSP):
# reports the page's first-draw time on the console as soon as the page's thread is free again.
_REPORT = """
const timer = setInterval(() => {
  if (window.nrwkgView && window.nrwkgView.firstDraw) {
    clearInterval(timer);
    console.log("nrwkg-first-draw " + window.nrwkgView.firstDraw);
  }
}, 20);
"""


def first_draw(browser, path: Path, bound: float) -> float | None:
    """Seconds from navigation start to the first drawn frame, or None if not drawn within `bound`.

    Waits for a console message on Playwright's side, so a page whose thread is busy (physics)
    cannot stretch the bound."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(_REPORT)
    page = context.new_page()
    try:
        with page.expect_event("console", lambda m: m.text.startswith("nrwkg-first-draw"),
                               timeout=bound * 1000) as event:
            page.goto(path.as_uri(), wait_until="commit", timeout=bound * 1000)
        return float(event.value.text.split()[1]) / 1000
    except Exception as exc:  # Playwright's TimeoutError
        if type(exc).__name__ != "TimeoutError":
            raise
        return None
    finally:
        context.close()


REPO = Path(__file__).resolve().parents[1]
_STAGES = """
import json, os, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from nrwkg.opened import OpenedBuild
from nrwkg.views.site import _write_views
import nrwkg.network, nrwkg.views.data, nrwkg.views.render, pyvis.network  # imports are not timed
opened = OpenedBuild.open(Path(sys.argv[1]))
opened.store
times = {}
def timed(name, work):
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    times[name] = (time.perf_counter() - wall, time.process_time() - cpu)
timed("network + lookup + timeline", lambda: (opened.network, opened.lookup, opened.timeline))
def size(folder):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files)
with tempfile.TemporaryDirectory() as out:
    timed("views (write_views)", lambda: _write_views(opened, Path(out)))
    written = {"views": size(out), "ego views": size(os.path.join(out, "views", "ego"))}
maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"times": times, "bytes": written, "maxrss_mb": maxrss}))
"""


def bench_build(build: Path, repeat: int, code: Path = REPO) -> int:
    """The views' stages of `nrwkg build` on a finished build folder, best of `repeat` fresh processes,
    run with the nrwkg package of the checkout `code`."""
    best: dict[str, tuple[float, float]] = {}
    peak = 0.0
    written: dict[str, int] = {}
    env = {**os.environ, "PYTHONPATH": str(code)}
    for _ in range(repeat):
        result = subprocess.run([sys.executable, "-c", _STAGES, str(build), str(code)], capture_output=True,
                                text=True, check=False, env=env)
        if result.returncode:
            raise SystemExit(result.stderr[-3000:])
        report = json.loads(result.stdout.strip().splitlines()[-1])
        for name, (wall, cpu) in report["times"].items():
            best[name] = min(best.get(name, (wall, cpu)), (wall, cpu), key=lambda t: t[1])
        peak = max(peak, report["maxrss_mb"])
        written = report["bytes"]
    print(f"| stage ({build}, code {code}) | wall (s) | CPU (s) |")
    print("| --- | ---: | ---: |")
    for name, (wall, cpu) in best.items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |")
    print(f"\npeak memory of the process (maxRSS): {peak:,.0f} MB")
    print("bytes written: " + ", ".join(f"{name} {size:,}" for name, size in written.items()))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--build", type=Path, help="time the views' build stages on this build folder")
    parser.add_argument("--repeat", type=int, default=3, help="with --build: runs, the best is shown")
    parser.add_argument("--code", type=Path, default=REPO,
                        help="with --build: the checkout whose nrwkg is timed (default: this one)")
    parser.add_argument("--sizes", default="100,1000,5000,20000")
    parser.add_argument(
        "--bound", type=float, default=90.0, help="seconds to wait for a first draw (default: 90)"
    )
    parser.add_argument("--keep", type=Path, help="keep the generated pages in this folder")
    args = parser.parse_args()
    if args.build:
        return bench_build(args.build, args.repeat, args.code)
    from playwright.sync_api import sync_playwright

    folder = Path(args.keep or tempfile.mkdtemp(prefix="nrwkg-bench-"))
    (folder / "lib").mkdir(parents=True, exist_ok=True)
    for name in LIB_FILES:
        (folder / "lib" / name).write_text(lib_text(name), encoding="utf-8")
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for n in (int(s) for s in args.sizes.split(",")):
                net = synthetic(n)
                for physics in (False, True):
                    path, gen = generate(net, physics, folder)
                    drawn = first_draw(browser, path, args.bound)
                    rows.append((n, net.number_of_edges(), physics, gen, path.stat().st_size / 1e6, drawn))
                    print(
                        f"{n} nodes, physics {'on' if physics else 'off'}: generated in {gen:.1f} s, "
                        f"first draw {'>' + str(args.bound) if drawn is None else f'{drawn:.1f}'} s",
                        file=sys.stderr,
                        flush=True,
                    )
        finally:
            browser.close()
    print("| nodes | edges | layout | generation (s) | page (MB) | first draw in Chromium (s) |")
    print("| ---: | ---: | --- | ---: | ---: | ---: |")
    for n, m, physics, gen, size, drawn in rows:
        mode = (
            "physics on in the browser (pyvis default)" if physics else "precomputed in Python, physics off"
        )
        shown = f"not drawn within {args.bound:.0f}" if drawn is None else f"{drawn:.2f}"
        print(f"| {n:,} | {m:,} | {mode} | {gen:.1f} | {size:.1f} | {shown} |")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
