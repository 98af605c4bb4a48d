"""Store load: nrwkg's store (named graphs + de-duplicated union) beside `oxigraph load`, at 1M quads.

    python scripts/bench_store.py [--build-dir build] [--size 1m] [--repeat 3] [--work-dir /tmp/nrwkg-bench]

The data is the synthetic corpus of scripts/bench_queries.py (the bundled build replicated with
renamed IRIs). Each method loads it into a fresh on-disk store in a fresh process, so its wall
time and peak resident memory are its own:

- `oxigraph load`: the Oxigraph command line, N-Quads file into a store folder (the reference);
- `pyoxigraph bulk_load`: the same through pyoxigraph, named graphs only;
- `nrwkg load_store(file)`: an N-Quads file alone (as `nrwkg` loads a build folder without a
  store, there in memory): the named graphs, and the named graphs but the evidence graph copied
  into the default graph from the same lines (nrwkg.store: queries read the default graph as that
  copy plus the evidence graph);
- `nrwkg load_store(text)`: the N-Quads and the N-Triples of that copy, both held in memory as
  bytes and bulk-loaded;
- `nrwkg load_store(build)`: what `nrwkg build` does (nrwkg.build.write_dataset_store): the
  N-Quads file it has just written and the N-Triples file of the copy, loaded leniently (the
  validation has loaded both with every check);
- `SPARQL INSERT union`: the earliest way (named graphs, then the whole union by
  `INSERT … WHERE { GRAPH ?g … }`).

Every nrwkg row includes the check that the evidence graph shares no triple with the copy. A row
times the load and the closing of the store, nothing after (counting the quads of the store took
0.19 s CPU at 1M quads, which `oxigraph load` is not asked for).

Prints median wall seconds, median CPU seconds (every thread, the loader's included: steadier
than wall time on a busy machine) and peak MB per method, and their ratios to `oxigraph load`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

_CHILD = r"""
import json, resource, subprocess, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
method, nq, nt, location = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5])
started = time.perf_counter()
if method == "oxigraph load":
    subprocess.run([sys.argv[6], "load", "--location", str(location), "--file", str(nq)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
else:
    import pyoxigraph as ox
    from nrwkg.store import load_store
    if method == "pyoxigraph bulk_load":
        store = ox.Store(str(location))
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        store.flush()
    elif method == "nrwkg load_store(file)":
        store = load_store(nq, None, location)
    elif method == "nrwkg load_store(text)":
        store = load_store(nq.read_bytes(), nt.read_bytes(), location)
    elif method == "nrwkg load_store(build)":
        store = load_store(nq, nt, location, lenient=True)
    elif method == "SPARQL INSERT union":
        store = ox.Store(str(location))
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        store.flush()
    del store
wall = time.perf_counter() - started
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = sum(r.ru_utime + r.ru_stime for r in (own, kids))
print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": max(own.ru_maxrss, kids.ru_maxrss) / 1024}))
"""

METHODS = ["oxigraph load", "pyoxigraph bulk_load", "nrwkg load_store(file)", "nrwkg load_store(text)",
           "nrwkg load_store(build)", "SPARQL INSERT union"]


def _oxigraph() -> str | None:
    """The oxigraph command: on PATH, or beside this Python (pip install oxigraph puts it there)."""
    beside = Path(sys.executable).with_name("oxigraph")
    return shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)


def measure(method: str, nq: Path, nt: Path, work: Path) -> dict:
    location = Path(tempfile.mkdtemp(prefix="store-", dir=work))
    try:
        result = subprocess.run([sys.executable, "-c", _CHILD, str(REPO), method, str(nq), str(nt), str(location),
                                 _oxigraph() or "oxigraph"],
                                capture_output=True, text=True, check=False)
        if result.returncode:
            return {"error": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"}
        return json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(location, ignore_errors=True)


def copied_ntriples(nq: Path) -> Path:
    """The N-Triples the build holds for the store's default graph: the set union of the named
    graphs but the evidence graph, sorted (nrwkg.opened.OpenedBuild.union_file)."""
    out = nq.with_name(nq.stem + "-copied.nt")
    if out.exists() and out.stat().st_mtime > nq.stat().st_mtime:
        return out
    from nrwkg.namespaces import GRAPH_EVIDENCE
    from nrwkg.serialize import nt_term, union_lines

    with nq.open("rb") as quads:
        lines = sorted(quads)  # union_lines reads sorted N-Quads: the lines of one triple are neighbours
    with out.open("wb") as f:
        f.writelines(union_lines(lines, nt_term(GRAPH_EVIDENCE).encode("utf-8")))
    return out


def main(argv: list[str] | None = None) -> int:
    from bench_queries import make_dataset

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--build-dir", type=Path, default=Path("build"))
    ap.add_argument("--size", default="1m", help="bundled, 100k or 1m (default 1m)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset")
    ap.add_argument("--work-dir", type=Path, default=Path("/tmp/nrwkg-bench"))
    args = ap.parse_args(argv)
    if _oxigraph() is None:
        print("note: the `oxigraph` command is not installed: its row is skipped", file=sys.stderr)
    nq, _, quads = make_dataset(args.build_dir, args.size, args.work_dir)
    nt = copied_ntriples(nq)
    print(f"{quads:,} quads ({nq}), median of {args.repeat}", flush=True)
    rows = {}
    print(f"{'method':<26} {'seconds':>8} {'CPU s':>7} {'peak MB':>8} {'time ×':>7} {'CPU ×':>6} {'memory ×':>9}",
          flush=True)
    for method in args.methods.split(","):
        if method == "oxigraph load" and _oxigraph() is None:
            continue
        runs = [measure(method, nq, nt, args.work_dir) for _ in range(args.repeat)]
        if any("error" in r for r in runs):
            print(f"{method:<26} error: {next(r['error'] for r in runs if 'error' in r)}", flush=True)
            continue
        row = rows[method] = {"wall": statistics.median(r["wall"] for r in runs),
                              "cpu": statistics.median(r["cpu"] for r in runs),
                              "peak_mb": max(r["peak_mb"] for r in runs)}
        base = rows.get("oxigraph load")
        ratio = (f"{row['wall'] / base['wall']:>7.2f} {row['cpu'] / base['cpu']:>6.2f} "
                 f"{row['peak_mb'] / base['peak_mb']:>9.2f}" if base else "")
        print(f"{method:<26} {row['wall']:>8.2f} {row['cpu']:>7.2f} {row['peak_mb']:>8.0f} {ratio}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
