"""Benchmark the query library on the embedded store, an `oxigraph` server and Virtuoso.

Usage:
  python scripts/bench_stores.py [--build-dir build] [--size 1m] [--stores embedded,oxigraph,virtuoso]
                                 [--timeout 120] [--work-dir /tmp/nrwkg-bench] [--out bench-stores.md]

Not a test: speed is measured, not asserted. The data is the synthetic corpus of
`scripts/bench_queries.py` (`bundled`, `100k`, `1m`: the bundled dataset replicated with renamed
IRIs). Each store gets the N-Quads the way a user would load it:
- embedded: `nrwkg.store.store_from_nquads` (pyoxigraph bulk load into memory, union copied);
- oxigraph: `oxigraph load` of the file, then `oxigraph serve-read-only` on 127.0.0.1 (a free port);
- virtuoso: a Virtuoso of its own (`virtuoso-t`, temporary virtuoso.ini, free ports), loaded with
  `nrwkg publish`'s bulk loader (isql: ld_dir + rdf_loader_run), every graph's count checked.
Then every library query runs once with its default parameters (each bounded by --timeout seconds
on the servers): the table gives load time, the embedded store's row count and each store's time per
query, and whether every store's rows equal the embedded store's (Virtuoso's as a set, numbers by
value: see tests/test_stores.py), with a closing count of the queries that agree everywhere.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

STORES = ("embedded", "oxigraph", "virtuoso")


def _timed(run):
    started = time.perf_counter()
    try:
        return run(), time.perf_counter() - started, None
    except Exception as exc:  # a store's failure is a cell of the table, not the end of the run
        return None, time.perf_counter() - started, " ".join(str(exc).split())[:80]


def bench(build_dir: Path, size: str, stores: list[str], timeout: float, work_dir: Path) -> str:
    from bench_queries import make_dataset

    from nrwkg.query.engines import EndpointEngine, OxigraphEngine
    from nrwkg.query.library import load_library
    from nrwkg.store import store_from_nquads
    from tests.query_helpers import comparable
    from tests.store_servers import loose_rows, oxigraph_server, virtuoso_server

    nq, _nt, quads = make_dataset(build_dir, size, work_dir)
    library = load_library()
    started = time.perf_counter()
    embedded = OxigraphEngine(store_from_nquads(nq.read_bytes()))
    loads = {"embedded": time.perf_counter() - started}
    reference = {name: embedded.run(q.text, q.bind()) for name, q in library.items()}
    times: dict[str, dict[str, str]] = {name: {} for name in library}
    equal: dict[str, dict[str, bool]] = {name: {} for name in library}

    def run_all(store: str, engine, loose: bool) -> None:
        for name, q in library.items():
            result, seconds, failure = _timed(lambda q=q: engine.run(q.text, q.bind()))
            if failure:
                times[name][store] = f"failed: {failure}"
                equal[name][store] = False
                continue
            same = (loose_rows(result) == loose_rows(reference[name]) if loose
                    else comparable(result) == comparable(reference[name]))
            equal[name][store] = same
            times[name][store] = f"{seconds * 1000:,.0f} ms" + ("" if same else " (rows differ)")

    if "embedded" in stores:
        run_all("embedded", embedded, loose=False)
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        if "oxigraph" in stores:
            started = time.perf_counter()
            with oxigraph_server(Path(tmp) / "ox", nq) as running:
                loads["oxigraph"] = time.perf_counter() - started
                run_all("oxigraph", EndpointEngine(running.query_url, timeout=timeout), loose=False)
        if "virtuoso" in stores:
            from nrwkg.publish import virtuoso_bulk_load

            with virtuoso_server(Path(tmp) / "vt", buffers=170000) as running:
                started = time.perf_counter()
                virtuoso_bulk_load(running.isql, nq, running.load_dir)
                loads["virtuoso"] = time.perf_counter() - started
                run_all("virtuoso", EndpointEngine(running.query_url, timeout=timeout), loose=True)

    lines = [f"### {size}: {quads:,} quads", "",
             "| store | load |", "|---|---:|"]
    lines += [f"| {store} | {loads[store]:.1f} s |" for store in stores if store in loads]
    lines += ["", "| query | rows | " + " | ".join(stores) + " | rows equal |",
              "|---|---:|" + "---:|" * len(stores) + "---|"]
    for name in sorted(library):
        ref = reference[name]
        count = len(ref.rows) if ref.form == "select" else (len(ref.triples) if ref.form == "graph" else 1)
        differ = [s for s in stores if s in equal[name] and not equal[name][s]]
        verdict = "yes" if not differ else "no: " + ", ".join(differ)
        lines.append(f"| {name} | {count:,} | " + " | ".join(times[name].get(s, "–") for s in stores)
                     + f" | {verdict} |")
    agreeing = sum(1 for name in library if all(equal[name].values()))
    lines += ["", f"Rows equal to the embedded store's on every store measured ({', '.join(stores)}): "
                  f"{agreeing} of {len(library)} queries."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build-dir", type=Path, default=ROOT / "build")
    p.add_argument("--size", default="1m", choices=("bundled", "100k", "1m"))
    p.add_argument("--stores", default=",".join(STORES))
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per query on a server")
    p.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "nrwkg-bench")
    p.add_argument("--out", type=Path, help="also write the table here (Markdown)")
    opts = p.parse_args(argv)
    stores = [s for s in opts.stores.split(",") if s]
    unknown = sorted(set(stores) - set(STORES))
    if unknown:
        p.error(f"unknown store(s) {', '.join(unknown)}; choose from {', '.join(STORES)}")
    opts.work_dir.mkdir(parents=True, exist_ok=True)
    text = bench(opts.build_dir, opts.size, stores, opts.timeout, opts.work_dir)
    print(text)
    if opts.out:
        opts.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
