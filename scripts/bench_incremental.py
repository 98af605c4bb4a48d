"""A full build beside an incremental one after a curator's edit of one document, in one run.

    python scripts/bench_incremental.py                  # the bundled corpus, 3 rounds
    python scripts/bench_incremental.py --factor 10 --repeat 1 --no-reasoner
    python scripts/bench_incremental.py --edit statement  # a statement left out instead of a label edited

Each round, in a fresh process each: a build from scratch (`build(..., incremental=False)`, what
`nrwkg build --full` does) of a copy of the corpus; then one statements file is edited (a label
in its Turtle changes, its quotes stay and are checked again; with `--edit statement` its last
statement is left out) and the build folder is rebuilt
from its cache (`nrwkg build`); then the same build again with nothing changed. The edit is
undone at the start of the next round, so every incremental build sees a change. Prints wall
and CPU seconds (the build process and its children: validation, the views' process, HermiT's
Java) of each, their medians side by side, and checks that the incremental build holds the same
bytes as a build from scratch of the edited corpus.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from nrwkg.build import build
started = time.perf_counter()
build(Path(sys.argv[2]), Path(sys.argv[3]), reasoner=sys.argv[4] == "1", incremental=sys.argv[5] == "1")
wall = time.perf_counter() - started
own = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime}))
"""
_LABEL = re.compile(r'(rdfs:label ")([^"\\]+)(")')


def run_build(root: Path, out: Path, reasoner: bool, incremental: bool) -> dict:
    env = {**os.environ, "NRWKG_MAX_INPUT_MB": "100000", "NRWKG_MAX_CORPUS_MB": "100000"}
    result = subprocess.run([sys.executable, "-c", _CHILD, str(REPO), str(out), str(root), "1" if reasoner else "0",
                             "1" if incremental else "0"], capture_output=True, text=True, check=False, env=env)
    if result.returncode:
        raise SystemExit(f"build of {root} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


EDITS = ("label", "statement")


def edit_one_document(root: Path, undo: bool, kind: str = "label") -> Path:
    """Change (or change back) the first statements file: `label`, its first label in the Turtle;
    `statement`, its last statement left out (its quote, its triples and their evidence). The
    file as it was is kept beside the corpus for the undo."""
    path = sorted((root / "graph" / "statements").glob("*.yaml"))[0]
    original = root.with_name(f"{root.name}.{path.name}.orig")
    if undo:
        path.write_bytes(original.read_bytes())
        return path
    before = path.read_text(encoding="utf-8")
    original.write_text(before, encoding="utf-8")
    if kind == "label":
        text = _LABEL.sub(lambda m: f"{m[1]}{m[2]} (bearbeitet){m[3]}", before, count=1)
    else:
        text = before[:before.rindex("\n  - id: ") + 1]
    if text == before:
        raise SystemExit(f"{path}: nothing to edit")
    path.write_text(text, encoding="utf-8")
    return path


def same_files(a: Path, b: Path) -> bool:
    """Every file but the store's (an embedded database, whose files differ in every build)."""
    def files(folder: Path) -> list[str]:
        return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                      if p.is_file() and "store" not in p.relative_to(folder).parts)
    names = files(a)
    if names != files(b):
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    return not mismatch and not errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--factor", type=int, default=1,
                    help="1: a copy of the bundled corpus; N > 1: scripts/gen_corpus.py's ×N corpus")
    ap.add_argument("--repeat", type=int, default=3, help="rounds; medians are shown")
    ap.add_argument("--no-reasoner", action="store_true", help="skip HermiT")
    ap.add_argument("--edit", choices=EDITS, default="label",
                    help="label: the first label of the first statements file changes (default); "
                         "statement: its last statement is left out")
    ap.add_argument("--work", type=Path, help="folder for the corpus and builds (default: a temporary one)")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="nrwkg-bench-incremental-"))
    root = work / f"corpus-x{args.factor}"
    shutil.rmtree(root, ignore_errors=True)
    if args.factor == 1:
        for name in ("ontology", "queries", "graph"):
            shutil.copytree(REPO / name, root / name)
    else:
        from gen_corpus import generate

        generate(args.factor, root)
    reasoner = not args.no_reasoner
    out, check = work / "build", work / "build-check"
    rows: dict[str, list[dict]] = {"full": [], "incremental, one document edited": [], "incremental, no edit": []}
    print(f"{'round':>5} {'build':<34} {'wall s':>8} {'cpu s':>8}", flush=True)
    for n in range(1, args.repeat + 1):
        if n > 1:
            edit_one_document(root, undo=True, kind=args.edit)
        for kind, incremental in (("full", False), ("incremental, one document edited", True),
                                  ("incremental, no edit", True)):
            if kind == "incremental, one document edited":
                edited = edit_one_document(root, undo=False, kind=args.edit)
            row = run_build(root, out, reasoner, incremental)
            rows[kind].append(row)
            print(f"{n:>5} {kind:<34} {row['wall']:>8.2f} {row['cpu']:>8.2f}", flush=True)
    full_wall = statistics.median(r["wall"] for r in rows["full"])
    full_cpu = statistics.median(r["cpu"] for r in rows["full"])
    print(f"\nmedians of {args.repeat} (×{args.factor}, edited: {edited.name}, {args.edit} edit, "
          f"HermiT {'on' if reasoner else 'off'}):")
    for kind, runs in rows.items():
        wall, cpu = statistics.median(r["wall"] for r in runs), statistics.median(r["cpu"] for r in runs)
        print(f"  {kind:<34} wall {wall:6.2f} s ({wall / full_wall:4.2f}× full)   "
              f"cpu {cpu:6.2f} s ({cpu / full_cpu:4.2f}× full)")
    shutil.rmtree(check, ignore_errors=True)
    run_build(root, check, reasoner, incremental=False)
    identical = same_files(out, check)
    print(f"incremental build == build from scratch of the edited corpus: {'yes' if identical else 'NO'}")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
