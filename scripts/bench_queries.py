"""Benchmark the query library on pyoxigraph, rdflib and owlready2's own SPARQL engine.

Usage:
  python scripts/bench_queries.py [--build-dir build] [--sizes bundled,100k,1m]
                                  [--engines oxigraph,rdflib,owlready2] [--repeat 3] [--timeout 10]
                                  [--work-dir /tmp/nrwkg-bench] [--out bench.md]

Not a test: speed is measured, not asserted. For each size the dataset is the bundled build
(`bundled`) or a synthetic graph of the same shape (`100k`, `1m`: the bundled dataset replicated
with renamed resource IRIs — `…/organization/mwike` becomes `…/organization/mwike-r3` — while the
ontology, the SKOS concepts and the literals stay as they are; copy 0 keeps the original IRIs, so
the default parameters of the library still hit real data).

Every engine runs in a fresh process (so peak memory is its own): load time, then each library
query with its default parameters `--repeat` times (median reported), each run bounded by
`--timeout` seconds (reported as "timeout"). Engines hold the data in memory:
- pyoxigraph: `Store()` loaded with the N-Quads, union copied into the default graph (as `nrwkg build`);
- rdflib: `Dataset(default_union=True)` parsed from the N-Quads;
- owlready2: a `World` loaded with the de-duplicated union as N-Triples (it has no named graphs);
  parameters are bound with the same VALUES block as for remote endpoints. owlready2 has no
  GRAPH, CONSTRUCT or ASK and misses other SPARQL 1.1 features: such queries are "n/a"; where
  it answers with a different number of rows than pyoxigraph the cell says so.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import statistics
import sys
import time
from pathlib import Path

ID = "https://w3id.org/nrwkg/id/"
ONTOLOGY_GRAPH = "https://w3id.org/nrwkg/graph/ontology"
SIZES = {"bundled": 0, "100k": 100_000, "1m": 1_000_000}


# ------------------------------------------------------------------ data


def make_dataset(build_dir: Path, size: str, work_dir: Path) -> tuple[Path, Path, int]:
    """N-Quads and union N-Triples for a size; returns (nq, nt, number of quads)."""
    import pyoxigraph as ox

    work_dir.mkdir(parents=True, exist_ok=True)
    nq, nt = work_dir / f"{size}.nq", work_dir / f"{size}.nt"
    source = build_dir / "dataset.nq"
    if nq.exists() and nt.exists() and nq.stat().st_mtime > source.stat().st_mtime:
        return nq, nt, sum(1 for _ in nq.open("rb"))
    quads = list(ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS))
    ontology = [q for q in quads if q.graph_name.value == ONTOLOGY_GRAPH]
    rest = [q for q in quads if q.graph_name.value != ONTOLOGY_GRAPH]
    keep = {
        t.value for q in ontology for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)
    }
    copies = max(1, math.ceil((SIZES[size] - len(ontology)) / len(rest))) if SIZES[size] else 1

    def rename(term, k):
        if isinstance(term, ox.NamedNode) and term.value.startswith(ID) and term.value not in keep:
            return ox.NamedNode(f"{term.value}-r{k}")
        return term

    with nq.open("wb") as out:
        out.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        for k in range(1, copies):
            out.write(
                ox.serialize(
                    (
                        ox.Quad(
                            rename(q.subject, k), q.predicate, rename(q.object, k), rename(q.graph_name, k)
                        )
                        for q in rest
                    ),
                    format=ox.RdfFormat.N_QUADS,
                )
            )
    store = ox.Store()
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    n_quads = len(store)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    ox.serialize(
        (q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())),
        str(nt),
        format=ox.RdfFormat.N_TRIPLES,
    )
    return nq, nt, n_quads


# ------------------------------------------------------------------ the worker process


class Timeout(BaseException):  # not Exception: engines catch and wrap those
    pass


def _alarm(signum, frame):
    raise Timeout()


def worker(engine: str, nq: str, nt: str, names: list[str], repeat: int, timeout: float, conn) -> None:
    import resource
    import signal
    import threading

    from nrwkg.query.library import load_library
    from nrwkg.query.sparql import inject_values

    signal.signal(signal.SIGALRM, _alarm)
    library = load_library()
    started = time.perf_counter()
    if engine == "oxigraph":
        from nrwkg.query.engines import OxigraphEngine
        from nrwkg.store import store_from_nquads

        impl = OxigraphEngine(store_from_nquads(Path(nq).read_bytes()))
        run = lambda q: len(impl.run(q.text, q.bind()))  # noqa: E731
    elif engine == "rdflib":
        from nrwkg.query.engines import RdflibEngine

        impl = RdflibEngine.from_nquads(Path(nq).read_bytes())
        run = lambda q: len(impl.run(q.text, q.bind()))  # noqa: E731
    else:
        import owlready2

        world = owlready2.World()
        world.get_ontology("http://nrwkg.invalid/union#").load(fileobj=open(nt, "rb"), format="ntriples")

        def run(q):
            timer = threading.Timer(timeout, world.graph.db.interrupt)
            timer.start()
            try:
                return len(list(world.sparql(inject_values(q.text, q.bind()))))
            except Exception as exc:
                if "interrupted" in str(exc):
                    raise Timeout() from None
                raise
            finally:
                timer.cancel()

    load = time.perf_counter() - started
    conn.send(("load", load, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    for name in names:
        times, rows, status = [], None, "ok"
        for _ in range(repeat):
            signal.setitimer(signal.ITIMER_REAL, timeout)
            t0 = time.perf_counter()
            try:
                rows = run(library[name])
                times.append(time.perf_counter() - t0)
            except Timeout:
                status = "timeout"
            except Exception as exc:  # an engine that cannot run the query
                status = "n/a: " + " ".join(f"{type(exc).__name__}: {exc}".split())[:80]
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if status != "ok" or (times and times[-1] > timeout / 4):
                break  # slow or failing: one run is enough
        conn.send(("query", name, status, statistics.median(times) if times else None, rows))
    conn.send(("done", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def measure(engine: str, nq: Path, nt: Path, names: list[str], repeat: int, timeout: float) -> dict:
    """Run the worker; if it stops answering (a query the alarm cannot interrupt), kill it, mark
    the query "timeout" and go on with a fresh worker."""
    ctx = mp.get_context("spawn")
    out: dict = {"queries": {}, "load": None, "peak_kb": 0}
    todo = list(names)
    while todo:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=worker, args=(engine, str(nq), str(nt), todo, repeat, timeout, child))
        proc.start()
        child.close()
        wait = 1800.0  # loading
        current = None
        try:
            while True:
                if not parent.poll(wait):
                    raise TimeoutError
                msg = parent.recv()
                if msg[0] == "load":
                    out["load"] = out["load"] or msg[1]
                    out["peak_kb"] = max(out["peak_kb"], msg[2])
                elif msg[0] == "query":
                    out["queries"][msg[1]] = msg[2:]
                    todo.remove(msg[1])
                elif msg[0] == "done":
                    out["peak_kb"] = max(out["peak_kb"], msg[1])
                    break
                current = todo[0] if todo else None
                wait = timeout * (repeat + 1) + 30
        except (TimeoutError, EOFError):
            proc.kill()
            current = current or (todo[0] if todo else None)
            if current is None or out["load"] is None:
                for name in todo:
                    out["queries"][name] = ("timeout" if out["load"] else "load failed", None, None)
                todo = []
            else:
                out["queries"][current] = ("timeout (killed)", None, None)
                todo.remove(current)
        proc.join()
    return out


# ------------------------------------------------------------------ report


def _cell(result, reference_rows=None) -> str:
    status, seconds, rows = result
    if status != "ok":
        return "timeout" if status.startswith("timeout") else ("n/a" if status.startswith("n/a") else status)
    text = f"{seconds * 1000:.1f}"
    if reference_rows is not None and rows != reference_rows:
        text += f" (≠ rows: {rows} vs {reference_rows})"
    return text


def _ratio(result, base) -> str:
    if result[0] != "ok" or base[0] != "ok" or not base[1]:
        return ""
    r = result[1] / base[1]
    return f"{r:.1f}×" if r >= 1 else f"**{r:.2f}×**"


def report(size: str, quads: int, results: dict[str, dict], names: list[str]) -> tuple[str, list[str]]:
    engines = list(results)
    base = results.get("oxigraph")
    lines = [
        f"### {size}: {quads:,} quads",
        "",
        "| engine | load (s) | peak memory (MB) | answered | timeout | n/a | geometric mean vs pyoxigraph |",
        "|---|---|---|---|---|---|---|",
    ]
    wins = []
    for engine in engines:
        res = results[engine]
        statuses = [res["queries"][n][0] for n in names]
        ratios = [
            res["queries"][n][1] / base["queries"][n][1]
            for n in names
            if base
            and res["queries"][n][0] == "ok"
            and base["queries"][n][0] == "ok"
            and base["queries"][n][1]
        ]
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios)) if ratios else float("nan")
        lines.append(
            f"| {engine} | {res['load']:.1f} | {res['peak_kb'] / 1024:.0f} | {statuses.count('ok')} | "
            f"{sum(s.startswith('timeout') for s in statuses)} | "
            f"{sum(s.startswith('n/a') for s in statuses)} | "
            f"{geo:.1f}× |"
            if res["load"] is not None
            else f"| {engine} | load failed | | | | | |"
        )
    header = (
        "| query | "
        + " | ".join(f"{e} (ms)" for e in engines)
        + " | "
        + " | ".join(f"{e} ÷ pyoxigraph" for e in engines if e != "oxigraph")
        + " |"
    )
    lines += ["", header, "|" + "---|" * (1 + len(engines) + len([e for e in engines if e != "oxigraph"]))]
    for name in names:
        ref = base["queries"][name][2] if base and base["queries"][name][0] == "ok" else None
        cells = [_cell(results[e]["queries"][name], ref if e != "oxigraph" else None) for e in engines]
        ratios = [
            _ratio(results[e]["queries"][name], base["queries"][name]) if base else ""
            for e in engines
            if e != "oxigraph"
        ]
        lines.append(f"| {name} | " + " | ".join(cells + ratios) + " |")
        for e in engines:
            if (
                e != "oxigraph"
                and base
                and "**" in _ratio(results[e]["queries"][name], base["queries"][name])
            ):
                wins.append(
                    f"{size}: {e} beats pyoxigraph on {name} "
                    f"({results[e]['queries'][name][1] * 1000:.1f} vs "
                    f"{base['queries'][name][1] * 1000:.1f} ms)"
                )
    return "\n".join(lines) + "\n", wins


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build-dir", type=Path, default=Path("build"))
    ap.add_argument("--sizes", default="bundled,100k,1m")
    ap.add_argument("--engines", default="oxigraph,rdflib,owlready2")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per query run (default 10)")
    ap.add_argument("--queries", default="", help="comma-separated subset of the library")
    ap.add_argument("--work-dir", type=Path, default=Path("/tmp/nrwkg-bench"))
    ap.add_argument("--out", type=Path, help="also write the Markdown report here")
    opts = ap.parse_args(argv)
    if not (opts.build_dir / "dataset.nq").exists():
        print(f"no build in {opts.build_dir}: run `nrwkg build` first", file=sys.stderr)
        return 1
    from nrwkg.query.library import load_library

    names = [n for n in load_library() if not opts.queries or n in opts.queries.split(",")]
    engines = opts.engines.split(",")
    out = [
        "# Query library benchmark",
        "",
        f"{len(names)} queries, median of {opts.repeat} runs, {opts.timeout:g} s limit per run; "
        "times in ms; **bold** ratios: the other engine is faster.",
        "",
    ]
    all_wins = []
    for size in opts.sizes.split(","):
        nq, nt, quads = make_dataset(opts.build_dir, size, opts.work_dir)
        results = {}
        for engine in engines:
            print(f"[{size}] {engine} …", file=sys.stderr, flush=True)
            results[engine] = measure(engine, nq, nt, names, opts.repeat, opts.timeout)
        text, wins = report(size, quads, results, names)
        out.append(text)
        all_wins += wins
        print(text, flush=True)
    out += ["### Where another engine wins", ""] + [f"- {w}" for w in all_wins or ["nowhere"]]
    print("\n".join(out[-len(all_wins or [1]) - 2 :]))
    if opts.out:
        opts.out.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
