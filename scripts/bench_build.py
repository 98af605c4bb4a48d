"""Build time and peak memory per corpus size: the bundled corpus ×1, ×10, ×100 (scripts/gen_corpus.py).

    python scripts/bench_build.py                    # factors 1 10 100
    python scripts/bench_build.py --factors 1 10 --repeat 3 --no-reasoner

Each build runs in a fresh process (`nrwkg.build.build(OUT, ROOT, incremental=False)`: from scratch,
as `nrwkg build --full`, never from the previous run's cache), so its peak resident memory
(the largest of the build process and its children: the views process, HermiT's Java) is its own.
Prints one row per size: documents, statements, wall seconds (median of --repeat), CPU seconds,
milliseconds of wall time per statement, and peak memory, then the growth from the first size.

Disk and memory: a ×100 build (39,300 statements) writes a build folder of about 8.4 GB into the work folder
(--work; by default a new temporary folder, which is left in place: remove it after the run), and its
largest process peaks near 3.4 GB (the process tree about 6.3 GB); check `df -h` and `free -g` first.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from nrwkg.build import build
started, cpu = time.perf_counter(), time.process_time()
build(Path(sys.argv[2]), Path(sys.argv[3]), reasoner=sys.argv[4] == "1", incremental=False)
wall = time.perf_counter() - started
own = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime,
                  "peak_mb": max(own.ru_maxrss, kids.ru_maxrss) / 1024}))
"""


def run_build(root: Path, out: Path, reasoner: bool) -> dict:
    import os

    # the input limits (nrwkg/compile/limits.py) would refuse the larger sizes: this measures them
    env = {**os.environ, "NRWKG_MAX_INPUT_MB": "100000", "NRWKG_MAX_CORPUS_MB": "100000"}
    result = subprocess.run([sys.executable, "-c", _CHILD, str(REPO), str(out), str(root), "1" if reasoner else "0"],
                            capture_output=True, text=True, check=False, env=env)
    if result.returncode:
        raise SystemExit(f"build of {root} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    from gen_corpus import generate

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--repeat", type=int, default=1, help="builds per size; the median is shown")
    ap.add_argument("--no-reasoner", action="store_true", help="skip HermiT")
    ap.add_argument("--work", type=Path, help="folder for corpora and builds (default: a temporary one)")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="nrwkg-bench-build-"))
    rows = []
    print(f"{'size':>5} {'docs':>6} {'statements':>10} {'wall s':>8} {'cpu s':>8} {'ms/statement':>12} {'peak MB':>8}",
          flush=True)
    for factor in args.factors:
        root = work / f"corpus-x{factor}"
        started = time.perf_counter()
        info = generate(factor, root)
        generated = time.perf_counter() - started
        runs = [run_build(root, work / f"build-x{factor}", not args.no_reasoner) for _ in range(args.repeat)]
        wall = statistics.median(r["wall"] for r in runs)
        row = {**info, "wall": wall, "cpu": statistics.median(r["cpu"] for r in runs),
               "peak_mb": max(r["peak_mb"] for r in runs), "generated_s": generated}
        row["ms_per_statement"] = 1000 * wall / info["statements"]
        rows.append(row)
        print(f"x{factor:<4} {info['documents']:>6} {info['statements']:>10} {wall:>8.1f} {row['cpu']:>8.1f} "
              f"{row['ms_per_statement']:>12.2f} {row['peak_mb']:>8.0f}", flush=True)
    first = rows[0]
    for row in rows[1:]:
        print(f"x{row['factor']} vs x{first['factor']}: {row['statements'] / first['statements']:.0f}× the statements, "
              f"{row['wall'] / first['wall']:.1f}× the time, {row['peak_mb'] / first['peak_mb']:.1f}× the memory")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
