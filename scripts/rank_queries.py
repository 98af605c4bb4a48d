"""The query mix of the endpoint's load test ranked by the CPU time of each query alone.

Usage: python scripts/rank_queries.py [--build-dir build] [--repeat 3] [--in-memory-quads N]

Each query of the load test's mix (the library with its default parameters as the query page shows
them, a VALUES block, plus the two light ones of scripts/load_test.py) runs in this process on
build/store as a query worker of `nrwkg serve` runs it (copied into memory when it holds at most
`--in-memory-quads` quads, the default of `nrwkg serve`, nrwkg.serve.in_memory; then
nrwkg.serve.worker.execute: checked, run, counted and written as SPARQL JSON), a new text each time
(a numbered comment appended, so nothing remembered by text answers it): the best of `--repeat` CPU
times, in ms, with its share of the whole mix. The CPU time of the server process (HTTP, the check)
and of the way between the processes is not in it: compare with the CPU ms per request of
scripts/load_test.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    import pyoxigraph as ox
    from load_test import LOOKUP

    from nrwkg.serve.examples import load_examples
    from nrwkg.serve.in_memory import copy_if_small
    from nrwkg.serve.loadtest import ACCEPT
    from nrwkg.serve.safety import Refused, check_query
    from nrwkg.serve.server import Settings
    from nrwkg.serve.worker import Job, execute, union_graphs

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build-dir", type=Path, default=Path("build"))
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--in-memory-quads", type=int, default=Settings.in_memory_quads, metavar="N",
                   help="copy a store of at most N quads into memory, as nrwkg serve does (0: never)")
    args = p.parse_args()
    store = copy_if_small(ox.Store.read_only(str(args.build_dir / "store")), args.in_memory_quads)
    union = union_graphs(store)
    graphs = frozenset(str(g.value) for g in store.named_graphs())
    mix = [(e["name"], e["query"]) for e in load_examples()] + [("(ASK {})", "ASK {}"), ("(look-up)", LOOKUP)]
    ranked = []
    for name, text in mix:
        best = float("inf")
        for i in range(max(1, args.repeat)):
            started = time.process_time()
            try:
                job = Job(text, ACCEPT, checked=check_query(f"{text}\n# rank {i}", graphs))
                reply = execute(store, graphs, job, union)
            except Refused as refused:
                print(f"{name}: refused ({refused.message})", file=sys.stderr)
                return 1
            best = min(best, time.process_time() - started)
        if reply.status != 200:
            print(f"{name}: {reply.body.decode('utf-8', 'replace').strip()}", file=sys.stderr)
            return 1
        ranked.append((best, name, len(reply.body)))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    total = sum(r[0] for r in ranked)
    print(f"{'query':<34} {'CPU ms':>8} {'share':>6} {'bytes':>8}")
    for seconds, name, size in ranked:
        print(f"{name:<34} {seconds * 1000:8.1f} {seconds / total:6.1%} {size:8d}")
    label = f"the mix ({len(ranked)} queries)"
    print(f"{label:<34} {total * 1000:8.1f}   mean {total / len(ranked) * 1000:.2f} ms per request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
