"""Regenerate the expected results of the query library: tests/golden/NAME.tsv (.nt, .txt).

Usage: python scripts/update_golden.py [--build-dir DIR]

Without --build-dir the bundled corpus is built into a temporary folder first (as the test
fixture `built` does). Every library query runs with its default parameters on the embedded engine;
the result is written as SPARQL TSV (SELECT), sorted N-Triples (CONSTRUCT) or true/false (ASK).
Read the diff (git diff tests/golden) before committing: it shows how the answers changed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from nrwkg.query.engines import OxigraphEngine
from nrwkg.query.library import load_library
from nrwkg.query.results import to_golden

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden"


def write_goldens(build_dir: Path) -> list[str]:
    engine = OxigraphEngine.from_build(build_dir)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    report, written = [], set()
    for name, qdef in load_library().items():
        suffix, text = to_golden(engine.run(qdef.text, qdef.bind()))
        path = GOLDEN / f"{name}.{suffix}"
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            path.write_text(text, encoding="utf-8")
            report.append(f"{'new' if old is None else 'changed'}: {path.name}")
        written.add(path.name)
    for stale in sorted(p for p in GOLDEN.iterdir() if p.name not in written and p.name != "README.md"):
        stale.unlink()
        report.append(f"removed: {stale.name}")
    return report


def main(argv: list[str]) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument(
        "--build-dir", type=Path, help="an existing build (default: build the bundled corpus now)"
    )
    opts = args.parse_args(argv)
    if opts.build_dir:
        report = write_goldens(opts.build_dir)
    else:
        from nrwkg.build import build

        with tempfile.TemporaryDirectory(prefix="nrwkg-golden-") as tmp:
            build(Path(tmp) / "build", reasoner=False)
            report = write_goldens(Path(tmp) / "build")
    print("\n".join(report) if report else "all expected results are current")
    print(f"{len(list(GOLDEN.glob('*.*')))} files in {GOLDEN}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
