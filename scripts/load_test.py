"""Load test of `nrwkg serve`, side by side with an Oxigraph server on the same store.

Usage: python scripts/load_test.py [--build-dir build] [--clients 8] [--seconds 10] [--rounds 5] [--workers 4]
                                   [--in-memory-quads N] [--scenario all|library|fresh|burst]
       python scripts/load_test.py --url http://127.0.0.1:8000/sparql   (a server already running)

library  the query library (every query with its default parameters) plus two light ones,
         round-robin from each client over keep-alive connections: requests, errors, throughput,
         p50/p99 for `nrwkg serve` and for `oxigraph serve-read-only` on build/store (PyPI
         `oxigraph`), measured in turns in the same run (--rounds turns of --seconds/--rounds
         each per server, so that other work on the machine falls on both), with the targets of the
         endpoint (throughput at least Oxigraph server's, p99 at most 50 ms). Both run the same
         engine (pyoxigraph/Oxigraph): Oxigraph server on the store on disk, the query workers of
         `nrwkg serve` on an in-memory copy of it when it holds at most --in-memory-quads quads
         (default: nrwkg serve's own, 250,000; 0: on disk too).
fresh    the same, every request a query text not sent before (a numbered comment appended), so
         nothing remembered by text (the check, the answer cache) can answer it.
         Then the library queries that alone take longer than the p99 target, on both servers.
         After library or fresh: ASK {} from one client over one keep-alive connection, on both
         servers (target: p99 at most 2 ms), and the time to check a query text not seen before
         (nrwkg.serve.safety, in this process; target: at most 5 ms).
burst    one client (127.0.0.2) keeps 20 slow queries in flight while another (127.0.0.3) sends
         ASK {} and a small look-up one after the other: p50/p99 of the light client, against
         nrwkg serve only (Oxigraph server has no limits to compare).

Exits 1 on any error of the library, fresh or light clients (refused slow queries are expected).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from nrwkg.serve.examples import load_examples
from nrwkg.serve.loadtest import cpu_seconds, oxigraph_process, run_burst, run_load, run_sequence, server_process

LOOKUP = ('PREFIX skos: <http://www.w3.org/2004/02/skos/core#> '
          'SELECT ?s ?label WHERE { ?s skos:prefLabel ?label FILTER(CONTAINS(LCASE(STR(?label)), "nrw")) } '
          'ORDER BY ?s ?label LIMIT 20')
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # all triples, cubed


def workload() -> list[str]:
    return [example["query"] for example in load_examples()] + ["ASK {}", LOOKUP]


def row(name: str, report) -> str:
    return (f"{name:<20} {report.requests:>8} {len(report.errors):>6} {report.throughput:>9.1f} "
            f"{report.percentile(50) * 1000:>9.1f} {report.percentile(99) * 1000:>9.1f} "
            f"{report.cpu_per_request * 1000:>11.2f}")


HEADER = (f"{'server':<20} {'requests':>8} {'errors':>6} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} "
          f"{'CPU ms/req':>11}")
TARGET_P99_MS = 50.0   # issue 15.5: with 8 clients, p99 at most this, throughput at least Oxigraph server's
TARGET_ASK_MS = 2.0    # ASK {} through the endpoint, one client, keep-alive
TARGET_CHECK_MS = 5.0  # the check of a query text not seen before (nrwkg.serve.safety)


def verdict(ours, theirs) -> str:
    faster = ours.throughput >= theirs.throughput
    quick = ours.percentile(99) * 1000 <= TARGET_P99_MS
    return (f"  target: req/s >= oxigraph's ({'met' if faster else 'missed'}: "
            f"{ours.throughput / theirs.throughput if theirs.throughput else float('nan'):.2f}x), "
            f"p99 <= {TARGET_P99_MS:g} ms ({'met' if quick else 'missed'})")


def in_turns(servers, queries: list[str], args, fresh: bool) -> list:
    """Each server's report, measured in `args.rounds` turns taken one server after the other (the
    first with a warm-up pass, not counted in CPU time), so that other work on the machine falls on
    both alike. `servers`: (name, URL, process id)."""
    reports = [None] * len(servers)
    for turn in range(args.rounds):
        for i, (_, url, pid) in enumerate(servers):
            if turn == 0:
                run_load(url, queries, 1, 0.0, fresh=fresh)  # the warm-up pass alone
            before = cpu_seconds(pid)
            report = run_load(url, queries, args.clients, args.seconds / args.rounds, warm_up=False, fresh=fresh)
            after = cpu_seconds(pid)
            report.cpu_seconds = None if before is None or after is None else after - before
            reports[i] = report if reports[i] is None else reports[i].add(report)
    return reports


def print_slow_alone(ours: str, theirs: str) -> None:
    """The library queries that take longer than the p99 target alone (one client, a new text, best
    of three) on `nrwkg serve`: no amount of queueing lets the fresh mix's p99 beat them."""
    from nrwkg.serve.loadtest import run_sequence

    print(f"  library queries over {TARGET_P99_MS:g} ms alone (one client, a new text each time, best of 3):")
    for example in load_examples():
        alone = run_sequence(ours, [example["query"]], 3, fresh=True)
        if alone.latencies and min(alone.latencies) * 1000 > TARGET_P99_MS:
            other = run_sequence(theirs, [example["query"]], 3, fresh=True)
            print(f"    {example['name']:<32} nrwkg {min(alone.latencies) * 1000:7.1f} ms, "
                  f"oxigraph server {min(other.latencies, default=float('nan')) * 1000:7.1f} ms")


def check_times(queries: list[str], rounds: int = 5) -> list[float]:
    """CPU seconds to check each query text not seen before (a numbered comment appended), in this
    process (CPU time: on a machine busy with other work, wall time measures the other work)."""
    import time

    from nrwkg.serve.safety import Refused, check_query

    times = []
    for i in range(rounds):
        for query in queries:
            started = time.process_time()
            try:
                check_query(f"{query}\n# check {i}", ())
            except Refused:
                pass  # a refusal takes its time too
            times.append(time.process_time() - started)
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered))) - 1))]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build-dir", type=Path, default=Path("build"))
    p.add_argument("--url", help="an endpoint already running (library mix only; default: start both servers)")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--rounds", type=int, default=5,
                   help="turns per server: the servers are measured in turns, --seconds in all per server")
    p.add_argument("--workers", type=int, default=4, help="query workers of the started nrwkg serve")
    p.add_argument("--in-memory-quads", type=int, default=None, metavar="N",
                   help="nrwkg serve's --in-memory-quads (default: its own)")
    p.add_argument("--scenario", choices=("all", "library", "fresh", "burst"), default="all")
    args = p.parse_args()
    queries = workload()
    print(f"{len(queries)} queries (the library and two light ones), {args.clients} clients, "
          f"{args.seconds:g} s per measurement, {os.cpu_count()} CPUs")
    if args.url:
        report = run_load(args.url, queries, args.clients, args.seconds)
        print(report.summary())
        return 1 if report.errors else 0
    failed = False
    store = args.build_dir / "store"
    mixes = [m for m in ("library", "fresh") if args.scenario in ("all", m)]
    serve_args = ["--quiet", "--workers", str(args.workers)]
    if args.in_memory_quads is not None:
        serve_args += ["--in-memory-quads", str(args.in_memory_quads)]
    if mixes:
        with server_process(args.build_dir, *serve_args) as ours, \
                oxigraph_process(store) as theirs:
            servers = ((f"nrwkg serve ({args.workers}w)", ours.url + "sparql", ours.pid),
                       ("oxigraph server", theirs.url, theirs.pid))
            for mix in mixes:
                print(f"\n{mix}: {'every request a new query text' if mix == 'fresh' else 'the library mix'}, "
                      f"{args.rounds} turns of {args.seconds / args.rounds:g} s per server")
                print(HEADER)
                reports = in_turns(servers, queries, args, fresh=mix == "fresh")
                for (name, _, _), report in zip(servers, reports, strict=True):
                    print(row(name, report), flush=True)
                    for error in report.errors[:3]:
                        print("  error:", error)
                    failed |= bool(report.errors)
                print(verdict(*reports))
                if mix == "fresh":
                    print_slow_alone(ours.url + "sparql", theirs.url)
            print("\nASK {}: one client, keep-alive, 500 requests")
            print(HEADER)
            for name, url, pid in servers:
                before = cpu_seconds(pid)
                report = run_sequence(url, ["ASK {}"], 500)
                after = cpu_seconds(pid)
                report.cpu_seconds = None if before is None or after is None else after - before
                print(row(name, report))
                failed |= bool(report.errors)
            print(f"  target: nrwkg p99 <= {TARGET_ASK_MS:g} ms")
    if mixes:
        times = check_times(queries)
        print(f"\ncheck of a new query text, CPU time ({len(times)} checks of the {len(queries)} texts, each "
              f"with a new comment): p50 {percentile(times, 50) * 1000:.2f} ms, "
              f"p99 {percentile(times, 99) * 1000:.2f} ms, max {max(times) * 1000:.2f} ms; "
              f"target <= {TARGET_CHECK_MS:g} ms")
    if args.scenario in ("all", "burst"):
        with server_process(args.build_dir, *serve_args) as ours:
            light, slow = run_burst(ours.url + "sparql", SLOW, ["ASK {}", LOOKUP], seconds=args.seconds)
        print("\nburst: 20 slow queries in flight from one client, a light client beside them")
        print(f"light client: {light.requests} requests, {len(light.errors)} errors, "
              f"p50 {light.percentile(50) * 1000:.1f} ms, p99 {light.percentile(99) * 1000:.1f} ms")
        print(f"slow client: {len(slow.latencies)} answered, {len(slow.errors)} refused or stopped")
        for error in light.errors[:3]:
            print("  error:", error)
        failed |= bool(light.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
