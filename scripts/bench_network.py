"""Time the network and its exports (GEXF, GraphML, the CSV tables) on a build's store, stage by stage.

Usage:
  python scripts/bench_network.py BUILD_DIR [--out DIR]
  python scripts/bench_network.py --prepare CORPUS_ROOT DIR

Not a test: speed is measured, not asserted. BUILD_DIR is a finished build folder (its store/ is
opened read-only). `--prepare` compiles a corpus (for instance one of scripts/gen_corpus.py) and
loads its store into DIR with an empty dataset.nq beside it, so that the network can be timed at
×100 without a full build (temporary N-Quads go to TMPDIR). Each stage prints its wall and CPU
seconds and the first 16 hex digits of the SHA-256 of what it wrote: run the script with the code
of two branches (PYTHONPATH) back to back to compare time and bytes. With --out, every file is
written there. The last line is the peak memory of the process.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import time
from pathlib import Path


def prepare(corpus: Path, folder: Path) -> None:
    os.environ.setdefault("NRWKG_MAX_INPUT_MB", "100000")
    os.environ.setdefault("NRWKG_MAX_CORPUS_MB", "100000")
    from nrwkg.compile.dataset import compile_dataset
    from nrwkg.opened import OpenedBuild
    from nrwkg.store import STORE_DIR, load_store

    opened = OpenedBuild.from_compiled(compile_dataset(corpus))
    folder.mkdir(parents=True)
    load_store(opened.nquads_file(), opened.union_file(), folder / STORE_DIR)
    (folder / "dataset.nq").write_bytes(b"")  # what makes the folder a build for the loaders


def bench(build_dir: Path, out: Path | None) -> None:
    from nrwkg.export import graphml, tables
    from nrwkg.export.source import load_source

    def stage(name: str, make) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        data = make()
        digest = hashlib.sha256(data).hexdigest()[:16] if data is not None else ""
        print(f"{name:22s} wall {time.perf_counter() - wall:7.2f} s  cpu {time.process_time() - cpu:7.2f} s  "
              f"{digest}", flush=True)
        if out is not None and data is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)

    src = load_source(build_dir)
    stage("build_network", lambda: src.network and None)
    net = src.network
    print(f"{net.number_of_nodes()} nodes, {net.number_of_edges()} edges")
    stage("nrwkg.gexf", lambda: graphml.to_gexf(net))
    stage("nrwkg.graphml", lambda: graphml.to_graphml(net))
    entities, relations = tables.entities_rows, tables.relations_rows
    stage("entities.csv", lambda: tables._csv(tables.ENTITY_COLUMNS, entities(net, src.store)).encode())
    stage("relations.csv", lambda: tables._csv(tables.RELATION_COLUMNS, relations(net, src.prefixes)).encode())
    for name in tables.query_names():
        stage(f"{name}.csv", lambda name=name: tables._query_table(src.store, name).encode())
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir", nargs="?", type=Path)
    parser.add_argument("--out", type=Path, help="write every file here")
    parser.add_argument("--prepare", nargs=2, type=Path, metavar=("CORPUS_ROOT", "DIR"),
                        help="compile CORPUS_ROOT and load its store into DIR, then stop")
    args = parser.parse_args(argv)
    if args.prepare:
        prepare(*args.prepare)
        return 0
    if args.build_dir is None:
        parser.error("give BUILD_DIR or --prepare")
    bench(args.build_dir, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
