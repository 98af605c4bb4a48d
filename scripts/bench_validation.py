"""Validation, part by part, at one corpus size: what the build's validation costs in CPU and memory.

    python scripts/bench_validation.py [--root DATA_ROOT] [--rounds 1]

DATA_ROOT is a folder with ontology/, graph/ and queries/ (default: the bundled data;
scripts/gen_corpus.py makes synthetic corpora ×N). The corpus is compiled once; then each part runs
in a fork of the compiled state, as `nrwkg build` runs it, so that its CPU time and peak memory
are its own:

- `HermiT`: nrwkg.validate.reasoner.hermit_inconsistency on ontology + data (in the build a thread
  of the build's process; Java is a process of its own);
- `validation child`: nrwkg.validate.dataset._problems, what the build's forked validation process
  runs: SHACL, beside it the violation queries' process of its own (nrwkg.validate.apart).

Prints per part: wall seconds, CPU seconds of the fork and of its child processes (Java, the
violation queries' process), the fork's resident set at its start (the build's pages it shares)
and at its peak, its private memory at the end, and the peak of its largest child process (MB).
A large corpus needs NRWKG_MAX_INPUT_MB and NRWKG_MAX_CORPUS_MB raised.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _private_mb() -> float:
    fields = {}
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            name, _, rest = line.partition(":")
            if rest.split() and rest.split()[0].isdigit():
                fields[name] = int(rest.split()[0])
    return (fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)) / 1024


def _in_fork(work: Callable[[], Any]) -> dict:
    """Run `work()` in a forked process; its figures (and a short form of its result) come back."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the fork: measure, send, end without cleaning up what it inherited
        os.close(read)
        start_rss, t0, c0 = _rss_mb(), time.time(), os.times()
        result = work()
        c1 = os.times()
        figures = {
            "wall": time.time() - t0,
            "cpu": c1.user + c1.system - c0.user - c0.system,
            "children cpu": c1.children_user + c1.children_system - c0.children_user - c0.children_system,
            "rss at start": start_rss,
            "peak rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "private at end": _private_mb(),
            "largest child peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "result": str(result)[:100],
        }
        os.write(write, pickle.dumps(figures))
        os._exit(0)
    os.close(write)
    data = b""
    while chunk := os.read(read, 1 << 16):
        data += chunk
    os.close(read)
    os.waitpid(pid, 0)
    return pickle.loads(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, help="data root (default: the bundled data)")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()

    from nrwkg import paths
    from nrwkg.compile.dataset import compile_dataset
    from nrwkg.opened import OpenedBuild
    from nrwkg.validate import dataset
    from nrwkg.validate.reasoner import hermit_inconsistency

    root = args.root or paths.DATA_ROOT
    t0 = time.time()
    compiled = compile_dataset(root)
    gc.freeze()
    OpenedBuild.from_compiled(compiled).nquads_file()  # written before the validation, as in the build
    print(f"compiled {len(compiled.dataset)} quads in {time.time() - t0:.1f} s", flush=True)
    import owlready2  # noqa: F401 - imported before the forks, as in the build
    import pyshacl  # noqa: F401

    parts = {"HermiT": lambda: hermit_inconsistency(compiled.ontology, compiled.data_triples()),
             "validation child": lambda: dataset._problems(compiled, root)}
    for _ in range(args.rounds):
        for name, work in parts.items():
            f = _in_fork(work)
            print(f"{name:17s} wall {f['wall']:6.1f} s  CPU {f['cpu']:6.2f} s + children {f['children cpu']:6.2f} s"
                  f"  | fork RSS at start {f['rss at start']:5.0f} MB, peak {f['peak rss']:5.0f} MB, private at"
                  f" end {f['private at end']:5.0f} MB | largest child peak {f['largest child peak']:5.0f} MB"
                  f" | {f['result']}", flush=True)


if __name__ == "__main__":
    main()
