"""Load test of `nrwkg serve`: N concurrent clients on loopback for a bounded time.

Usage: python scripts/load_test.py [--build-dir build] [--clients 8] [--seconds 10] [--workers 4]
       python scripts/load_test.py --url http://127.0.0.1:8000/sparql   (a server already running)

Starts `nrwkg serve` on a free port (unless --url is given), sends the query library (every query
with its default parameters) plus a light look-up round-robin from each client with keep-alive
connections, and prints requests, errors, throughput and p50/p99 latency. Exits 1 on any error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from nrwkg.serve.examples import load_examples
from nrwkg.serve.loadtest import run_load, server_process

LOOKUP = ('PREFIX skos: <http://www.w3.org/2004/02/skos/core#> '
          'SELECT ?s ?label WHERE { ?s skos:prefLabel ?label FILTER(CONTAINS(LCASE(STR(?label)), "nrw")) } '
          'ORDER BY ?s ?label LIMIT 20')


def workload() -> list[str]:
    return [example["query"] for example in load_examples()] + ["ASK {}", LOOKUP]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build-dir", type=Path, default=Path("build"))
    p.add_argument("--url", help="an endpoint already running (default: start nrwkg serve)")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--workers", type=int, default=4, help="query workers of the started server")
    args = p.parse_args()
    queries = workload()
    print(f"{len(queries)} queries (the library and two light ones), {args.clients} clients, "
          f"{args.seconds:g} s, {os.cpu_count()} CPUs")
    if args.url:
        report = run_load(args.url, queries, args.clients, args.seconds)
    else:
        with server_process(args.build_dir, "--quiet", "--workers", str(args.workers)) as server:
            print(f"server: nrwkg serve --workers {args.workers} on {server.url}")
            report = run_load(server.url + "sparql", queries, args.clients, args.seconds)
    print(report.summary())
    for error in report.errors[:5]:
        print("  error:", error)
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
